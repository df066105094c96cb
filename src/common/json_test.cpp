#include "common/json.hpp"

#include <gtest/gtest.h>

namespace lenzflow::common {
namespace {

TEST(JsonTest, ParsesValidDocument) {
    const auto parsed = ParseJson(R"({"a": [1, "x", null], "b": {"c": true}})");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ((*parsed)["a"][1], "x");
    EXPECT_EQ((*parsed)["b"]["c"], true);
}

TEST(JsonTest, RejectsMalformedTextWithPosition) {
    const auto parsed = ParseJson(R"({"a": })");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find("malformed JSON at byte"), std::string::npos);
}

TEST(JsonTest, AcceptsNestingUpToTheLimit) {
    const std::string ok = std::string(10, '[') + std::string(10, ']');
    EXPECT_TRUE(ParseJson(ok, 10).ok());
}

TEST(JsonTest, RejectsNestingBeyondTheLimit) {
    const std::string deep = std::string(11, '[') + std::string(11, ']');
    const auto parsed = ParseJson(deep, 10);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("nested deeper than 10"), std::string::npos);
}

TEST(JsonTest, SurvivesVeryDeepInputWithoutCrashing) {
    const std::string deep(200000, '[');
    const auto parsed = ParseJson(deep);
    EXPECT_FALSE(parsed.ok());
}

TEST(JsonTest, RejectsNumbersBeyondDoubleRange) {
    // Regression: nlohmann throws its own out_of_range here, which once escaped as a 500.
    for (const char* text : {"1e400", "{\"x\": -1e999}"}) {
        const auto parsed = ParseJson(text);
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(parsed.error().message.find("number out of range"), std::string::npos);
    }
}

TEST(JsonTest, NamesTypes) {
    EXPECT_STREQ(JsonTypeName(Json(1)), "number");
    EXPECT_STREQ(JsonTypeName(Json(1.5)), "number");
    EXPECT_STREQ(JsonTypeName(Json("s")), "string");
    EXPECT_STREQ(JsonTypeName(Json::object()), "object");
    EXPECT_STREQ(JsonTypeName(Json::array()), "array");
    EXPECT_STREQ(JsonTypeName(Json(nullptr)), "null");
    EXPECT_STREQ(JsonTypeName(Json(false)), "boolean");
}

}  // namespace
}  // namespace lenzflow::common
