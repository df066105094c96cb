// Text helpers for user-facing strings.
#pragma once

#include <string>
#include <string_view>

namespace lenzflow::common {

/// Lower-cases UTF-8 text for case-insensitive matching, letter by letter with the C library's
/// Unicode tables (C.UTF-8), so "LAPORAN", "Ölçüm" and "ДАТЧИК" fold like their lower-case
/// forms. Bytes that are not valid UTF-8 are kept as they are. Thread-safe.
std::string FoldCase(std::string_view text);

}  // namespace lenzflow::common
