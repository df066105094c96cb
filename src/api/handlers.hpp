// The Workflows API (CONTRACT.md): authentication, body checks and one handler per route, on
// transport-neutral types. Workflow rules live in model/ and engine/; this file only maps
// requests to them and results to envelopes.
#pragma once

#include "api/auth.hpp"
#include "api/http_types.hpp"
#include "common/jwt.hpp"
#include "common/time.hpp"
#include "engine/engine.hpp"
#include "nodes/registry.hpp"
#include "storage/store.hpp"

namespace lenzflow::api {

struct ApiOptions {
    size_t max_body_bytes = 1024 * 1024;
};

/// Thread-safe: Handle may be called from any number of I/O threads at once. Borrowed
/// collaborators must outlive it.
class Api {
public:
    Api(storage::Store& store, engine::Engine& engine, const nodes::Registry& registry,
        const common::Clock& clock, const common::JwtVerifier& verifier, ApiOptions options)
        : store_(store),
          engine_(engine),
          registry_(registry),
          clock_(clock),
          verifier_(verifier),
          options_(options) {}

    /// Authenticates and serves one request. `respond` is called exactly once: before Handle
    /// returns, or later from an engine worker for runs.
    void Handle(const ApiRequest& request, const Responder& respond) const;

private:
    ApiResponse ListWorkflows(const ApiRequest& request) const;
    ApiResponse CreateWorkflow(const ApiRequest& request) const;
    ApiResponse GetWorkflow(const ApiRequest& request) const;
    ApiResponse UpdateWorkflow(const ApiRequest& request) const;
    ApiResponse DeleteWorkflow(const ApiRequest& request) const;
    ApiResponse ListLogs(const ApiRequest& request) const;
    void ExecuteWorkflow(const ApiRequest& request, std::string subject,
                         const Responder& respond) const;

    storage::Store& store_;
    engine::Engine& engine_;
    const nodes::Registry& registry_;
    const common::Clock& clock_;
    const common::JwtVerifier& verifier_;
    const ApiOptions options_;
    mutable VerifiedTokenCache tokens_;
};

}  // namespace lenzflow::api
