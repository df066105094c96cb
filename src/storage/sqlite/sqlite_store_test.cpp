#include "storage/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "model/workflow_json.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"

namespace lenzflow::storage::sqlite {
namespace {

using common::ErrorCode;
using common::FromUnixMillis;
using common::Json;
using model::NodeStatus;
using model::RunStatus;

// A fresh directory per test, removed with everything in it afterwards.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "lenzflow-sqlite-XXXXXX");
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

model::Workflow MakeWorkflow(const std::string& id, const std::string& name, int64_t created_ms) {
    model::Workflow workflow;
    workflow.id = id;
    workflow.name = name;
    workflow.description = "about " + name;
    workflow.trigger.type = model::kTriggerManual;
    workflow.nodes = {model::Node{"fetch", "http_request", "Fetch", Json{{"url", "http://x"}}}};
    workflow.created_at = FromUnixMillis(created_ms);
    return workflow;
}

model::Execution MakeExecution(const std::string& id, const std::string& workflow_id,
                               int64_t started_ms) {
    model::Execution execution;
    execution.id = id;
    execution.workflow_id = workflow_id;
    execution.trigger_type = model::kTriggerManual;
    execution.triggered_by = "alice";
    execution.trigger_payload = Json{{"body", {{"n", 1}}}};
    execution.status = RunStatus::kRunning;
    execution.started_at = FromUnixMillis(started_ms);
    return execution;
}

model::NodeResult MakeResult(const std::string& node_id, NodeStatus status, int64_t at_ms) {
    model::NodeResult result;
    result.node_id = node_id;
    result.node_type = "http_request";
    result.node_name = "Node " + node_id;
    result.status = status;
    if (status != NodeStatus::kSkipped) {
        result.started_at = FromUnixMillis(at_ms);
        result.finished_at = FromUnixMillis(at_ms + 5);
    }
    if (status == NodeStatus::kSuccess) result.output = Json{{"status", 200}, {"id", node_id}};
    if (status == NodeStatus::kFailed) result.error = "boom in " + node_id;
    return result;
}

std::vector<std::string> Ids(const auto& items) {
    std::vector<std::string> ids;
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
}

class SqliteStoreTest : public ::testing::Test {
protected:
    std::string DbPath() const { return (dir_.path() / "lenzflow.db").string(); }

    std::unique_ptr<Store> Open(int read_connections = 4) {
        auto store = OpenSqliteStore({DbPath(), read_connections});
        if (!store.ok()) {
            ADD_FAILURE() << "open failed: " << store.error().message;
            return nullptr;
        }
        return std::move(store).value();
    }

    // Asks the file behind the store's back, to see what cascades and batches really left.
    std::string Query(const std::string& sql) {
        auto connection = Connection::Open(DbPath(), OpenMode::kReadOnly);
        if (!connection.ok()) throw std::runtime_error(connection.error().message);
        auto text = (*connection)->QueryText(sql);
        if (!text.ok()) throw std::runtime_error(text.error().message);
        return text->value_or("NULL");
    }
    int64_t CountRows(const std::string& sql) { return std::stoll(Query(sql)); }

    TempDir dir_;
};

TEST_F(SqliteStoreTest, RoundTripsWorkflowWithEveryField) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    model::Workflow workflow = MakeWorkflow("wf-1", "Tägliche Übersicht ✓ 日報", 1714460405123);
    workflow.description = "line one\nline \"two\"";
    workflow.is_active = false;
    workflow.trigger = {model::kTriggerSchedule,
                        Json{{"cron", "0 7 * * 1-5"}, {"timezone", "Europe/Berlin"}}};
    workflow.nodes = {
        model::Node{"fetch", "http_request", "Fetch",
                    Json{{"url", "https://example.com"}, {"headers", {{"A", "b"}}}, {"n", 1.5}}},
        model::Node{"notify", "telegram", "Notify ✉",
                    Json{{"list", {1, "two", nullptr, true}}, {"empty", Json::object()}}},
    };

