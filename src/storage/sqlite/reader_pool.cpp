#include "storage/sqlite/reader_pool.hpp"

#include <cassert>

namespace lenzflow::storage::sqlite {

using common::ErrorCode;
using common::MakeError;
using common::Result;
using common::Status;

Result<std::unique_ptr<ReaderPool>> ReaderPool::Open(const std::string& path, int size) {
    assert(size >= 1);
    std::unique_ptr<ReaderPool> pool(new ReaderPool());

    for (int i = 0; i < size; ++i) {
        Result<std::unique_ptr<Connection>> opened = Connection::Open(path, OpenMode::kReadOnly);
        if (!opened.ok()) return std::move(opened).error();
        Connection& connection = **opened;

        // Readers wait only while another process recovers or checkpoints with TRUNCATE.
        if (Status set = connection.Execute("PRAGMA busy_timeout = 5000"); !set.ok()) {
            return MakeError(ErrorCode::kUnavailable, set.error().message);
        }
        if (Status prepared = connection.PrepareStatements(); !prepared.ok()) {
            return MakeError(ErrorCode::kUnavailable, prepared.error().message);
        }
        pool->idle_.push_back(opened->get());
        pool->owned_.push_back(std::move(opened).value());
    }
    return pool;
}

ReaderPool::~ReaderPool() { Close(); }

Result<Connection*> ReaderPool::Acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return closed_ || !idle_.empty(); });
    if (closed_) return MakeError(ErrorCode::kUnavailable, "storage is closed");

    Connection* connection = idle_.back();
    idle_.pop_back();
    return connection;
}

void ReaderPool::Release(Connection* connection) {
    // Notifying under the lock: once Close sees the last connection back, it returns and the
    // pool may be destroyed, so nothing may touch it after the unlock.
    std::lock_guard lock(mutex_);
    idle_.push_back(connection);
    available_.notify_one();
    if (closed_ && idle_.size() == owned_.size()) all_returned_.notify_all();
}

void ReaderPool::Close() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    available_.notify_all();
    all_returned_.wait(lock, [&] { return idle_.size() == owned_.size(); });

    idle_.clear();
    owned_.clear();
}

}  // namespace lenzflow::storage::sqlite
