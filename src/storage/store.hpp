// The storage interfaces the engine, scheduler and API see. Backends (sqlite/, later postgres/)
// implement them; nothing outside app/ names a backend.
//
// Thread safety: every method may be called from any thread concurrently. A method that returns
// OK has made its change durable as far as the backend promises (SQLite: committed in WAL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/time.hpp"
#include "model/execution.hpp"
#include "model/workflow.hpp"

namespace lenzflow::storage {

using common::Result;
using common::Status;

/// Which page of a list to read. REQUIRES: page >= 1, limit >= 1 (checked by the API).
struct PageRequest {
    int64_t page = 1;
    int64_t limit = 10;
};

template <typename T>
struct Page {
    std::vector<T> items;
    int64_t total = 0;  // matching rows over all pages
};

struct WorkflowFilter {
    std::string search;  // partial, case-insensitive match on name; empty matches all
    PageRequest page;
};

/// Workflows, newest first in lists (created_at, then id, descending).
class WorkflowStore {
public:
    virtual ~WorkflowStore() = default;

    virtual Result<Page<model::Workflow>> ListWorkflows(const WorkflowFilter& filter) = 0;
    /// The same page as ListWorkflows, each item the workflow's API document
    /// (model::WorkflowToJson) as JSON text, kept from the last write. Lists are served from it
    /// without parsing and re-serializing every workflow.
    virtual Result<Page<std::string>> ListWorkflowDocuments(const WorkflowFilter& filter) = 0;
    /// kNotFound when there is no such workflow.
    virtual Result<model::Workflow> GetWorkflow(std::string_view id) = 0;
    /// kConflict when the id exists.
    virtual Status CreateWorkflow(const model::Workflow& workflow) = 0;
    /// Replaces everything but id and created_at. kNotFound when there is no such workflow.
    virtual Status UpdateWorkflow(const model::Workflow& workflow) = 0;
    /// Deletes the workflow and its whole execution history. kNotFound when absent.
    virtual Status DeleteWorkflow(std::string_view id) = 0;
};

/// A node result and its position in the workflow's node list.
struct PositionedResult {
    int position = 0;
    model::NodeResult result;
};

/// Execution history. A run is written in steps so a crash never loses finished work:
/// CreateExecution when it starts, SaveNodeResult as each node finishes, FinishExecution once.
class ExecutionStore {
public:
    virtual ~ExecutionStore() = default;

    /// Stores a new execution with the node results it already carries (normally none).
    /// kNotFound when its workflow does not exist (any more); kConflict when the id exists.
    virtual Status CreateExecution(const model::Execution& execution) = 0;

    /// Stores the result of the node at `position`, replacing one stored there before.
    /// kNotFound when the execution does not exist (its workflow was deleted meanwhile).
    virtual Status SaveNodeResult(std::string_view execution_id,
                                  const PositionedResult& result) = 0;

    /// Sets the final status, finish time and error, and stores `remaining` (the nodes that
    /// never ran, as skipped) in the same transaction. kNotFound as for SaveNodeResult.
    virtual Status FinishExecution(std::string_view execution_id, model::RunStatus status,
                                   common::TimePoint finished_at,
                                   const std::optional<std::string>& error,
                                   const std::vector<PositionedResult>& remaining) = 0;

    /// A workflow's executions with their node results, newest first (started_at, then id,
    /// descending). An unknown workflow id yields an empty page.
    virtual Result<Page<model::Execution>> ListExecutions(std::string_view workflow_id,
                                                          const PageRequest& page) = 0;

    /// kNotFound when there is no such execution.
    virtual Result<model::Execution> GetExecution(std::string_view id) = 0;
};

/// Everything a backend provides. Close() waits for pending writes; afterwards every method
/// fails with kUnavailable.
class Store : public WorkflowStore, public ExecutionStore {
public:
    virtual void Close() = 0;
};

}  // namespace lenzflow::storage
