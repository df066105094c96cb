#include "scheduler/cron_schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scheduler/time_zone.hpp"

namespace lenzflow::scheduler {
namespace {

using common::TimePoint;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const date::time_zone* Zone(std::string_view name) {
    auto zone = FindTimeZone(name);
    if (!zone.ok()) {
        ADD_FAILURE() << zone.error().message;
        return date::locate_zone("UTC");
    }
    return *zone;
}

model::CronExpression MustParse(std::string_view text) {
    auto expr = model::CronExpression::Parse(text);
    EXPECT_TRUE(expr.ok()) << text << ": " << expr.error().message;
    return std::move(expr).value();
}

CronSchedule MustSchedule(std::string_view text, std::string_view zone) {
    auto schedule = CronSchedule::Create(MustParse(text), Zone(zone));
    EXPECT_TRUE(schedule.ok());
    return std::move(schedule).value();
}

TimePoint Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0,
              int millis = 0) {
    return TimePoint{date::sys_days{date::year{year} / month / day}} + hours{hour} +
           minutes{minute} + seconds{second} + milliseconds{millis};
}

std::string Show(std::optional<TimePoint> t) {
    return t ? common::FormatRfc3339(*t) : std::string("none");
}

std::vector<std::string> Show(const std::vector<TimePoint>& times) {
    std::vector<std::string> out;
    out.reserve(times.size());
    for (const TimePoint t : times) out.push_back(common::FormatRfc3339(t));
    return out;
}

// Every firing in (from, to), by chaining NextAfter; fails on a result that does not move on.
std::vector<TimePoint> Fires(const CronSchedule& schedule, TimePoint from, TimePoint to) {
    std::vector<TimePoint> out;
    TimePoint t = from;
    while (true) {
        const auto next = schedule.NextAfter(t);
        if (!next || *next >= to) break;
        if (*next <= t) {
            ADD_FAILURE() << "NextAfter(" << Show(t) << ") = " << Show(next) << " is not later";
            break;
        }
        out.push_back(*next);
        t = *next;
    }
    return out;
}

std::vector<std::string> FiresShown(std::string_view text, std::string_view zone, TimePoint from,
                                    TimePoint to) {
    return Show(Fires(MustSchedule(text, zone), from, to));
}

// The reference: every local time in the span is tested with CronExpression::Matches, one second
// at a time, or one minute at a time when the expression selects a single second. Each match is
// mapped to UTC by the DST rule, applied through the zone's local_info (a different path from
// the sys_info periods CronSchedule walks):
//   kEachLocalTimeOnce: unique -> itself, repeated -> earlier instant, skipped -> the transition;
//   kFollowWallClock:   unique -> itself, repeated -> both instants, skipped -> nothing.
std::vector<TimePoint> BruteForceFires(const CronSchedule& schedule, TimePoint from, TimePoint to) {
    const model::CronExpression& expr = schedule.expression();
    const date::time_zone* zone = schedule.zone();
    const bool per_minute = expr.seconds().count() == 1;
    int only_second = 0;
    while (per_minute && !expr.seconds()[static_cast<size_t>(only_second)]) ++only_second;

    // Local times a little beyond both ends, so that offsets cannot hide a firing.
    const date::local_days local_from =
        date::floor<days>(zone->to_local(date::floor<seconds>(from))) - days{2};
    const date::local_days local_to =
        date::floor<days>(zone->to_local(date::floor<seconds>(to))) + days{2};
    const seconds step = per_minute ? seconds{60} : seconds{1};

    std::vector<TimePoint> out;
    for (date::local_days day = local_from; day < local_to; day += days{1}) {
        const date::year_month_day ymd{day};
        model::CronTime civil;
        civil.day_of_month = static_cast<int>(static_cast<unsigned>(ymd.day()));
        civil.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        civil.day_of_week = static_cast<int>(date::weekday{day}.c_encoding());
        for (seconds time = seconds{per_minute ? only_second : 0}; time < days{1}; time += step) {
            civil.hour = static_cast<int>(time.count() / 3600);
            civil.minute = static_cast<int>(time.count() / 60 % 60);
            civil.second = static_cast<int>(time.count() % 60);
            if (!expr.Matches(civil)) continue;

            const date::local_seconds t = day + time;
            const date::local_info info = zone->get_info(t);
            std::vector<date::sys_seconds> instants;
            if (info.result == date::local_info::unique) {
                instants.push_back(date::sys_seconds{t.time_since_epoch() - info.first.offset});
            } else if (info.result == date::local_info::ambiguous) {
                instants.push_back(date::sys_seconds{t.time_since_epoch() - info.first.offset});
                if (schedule.dst_rule() == DstRule::kFollowWallClock) {
                    instants.push_back(
                        date::sys_seconds{t.time_since_epoch() - info.second.offset});
                }
            } else if (schedule.dst_rule() == DstRule::kEachLocalTimeOnce) {
                instants.push_back(info.second.begin);
            }
            for (const date::sys_seconds instant : instants) {
                if (instant > from && instant < to) out.emplace_back(instant);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

struct ReferenceCase {
    const char* text;
    TimePoint from;
    TimePoint to;
};

// Chains NextAfter over the span and probes it at random instants (with milliseconds), comparing
// both with the brute-force reference.
void ExpectMatchesReference(const ReferenceCase& c, std::string_view zone_name) {
    SCOPED_TRACE(testing::Message() << "'" << c.text << "' in " << zone_name);
    const CronSchedule schedule = MustSchedule(c.text, zone_name);
    const std::vector<TimePoint> expected = BruteForceFires(schedule, c.from, c.to);
    const std::vector<TimePoint> actual = Fires(schedule, c.from, c.to);
    ASSERT_FALSE(expected.empty());

    const auto [want, got] =
        std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    if (want != expected.end() || got != actual.end()) {
        ADD_FAILURE() << expected.size() << " expected firings, " << actual.size()
                      << " from NextAfter; first difference: expected "
                      << (want == expected.end() ? "none" : Show(*want)) << ", got "
                      << (got == actual.end() ? "none" : Show(*got));
    }

    std::mt19937_64 random(42);
    const auto span_ms = std::chrono::duration_cast<milliseconds>(c.to - c.from).count();
    std::uniform_int_distribution<int64_t> offset(0, span_ms - 1);
    for (int i = 0; i < 300; ++i) {
        const TimePoint after = c.from + milliseconds{offset(random)};
        const auto next = std::upper_bound(expected.begin(), expected.end(), after);
        if (next == expected.end()) continue;
        ASSERT_EQ(Show(schedule.NextAfter(after)), Show(*next)) << "after " << Show(after);
    }
}

// --- Brute-force reference, zones without DST ---

// Zones whose offset does not change over the spans below: UTC, +07:00, and +05:30 (a
// half-hour offset moves local midnight off the UTC hour grid).
constexpr const char* kFixedOffsetZones[] = {"UTC", "Asia/Jakarta", "Asia/Kolkata"};

TEST(CronScheduleTest, MatchesBruteForceForSparseExpressionsOverFourYears) {
    // 2023-2026 includes the leap day 2024-02-29 and every weekday of every month day.
    const TimePoint from = Utc(2023, 1, 1);
    const TimePoint to = Utc(2027, 1, 1);
    const char* const expressions[] = {
        "0 0 7 * * *",  // the documented example
        "@yearly",
        "@annually",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "30 15 10 1,15 * *",           // lists
        "0 0-30/10 9-17 * * MON-FRI",  // ranges, steps, weekday names
        "0 5 4 * JAN,jul *",           // month names, mixed case
        "0 0 12 13 * FRI",             // both day fields restricted: either matches
        "0 0 0 1-7 * mon",             // first seven days or any Monday
        "15 */7 */5 */3 */2 */2",      // steps everywhere; "*/2" in dow counts as restricted
        "0 0 0 ? * 7",                 // '?' and Sunday written as 7
        "0 0 0 31 * *",                // only long months
        "0 0 0 30 4,6,9,11 *",         // only short months
        "0 0 0 29 2 *",                // leap day
        "59 59 23 31 12 *",            // the last second of the year
        "0 10 8 1 1-12/3 *",           // quarterly
        "0 0 0 * FEB *",               // every day of one month
        "0 0 0 15 * 0,6",              // the 15th or any weekend day
        "0 0 */6 * * *",               // every six hours
        "5 4 * * sun",                 // five fields: second 0
        "*/20 * * * *",                // five fields, every 20 minutes
        "0 0 0 28-31 * *",             // month ends of every length
        "0 30 23 * * SAT,SUN",         // weekend evenings
    };
    for (const char* zone : kFixedOffsetZones) {
        for (const char* text : expressions) ExpectMatchesReference({text, from, to}, zone);
    }
}

TEST(CronScheduleTest, MatchesBruteForceForMinuteExpressionsOverWeeks) {
    const TimePoint from = Utc(2024, 2, 20, 13, 7, 11);
    const TimePoint to = Utc(2024, 3, 12);
    for (const char* zone : kFixedOffsetZones) {
        for (const char* text : {"0 * * * * *", "@hourly", "30 */13 * * * *", "0 * 9-17 * * 1-5",
                                 "0 0,59 0,23 * * *", "45 * * 29 2 *", "0 1-59/2 * 1,31 * *"}) {
            ExpectMatchesReference({text, from, to}, zone);
        }
    }
}

TEST(CronScheduleTest, MatchesBruteForceForSecondExpressionsOverDays) {
    // Across the end of a leap February.
    const TimePoint from = Utc(2024, 2, 27, 21, 59, 58, 500);
    const TimePoint to = Utc(2024, 3, 2, 3);
    for (const char* zone : kFixedOffsetZones) {
        for (const char* text :
             {"* * * * * *", "*/7 * * * * *", "10-20 */2 * * * *", "0,30 * 9 * * *",
              "1,2,3 58,59 23 * * *", "0-4,55-59 * * 29 * *", "*/10 * * 1 * *", "* 0 0 * * *"}) {
            ExpectMatchesReference({text, from, to}, zone);
        }
    }
}

// --- Daylight saving: the reference above, now through real transitions ---

TEST(CronScheduleTest, MatchesDstAwareBruteForceThroughYearsOfTransitions) {
    // Berlin and New York shift by an hour at different dates and local hours; Lord Howe by
    // half an hour. The date library only knows transitions up to 2037 (README Limitations).
    const TimePoint from = Utc(2024, 1, 1);
    const TimePoint to = Utc(2028, 1, 1);
    for (const char* zone : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe"}) {
        for (const char* text :
             {"0 30 2 * * *", "0 0 1,2,3 * * *", "0 */10 2 * * *", "0 15 2 * * SUN", "@daily",
              "@hourly", "0 30 * * * *", "0 0 */2 * * *", "0 45 1-3 * * *"}) {
            ExpectMatchesReference({text, from, to}, zone);
        }
    }
}

TEST(CronScheduleTest, MatchesDstAwareBruteForceForMinutesAndSecondsAroundTransitions) {
    struct Span {
        const char* zone;
        TimePoint from;
        TimePoint to;
    };
    const Span spans[] = {
        {"Europe/Berlin", Utc(2025, 3, 29, 22), Utc(2025, 3, 30, 4)},
        {"Europe/Berlin", Utc(2025, 10, 25, 22), Utc(2025, 10, 26, 4)},
        {"America/New_York", Utc(2025, 3, 9, 4), Utc(2025, 3, 9, 10)},
        {"America/New_York", Utc(2025, 11, 2, 3), Utc(2025, 11, 2, 9)},
        {"Australia/Lord_Howe", Utc(2025, 4, 5, 13), Utc(2025, 4, 5, 17)},
        {"Australia/Lord_Howe", Utc(2025, 10, 4, 13), Utc(2025, 10, 4, 17)},
    };
    for (const Span& span : spans) {
        for (const char* text : {"* * * * * *", "0 * * * * *", "*/15 * 2 * * *", "0 * 2 * * *",
                                 "*/7 */3 1-3 * * *", "0 */15 * * * *"}) {
            ExpectMatchesReference({text, span.from, span.to}, span.zone);
        }
    }
}

// --- Daylight saving: the rules spelled out ---

TEST(CronScheduleTest, ChoosesDstRuleFromTheSelectedHours) {
    for (const char* text : {"0 */15 * * * *", "@hourly", "0 30 * * * *", "0 0 */1 * * *",
                             "0 0 0-23 * * *", "* * * * * *", "0 0 * 1 1 *"}) {
        EXPECT_EQ(MustSchedule(text, "UTC").dst_rule(), DstRule::kFollowWallClock) << text;
    }
    for (const char* text :
         {"0 30 2 * * *", "0 * 2 * * *", "0 0 */2 * * *", "0 0 1-23 * * *", "@daily", "@weekly"}) {
        EXPECT_EQ(MustSchedule(text, "UTC").dst_rule(), DstRule::kEachLocalTimeOnce) << text;
    }
}

// Europe/Berlin 2025-03-30: at 01:00Z the clock jumps from 02:00 CET (+01:00) to 03:00 CEST.
TEST(CronScheduleTest, BerlinSpringGapFiresSkippedTimeOnceAtTheTransition) {
    EXPECT_EQ(FiresShown("0 30 2 * * *", "Europe/Berlin", Utc(2025, 3, 29), Utc(2025, 4, 1)),
              (std::vector<std::string>{"2025-03-29T01:30:00.000Z", "2025-03-30T01:00:00.000Z",
                                        "2025-03-31T00:30:00.000Z"}));
}

TEST(CronScheduleTest, BerlinSpringGapLeavesTimesAroundItAlone) {
    // The local day of 2025-03-30 runs from 23:00Z to 22:00Z.
    const TimePoint day_from = Utc(2025, 3, 29, 23);
    const TimePoint day_to = Utc(2025, 3, 30, 22);
    EXPECT_EQ(FiresShown("0 30 1 * * *", "Europe/Berlin", day_from, day_to),
              (std::vector<std::string>{"2025-03-30T00:30:00.000Z"}));
    EXPECT_EQ(FiresShown("0 30 3 * * *", "Europe/Berlin", day_from, day_to),
              (std::vector<std::string>{"2025-03-30T01:30:00.000Z"}));
    EXPECT_EQ(FiresShown("0 30 1,2,3 * * *", "Europe/Berlin", day_from, day_to),
              (std::vector<std::string>{"2025-03-30T00:30:00.000Z", "2025-03-30T01:00:00.000Z",
                                        "2025-03-30T01:30:00.000Z"}));
}

TEST(CronScheduleTest, BerlinSpringGapCollapsesEveryTimeInItIntoOneFiring) {
    const auto day_before =
        FiresShown("0 * 2 * * *", "Europe/Berlin", Utc(2025, 3, 28, 23), Utc(2025, 3, 29, 23));
    EXPECT_EQ(day_before.size(), 60u);

    EXPECT_EQ(
        FiresShown("0 * 2 * * *", "Europe/Berlin", Utc(2025, 3, 29, 23), Utc(2025, 3, 30, 22)),
        (std::vector<std::string>{"2025-03-30T01:00:00.000Z"}));
    EXPECT_EQ(
        FiresShown("*/20 * 2 * * *", "Europe/Berlin", Utc(2025, 3, 29, 23), Utc(2025, 3, 30, 22)),
        (std::vector<std::string>{"2025-03-30T01:00:00.000Z"}));

    // 03:00 itself is scheduled too: still one firing at that instant.
    EXPECT_EQ(
        FiresShown("0 0,30 2,3 * * *", "Europe/Berlin", Utc(2025, 3, 29, 23), Utc(2025, 3, 30, 22)),
        (std::vector<std::string>{"2025-03-30T01:00:00.000Z", "2025-03-30T01:30:00.000Z"}));
}

TEST(CronScheduleTest, BerlinSpringGapFiresAtTheTransitionEvenWhenAskedOneSecondBefore) {
    const CronSchedule schedule = MustSchedule("0 30 2 * * *", "Europe/Berlin");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 3, 30, 0, 59, 59))), "2025-03-30T01:00:00.000Z");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 3, 30, 0, 59, 59, 999))),
              "2025-03-30T01:00:00.000Z");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 3, 30, 1))), "2025-03-31T00:30:00.000Z");
}

