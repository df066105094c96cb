// JSON Web Tokens for API authentication: verification with an algorithm the server pins from its
// own configuration, and HS256 signing for tokens this server issues (`lenzflow token`).
//
// The algorithm a token names in its header is never trusted to pick the key or the check: the
// verifier accepts HS256 with the shared secret, plus exactly one asymmetric algorithm implied by
// the configured public key (RS256 for RSA, ES256 for EC P-256). That rules out `alg: none`,
// HS384/HS512 under the same secret and RSA/HMAC key confusion, all of which libjwt 1.10 lets
// through when the caller does not check (see /work/shared/DEPENDENCIES.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.hpp"
#include "common/time.hpp"

namespace lenzflow::common {

/// The claims Lenzflow reads from and writes into a token.
struct JwtClaims {
    std::string sub;   // the caller's user id, e.g. "user-alfin"; never empty in a verified token
    std::string role;  // optional; empty when the token has none
    int64_t exp = 0;   // expiry, Unix seconds
};

/// Key material from configuration.
struct JwtKeys {
    std::string hs256_secret;    // shared HMAC secret, at least kMinJwtSecretBytes bytes
    std::string public_key_pem;  // optional SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") of an
                                 // RSA (>= 2048 bits, RS256) or EC P-256 (ES256) key
};

/// Shortest HS256 secret accepted: 256 bits, the HMAC-SHA256 output size (RFC 7518 3.2).
inline constexpr size_t kMinJwtSecretBytes = 32;

/// Longest token Verify looks at; longer ones are rejected before any parsing.
inline constexpr size_t kMaxJwtBytes = 8 * 1024;

/// Shortest RSA modulus accepted for RS256.
inline constexpr int kMinRsaKeyBits = 2048;

/// How far in the future `nbf` may lie and still be accepted. Absorbs clock skew between an
/// issuing service and this server, so a token used right after it was issued is not refused.
/// `exp` gets no leeway on purpose: the issuer chose the lifetime and extending it here would
/// only lengthen the window in which a leaked token works.
inline constexpr std::chrono::seconds kJwtNotBeforeLeeway{30};

/// Verifies bearer tokens. Immutable after Create: Verify is const, keeps no state between calls
/// and may be called from any number of threads at once (libjwt allocates per decode; OpenSSL 3
/// is thread-safe). Cheap to copy.
class JwtVerifier {
public:
    /// Checks the configuration: the secret must be at least kMinJwtSecretBytes long; the public
    /// key, when given, must parse and be RSA (>= kMinRsaKeyBits) or EC on P-256; the secret must
    /// not equal the public key text (a public value is no secret). Failures are
    /// kInvalidArgument with a message naming the problem, never the key material.
    static Result<JwtVerifier> Create(JwtKeys keys);

    /// Verifies `token` (the text after "Bearer ") at time `now`. Accepts HS256 signed with the
    /// secret and, when a public key is configured, its one algorithm; requires a numeric `exp`
    /// later than `now` (no leeway), an `nbf` if present no later than now + kJwtNotBeforeLeeway,
    /// and a non-empty string `sub`; `role` is optional but must be a string. Every failure is
    /// kUnauthenticated with a short reason ("malformed token", "unsupported algorithm",
    /// "bad signature", "token expired", ...) that never contains the token or a key, so it is
    /// safe to log and to return to the client.
    Result<JwtClaims> Verify(std::string_view token, TimePoint now) const;

private:
    enum class PublicAlg { kNone, kRs256, kEs256 };

    JwtVerifier(std::string hs256_secret, std::string public_key_pem, PublicAlg public_alg)
        : hs256_secret_(std::move(hs256_secret)),
          public_key_pem_(std::move(public_key_pem)),
          public_alg_(public_alg) {}

    std::string hs256_secret_;
    std::string public_key_pem_;  // re-encoded by OpenSSL, so libjwt reads exactly what we checked
    PublicAlg public_alg_;
};

/// Signs an HS256 token carrying `sub`, `role` (omitted when empty), `exp` and `iat` (= `now`,
/// truncated to seconds). kInvalidArgument when the secret is shorter than kMinJwtSecretBytes,
/// `sub` is empty or `exp` is not after `now`; kInternal if libjwt fails.
Result<std::string> SignHs256(const JwtClaims& claims, std::string_view secret, TimePoint now);

}  // namespace lenzflow::common
