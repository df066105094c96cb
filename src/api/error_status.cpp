#include "api/error_status.hpp"

namespace lenzflow::api {

int HttpStatusFor(common::ErrorCode code) {
    using common::ErrorCode;
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kUnsupportedMediaType:
            return 415;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kTimeout:
            return 504;
        case ErrorCode::kCancelled:
            return 409;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

ApiResponse ErrorResponse(const common::Error& error) {
    ApiResponse response;
    response.status = HttpStatusFor(error.code);
    response.body = Json{{"ok", false}, {"message", error.message}};
    if (!error.fields.empty()) {
        Json fields = Json::array();
        for (const auto& f : error.fields) {
            fields.push_back(Json{{"field", f.field}, {"message", f.message}});
        }
        response.body["errors"] = std::move(fields);
    }
    if (error.code == common::ErrorCode::kTooManyRequests) {
        response.headers.emplace_back("Retry-After", "1");
    }
    if (error.code == common::ErrorCode::kUnauthenticated) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
    }
    return response;
}

ApiResponse SuccessResponse(std::string message, Json data, int status) {
    ApiResponse response;
    response.status = status;
    response.body = Json{{"ok", true}, {"message", std::move(message)}, {"data", std::move(data)}};
    return response;
}

}  // namespace lenzflow::api