TEST(CronScheduleTest, BerlinSpringGapSkipsWallClockTimesThatDoNotExist) {
    // Hourly at :30: 01:30 CET then 03:30 CEST, one real hour apart; nothing at 01:00Z.
    EXPECT_EQ(FiresShown("0 30 * * * *", "Europe/Berlin", Utc(2025, 3, 30), Utc(2025, 3, 30, 3)),
              (std::vector<std::string>{"2025-03-30T00:30:00.000Z", "2025-03-30T01:30:00.000Z",
                                        "2025-03-30T02:30:00.000Z"}));
    EXPECT_EQ(FiresShown("0 */15 * * * *", "Europe/Berlin", Utc(2025, 3, 30, 0, 30),
                         Utc(2025, 3, 30, 1, 30)),
              (std::vector<std::string>{"2025-03-30T00:45:00.000Z", "2025-03-30T01:00:00.000Z",
                                        "2025-03-30T01:15:00.000Z"}));
}

// Europe/Berlin 2025-10-26: at 01:00Z the clock goes back from 03:00 CEST (+02:00) to 02:00 CET,
// so 02:30 happens at 00:30Z and again at 01:30Z.
TEST(CronScheduleTest, BerlinAutumnOverlapFiresRepeatedTimeOnlyFirst) {
    EXPECT_EQ(FiresShown("0 30 2 * * *", "Europe/Berlin", Utc(2025, 10, 25), Utc(2025, 10, 28)),
              (std::vector<std::string>{"2025-10-25T00:30:00.000Z", "2025-10-26T00:30:00.000Z",
                                        "2025-10-27T01:30:00.000Z"}));

    const CronSchedule schedule = MustSchedule("0 30 2 * * *", "Europe/Berlin");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 10, 26, 0, 30))), "2025-10-27T01:30:00.000Z");
    // Created during the second pass, before its 02:30: that local time has already happened.
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 10, 26, 1, 15))), "2025-10-27T01:30:00.000Z");
}

