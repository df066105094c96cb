// Every SQL statement the store runs on its hot paths. Each connection prepares all of them once
// when it opens (Connection::PrepareStatements) and reuses them by id, so no request parses SQL.
//
// The text sticks to SQL that PostgreSQL also accepts (positional parameters aside) so the
// postgres/ backend can follow it; the SQLite-only parts are BEGIN IMMEDIATE and nothing else.
// Column lists here and the readers in sqlite_store.cpp (Read*Row) must change together.
#pragma once

#include <cstddef>

namespace lenzflow::storage::sqlite {

enum class Sql : size_t {
    // Transactions. Readers use kBeginRead so a list's count and page come from one snapshot;
    // the writer takes the write lock up front so a batch never fails half-way on SQLITE_BUSY.
    kBeginRead,
    kBeginWrite,
    kCommit,
    kRollback,
    kSavepoint,
    kReleaseSavepoint,
    kRollbackToSavepoint,

    // Workflows.
    kInsertWorkflow,
    kUpdateWorkflow,
    kDeleteWorkflow,
    kSelectWorkflow,
    kCountWorkflows,
    kCountWorkflowsMatching,
    kListWorkflows,
    kListWorkflowsMatching,
    kListWorkflowDocuments,
    kListWorkflowDocumentsMatching,

    // Executions and node results.
    kInsertExecution,
    kFinishExecution,
    kUpsertNodeResult,
    kSelectExecution,
    kSelectNodeResults,
    kCountExecutions,
    kListExecutions,
    kListPageNodeResults,

    kCount,  // not a statement: the number of statements
};

inline constexpr size_t kSqlCount = static_cast<size_t>(Sql::kCount);

/// The text of statement `id`. REQUIRES: id != Sql::kCount.
const char* SqlText(Sql id);

}  // namespace lenzflow::storage::sqlite
