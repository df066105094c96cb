#include "storage/sqlite/sqlite_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/text.hpp"
#include "model/workflow_json.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/reader_pool.hpp"
#include "storage/sqlite/writer.hpp"

namespace lenzflow::storage::sqlite {

using common::Error;
using common::ErrorCode;
using common::Json;
using common::MakeError;
using common::TimePoint;

namespace {

// ---- Errors. Messages name ids and SQLite's reason, never stored values, which may be secret.

Error WorkflowNotFound(std::string_view id) {
    return MakeError(ErrorCode::kNotFound, fmt::format("workflow {} not found", id));
}

Error ExecutionNotFound(std::string_view id) {
    return MakeError(ErrorCode::kNotFound, fmt::format("execution {} not found", id));
}

Error Unexpected(std::string_view action, const Error& cause) {
    return MakeError(ErrorCode::kInternal, fmt::format("{} failed: {}", action, cause.message));
}

bool IsDuplicateKey(int code) {
    return code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE;
}

bool IsMissingParent(int code) { return code == SQLITE_CONSTRAINT_FOREIGNKEY; }

// ---- Encoding. Done on the calling thread, so the one writer thread only binds and steps.

std::string DumpJson(const Json& value) {
    // Outputs can carry bytes from outside that are not UTF-8; the default handler would throw
    // and lose the whole result, so such bytes become U+FFFD.
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<int64_t> OptionalMillis(const std::optional<TimePoint>& time) {
    if (!time.has_value()) return std::nullopt;
    return common::ToUnixMillis(*time);
}

std::optional<TimePoint> OptionalTime(std::optional<int64_t> millis) {
    if (!millis.has_value()) return std::nullopt;
    return common::FromUnixMillis(*millis);
}

// The argument for `name_search LIKE '%' || ? || '%' ESCAPE '\'`: the lowercased search with
// the LIKE wildcards and the escape character itself made literal.
std::string LikeContainsArgument(std::string_view search) {
    std::string argument;
    argument.reserve(search.size() + 4);
    for (char c : common::FoldCase(search)) {
        if (c == '%' || c == '_' || c == '\\') argument.push_back('\\');
        argument.push_back(c);
    }
    return argument;
}

struct EncodedWorkflow {
    std::string name_search;
    std::string trigger_config;
    std::string nodes;     // JSON array of {id, type, name, config}
    std::string document;  // the API's view, model::WorkflowToJson, served by lists as is
};

EncodedWorkflow EncodeWorkflow(const model::Workflow& workflow) {
    Json nodes = Json::array();
    for (const model::Node& node : workflow.nodes) {
        nodes.push_back(Json{
            {"id", node.id}, {"type", node.type}, {"name", node.name}, {"config", node.config}});
    }
    return EncodedWorkflow{common::FoldCase(workflow.name), DumpJson(workflow.trigger.config),
                           DumpJson(nodes), DumpJson(model::WorkflowToJson(workflow))};
}

struct EncodedResult {
    int position;
    const model::NodeResult* result;  // borrowed from the caller, who waits for the write
    std::string output;
};

std::vector<EncodedResult> EncodeResults(const std::vector<PositionedResult>& results) {
    std::vector<EncodedResult> encoded;
    encoded.reserve(results.size());
    for (const PositionedResult& positioned : results) {
        encoded.push_back(
            {positioned.position, &positioned.result, DumpJson(positioned.result.output)});
    }
    return encoded;
}

// ---- Writes. Each runs on the writer thread inside its own savepoint.

// Inserts or replaces one node result. A missing execution shows up as a foreign-key failure.
Status UpsertNodeResult(Connection& db, std::string_view execution_id,
                        const EncodedResult& encoded) {
    const model::NodeResult& result = *encoded.result;
    Statement upsert = db.Use(Sql::kUpsertNodeResult);
    upsert.BindText(1, execution_id);
    upsert.BindInt(2, encoded.position);
    upsert.BindText(3, result.node_id);
    upsert.BindText(4, result.node_type);
    upsert.BindText(5, result.node_name);
    upsert.BindText(6, model::ToString(result.status));
    upsert.BindOptionalInt(7, OptionalMillis(result.started_at));
    upsert.BindOptionalInt(8, OptionalMillis(result.finished_at));
    upsert.BindText(9, encoded.output);
    upsert.BindOptionalText(10, result.error);

    if (Status stored = upsert.Run(); !stored.ok()) {
        if (IsMissingParent(upsert.LastCode())) return ExecutionNotFound(execution_id);
        return Unexpected("storing a node result", stored.error());
    }
    return Status::Ok();
}

// ---- Reads.

Result<Json> ParseStoredJson(std::string_view text) {
    // Our own writes, so no depth limit: outputs may nest a little deeper than request bodies.
    Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return MakeError(ErrorCode::kInternal, "stored JSON is malformed");
    return value;
}

Result<std::vector<model::Node>> DecodeNodes(std::string_view text) {
    Result<Json> parsed = ParseStoredJson(text);
    if (!parsed.ok()) return std::move(parsed).error();
    if (!parsed->is_array()) return MakeError(ErrorCode::kInternal, "stored nodes are no array");

    std::vector<model::Node> nodes;
    nodes.reserve(parsed->size());
    for (Json& item : *parsed) {
        const auto is_string = [&](const char* key) {
            return item.is_object() && item.contains(key) && item[key].is_string();
        };
        if (!is_string("id") || !is_string("type") || !is_string("name") ||
            !item.contains("config")) {
            return MakeError(ErrorCode::kInternal, "a stored node lacks a field");
        }
        nodes.push_back(model::Node{item["id"].get<std::string>(), item["type"].get<std::string>(),
                                    item["name"].get<std::string>(), std::move(item["config"])});
    }
    return nodes;
}

// Columns as in Sql::kSelectWorkflow and Sql::kListWorkflows.
Result<model::Workflow> ReadWorkflowRow(const Statement& row) {
    model::Workflow workflow;
    workflow.id = row.ColumnText(0);
    workflow.name = row.ColumnText(1);
    workflow.description = row.ColumnText(2);
    workflow.is_active = row.ColumnInt(3) != 0;
    workflow.trigger.type = row.ColumnText(4);
    workflow.created_at = common::FromUnixMillis(row.ColumnInt(7));
    workflow.updated_at = OptionalTime(row.ColumnOptionalInt(8));

    Result<Json> trigger_config = ParseStoredJson(row.ColumnView(5));
    Result<std::vector<model::Node>> nodes = DecodeNodes(row.ColumnView(6));
    if (!trigger_config.ok() || !nodes.ok()) {
        const Error& cause = !trigger_config.ok() ? trigger_config.error() : nodes.error();
        return MakeError(ErrorCode::kInternal,
                         fmt::format("stored workflow {}: {}", workflow.id, cause.message));
    }
    workflow.trigger.config = std::move(trigger_config).value();
    workflow.nodes = std::move(nodes).value();
    return workflow;
}

// Columns as in Sql::kSelectExecution and Sql::kListExecutions.
Result<model::Execution> ReadExecutionRow(const Statement& row) {
    model::Execution execution;
    execution.id = row.ColumnText(0);
    execution.workflow_id = row.ColumnText(1);
    execution.trigger_type = row.ColumnText(2);
    execution.triggered_by = row.ColumnText(3);
    execution.started_at = common::FromUnixMillis(row.ColumnInt(6));
    execution.finished_at = OptionalTime(row.ColumnOptionalInt(7));
    execution.error = row.ColumnOptionalText(8);

    const std::optional<model::RunStatus> status = model::RunStatusFromString(row.ColumnView(5));
    Result<Json> payload = ParseStoredJson(row.ColumnView(4));
    if (!status.has_value() || !payload.ok()) {
        return MakeError(
            ErrorCode::kInternal,
            fmt::format("stored execution {}: {}", execution.id,
                        !status.has_value() ? "unknown status" : payload.error().message));
    }
    execution.status = *status;
    execution.trigger_payload = std::move(payload).value();
    return execution;
}

// The node result columns starting at `first`: node_id, node_type, node_name, status,
// started_at, finished_at, output, error (as in Sql::kSelectNodeResults after position).
Result<model::NodeResult> ReadNodeResultRow(const Statement& row, int first) {
    model::NodeResult result;
    result.node_id = row.ColumnText(first);
    result.node_type = row.ColumnText(first + 1);
    result.node_name = row.ColumnText(first + 2);
    result.started_at = OptionalTime(row.ColumnOptionalInt(first + 4));
    result.finished_at = OptionalTime(row.ColumnOptionalInt(first + 5));
    result.error = row.ColumnOptionalText(first + 7);

    const std::optional<model::NodeStatus> status =
        model::NodeStatusFromString(row.ColumnView(first + 3));
    Result<Json> output = ParseStoredJson(row.ColumnView(first + 6));
    if (!status.has_value() || !output.ok()) {
        return MakeError(
            ErrorCode::kInternal,
            fmt::format("stored result of node {}: {}", result.node_id,
                        !status.has_value() ? "unknown status" : output.error().message));
    }
    result.status = *status;
    result.output = std::move(output).value();
    return result;
}

// Steps `statement` to the end, calling `read_row()` (returning Status) for each row.
template <typename ReadRow>
Status ForEachRow(Statement& statement, ReadRow&& read_row) {
    for (;;) {
        Result<bool> row = statement.Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) return Status::Ok();
        if (Status read = read_row(); !read.ok()) return read;
    }
}

// The single value of a bound COUNT(*) statement.
Result<int64_t> CountRows(Statement statement) {
    Result<bool> row = statement.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return MakeError(ErrorCode::kInternal, "COUNT returned no row");
    return statement.ColumnInt(0);
}

// Rows to skip for `page`; saturates instead of overflowing on absurd page numbers.
int64_t PageOffset(const PageRequest& page) {
    int64_t offset = 0;
    if (page.page <= 1 || page.limit <= 0) return 0;
    if (__builtin_mul_overflow(page.page - 1, page.limit, &offset)) {
        return std::numeric_limits<int64_t>::max();
    }
    return offset;
}

// Keeps a list's count and its page (and a page's node results) in one WAL snapshot.
// REQUIRES: every Statement used inside is destroyed before this is.
class ReadTransaction {
public:
    explicit ReadTransaction(Connection& db) : db_(db) {}
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

