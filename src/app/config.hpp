// Server configuration: flags and LENZFLOW_* environment variables resolved into one value,
// plus the start-up steps that read or create files in the data dir (the JWT key).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace lenzflow::app {

/// Settings shared by `serve` and `token`, as given (flags override the environment).
struct Settings {
    std::string listen = "127.0.0.1:8080";
    std::string data_dir = "./data";
    std::string database;  // empty: sqlite:<data_dir>/lenzflow.db
    std::string jwt_public_key_path;
    std::string log_level = "info";
    size_t workers = 32;
    size_t io_threads = 4;
    size_t max_body_bytes = 1024 * 1024;
};

struct ListenAddress {
    std::string host;
    uint16_t port = 0;
};

/// `host:port`, `[v6]:port`. kInvalidArgument naming the problem.
common::Result<ListenAddress> ParseListen(std::string_view text);

/// The SQLite file named by `sqlite:<path>` (relative paths are relative to the working dir).
/// kInvalidArgument for any other scheme.
common::Result<std::string> SqlitePathFromUrl(std::string_view url);

/// `database` as given, or the default inside the data dir.
std::string DatabaseUrl(const Settings& settings);

/// Creates the data dir (mode 0700) when missing.
common::Status EnsureDataDir(const std::filesystem::path& dir);

/// The HS256 key: `env_secret` when set (at least 32 bytes), else the key file `jwt.key` in the
/// data dir, created once with 64 random hex characters and mode 0600. A key file readable by
/// group or others is refused. Safe against two processes creating it at once.
common::Result<std::string> LoadOrCreateJwtSecret(const std::filesystem::path& data_dir,
                                                  std::string_view env_secret);

/// Reads a whole (small) file, e.g. a PEM key.
common::Result<std::string> ReadSmallFile(const std::filesystem::path& path);

/// `90s`, `30m`, `24h`, `7d` or plain seconds; 1 second to 366 days.
common::Result<std::chrono::seconds> ParseDuration(std::string_view text);

}  // namespace lenzflow::app
