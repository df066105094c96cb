#include "nodes/transform_node.hpp"

namespace lenzflow::nodes {

std::vector<common::FieldError> TransformNode::ValidateConfig(const Json& config) const {
    std::vector<common::FieldError> errors;
    if (!config.contains("output")) errors.push_back({"output", "is required"});
    for (const auto& [key, value] : config.items()) {
        if (key != "output") errors.push_back({key, "unknown field"});
    }
    return errors;
}

common::Result<Json> TransformNode::Run(const Json& config, const NodeContext&) const {
    return config.at("output");
}

}  // namespace lenzflow::nodes
