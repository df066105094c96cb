// Who is calling: the Bearer token on every /api/ request, verified with the server's pinned
// algorithm and keys (common::JwtVerifier).
#pragma once

#include <string>
#include <string_view>

#include "common/jwt.hpp"
#include "common/result.hpp"
#include "common/time.hpp"

namespace lenzflow::api {

struct Principal {
    std::string subject;  // the token's `sub`; becomes `triggered_by` of manual runs
    std::string role;
};

/// Reads `Authorization: Bearer <token>` and verifies the token. kUnauthenticated with a short
/// reason (never the token itself) when the header is missing or malformed or the token fails.
common::Result<Principal> Authenticate(std::string_view authorization,
                                       const common::JwtVerifier& verifier, common::TimePoint now);

}  // namespace lenzflow::api
