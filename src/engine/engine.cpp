#include "engine/engine.hpp"

#include "common/log.hpp"

namespace lenzflow::engine {

Engine::Engine(storage::Store& store, const nodes::Registry& registry, const common::Clock& clock,
               EngineOptions options)
    : store_(store), runner_(store, registry, clock), options_(options) {
    workers_.reserve(options_.workers);
    for (size_t i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

Engine::~Engine() { Shutdown(std::chrono::milliseconds{0}); }

common::Status Engine::Submit(RunRequest request, RunCallback done) {
    {
        std::lock_guard lock(mutex_);
        if (!accepting_) {
            return common::MakeError(common::ErrorCode::kUnavailable, "server is shutting down");
        }
        if (queue_.size() >= options_.queue_capacity) {
            return common::MakeError(common::ErrorCode::kTooManyRequests,
                                     "run queue is full; retry later");
        }
        queue_.push_back(Task{std::move(request), std::move(done)});
    }
    work_ready_.notify_one();
    return common::Status::Ok();
}

void Engine::Shutdown(std::chrono::milliseconds grace) {
    std::deque<Task> abandoned;
    {
        std::unique_lock lock(mutex_);
        if (workers_.empty()) return;
        accepting_ = false;
        idle_.wait_for(lock, grace, [this] { return queue_.empty() && running_ == 0; });
        abandoned.swap(queue_);
        draining_done_ = true;
    }
    if (!abandoned.empty()) {
        spdlog::warn("event=shutdown_abandoned queued_runs={}", abandoned.size());
    }
    // TODO(#5): a run still going after the grace period stays `running` in the history; it
    // should be resumed or marked "interrupted by restart" on the next start.
    stop_.request_stop();
    work_ready_.notify_all();
    for (auto& task : abandoned) {
        task.done(common::MakeError(common::ErrorCode::kUnavailable, "server is shutting down"));
    }
    workers_.clear();  // joins
}

void Engine::WorkerLoop() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [this] { return !queue_.empty() || draining_done_; });
            if (queue_.empty()) return;
            task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        Execute(task);
        {
            std::lock_guard lock(mutex_);
            --running_;
        }
        idle_.notify_all();
    }
}

void Engine::Execute(Task& task) {
    common::Result<model::Execution> outcome =
        common::MakeError(common::ErrorCode::kInternal, "run did not start");
    try {
        auto workflow = store_.GetWorkflow(task.request.workflow_id);
        if (!workflow.ok()) {
            outcome = std::move(workflow).error();
        } else {
            outcome = runner_.Run(*workflow, task.request.trigger, stop_.get_token());
        }
    } catch (const std::exception& e) {
        // A bug; keep the worker alive and answer the caller.
        spdlog::error("event=run_exception workflow_id={} what={}", task.request.workflow_id,
                      common::LogValue(e.what()));
        outcome = common::MakeError(common::ErrorCode::kInternal, "internal error while running");
    }
    if (!outcome.ok() && outcome.error().code != common::ErrorCode::kNotFound) {
        spdlog::error("event=run_not_recorded workflow_id={} error={}", task.request.workflow_id,
                      common::LogValue(outcome.error().message));
    }
    task.done(std::move(outcome));
}

}  // namespace lenzflow::engine
