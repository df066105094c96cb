#include "storage/sqlite/writer.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <exception>

namespace lenzflow::storage::sqlite {

using common::Error;
using common::ErrorCode;
using common::MakeError;
using common::Status;

// Lives on the submitting thread's stack; the submitter blocks until `done`, so the writer may
// use it until it sets `done`.
struct Writer::PendingWrite {
    explicit PendingWrite(Operation op) : operation(op) {}

    Operation operation;
    std::mutex mutex;
    std::condition_variable finished;
    Status result;      // guarded by mutex
    bool done = false;  // guarded by mutex
};

namespace {

Status Closed() { return MakeError(ErrorCode::kUnavailable, "storage is closed"); }

// Hands the result to the waiting submitter. Notifying under the lock matters: once the lock is
// released the submitter may return and destroy `write`.
void Complete(auto& write, const Status& result) {
    std::lock_guard lock(write.mutex);
    write.result = result;
    write.done = true;
    write.finished.notify_one();
}

Status RunStatement(Connection& db, Sql id) { return db.Use(id).Run(); }

}  // namespace

Writer::Writer(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)), thread_([this] { Run(); }) {}

Writer::~Writer() { Close(); }

Status Writer::Submit(Operation operation) {
    PendingWrite write(operation);
    {
        std::lock_guard lock(mutex_);
        if (closing_) return Closed();
        queue_.push_back(&write);
        // The thread sleeps only after seeing an empty queue, so only the first arrival has to
        // wake it; the others save a futex call each.
        if (queue_.size() == 1) queued_.notify_one();
    }

    std::unique_lock lock(write.mutex);
    write.finished.wait(lock, [&] { return write.done; });
    return std::move(write.result);
}

void Writer::Close() {
    std::lock_guard close_lock(close_mutex_);
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    queued_.notify_one();
    if (thread_.joinable()) thread_.join();
    connection_.reset();
}

uint64_t Writer::BatchCountForTesting() const { return batch_count_.load(); }

size_t Writer::QueuedForTesting() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

bool Writer::ClosingForTesting() const {
    std::lock_guard lock(mutex_);
    return closing_;
}

void Writer::Run() {
    pthread_setname_np(pthread_self(), "sqlite-writer");

    // Swapped with queue_ each round, so both vectors keep their capacity and batching
    // allocates nothing in the steady state.
    std::vector<PendingWrite*> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return !queue_.empty() || closing_; });
            if (queue_.empty()) return;  // closing, and everything submitted before is done
            batch.swap(queue_);
        }
        RunBatch(batch);
        batch.clear();
    }
}

void Writer::RunBatch(std::span<PendingWrite*> batch) {
    size_t next = 0;
    while (next < batch.size()) {
        batch_count_.fetch_add(1, std::memory_order_relaxed);
        if (Status begun = RunStatement(*connection_, Sql::kBeginWrite); !begun.ok()) {
            const Error cause = MakeError(
                ErrorCode::kInternal,
                fmt::format("starting a write transaction failed: {}", begun.error().message));
            for (; next < batch.size(); ++next) Complete(*batch[next], cause);
            return;
        }

        // Apply operations until the batch ends or SQLite abandons the transaction (it does so
        // on disk-full and I/O errors, taking everything applied so far with it).
        bool transaction_lost = false;
        for (; next < batch.size() && !transaction_lost; ++next) {
            PendingWrite& write = *batch[next];
            Status result = ApplyInSavepoint(write);
            if (!connection_->InTransaction()) {
                transaction_lost = true;
                const Error cause =
                    MakeError(ErrorCode::kInternal,
                              fmt::format("write transaction rolled back: {}",
                                          result.ok() ? "unknown reason" : result.error().message));
                FailApplied(cause);
                Complete(write, result.ok() ? Status(cause) : result);
            } else if (result.ok()) {
                applied_.push_back(&write);
            } else {
                // Nothing of it remains in the transaction; its caller can go on at once.
                Complete(write, result);
            }
        }
        if (transaction_lost) continue;  // the rest of the batch gets a fresh transaction

        if (Status committed = RunStatement(*connection_, Sql::kCommit); !committed.ok()) {
            if (connection_->InTransaction()) (void)RunStatement(*connection_, Sql::kRollback);
            FailApplied(MakeError(ErrorCode::kInternal,
                                  fmt::format("commit failed: {}", committed.error().message)));
            continue;
        }
        for (PendingWrite* write : applied_) Complete(*write, Status::Ok());
        applied_.clear();
    }
}

Status Writer::ApplyInSavepoint(PendingWrite& write) {
    if (Status saved = RunStatement(*connection_, Sql::kSavepoint); !saved.ok()) return saved;

    Status result;
    try {
        result = write.operation(*connection_);
    } catch (const std::exception& e) {
        result = MakeError(ErrorCode::kInternal, fmt::format("write failed: {}", e.what()));
    }
    if (result.ok()) {
        Status released = RunStatement(*connection_, Sql::kReleaseSavepoint);
        if (released.ok()) return result;
        result = std::move(released);
    }

    // ROLLBACK TO keeps the savepoint open; RELEASE pops it so the next operation starts clean.
    if (connection_->InTransaction()) {
        (void)RunStatement(*connection_, Sql::kRollbackToSavepoint);
        (void)RunStatement(*connection_, Sql::kReleaseSavepoint);
    }
    return result;
}

void Writer::FailApplied(const Error& cause) {
    for (PendingWrite* write : applied_) Complete(*write, cause);
    applied_.clear();
}

}  // namespace lenzflow::storage::sqlite
