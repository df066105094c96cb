// The commands of the `lenzflow` binary. Each returns the process exit code.
#pragma once

#include <chrono>
#include <string>

#include "app/config.hpp"

namespace lenzflow::app {

inline constexpr const char* kVersion = "0.1.0";

/// Serves the API until SIGINT or SIGTERM, then shuts down gracefully: new requests get 503,
/// runs in progress get up to `shutdown_grace` to finish, the database is closed cleanly.
/// REQUIRES: called from main before any other thread exists (it sets the signal mask).
int RunServe(const Settings& settings, std::chrono::seconds shutdown_grace);

/// Prints an HS256 token for `subject` that `serve` with the same settings accepts.
int RunToken(const Settings& settings, const std::string& subject, const std::string& role,
             const std::string& ttl);

}  // namespace lenzflow::app
