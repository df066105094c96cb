#include "scheduler/time_zone.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace lenzflow::scheduler {
namespace {

using ::testing::HasSubstr;

TEST(FindTimeZoneTest, FindsIanaZones) {
    for (const char* name : {"UTC", "Europe/Berlin", "America/New_York", "Asia/Jakarta",
                             "Etc/GMT+5", "America/Port-au-Prince"}) {
        const auto zone = FindTimeZone(name);
        ASSERT_TRUE(zone.ok()) << name << ": " << zone.error().message;
        EXPECT_EQ((*zone)->name(), name);
    }
}

TEST(FindTimeZoneTest, ReturnsTheSameZoneForTheSameName) {
    const auto first = FindTimeZone("Europe/Berlin");
    const auto second = FindTimeZone("Europe/Berlin");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);
}

TEST(FindTimeZoneTest, ReportsUnknownZoneWithoutThrowing) {
    for (const char* name : {"Nowhere/Atlantis", "europe/berlin", "Europe", "CEST", "posixrules"}) {
        const auto zone = FindTimeZone(name);
        ASSERT_FALSE(zone.ok()) << name;
        EXPECT_EQ(zone.error().code, common::ErrorCode::kInvalidArgument);
        EXPECT_EQ(zone.error().message, std::string("unknown time zone '") + name + "'");
    }
}

TEST(FindTimeZoneTest, RejectsPathLikeAndMalformedNamesBeforeTheDatabase) {
    const std::string too_long = "Europe/" + std::string(kMaxTimeZoneNameLength - 6, 'A');
    ASSERT_EQ(too_long.size(), kMaxTimeZoneNameLength + 1);
    for (const std::string& name :
         {std::string("../../etc/passwd"), std::string("Europe/../UTC"),
          std::string("/usr/share/zoneinfo/UTC"), std::string(""), std::string("Europe/Berlin\n"),
          std::string("Europe Berlin"), std::string("UTC\0", 4), too_long}) {
        const auto zone = FindTimeZone(name);
        ASSERT_FALSE(zone.ok()) << name;
        EXPECT_EQ(zone.error().code, common::ErrorCode::kInvalidArgument);
        EXPECT_THAT(zone.error().message, HasSubstr("invalid time zone name")) << name;
    }
}

TEST(FindTimeZoneTest, AcceptsNamesUpToTheLengthLimit) {
    // A name of exactly the limit reaches the database (and is unknown there), one more does not.
    const std::string at_limit = "Europe/" + std::string(kMaxTimeZoneNameLength - 7, 'A');
    const auto zone = FindTimeZone(at_limit);
    ASSERT_FALSE(zone.ok());
    EXPECT_THAT(zone.error().message, HasSubstr("unknown time zone"));
}

TEST(FindTimeZoneTest, QuotesUnprintableBytesAndBoundsTheMessage) {
    const auto escaped = FindTimeZone("Europe/\x1b[31mBerlin");
    ASSERT_FALSE(escaped.ok());
    EXPECT_THAT(escaped.error().message, HasSubstr("'Europe/?[31mBerlin'"));

    const auto long_name = FindTimeZone(std::string(10000, 'x'));
    ASSERT_FALSE(long_name.ok());
    EXPECT_LT(long_name.error().message.size(), 160u);
}

}  // namespace
}  // namespace lenzflow::scheduler
