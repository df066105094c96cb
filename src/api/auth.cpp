#include "api/auth.hpp"

#include <strings.h>

namespace lenzflow::api {

std::optional<Principal> VerifiedTokenCache::Find(std::string_view token,
                                                  common::TimePoint now) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(std::string(token));
    if (it == entries_.end() || now >= it->second.expires) return std::nullopt;
    return it->second.principal;
}

void VerifiedTokenCache::Remember(std::string_view token, const Principal& principal,
                                  common::TimePoint expires) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(std::string(token), Entry{principal, expires});
}

common::Result<Principal> Authenticate(std::string_view authorization,
                                       const common::JwtVerifier& verifier, common::TimePoint now,
                                       VerifiedTokenCache* cache) {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.empty()) {
        return common::MakeError(common::ErrorCode::kUnauthenticated, "missing bearer token");
    }
    if (authorization.size() <= kScheme.size() ||
        strncasecmp(authorization.data(), kScheme.data(), kScheme.size()) != 0) {
        return common::MakeError(common::ErrorCode::kUnauthenticated,
                                 "Authorization header must be 'Bearer <token>'");
    }
    std::string_view token = authorization.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);

    if (cache != nullptr) {
        if (auto known = cache->Find(token, now)) return std::move(*known);
    }
    auto claims = verifier.Verify(token, now);
    if (!claims.ok()) return std::move(claims).error();
    Principal principal{std::move(claims->sub), std::move(claims->role)};
    if (cache != nullptr) {
        cache->Remember(token, principal, common::TimePoint{std::chrono::seconds{claims->exp}});
    }
    return principal;
}

}  // namespace lenzflow::api
