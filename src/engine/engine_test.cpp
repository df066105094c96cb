#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "common/ids.hpp"
#include "common/temp_dir_for_testing.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lenzflow::engine {
namespace {

using common::Json;
using namespace std::chrono_literals;

// A node that blocks until released or asked to stop, so tests can hold runs in flight.
class GateNode final : public nodes::NodeType {
public:
    std::vector<common::FieldError> ValidateConfig(const Json&) const override { return {}; }
    common::Result<Json> Run(const Json&, const nodes::NodeContext& context) const override {
        ++entered;
        while (!open.load()) {
            if (context.stop.stop_requested()) {
                return common::MakeError(common::ErrorCode::kCancelled, "stopped");
            }
            std::this_thread::sleep_for(1ms);
        }
        return Json{{"passed", true}};
    }
    mutable std::atomic<int> entered{0};
    std::atomic<bool> open{false};
};

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = storage::sqlite::OpenSqliteStore({(dir_.path() / "db").string()});
        ASSERT_TRUE(opened.ok());
        store_ = std::move(*opened);
        auto gate = std::make_unique<GateNode>();
        gate_ = gate.get();
        registry_.Add("gate", std::move(gate));

        workflow_.id = common::NewId();
        workflow_.name = "gated";
        workflow_.trigger = {"manual", Json::object()};
        workflow_.nodes = {{"g", "gate", "G", Json::object()}};
        ASSERT_TRUE(store_->CreateWorkflow(workflow_).ok());
    }

    RunRequest Request(std::string id) {
        return RunRequest{std::move(id), RunTrigger{"manual", "tester", nullptr}};
    }

    common::TempDirForTesting dir_;
    common::SystemClock clock_;
    std::unique_ptr<storage::Store> store_;
    nodes::Registry registry_;
    GateNode* gate_ = nullptr;
    model::Workflow workflow_;
};

TEST_F(EngineTest, RunsOnWorkersAndCallsBackOnce) {
    gate_->open = true;
    Engine engine(*store_, registry_, clock_, {2, 100});
    std::promise<common::Result<model::Execution>> result;
    ASSERT_TRUE(engine
                    .Submit(Request(workflow_.id),
                            [&](auto outcome) { result.set_value(std::move(outcome)); })
                    .ok());
    auto future = result.get_future();
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    const auto outcome = future.get();
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->status, model::RunStatus::kSuccess);
    EXPECT_EQ(outcome->triggered_by, "tester");
}

TEST_F(EngineTest, AnswersNotFoundForUnknownWorkflow) {
    Engine engine(*store_, registry_, clock_, {1, 10});
    std::promise<common::ErrorCode> code;
    ASSERT_TRUE(engine
                    .Submit(Request(common::NewId()),
                            [&](auto outcome) {
                                code.set_value(outcome.ok() ? common::ErrorCode::kInternal
                                                            : outcome.error().code);
                            })
                    .ok());
    auto future = code.get_future();
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(future.get(), common::ErrorCode::kNotFound);
}

TEST_F(EngineTest, RefusesWhenTheQueueIsFull) {
    Engine engine(*store_, registry_, clock_, {1, 2});
    std::atomic<int> done{0};
    auto count = [&](auto) { ++done; };
    ASSERT_TRUE(engine.Submit(Request(workflow_.id), count).ok());
    // Wait until the single worker holds the first run, so the queue is empty again.
    for (int i = 0; i < 5000 && gate_->entered.load() == 0; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_EQ(gate_->entered.load(), 1);
    ASSERT_TRUE(engine.Submit(Request(workflow_.id), count).ok());
    ASSERT_TRUE(engine.Submit(Request(workflow_.id), count).ok());
    const auto refused = engine.Submit(Request(workflow_.id), count);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, common::ErrorCode::kTooManyRequests);

    gate_->open = true;
    engine.Shutdown(10s);
    EXPECT_EQ(done.load(), 3);
}

TEST_F(EngineTest, ShutdownWaitsForRunsWithinGrace) {
    Engine engine(*store_, registry_, clock_, {2, 10});
    std::atomic<int> succeeded{0};
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(engine
                        .Submit(Request(workflow_.id),
                                [&](auto outcome) {
                                    if (outcome.ok() &&
                                        outcome->status == model::RunStatus::kSuccess) {
                                        ++succeeded;
                                    }
                                })
                        .ok());
    }
    std::thread opener([&] {
        std::this_thread::sleep_for(100ms);
        gate_->open = true;
    });
    engine.Shutdown(10s);
    opener.join();
    EXPECT_EQ(succeeded.load(), 2);
    EXPECT_EQ(engine.Submit(Request(workflow_.id), [](auto) {}).error().code,
              common::ErrorCode::kUnavailable);
}

TEST_F(EngineTest, ShutdownPastGraceStopsRunsAndFailsQueuedOnes) {
    Engine engine(*store_, registry_, clock_, {1, 10});
    std::atomic<int> failed_runs{0};
    std::atomic<int> unavailable{0};
    auto tally = [&](common::Result<model::Execution> outcome) {
        if (outcome.ok() && outcome->status == model::RunStatus::kFailed) ++failed_runs;
        if (!outcome.ok() && outcome.error().code == common::ErrorCode::kUnavailable) {
            ++unavailable;
        }
    };
    ASSERT_TRUE(engine.Submit(Request(workflow_.id), tally).ok());
    for (int i = 0; i < 5000 && gate_->entered.load() == 0; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(engine.Submit(Request(workflow_.id), tally).ok());

    engine.Shutdown(50ms);
    EXPECT_EQ(failed_runs.load(), 1);  // the gate saw the stop and failed its node
    EXPECT_EQ(unavailable.load(), 1);  // the queued one never started
}

}  // namespace
}  // namespace lenzflow::engine
