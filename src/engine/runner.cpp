#include "engine/runner.hpp"

#include <fmt/format.h>

#include <map>

#include "common/ids.hpp"
#include "common/log.hpp"
#include "engine/template.hpp"

namespace lenzflow::engine {

namespace {

using common::Json;
using model::NodeStatus;
using model::RunStatus;

// Runs one node: render its config, check the rendered values, call the node type. Exceptions
// stop here so one faulty node type cannot take the server down.
common::Result<Json> RunNode(const model::Node& node, const nodes::NodeType& type,
                             const Scope& scope, const nodes::NodeContext& context) {
    auto compiled = CompiledJson::Compile(node.config, "config");
    if (!compiled.ok()) return std::move(compiled).error();
    auto rendered = compiled->Render(scope);
    if (!rendered.ok()) return std::move(rendered).error();
    const Json config = std::move(*rendered);

    const auto problems = type.ValidateConfig(config);
    if (!problems.empty()) {
        return common::MakeError(common::ErrorCode::kInvalidArgument,
                                 fmt::format("rendered config.{}: {}", problems.front().field,
                                             problems.front().message));
    }

    try {
        return type.Run(config, context);
    } catch (const std::exception& e) {
        spdlog::error("event=node_exception node={} type={} what={}", node.id, node.type,
                      common::LogValue(e.what()));
        return common::MakeError(common::ErrorCode::kInternal,
                                 "internal error in node type " + node.type);
    }
}

// A run whose records vanished mid-way (kNotFound) lost its workflow to a DELETE; say so rather
// than name an execution the caller never saw.
common::Error NotRecorded(const common::Error& error, const std::string& workflow_id) {
    if (error.code != common::ErrorCode::kNotFound) return error;
    return common::MakeError(common::ErrorCode::kNotFound,
                             "workflow " + workflow_id + " was deleted during the run");
}

}  // namespace

common::Result<model::Execution> Runner::Run(const model::Workflow& workflow,
                                             const RunTrigger& trigger,
                                             const std::stop_token& stop) const {
    model::Execution execution;
    execution.id = common::NewId();
    execution.workflow_id = workflow.id;
    execution.trigger_type = trigger.type;
    execution.triggered_by = trigger.triggered_by;
    execution.trigger_payload = trigger.payload;
    execution.status = RunStatus::kRunning;
    execution.started_at = clock_.Now();

    // The run is on record as `running` before any node starts; results then go into `pending`
    // until the next side-effect boundary or the end.
    if (auto s = store_.CreateExecution(execution); !s.ok()) return std::move(s).error();
    storage::ExecutionWrite pending;
    auto flush = [&]() -> common::Status {
        if (!pending.create && pending.results.empty() && !pending.finish) {
            return common::Status::Ok();
        }
        if (auto s = store_.WriteExecution(execution.id, pending); !s.ok()) {
            return NotRecorded(s.error(), workflow.id);
        }
        pending = storage::ExecutionWrite{};
        return common::Status::Ok();
    };

    // The template scope borrows from the execution, whose node_results never reallocate:
    // reserve first.
    execution.node_results.reserve(workflow.nodes.size());
    const Json trigger_json = {
        {"type", trigger.type}, {"by", trigger.triggered_by}, {"body", trigger.payload}};
    const Json workflow_json = {{"id", workflow.id}, {"name", workflow.name}};
    const Json execution_json = {{"id", execution.id}};
    std::map<std::string, const Json*, std::less<>> node_bodies;
    Scope scope{nullptr, &node_bodies, &trigger_json, &workflow_json, &execution_json};

    size_t next = 0;
    for (; next < workflow.nodes.size(); ++next) {
        const auto& node = workflow.nodes[next];
        const nodes::NodeType* type = registry_.Find(node.type);
        if (type == nullptr || type->HasSideEffects()) {
            if (auto s = flush(); !s.ok()) return std::move(s).error();
        }

        model::NodeResult result{node.id,      node.type,    node.name, NodeStatus::kFailed,
                                 clock_.Now(), std::nullopt, nullptr,   std::nullopt};
        common::Result<Json> outcome = common::MakeError(
            common::ErrorCode::kInvalidArgument, fmt::format("unknown node type '{}'", node.type));
        if (type != nullptr) {
            const nodes::NodeContext context{workflow.id, execution.id, node.id, clock_, stop};
            outcome = RunNode(node, *type, scope, context);
        }
        result.finished_at = clock_.Now();
        if (outcome.ok()) {
            result.status = NodeStatus::kSuccess;
            result.output = std::move(outcome).value();
        } else {
            result.error = outcome.error().message;
        }
        execution.node_results.push_back(std::move(result));

        const auto& stored = execution.node_results.back();
        pending.results.push_back({static_cast<int>(next), stored});
        if (stored.status != NodeStatus::kSuccess) {
            execution.error = fmt::format("node {} failed: {}", node.id, *stored.error);
            ++next;
            break;
        }
        node_bodies[node.id] = &stored.output;
        scope.prev_body = &stored.output;
    }

    for (size_t i = next; i < workflow.nodes.size(); ++i) {
        const auto& node = workflow.nodes[i];
        model::NodeResult skipped{node.id,      node.type,    node.name, NodeStatus::kSkipped,
                                  std::nullopt, std::nullopt, nullptr,   std::nullopt};
        pending.results.push_back({static_cast<int>(i), skipped});
        execution.node_results.push_back(std::move(skipped));
    }
    execution.status = execution.error ? RunStatus::kFailed : RunStatus::kSuccess;
    execution.finished_at = clock_.Now();
    pending.finish =
        storage::ExecutionFinish{execution.status, *execution.finished_at, execution.error};
    if (auto s = flush(); !s.ok()) return std::move(s).error();

    if (execution.error) {
        spdlog::warn("event=run_failed workflow_id={} run_id={} error={}", workflow.id,
                     execution.id, common::LogValue(*execution.error));
    } else {
        spdlog::debug("event=run_succeeded workflow_id={} run_id={}", workflow.id, execution.id);
    }
    return execution;
}

}  // namespace lenzflow::engine
