#include "storage/sqlite/connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cassert>
#include <utility>

namespace lenzflow::storage::sqlite {

using common::ErrorCode;
using common::MakeError;
using common::Result;
using common::Status;

namespace {

const char* ErrorMessage(sqlite3* db, int code) {
    return db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
}

}  // namespace

Statement::Statement(sqlite3* db, sqlite3_stmt* statement, bool* in_use)
    : db_(db),
      statement_(statement),
      in_use_(in_use),
      bind_code_(SQLITE_OK),
      last_code_(SQLITE_OK) {
    assert(!*in_use_ && "statement already in use on this connection");
    *in_use_ = true;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      statement_(other.statement_),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_code_(other.bind_code_),
      last_code_(other.last_code_) {}

Statement::~Statement() {
    if (in_use_ == nullptr) return;

    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    *in_use_ = false;
}

void Statement::BindText(int index, std::string_view text) {
    // A null data pointer would bind SQL NULL; an empty string_view may carry one.
    const char* data = text.data() != nullptr ? text.data() : "";
    const int code =
        sqlite3_bind_text64(statement_, index, data, text.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (code != SQLITE_OK && bind_code_ == SQLITE_OK) bind_code_ = code;
}

void Statement::BindOptionalText(int index, const std::optional<std::string>& text) {
    if (text.has_value()) {
        BindText(index, *text);
        return;
    }
    const int code = sqlite3_bind_null(statement_, index);
    if (code != SQLITE_OK && bind_code_ == SQLITE_OK) bind_code_ = code;
}

void Statement::BindInt(int index, int64_t value) {
    const int code = sqlite3_bind_int64(statement_, index, value);
    if (code != SQLITE_OK && bind_code_ == SQLITE_OK) bind_code_ = code;
}

void Statement::BindOptionalInt(int index, std::optional<int64_t> value) {
    const int code = value.has_value() ? sqlite3_bind_int64(statement_, index, *value)
                                       : sqlite3_bind_null(statement_, index);
    if (code != SQLITE_OK && bind_code_ == SQLITE_OK) bind_code_ = code;
}

Result<bool> Statement::Step() {
    if (bind_code_ != SQLITE_OK) {
        last_code_ = bind_code_;
        return MakeError(ErrorCode::kInternal,
                         fmt::format("binding a parameter failed: {}", sqlite3_errstr(bind_code_)));
    }

    const int code = sqlite3_step(statement_);
    last_code_ = SQLITE_OK;
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    last_code_ = code;
    return MakeError(ErrorCode::kInternal, ErrorMessage(db_, code));
}

Status Statement::Run() {
    for (;;) {
        Result<bool> row = Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) return Status::Ok();
    }
}

bool Statement::ColumnIsNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(statement_, column); }

std::optional<int64_t> Statement::ColumnOptionalInt(int column) const {
    if (ColumnIsNull(column)) return std::nullopt;
    return ColumnInt(column);
}

std::string_view Statement::ColumnView(int column) const {
    // sqlite3_column_bytes must come after sqlite3_column_text: the text call may convert.
    const unsigned char* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) return {};
    const int size = sqlite3_column_bytes(statement_, column);
    return {reinterpret_cast<const char*>(text), static_cast<size_t>(size)};
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
    if (ColumnIsNull(column)) return std::nullopt;
    return ColumnText(column);
}

Connection::Connection(sqlite3* db) : db_(db) {}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, OpenMode mode) {
    // NOMUTEX: each connection is confined to one thread at a time (see the header), so SQLite's
    // per-connection mutex would only cost time.
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= mode == OpenMode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                          : SQLITE_OPEN_READONLY;

    sqlite3* db = nullptr;
    const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (code != SQLITE_OK) {
        std::string message =
            fmt::format("cannot open SQLite database {}: {}", path, ErrorMessage(db, code));
        sqlite3_close_v2(db);  // SQLite allocates a handle even when opening fails
        return MakeError(ErrorCode::kUnavailable, std::move(message));
    }

    // Extended codes tell a primary-key clash from a foreign-key miss.
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
    for (sqlite3_stmt* statement : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
}

Status Connection::Execute(const std::string& sql) {
    char* message = nullptr;
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK) return Status::Ok();

    Status failed =
        MakeError(ErrorCode::kInternal, message != nullptr ? message : ErrorMessage(db_, code));
    sqlite3_free(message);
    return failed;
}

Result<std::optional<std::string>> Connection::QueryText(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        return MakeError(ErrorCode::kInternal, sqlite3_errmsg(db_));
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);

    const int code = sqlite3_step(statement.get());
    if (code == SQLITE_DONE) return std::optional<std::string>();
    if (code != SQLITE_ROW) return MakeError(ErrorCode::kInternal, sqlite3_errmsg(db_));
    const unsigned char* text = sqlite3_column_text(statement.get(), 0);
    if (text == nullptr) return std::optional<std::string>();
    return std::optional<std::string>(reinterpret_cast<const char*>(text));
}

Status Connection::PrepareStatements() {
    assert(statements_.empty());
    statements_.reserve(kSqlCount);
    in_use_ = std::make_unique<bool[]>(kSqlCount);

    for (size_t id = 0; id < kSqlCount; ++id) {
        sqlite3_stmt* statement = nullptr;
        // PERSISTENT: these live as long as the connection, so SQLite may place them outside
        // its lookaside memory.
        const int code = sqlite3_prepare_v3(db_, SqlText(static_cast<Sql>(id)), -1,
                                            SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (code != SQLITE_OK) {
            return MakeError(ErrorCode::kInternal, fmt::format("preparing statement {} failed: {}",
                                                               id, sqlite3_errmsg(db_)));
        }
        statements_.push_back(statement);
    }
    return Status::Ok();
}

Statement Connection::Use(Sql id) {
    const auto index = static_cast<size_t>(id);
    assert(index < statements_.size() && "PrepareStatements has not run");
    return Statement(db_, statements_[index], &in_use_[index]);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

}  // namespace lenzflow::storage::sqlite