    ASSERT_TRUE(store->CreateWorkflow(workflow).ok());
    auto stored = store->GetWorkflow("wf-1");

    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->id, "wf-1");
    EXPECT_EQ(stored->name, workflow.name);
    EXPECT_EQ(stored->description, workflow.description);
    EXPECT_FALSE(stored->is_active);
    EXPECT_EQ(stored->trigger.type, model::kTriggerSchedule);
    EXPECT_EQ(stored->trigger.config, workflow.trigger.config);
    ASSERT_EQ(stored->nodes.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(stored->nodes[i].id, workflow.nodes[i].id);
        EXPECT_EQ(stored->nodes[i].type, workflow.nodes[i].type);
        EXPECT_EQ(stored->nodes[i].name, workflow.nodes[i].name);
        EXPECT_EQ(stored->nodes[i].config, workflow.nodes[i].config);
    }
    EXPECT_EQ(stored->created_at, FromUnixMillis(1714460405123));
    EXPECT_FALSE(stored->updated_at.has_value());
}

TEST_F(SqliteStoreTest, RoundTripsEmptyStringsAndNoNodes) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    model::Workflow workflow = MakeWorkflow("wf-empty", "", 0);
    workflow.description = "";
    workflow.nodes.clear();

    ASSERT_TRUE(store->CreateWorkflow(workflow).ok());
    auto stored = store->GetWorkflow("wf-empty");

    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->name, "");
    EXPECT_EQ(stored->description, "");
    EXPECT_TRUE(stored->nodes.empty());
    EXPECT_EQ(stored->trigger.config, Json::object());
}

TEST_F(SqliteStoreTest, UpdateReplacesEverythingButIdAndCreatedAt) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf-1", "Old", 1000)).ok());
    model::Workflow changed = MakeWorkflow("wf-1", "New name", 99999);
    changed.description = "new description";
    changed.is_active = false;
    changed.nodes = {model::Node{"a", "log", "A", Json{{"k", "v"}}}};
    changed.updated_at = FromUnixMillis(5000);

    ASSERT_TRUE(store->UpdateWorkflow(changed).ok());
    auto stored = store->GetWorkflow("wf-1");

    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->name, "New name");
    EXPECT_EQ(stored->description, "new description");
    EXPECT_FALSE(stored->is_active);
    ASSERT_EQ(stored->nodes.size(), 1u);
    EXPECT_EQ(stored->nodes[0].config, (Json{{"k", "v"}}));
    EXPECT_EQ(stored->created_at, FromUnixMillis(1000));
    EXPECT_EQ(stored->updated_at, FromUnixMillis(5000));
}

TEST_F(SqliteStoreTest, MissingWorkflowIsNotFoundEverywhere) {
    auto store = Open();
    ASSERT_NE(store, nullptr);

    auto got = store->GetWorkflow("nope");
    Status updated = store->UpdateWorkflow(MakeWorkflow("nope", "x", 1));
    Status deleted = store->DeleteWorkflow("nope");

    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(got.error().message, "workflow nope not found");
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, DuplicateWorkflowIdIsConflictAndKeepsTheFirst) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf-1", "First", 1)).ok());

    Status again = store->CreateWorkflow(MakeWorkflow("wf-1", "Second", 2));

    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(store->GetWorkflow("wf-1")->name, "First");
}

