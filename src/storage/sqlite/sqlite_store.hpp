// The SQLite backend of storage::Store: one database file in WAL mode, one writer thread that
// group-commits the writes of all callers, and a pool of read-only connections for reads.
// See README.md in this folder for the schema and the concurrency design.
#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace lenzflow::storage::sqlite {

struct SqliteOptions {
    std::string path;          // the database file; created when missing, its folder must exist
    int read_connections = 4;  // read-only connections in the pool; at least 1
};

/// Opens (creating if needed) and migrates the database at `options.path` and returns a Store
/// over it. kUnavailable, naming the path and SQLite's reason, when the file cannot be opened
/// or migrated or was written by a newer Lenzflow; kInvalidArgument when read_connections < 1.
///
/// The returned store is thread-safe (see store.hpp); each write method blocks its caller until
/// the write is committed. Destroying it calls Close(). REQUIRES: no other process writes to the
/// file with a different schema.
common::Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace lenzflow::storage::sqlite
