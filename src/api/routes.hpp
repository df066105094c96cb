// The API's route table: method + path -> RouteId. Plain string matching on path segments;
// cheaper than the regular-expression router the HTTP library offers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.hpp"

namespace lenzflow::api {

struct RouteMatch {
    enum class Kind { kFound, kNoSuchPath, kMethodNotAllowed } kind = Kind::kNoSuchPath;
    RouteId route = RouteId::kListWorkflows;
    std::string workflow_id;
    std::string allow;  // for kMethodNotAllowed: the methods the path accepts, e.g. "GET, POST"
};

/// `path` is the URL path without the query string, still percent-encoded. A trailing slash is
/// tolerated. A `{id}` segment is percent-decoded.
RouteMatch MatchRoute(std::string_view method, std::string_view path);

/// A stable name for logs and metrics, e.g. "execute_workflow".
std::string_view RouteName(RouteId route);

/// Decodes %XX escapes (and `+` as space when `plus_is_space`); nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace lenzflow::api