TEST_F(SqliteStoreTest, ListsNewestFirstWithTotalAndPages) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    // 25 workflows; pairs share created_at so the id breaks the tie.
    std::vector<std::string> expected;
    for (int i = 0; i < 25; ++i) {
        const std::string id = "wf-" + std::string(1, static_cast<char>('a' + i));
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow(id, "W " + id, 1000 + i / 2)).ok());
        expected.insert(expected.begin(), id);
    }

    auto first = store->ListWorkflows({"", {1, 10}});
    auto third = store->ListWorkflows({"", {3, 10}});
    auto beyond = store->ListWorkflows({"", {4, 10}});

    ASSERT_TRUE(first.ok() && third.ok() && beyond.ok());
    EXPECT_EQ(first->total, 25);
    EXPECT_EQ(Ids(first->items), std::vector<std::string>(expected.begin(), expected.begin() + 10));
    EXPECT_EQ(third->total, 25);
    EXPECT_EQ(Ids(third->items), std::vector<std::string>(expected.begin() + 20, expected.end()));
    EXPECT_EQ(beyond->total, 25);
    EXPECT_TRUE(beyond->items.empty());
}

TEST_F(SqliteStoreTest, ListOnEmptyStoreIsEmpty) {
    auto store = Open();
    ASSERT_NE(store, nullptr);

    auto page = store->ListWorkflows({"", {1, 10}});

    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 0);
    EXPECT_TRUE(page->items.empty());
}

TEST_F(SqliteStoreTest, SearchIsPartialAndCaseInsensitive) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("1", "Daily Report", 1)).ok());
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("2", "weekly REPORT", 2)).ok());
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("3", "Backup", 3)).ok());

    auto lower = store->ListWorkflows({"report", {1, 10}});
    auto inner = store->ListWorkflows({"ePoR", {1, 10}});
    auto none = store->ListWorkflows({"xyz", {1, 10}});

    ASSERT_TRUE(lower.ok() && inner.ok() && none.ok());
    EXPECT_EQ(lower->total, 2);
    EXPECT_EQ(Ids(lower->items), (std::vector<std::string>{"2", "1"}));
    EXPECT_EQ(Ids(inner->items), (std::vector<std::string>{"2", "1"}));
    EXPECT_EQ(none->total, 0);
    EXPECT_TRUE(none->items.empty());
}

TEST_F(SqliteStoreTest, SearchTreatsWildcardsAsLiterals) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    const std::vector<std::string> names = {"100% done", "1000 done",   "a_b",
                                            "axb",       "back\\slash", "backslash"};
    for (size_t i = 0; i < names.size(); ++i) {
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow(names[i], names[i], 1)).ok());
    }

    const auto matches = [&](const std::string& search) {
        auto page = store->ListWorkflows({search, {1, 10}});
        EXPECT_TRUE(page.ok());
        return page.ok() ? Ids(page->items) : std::vector<std::string>{};
    };

    EXPECT_EQ(matches("%"), std::vector<std::string>{"100% done"});
    EXPECT_EQ(matches("0%"), std::vector<std::string>{"100% done"});
    EXPECT_EQ(matches("_"), std::vector<std::string>{"a_b"});
    EXPECT_EQ(matches("A_B"), std::vector<std::string>{"a_b"});
    EXPECT_EQ(matches("\\"), std::vector<std::string>{"back\\slash"});
    EXPECT_EQ(matches("ck\\s"), std::vector<std::string>{"back\\slash"});
}

// Only ASCII letters fold (portable between SQLite and PostgreSQL); others match as written.
TEST_F(SqliteStoreTest, SearchFoldsLettersOfEveryScript) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("1", "Übersicht Grüße", 1)).ok());

    auto upper = store->ListWorkflows({"GRÜßE", {1, 10}});
    auto lower = store->ListWorkflows({"übersicht", {1, 10}});
    auto other = store->ListWorkflows({"überblick", {1, 10}});

    ASSERT_TRUE(upper.ok() && lower.ok() && other.ok());
    EXPECT_EQ(upper->total, 1);
    EXPECT_EQ(lower->total, 1);
    EXPECT_EQ(other->total, 0);
}