TEST(CronScheduleTest, BerlinAutumnOverlapFiresEachMinuteOfTheRepeatedHourOnce) {
    // The local day of 2025-10-26 runs from 22:00Z to 23:00Z (25 hours).
    const auto fires = Fires(MustSchedule("0 * 2 * * *", "Europe/Berlin"), Utc(2025, 10, 25, 22),
                             Utc(2025, 10, 26, 23));
    ASSERT_EQ(fires.size(), 60u);
    EXPECT_EQ(Show(fires.front()), "2025-10-26T00:00:00.000Z");
    EXPECT_EQ(Show(fires.back()), "2025-10-26T00:59:00.000Z");

    EXPECT_EQ(FiresShown("0 30 1,2,3 * * *", "Europe/Berlin", Utc(2025, 10, 25, 22),
                         Utc(2025, 10, 26, 23)),
              (std::vector<std::string>{"2025-10-25T23:30:00.000Z", "2025-10-26T00:30:00.000Z",
                                        "2025-10-26T02:30:00.000Z"}));
}

TEST(CronScheduleTest, BerlinAutumnOverlapKeepsWallClockExpressionsRunning) {
    std::vector<std::string> every_quarter;
    for (TimePoint t = Utc(2025, 10, 25, 23); t < Utc(2025, 10, 26, 3); t += minutes{15}) {
        every_quarter.push_back(common::FormatRfc3339(t));
    }
    EXPECT_EQ(FiresShown("0 */15 * * * *", "Europe/Berlin", Utc(2025, 10, 25, 22, 59, 59),
                         Utc(2025, 10, 26, 3)),
              every_quarter);
    EXPECT_EQ(
        FiresShown("@hourly", "Europe/Berlin", Utc(2025, 10, 25, 23, 30), Utc(2025, 10, 26, 2, 30)),
        (std::vector<std::string>{"2025-10-26T00:00:00.000Z", "2025-10-26T01:00:00.000Z",
                                  "2025-10-26T02:00:00.000Z"}));
}

