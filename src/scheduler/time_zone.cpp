#include "scheduler/time_zone.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <string>

namespace lenzflow::scheduler {

namespace {

using common::ErrorCode;
using common::MakeError;

// IANA names use ASCII letters, digits and "/_-+." only; anything else cannot name a zone and
// could garble a log line if echoed.
bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+' || c == '.';
}

// The name as it may appear in a message: bounded, printable.
std::string Quote(std::string_view name) {
    constexpr size_t kMaxQuoted = kMaxTimeZoneNameLength;
    std::string out = "'";
    for (size_t i = 0; i < name.size() && i < kMaxQuoted; ++i) {
        const char c = name[i];
        out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    if (name.size() > kMaxQuoted) out += "...";
    out.push_back('\'');
    return out;
}

}  // namespace

common::Result<const date::time_zone*> FindTimeZone(std::string_view iana_name) {
    // The database is a name lookup, not a file path, but a name that looks like a path never
    // reaches it: zone names come from users.
    const bool well_formed = !iana_name.empty() && iana_name.size() <= kMaxTimeZoneNameLength &&
                             iana_name.front() != '/' &&
                             iana_name.find("..") == std::string_view::npos &&
                             std::all_of(iana_name.begin(), iana_name.end(), IsNameChar);
    if (!well_formed) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("invalid time zone name {} (expected an IANA name such as "
                                     "Europe/Berlin)",
                                     Quote(iana_name)));
    }

    // Loading the zone list can fail on a machine without tzdata; that is not the user's fault.
    try {
        (void)date::get_tzdb();
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kUnavailable,
                         fmt::format("time zone database unavailable: {}", e.what()));
    }

    // locate_zone reports an unknown name by throwing std::runtime_error.
    try {
        return date::locate_zone(iana_name);
    } catch (const std::exception&) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("unknown time zone {}", Quote(iana_name)));
    }
}

}  // namespace lenzflow::scheduler
