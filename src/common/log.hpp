// Structured logging: one key=value line per event on stderr through spdlog, which formats
// lazily (a disabled level costs no formatting). Levels follow STYLE.md: error = work lost or an
// operator must act, warn = client fault or retried external failure, info = lifecycle,
// debug = per-step detail. Never pass credentials, tokens or whole bodies to a log call.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace lenzflow::common {

/// Sets up the process-wide logger once, at start-up, before other threads exist.
/// `level` is one of trace, debug, info, warn, error, off; unknown names mean info.
void InitLogging(std::string_view level);

/// Renders a value for a key=value line: as-is when it is a plain token, otherwise double-quoted
/// with `"`, `\` and control characters escaped, so one event always stays on one line.
std::string LogValue(std::string_view value);

}  // namespace lenzflow::common
