// The one table from error codes to HTTP statuses, and the error envelope.
#pragma once

#include "api/http_types.hpp"
#include "common/result.hpp"

namespace lenzflow::api {

/// HTTP status for an error code. Keep in step with common::ErrorCode (common/result.hpp).
int HttpStatusFor(common::ErrorCode code);

/// `{"ok": false, "message": ..., "errors": [{"field", "message"}...]}` with the mapped status;
/// `errors` only when the error names fields.
ApiResponse ErrorResponse(const common::Error& error);

/// `{"ok": true, "message": ..., "data": ...}` with status 200 (or `status`).
ApiResponse SuccessResponse(std::string message, Json data, int status = 200);

}  // namespace lenzflow::api