    ~ReadTransaction() {
        if (!open_) return;
        // A read-only transaction has nothing to lose; ending it is all that matters, or the
        // next BEGIN on this pooled connection would fail.
        if (!db_.Use(Sql::kCommit).Run().ok() && db_.InTransaction()) {
            (void)db_.Use(Sql::kRollback).Run();
        }
    }

    Status Begin() {
        Status begun = db_.Use(Sql::kBeginRead).Run();
        open_ = begun.ok();
        return begun;
    }

private:
    Connection& db_;
    bool open_ = false;
};

class SqliteStore final : public Store {
public:
    SqliteStore(std::unique_ptr<ReaderPool> readers, std::unique_ptr<Writer> writer)
        : readers_(std::move(readers)), writer_(std::move(writer)) {}
    ~SqliteStore() override { Close(); }

    Result<Page<model::Workflow>> ListWorkflows(const WorkflowFilter& filter) override;
    Result<Page<std::string>> ListWorkflowDocuments(const WorkflowFilter& filter) override;
    Result<model::Workflow> GetWorkflow(std::string_view id) override;
    Status CreateWorkflow(const model::Workflow& workflow) override;
    Status UpdateWorkflow(const model::Workflow& workflow) override;
    Status DeleteWorkflow(std::string_view id) override;

