#include "common/jwt.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "common/json.hpp"

namespace lenzflow::common {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test-secret";
constexpr int64_t kNowSeconds = 1'700'000'000;
const TimePoint kNow = FromUnixMillis(kNowSeconds * 1000);

// --- Token crafting helpers, independent of the code under test. ---

std::string Base64Url(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
    return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    EXPECT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                        reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
                        sizeof(mac), &mac_len),
              nullptr);
    return std::string(reinterpret_cast<char*>(mac), mac_len);
}

// An HS256 token over arbitrary header and payload JSON text, signed with `key`.
std::string HandSigned(std::string_view header, std::string_view payload,
                       std::string_view key = kSecret) {
    const std::string signing_input = Base64Url(header) + "." + Base64Url(payload);
    return signing_input + "." + Base64Url(HmacSha256(key, signing_input));
}

std::string HandSignedClaims(const Json& claims) {
    return HandSigned(R"({"alg":"HS256","typ":"JWT"})", claims.dump());
}

Json DefaultClaims() {
    return Json{{"sub", "user-alfin"}, {"role", "admin"}, {"exp", kNowSeconds + 3600}};
}

// A token signed by libjwt itself with any algorithm and key (PEM text for RS/ES).
std::string LibjwtSigned(jwt_alg_t alg, std::string_view key, const Json& claims) {
    jwt_t* raw = nullptr;
    EXPECT_EQ(jwt_new(&raw), 0);
    std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
    EXPECT_EQ(jwt_add_grants_json(jwt.get(), claims.dump().c_str()), 0);
    EXPECT_EQ(jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(key.data()),
                          static_cast<int>(key.size())),
              0);
    char* encoded = jwt_encode_str(jwt.get());
    EXPECT_NE(encoded, nullptr);
    std::string out = encoded == nullptr ? "" : encoded;
    std::free(encoded);
    return out;
}

struct KeyPair {
    std::string private_pem;
    std::string public_pem;
};

std::string BioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(len));
}

KeyPair ToPem(EVP_PKEY* key) {
    KeyPair pair;
    std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), &BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), &BIO_free);
    EXPECT_EQ(PEM_write_bio_PrivateKey(priv.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
    EXPECT_EQ(PEM_write_bio_PUBKEY(pub.get(), key), 1);
    pair.private_pem = BioText(priv.get());
    pair.public_pem = BioText(pub.get());
    EVP_PKEY_free(key);
    return pair;
}

KeyPair RsaKeys(size_t bits) { return ToPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits)); }
KeyPair EcKeys(const char* curve) {
    return ToPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

class JwtVerifierTest : public testing::Test {
protected:
    // Key generation is slow (RSA especially); every case shares one set.
    static void SetUpTestSuite() {
        rsa_ = new KeyPair(RsaKeys(2048));
        rsa_other_ = new KeyPair(RsaKeys(2048));
        ec_ = new KeyPair(EcKeys("P-256"));
    }
    static void TearDownTestSuite() {
        delete rsa_;
        delete rsa_other_;
        delete ec_;
    }

    static JwtVerifier Verifier(std::string public_pem = {}) {
        auto verifier = JwtVerifier::Create({kSecret, std::move(public_pem)});
        EXPECT_TRUE(verifier.ok()) << verifier.error().message;
        return std::move(verifier).value();
    }

    static void ExpectRejected(const JwtVerifier& verifier, std::string_view token,
                               std::string_view reason) {
        const auto result = verifier.Verify(token, kNow);
        ASSERT_FALSE(result.ok()) << "accepted token: " << token;
        EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(result.error().message, reason) << "token: " << token;
    }

    static inline KeyPair* rsa_ = nullptr;
    static inline KeyPair* rsa_other_ = nullptr;
    static inline KeyPair* ec_ = nullptr;
};

// --- HS256 basics ---

TEST_F(JwtVerifierTest, RoundTripsSignedToken) {
    const auto token = SignHs256({"user-alfin", "admin", kNowSeconds + 60}, kSecret, kNow);
    ASSERT_TRUE(token.ok()) << token.error().message;

    const auto claims = Verifier().Verify(*token, kNow);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->sub, "user-alfin");
    EXPECT_EQ(claims->role, "admin");
    EXPECT_EQ(claims->exp, kNowSeconds + 60);
}

