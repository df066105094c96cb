#include "engine/workflow_validator.hpp"

#include <fmt/format.h>

#include "engine/template.hpp"
#include "model/trigger_validation.hpp"

namespace lenzflow::engine {

namespace {

std::string KnownTypes(const nodes::Registry& registry) {
    std::string out;
    for (const auto& name : registry.Names()) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

}  // namespace

common::Status ValidateWorkflow(const model::Workflow& workflow, const nodes::Registry& registry) {
    std::vector<common::FieldError> errors = model::ValidateTrigger(workflow.trigger);

    for (size_t i = 0; i < workflow.nodes.size(); ++i) {
        const auto& node = workflow.nodes[i];
        const std::string path = fmt::format("nodes[{}]", i);
        const nodes::NodeType* type = registry.Find(node.type);
        if (type == nullptr) {
            errors.push_back({path + ".type", fmt::format("unknown node type '{}' (known: {})",
                                                          node.type, KnownTypes(registry))});
            continue;
        }
        for (auto& e : type->ValidateConfig(node.config)) {
            errors.push_back({path + ".config." + e.field, std::move(e.message)});
        }
        auto compiled = CompiledJson::Compile(node.config, path + ".config");
        if (!compiled.ok()) {
            for (auto& e : std::move(compiled).error().fields) errors.push_back(std::move(e));
        }
    }

    if (errors.empty()) return common::Status::Ok();
    std::string message = errors.front().field + ": " + errors.front().message;
    if (errors.size() > 1) message += fmt::format(" (and {} more)", errors.size() - 1);
    return common::Error{common::ErrorCode::kInvalidArgument, std::move(message),
                         std::move(errors)};
}

}  // namespace lenzflow::engine
