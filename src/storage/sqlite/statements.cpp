#include "storage/sqlite/statements.hpp"

#include <cassert>

namespace lenzflow::storage::sqlite {

const char* SqlText(Sql id) {
    switch (id) {
        case Sql::kBeginRead:
            return "BEGIN";
        case Sql::kBeginWrite:
            return "BEGIN IMMEDIATE";
        case Sql::kCommit:
            return "COMMIT";
        case Sql::kRollback:
            return "ROLLBACK";
        case Sql::kSavepoint:
            return "SAVEPOINT write_op";
        case Sql::kReleaseSavepoint:
            return "RELEASE SAVEPOINT write_op";
        case Sql::kRollbackToSavepoint:
            return "ROLLBACK TO SAVEPOINT write_op";

        case Sql::kInsertWorkflow:
            return "INSERT INTO workflows (id, name, name_search, description, is_active, "
                   "trigger_type, trigger_config, nodes, created_at, updated_at, document) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        case Sql::kUpdateWorkflow:
            return "UPDATE workflows SET name = ?, name_search = ?, description = ?, "
                   "is_active = ?, trigger_type = ?, trigger_config = ?, nodes = ?, "
                   "updated_at = ?, document = ? WHERE id = ?";
        case Sql::kDeleteWorkflow:
            return "DELETE FROM workflows WHERE id = ?";
        case Sql::kSelectWorkflow:
            return "SELECT id, name, description, is_active, trigger_type, trigger_config, nodes, "
                   "created_at, updated_at FROM workflows WHERE id = ?";
        case Sql::kCountWorkflows:
            return "SELECT COUNT(*) FROM workflows";
        case Sql::kCountWorkflowsMatching:
            return "SELECT COUNT(*) FROM workflows WHERE name_search LIKE '%' || ? || '%' "
                   "ESCAPE '\\'";
        case Sql::kListWorkflows:
            return "SELECT id, name, description, is_active, trigger_type, trigger_config, nodes, "
                   "created_at, updated_at FROM workflows "
                   "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        case Sql::kListWorkflowsMatching:
            return "SELECT id, name, description, is_active, trigger_type, trigger_config, nodes, "
                   "created_at, updated_at FROM workflows "
                   "WHERE name_search LIKE '%' || ? || '%' ESCAPE '\\' "
                   "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        case Sql::kListWorkflowDocuments:
            return "SELECT document FROM workflows "
                   "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        case Sql::kListWorkflowDocumentsMatching:
            return "SELECT document FROM workflows "
                   "WHERE name_search LIKE '%' || ? || '%' ESCAPE '\\' "
                   "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";

        case Sql::kInsertExecution:
            return "INSERT INTO executions (id, workflow_id, trigger_type, triggered_by, "
                   "trigger_payload, status, started_at, finished_at, error) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        case Sql::kFinishExecution:
            return "UPDATE executions SET status = ?, finished_at = ?, error = ? WHERE id = ?";
        case Sql::kUpsertNodeResult:
            return "INSERT INTO node_results (execution_id, position, node_id, node_type, "
                   "node_name, status, started_at, finished_at, output, error) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (execution_id, position) DO UPDATE SET "
                   "node_id = excluded.node_id, node_type = excluded.node_type, "
                   "node_name = excluded.node_name, status = excluded.status, "
                   "started_at = excluded.started_at, finished_at = excluded.finished_at, "
                   "output = excluded.output, error = excluded.error";
        case Sql::kSelectExecution:
            return "SELECT id, workflow_id, trigger_type, triggered_by, trigger_payload, status, "
                   "started_at, finished_at, error FROM executions WHERE id = ?";
        case Sql::kSelectNodeResults:
            return "SELECT position, node_id, node_type, node_name, status, started_at, "
                   "finished_at, output, error FROM node_results WHERE execution_id = ? "
                   "ORDER BY position";
        case Sql::kCountExecutions:
            return "SELECT COUNT(*) FROM executions WHERE workflow_id = ?";
        case Sql::kListExecutions:
            return "SELECT id, workflow_id, trigger_type, triggered_by, trigger_payload, status, "
                   "started_at, finished_at, error FROM executions WHERE workflow_id = ? "
                   "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?";
        case Sql::kListPageNodeResults:
            // The same page as kListExecutions (same snapshot), so one query serves all of it.
            return "SELECT execution_id, position, node_id, node_type, node_name, status, "
                   "started_at, finished_at, output, error FROM node_results "
                   "WHERE execution_id IN (SELECT id FROM executions WHERE workflow_id = ? "
                   "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?) "
                   "ORDER BY execution_id, position";

        case Sql::kCount:
            break;
    }
    assert(false && "not a statement id");
    return "";
}

}  // namespace lenzflow::storage::sqlite
