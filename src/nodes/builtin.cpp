// The one place built-in node types are registered. A new type adds one line here.
#include "nodes/http_request_node.hpp"
#include "nodes/registry.hpp"
#include "nodes/transform_node.hpp"

namespace lenzflow::nodes {

Registry MakeBuiltinRegistry(const BuiltinOptions& options) {
    Registry registry;
    registry.Add("http_request",
                 std::make_unique<HttpRequestNode>(options.http_max_response_bytes));
    registry.Add("transform", std::make_unique<TransformNode>());
    return registry;
}

}  // namespace lenzflow::nodes