TEST_F(SqliteStoreTest, SearchTotalCountsAllMatchingPages) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 7; ++i) {
        const std::string id = std::to_string(i);
        const std::string name = (i % 2 == 0 ? "Match " : "Other ") + id;
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow(id, name, i)).ok());
    }

    auto second = store->ListWorkflows({"match", {2, 3}});

    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->total, 4);
    EXPECT_EQ(Ids(second->items), std::vector<std::string>{"0"});
}

TEST_F(SqliteStoreTest, DocumentsMatchTheWorkflowsAfterUpdates) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 5; ++i) {
        const std::string id = std::to_string(i);
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow(id, "Report " + id, i)).ok());
    }
    model::Workflow changed = MakeWorkflow("3", "Renamed report", 3);
    changed.updated_at = common::FromUnixMillis(99);
    changed.nodes.push_back({"extra", "transform", "Extra", Json{{"output", 1}}});
    ASSERT_TRUE(store->UpdateWorkflow(changed).ok());

    auto workflows = store->ListWorkflows({"REPORT", {1, 4}});
    auto documents = store->ListWorkflowDocuments({"REPORT", {1, 4}});
    ASSERT_TRUE(workflows.ok() && documents.ok());
    EXPECT_EQ(documents->total, workflows->total);
    ASSERT_EQ(documents->items.size(), 4u);
    for (size_t i = 0; i < documents->items.size(); ++i) {
        EXPECT_EQ(Json::parse(documents->items[i]), model::WorkflowToJson(workflows->items[i]));
    }
    EXPECT_EQ(Json::parse(documents->items[0])["id"], "4");
    EXPECT_EQ(Json::parse(documents->items[1])["name"], "Renamed report");
    EXPECT_EQ(Json::parse(documents->items[1])["nodes"].size(), changed.nodes.size());
}

TEST_F(SqliteStoreTest, ExecutionLifecycleStoresResultsInNodeOrder) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 2000)).ok());

    // Results arrive out of order; the failure carries an error and no output.
    ASSERT_TRUE(store->SaveNodeResult("ex", {1, MakeResult("b", NodeStatus::kFailed, 2010)}).ok());
    ASSERT_TRUE(store->SaveNodeResult("ex", {0, MakeResult("a", NodeStatus::kSuccess, 2001)}).ok());
    ASSERT_TRUE(store
                    ->FinishExecution("ex", RunStatus::kFailed, FromUnixMillis(2020),
                                      std::string("node b failed"),
                                      {{2, MakeResult("c", NodeStatus::kSkipped, 0)}})
                    .ok());
    auto stored = store->GetExecution("ex");

    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->workflow_id, "wf");
    EXPECT_EQ(stored->trigger_type, model::kTriggerManual);
    EXPECT_EQ(stored->triggered_by, "alice");
    EXPECT_EQ(stored->trigger_payload, (Json{{"body", {{"n", 1}}}}));
    EXPECT_EQ(stored->status, RunStatus::kFailed);
    EXPECT_EQ(stored->started_at, FromUnixMillis(2000));
    EXPECT_EQ(stored->finished_at, FromUnixMillis(2020));
    EXPECT_EQ(stored->error, "node b failed");
    ASSERT_EQ(stored->node_results.size(), 3u);
    const model::NodeResult& a = stored->node_results[0];
    const model::NodeResult& b = stored->node_results[1];
    const model::NodeResult& c = stored->node_results[2];
    EXPECT_EQ(a.node_id, "a");
    EXPECT_EQ(a.node_type, "http_request");
    EXPECT_EQ(a.node_name, "Node a");
    EXPECT_EQ(a.status, NodeStatus::kSuccess);
    EXPECT_EQ(a.started_at, FromUnixMillis(2001));
    EXPECT_EQ(a.finished_at, FromUnixMillis(2006));
    EXPECT_EQ(a.output, (Json{{"status", 200}, {"id", "a"}}));
    EXPECT_FALSE(a.error.has_value());
    EXPECT_EQ(b.node_id, "b");
    EXPECT_EQ(b.status, NodeStatus::kFailed);
    EXPECT_TRUE(b.output.is_null());
    EXPECT_EQ(b.error, "boom in b");
    EXPECT_EQ(c.node_id, "c");
    EXPECT_EQ(c.status, NodeStatus::kSkipped);
    EXPECT_FALSE(c.started_at.has_value());
    EXPECT_FALSE(c.finished_at.has_value());
}

