#include "api/auth.hpp"

#include <gtest/gtest.h>

namespace lenzflow::api {
namespace {

const std::string kSecret(48, 's');

class AuthTest : public ::testing::Test {
protected:
    common::JwtVerifier verifier_ = *common::JwtVerifier::Create({kSecret, ""});
    common::TimePoint now_ = common::FromUnixMillis(1746000000000);

    std::string Token(int64_t exp_offset_s = 3600) {
        // Issued an hour ago, so an expiry in the past is still a token SignHs256 will make.
        common::JwtClaims claims{"user-alfin", "admin", 1746000000 + exp_offset_s};
        auto token = common::SignHs256(claims, kSecret, now_ - std::chrono::hours(1));
        EXPECT_TRUE(token.ok());
        return token.ok() ? *token : std::string();
    }
};

TEST_F(AuthTest, AcceptsBearerTokenInAnyCase) {
    for (const char* scheme : {"Bearer ", "bearer ", "BEARER  "}) {
        const auto p = Authenticate(scheme + Token(), verifier_, now_);
        ASSERT_TRUE(p.ok()) << scheme << p.error().message;
        EXPECT_EQ(p->subject, "user-alfin");
        EXPECT_EQ(p->role, "admin");
    }
}

TEST_F(AuthTest, RejectsMissingOrMalformedHeader) {
    for (const char* header : {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"}) {
        const auto p = Authenticate(header, verifier_, now_);
        ASSERT_FALSE(p.ok()) << header;
        EXPECT_EQ(p.error().code, common::ErrorCode::kUnauthenticated);
    }
    EXPECT_EQ(Authenticate("", verifier_, now_).error().message, "missing bearer token");
}

TEST_F(AuthTest, RejectsExpiredTokenWithoutEchoingIt) {
    const std::string token = Token(-10);
    const auto p = Authenticate("Bearer " + token, verifier_, now_);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, common::ErrorCode::kUnauthenticated);
    EXPECT_EQ(p.error().message.find(token), std::string::npos);
}

TEST_F(AuthTest, CachedTokenStillExpires) {
    VerifiedTokenCache cache;
    const std::string header = "Bearer " + Token(60);
    ASSERT_TRUE(Authenticate(header, verifier_, now_, &cache).ok());
    ASSERT_TRUE(cache.Find(header.substr(7), now_).has_value());

    const auto later = now_ + std::chrono::seconds(60);
    EXPECT_FALSE(cache.Find(header.substr(7), later).has_value());
    const auto expired = Authenticate(header, verifier_, later, &cache);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, common::ErrorCode::kUnauthenticated);
}

TEST_F(AuthTest, CacheRemembersOnlyTokensThatVerified) {
    VerifiedTokenCache cache;
    std::string forged = Token();
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(Authenticate("Bearer " + forged, verifier_, now_, &cache).ok());
    EXPECT_FALSE(cache.Find(forged, now_).has_value());
    // Asked again, the forged token is checked again and refused again.
    EXPECT_FALSE(Authenticate("Bearer " + forged, verifier_, now_, &cache).ok());
}

TEST_F(AuthTest, CacheStartsOverWhenFull) {
    VerifiedTokenCache cache(2);
    const Principal p{"u", ""};
    const auto expires = now_ + std::chrono::hours(1);
    cache.Remember("a", p, expires);
    cache.Remember("b", p, expires);
    cache.Remember("c", p, expires);
    EXPECT_FALSE(cache.Find("a", now_).has_value());
    EXPECT_TRUE(cache.Find("c", now_).has_value());
}

}  // namespace
}  // namespace lenzflow::api
