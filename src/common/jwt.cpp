#include "common/jwt.hpp"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>

#include "common/json.hpp"

namespace lenzflow::common {

namespace {

// jwt_add_grant_int takes a long; Unix seconds must fit.
static_assert(sizeof(long) >= sizeof(int64_t), "libjwt grants are long; need 64-bit long");

// 9999-12-31T23:59:59Z. Bounding NumericDate keeps the seconds-to-milliseconds product far from
// int64 overflow and turns absurd values into a clear rejection.
constexpr int64_t kMaxNumericDate = 253402300799;

// A JWT header is a handful of short members; anything nested is not one we understand.
constexpr int kMaxHeaderJsonDepth = 4;
constexpr int kMaxPayloadJsonDepth = 16;

struct JwtDeleter {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct PkeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }
};
using CStringPtr = std::unique_ptr<char, FreeDeleter>;

Error Unauthenticated(const char* reason) { return MakeError(ErrorCode::kUnauthenticated, reason); }

// Value of one base64url character, or -1.
int Base64UrlValue(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// Strict unpadded base64url (RFC 7515 section 2): only the URL alphabet, no '=', and unused low
// bits of the last character must be zero. Rejecting the non-canonical spellings means every
// token has exactly one text form, so a tampered character can never decode to the same bytes.
std::optional<std::string> DecodeBase64Url(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;

    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = Base64UrlValue(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }

    // 2 or 4 leftover bits belong to no byte; a canonical encoder leaves them zero.
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

// Decodes one segment into a JSON object, or nullopt when it is not one.
std::optional<Json> DecodeJsonObject(std::string_view segment, int max_depth) {
    const auto bytes = DecodeBase64Url(segment);
    if (!bytes) return std::nullopt;
    auto json = ParseJson(*bytes, max_depth);
    if (!json.ok() || !json->is_object()) return std::nullopt;
    return std::move(json).value();
}

// A JSON NumericDate as whole Unix seconds. Fractions round towards the safe side for the caller:
// `round_up` for not-before, down for expiry. nullopt when not a number or out of range.
std::optional<int64_t> ReadNumericDate(const Json& value, bool round_up) {
    if (value.is_number_unsigned()) {
        const auto v = value.get<uint64_t>();
        if (v > static_cast<uint64_t>(kMaxNumericDate)) return std::nullopt;
        return static_cast<int64_t>(v);
    }
    if (value.is_number_integer()) {
        const auto v = value.get<int64_t>();
        if (v < 0 || v > kMaxNumericDate) return std::nullopt;
        return v;
    }
    if (value.is_number_float()) {
        const double v = value.get<double>();
        if (!std::isfinite(v) || v < 0 || v > static_cast<double>(kMaxNumericDate)) {
            return std::nullopt;
        }
        return static_cast<int64_t>(round_up ? std::ceil(v) : std::floor(v));
    }
    return std::nullopt;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::optional<std::string> WritePublicKeyPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return std::nullopt;
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len <= 0 || data == nullptr) return std::nullopt;
    return std::string(data, static_cast<size_t>(len));
}

// The claims of a token whose signature has been verified, checked against `now`.
Result<JwtClaims> ReadClaims(const Json& payload, TimePoint now) {
    const auto exp_it = payload.find("exp");
    if (exp_it == payload.end()) return Unauthenticated("missing exp claim");
    const auto exp = ReadNumericDate(*exp_it, /*round_up=*/false);
    if (!exp) return Unauthenticated("invalid exp claim");
    if (ToUnixMillis(now) >= *exp * 1000) return Unauthenticated("token expired");

    if (const auto nbf_it = payload.find("nbf"); nbf_it != payload.end()) {
        const auto nbf = ReadNumericDate(*nbf_it, /*round_up=*/true);
        if (!nbf) return Unauthenticated("invalid nbf claim");
        const auto leeway_ms = std::chrono::milliseconds(kJwtNotBeforeLeeway).count();
        if (*nbf * 1000 > ToUnixMillis(now) + leeway_ms) {
            return Unauthenticated("token not yet valid");
        }
    }

    JwtClaims claims;
    claims.exp = *exp;
    const auto sub_it = payload.find("sub");
    if (sub_it == payload.end()) return Unauthenticated("missing sub claim");
    if (!sub_it->is_string()) return Unauthenticated("invalid sub claim");
    if (sub_it->get_ref<const std::string&>().empty()) return Unauthenticated("missing sub claim");
    claims.sub = sub_it->get<std::string>();
    if (const auto role_it = payload.find("role"); role_it != payload.end()) {
        if (!role_it->is_string()) return Unauthenticated("invalid role claim");
        claims.role = role_it->get<std::string>();
    }
    return claims;
}

}  // namespace

Result<JwtVerifier> JwtVerifier::Create(JwtKeys keys) {
    if (keys.hs256_secret.size() < kMinJwtSecretBytes) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "JWT secret must be at least " + std::to_string(kMinJwtSecretBytes) +
                             " bytes, got " + std::to_string(keys.hs256_secret.size()));
    }
    if (keys.public_key_pem.empty()) {
        return JwtVerifier(std::move(keys.hs256_secret), {}, PublicAlg::kNone);
    }

    // Anyone may read a public key, so an HMAC secret equal to it would let anyone sign.
    if (keys.hs256_secret == keys.public_key_pem) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "JWT secret must not be the same text as the JWT public key");
    }

    // The text must stay alive while the BIO reads from it; keys outlives bio.
    BioPtr bio(
        BIO_new_mem_buf(keys.public_key_pem.data(), static_cast<int>(keys.public_key_pem.size())));
    PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    if (!key) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "JWT public key is not a PEM public key (expected BEGIN PUBLIC KEY)");
    }

    PublicAlg alg = PublicAlg::kNone;
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        if (EVP_PKEY_get_bits(key.get()) < kMinRsaKeyBits) {
            return MakeError(ErrorCode::kInvalidArgument, "JWT RSA public key must have at least " +
                                                              std::to_string(kMinRsaKeyBits) +
                                                              " bits");
        }
        alg = PublicAlg::kRs256;
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        std::array<char, 64> group{};
        size_t group_len = 0;
        const bool named =
            EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                           group.size(), &group_len) == 1;
        ERR_clear_error();
        if (!named || std::string_view(group.data(), group_len) != "prime256v1") {
            return MakeError(ErrorCode::kInvalidArgument,
                             "JWT EC public key must be on curve P-256 (ES256)");
        }
        alg = PublicAlg::kEs256;
    } else {
        return MakeError(ErrorCode::kInvalidArgument,
                         "JWT public key must be RSA (RS256) or EC P-256 (ES256)");
    }

    // libjwt parses the key again on every verify; hand it OpenSSL's own encoding of the key we
    // just checked rather than the configured text, which may carry extra PEM blocks.
    auto pem = WritePublicKeyPem(key.get());
    ERR_clear_error();
    if (!pem) return MakeError(ErrorCode::kInternal, "cannot re-encode JWT public key");
    return JwtVerifier(std::move(keys.hs256_secret), std::move(*pem), alg);
}

