// Versioned schema changes. The database records each applied version in schema_migrations;
// opening a store applies the missing ones in order and refuses a database written by a newer
// binary, whose schema this one cannot know.
//
// Thread safety: none; runs on one connection before the store starts its threads. Two
// processes opening the same file at once are safe: each migration takes the write lock first
// and re-reads the version under it.
#pragma once

#include <string>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace lenzflow::storage::sqlite {

/// The newest schema version this binary knows. Adding a migration means raising this and
/// appending to kMigrations in migrations.cpp; the two must change together.
inline constexpr int kSchemaVersion = 1;

/// Brings `db` to kSchemaVersion. Each migration runs in its own transaction together with its
/// schema_migrations row, so a crash leaves the database at a whole version. Failures are
/// kUnavailable naming `path`: a database newer than kSchemaVersion, or a migration that failed.
/// REQUIRES: `db` is open read-write and not inside a transaction.
common::Status ApplyMigrations(Connection& db, const std::string& path);

/// The highest version recorded in schema_migrations; 0 when none is (a new database).
/// REQUIRES: the schema_migrations table exists (ApplyMigrations creates it).
common::Result<int> ReadSchemaVersion(Connection& db);

}  // namespace lenzflow::storage::sqlite
