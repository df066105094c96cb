// The interface every node type implements, and the narrow context a node runs in. A node never
// sees HTTP request objects or SQL: only its rendered config and this context.
#pragma once

#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/result.hpp"
#include "common/time.hpp"

namespace lenzflow::nodes {

using common::Json;

/// What a running node may use. Lives for the duration of one Run call.
struct NodeContext {
    std::string_view workflow_id;
    std::string_view execution_id;
    std::string_view node_id;
    const common::Clock& clock;
    std::stop_token stop;  // set when the run must end early (shutdown); long waits check it
};

/// One kind of action node. Implementations are stateless after construction and thread-safe:
/// one instance serves every run of every workflow concurrently.
class NodeType {
public:
    virtual ~NodeType() = default;

    /// Checks a config as saved, before templates are rendered. A string field may hold
    /// templates, so checks that need the final value belong in Run. Field names in the
    /// returned errors are relative to the config object (e.g. `url`, `headers.X-Key`).
    /// Run at save time and again (on the rendered config) before each run.
    virtual std::vector<common::FieldError> ValidateConfig(const Json& config) const = 0;

    /// False for a type whose Run only computes from its config: no I/O, no waiting, nothing
    /// visible outside the run. The runner may then hold back storing earlier results until a
    /// node that does have effects is about to start (see engine/runner.hpp).
    virtual bool HasSideEffects() const { return true; }

    /// Performs the action with the rendered config. The returned JSON is this node's output,
    /// which later nodes read as `{{prev.body...}}`. Failures are returned, never thrown.
    virtual common::Result<Json> Run(const Json& config, const NodeContext& context) const = 0;
};

}  // namespace lenzflow::nodes
