// A thin RAII layer over the SQLite C API: a connection with its prepared statements, and a
// statement handle that binds, steps and reads columns.
//
// Thread safety: none. A Connection, and every Statement taken from it, is used by one thread at
// a time; the store passes connections between threads only under a mutex (ReaderPool) or keeps
// one on its own thread (Writer). Connections are therefore opened without SQLite's own mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/statements.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace lenzflow::storage::sqlite {

enum class OpenMode {
    kReadWrite,  // creates the file when missing
    kReadOnly,
};

/// One use of a prepared statement. Destruction resets it and clears its bindings, which ends
/// the read it may hold open (a reset statement keeps no WAL snapshot alive).
class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* statement, bool* in_use);
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    // Parameters count from 1, as in SQL. Text is bound without a copy: it must stay alive and
    // unchanged until this Statement is destroyed. A failed bind is reported by the next Step.
    void BindText(int index, std::string_view text);
    void BindOptionalText(int index, const std::optional<std::string>& text);
    void BindInt(int index, int64_t value);
    void BindOptionalInt(int index, std::optional<int64_t> value);

    /// One step: true when a row is ready, false when the statement is done. Failures are
    /// kInternal with SQLite's message (names of tables and columns, never values);
    /// LastCode() then tells which failure it was.
    common::Result<bool> Step();

    /// Steps until done, for statements whose rows (if any) are not needed.
    common::Status Run();

    /// The extended SQLite result code of the last failed Step or Run; SQLITE_OK otherwise.
    int LastCode() const { return last_code_; }

    // Columns of the current row, counted from 0. Text views stay valid until the next Step.
    bool ColumnIsNull(int column) const;
    int64_t ColumnInt(int column) const;
    std::optional<int64_t> ColumnOptionalInt(int column) const;
    std::string_view ColumnView(int column) const;
    std::string ColumnText(int column) const { return std::string(ColumnView(column)); }
    std::optional<std::string> ColumnOptionalText(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* statement_;
    bool* in_use_;  // the connection's flag for this statement; null once moved from
    int bind_code_;
    int last_code_;
};

/// An open database connection. Destruction finalizes its statements and closes it.
class Connection {
public:
    /// Opens `path`. Failures are kUnavailable naming the path and SQLite's reason.
    static common::Result<std::unique_ptr<Connection>> Open(const std::string& path, OpenMode mode);

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// Runs one or more statements that are not worth preparing (pragmas, schema changes).
    common::Status Execute(const std::string& sql);

    /// The first column of the first row of `sql` as text; nullopt when there is no row or the
    /// value is NULL.
    common::Result<std::optional<std::string>> QueryText(const std::string& sql);

    /// Prepares every statement in statements.hpp. REQUIRES: the schema exists (migrated), and
    /// this is called once, before Use.
    common::Status PrepareStatements();

    /// The prepared statement `id`, ready to bind. REQUIRES: PrepareStatements succeeded and the
    /// same statement is not in use already (one live Statement per id at a time).
    Statement Use(Sql id);

    /// True inside BEGIN ... COMMIT. SQLite ends a transaction on its own after some errors
    /// (disk full, I/O); the writer checks this to learn that a batch was lost.
    bool InTransaction() const;

    /// Rows changed by the last INSERT, UPDATE or DELETE (cascaded deletes not counted).
    int64_t Changes() const;

private:
    explicit Connection(sqlite3* db);

    sqlite3* db_;
    std::vector<sqlite3_stmt*> statements_;  // indexed by Sql
    std::unique_ptr<bool[]> in_use_;         // per statement: a live Statement has it
};

}  // namespace lenzflow::storage::sqlite
