// The single writer: one thread owns the read-write connection and applies queued write
// operations in group commits. Whatever is queued when the thread comes round runs in ONE
// transaction, each operation inside its own savepoint, so one failing operation (a constraint,
// a missing row) is rolled back alone and reports its own error while the rest commit together.
// This turns many small commits from many threads into few large ones, which is what lets
// SQLite keep up with the engine's worker threads.
//
// Thread safety: Submit and Close may be called from any thread concurrently.
// Lifetime: Close (or destruction) finishes every operation submitted before it; later
// submissions fail with kUnavailable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace lenzflow::storage::sqlite {

/// A non-owning reference to a callable, so submitting a write allocates nothing. The callable
/// must outlive the reference (Submit blocks until its operation ran, which guarantees it).
template <typename Signature>
class FunctionRef;

template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
public:
    // Excludes FunctionRef itself, or copying a non-const one would wrap a reference to it.
    template <typename F,
              typename = std::enable_if_t<!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> &&
                                          std::is_invocable_r_v<R, F&, Args...>>>
    FunctionRef(F&& callable)  // NOLINT(google-explicit-constructor)
        : object_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
          call_([](void* object, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F>*>(object))(
                  std::forward<Args>(args)...);
          }) {}

    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void* object_;
    R (*call_)(void*, Args...);
};

class Writer {
public:
    /// A write operation. It runs on the writer thread inside a savepoint and returns OK, or the
    /// error its caller gets (its changes are then rolled back). It must not start, commit or
    /// roll back transactions, nor Submit (the writer would wait for itself). Exceptions become
    /// kInternal.
    using Operation = FunctionRef<common::Status(Connection&)>;

    /// Takes over `connection` and starts the writer thread. REQUIRES: the connection is
    /// read-write with its statements prepared.
    explicit Writer(std::unique_ptr<Connection> connection);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();  // Close()

    /// Queues `operation` and blocks until it committed (OK) or failed (its error). Failures of
    /// the batch as a whole (COMMIT failing, SQLite abandoning the transaction) fail every
    /// operation in it with kInternal. kUnavailable after Close began.
    common::Status Submit(Operation operation);

    /// Waits for queued operations, stops the thread and closes the connection. Idempotent.
    void Close();

    /// Transactions committed or attempted so far; lets tests see that writes were batched.
    uint64_t BatchCountForTesting() const;
    /// Operations waiting for the writer thread right now.
    size_t QueuedForTesting() const;
    /// True once Close began.
    bool ClosingForTesting() const;

private:
    struct PendingWrite;

    void Run();
    void RunBatch(std::span<PendingWrite*> batch);
    common::Status ApplyInSavepoint(PendingWrite& write);
    void FailApplied(const common::Error& cause);

    std::unique_ptr<Connection> connection_;  // used only by thread_ until Close joined it
    std::vector<PendingWrite*> applied_;      // used only by thread_: ops awaiting COMMIT
    std::atomic<uint64_t> batch_count_ = 0;

    mutable std::mutex mutex_;
    std::condition_variable queued_;    // signalled when queue_ turns non-empty or on Close
    std::vector<PendingWrite*> queue_;  // guarded by mutex_
    bool closing_ = false;              // guarded by mutex_

    std::mutex close_mutex_;  // serializes Close so only one caller joins the thread
    std::thread thread_;
};

}  // namespace lenzflow::storage::sqlite
