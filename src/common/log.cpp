#include "common/log.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace lenzflow::common {

namespace {

// spdlog builds its registry on first use. Doing that here, during static initialization,
// means no two threads ever race to build it, in the server or in tests that never call
// InitLogging (ThreadSanitizer cannot see the guard inside the uninstrumented libspdlog).
[[maybe_unused]] const bool kRegistryReady = spdlog::default_logger_raw() != nullptr;

}  // namespace

void InitLogging(std::string_view level) {
    auto logger = spdlog::stderr_logger_mt("lenzflow");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
    const auto parsed = spdlog::level::from_str(std::string(level));
    const bool known = parsed != spdlog::level::off || level == "off";
    logger->set_level(known ? parsed : spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
}

std::string LogValue(std::string_view value) {
    const bool plain = !value.empty() && value.find_first_of(" \"\\=\t\r\n") == std::string::npos;
    bool has_control = false;
    for (unsigned char c : value) has_control |= c < 0x20;
    if (plain && !has_control) return std::string(value);

    std::string out = "\"";
    for (unsigned char c : value) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c < 0x20) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
    return out;
}

}  // namespace lenzflow::common