Result<JwtClaims> JwtVerifier::Verify(std::string_view token, TimePoint now) const {
    if (token.size() > kMaxJwtBytes) return Unauthenticated("token too large");

    // Exactly three segments: header.payload.signature. Encrypted (5-part) tokens are not used.
    const size_t dot1 = token.find('.');
    const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return Unauthenticated("malformed token");
    }
    const std::string_view header_text = token.substr(0, dot1);
    const std::string_view payload_text = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signature_text = token.substr(dot2 + 1);
    if (header_text.empty() || payload_text.empty() || !DecodeBase64Url(signature_text)) {
        return Unauthenticated("malformed token");
    }

    // Our own reading of the header decides the algorithm, before libjwt sees the token: the
    // token may only name the algorithm we already chose for the key.
    const auto header = DecodeJsonObject(header_text, kMaxHeaderJsonDepth);
    if (!header) return Unauthenticated("malformed token");
    const auto alg_it = header->find("alg");
    if (alg_it == header->end() || !alg_it->is_string()) return Unauthenticated("malformed token");
    const auto& alg_name = alg_it->get_ref<const std::string&>();

    jwt_alg_t pinned = JWT_ALG_INVAL;
    const unsigned char* key = nullptr;
    size_t key_len = 0;
    if (alg_name == "HS256") {
        pinned = JWT_ALG_HS256;
        key = reinterpret_cast<const unsigned char*>(hs256_secret_.data());
        key_len = hs256_secret_.size();
    } else if ((alg_name == "RS256" && public_alg_ == PublicAlg::kRs256) ||
               (alg_name == "ES256" && public_alg_ == PublicAlg::kEs256)) {
        pinned = public_alg_ == PublicAlg::kRs256 ? JWT_ALG_RS256 : JWT_ALG_ES256;
        key = reinterpret_cast<const unsigned char*>(public_key_pem_.data());
        key_len = public_key_pem_.size();
    } else {
        return Unauthenticated("unsupported algorithm");
    }
    assert(key != nullptr && key_len > 0);

    // RFC 7515 4.1.11: extensions marked critical must be understood; we understand none.
    if (header->contains("crit")) return Unauthenticated("unsupported critical header");
    // libjwt refuses any other `typ`; checking here gives that refusal its real reason.
    if (const auto typ = header->find("typ"); typ != header->end()) {
        if (!typ->is_string() || !EqualsIgnoreCase(typ->get_ref<const std::string&>(), "JWT")) {
            return Unauthenticated("unsupported token type");
        }
    }
    if (signature_text.empty()) return Unauthenticated("bad signature");

    // Parse the claims before verifying so that a libjwt failure below can only mean the
    // signature; both parsers read the same bytes, which the signature then covers.
    const auto payload = DecodeJsonObject(payload_text, kMaxPayloadJsonDepth);
    if (!payload) return Unauthenticated("malformed token");

    jwt_t* raw = nullptr;
    const std::string token_copy(token);  // libjwt wants a NUL-terminated string
    const int rc = jwt_decode(&raw, token_copy.c_str(), key, static_cast<int>(key_len));
    JwtPtr decoded(raw);
    // A failed check leaves entries on this thread's OpenSSL error queue; other code on the same
    // thread (curl, our own crypto) would misread them as its own.
    ERR_clear_error();
    if (rc != 0 || !decoded) return Unauthenticated("bad signature");
    if (jwt_get_alg(decoded.get()) != pinned) return Unauthenticated("unsupported algorithm");

    return ReadClaims(*payload, now);
}

