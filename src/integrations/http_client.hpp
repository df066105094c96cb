// Outbound HTTP for node types, over libcurl. Every call goes to a peer we do not control, so each
// one is bounded: total time, connect time, response size, protocols (http and https only), and
// it ends promptly when its stop token fires. Redirects are not followed unless asked for.
//
// Thread safety: every function here may be called from any thread concurrently. Send blocks the
// calling thread, so call it from a run worker, never from an HTTP I/O thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace lenzflow::integrations {

inline constexpr size_t kDefaultMaxResponseBytes = 10 * 1024 * 1024;

/// Redirects a request may opt into at most; a redirect chain is also a way to reach hosts the
/// original URL did not name.
inline constexpr int kMaxRedirects = 5;

/// One outbound request. `body` is sent when it is non-empty or the method is POST, PUT or PATCH
/// (then as an empty body with `Content-Length: 0`). Headers are sent exactly as given: the client
/// adds no `Content-Type` of its own.
struct HttpRequest {
    std::string method = "GET";  // an HTTP token; HEAD must not carry a body
    std::string url;             // absolute http:// or https:// URL
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds timeout{30000};              // whole exchange; must be positive
    size_t max_response_bytes = kDefaultMaxResponseBytes;  // status line, headers and body
    int max_redirects = 0;  // 0: a 3xx is returned as is; at most kMaxRedirects
};

struct HttpResponse {
    long status = 0;
    /// In arrival order, names lower-cased, repeated names kept. After followed redirects, only
    /// the final response's headers.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // the bytes as received, not necessarily text
};

/// Initialises libcurl's global state. Idempotent; Send calls it too, but libcurl asks for it to
/// happen before other threads start, so main calls it early.
void InitHttpClient();

/// Performs `request` and returns the response whatever its status code (a 404 is a response,
/// not an error). Errors:
///   kInvalidArgument   the request itself is malformed (URL, method, header, timeout)
///   kTimeout           `request.timeout` elapsed (connecting is capped at 10 s of it)
///   kPayloadTooLarge   the response grew past `request.max_response_bytes`
///   kCancelled         `stop` was requested; checked before starting and while waiting
///   kUnavailable       the peer could not be reached or broke the exchange
/// Messages start with the method and the redacted URL (see RedactUrl) and never contain request
/// headers or the request body.
common::Result<HttpResponse> Send(const HttpRequest& request, const std::stop_token& stop);

/// OK when `url` is an absolute http:// or https:// URL with a host. The error message does not
/// repeat the URL, which may hold credentials.
common::Status CheckHttpUrl(std::string_view url);

/// `url` cut down to `scheme://host[:port]/path` for messages and logs: user info, query and
/// fragment are where credentials and tokens travel. "(invalid URL)" when it does not parse.
std::string RedactUrl(std::string_view url);

/// True for a non-empty RFC 9110 token: what header names and methods are made of.
bool IsHttpToken(std::string_view text);

/// True when `value` may be sent as a header value: no control characters except tab, so no
/// CR or LF that would start a header of its own.
bool IsValidHeaderValue(std::string_view value);

}  // namespace lenzflow::integrations
