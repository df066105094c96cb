#include "app/config.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/ids.hpp"

namespace lenzflow::app {

namespace {

using common::ErrorCode;
using common::MakeError;

constexpr size_t kMinSecretBytes = 32;
constexpr const char* kJwtKeyFile = "jwt.key";

std::string Errno() { return std::strerror(errno); }

}  // namespace

common::Result<ListenAddress> ParseListen(std::string_view text) {
    std::string_view host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return MakeError(ErrorCode::kInvalidArgument,
                             "listen address must look like [::1]:8080");
        }
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || colon == 0) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "listen address must look like 127.0.0.1:8080");
        }
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    unsigned port = 0;
    const auto [ptr, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("listen port must be 1-65535, got '{}'", port_text));
    }
    return ListenAddress{std::string(host), static_cast<uint16_t>(port)};
}

common::Result<std::string> SqlitePathFromUrl(std::string_view url) {
    constexpr std::string_view kScheme = "sqlite:";
    if (url.substr(0, kScheme.size()) != kScheme || url.size() == kScheme.size()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "database must be sqlite:<path> (PostgreSQL is not supported yet)");
    }
    return std::string(url.substr(kScheme.size()));
}

std::string DatabaseUrl(const Settings& settings) {
    if (!settings.database.empty()) return settings.database;
    return "sqlite:" + (std::filesystem::path(settings.data_dir) / "lenzflow.db").string();
}

common::Status EnsureDataDir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return common::Status::Ok();
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("cannot create data dir {}: {}", dir.string(), ec.message()));
    }
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return common::Status::Ok();
}

common::Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kUnavailable, "cannot read " + path.string());
    std::ostringstream content;
    content << in.rdbuf();
    if (content.str().size() > 1024 * 1024) {
        return MakeError(ErrorCode::kInvalidArgument, path.string() + " is larger than 1 MiB");
    }
    return content.str();
}

common::Result<std::string> LoadOrCreateJwtSecret(const std::filesystem::path& data_dir,
                                                  std::string_view env_secret) {
    if (!env_secret.empty()) {
        if (env_secret.size() < kMinSecretBytes) {
            return MakeError(
                ErrorCode::kInvalidArgument,
                fmt::format("LENZFLOW_JWT_SECRET must be at least {} bytes", kMinSecretBytes));
        }
        return std::string(env_secret);
    }

    const auto path = data_dir / kJwtKeyFile;
    if (!std::filesystem::exists(path)) {
        // Write a temporary file, then link it into place: link fails if another process won
        // the race, and nobody ever reads a half-written key.
        const auto tmp = data_dir / fmt::format(".jwt.key.{}", ::getpid());
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            return MakeError(ErrorCode::kUnavailable,
                             fmt::format("cannot create {}: {}", tmp.string(), Errno()));
        }
        const std::string secret = common::RandomHex(32) + "\n";
        const bool written =
            ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) &&
            ::fsync(fd) == 0;
        ::close(fd);
        const bool linked = written && (::link(tmp.c_str(), path.c_str()) == 0 || errno == EEXIST);
        ::unlink(tmp.c_str());
        if (!linked) {
            return MakeError(ErrorCode::kUnavailable,
                             fmt::format("cannot create {}: {}", path.string(), Errno()));
        }
    }

    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("cannot read {}: {}", path.string(), Errno()));
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            fmt::format("{} is readable by other users; run chmod 600 on it", path.string()));
    }
    auto content = ReadSmallFile(path);
    if (!content.ok()) return content;
    std::string secret = std::move(*content);
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() < kMinSecretBytes) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must hold at least {} bytes",
                                                                  path.string(), kMinSecretBytes));
    }
    return secret;
}

common::Result<std::chrono::seconds> ParseDuration(std::string_view text) {
    int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::string_view unit(ptr, text.data() + text.size() - ptr);
    int64_t factor = 0;
    if (unit.empty() || unit == "s") factor = 1;
    if (unit == "m") factor = 60;
    if (unit == "h") factor = 3600;
    if (unit == "d") factor = 86400;
    constexpr int64_t kMaxSeconds = 366LL * 86400;
    if (ec != std::errc{} || factor == 0 || value <= 0 || value > kMaxSeconds / factor) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("duration must look like 90s, 30m, 24h or 7d (at most 366d),"
                                     " got '{}'",
                                     text));
    }
    return std::chrono::seconds{value * factor};
}

}  // namespace lenzflow::app