TEST_F(SqliteStoreTest, NewExecutionHasNoFinishTimeOrError) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    model::Execution execution = MakeExecution("ex", "wf", 5);
    execution.status = RunStatus::kQueued;
    execution.trigger_payload = nullptr;

    ASSERT_TRUE(store->CreateExecution(execution).ok());
    auto stored = store->GetExecution("ex");

    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->status, RunStatus::kQueued);
    EXPECT_TRUE(stored->trigger_payload.is_null());
    EXPECT_FALSE(stored->finished_at.has_value());
    EXPECT_FALSE(stored->error.has_value());
    EXPECT_TRUE(stored->node_results.empty());
}

TEST_F(SqliteStoreTest, CreateExecutionStoresTheResultsItCarries) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    model::Execution execution = MakeExecution("ex", "wf", 5);
    execution.node_results = {MakeResult("a", NodeStatus::kSuccess, 6),
                              MakeResult("b", NodeStatus::kSkipped, 0)};

    ASSERT_TRUE(store->CreateExecution(execution).ok());
    auto stored = store->GetExecution("ex");

    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->node_results.size(), 2u);
    EXPECT_EQ(stored->node_results[0].node_id, "a");
    EXPECT_EQ(stored->node_results[1].node_id, "b");
}

TEST_F(SqliteStoreTest, SaveNodeResultReplacesTheSamePosition) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());
    ASSERT_TRUE(store->SaveNodeResult("ex", {0, MakeResult("a", NodeStatus::kFailed, 6)}).ok());

    ASSERT_TRUE(store->SaveNodeResult("ex", {0, MakeResult("a", NodeStatus::kSuccess, 9)}).ok());
    auto stored = store->GetExecution("ex");

    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->node_results.size(), 1u);
    EXPECT_EQ(stored->node_results[0].status, NodeStatus::kSuccess);
    EXPECT_FALSE(stored->node_results[0].error.has_value());
    EXPECT_EQ(stored->node_results[0].started_at, FromUnixMillis(9));
}

TEST_F(SqliteStoreTest, StoresOutputThatIsNotValidUtf8) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());
    model::NodeResult result = MakeResult("a", NodeStatus::kSuccess, 6);
    result.output = Json{{"body", std::string("ok\xff\xfe")}};

    ASSERT_TRUE(store->SaveNodeResult("ex", {0, result}).ok());
    auto stored = store->GetExecution("ex");

    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->node_results.at(0).output["body"], "ok\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(SqliteStoreTest, ExecutionErrorsHaveTheirCodes) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());

    Status orphan = store->CreateExecution(MakeExecution("ex-2", "gone", 5));
    Status duplicate = store->CreateExecution(MakeExecution("ex", "wf", 6));
    Status save = store->SaveNodeResult("ghost", {0, MakeResult("a", NodeStatus::kSuccess, 1)});
    Status finish =
        store->FinishExecution("ghost", RunStatus::kSuccess, FromUnixMillis(1), std::nullopt, {});
    auto got = store->GetExecution("ghost");

    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(orphan.error().message, "workflow gone not found");
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
    ASSERT_FALSE(save.ok());
    EXPECT_EQ(save.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(save.error().message, "execution ghost not found");
    ASSERT_FALSE(finish.ok());
    EXPECT_EQ(finish.error().code, ErrorCode::kNotFound);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(got.error().message, "execution ghost not found");
}

