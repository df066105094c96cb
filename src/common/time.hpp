// Time as the project sees it: UTC instants with millisecond precision, an injectable clock so
// tests and benchmarks can drive time, and the RFC 3339 text form used on the API.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lenzflow::common {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

/// Source of the current time. Implementations must be thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
public:
    TimePoint Now() const override;
};

/// A clock that only moves when told to; for tests. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_ms_(start.time_since_epoch().count()) {}
    TimePoint Now() const override;
    void Set(TimePoint t);
    void Advance(std::chrono::milliseconds d);

private:
    std::atomic<int64_t> now_ms_;
};

/// Milliseconds since the Unix epoch, the form stored in the database.
inline int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixMillis(int64_t ms) { return TimePoint{std::chrono::milliseconds{ms}}; }

/// RFC 3339 in UTC with milliseconds, e.g. `2025-04-30T07:00:05.123Z`.
std::string FormatRfc3339(TimePoint t);

/// Parses RFC 3339 (`Z` or a numeric offset, optional fraction). Returns nullopt on bad input.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace lenzflow::common
