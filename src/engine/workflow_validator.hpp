// Everything a workflow must satisfy before it is saved or run: the shape checks of
// model::WorkflowFromJson are done by then; this adds the trigger config, node types, each node's
// config (by its own validator) and the templates in every config.
#pragma once

#include "common/result.hpp"
#include "model/workflow.hpp"
#include "nodes/registry.hpp"

namespace lenzflow::engine {

/// kInvalidArgument listing every problem as a field error (`trigger_node.config.cron`,
/// `nodes[1].type`, `nodes[0].config.url`, ...); OK when the workflow can run.
common::Status ValidateWorkflow(const model::Workflow& workflow, const nodes::Registry& registry);

}  // namespace lenzflow::engine