TEST_F(SqliteStoreTest, FinishOfMissingExecutionStoresNoRemainingResults) {
    auto store = Open();
    ASSERT_NE(store, nullptr);

    Status finish =
        store->FinishExecution("ghost", RunStatus::kSuccess, FromUnixMillis(1), std::nullopt,
                               {{0, MakeResult("a", NodeStatus::kSkipped, 0)}});

    ASSERT_FALSE(finish.ok());
    EXPECT_EQ(finish.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM node_results"), 0);
}

TEST_F(SqliteStoreTest, ListsExecutionsNewestFirstWithTheirNodeResults) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("other", "O", 2)).ok());
    // ex-i has i node results; ex-3 and ex-4 share a start time, so the id decides.
    const std::map<std::string, int64_t> started = {
        {"ex-0", 100}, {"ex-1", 300}, {"ex-2", 200}, {"ex-3", 400}, {"ex-4", 400}};
    for (const auto& [id, at] : started) {
        ASSERT_TRUE(store->CreateExecution(MakeExecution(id, "wf", at)).ok());
        const int count = id.back() - '0';
        for (int position = count - 1; position >= 0; --position) {
            const std::string node = id + "/n" + std::to_string(position);
            ASSERT_TRUE(
                store->SaveNodeResult(id, {position, MakeResult(node, NodeStatus::kSuccess, at)})
                    .ok());
        }
    }
    ASSERT_TRUE(store->CreateExecution(MakeExecution("elsewhere", "other", 999)).ok());

    auto first = store->ListExecutions("wf", {1, 2});
    auto second = store->ListExecutions("wf", {2, 2});
    auto third = store->ListExecutions("wf", {3, 2});

    ASSERT_TRUE(first.ok() && second.ok() && third.ok());
    EXPECT_EQ(first->total, 5);
    EXPECT_EQ(Ids(first->items), (std::vector<std::string>{"ex-4", "ex-3"}));
    EXPECT_EQ(Ids(second->items), (std::vector<std::string>{"ex-1", "ex-2"}));
    EXPECT_EQ(Ids(third->items), (std::vector<std::string>{"ex-0"}));
    for (const auto* page : {&first.value(), &second.value(), &third.value()}) {
        for (const model::Execution& execution : page->items) {
            const int count = execution.id.back() - '0';
            ASSERT_EQ(execution.node_results.size(), static_cast<size_t>(count)) << execution.id;
            for (int i = 0; i < count; ++i) {
                EXPECT_EQ(execution.node_results[i].node_id,
                          execution.id + "/n" + std::to_string(i));
            }
        }
    }
}

TEST_F(SqliteStoreTest, ListExecutionsOfUnknownWorkflowIsEmpty) {
    auto store = Open();
    ASSERT_NE(store, nullptr);

    auto page = store->ListExecutions("nope", {1, 10});

    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 0);
    EXPECT_TRUE(page->items.empty());
}

TEST_F(SqliteStoreTest, DeletingWorkflowDeletesItsHistory) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("kept", "K", 1)).ok());
    for (const char* id : {"ex-1", "ex-2"}) {
        ASSERT_TRUE(store->CreateExecution(MakeExecution(id, "wf", 5)).ok());
        ASSERT_TRUE(store->SaveNodeResult(id, {0, MakeResult("a", NodeStatus::kSuccess, 6)}).ok());
    }
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex-kept", "kept", 5)).ok());
    ASSERT_TRUE(
        store->SaveNodeResult("ex-kept", {0, MakeResult("a", NodeStatus::kSuccess, 6)}).ok());

    ASSERT_TRUE(store->DeleteWorkflow("wf").ok());

    EXPECT_EQ(store->GetWorkflow("wf").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store->GetExecution("ex-1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store->ListExecutions("wf", {1, 10})->total, 0);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM executions"), 1);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM node_results"), 1);
    EXPECT_EQ(store->GetExecution("ex-kept")->node_results.size(), 1u);
}