TEST_F(JwtVerifierTest, RoundTripsTokenWithoutRole) {
    const auto token = SignHs256({"user-x", "", kNowSeconds + 60}, kSecret, kNow);
    ASSERT_TRUE(token.ok());

    const auto claims = Verifier().Verify(*token, kNow);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->sub, "user-x");
    EXPECT_EQ(claims->role, "");
}

TEST_F(JwtVerifierTest, RejectsExpiredToken) {
    const auto verifier = Verifier();
    const auto token = HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds}});
    // Expired from the exp second itself on; no leeway.
    ExpectRejected(verifier, token, "token expired");
    EXPECT_TRUE(verifier.Verify(token, kNow - 1ms).ok());
    const auto old = HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds - 3600}});
    ExpectRejected(verifier, old, "token expired");
}

TEST_F(JwtVerifierTest, RejectsNotBeforeInFuture) {
    const auto verifier = Verifier();
    const auto later =
        HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 600}, {"nbf", kNowSeconds + 31}});
    ExpectRejected(verifier, later, "token not yet valid");
    const auto within_leeway =
        HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 600}, {"nbf", kNowSeconds + 30}});
    EXPECT_TRUE(verifier.Verify(within_leeway, kNow).ok());
    const auto past =
        HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 600}, {"nbf", kNowSeconds - 5}});
    EXPECT_TRUE(verifier.Verify(past, kNow).ok());
    const auto bad = HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 600}, {"nbf", "x"}});
    ExpectRejected(verifier, bad, "invalid nbf claim");
}

TEST_F(JwtVerifierTest, RequiresNumericExp) {
    const auto verifier = Verifier();
    ExpectRejected(verifier, HandSignedClaims({{"sub", "u"}}), "missing exp claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", "u"}, {"exp", "1800000000"}}),
                   "invalid exp claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", "u"}, {"exp", nullptr}}),
                   "invalid exp claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", "u"}, {"exp", -1}}), "invalid exp claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", "u"}, {"exp", 1e300}}), "invalid exp claim");

    // A fractional NumericDate is legal (RFC 7519 section 2); it is rounded down.
    const auto fractional = HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 10.7}});
    const auto claims = verifier.Verify(fractional, kNow);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->exp, kNowSeconds + 10);
}

TEST_F(JwtVerifierTest, RequiresNonEmptyStringSub) {
    const auto verifier = Verifier();
    const int64_t exp = kNowSeconds + 60;
    ExpectRejected(verifier, HandSignedClaims({{"exp", exp}}), "missing sub claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", ""}, {"exp", exp}}), "missing sub claim");
    ExpectRejected(verifier, HandSignedClaims({{"sub", 42}, {"exp", exp}}), "invalid sub claim");
}

TEST_F(JwtVerifierTest, RejectsNonStringRole) {
    ExpectRejected(Verifier(),
                   HandSignedClaims({{"sub", "u"}, {"exp", kNowSeconds + 60}, {"role", 1}}),
                   "invalid role claim");
}

TEST_F(JwtVerifierTest, RejectsTamperedPayload) {
    const auto token = *SignHs256({"user-alfin", "viewer", kNowSeconds + 60}, kSecret, kNow);
    const auto other = *SignHs256({"user-alfin", "admin", kNowSeconds + 60}, kSecret, kNow);

    // Payload of a different (valid) token spliced in under the original signature.
    const auto dot1 = token.find('.');
    const auto dot2 = token.rfind('.');
    const auto other_payload =
        other.substr(other.find('.') + 1, other.rfind('.') - other.find('.') - 1);
    const auto spliced = token.substr(0, dot1 + 1) + other_payload + token.substr(dot2);
    ExpectRejected(Verifier(), spliced, "bad signature");

    const auto forged =
        Base64Url(Json{{"sub", "root"}, {"role", "admin"}, {"exp", kNowSeconds + 60}}.dump());
    ExpectRejected(Verifier(), token.substr(0, dot1 + 1) + forged + token.substr(dot2),
                   "bad signature");
}

TEST_F(JwtVerifierTest, RejectsTamperedSignature) {
    const auto token = *SignHs256({"user-alfin", "admin", kNowSeconds + 60}, kSecret, kNow);
    const auto sig_start = token.rfind('.') + 1;

    std::string flipped = token;
    char& c = flipped[sig_start + 5];
    c = c == 'A' ? 'B' : 'A';
    ExpectRejected(Verifier(), flipped, "bad signature");

    ExpectRejected(Verifier(), token.substr(0, sig_start), "bad signature");
    ExpectRejected(Verifier(), token.substr(0, sig_start) + Base64Url(std::string(32, '\0')),
                   "bad signature");
}

