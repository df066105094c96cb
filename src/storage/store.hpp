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

/// The final state of a run.
struct ExecutionFinish {
    model::RunStatus status = model::RunStatus::kSuccess;
    common::TimePoint finished_at{};
    std::optional<std::string> error;
};

/// Steps of one run written together, in this order and in one transaction: the new execution
/// row, node results (each replacing one stored at its position), the final state.
struct ExecutionWrite {
    const model::Execution* create = nullptr;  // borrowed; its own node_results are stored too
    std::vector<PositionedResult> results;
    std::optional<ExecutionFinish> finish;
};

/// Execution history. A run is written in steps so a crash never loses finished work; the
/// runner decides how steps are grouped into writes (see engine/runner.hpp).
class ExecutionStore {
public:
    virtual ~ExecutionStore() = default;

    /// Applies `write` to execution `execution_id` atomically. kConflict when `create` names an
    /// existing id; kNotFound when its workflow does not exist (any more) or, without `create`,
    /// when the execution does not exist (its workflow was deleted meanwhile).
    virtual Status WriteExecution(std::string_view execution_id, const ExecutionWrite& write) = 0;

    /// Stores a new execution with the node results it already carries (normally none).
    Status CreateExecution(const model::Execution& execution) {
        return WriteExecution(execution.id, ExecutionWrite{&execution, {}, std::nullopt});
    }

    /// Stores the result of the node at `position`.
    Status SaveNodeResult(std::string_view execution_id, const PositionedResult& result) {
        return WriteExecution(execution_id, ExecutionWrite{nullptr, {result}, std::nullopt});
    }

    /// Sets the final state and stores `remaining` (the nodes that never ran, as skipped).
    Status FinishExecution(std::string_view execution_id, model::RunStatus status,
                           common::TimePoint finished_at, const std::optional<std::string>& error,
                           std::vector<PositionedResult> remaining) {
        return WriteExecution(execution_id,
                              ExecutionWrite{nullptr, std::move(remaining),
                                             ExecutionFinish{status, finished_at, error}});
    }

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
