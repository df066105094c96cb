#include "api/request_parsing.hpp"

#include <gtest/gtest.h>

namespace lenzflow::api {
namespace {

ApiRequest WithQuery(std::vector<std::pair<std::string, std::string>> query) {
    ApiRequest r;
    r.query = std::move(query);
    return r;
}

ApiRequest WithBody(std::string content_type, std::string body) {
    ApiRequest r;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

TEST(RequestParsingTest, PageDefaultsToFirstPageOfTen) {
    const auto page = ParsePageQuery(ApiRequest{});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->page, 1);
    EXPECT_EQ(page->limit, 10);
}

TEST(RequestParsingTest, ReadsPageAndLimit) {
    const auto page = ParsePageQuery(WithQuery({{"page", "3"}, {"limit", "100"}}));
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->page, 3);
    EXPECT_EQ(page->limit, 100);
}

TEST(RequestParsingTest, RejectsBadPageOrLimitNamingIt) {
    for (const char* bad : {"0", "-1", "abc", "1.5", "", "99999999999999999999", " 2"}) {
        if (std::string(bad).empty()) continue;  // empty means default
        const auto page = ParsePageQuery(WithQuery({{"page", bad}}));
        ASSERT_FALSE(page.ok()) << bad;
        EXPECT_EQ(page.error().fields.at(0).field, "page");
    }
    const auto limit = ParsePageQuery(WithQuery({{"limit", "101"}}));
    ASSERT_FALSE(limit.ok());
    EXPECT_EQ(limit.error().message, "limit must be an integer from 1 to 100");
}

TEST(RequestParsingTest, AcceptsJsonWithCharset) {
    const auto body = ParseJsonBody(WithBody("Application/JSON; charset=utf-8", "{\"a\":1}"), 100);
    ASSERT_TRUE(body.ok());
    EXPECT_EQ((*body)["a"], 1);
}

TEST(RequestParsingTest, RejectsOtherMediaTypes) {
    for (const char* type : {"", "text/plain", "application/jsonx", "application/x-www-form"}) {
        const auto body = ParseJsonBody(WithBody(type, "{}"), 100);
        ASSERT_FALSE(body.ok()) << type;
        EXPECT_EQ(body.error().code, common::ErrorCode::kUnsupportedMediaType);
    }
}

TEST(RequestParsingTest, RejectsBodyOverLimitBeforeParsing) {
    const auto body = ParseJsonBody(WithBody("application/json", std::string(101, ' ')), 100);
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().code, common::ErrorCode::kPayloadTooLarge);
}

TEST(RequestParsingTest, RejectsMalformedJson) {
    const auto body = ParseJsonBody(WithBody("application/json", "{\"a\":"), 100);
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().code, common::ErrorCode::kInvalidArgument);
    EXPECT_EQ(body.error().message.rfind("request body: malformed JSON", 0), 0u);
}

TEST(RequestParsingTest, ListResponseCarriesPaging) {
    const auto r = ListResponse(Json::array({1, 2}), {2, 10}, 21);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body["ok"], true);
    EXPECT_EQ(r.body["message"], "success");
    EXPECT_EQ(r.body["limit"], 10);
    EXPECT_EQ(r.body["current_page"], 2);
    EXPECT_EQ(r.body["total_data"], 21);
    EXPECT_EQ(r.body["total_page"], 3);
    EXPECT_EQ(ListResponse(Json::array(), {1, 10}, 0).body["total_page"], 0);
}

TEST(RequestParsingTest, RawListResponseEqualsTheDomOne) {
    const std::vector<std::string> items = {R"({"id":"a","n":1})", R"({"id":"b","n":[2]})"};
    const auto raw = ListResponse(items, {3, 2}, 7);
    Json parsed_items = Json::array();
    for (const auto& item : items) parsed_items.push_back(Json::parse(item));
    EXPECT_EQ(Json::parse(raw.raw_body), ListResponse(parsed_items, {3, 2}, 7).body);
    EXPECT_EQ(Json::parse(ListResponse(std::vector<std::string>{}, {1, 10}, 0).raw_body)["data"],
              Json::array());
}

}  // namespace
}  // namespace lenzflow::api
