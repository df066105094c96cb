#include "engine/runner.hpp"

#include <gtest/gtest.h>

#include "common/ids.hpp"
#include "common/temp_dir_for_testing.hpp"
#include "nodes/registry.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lenzflow::engine {
namespace {

using common::Json;
using model::NodeStatus;
using model::RunStatus;

// A node type whose behaviour the test sets: echoes its config, or fails, or throws.
class ScriptedNode final : public nodes::NodeType {
public:
    enum class Mode { kEcho, kFail, kThrow };
    explicit ScriptedNode(Mode mode) : mode_(mode) {}
    std::vector<common::FieldError> ValidateConfig(const Json&) const override { return {}; }
    common::Result<Json> Run(const Json& config, const nodes::NodeContext&) const override {
        if (mode_ == Mode::kFail) {
            return common::MakeError(common::ErrorCode::kUnavailable, "peer said no");
        }
        if (mode_ == Mode::kThrow) throw std::runtime_error("bug");
        return config;
    }

private:
    Mode mode_;
};

// A node with side effects that records what the store already holds of its run when it
// starts: the runner must have committed every earlier step by then.
class ProbeNode final : public nodes::NodeType {
public:
    explicit ProbeNode(storage::ExecutionStore*& store) : store_(store) {}
    std::vector<common::FieldError> ValidateConfig(const Json&) const override { return {}; }
    common::Result<Json> Run(const Json&, const nodes::NodeContext& context) const override {
        auto seen = store_->GetExecution(context.execution_id);
        if (!seen.ok()) return Json{{"stored", false}};
        Json statuses = Json::array();
        for (const auto& r : seen->node_results) statuses.push_back(model::ToString(r.status));
        return Json{
            {"stored", true}, {"status", model::ToString(seen->status)}, {"results", statuses}};
    }

private:
    storage::ExecutionStore*& store_;
};

// A pure node: the runner may hold its result back.
class PureNode final : public nodes::NodeType {
public:
    std::vector<common::FieldError> ValidateConfig(const Json&) const override { return {}; }
    bool HasSideEffects() const override { return false; }
    common::Result<Json> Run(const Json& config, const nodes::NodeContext&) const override {
        return config;
    }
};

class RunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = storage::sqlite::OpenSqliteStore({(dir_.path() / "db").string()});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store_ = std::move(*opened);
        registry_.Add("echo", std::make_unique<ScriptedNode>(ScriptedNode::Mode::kEcho));
        registry_.Add("fail", std::make_unique<ScriptedNode>(ScriptedNode::Mode::kFail));
        registry_.Add("throw", std::make_unique<ScriptedNode>(ScriptedNode::Mode::kThrow));
        registry_.Add("probe", std::make_unique<ProbeNode>(probe_store_));
        registry_.Add("pure", std::make_unique<PureNode>());
        probe_store_ = store_.get();
    }

    model::Workflow Saved(std::vector<model::Node> nodes) {
        model::Workflow wf;
        wf.id = common::NewId();
        wf.name = "wf";
        wf.trigger = {"manual", Json::object()};
        wf.nodes = std::move(nodes);
        wf.created_at = clock_.Now();
        EXPECT_TRUE(store_->CreateWorkflow(wf).ok());
        return wf;
    }

    common::Result<model::Execution> Run(const model::Workflow& wf, Json payload = nullptr) {
        const Runner runner(*store_, registry_, clock_);
        return runner.Run(wf, RunTrigger{"manual", "user-alfin", std::move(payload)}, {});
    }

    common::TempDirForTesting dir_;
    common::ManualClock clock_{common::FromUnixMillis(1746000000000)};
    std::unique_ptr<storage::Store> store_;
    storage::ExecutionStore* probe_store_ = nullptr;
    nodes::Registry registry_;
};

TEST_F(RunnerTest, PassesOutputsForwardThroughTemplates) {
    const auto wf = Saved({
        {"first", "echo", "First", Json{{"n", "{{trigger.body.n}}"}, {"who", "{{trigger.by}}"}}},
        {"second", "echo", "Second",
         Json{{"n", "{{prev.body.n}}"},
              {"text", "n={{nodes.first.body.n}} in {{workflow.name}}"},
              {"run", "{{execution.id}}"}}},
    });
    const auto run = Run(wf, Json{{"n", 21}});
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->status, RunStatus::kSuccess);
    EXPECT_FALSE(run->error.has_value());
    ASSERT_EQ(run->node_results.size(), 2u);
    EXPECT_EQ(run->node_results[0].output["who"], "user-alfin");
    EXPECT_EQ(run->node_results[1].output["n"], 21);  // whole placeholder keeps the type
    EXPECT_EQ(run->node_results[1].output["text"], "n=21 in wf");
    EXPECT_EQ(run->node_results[1].output["run"], run->id);
}

TEST_F(RunnerTest, PersistsTheRunAsItReturnsIt) {
    const auto wf = Saved({{"a", "echo", "A", Json{{"x", 1}}}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok());
    const auto stored = store_->GetExecution(run->id);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->status, RunStatus::kSuccess);
    EXPECT_EQ(stored->triggered_by, "user-alfin");
    EXPECT_EQ(stored->trigger_type, "manual");
    ASSERT_EQ(stored->node_results.size(), 1u);
    EXPECT_EQ(stored->node_results[0].output, Json({{"x", 1}}));
    EXPECT_EQ(stored->finished_at, run->finished_at);
}

