// A small pool of read-only connections. In WAL mode readers see the last committed state and
// never wait for the writer, so reads stay fast while the writer thread is busy.
//
// Thread safety: Run and Close may be called from any thread concurrently; each connection is
// lent to one thread at a time. When every connection is lent out, Run waits for one.
// Lifetime: Close waits for reads in progress, then closes the connections; later reads fail
// with kUnavailable.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace lenzflow::storage::sqlite {

class ReaderPool {
public:
    /// Opens `size` read-only connections to `path` and prepares their statements.
    /// REQUIRES: size >= 1; the database exists, is migrated and in WAL mode.
    static common::Result<std::unique_ptr<ReaderPool>> Open(const std::string& path, int size);

    ReaderPool(const ReaderPool&) = delete;
    ReaderPool& operator=(const ReaderPool&) = delete;
    ~ReaderPool();  // Close()

    /// Runs `read(Connection&)` on a borrowed connection and returns its Result, or kUnavailable
    /// once Close began. `read` must leave no transaction open and no Statement alive.
    template <typename Read>
    auto Run(Read&& read) -> std::invoke_result_t<Read&, Connection&> {
        common::Result<Connection*> connection = Acquire();
        if (!connection.ok()) return std::move(connection).error();

        // Returned even when `read` throws, so an exception cannot shrink the pool.
        struct Return {
            ReaderPool& pool;
            Connection* connection;
            ~Return() { pool.Release(connection); }
        } give_back{*this, *connection};
        return read(**connection);
    }

    /// Stops lending, waits until every connection is back, closes them. Idempotent.
    void Close();

private:
    ReaderPool() = default;

    common::Result<Connection*> Acquire();
    void Release(Connection* connection);

    std::mutex mutex_;
    std::condition_variable available_;               // a connection came back, or Close began
    std::condition_variable all_returned_;            // after Close: the last one came back
    std::vector<std::unique_ptr<Connection>> owned_;  // guarded by mutex_
    std::vector<Connection*> idle_;                   // guarded by mutex_
    bool closed_ = false;                             // guarded by mutex_
};

}  // namespace lenzflow::storage::sqlite
