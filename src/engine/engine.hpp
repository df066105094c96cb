// The engine: accepts run requests, queues them (bounded) and runs them on its own worker
// threads, never on the caller's, so slow nodes cannot stall the API's I/O threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "engine/runner.hpp"
#include "model/execution.hpp"
#include "nodes/registry.hpp"
#include "storage/store.hpp"

namespace lenzflow::engine {

struct EngineOptions {
    size_t workers = 32;            // runs in progress at once; nodes may block on the network
    size_t queue_capacity = 10000;  // accepted runs waiting for a worker; beyond: kTooManyRequests
};

struct RunRequest {
    std::string workflow_id;
    RunTrigger trigger;
};

/// Called exactly once per accepted request, on a worker thread: the finished execution, or why
/// there is none (kNotFound for an unknown workflow, kUnavailable when shut down first).
using RunCallback = std::function<void(common::Result<model::Execution>)>;

/// Thread-safe. Borrowed collaborators must outlive the engine.
class Engine {
public:
    Engine(storage::Store& store, const nodes::Registry& registry, const common::Clock& clock,
           EngineOptions options);
    ~Engine();  // Shutdown(0)

    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Queues a run. kTooManyRequests when the queue is full, kUnavailable after Shutdown began;
    /// `done` is not called then.
    common::Status Submit(RunRequest request, RunCallback done);

    /// Stops accepting runs, lets queued and running ones finish for up to `grace`, then asks
    /// running nodes to stop, fails what is still queued with kUnavailable and joins the workers.
    /// Idempotent.
    void Shutdown(std::chrono::milliseconds grace);

private:
    struct Task {
        RunRequest request;
        RunCallback done;
    };

    void WorkerLoop();
    void Execute(Task& task);

    storage::Store& store_;
    Runner runner_;
    const EngineOptions options_;
    std::stop_source stop_;  // asks running nodes to give up (after the grace period)

    std::mutex mutex_;
    std::condition_variable work_ready_;  // a task was queued, or shutdown began
    std::condition_variable idle_;        // a task finished
    std::deque<Task> queue_;              // guarded by mutex_
    size_t running_ = 0;                  // guarded by mutex_
    bool accepting_ = true;               // guarded by mutex_
    bool draining_done_ = false;          // guarded by mutex_: workers exit when queue is empty
    std::vector<std::jthread> workers_;
};

}  // namespace lenzflow::engine
