#include "model/workflow_json.hpp"

#include <gtest/gtest.h>

namespace lenzflow::model {
namespace {

// The body of the documented example, with node types that exist today.
Json ExampleBody() {
    return Json::parse(R"({
        "name": "Laporan Harian Face Recognition",
        "description": "Ekspor riwayat FR setiap pagi lalu kirim via Telegram",
        "is_active": true,
        "trigger_node": {"type": "schedule", "config": {"cron": "0 0 7 * * *"}},
        "nodes": [
            {"id": "node-a", "type": "transform", "name": "A", "config": {"output": 1}},
            {"id": "node_b", "type": "transform", "config": {"output": "{{prev.body}}"}}
        ]
    })");
}

std::vector<std::string> Fields(const common::Error& error) {
    std::vector<std::string> out;
    for (const auto& f : error.fields) out.push_back(f.field);
    return out;
}

TEST(WorkflowJsonTest, ReadsEveryField) {
    const auto wf = WorkflowFromJson(ExampleBody());
    ASSERT_TRUE(wf.ok()) << wf.error().message;
    EXPECT_EQ(wf->name, "Laporan Harian Face Recognition");
    EXPECT_EQ(wf->description, "Ekspor riwayat FR setiap pagi lalu kirim via Telegram");
    EXPECT_TRUE(wf->is_active);
    EXPECT_EQ(wf->trigger.type, "schedule");
    EXPECT_EQ(wf->trigger.config["cron"], "0 0 7 * * *");
    ASSERT_EQ(wf->nodes.size(), 2u);
    EXPECT_EQ(wf->nodes[0].name, "A");
    EXPECT_EQ(wf->nodes[1].name, "node_b");  // defaults to the id
    EXPECT_EQ(wf->nodes[1].config["output"], "{{prev.body}}");
}

TEST(WorkflowJsonTest, AppliesDefaults) {
    Json body = ExampleBody();
    body.erase("description");
    body.erase("is_active");
    body["trigger_node"].erase("config");
    const auto wf = WorkflowFromJson(body);
    ASSERT_TRUE(wf.ok());
    EXPECT_EQ(wf->description, "");
    EXPECT_TRUE(wf->is_active);
    EXPECT_EQ(wf->trigger.config, Json::object());
}

TEST(WorkflowJsonTest, IgnoresReadOnlyFieldsEchoedBack) {
    Json body = ExampleBody();
    body["id"] = "x";
    body["created_at"] = "2025-01-15T00:00:00Z";
    body["updated_at"] = nullptr;
    EXPECT_TRUE(WorkflowFromJson(body).ok());
}

TEST(WorkflowJsonTest, ReportsEveryProblemWithItsField) {
    Json body = ExampleBody();
    body["name"] = 5;
    body["is_active"] = "yes";
    body["colour"] = "red";
    body["nodes"][0]["id"] = "bad id";
    body["nodes"][1]["id"] = "";
    body["nodes"][1]["config"] = "x";
    const auto wf = WorkflowFromJson(body);
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(wf.error().code, common::ErrorCode::kInvalidArgument);
    const auto fields = Fields(wf.error());
    for (const char* f :
         {"name", "is_active", "colour", "nodes[0].id", "nodes[1].id", "nodes[1].config"}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
    }
    EXPECT_NE(wf.error().message.find("(and 5 more)"), std::string::npos) << wf.error().message;
}

TEST(WorkflowJsonTest, RejectsDuplicateNodeIds) {
    Json body = ExampleBody();
    body["nodes"][1]["id"] = "node-a";
    const auto wf = WorkflowFromJson(body);
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(Fields(wf.error()), std::vector<std::string>{"nodes[1].id"});
    EXPECT_NE(wf.error().message.find("duplicate node id 'node-a'"), std::string::npos);
}

TEST(WorkflowJsonTest, RequiresNameTriggerAndNodes) {
    const auto wf = WorkflowFromJson(Json::object());
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(Fields(wf.error()), (std::vector<std::string>{"name", "trigger_node", "nodes"}));
}

TEST(WorkflowJsonTest, RejectsEmptyNameAndOverlongDescription) {
    Json body = ExampleBody();
    body["name"] = "";
    body["description"] = std::string(kMaxDescriptionLength + 1, 'x');
    const auto wf = WorkflowFromJson(body);
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(Fields(wf.error()), (std::vector<std::string>{"name", "description"}));
}

// Regression: an overlong name was also reported as empty.
TEST(WorkflowJsonTest, ReportsOverlongNameOnce) {
    Json body = ExampleBody();
    body["name"] = std::string(kMaxNameLength + 1, 'n');
    const auto wf = WorkflowFromJson(body);
    ASSERT_FALSE(wf.ok());
    ASSERT_EQ(wf.error().fields.size(), 1u);
    EXPECT_EQ(wf.error().fields[0].message, "must be at most 200 bytes");
}

TEST(WorkflowJsonTest, RejectsNonObjectBody) {
    const auto wf = WorkflowFromJson(Json::array());
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(wf.error().message, "request body must be a JSON object, got array");
}

TEST(WorkflowJsonTest, RejectsTooManyNodes) {
    Json body = ExampleBody();
    body["nodes"] = Json::array();
    for (size_t i = 0; i <= kMaxNodes; ++i) {
        body["nodes"].push_back({{"id", "n" + std::to_string(i)}, {"type", "transform"}});
    }
    const auto wf = WorkflowFromJson(body);
    ASSERT_FALSE(wf.ok());
    EXPECT_EQ(Fields(wf.error()), std::vector<std::string>{"nodes"});
}

TEST(WorkflowJsonTest, WritesTheContractShape) {
    Workflow wf = *WorkflowFromJson(ExampleBody());
    wf.id = "0192f0c2-6d1e-7a3b-8c4d-5e6f7a8b9c0d";
    wf.created_at = common::FromUnixMillis(1736899200000);
    const Json out = WorkflowToJson(wf);
    EXPECT_EQ(out["id"], wf.id);
    EXPECT_EQ(out["created_at"], "2025-01-15T00:00:00.000Z");
    EXPECT_TRUE(out["updated_at"].is_null());
    EXPECT_EQ(out["trigger_node"]["config"]["cron"], "0 0 7 * * *");
    EXPECT_EQ(out["nodes"][0]["id"], "node-a");
    EXPECT_EQ(out["nodes"][0]["config"]["output"], 1);

    // What it writes, it reads back unchanged.
    const auto again = WorkflowFromJson(out);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(WorkflowToJson([&] {
                  Workflow copy = *again;
                  copy.id = wf.id;
                  copy.created_at = wf.created_at;
                  return copy;
              }()),
              out);
}

TEST(WorkflowJsonTest, WritesExecutionsWithNullsWhereUnset) {
    Execution e;
    e.id = "e";
    e.workflow_id = "w";
    e.trigger_type = "manual";
    e.triggered_by = "user-alfin";
    e.status = RunStatus::kFailed;
    e.started_at = common::FromUnixMillis(0);
    e.error = "node n failed: boom";
    e.node_results.push_back(NodeResult{"n", "transform", "N", NodeStatus::kSkipped, std::nullopt,
                                        std::nullopt, nullptr, std::nullopt});
    const Json out = ExecutionToJson(e);
    EXPECT_EQ(out["status"], "failed");
    EXPECT_TRUE(out["finished_at"].is_null());
    EXPECT_EQ(out["error"], "node n failed: boom");
    EXPECT_EQ(out["triggered_by"], "user-alfin");
    EXPECT_EQ(out["node_results"][0]["status"], "skipped");
    EXPECT_TRUE(out["node_results"][0]["started_at"].is_null());
    EXPECT_TRUE(out["node_results"][0]["error"].is_null());
}

TEST(WorkflowJsonTest, StatusNamesRoundTrip) {
    for (auto s :
         {RunStatus::kQueued, RunStatus::kRunning, RunStatus::kSuccess, RunStatus::kFailed}) {
        EXPECT_EQ(RunStatusFromString(ToString(s)), s);
    }
    for (auto s : {NodeStatus::kSuccess, NodeStatus::kFailed, NodeStatus::kSkipped}) {
        EXPECT_EQ(NodeStatusFromString(ToString(s)), s);
    }
    EXPECT_FALSE(RunStatusFromString("done").has_value());
}

}  // namespace
}  // namespace lenzflow::model