// America/New_York 2025-03-09: at 07:00Z the clock jumps from 02:00 EST (-05:00) to 03:00 EDT.
TEST(CronScheduleTest, NewYorkSpringGapFiresSkippedTimeOnceAtTheTransition) {
    const TimePoint day_from = Utc(2025, 3, 9, 5);
    const TimePoint day_to = Utc(2025, 3, 10, 4);
    EXPECT_EQ(FiresShown("0 30 2 * * *", "America/New_York", day_from, day_to),
              (std::vector<std::string>{"2025-03-09T07:00:00.000Z"}));
    EXPECT_EQ(FiresShown("0 30 1,3 * * *", "America/New_York", day_from, day_to),
              (std::vector<std::string>{"2025-03-09T06:30:00.000Z", "2025-03-09T07:30:00.000Z"}));
    EXPECT_EQ(FiresShown("0 * 2 * * *", "America/New_York", day_from, day_to),
              (std::vector<std::string>{"2025-03-09T07:00:00.000Z"}));
}

// America/New_York 2025-11-02: at 06:00Z the clock goes back from 02:00 EDT (-04:00) to 01:00 EST,
// so 01:30 happens at 05:30Z and again at 06:30Z.
TEST(CronScheduleTest, NewYorkAutumnOverlapFiresRepeatedTimeOnlyFirst) {
    EXPECT_EQ(
        FiresShown("0 30 1 * * *", "America/New_York", Utc(2025, 11, 1, 12), Utc(2025, 11, 3, 12)),
        (std::vector<std::string>{"2025-11-02T05:30:00.000Z", "2025-11-03T06:30:00.000Z"}));
    EXPECT_EQ(
        FiresShown("0 30 2 * * *", "America/New_York", Utc(2025, 11, 2, 4), Utc(2025, 11, 3, 5)),
        (std::vector<std::string>{"2025-11-02T07:30:00.000Z"}));
}

