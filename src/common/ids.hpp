// Identifiers: UUIDs in their canonical text form.
#pragma once

#include <string>
#include <string_view>

namespace lenzflow::common {

/// A new UUID version 7 (RFC 9562): 48 bits of Unix milliseconds then random bits, so ids made
/// later sort later and index inserts stay local. Thread-safe.
std::string NewId();

/// True when `text` is a UUID in canonical 8-4-4-4-12 hex form (any version, lower or upper).
bool IsUuid(std::string_view text);

/// `n` cryptographically random bytes as lower-case hex. Throws std::runtime_error when the
/// system's random source fails (start-up only).
std::string RandomHex(size_t n);

}  // namespace lenzflow::common