    Status WriteExecution(std::string_view execution_id, const ExecutionWrite& write) override;
    Result<Page<model::Execution>> ListExecutions(std::string_view workflow_id,
                                                  const PageRequest& page) override;
    Result<model::Execution> GetExecution(std::string_view id) override;

    // Readers first: the writer's connection is then the last one open, so closing it can
    // checkpoint the WAL into the database file and remove it.
    void Close() override {
        readers_->Close();
        writer_->Close();
    }

private:
    template <typename T, typename ReadRow>
    Result<Page<T>> ListWorkflowRows(const WorkflowFilter& filter, Sql list_sql, Sql search_sql,
                                     ReadRow read_row);

    std::unique_ptr<ReaderPool> readers_;
    std::unique_ptr<Writer> writer_;
};

// One page of workflows matching `filter`, counted and read in one snapshot; `read_row` turns
// a row of `list_sql` (or `search_sql` when searching) into an item.
template <typename T, typename ReadRow>
Result<Page<T>> SqliteStore::ListWorkflowRows(const WorkflowFilter& filter, Sql list_sql,
                                              Sql search_sql, ReadRow read_row) {
    const bool searching = !filter.search.empty();
    const std::string pattern = searching ? LikeContainsArgument(filter.search) : std::string();
    const int64_t offset = PageOffset(filter.page);

    return readers_->Run([&](Connection& db) -> Result<Page<T>> {
        ReadTransaction snapshot(db);
        if (Status begun = snapshot.Begin(); !begun.ok()) {
            return Unexpected("listing workflows", begun.error());
        }

        Page<T> page;
        Statement count = db.Use(searching ? Sql::kCountWorkflowsMatching : Sql::kCountWorkflows);
        if (searching) count.BindText(1, pattern);
        Result<int64_t> total = CountRows(std::move(count));
        if (!total.ok()) return Unexpected("counting workflows", total.error());
        page.total = *total;
        if (page.total <= offset) return page;

        Statement list = db.Use(searching ? search_sql : list_sql);
        int next = 1;
        if (searching) list.BindText(next++, pattern);
        list.BindInt(next++, filter.page.limit);
        list.BindInt(next, offset);
        Status listed = ForEachRow(list, [&]() -> Status {
            Result<T> item = read_row(list);
            if (!item.ok()) return std::move(item).error();
            page.items.push_back(std::move(item).value());
            return Status::Ok();
        });
        if (!listed.ok()) return Unexpected("listing workflows", listed.error());
        return page;
    });
}

Result<Page<model::Workflow>> SqliteStore::ListWorkflows(const WorkflowFilter& filter) {
    return ListWorkflowRows<model::Workflow>(filter, Sql::kListWorkflows,
                                             Sql::kListWorkflowsMatching, ReadWorkflowRow);
}

Result<Page<std::string>> SqliteStore::ListWorkflowDocuments(const WorkflowFilter& filter) {
    return ListWorkflowRows<std::string>(
        filter, Sql::kListWorkflowDocuments, Sql::kListWorkflowDocumentsMatching,
        [](const Statement& row) -> Result<std::string> { return row.ColumnText(0); });
}

Result<model::Workflow> SqliteStore::GetWorkflow(std::string_view id) {
    return readers_->Run([&](Connection& db) -> Result<model::Workflow> {
        Statement select = db.Use(Sql::kSelectWorkflow);
        select.BindText(1, id);
        Result<bool> row = select.Step();
        if (!row.ok()) return Unexpected("reading a workflow", row.error());
        if (!*row) return WorkflowNotFound(id);
        return ReadWorkflowRow(select);
    });
}

Status SqliteStore::CreateWorkflow(const model::Workflow& workflow) {
    const EncodedWorkflow encoded = EncodeWorkflow(workflow);

    return writer_->Submit([&](Connection& db) -> Status {
        Statement insert = db.Use(Sql::kInsertWorkflow);
        insert.BindText(1, workflow.id);
        insert.BindText(2, workflow.name);
        insert.BindText(3, encoded.name_search);
        insert.BindText(4, workflow.description);
        insert.BindInt(5, workflow.is_active ? 1 : 0);
        insert.BindText(6, workflow.trigger.type);
        insert.BindText(7, encoded.trigger_config);
        insert.BindText(8, encoded.nodes);
        insert.BindInt(9, common::ToUnixMillis(workflow.created_at));
        insert.BindOptionalInt(10, OptionalMillis(workflow.updated_at));
        insert.BindText(11, encoded.document);

        if (Status stored = insert.Run(); !stored.ok()) {
            if (IsDuplicateKey(insert.LastCode())) {
                return MakeError(ErrorCode::kConflict,
                                 fmt::format("workflow {} already exists", workflow.id));
            }
            return Unexpected("creating a workflow", stored.error());
        }
        return Status::Ok();
    });
}

Status SqliteStore::UpdateWorkflow(const model::Workflow& workflow) {
    const EncodedWorkflow encoded = EncodeWorkflow(workflow);

    return writer_->Submit([&](Connection& db) -> Status {
        Statement update = db.Use(Sql::kUpdateWorkflow);
        update.BindText(1, workflow.name);
        update.BindText(2, encoded.name_search);
        update.BindText(3, workflow.description);
        update.BindInt(4, workflow.is_active ? 1 : 0);
        update.BindText(5, workflow.trigger.type);
        update.BindText(6, encoded.trigger_config);
        update.BindText(7, encoded.nodes);
        update.BindOptionalInt(8, OptionalMillis(workflow.updated_at));
        update.BindText(9, encoded.document);
        update.BindText(10, workflow.id);

        if (Status stored = update.Run(); !stored.ok()) {
            return Unexpected("updating a workflow", stored.error());
        }
        if (db.Changes() == 0) return WorkflowNotFound(workflow.id);
        return Status::Ok();
    });
}

Status SqliteStore::DeleteWorkflow(std::string_view id) {
    return writer_->Submit([&](Connection& db) -> Status {
        // Executions and node results go with it (ON DELETE CASCADE).
        Statement remove = db.Use(Sql::kDeleteWorkflow);
        remove.BindText(1, id);
        if (Status deleted = remove.Run(); !deleted.ok()) {
            return Unexpected("deleting a workflow", deleted.error());
        }
        if (db.Changes() == 0) return WorkflowNotFound(id);
        return Status::Ok();
    });
}

Status SqliteStore::WriteExecution(std::string_view execution_id, const ExecutionWrite& write) {
    // Everything is serialized here, on the caller's thread, so the writer thread only binds.
    const model::Execution* created = write.create;
    const std::string payload = created ? DumpJson(created->trigger_payload) : std::string();
    std::vector<EncodedResult> results;
    if (created) {
        for (size_t i = 0; i < created->node_results.size(); ++i) {
            results.push_back({static_cast<int>(i), &created->node_results[i],
                               DumpJson(created->node_results[i].output)});
        }
    }
    for (EncodedResult& encoded : EncodeResults(write.results)) {
        results.push_back(std::move(encoded));
    }

    return writer_->Submit([&](Connection& db) -> Status {
        if (created) {
            Statement insert = db.Use(Sql::kInsertExecution);
            insert.BindText(1, execution_id);
            insert.BindText(2, created->workflow_id);
            insert.BindText(3, created->trigger_type);
            insert.BindText(4, created->triggered_by);
            insert.BindText(5, payload);
            insert.BindText(6, model::ToString(created->status));
            insert.BindInt(7, common::ToUnixMillis(created->started_at));
            insert.BindOptionalInt(8, OptionalMillis(created->finished_at));
            insert.BindOptionalText(9, created->error);
            if (Status stored = insert.Run(); !stored.ok()) {
                if (IsDuplicateKey(insert.LastCode())) {
                    return MakeError(ErrorCode::kConflict,
                                     fmt::format("execution {} already exists", execution_id));
                }
                if (IsMissingParent(insert.LastCode())) {
                    return WorkflowNotFound(created->workflow_id);
                }
                return Unexpected("creating an execution", stored.error());
            }
        }

        // The final state goes before the results so a missing execution is reported as
        // such, not as a foreign-key failure of its first result.
        if (write.finish) {
            Statement update = db.Use(Sql::kFinishExecution);
            update.BindText(1, model::ToString(write.finish->status));
            update.BindInt(2, common::ToUnixMillis(write.finish->finished_at));
            update.BindOptionalText(3, write.finish->error);
            update.BindText(4, execution_id);
            if (Status stored = update.Run(); !stored.ok()) {
                return Unexpected("finishing an execution", stored.error());
            }
            if (db.Changes() == 0) return ExecutionNotFound(execution_id);
        }

        for (const EncodedResult& result : results) {
            if (Status stored = UpsertNodeResult(db, execution_id, result); !stored.ok()) {
                return stored;
            }
        }
        return Status::Ok();
    });
}

Result<Page<model::Execution>> SqliteStore::ListExecutions(std::string_view workflow_id,
                                                           const PageRequest& request) {
    const int64_t offset = PageOffset(request);

    return readers_->Run([&](Connection& db) -> Result<Page<model::Execution>> {
        ReadTransaction snapshot(db);
        if (Status begun = snapshot.Begin(); !begun.ok()) {
            return Unexpected("listing executions", begun.error());
        }

        Page<model::Execution> page;
        Statement count = db.Use(Sql::kCountExecutions);
        count.BindText(1, workflow_id);
        Result<int64_t> total = CountRows(std::move(count));
        if (!total.ok()) return Unexpected("counting executions", total.error());
        page.total = *total;
        if (page.total <= offset) return page;

        Statement list = db.Use(Sql::kListExecutions);
        list.BindText(1, workflow_id);
        list.BindInt(2, request.limit);
        list.BindInt(3, offset);
        Status listed = ForEachRow(list, [&]() -> Status {
            Result<model::Execution> execution = ReadExecutionRow(list);
            if (!execution.ok()) return std::move(execution).error();
            page.items.push_back(std::move(execution).value());
            return Status::Ok();
        });
        if (!listed.ok()) return Unexpected("listing executions", listed.error());

        // The ids point into page.items, which no longer grows.
        std::unordered_map<std::string_view, model::Execution*> by_id;
        for (model::Execution& execution : page.items) by_id.emplace(execution.id, &execution);

        Statement results = db.Use(Sql::kListPageNodeResults);
        results.BindText(1, workflow_id);
        results.BindInt(2, request.limit);
        results.BindInt(3, offset);
        Status read = ForEachRow(results, [&]() -> Status {
            const auto owner = by_id.find(results.ColumnView(0));
            if (owner == by_id.end()) return Status::Ok();  // same snapshot: cannot happen
            Result<model::NodeResult> result = ReadNodeResultRow(results, 2);
            if (!result.ok()) return std::move(result).error();
            owner->second->node_results.push_back(std::move(result).value());
            return Status::Ok();
        });
        if (!read.ok()) return Unexpected("reading node results", read.error());
        return page;
    });
}

Result<model::Execution> SqliteStore::GetExecution(std::string_view id) {
    return readers_->Run([&](Connection& db) -> Result<model::Execution> {
        ReadTransaction snapshot(db);
        if (Status begun = snapshot.Begin(); !begun.ok()) {
            return Unexpected("reading an execution", begun.error());
        }

        Statement select = db.Use(Sql::kSelectExecution);
        select.BindText(1, id);
        Result<bool> row = select.Step();
        if (!row.ok()) return Unexpected("reading an execution", row.error());
        if (!*row) return ExecutionNotFound(id);
        Result<model::Execution> execution = ReadExecutionRow(select);
        if (!execution.ok()) return execution;

        Statement results = db.Use(Sql::kSelectNodeResults);
        results.BindText(1, id);
        Status read = ForEachRow(results, [&]() -> Status {
            Result<model::NodeResult> result = ReadNodeResultRow(results, 1);
            if (!result.ok()) return std::move(result).error();
            execution->node_results.push_back(std::move(result).value());
            return Status::Ok();
        });
        if (!read.ok()) return Unexpected("reading node results", read.error());
        return execution;
    });
}

Status SetPragmas(Connection& db, const std::string& path) {
    // busy_timeout first: switching to WAL needs a lock another process may hold for a moment.
    if (Status set = db.Execute("PRAGMA busy_timeout = 5000"); !set.ok()) {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("SQLite database {}: {}", path, set.error().message));
    }

