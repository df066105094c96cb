// Who is calling: the Bearer token on every /api/ request, verified with the server's pinned
// algorithm and keys (common::JwtVerifier).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/jwt.hpp"
#include "common/result.hpp"
#include "common/time.hpp"

namespace lenzflow::api {

struct Principal {
    std::string subject;  // the token's `sub`; becomes `triggered_by` of manual runs
    std::string role;
};

/// Tokens that verified, so a client sending the same token with every request pays for the
/// signature check once. Sound because a signature check has one answer for as long as the
/// process keeps its keys; expiry is still checked on every use. Bounded: when full it starts
/// over. Thread-safe.
class VerifiedTokenCache {
public:
    explicit VerifiedTokenCache(size_t capacity = 4096) : capacity_(capacity) {}

    /// The principal of a remembered token that has not expired at `now`.
    std::optional<Principal> Find(std::string_view token, common::TimePoint now) const;

    /// Remembers a token that verified; `expires` is its `exp` claim.
    void Remember(std::string_view token, const Principal& principal, common::TimePoint expires);

private:
    struct Entry {
        Principal principal;
        common::TimePoint expires;
    };

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
};

/// Reads `Authorization: Bearer <token>` and verifies the token (or finds it in `cache`, which
/// may be null). kUnauthenticated with a short reason (never the token itself) when the header
/// is missing or malformed or the token fails.
common::Result<Principal> Authenticate(std::string_view authorization,
                                       const common::JwtVerifier& verifier, common::TimePoint now,
                                       VerifiedTokenCache* cache = nullptr);

}  // namespace lenzflow::api
