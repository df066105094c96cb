#include "app/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/temp_dir_for_testing.hpp"

namespace lenzflow::app {
namespace {

namespace fs = std::filesystem;

using TempDir = common::TempDirForTesting;

TEST(ConfigTest, ParsesListenAddresses) {
    const auto v4 = ParseListen("127.0.0.1:8080");
    ASSERT_TRUE(v4.ok());
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 8080);
    const auto v6 = ParseListen("[::1]:9000");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 9000);
}

TEST(ConfigTest, RejectsBadListenAddresses) {
    for (const char* bad :
         {"", "8080", ":8080", "host:", "host:0", "host:65536", "host:80x", "[::1]8080", "[::1"}) {
        EXPECT_FALSE(ParseListen(bad).ok()) << bad;
    }
}

TEST(ConfigTest, ReadsSqliteUrlsOnly) {
    EXPECT_EQ(*SqlitePathFromUrl("sqlite:/var/lib/lenzflow/db"), "/var/lib/lenzflow/db");
    EXPECT_EQ(*SqlitePathFromUrl("sqlite:data/x.db"), "data/x.db");
    EXPECT_FALSE(SqlitePathFromUrl("postgres://localhost/x").ok());
    EXPECT_FALSE(SqlitePathFromUrl("sqlite:").ok());
}

TEST(ConfigTest, DefaultDatabaseLivesInDataDir) {
    Settings s;
    s.data_dir = "/srv/lf";
    EXPECT_EQ(DatabaseUrl(s), "sqlite:/srv/lf/lenzflow.db");
    s.database = "sqlite:/elsewhere.db";
    EXPECT_EQ(DatabaseUrl(s), "sqlite:/elsewhere.db");
}

TEST(ConfigTest, CreatesJwtKeyOnceWithOwnerOnlyMode) {
    TempDir dir;
    const auto first = LoadOrCreateJwtSecret(dir.path(), "");
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), 64u);

    struct stat st {};
    ASSERT_EQ(::stat((dir.path() / "jwt.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    const auto second = LoadOrCreateJwtSecret(dir.path(), "");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);
}

TEST(ConfigTest, EnvironmentSecretWinsAndMustBeLongEnough) {
    TempDir dir;
    const std::string secret(40, 'k');
    EXPECT_EQ(*LoadOrCreateJwtSecret(dir.path(), secret), secret);
    EXPECT_FALSE(fs::exists(dir.path() / "jwt.key"));
    EXPECT_FALSE(LoadOrCreateJwtSecret(dir.path(), "short").ok());
}

TEST(ConfigTest, RefusesKeyFileReadableByOthers) {
    TempDir dir;
    ASSERT_TRUE(LoadOrCreateJwtSecret(dir.path(), "").ok());
    fs::permissions(dir.path() / "jwt.key", fs::perms::others_read, fs::perm_options::add);
    const auto again = LoadOrCreateJwtSecret(dir.path(), "");
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().message.find("chmod 600"), std::string::npos);
}

TEST(ConfigTest, EnsureDataDirCreatesNestedDirs) {
    TempDir dir;
    const auto nested = dir.path() / "a" / "b";
    ASSERT_TRUE(EnsureDataDir(nested).ok());
    EXPECT_TRUE(fs::is_directory(nested));
}

TEST(ConfigTest, ParsesDurations) {
    EXPECT_EQ(ParseDuration("90s")->count(), 90);
    EXPECT_EQ(ParseDuration("90")->count(), 90);
    EXPECT_EQ(ParseDuration("30m")->count(), 1800);
    EXPECT_EQ(ParseDuration("24h")->count(), 86400);
    EXPECT_EQ(ParseDuration("7d")->count(), 604800);
    for (const char* bad : {"", "0", "-5m", "5w", "h", "367d", "1.5h"}) {
        EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
    }
}

}  // namespace
}  // namespace lenzflow::app
