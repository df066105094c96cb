// Errors as values: every expected failure (validation, storage miss, node failure) travels as
// an Error inside a Result instead of an exception. Exceptions are kept for bugs and for start-up
// misconfiguration. Becomes std::expected once the project moves to C++23.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lenzflow::common {

/// What went wrong, independent of transport. api/error_status.cpp maps each code to an HTTP
/// status; when a code is added, update that table too.
enum class ErrorCode {
    kInvalidArgument,       // the caller sent something malformed or out of range
    kNotFound,              // the addressed thing does not exist
    kConflict,              // the request contradicts current state
    kUnauthenticated,       // no valid credentials
    kPayloadTooLarge,       // a body or value over a configured limit
    kUnsupportedMediaType,  // a body that is not JSON
    kTooManyRequests,       // a bounded queue is full; try again later
    kUnavailable,           // a dependency failed or the server is shutting down
    kTimeout,               // an operation ran out of time
    kCancelled,             // an operation was stopped on request
    kInternal,              // a bug or an unexpected failure of our own
};

/// One problem with one input field; `field` is a dotted path such as `nodes[1].config.url`.
struct FieldError {
    std::string field;
    std::string message;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::vector<FieldError> fields;  // empty unless the error is about specific input fields
};

inline Error MakeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}};
}

/// A value or an Error. Accessing the wrong alternative is a bug and asserts.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(state_);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(state_));
    }

private:
    std::variant<T, Error> state_;
};

/// Success without a value, or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

    static Status Ok() { return {}; }

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& {
        assert(failed_);
        return error_;
    }
    Error&& error() && {
        assert(failed_);
        return std::move(error_);
    }

private:
    Error error_;
    bool failed_ = false;
};

}  // namespace lenzflow::common
