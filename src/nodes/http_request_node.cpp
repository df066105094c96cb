#include "nodes/http_request_node.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "integrations/http_client.hpp"

namespace lenzflow::nodes {

namespace {

using common::ErrorCode;
using common::FieldError;

constexpr std::array<std::string_view, 7> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                                      "DELETE", "HEAD", "OPTIONS"};
constexpr int64_t kDefaultTimeoutMs = 30000;
constexpr int64_t kMaxTimeoutMs = 300000;

// How much of a failing response's body the error message quotes: enough to show the peer's
// complaint, little enough to keep run histories small.
constexpr size_t kExcerptBytes = 200;

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Which checks apply: a saved config may hold templates, a rendered one holds final values.
enum class Stage { kSaved, kRendered };

struct Config {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<Json> body;  // nullopt: send no body
    std::chrono::milliseconds timeout{kDefaultTimeoutMs};
    bool fail_on_http_error = true;
};

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return AsciiLower(x) == AsciiLower(y);
           });
}

bool HasHeader(const std::vector<std::pair<std::string, std::string>>& headers,
               std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
}

// A string still holding `{{` at save time is a template: its final value is checked after
// rendering (ValidateConfig runs again then, and Run checks strictly).
bool IsDeferred(const Json& value, Stage stage) {
    return stage == Stage::kSaved && value.is_string() &&
           value.get_ref<const std::string&>().find("{{") != std::string::npos;
}

void ParseMethod(const Json& value, Stage stage, Config& config, std::vector<FieldError>& errors) {
    if (IsDeferred(value, stage)) return;
    if (!value.is_string()) {
        errors.push_back({"method", "must be a string"});
        return;
    }
    std::string method = value.get<std::string>();
    std::transform(method.begin(), method.end(), method.begin(), AsciiUpper);
    if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
        errors.push_back({"method", "must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"});
        return;
    }
    config.method = std::move(method);
}

// Messages never repeat the URL: it may carry credentials.
void ParseUrl(const Json& value, Stage stage, Config& config, std::vector<FieldError>& errors) {
    if (value.is_null()) {
        errors.push_back({"url", "is required"});
        return;
    }
    if (!value.is_string()) {
        errors.push_back({"url", "must be a string"});
        return;
    }
    if (!IsDeferred(value, stage)) {
        if (auto valid = integrations::CheckHttpUrl(value.get_ref<const std::string&>()); !valid) {
            errors.push_back({"url", valid.error().message});
            return;
        }
    }
    config.url = value.get<std::string>();
}

void ParseHeaders(const Json& value, Stage stage, Config& config, std::vector<FieldError>& errors) {
    if (IsDeferred(value, stage)) return;
    if (!value.is_object()) {
        errors.push_back({"headers", "must be an object of strings"});
        return;
    }
    for (const auto& [name, header_value] : value.items()) {
        const std::string field = "headers." + name;
        if (!integrations::IsHttpToken(name)) {
            errors.push_back({field, "is not a valid header name"});
            continue;
        }

        // The client frames the body itself; a second opinion would corrupt the message.
        if (EqualsIgnoreCase(name, "Content-Length") ||
            EqualsIgnoreCase(name, "Transfer-Encoding")) {
            errors.push_back({field, "is set by the client and cannot be configured"});
            continue;
        }
        if (!header_value.is_string()) {
            errors.push_back({field, "must be a string"});
            continue;
        }
        const auto& text = header_value.get_ref<const std::string&>();
        if (!integrations::IsValidHeaderValue(text)) {
            errors.push_back({field, "must not contain control characters such as CR or LF"});
            continue;
        }
        config.headers.emplace_back(name, text);
    }
}

void ParseTimeout(const Json& value, Stage stage, Config& config, std::vector<FieldError>& errors) {
    if (IsDeferred(value, stage)) return;

    // An unsigned value above INT64_MAX reads as negative and fails the range check too.
    if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
        value.get<int64_t>() > kMaxTimeoutMs) {
        errors.push_back(
            {"timeout_ms", fmt::format("must be an integer from 1 to {}", kMaxTimeoutMs)});
        return;
    }
    config.timeout = std::chrono::milliseconds(value.get<int64_t>());
}

void ParseFailOnHttpError(const Json& value, Stage stage, Config& config,
                          std::vector<FieldError>& errors) {
    if (IsDeferred(value, stage)) return;
    if (!value.is_boolean()) {
        errors.push_back({"fail_on_http_error", "must be a boolean"});
        return;
    }
    config.fail_on_http_error = value.get<bool>();
}

// Reads `json`, appending one FieldError per problem; the result is meaningful only when no
// error was added.
Config ParseConfig(const Json& json, Stage stage, std::vector<FieldError>& errors) {
    Config config;
    if (!json.is_object() && !json.is_null()) {
        errors.push_back({"", "must be an object"});
        return config;
    }
    const Json fields = json.is_null() ? Json::object() : json;

    for (const auto& [key, value] : fields.items()) {
        if (key == "method") {
            ParseMethod(value, stage, config, errors);
        } else if (key == "url") {
            ParseUrl(value, stage, config, errors);
        } else if (key == "headers") {
            ParseHeaders(value, stage, config, errors);
        } else if (key == "body") {
            if (!value.is_null()) config.body = value;
        } else if (key == "timeout_ms") {
            ParseTimeout(value, stage, config, errors);
        } else if (key == "fail_on_http_error") {
            ParseFailOnHttpError(value, stage, config, errors);
        } else {
            errors.push_back({key, "unknown field"});
        }
    }

    if (!fields.contains("url")) errors.push_back({"url", "is required"});
    if (config.method == "HEAD" && config.body) {
        errors.push_back({"body", "must be absent for HEAD requests"});
    }
    return config;
}

// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD, one
// replacement per maximal ill-formed subpart (as Unicode recommends). JSON strings must be
// UTF-8, and nlohmann's dump throws on anything else.
std::string ToValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            out.push_back(text[i]);
            ++i;
            continue;
        }

        // Sequence length and the range of the second byte, which excludes overlong forms,
        // surrogates and code points above U+10FFFF (Unicode table 3-7).
        size_t length = 0;
        unsigned char second_low = 0x80;
        unsigned char second_high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) second_low = 0xA0;
            if (lead == 0xED) second_high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) second_low = 0x90;
            if (lead == 0xF4) second_high = 0x8F;
        }

        size_t valid = 1;  // bytes of the well-formed prefix, lead included
        while (length > 0 && valid < length && i + valid < text.size()) {
            const auto byte = static_cast<unsigned char>(text[i + valid]);
            const unsigned char low = valid == 1 ? second_low : 0x80;
            const unsigned char high = valid == 1 ? second_high : 0xBF;
            if (byte < low || byte > high) break;
            ++valid;
        }
        if (length > 0 && valid == length) {
            out.append(text.substr(i, length));
        } else {
            out.append(kReplacementCharacter);
        }
        i += valid;
    }
    return out;
}

// The start of a failing response's body for an error message: one line, runs of whitespace
// and control characters collapsed to one space, at most kExcerptBytes of whole characters.
std::string Excerpt(std::string_view body) {
    // Three spare bytes let a character straddling the limit decode whole instead of as U+FFFD.
    const std::string_view head = body.substr(0, kExcerptBytes + 3);
    std::string text;
    for (const char c : ToValidUtf8(head)) {
        const auto byte = static_cast<unsigned char>(c);
        const bool space = byte < 0x20 || byte == 0x7f || c == ' ';
        if (space && (text.empty() || text.back() == ' ')) continue;
        text.push_back(space ? ' ' : c);
    }
    const bool cut = body.size() > head.size() || text.size() > kExcerptBytes;
    if (text.size() > kExcerptBytes) {
        // Back up to a character boundary: UTF-8 continuation bytes are 10xxxxxx.
        size_t end = kExcerptBytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        text.resize(end);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (cut) text += "...";
    return text;
}

bool IsJsonMediaType(std::string_view content_type) {
    std::string media(content_type.substr(0, content_type.find(';')));
    std::transform(media.begin(), media.end(), media.begin(), AsciiLower);
    const auto first = media.find_first_not_of(" \t");
    const auto last = media.find_last_not_of(" \t");
    media = first == std::string::npos ? "" : media.substr(first, last - first + 1);
    return media == "application/json" || (media.size() > 5 && media.ends_with("+json"));
}

Json MakeOutput(const integrations::HttpResponse& response) {
    Json headers = Json::object();
    std::string content_type;
    for (const auto& [name, value] : response.headers) {
        const std::string key = ToValidUtf8(name);
        const std::string text = ToValidUtf8(value);
        if (key == "content-type" && content_type.empty()) content_type = text;
        if (auto it = headers.find(key); it != headers.end()) {
            it->get_ref<std::string&>().append(", ").append(text);
        } else {
            headers[key] = text;
        }
    }

    Json body;
    bool is_json = false;
    if (IsJsonMediaType(content_type)) {
        if (auto parsed = common::ParseJson(response.body); parsed.ok()) {
            body = std::move(parsed).value();
            is_json = true;
        }
    }

    // A body that claims JSON but does not parse is still worth showing, as text.
    if (!is_json) body = ToValidUtf8(response.body);

    return Json{{"status_code", response.status},
                {"headers", std::move(headers)},
                {"body", std::move(body)}};
}

}  // namespace

HttpRequestNode::HttpRequestNode(size_t max_response_bytes)
    : max_response_bytes_(max_response_bytes) {}

std::vector<FieldError> HttpRequestNode::ValidateConfig(const Json& config) const {
    std::vector<FieldError> errors;
    ParseConfig(config, Stage::kSaved, errors);
    return errors;
}

common::Result<Json> HttpRequestNode::Run(const Json& config, const NodeContext& context) const {
    std::vector<FieldError> errors;
    Config parsed = ParseConfig(config, Stage::kRendered, errors);
    if (!errors.empty()) {
        std::string message =
            fmt::format("config.{}: {}", errors.front().field, errors.front().message);
        return common::Error{ErrorCode::kInvalidArgument, std::move(message), std::move(errors)};
    }

    integrations::HttpRequest request;
    request.method = parsed.method;
    request.url = parsed.url;
    request.headers = std::move(parsed.headers);
    request.timeout = parsed.timeout;
    request.max_response_bytes = max_response_bytes_;
    if (parsed.body && parsed.body->is_string()) {
        request.body = parsed.body->get<std::string>();
    } else if (parsed.body) {
        // Replace, not throw: a rendered value could in principle carry bytes that are not UTF-8.
        request.body = parsed.body->dump(-1, ' ', false, Json::error_handler_t::replace);
        if (!HasHeader(request.headers, "Content-Type")) {
            request.headers.emplace_back("Content-Type", "application/json");
        }
    }

    auto response = integrations::Send(request, context.stop);
    if (!response.ok()) return std::move(response).error();

    // The message names the peer and quotes its answer, never our request headers: those are
    // where credentials travel.
    const long status = response->status;
    if (parsed.fail_on_http_error && (status < 200 || status > 299)) {
        const std::string excerpt = Excerpt(response->body);
        return common::MakeError(
            ErrorCode::kUnavailable,
            fmt::format("HTTP {} from {}{}{}", status, integrations::RedactUrl(parsed.url),
                        excerpt.empty() ? "" : ": ", excerpt));
    }
    return MakeOutput(*response);
}

}  // namespace lenzflow::nodes
