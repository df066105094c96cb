#include "api/handlers.hpp"

#include <gtest/gtest.h>

#include "api/api_harness_for_testing.hpp"

namespace lenzflow::api {
namespace {

using namespace std::chrono_literals;

class HandlersTest : public ::testing::Test {
protected:
    ApiResponse Call(RouteId route, std::string id = "", std::string body = "",
                     std::vector<std::pair<std::string, std::string>> query = {}) {
        return api_.Call(route, std::move(id), std::move(body), std::move(query));
    }

    std::string CreateTwoStepWorkflow() {
        const auto r = Call(RouteId::kCreateWorkflow, "", R"({
            "name": "Two steps",
            "trigger_node": {"type": "manual"},
            "nodes": [
                {"id": "a", "type": "transform", "config": {"output": {"n": "{{trigger.body.n}}"}}},
                {"id": "b", "type": "transform", "config": {"output": "n is {{prev.body.n}}"}}
            ]})");
        EXPECT_EQ(r.status, 201) << r.body.dump();
        return r.body["data"]["id"];
    }

    int64_t TotalWorkflows() {
        return Call(RouteId::kListWorkflows).body["total_data"].get<int64_t>();
    }

    common::ManualClock clock_{common::FromUnixMillis(1746000000000)};
    ApiHarnessForTesting api_{clock_, {}};
};

TEST_F(HandlersTest, CreatesAndReadsBackAWorkflow) {
    const std::string id = CreateTwoStepWorkflow();
    const auto r = Call(RouteId::kGetWorkflow, id);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body["message"], "success");
    EXPECT_EQ(r.body["data"]["name"], "Two steps");
    EXPECT_EQ(r.body["data"]["created_at"], "2025-04-30T08:00:00.000Z");
    EXPECT_TRUE(r.body["data"]["updated_at"].is_null());
}

TEST_F(HandlersTest, UpdateSetsUpdatedAtAndKeepsCreatedAt) {
    const std::string id = CreateTwoStepWorkflow();
    clock_.Advance(60s);
    const auto r = Call(RouteId::kUpdateWorkflow, id, R"({
        "name": "Renamed", "is_active": false, "trigger_node": {"type": "manual"}, "nodes": []})");
    ASSERT_EQ(r.status, 200) << r.body.dump();
    EXPECT_EQ(r.body["message"], "workflow updated successfully");
    EXPECT_EQ(r.body["data"]["updated_at"], "2025-04-30T08:01:00.000Z");
    EXPECT_EQ(r.body["data"]["created_at"], "2025-04-30T08:00:00.000Z");
    EXPECT_EQ(Call(RouteId::kGetWorkflow, id).body["data"]["name"], "Renamed");
}

TEST_F(HandlersTest, RejectedWritesChangeNothing) {
    const std::string id = CreateTwoStepWorkflow();
    const auto bad_create = Call(RouteId::kCreateWorkflow, "", R"({"name": "x"})");
    EXPECT_EQ(bad_create.status, 400);
    EXPECT_EQ(bad_create.body["ok"], false);
    const auto bad_update = Call(RouteId::kUpdateWorkflow, id, R"({
        "name": "Broken", "trigger_node": {"type": "manual"},
        "nodes": [{"id": "a", "type": "transform", "config": {"output": "{{prev"}}]})");
    EXPECT_EQ(bad_update.status, 400);
    EXPECT_EQ(bad_update.body["errors"][0]["field"], "nodes[0].config.output");
    EXPECT_EQ(TotalWorkflows(), 1);
    EXPECT_EQ(Call(RouteId::kGetWorkflow, id).body["data"]["name"], "Two steps");
}

TEST_F(HandlersTest, ExecutesAndRecordsTheRun) {
    const std::string id = CreateTwoStepWorkflow();
    const auto r = Call(RouteId::kExecuteWorkflow, id, R"({"n": 21})");
    ASSERT_EQ(r.status, 200) << r.body.dump();
    EXPECT_EQ(r.body["message"], "workflow executed successfully");
    const auto& run = r.body["data"];
    EXPECT_EQ(run["status"], "success");
    EXPECT_EQ(run["trigger_type"], "manual");
    EXPECT_EQ(run["triggered_by"], "user-alfin");
    EXPECT_EQ(run["node_results"][1]["output"], "n is 21");

    const auto logs = Call(RouteId::kListLogs, id);
    EXPECT_EQ(logs.status, 200);
    EXPECT_EQ(logs.body["total_data"], 1);
    EXPECT_EQ(logs.body["data"][0]["id"], run["id"]);
}

TEST_F(HandlersTest, UnknownIdsAreNotFoundEverywhere) {
    const std::string missing = "0192f0c2-6d1e-7a3b-8c4d-5e6f7a8b9c0d";
    for (auto route : {RouteId::kGetWorkflow, RouteId::kDeleteWorkflow, RouteId::kExecuteWorkflow,
                       RouteId::kListLogs}) {
        EXPECT_EQ(Call(route, missing).status, 404);
        EXPECT_EQ(Call(route, "wf-uuid-001").status, 404);
    }
}

TEST_F(HandlersTest, DeleteRemovesTheWorkflow) {
    const std::string id = CreateTwoStepWorkflow();
    const auto r = Call(RouteId::kDeleteWorkflow, id);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, (Json{{"ok", true}, {"message", "workflow deleted successfully"}}));
    EXPECT_EQ(Call(RouteId::kGetWorkflow, id).status, 404);
}

TEST_F(HandlersTest, RefusesCallsWithoutAValidToken) {
    api_.set_authorization("Bearer not-a-token");
    const auto r = Call(RouteId::kListWorkflows);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body["ok"], false);
}

TEST_F(HandlersTest, ListsWithSearchAndPaging) {
    for (const char* name : {"Laporan FR", "laporan LPR", "Counting"}) {
        const auto r = Call(
            RouteId::kCreateWorkflow, "",
            Json{{"name", name}, {"trigger_node", {{"type", "manual"}}}, {"nodes", Json::array()}}
                .dump());
        ASSERT_EQ(r.status, 201);
    }
    const auto r = Call(RouteId::kListWorkflows, "", "", {{"search", "LAPORAN"}, {"limit", "1"}});
    EXPECT_EQ(r.body["total_data"], 2);
    EXPECT_EQ(r.body["total_page"], 2);
    EXPECT_EQ(r.body["data"].size(), 1u);
    EXPECT_EQ(Call(RouteId::kListWorkflows, "", "", {{"page", "0"}}).status, 400);
}

}  // namespace
}  // namespace lenzflow::api