TEST_F(JwtVerifierTest, RejectsNonCanonicalBase64InSignature) {
    // The last character of a 32-byte signature carries 2 unused bits; setting them must not give
    // a second accepted spelling of the same token.
    const auto token = *SignHs256({"user-alfin", "admin", kNowSeconds + 60}, kSecret, kNow);
    std::string altered = token;
    char& last = altered.back();
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    last = alphabet[alphabet.find(last) | 1];
    ASSERT_NE(altered, token);
    ExpectRejected(Verifier(), altered, "malformed token");
}

// --- Algorithm pinning ---

TEST_F(JwtVerifierTest, RejectsAlgNone) {
    // {"alg":"none","typ":"JWT"} . {"sub":"root","exp":<future>} . (empty signature)
    const std::string header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
    ASSERT_EQ(header, Base64Url(R"({"alg":"none","typ":"JWT"})"));
    const auto payload = Base64Url(Json{{"sub", "root"}, {"exp", kNowSeconds + 60}}.dump());

    ExpectRejected(Verifier(), header + "." + payload + ".", "unsupported algorithm");
    ExpectRejected(Verifier(rsa_->public_pem), header + "." + payload + ".",
                   "unsupported algorithm");
    // Upper-case spelling and a dummy signature change nothing.
    const auto upper = Base64Url(R"({"alg":"NONE"})");
    ExpectRejected(Verifier(), upper + "." + payload + ".", "unsupported algorithm");
    ExpectRejected(Verifier(), header + "." + payload + ".AAAA", "unsupported algorithm");
}

TEST_F(JwtVerifierTest, RejectsHs384AndHs512SignedWithSameSecret) {
    ExpectRejected(Verifier(), LibjwtSigned(JWT_ALG_HS512, kSecret, DefaultClaims()),
                   "unsupported algorithm");
    ExpectRejected(Verifier(), LibjwtSigned(JWT_ALG_HS384, kSecret, DefaultClaims()),
                   "unsupported algorithm");
}

TEST_F(JwtVerifierTest, AcceptsRs256WithRsaPublicKey) {
    const auto token = LibjwtSigned(JWT_ALG_RS256, rsa_->private_pem, DefaultClaims());
    const auto claims = Verifier(rsa_->public_pem).Verify(token, kNow);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->sub, "user-alfin");
    EXPECT_EQ(claims->role, "admin");
}

TEST_F(JwtVerifierTest, AcceptsEs256WithEcPublicKey) {
    const auto token = LibjwtSigned(JWT_ALG_ES256, ec_->private_pem, DefaultClaims());
    const auto claims = Verifier(ec_->public_pem).Verify(token, kNow);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->sub, "user-alfin");
}

TEST_F(JwtVerifierTest, StillAcceptsHs256WhenPublicKeyConfigured) {
    const auto token = *SignHs256({"user-alfin", "", kNowSeconds + 60}, kSecret, kNow);
    EXPECT_TRUE(Verifier(rsa_->public_pem).Verify(token, kNow).ok());
    EXPECT_TRUE(Verifier(ec_->public_pem).Verify(token, kNow).ok());
}

TEST_F(JwtVerifierTest, RejectsRs256WhenOnlyHsConfigured) {
    ExpectRejected(Verifier(), LibjwtSigned(JWT_ALG_RS256, rsa_->private_pem, DefaultClaims()),
                   "unsupported algorithm");
    ExpectRejected(Verifier(), LibjwtSigned(JWT_ALG_ES256, ec_->private_pem, DefaultClaims()),
                   "unsupported algorithm");
}

TEST_F(JwtVerifierTest, AcceptsOnlyTheAlgorithmOfTheConfiguredKey) {
    ExpectRejected(Verifier(rsa_->public_pem),
                   LibjwtSigned(JWT_ALG_ES256, ec_->private_pem, DefaultClaims()),
                   "unsupported algorithm");
    ExpectRejected(Verifier(ec_->public_pem),
                   LibjwtSigned(JWT_ALG_RS256, rsa_->private_pem, DefaultClaims()),
                   "unsupported algorithm");
    ExpectRejected(Verifier(rsa_->public_pem),
                   LibjwtSigned(JWT_ALG_RS512, rsa_->private_pem, DefaultClaims()),
                   "unsupported algorithm");
}

