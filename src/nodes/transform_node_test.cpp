#include "nodes/transform_node.hpp"

#include <gtest/gtest.h>

namespace lenzflow::nodes {
namespace {

TEST(TransformNodeTest, RequiresOutput) {
    const auto errors = TransformNode{}.ValidateConfig(Json::object());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "output");
}

TEST(TransformNodeTest, RejectsUnknownField) {
    const auto errors = TransformNode{}.ValidateConfig(Json{{"output", 1}, {"outptu", 2}});
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "outptu");
    EXPECT_EQ(errors[0].message, "unknown field");
}

TEST(TransformNodeTest, OutputsTheRenderedValue) {
    common::ManualClock clock(common::FromUnixMillis(0));
    const NodeContext context{"wf", "ex", "n1", clock, {}};
    const Json output = {{"greeting", "hello bench"}, {"n", 21}};
    const auto result = TransformNode{}.Run(Json{{"output", output}}, context);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(*result, output);
}

}  // namespace
}  // namespace lenzflow::nodes