TEST(CronScheduleTest, NewYorkAutumnOverlapKeepsWallClockExpressionsRunning) {
    EXPECT_EQ(FiresShown("0 0,30 * * * *", "America/New_York", Utc(2025, 11, 2, 3, 59, 59),
                         Utc(2025, 11, 2, 8)),
              (std::vector<std::string>{"2025-11-02T04:00:00.000Z", "2025-11-02T04:30:00.000Z",
                                        "2025-11-02T05:00:00.000Z", "2025-11-02T05:30:00.000Z",
                                        "2025-11-02T06:00:00.000Z", "2025-11-02T06:30:00.000Z",
                                        "2025-11-02T07:00:00.000Z", "2025-11-02T07:30:00.000Z"}));
}

// Australia/Lord_Howe 2025-10-05: at 15:30Z the clock jumps from 02:00 (+10:30) to 02:30 (+11).
TEST(CronScheduleTest, HalfHourGapFiresSkippedTimeAtTheTransition) {
    const CronSchedule schedule = MustSchedule("0 15 2 * * *", "Australia/Lord_Howe");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 10, 4, 12))), "2025-10-04T15:30:00.000Z");
    EXPECT_EQ(
        Show(MustSchedule("0 45 2 * * *", "Australia/Lord_Howe").NextAfter(Utc(2025, 10, 4, 12))),
        "2025-10-04T15:45:00.000Z");
}

