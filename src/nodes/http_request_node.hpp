// The `http_request` node type: one outbound HTTP request per run, its response as the output.
//
// Config (rendered before Run; at save time any string holding `{{` stands for a value known
// only after rendering and is accepted as is):
//   method              string, default "GET"; GET POST PUT PATCH DELETE HEAD OPTIONS, any case
//   url                 string, required; http:// or https:// with a host
//   headers             object of string values; names are HTTP tokens, values hold no CR/LF
//   body                any JSON: a string is sent as is, anything else as JSON text with
//                       `Content-Type: application/json` unless the headers set one; absent or
//                       null sends no body; not allowed with HEAD
//   timeout_ms          integer 1..300000, default 30000
//   fail_on_http_error  bool, default true: a status outside 200..299 fails the node
// Output:
//   {"status_code": 200, "headers": {"content-type": "..."}, "body": ...}
//   Header names are lower case; repeated headers are joined with ", ". The body is parsed JSON
//   when the response says application/json (or +json) and parses, otherwise text, with bytes
//   that are not UTF-8 replaced by U+FFFD.
// Redirects are not followed: a 3xx is a response like any other (and fails the node unless
// fail_on_http_error is false).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "nodes/node_type.hpp"

namespace lenzflow::nodes {

inline constexpr std::string_view kHttpRequestNodeType = "http_request";

/// Stateless after construction; thread-safe.
class HttpRequestNode final : public NodeType {
public:
    /// Responses larger than `max_response_bytes` (headers included) fail the node.
    explicit HttpRequestNode(size_t max_response_bytes);

    std::vector<common::FieldError> ValidateConfig(const Json& config) const override;

    /// Errors: kInvalidArgument for a bad rendered config (with field errors), kUnavailable for
    /// an unreachable peer or a failing status, kTimeout, kPayloadTooLarge, kCancelled. Messages
    /// name the URL without credentials or query and never carry request headers.
    common::Result<Json> Run(const Json& config, const NodeContext& context) const override;

private:
    size_t max_response_bytes_;
};

}  // namespace lenzflow::nodes