TEST_F(JwtVerifierTest, RejectsRs256SignedByAnotherKey) {
    ExpectRejected(Verifier(rsa_->public_pem),
                   LibjwtSigned(JWT_ALG_RS256, rsa_other_->private_pem, DefaultClaims()),
                   "bad signature");
}

TEST_F(JwtVerifierTest, RejectsHs256KeyedWithThePublicKey) {
    // The classic confusion attack: HMAC keyed with the (public) PEM text. Both the configured
    // text and OpenSSL's re-encoding of it are tried.
    for (const auto& pem : {rsa_->public_pem, ec_->public_pem}) {
        const auto verifier = Verifier(pem);
        ExpectRejected(verifier, LibjwtSigned(JWT_ALG_HS256, pem, DefaultClaims()),
                       "bad signature");
        ExpectRejected(verifier, HandSigned(R"({"alg":"HS256"})", DefaultClaims().dump(), pem),
                       "bad signature");
    }
}

TEST_F(JwtVerifierTest, RejectsUnknownAlgorithmNames) {
    const auto payload = DefaultClaims().dump();
    for (const char* header : {R"({"alg":"hs256"})", R"({"alg":"HS256 "})", R"({"alg":"PS256"})",
                               R"({"alg":"EdDSA"})", R"({"alg":""})"}) {
        ExpectRejected(Verifier(rsa_->public_pem), HandSigned(header, payload),
                       "unsupported algorithm");
    }
}

// --- Malformed input ---

TEST_F(JwtVerifierTest, RejectsGarbage) {
    const auto verifier = Verifier();
    const auto valid = *SignHs256({"user-alfin", "", kNowSeconds + 60}, kSecret, kNow);
    const auto payload = Base64Url(DefaultClaims().dump());
    for (const std::string& token : {
             std::string(""),
             std::string("."),
             std::string(".."),
             std::string("abc"),
             std::string("abc.def"),
             valid + ".extra",
             std::string("a.b.c.d"),
             std::string("!!!.@@@.###"),
             "." + payload + ".sig",
             "eyJhbGciOiJIUzI1NiJ9.." + valid.substr(valid.rfind('.') + 1),
             Base64Url("not json") + "." + payload + ".AAAA",
             Base64Url("[1,2]") + "." + payload + ".AAAA",
             Base64Url("{}") + "." + payload + ".AAAA",
             Base64Url(R"({"alg":256})") + "." + payload + ".AAAA",
             Base64Url(R"({"alg":"HS256"})") + "=." + payload + ".AAAA",
             Base64Url(R"({"alg":"HS256"})") + "." + payload + "+/.AAAA",
             HandSigned(R"({"alg":"HS256"})", "not json"),
             HandSigned(R"({"alg":"HS256"})", "[]"),
             std::string("e") + "." + payload + ".AAAA",
         }) {
        const auto result = verifier.Verify(token, kNow);
        ASSERT_FALSE(result.ok()) << token;
        EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated) << token;
        EXPECT_EQ(result.error().message, "malformed token") << token;
    }
}

TEST_F(JwtVerifierTest, RejectsOversizedToken) {
    Json claims = DefaultClaims();
    claims["pad"] = std::string(kMaxJwtBytes, 'x');
    ExpectRejected(Verifier(), HandSignedClaims(claims), "token too large");
}

TEST_F(JwtVerifierTest, RejectsCriticalHeaderAndForeignType) {
    const auto payload = DefaultClaims().dump();
    ExpectRejected(Verifier(), HandSigned(R"({"alg":"HS256","crit":["b64"],"b64":false})", payload),
                   "unsupported critical header");
    ExpectRejected(Verifier(), HandSigned(R"({"alg":"HS256","typ":"JWE"})", payload),
                   "unsupported token type");
    EXPECT_TRUE(
        Verifier().Verify(HandSigned(R"({"alg":"HS256","typ":"jwt"})", payload), kNow).ok());
    EXPECT_TRUE(Verifier().Verify(HandSigned(R"({"alg":"HS256"})", payload), kNow).ok());
}

TEST_F(JwtVerifierTest, ReasonsNeverEchoTokenOrKey) {
    const auto verifier = Verifier(rsa_->public_pem);
    const auto bad_sig = HandSigned(R"({"alg":"HS256"})", DefaultClaims().dump(), "wrong-key");
    const auto result = verifier.Verify(bad_sig, kNow);
    ASSERT_FALSE(result.ok());
    EXPECT_LT(result.error().message.size(), 40u);
    EXPECT_EQ(result.error().message.find(bad_sig.substr(0, 10)), std::string::npos);
    EXPECT_EQ(result.error().message.find(kSecret.substr(0, 10)), std::string::npos);
}