TEST_F(SqliteStoreTest, ResultForExecutionOfDeletedWorkflowIsNotFound) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());
    ASSERT_TRUE(store->DeleteWorkflow("wf").ok());

    Status save = store->SaveNodeResult("ex", {0, MakeResult("a", NodeStatus::kSuccess, 6)});

    ASSERT_FALSE(save.ok());
    EXPECT_EQ(save.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ReopeningKeepsTheData) {
    {
        auto store = Open();
        ASSERT_NE(store, nullptr);
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "Persisted", 1)).ok());
        ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());
    }

    auto store = Open();

    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->GetWorkflow("wf")->name, "Persisted");
    EXPECT_EQ(store->GetExecution("ex")->status, RunStatus::kRunning);
}

TEST_F(SqliteStoreTest, RecordsEachMigrationOnce) {
    Open().reset();
    Open().reset();

    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM schema_migrations"), kSchemaVersion);
    EXPECT_EQ(CountRows("SELECT MAX(version) FROM schema_migrations"), kSchemaVersion);
    EXPECT_EQ(Query("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, RefusesDatabaseFromNewerVersion) {
    Open().reset();
    {
        auto connection = Connection::Open(DbPath(), OpenMode::kReadWrite);
        ASSERT_TRUE(connection.ok());
        ASSERT_TRUE((*connection)
                        ->Execute("INSERT INTO schema_migrations (version, applied_at) "
                                  "VALUES (" +
                                  std::to_string(kSchemaVersion + 1) + ", 0)")
                        .ok());
    }

    auto store = OpenSqliteStore({DbPath(), 2});

    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(store.error().message.find(DbPath()), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, OpenFailsWhenTheFolderIsMissing) {
    const std::string path = (dir_.path() / "missing" / "lenzflow.db").string();

    auto store = OpenSqliteStore({path, 2});

    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, OpenFailsForAFileThatIsNoDatabase) {
    std::ofstream(DbPath()) << std::string(8192, 'x');

    auto store = OpenSqliteStore({DbPath(), 2});

    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(store.error().message.find("not a database"), std::string::npos)
        << store.error().message;
}

// Every connection would get its own empty database; the readers would never see a write.
TEST_F(SqliteStoreTest, RefusesInMemoryDatabase) {
    auto store = OpenSqliteStore({":memory:", 2});

    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(store.error().message.find("WAL"), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, RejectsZeroReadConnections) {
    auto store = OpenSqliteStore({DbPath(), 0});

    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, EveryMethodIsUnavailableAfterClose) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());
    ASSERT_TRUE(store->CreateExecution(MakeExecution("ex", "wf", 5)).ok());

    store->Close();
    store->Close();  // idempotent

    const auto unavailable = [](const auto& outcome) {
        return !outcome.ok() && outcome.error().code == ErrorCode::kUnavailable;
    };
    EXPECT_TRUE(unavailable(store->ListWorkflows({"", {1, 10}})));
    EXPECT_TRUE(unavailable(store->GetWorkflow("wf")));
    EXPECT_TRUE(unavailable(store->CreateWorkflow(MakeWorkflow("wf-2", "W", 1))));
    EXPECT_TRUE(unavailable(store->UpdateWorkflow(MakeWorkflow("wf", "W", 1))));
    EXPECT_TRUE(unavailable(store->DeleteWorkflow("wf")));
    EXPECT_TRUE(unavailable(store->CreateExecution(MakeExecution("ex-2", "wf", 5))));
    EXPECT_TRUE(
        unavailable(store->SaveNodeResult("ex", {0, MakeResult("a", NodeStatus::kSuccess, 6)})));
    EXPECT_TRUE(unavailable(
        store->FinishExecution("ex", RunStatus::kSuccess, FromUnixMillis(9), std::nullopt, {})));
    EXPECT_TRUE(unavailable(store->ListExecutions("wf", {1, 10})));
    EXPECT_TRUE(unavailable(store->GetExecution("ex")));
}

// 16 threads run 200 full lifecycles each while two threads keep listing; every write must be
// there exactly once afterwards.
TEST_F(SqliteStoreTest, ConcurrentLifecyclesAreAllStored) {
    constexpr int kThreads = 16;
    constexpr int kRunsPerThread = 200;
    constexpr int kWorkflows = 4;
    auto store = Open(2);
    ASSERT_NE(store, nullptr);
    for (int w = 0; w < kWorkflows; ++w) {
        ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf-" + std::to_string(w), "W", w)).ok());
    }

    std::atomic<int> failures = 0;
    std::atomic<bool> writing = true;
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r) {
        readers.emplace_back([&] {
            while (writing.load()) {
                auto page = store->ListWorkflows({"w", {1, 10}});
                if (!page.ok() || page->total != kWorkflows) ++failures;
            }
        });
    }
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < kRunsPerThread; ++i) {
                const std::string id = "ex-" + std::to_string(t) + "-" + std::to_string(i);
                const std::string workflow = "wf-" + std::to_string((t + i) % kWorkflows);
                const int64_t at = 1000 + i;
                const bool ok =
                    store->CreateExecution(MakeExecution(id, workflow, at)).ok() &&
                    store->SaveNodeResult(id, {0, MakeResult("a", NodeStatus::kSuccess, at)})
                        .ok() &&
                    store->SaveNodeResult(id, {1, MakeResult("b", NodeStatus::kSuccess, at)})
                        .ok() &&
                    store
                        ->FinishExecution(id, RunStatus::kSuccess, FromUnixMillis(at + 10),
                                          std::nullopt,
                                          {{2, MakeResult("c", NodeStatus::kSkipped, 0)}})
                        .ok();
                if (!ok) ++failures;
            }
        });
    }
    for (std::thread& writer : writers) writer.join();
    writing = false;
    for (std::thread& reader : readers) reader.join();

    EXPECT_EQ(failures.load(), 0);
    constexpr int64_t kRuns = kThreads * kRunsPerThread;
    int64_t listed = 0;
    for (int w = 0; w < kWorkflows; ++w) {
        auto page = store->ListExecutions("wf-" + std::to_string(w), {1, kRuns});
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->total, kRuns / kWorkflows);
        ASSERT_EQ(static_cast<int64_t>(page->items.size()), page->total);
        for (const model::Execution& execution : page->items) {
            EXPECT_EQ(execution.status, RunStatus::kSuccess) << execution.id;
            ASSERT_EQ(execution.node_results.size(), 3u) << execution.id;
            EXPECT_EQ(execution.node_results[2].status, NodeStatus::kSkipped);
        }
        listed += page->total;
    }
    EXPECT_EQ(listed, kRuns);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM node_results"), kRuns * 3);
}

// Writers racing Close either fail with kUnavailable or are durably stored: nothing that was
// acknowledged may be lost.
TEST_F(SqliteStoreTest, CloseKeepsEveryAcknowledgedWrite) {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateWorkflow(MakeWorkflow("wf", "W", 1)).ok());

    std::atomic<int> acknowledged = 0;
    std::atomic<int> unexpected = 0;
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0;; ++i) {
                const std::string id = "ex-" + std::to_string(t) + "-" + std::to_string(i);
                Status created = store->CreateExecution(MakeExecution(id, "wf", i));
                if (created.ok()) {
                    ++acknowledged;
                } else {
                    if (created.error().code != ErrorCode::kUnavailable) ++unexpected;
                    return;
                }
            }
        });
    }
    while (acknowledged.load() < 200) std::this_thread::yield();
    store->Close();
    for (std::thread& writer : writers) writer.join();
    store.reset();

    EXPECT_EQ(unexpected.load(), 0);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM executions"), acknowledged.load());
}

}  // namespace
}  // namespace lenzflow::storage::sqlite
