// Reading the parts of a request that every route shares: query parameters and JSON bodies.
#pragma once

#include <string>

#include "api/http_types.hpp"
#include "common/result.hpp"
#include "storage/store.hpp"

namespace lenzflow::api {

/// Largest `limit` a list accepts.
inline constexpr int64_t kMaxPageLimit = 100;
inline constexpr size_t kMaxSearchLength = 200;

/// `page` (integer >= 1, default 1) and `limit` (1..kMaxPageLimit, default 10). kInvalidArgument
/// naming the parameter otherwise.
common::Result<storage::PageRequest> ParsePageQuery(const ApiRequest& request);

/// The value of query parameter `name`, or empty.
std::string QueryValue(const ApiRequest& request, std::string_view name);

/// The body as JSON: kUnsupportedMediaType unless Content-Type is application/json (parameters
/// such as charset allowed), kPayloadTooLarge over `max_bytes`, kInvalidArgument when malformed
/// or nested too deep.
common::Result<Json> ParseJsonBody(const ApiRequest& request, size_t max_bytes);

/// `{"ok": true, ..., "data": [...], "limit", "current_page", "total_data", "total_page"}`.
ApiResponse ListResponse(Json items, const storage::PageRequest& page, int64_t total);

/// ListResponse for items that are JSON text already (e.g. stored documents); the envelope is
/// built around them without parsing them.
ApiResponse ListResponse(const std::vector<std::string>& items, const storage::PageRequest& page,
                         int64_t total);

}  // namespace lenzflow::api
