#include "common/text.hpp"

#include <locale.h>
#include <wctype.h>

namespace lenzflow::common {

namespace {

// The C.UTF-8 locale, made once; towlower_l with it is thread-safe and ignores the process's
// own locale.
locale_t Utf8Locale() {
    static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    return locale;
}

// Decodes one UTF-8 sequence at `pos`; returns its length, or 0 when it is not valid.
size_t Decode(std::string_view s, size_t pos, char32_t& out) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) return out = b0, 1;
    if ((b0 & 0xE0) == 0xC0)
        len = 2, cp = b0 & 0x1F;
    else if ((b0 & 0xF0) == 0xE0)
        len = 3, cp = b0 & 0x0F;
    else if ((b0 & 0xF8) == 0xF0)
        len = 4, cp = b0 & 0x07;
    else
        return 0;
    if (pos + len > s.size()) return 0;
    for (size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[pos + i]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    out = cp;
    return len;
}

void Encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

}  // namespace

std::string FoldCase(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const locale_t locale = Utf8Locale();
    for (size_t pos = 0; pos < text.size();) {
        char32_t cp = 0;
        const size_t len = Decode(text, pos, cp);
        if (len == 0) {
            out.push_back(text[pos++]);
            continue;
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
        } else {
            const wint_t lower = locale ? towlower_l(static_cast<wint_t>(cp), locale) : cp;
            Encode(static_cast<char32_t>(lower), out);
        }
        pos += len;
    }
    return out;
}

}  // namespace lenzflow::common
