// Looking up IANA time zones in the system time-zone database (/usr/share/zoneinfo, read through
// the date library built with USE_OS_TZDB=1; nothing is downloaded at run time).
#pragma once

#include <date/tz.h>

#include <cstddef>
#include <string_view>

#include "common/result.hpp"

namespace lenzflow::scheduler {

/// Longest zone name FindTimeZone asks the database about; real IANA names stay under 32.
inline constexpr size_t kMaxTimeZoneNameLength = 64;

/// The zone called `iana_name` (case-sensitive, e.g. "Europe/Berlin", "UTC", "Etc/GMT+5").
/// Errors are kInvalidArgument: "unknown time zone 'X'" when the database has no such zone, and
/// "invalid time zone name 'X'" for names rejected before asking it (empty, longer than
/// kMaxTimeZoneNameLength, starting with '/', containing "..", or holding characters no IANA
/// name uses). kUnavailable when the database itself cannot be read. Never throws.
///
/// The returned zone belongs to the process-wide database and stays valid for the life of the
/// process (nothing here reloads the database). Thread-safe; the first call reads the zone list
/// (about a millisecond), later calls are a lookup.
common::Result<const date::time_zone*> FindTimeZone(std::string_view iana_name);

}  // namespace lenzflow::scheduler