TEST_F(RunnerTest, CommitsEveryEarlierStepBeforeANodeWithSideEffects) {
    const auto wf = Saved({{"a", "pure", "A", Json{{"x", 1}}},
                           {"b", "pure", "B", Json{{"x", 2}}},
                           {"c", "probe", "C", Json::object()},
                           {"d", "probe", "D", Json::object()}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(run->node_results[2].output,
              (Json{{"stored", true}, {"status", "running"}, {"results", {"success", "success"}}}));
    EXPECT_EQ(run->node_results[3].output["results"], (Json{"success", "success", "success"}));
}

// Counts the writes a run makes and passes everything on.
class CountingStore final : public storage::ExecutionStore {
public:
    explicit CountingStore(storage::ExecutionStore& inner) : inner_(inner) {}
    common::Status WriteExecution(std::string_view id,
                                  const storage::ExecutionWrite& write) override {
        ++writes;
        return inner_.WriteExecution(id, write);
    }
    common::Result<storage::Page<model::Execution>> ListExecutions(
        std::string_view workflow_id, const storage::PageRequest& page) override {
        return inner_.ListExecutions(workflow_id, page);
    }
    common::Result<model::Execution> GetExecution(std::string_view id) override {
        return inner_.GetExecution(id);
    }
    int writes = 0;

private:
    storage::ExecutionStore& inner_;
};

TEST_F(RunnerTest, GroupsStepsIntoOneWritePerSideEffectBoundary) {
    CountingStore counting(*store_);
    const Runner runner(counting, registry_, clock_);
    const RunTrigger trigger{"manual", "user-alfin", nullptr};

    // Only pure nodes: the row when the run starts, then one write with both results and the
    // final state.
    const auto pure =
        Saved({{"a", "pure", "A", Json{{"x", 1}}}, {"b", "pure", "B", Json{{"x", 2}}}});
    const auto run = runner.Run(pure, trigger, {});
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(counting.writes, 2);

    // The row, the pure result before the first node with effects, its result before the second,
    // and the end.
    counting.writes = 0;
    const auto mixed = Saved({{"a", "pure", "A", Json::object()},
                              {"c", "probe", "C", Json::object()},
                              {"d", "probe", "D", Json::object()}});
    ASSERT_TRUE(runner.Run(mixed, trigger, {}).ok());
    EXPECT_EQ(counting.writes, 4);
    const auto stored = store_->GetExecution(run->id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->status, RunStatus::kSuccess);
    ASSERT_EQ(stored->node_results.size(), 2u);
    EXPECT_EQ(stored->node_results[1].output, Json({{"x", 2}}));
}

TEST_F(RunnerTest, StopsAtFirstFailureAndSkipsTheRest) {
    const auto wf = Saved({{"a", "echo", "A", Json::object()},
                           {"b", "fail", "B", Json::object()},
                           {"c", "echo", "C", Json::object()}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->status, RunStatus::kFailed);
    EXPECT_EQ(run->error, "node b failed: peer said no");
    ASSERT_EQ(run->node_results.size(), 3u);
    EXPECT_EQ(run->node_results[0].status, NodeStatus::kSuccess);
    EXPECT_EQ(run->node_results[1].status, NodeStatus::kFailed);
    EXPECT_EQ(run->node_results[1].error, "peer said no");
    EXPECT_EQ(run->node_results[2].status, NodeStatus::kSkipped);
    EXPECT_FALSE(run->node_results[2].started_at.has_value());

    const auto stored = store_->GetExecution(run->id);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->node_results.size(), 3u);
    EXPECT_EQ(stored->node_results[2].status, NodeStatus::kSkipped);
    EXPECT_EQ(stored->error, run->error);
}

TEST_F(RunnerTest, TurnsANodeExceptionIntoAFailedNode) {
    const auto wf = Saved({{"a", "throw", "A", Json::object()}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->status, RunStatus::kFailed);
    EXPECT_EQ(run->node_results[0].error, "internal error in node type throw");
}

TEST_F(RunnerTest, FailsANodeWhoseTypeIsGone) {
    const auto wf = Saved({{"a", "removed_type", "A", Json::object()}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->status, RunStatus::kFailed);
    EXPECT_EQ(run->node_results[0].error, "unknown node type 'removed_type'");
}

TEST_F(RunnerTest, MissingValuesRenderAsNullOrEmpty) {
    const auto wf =
        Saved({{"a", "echo", "A",
                Json{{"whole", "{{trigger.body.nope}}"}, {"mixed", "[{{prev.body}}]"}}}});
    const auto run = Run(wf);
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE(run->node_results[0].output["whole"].is_null());
    EXPECT_EQ(run->node_results[0].output["mixed"], "[]");
}

TEST_F(RunnerTest, ReportsARunWhoseWorkflowWasDeleted) {
    model::Workflow ghost;
    ghost.id = common::NewId();
    ghost.nodes = {{"a", "echo", "A", Json::object()}};
    const auto run = Run(ghost);
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().code, common::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lenzflow::engine
