#include "scheduler/cron_schedule.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace lenzflow::scheduler {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// The range NextAfter searches: year_month_day arithmetic is exact there, and offsets added to
// its ends cannot overflow.
constexpr date::sys_seconds kFirstInstant{date::sys_days{date::year{1} / 1 / 1}};
constexpr date::sys_seconds kLastInstant{date::sys_days{date::year{10000} / 1 / 1} - seconds{1}};

// The smallest set bit at or above `from`, or -1.
int NextSetBit(uint64_t bits, int from) {
    if (from >= 64) return -1;
    const uint64_t rest = bits & (~uint64_t{0} << from);
    return rest == 0 ? -1 : std::countr_zero(rest);
}

date::local_seconds ToLocal(date::sys_seconds t, seconds offset) {
    return date::local_seconds{t.time_since_epoch() + offset};
}

date::sys_seconds ToSys(date::local_seconds t, seconds offset) {
    return date::sys_seconds{t.time_since_epoch() - offset};
}

}  // namespace

CronSchedule::CronSchedule(model::CronExpression expr, const date::time_zone* zone)
    : expr_(std::move(expr)),
      zone_(zone),
      dst_rule_(expr_.hours().all() ? DstRule::kFollowWallClock : DstRule::kEachLocalTimeOnce),
      seconds_(expr_.seconds().to_ullong()),
      minutes_(expr_.minutes().to_ullong()),
      hours_(expr_.hours().to_ullong()),
      months_(expr_.months().to_ullong()) {}

common::Result<CronSchedule> CronSchedule::Create(model::CronExpression expr,
                                                  const date::time_zone* zone) {
    if (zone == nullptr) {
        return common::MakeError(common::ErrorCode::kInvalidArgument,
                                 "cron schedule: no time zone");
    }
    return CronSchedule(std::move(expr), zone);
}

std::optional<date::local_seconds> CronSchedule::FirstMatch(date::local_seconds from,
                                                            date::local_seconds to) const {
    // Each pass either returns or moves `t` forward to the next value the failing field could
    // take, resetting the smaller fields; a year costs at most a few hundred passes.
    date::local_seconds t = from;
    while (t < to) {
        const date::local_days day = date::floor<days>(t);
        const date::year_month_day ymd{day};
        const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        if ((months_ >> month & 1) == 0) {
            const int next = NextSetBit(months_, month + 1);
            const date::year_month first =
                next < 0 ? (ymd.year() + date::years{1}) /
                               date::month(static_cast<unsigned>(std::countr_zero(months_)))
                         : ymd.year() / date::month(static_cast<unsigned>(next));
            t = date::local_days{first / 1};
            continue;
        }

        const int day_of_month = static_cast<int>(static_cast<unsigned>(ymd.day()));
        const int day_of_week = static_cast<int>(date::weekday{day}.c_encoding());
        if (!expr_.MatchesDay(day_of_month, month, day_of_week)) {
            t = day + days{1};
            continue;
        }

        const auto time_of_day = (t - day).count();
        const int hour = static_cast<int>(time_of_day / 3600);
        const int minute = static_cast<int>(time_of_day / 60 % 60);
        const int second = static_cast<int>(time_of_day % 60);
        if ((hours_ >> hour & 1) == 0) {
            const int next = NextSetBit(hours_, hour + 1);
            t = next < 0 ? day + days{1} : day + hours{next};
            continue;
        }
        if ((minutes_ >> minute & 1) == 0) {
            const int next = NextSetBit(minutes_, minute + 1);
            t = next < 0 ? day + hours{hour + 1} : day + hours{hour} + minutes{next};
            continue;
        }
        if ((seconds_ >> second & 1) == 0) {
            const int next = NextSetBit(seconds_, second + 1);
            t = next < 0 ? day + hours{hour} + minutes{minute + 1}
                         : day + hours{hour} + minutes{minute} + seconds{next};
            continue;
        }
        return t;
    }
    return std::nullopt;
}

std::optional<common::TimePoint> CronSchedule::NextAfter(common::TimePoint after) const {
    if (after >= kLastInstant) return std::nullopt;
    const date::sys_seconds start =
        std::max(date::floor<seconds>(after) + seconds{1}, kFirstInstant);
    const date::sys_seconds limit =
        std::min(date::sys_seconds{start + std::chrono::duration_cast<seconds>(kSearchHorizon)},
                 kLastInstant + seconds{1});

    // Within one sys_info period the zone's offset is fixed, so local time runs in step with UTC
    // and the search there is a plain civil-time search; the DST rules only act where one period
    // meets the one before it.
    date::sys_seconds period_from = start;
    while (period_from < limit) {
        // TODO(#3): the date library reads no DST rules past 2037 from the system database, so
        // later firings in zones with daylight saving are an hour off in summer.
        const date::sys_info info = zone_->get_info(period_from);
        const date::sys_seconds period_end = std::min(info.end, limit);
        date::local_seconds local_from = ToLocal(period_from, info.offset);

        if (dst_rule_ == DstRule::kEachLocalTimeOnce) {
            const date::sys_info before = zone_->get_info(info.begin - seconds{1});
            if (before.offset < info.offset && period_from == info.begin) {
                // Gap: scheduled local times the clock skipped fire once, now.
                if (FirstMatch(ToLocal(info.begin, before.offset), local_from)) return info.begin;
            } else if (before.offset > info.offset) {
                // Overlap: local times the previous period already showed have fired there.
                local_from = std::max(local_from, ToLocal(info.begin, before.offset));
            }
        }

        if (const auto local = FirstMatch(local_from, ToLocal(period_end, info.offset))) {
            return ToSys(*local, info.offset);
        }
        period_from = info.end;
    }
    return std::nullopt;
}

}  // namespace lenzflow::scheduler
