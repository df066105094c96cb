#include "common/time.hpp"

#include <gtest/gtest.h>

namespace lenzflow::common {
namespace {

using namespace std::chrono_literals;

TEST(TimeTest, FormatsUtcWithMilliseconds) {
    const auto t = FromUnixMillis(1746000005123);  // 2025-04-30T08:00:05.123Z
    EXPECT_EQ(FormatRfc3339(t), "2025-04-30T08:00:05.123Z");
    EXPECT_EQ(FormatRfc3339(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(TimeTest, ParsesWhatItFormats) {
    const auto t = FromUnixMillis(1746000005123);
    const auto parsed = ParseRfc3339(FormatRfc3339(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
}

TEST(TimeTest, ParsesOffsetsAndOptionalFraction) {
    EXPECT_EQ(ParseRfc3339("2025-04-30T07:00:05Z"), FromUnixMillis(1745996405000));
    EXPECT_EQ(ParseRfc3339("2025-04-30T14:00:05+07:00"), FromUnixMillis(1745996405000));
    EXPECT_EQ(ParseRfc3339("2025-04-30T06:30:05.5-00:30"), FromUnixMillis(1745996405500));
}

TEST(TimeTest, RejectsMalformedText) {
    for (const char* bad : {"", "2025-04-30", "2025-04-30T07:00:05", "2025-13-01T00:00:00Z",
                            "2025-02-30T00:00:00Z", "2025-04-30T24:00:00Z", "2025-04-30T07:00:05.Z",
                            "2025-04-30T07:00:05Zjunk", "2025-04-30T07:00:05+7:00"}) {
        EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
    }
}

TEST(TimeTest, ManualClockMovesOnlyWhenTold) {
    ManualClock clock(FromUnixMillis(1000));
    EXPECT_EQ(clock.Now(), FromUnixMillis(1000));
    clock.Advance(250ms);
    EXPECT_EQ(clock.Now(), FromUnixMillis(1250));
    clock.Set(FromUnixMillis(5));
    EXPECT_EQ(clock.Now(), FromUnixMillis(5));
}

}  // namespace
}  // namespace lenzflow::common
