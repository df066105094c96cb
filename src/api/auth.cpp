#include "api/auth.hpp"

#include <strings.h>

namespace lenzflow::api {

common::Result<Principal> Authenticate(std::string_view authorization,
                                       const common::JwtVerifier& verifier, common::TimePoint now) {
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

    auto claims = verifier.Verify(token, now);
    if (!claims.ok()) return std::move(claims).error();
    return Principal{std::move(claims->sub), std::move(claims->role)};
}

}  // namespace lenzflow::api