TEST_F(JwtVerifierTest, VerifiesConcurrently) {
    const auto verifier = Verifier(rsa_->public_pem);
    const auto hs = *SignHs256({"user-a", "", kNowSeconds + 60}, kSecret, kNow);
    const auto rs = LibjwtSigned(JWT_ALG_RS256, rsa_->private_pem, DefaultClaims());
    const auto forged = LibjwtSigned(JWT_ALG_HS256, rsa_->public_pem, DefaultClaims());

    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                if (!verifier.Verify(hs, kNow).ok()) ++failures;
                if (!verifier.Verify(rs, kNow).ok()) ++failures;
                if (verifier.Verify(forged, kNow).ok()) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
}

// --- Configuration ---

TEST(JwtVerifierCreateTest, RejectsShortSecret) {
    for (const std::string& secret : {std::string(), std::string(kMinJwtSecretBytes - 1, 'k')}) {
        const auto verifier = JwtVerifier::Create({secret, ""});
        ASSERT_FALSE(verifier.ok());
        EXPECT_EQ(verifier.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(verifier.error().message.find("at least 32 bytes"), std::string::npos);
    }
    EXPECT_TRUE(JwtVerifier::Create({std::string(kMinJwtSecretBytes, 'k'), ""}).ok());
}

TEST(JwtVerifierCreateTest, RejectsUnusablePublicKeys) {
    const auto expect_rejected = [](const std::string& pem, std::string_view fragment) {
        const auto verifier = JwtVerifier::Create({kSecret, pem});
        ASSERT_FALSE(verifier.ok()) << fragment;
        EXPECT_EQ(verifier.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(verifier.error().message.find(fragment), std::string::npos)
            << verifier.error().message;
    };

    expect_rejected("not a pem", "not a PEM public key");
    expect_rejected("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                    "not a PEM public key");
    const auto ec = EcKeys("P-256");
    expect_rejected(ec.private_pem, "not a PEM public key");
    expect_rejected(EcKeys("P-384").public_pem, "P-256");
    expect_rejected(RsaKeys(1024).public_pem, "at least 2048 bits");
    expect_rejected(ToPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")).public_pem,
                    "RSA (RS256) or EC P-256");

    const auto same = JwtVerifier::Create({ec.public_pem, ec.public_pem});
    ASSERT_FALSE(same.ok());
    EXPECT_NE(same.error().message.find("same text"), std::string::npos);
}

// --- Signing ---

TEST(JwtSignTest, RejectsBadInput) {
    EXPECT_EQ(SignHs256({"u", "", kNowSeconds + 60}, "short", kNow).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(SignHs256({"", "", kNowSeconds + 60}, kSecret, kNow).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(SignHs256({"u", "", kNowSeconds}, kSecret, kNow).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(SignHs256({std::string("a\0b", 3), "", kNowSeconds + 60}, kSecret, kNow).error().code,
              ErrorCode::kInvalidArgument);
}

TEST(JwtSignTest, WritesStandardHeaderAndClaims) {
    const auto token = SignHs256({"user-alfin", "admin", kNowSeconds + 60}, kSecret, kNow + 999ms);
    ASSERT_TRUE(token.ok());

    // Decode with libjwt, independently of JwtVerifier, to look at what was written.
    jwt_t* raw = nullptr;
    ASSERT_EQ(
        jwt_decode(&raw, token->c_str(), reinterpret_cast<const unsigned char*>(kSecret.data()),
                   static_cast<int>(kSecret.size())),
        0);
    std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
    EXPECT_EQ(jwt_get_alg(jwt.get()), JWT_ALG_HS256);
    EXPECT_STREQ(jwt_get_header(jwt.get(), "typ"), "JWT");
    EXPECT_STREQ(jwt_get_grant(jwt.get(), "sub"), "user-alfin");
    EXPECT_STREQ(jwt_get_grant(jwt.get(), "role"), "admin");
    EXPECT_EQ(jwt_get_grant_int(jwt.get(), "exp"), kNowSeconds + 60);
    EXPECT_EQ(jwt_get_grant_int(jwt.get(), "iat"), kNowSeconds);
}

}  // namespace
}  // namespace lenzflow::common
