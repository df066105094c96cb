// JSON parsing with the bounds every untrusted input needs.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/result.hpp"

namespace lenzflow::common {

using Json = nlohmann::json;

/// Deepest nesting accepted from outside (request bodies, HTTP responses a node reads).
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` as one JSON value no deeper than `max_depth`. Malformed text or deeper nesting
/// is kInvalidArgument with a message that says where.
Result<Json> ParseJson(std::string_view text, int max_depth = kMaxJsonDepth);

/// The JSON type name used in validation messages: "string", "number", "object", ...
const char* JsonTypeName(const Json& value);

}  // namespace lenzflow::common