Result<std::string> SignHs256(const JwtClaims& claims, std::string_view secret, TimePoint now) {
    if (secret.size() < kMinJwtSecretBytes) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            "JWT secret must be at least " + std::to_string(kMinJwtSecretBytes) + " bytes");
    }
    if (claims.sub.empty()) return MakeError(ErrorCode::kInvalidArgument, "JWT sub is empty");
    // libjwt takes C strings; an embedded NUL would silently cut the claim short.
    if (claims.sub.find('\0') != std::string::npos || claims.role.find('\0') != std::string::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "JWT sub and role must not contain NUL");
    }
    const int64_t now_ms = ToUnixMillis(now);
    if (now_ms < 0 || claims.exp > kMaxNumericDate || claims.exp * 1000 <= now_ms) {
        return MakeError(ErrorCode::kInvalidArgument, "JWT exp must be after the current time");
    }
    const int64_t iat = now_ms / 1000;

    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) return MakeError(ErrorCode::kInternal, "jwt_new failed");
    const JwtPtr jwt(raw);
    bool ok = jwt_add_grant(jwt.get(), "sub", claims.sub.c_str()) == 0 &&
              jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(iat)) == 0 &&
              jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(claims.exp)) == 0;
    if (ok && !claims.role.empty()) ok = jwt_add_grant(jwt.get(), "role", claims.role.c_str()) == 0;
    ok = ok && jwt_set_alg(jwt.get(), JWT_ALG_HS256,
                           reinterpret_cast<const unsigned char*>(secret.data()),
                           static_cast<int>(secret.size())) == 0;
    if (!ok) return MakeError(ErrorCode::kInternal, "cannot build JWT");

    const CStringPtr encoded(jwt_encode_str(jwt.get()));
    ERR_clear_error();
    if (!encoded) return MakeError(ErrorCode::kInternal, "cannot encode JWT");
    return std::string(encoded.get());
}

}  // namespace lenzflow::common
