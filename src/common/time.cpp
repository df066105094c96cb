#include "common/time.hpp"

#include <fmt/format.h>

#include <charconv>

namespace lenzflow::common {

TimePoint SystemClock::Now() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

TimePoint ManualClock::Now() const { return FromUnixMillis(now_ms_.load()); }

void ManualClock::Set(TimePoint t) { now_ms_.store(ToUnixMillis(t)); }

void ManualClock::Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

std::string FormatRfc3339(TimePoint t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
}

namespace {

// Reads exactly `width` digits at `pos`; advances pos.
bool ReadDigits(std::string_view s, size_t& pos, size_t width, int& out) {
    if (pos + width > s.size()) return false;
    const char* first = s.data() + pos;
    const auto [ptr, ec] = std::from_chars(first, first + width, out);
    if (ec != std::errc{} || ptr != first + width) return false;
    pos += width;
    return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
    using namespace std::chrono;
    size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!ReadDigits(s, pos, 4, y) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, mo) ||
        !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, d)) {
        return std::nullopt;
    }
    if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
    ++pos;
    if (!ReadDigits(s, pos, 2, h) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, mi) ||
        !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, sec)) {
        return std::nullopt;
    }

    // Fraction: keep milliseconds, ignore finer digits.
    int millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        size_t digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) millis = millis * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (size_t i = digits; i < 3; ++i) millis *= 10;
    }

    int offset_minutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!ReadDigits(s, pos, 2, oh) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, om) ||
            oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;

    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{std::min(sec, 59)} +
                   milliseconds{millis} - minutes{offset_minutes};
    return time_point_cast<milliseconds>(t);
}

}  // namespace lenzflow::common
