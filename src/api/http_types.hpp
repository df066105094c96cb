// Transport-neutral request and response types. Only http_server.cpp knows the HTTP library;
// everything else in api/ works on these, so handlers are testable without a server.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/json.hpp"

namespace lenzflow::api {

using common::Json;
using Headers = std::vector<std::pair<std::string, std::string>>;

enum class RouteId {
    kListWorkflows,
    kCreateWorkflow,
    kGetWorkflow,
    kUpdateWorkflow,
    kDeleteWorkflow,
    kExecuteWorkflow,
    kListLogs,
};

struct ApiRequest {
    RouteId route = RouteId::kListWorkflows;
    std::string workflow_id;  // the `{id}` path segment, for routes that have one
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::string authorization;                               // the raw header, may be empty
    std::string content_type;                                // the raw header, may be empty
    std::string body;
};

struct ApiResponse {
    int status = 200;
    Json body;
    std::string raw_body;  // when set, sent instead of `body`: JSON text built without a DOM
    Headers headers;       // extra headers, e.g. Allow or Retry-After
};

/// Delivers a response. Handlers call it exactly once, possibly from another thread.
using Responder = std::function<void(ApiResponse)>;

}  // namespace lenzflow::api