// --- Calendar edges ---

TEST(CronScheduleTest, LeapDayFiresOnlyInLeapYears) {
    const CronSchedule utc = MustSchedule("0 0 0 29 2 *", "UTC");
    EXPECT_EQ(Show(utc.NextAfter(Utc(2025, 1, 1))), "2028-02-29T00:00:00.000Z");
    EXPECT_EQ(Show(utc.NextAfter(Utc(2028, 2, 29))), "2032-02-29T00:00:00.000Z");
    // 2100 is not a leap year: the longest wait any expression has, inside the search horizon.
    EXPECT_EQ(Show(utc.NextAfter(Utc(2096, 3, 1))), "2104-02-29T00:00:00.000Z");

    const CronSchedule berlin = MustSchedule("0 0 0 29 2 *", "Europe/Berlin");
    EXPECT_EQ(Show(berlin.NextAfter(Utc(2025, 1, 1))), "2028-02-28T23:00:00.000Z");
}

TEST(CronScheduleTest, DayThirtyOneFiresOnlyInLongMonths) {
    EXPECT_EQ(FiresShown("0 0 0 31 * *", "UTC", Utc(2025, 1, 1), Utc(2026, 1, 1)),
              (std::vector<std::string>{"2025-01-31T00:00:00.000Z", "2025-03-31T00:00:00.000Z",
                                        "2025-05-31T00:00:00.000Z", "2025-07-31T00:00:00.000Z",
                                        "2025-08-31T00:00:00.000Z", "2025-10-31T00:00:00.000Z",
                                        "2025-12-31T00:00:00.000Z"}));
    EXPECT_EQ(FiresShown("0 0 0 30 * *", "UTC", Utc(2025, 1, 1), Utc(2026, 1, 1)).size(), 11u);
}

TEST(CronScheduleTest, BothDayFieldsRestrictedMatchEither) {
    const TimePoint from = Utc(2025, 1, 1);
    const TimePoint to = Utc(2026, 1, 1);
    // 52 Fridays and 12 thirteenths; 2025-06-13 is both and fires once.
    const auto either = FiresShown("0 0 12 13 * FRI", "UTC", from, to);
    EXPECT_EQ(either.size(), 63u);
    ASSERT_GE(either.size(), 4u);
    EXPECT_EQ(std::vector<std::string>(either.begin(), either.begin() + 4),
              (std::vector<std::string>{"2025-01-03T12:00:00.000Z", "2025-01-10T12:00:00.000Z",
                                        "2025-01-13T12:00:00.000Z", "2025-01-17T12:00:00.000Z"}));
    EXPECT_EQ(std::count(either.begin(), either.end(), "2025-06-13T12:00:00.000Z"), 1);

    EXPECT_EQ(FiresShown("0 0 12 13 * *", "UTC", from, to).size(), 12u);
    EXPECT_EQ(FiresShown("0 0 12 ? * FRI", "UTC", from, to).size(), 52u);
}

