#include "storage/sqlite/migrations.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <iterator>

#include "common/time.hpp"

namespace lenzflow::storage::sqlite {

using common::ErrorCode;
using common::MakeError;
using common::Result;
using common::Status;

namespace {

struct Migration {
    int version;
    const char* sql;
};

// Portable SQL (PostgreSQL will run the same shapes): TEXT ids, BIGINT Unix milliseconds, JSON
// as TEXT, booleans as INTEGER 0/1. Columns read back in sqlite_store.cpp and the statements in
// statements.cpp must follow any change here.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE workflows (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    name_search TEXT NOT NULL,
    description TEXT NOT NULL,
    is_active INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    trigger_type TEXT NOT NULL,
    trigger_config TEXT NOT NULL,
    nodes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    document TEXT NOT NULL
);
CREATE INDEX workflows_newest_first ON workflows (created_at DESC, id DESC);

CREATE TABLE executions (
    id TEXT NOT NULL PRIMARY KEY,
    workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    trigger_type TEXT NOT NULL,
    triggered_by TEXT NOT NULL,
    trigger_payload TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    error TEXT
);
CREATE INDEX executions_by_workflow_newest_first
    ON executions (workflow_id, started_at DESC, id DESC);

CREATE TABLE node_results (
    execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    node_type TEXT NOT NULL,
    node_name TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    output TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (execution_id, position)
);
)sql"},
};

static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

Status Unavailable(const std::string& path, std::string_view what) {
    return MakeError(ErrorCode::kUnavailable, fmt::format("SQLite database {}: {}", path, what));
}

// Applies one migration unless another process got there first.
Status ApplyOne(Connection& db, const Migration& migration) {
    if (Status begun = db.Execute("BEGIN IMMEDIATE"); !begun.ok()) return begun;

    Status applied = [&]() -> Status {
        Result<int> current = ReadSchemaVersion(db);
        if (!current.ok()) return std::move(current).error();
        if (*current >= migration.version) return Status::Ok();

        if (Status changed = db.Execute(migration.sql); !changed.ok()) return changed;
        const auto now =
            std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
        return db.Execute(
            fmt::format("INSERT INTO schema_migrations (version, applied_at) VALUES ({}, {})",
                        migration.version, common::ToUnixMillis(now)));
    }();

    if (!applied.ok()) {
        if (db.InTransaction()) (void)db.Execute("ROLLBACK");
        return applied;
    }
    return db.Execute("COMMIT");
}

}  // namespace

Result<int> ReadSchemaVersion(Connection& db) {
    Result<std::optional<std::string>> text =
        db.QueryText("SELECT MAX(version) FROM schema_migrations");
    if (!text.ok()) return std::move(text).error();
    if (!text->has_value()) return 0;

    const std::string& digits = **text;
    int version = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        return MakeError(ErrorCode::kInternal, "schema_migrations holds a non-integer version");
    }
    return version;
}

Status ApplyMigrations(Connection& db, const std::string& path) {
    Status created = db.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
    if (!created.ok()) return Unavailable(path, created.error().message);

    Result<int> current = ReadSchemaVersion(db);
    if (!current.ok()) return Unavailable(path, current.error().message);
    if (*current > kSchemaVersion) {
        return Unavailable(path, fmt::format("schema version {} is newer than version {}, the "
                                             "newest this Lenzflow knows; upgrade Lenzflow",
                                             *current, kSchemaVersion));
    }

    for (const Migration& migration : kMigrations) {
        if (migration.version <= *current) continue;
        if (Status applied = ApplyOne(db, migration); !applied.ok()) {
            return Unavailable(path, fmt::format("migration {} failed: {}", migration.version,
                                                 applied.error().message));
        }
    }
    return Status::Ok();
}

}  // namespace lenzflow::storage::sqlite
