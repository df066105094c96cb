#include "api/request_parsing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "api/error_status.hpp"

namespace lenzflow::api {

namespace {

common::Result<int64_t> ParsePositive(const ApiRequest& request, std::string_view name,
                                      int64_t fallback, int64_t max) {
    const std::string text = QueryValue(request, name);
    if (text.empty()) return fallback;
    int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value < 1 || value > max) {
        return common::Error{
            common::ErrorCode::kInvalidArgument,
            fmt::format("{} must be an integer from 1 to {}", name, max),
            {{std::string(name), fmt::format("must be an integer from 1 to {}", max)}}};
    }
    return value;
}

bool IsJsonMediaType(std::string_view content_type) {
    const auto semi = content_type.find(';');
    std::string_view media = content_type.substr(0, semi);
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
    std::string lower(media);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == "application/json";
}

}  // namespace

std::string QueryValue(const ApiRequest& request, std::string_view name) {
    for (const auto& [key, value] : request.query) {
        if (key == name) return value;
    }
    return {};
}

common::Result<storage::PageRequest> ParsePageQuery(const ApiRequest& request) {
    // Pages beyond any data are allowed (they are empty); the bound only keeps OFFSET sane.
    auto page = ParsePositive(request, "page", 1, 1'000'000'000);
    if (!page.ok()) return std::move(page).error();
    auto limit = ParsePositive(request, "limit", 10, kMaxPageLimit);
    if (!limit.ok()) return std::move(limit).error();
    return storage::PageRequest{*page, *limit};
}

common::Result<Json> ParseJsonBody(const ApiRequest& request, size_t max_bytes) {
    if (request.body.size() > max_bytes) {
        return common::MakeError(common::ErrorCode::kPayloadTooLarge,
                                 fmt::format("request body larger than {} bytes", max_bytes));
    }
    if (!IsJsonMediaType(request.content_type)) {
        return common::MakeError(common::ErrorCode::kUnsupportedMediaType,
                                 "Content-Type must be application/json");
    }
    auto parsed = common::ParseJson(request.body);
    if (!parsed.ok()) {
        return common::MakeError(common::ErrorCode::kInvalidArgument,
                                 "request body: " + parsed.error().message);
    }
    return parsed;
}

namespace {

int64_t TotalPages(const storage::PageRequest& page, int64_t total) {
    return (total + page.limit - 1) / page.limit;
}

}  // namespace

ApiResponse ListResponse(Json items, const storage::PageRequest& page, int64_t total) {
    ApiResponse response = SuccessResponse("success", std::move(items));
    response.body["limit"] = page.limit;
    response.body["current_page"] = page.page;
    response.body["total_data"] = total;
    response.body["total_page"] = TotalPages(page, total);
    return response;
}

ApiResponse ListResponse(const std::vector<std::string>& items, const storage::PageRequest& page,
                         int64_t total) {
    size_t bytes = 128;
    for (const auto& item : items) bytes += item.size() + 1;
    ApiResponse response;
    response.raw_body.reserve(bytes);
    response.raw_body += R"({"ok":true,"message":"success","data":[)";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) response.raw_body += ',';
        response.raw_body += items[i];
    }
    response.raw_body += fmt::format(R"(],"limit":{},"current_page":{},"total_data":{},)"
                                     R"("total_page":{}}})",
                                     page.limit, page.page, total, TotalPages(page, total));
    return response;
}

}  // namespace lenzflow::api
