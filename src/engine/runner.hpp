// Runs one execution of a workflow on the calling thread, node after node, persisting as it
// goes. The first failing node stops the run; the nodes after it are recorded as skipped and its
// error becomes the run's error.
//
// When steps are stored: the execution, as `running`, before the first node starts. Then
// everything before a node with side effects (an HTTP call, a message) is committed before that
// node starts, so a crash can never lose the record of work done outside the run. Results of
// pure nodes (transform) are held back and committed with the next such boundary or with the
// final state: a crash can only lose work that is recomputed for free, and a run of pure nodes
// costs two commits instead of one per step.
#pragma once

#include <stop_token>

#include "common/result.hpp"
#include "common/time.hpp"
#include "model/execution.hpp"
#include "model/workflow.hpp"
#include "nodes/registry.hpp"
#include "storage/store.hpp"

namespace lenzflow::engine {

/// Where a run comes from: kept on the execution and visible to templates as `trigger`.
struct RunTrigger {
    std::string type;          // "manual" | "schedule"
    std::string triggered_by;  // token subject, or "scheduler"
    common::Json payload;      // `{{trigger.body...}}`; null when none
};

/// Stateless apart from its borrowed collaborators, which must outlive it. Thread-safe: any
/// number of threads may call Run concurrently.
class Runner {
public:
    Runner(storage::ExecutionStore& store, const nodes::Registry& registry,
           const common::Clock& clock)
        : store_(store), registry_(registry), clock_(clock) {}

    /// Runs `workflow` and returns the finished execution. An error means the run could not be
    /// recorded (e.g. the workflow was deleted meanwhile); node failures are not errors here but
    /// a finished execution with status failed. `stop` interrupts long node waits.
    common::Result<model::Execution> Run(const model::Workflow& workflow, const RunTrigger& trigger,
                                         const std::stop_token& stop) const;

private:
    storage::ExecutionStore& store_;
    const nodes::Registry& registry_;
    const common::Clock& clock_;
};

}  // namespace lenzflow::engine
