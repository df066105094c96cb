// `transform`: builds a new JSON value from earlier outputs, like n8n's Set node or Node-RED's
// change node. Config `output` is any JSON; the engine renders its templates before Run, so the
// node's output is simply that rendered value.
#pragma once

#include "nodes/node_type.hpp"

namespace lenzflow::nodes {

class TransformNode final : public NodeType {
public:
    std::vector<common::FieldError> ValidateConfig(const Json& config) const override;
    bool HasSideEffects() const override { return false; }
    common::Result<Json> Run(const Json& config, const NodeContext& context) const override;
};

}  // namespace lenzflow::nodes
