#include "engine/workflow_validator.hpp"

#include <gtest/gtest.h>

namespace lenzflow::engine {
namespace {

using common::Json;

std::vector<std::string> Fields(const common::Status& s) {
    std::vector<std::string> out;
    for (const auto& f : s.error().fields) out.push_back(f.field);
    return out;
}

class WorkflowValidatorTest : public ::testing::Test {
protected:
    model::Workflow Valid() {
        model::Workflow wf;
        wf.name = "wf";
        wf.trigger = {"schedule", Json{{"cron", "0 0 7 * * *"}}};
        wf.nodes = {{"a", "transform", "A", Json{{"output", {{"x", "{{trigger.body.x}}"}}}}},
                    {"b", "http_request", "B",
                     Json{{"url", "http://127.0.0.1:1/{{prev.body.x}}"}, {"method", "POST"}}}};
        return wf;
    }

    const nodes::Registry registry_ = nodes::MakeBuiltinRegistry({});
};

TEST_F(WorkflowValidatorTest, AcceptsAValidWorkflow) {
    const auto s = ValidateWorkflow(Valid(), registry_);
    EXPECT_TRUE(s.ok()) << s.error().message;
}

TEST_F(WorkflowValidatorTest, RejectsUnknownNodeTypeListingKnownOnes) {
    auto wf = Valid();
    wf.nodes[1].type = "event_history_export";
    const auto s = ValidateWorkflow(wf, registry_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s), std::vector<std::string>{"nodes[1].type"});
    EXPECT_EQ(s.error().message,
              "nodes[1].type: unknown node type 'event_history_export' (known: http_request, "
              "transform)");
}

TEST_F(WorkflowValidatorTest, PrefixesNodeConfigErrors) {
    auto wf = Valid();
    wf.nodes[0].config = Json::object();
    wf.nodes[1].config.erase("url");
    const auto s = ValidateWorkflow(wf, registry_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s),
              (std::vector<std::string>{"nodes[0].config.output", "nodes[1].config.url"}));
}

TEST_F(WorkflowValidatorTest, RejectsBrokenTemplatesAtSaveTime) {
    auto wf = Valid();
    wf.nodes[0].config["output"]["x"] = "{{prev.body.x";
    wf.nodes[0].config["output"]["y"] = "{{}}";
    const auto s = ValidateWorkflow(wf, registry_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s),
              (std::vector<std::string>{"nodes[0].config.output.x", "nodes[0].config.output.y"}));
}

TEST_F(WorkflowValidatorTest, RejectsInvalidCronAndUnknownTrigger) {
    auto wf = Valid();
    wf.trigger.config["cron"] = "0 0 25 * * *";
    auto s = ValidateWorkflow(wf, registry_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s), std::vector<std::string>{"trigger_node.config.cron"});

    wf.trigger = {"webhook", Json::object()};
    s = ValidateWorkflow(wf, registry_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s), std::vector<std::string>{"trigger_node.type"});
}

}  // namespace
}  // namespace lenzflow::engine
