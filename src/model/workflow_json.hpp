// The JSON shape of workflows and executions on the API (CONTRACT.md), both directions.
#pragma once

#include "common/json.hpp"
#include "common/result.hpp"
#include "model/execution.hpp"
#include "model/workflow.hpp"

namespace lenzflow::model {

/// Bounds on what one workflow may hold; documented in docs/api.md.
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxDescriptionLength = 2000;
inline constexpr size_t kMaxNodes = 100;
inline constexpr size_t kMaxNodeIdLength = 64;

/// Reads the body of `POST /api/workflows` or `PUT /api/workflows/{id}` into a Workflow with no
/// id and no timestamps. Checks shape only (types, required fields, unknown fields, node id
/// syntax and uniqueness, lengths); node configs and the trigger config are checked by
/// engine::ValidateWorkflow. Every problem found is reported, each naming its field; the error
/// code is kInvalidArgument.
common::Result<Workflow> WorkflowFromJson(const Json& body);

Json WorkflowToJson(const Workflow& workflow);
Json NodeResultToJson(const NodeResult& result);
Json ExecutionToJson(const Execution& execution);

}  // namespace lenzflow::model