TEST(CronScheduleTest, LastSecondOfTheYearRollsOver) {
    const CronSchedule schedule = MustSchedule("59 59 23 31 12 *", "UTC");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 6, 1))), "2025-12-31T23:59:59.000Z");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 12, 31, 23, 59, 59))), "2026-12-31T23:59:59.000Z");
}

// --- NextAfter's contract ---

TEST(CronScheduleTest, DropsMillisecondsAndFiresStrictlyAfter) {
    const CronSchedule schedule = MustSchedule("0 0 7 * * *", "UTC");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 5, 1, 6, 59, 59, 999))),
              "2025-05-01T07:00:00.000Z");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 5, 1, 7))), "2025-05-02T07:00:00.000Z");
    EXPECT_EQ(Show(schedule.NextAfter(Utc(2025, 5, 1, 7, 0, 0, 1))), "2025-05-02T07:00:00.000Z");

    const CronSchedule every_second = MustSchedule("* * * * * *", "UTC");
    EXPECT_EQ(Show(every_second.NextAfter(Utc(2025, 5, 1, 7, 0, 0, 999))),
              "2025-05-01T07:00:01.000Z");
    EXPECT_EQ(Show(every_second.NextAfter(Utc(1969, 12, 31, 23, 59, 59, 500))),
              "1970-01-01T00:00:00.000Z");
}

TEST(CronScheduleTest, ReadsTheExpressionInTheZone) {
    EXPECT_EQ(Show(MustSchedule("0 0 7 * * *", "Asia/Jakarta").NextAfter(Utc(2025, 4, 30, 12))),
              "2025-05-01T00:00:00.000Z");
    EXPECT_EQ(Show(MustSchedule("0 0 7 * * *", "America/New_York").NextAfter(Utc(2025, 5, 1))),
              "2025-05-01T11:00:00.000Z");
    EXPECT_EQ(Show(MustSchedule("0 0 7 * * *", "Asia/Kolkata").NextAfter(Utc(2025, 5, 1, 2))),
              "2025-05-02T01:30:00.000Z");
}

TEST(CronScheduleTest, ReturnsNothingPastTheEndOfTheRange) {
    EXPECT_EQ(Show(MustSchedule("* * * * * *", "UTC").NextAfter(Utc(9999, 12, 31, 23, 59, 59))),
              "none");
    EXPECT_EQ(Show(MustSchedule("0 0 0 29 2 *", "UTC").NextAfter(Utc(9996, 3, 1))), "none");
    EXPECT_EQ(Show(MustSchedule("@daily", "UTC").NextAfter(TimePoint::max())), "none");
    EXPECT_EQ(Show(MustSchedule("@daily", "Europe/Berlin").NextAfter(TimePoint::min())),
              Show(MustSchedule("@daily", "Europe/Berlin").NextAfter(Utc(1, 1, 1) - seconds{1})));
}

TEST(CronScheduleTest, GivesTheSameAnswersFromManyThreadsAtOnce) {
    // A zone no other test touches, so its transitions load lazily while the threads race.
    const CronSchedule schedule = MustSchedule("0 30 2 * * *", "Pacific/Chatham");
    constexpr int kThreads = 4;
    std::vector<std::vector<TimePoint>> results(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&schedule, &results, i] {
            results[static_cast<size_t>(i)] = Fires(schedule, Utc(2024, 1, 1), Utc(2026, 1, 1));
        });
    }
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(results[0].size(), 731u);
    for (const auto& result : results) EXPECT_EQ(Show(result), Show(results[0]));
}

TEST(CronScheduleTest, RejectsMissingZone) {
    const auto schedule = CronSchedule::Create(MustParse("@daily"), nullptr);
    ASSERT_FALSE(schedule.ok());
    EXPECT_EQ(schedule.error().code, common::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace lenzflow::scheduler