    // WAL lets the readers work beside the writer. It persists in the file, and SQLite answers
    // with the mode it actually got: an in-memory database, for one, cannot use WAL.
    Result<std::optional<std::string>> mode = db.QueryText("PRAGMA journal_mode = WAL");
    if (!mode.ok()) {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("SQLite database {}: {}", path, mode.error().message));
    }
    if (mode->value_or("") != "wal") {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("SQLite database {}: cannot use WAL (journal mode is {})",
                                     path, mode->value_or("unknown")));
    }

    // NORMAL syncs at checkpoints only: a power cut may lose the last commits but never
    // corrupts the file. foreign_keys is per connection and carries the cascades.
    for (const char* pragma : {"PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"}) {
        if (Status set = db.Execute(pragma); !set.ok()) {
            return MakeError(ErrorCode::kUnavailable,
                             fmt::format("SQLite database {}: {}", path, set.error().message));
        }
    }
    return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
    if (options.read_connections < 1) {
        return MakeError(ErrorCode::kInvalidArgument, "read_connections must be at least 1");
    }

    Result<std::unique_ptr<Connection>> opened =
        Connection::Open(options.path, OpenMode::kReadWrite);
    if (!opened.ok()) return std::move(opened).error();
    Connection& db = **opened;

    if (Status set = SetPragmas(db, options.path); !set.ok()) return std::move(set).error();
    if (Status migrated = ApplyMigrations(db, options.path); !migrated.ok()) {
        return std::move(migrated).error();
    }
    if (Status prepared = db.PrepareStatements(); !prepared.ok()) {
        return MakeError(
            ErrorCode::kUnavailable,
            fmt::format("SQLite database {}: {}", options.path, prepared.error().message));
    }

    // Readers open after the writer switched to WAL and migrated: they are read-only and could
    // do neither.
    Result<std::unique_ptr<ReaderPool>> readers =
        ReaderPool::Open(options.path, options.read_connections);
    if (!readers.ok()) return std::move(readers).error();

    auto writer = std::make_unique<Writer>(std::move(opened).value());
    return std::unique_ptr<Store>(
        std::make_unique<SqliteStore>(std::move(readers).value(), std::move(writer)));
}

}  // namespace lenzflow::storage::sqlite
