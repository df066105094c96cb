// Cron expressions for `schedule` triggers: parsing and matching against civil time fields.
//
// Grammar (CONTRACT.md: six fields, seconds first, "0 0 7 * * *" = daily at 07:00:00):
//   expression = sec min hour dom month dow | min hour dom month dow | @macro
//   field      = item ("," item)*     or "?" alone in dom and dow (same as "*")
//   item       = ("*" | value | value "-" value) ["/" step]
//   value      = number | JAN..DEC in month | SUN..SAT in dow (names case-insensitive)
// Ranges: seconds and minutes 0-59, hours 0-23, dom 1-31, month 1-12, dow 0-7 with 0 and 7 both
// Sunday. "a/n" means a through the field's maximum in steps of n ("*" in dow ends at 6). The
// five-field form runs at second 0. Macros: @yearly @annually @monthly @weekly @daily @midnight
// @hourly. Anything else is rejected; there are no Quartz extensions (L, W, #) and no @reboot.
//
// This is pure data: no clock, no time zone. The scheduler converts an instant to civil time in
// the trigger's zone and asks Matches/MatchesDay; computing the next fire time belongs there.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace lenzflow::model {

/// Civil time fields, as read on a wall clock in the zone an expression is evaluated in.
struct CronTime {
    int second = 0;        // 0-59; a leap second (60) never matches
    int minute = 0;        // 0-59
    int hour = 0;          // 0-23
    int day_of_month = 1;  // 1-31
    int month = 1;         // 1-12
    int day_of_week = 0;   // 0-6, Sunday = 0
};

/// A parsed cron expression. Immutable and cheap to copy; safe to share between threads.
class CronExpression {
public:
    /// Longest expression text accepted.
    static constexpr size_t kMaxLength = 256;

    /// Parses `text` (leading and trailing blanks ignored; fields separated by spaces or tabs).
    /// Errors are kInvalidArgument with a message naming the field by its position in the text
    /// and its meaning, e.g. "cron field 1 (seconds): value 61 out of range 0-59". Also rejects
    /// expressions that can never fire because every selected day of month is missing from
    /// every selected month (e.g. "0 0 0 30 2 *").
    static common::Result<CronExpression> Parse(std::string_view text);

    /// The text Parse was given, without surrounding blanks.
    const std::string& text() const { return text_; }

    /// The selected values of each field; bit i set means value i is selected. Bit 0 of
    /// days_of_month and months is never set. Day of week 7 is stored as 0.
    const std::bitset<60>& seconds() const { return seconds_; }
    const std::bitset<60>& minutes() const { return minutes_; }
    const std::bitset<24>& hours() const { return hours_; }
    const std::bitset<32>& days_of_month() const { return days_of_month_; }
    const std::bitset<13>& months() const { return months_; }
    const std::bitset<7>& days_of_week() const { return days_of_week_; }

    /// False when the field was written as "*", "?" or "*/1". When both day fields are
    /// restricted, a day matches if EITHER matches (classic cron); otherwise both must match.
    /// Unlike Vixie cron, "*/2" counts as restricted: it does not select every day.
    bool day_of_month_restricted() const { return day_of_month_restricted_; }
    bool day_of_week_restricted() const { return day_of_week_restricted_; }

    /// True when the expression fires at `t`. Out-of-range fields never match.
    bool Matches(const CronTime& t) const;

    /// True when the expression fires at some time of the given day (the day-of-month/day-of-week
    /// rule plus the month). Lets a next-fire search skip whole days.
    bool MatchesDay(int day_of_month, int month, int day_of_week) const;

private:
    CronExpression() = default;

    std::string text_;
    std::bitset<60> seconds_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_of_month_;
    std::bitset<13> months_;
    std::bitset<7> days_of_week_;
    bool day_of_month_restricted_ = false;
    bool day_of_week_restricted_ = false;
};

}  // namespace lenzflow::model
