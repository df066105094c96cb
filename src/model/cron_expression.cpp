#include "model/cron_expression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace lenzflow::model {

namespace {

using common::ErrorCode;
using common::MakeError;
using common::Result;

enum class Names { kNone, kMonths, kWeekdays };

struct FieldSpec {
    const char* name;
    int min;
    int max;   // largest value that may be written
    int last;  // where "*" and "a/n" end; below max only for day of week, whose 7 repeats 0
    Names names;
    bool allows_question;
};

constexpr FieldSpec kSecondsSpec{"seconds", 0, 59, 59, Names::kNone, false};
constexpr FieldSpec kMinutesSpec{"minutes", 0, 59, 59, Names::kNone, false};
constexpr FieldSpec kHoursSpec{"hours", 0, 23, 23, Names::kNone, false};
constexpr FieldSpec kDayOfMonthSpec{"day of month", 1, 31, 31, Names::kNone, true};
constexpr FieldSpec kMonthSpec{"month", 1, 12, 12, Names::kMonths, false};
constexpr FieldSpec kDayOfWeekSpec{"day of week", 0, 7, 6, Names::kWeekdays, true};

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {"SUN", "MON", "TUE", "WED",
                                                           "THU", "FRI", "SAT"};

struct Macro {
    std::string_view name;
    std::string_view expansion;
};
constexpr std::array<Macro, 7> kMacros = {{
    {"@yearly", "0 0 0 1 1 *"},
    {"@annually", "0 0 0 1 1 *"},
    {"@monthly", "0 0 0 1 * *"},
    {"@weekly", "0 0 0 * * 0"},
    {"@daily", "0 0 0 * * *"},
    {"@midnight", "0 0 0 * * *"},
    {"@hourly", "0 0 * * * *"},
}};

// The longest day each month can have; February counts its leap day, which does occur.
constexpr std::array<int, 13> kMaxDaysInMonth = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ToUpper(x) == ToUpper(y);
           });
}

// User text quoted into a message: bounded, and without bytes that would garble a log line.
std::string Quote(std::string_view text) {
    constexpr size_t kMaxQuoted = 32;
    std::string out = "'";
    for (size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) {
        const char c = text[i];
        out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    if (text.size() > kMaxQuoted) out += "...";
    out.push_back('\'');
    return out;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
    while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> SplitFields(std::string_view text) {
    std::vector<std::string_view> fields;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && IsBlank(text[i])) ++i;
        const size_t start = i;
        while (i < text.size() && !IsBlank(text[i])) ++i;
        if (i > start) fields.push_back(text.substr(start, i - start));
    }
    return fields;
}

// The values one field selects, as a bit mask (bit v = value v; every field fits in 64 bits).
struct ParsedField {
    uint64_t bits = 0;
    bool restricted = true;
};

// Parses one field of one expression; `position` is the field's 1-based place in the text.
class FieldParser {
public:
    FieldParser(const FieldSpec& spec, int position) : spec_(spec), position_(position) {}

    Result<ParsedField> Parse(std::string_view text) const {
        ParsedField field;
        if (text == "?") {
            if (!spec_.allows_question) {
                return Fail("'?' is only allowed in day of month and day of week");
            }
            field.bits = Span(spec_.min, spec_.last, 1);
            field.restricted = false;
            return field;
        }
        if (text == "*" || text == "*/1") field.restricted = false;

        // A trailing comma leaves an empty last item; the loop below must see it.
        size_t start = 0;
        while (true) {
            const size_t comma = text.find(',', start);
            const std::string_view item =
                text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
            auto bits = ParseItem(item);
            if (!bits.ok()) return std::move(bits).error();
            field.bits |= *bits;
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        return field;
    }

private:
    static uint64_t Span(int first, int last, int step) {
        uint64_t bits = 0;
        for (int v = first; v <= last; v += step) bits |= uint64_t{1} << v;
        return bits;
    }

    common::Error Fail(std::string_view detail) const {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("cron field {} ({}): {}", position_, spec_.name, detail));
    }

    // item = ("*" | value | value "-" value) ["/" step]
    Result<uint64_t> ParseItem(std::string_view item) const {
        if (item.empty()) return Fail("empty list item");

        const size_t slash = item.find('/');
        const std::string_view base = item.substr(0, slash);
        std::optional<int> step;
        if (slash != std::string_view::npos) {
            auto parsed = ParseStep(item.substr(slash + 1), item);
            if (!parsed.ok()) return std::move(parsed).error();
            step = *parsed;
        }

        int first = 0;
        int last = 0;
        if (base == "*") {
            first = spec_.min;
            last = spec_.last;
        } else if (base == "?") {
            return Fail("'?' must stand alone as the whole field");
        } else if (const size_t dash = base.find('-'); dash == std::string_view::npos) {
            auto value = ParseValue(base, item);
            if (!value.ok()) return std::move(value).error();
            first = *value;
            // "a/n" runs from a to the end of the field, like "a-max/n".
            last = step ? std::max(*value, spec_.last) : *value;
        } else {
            auto low = ParseValue(base.substr(0, dash), item);
            if (!low.ok()) return std::move(low).error();
            auto high = ParseValue(base.substr(dash + 1), item);
            if (!high.ok()) return std::move(high).error();
            if (*low > *high) {
                return Fail(fmt::format("range {} is reversed (start after end)", Quote(base)));
            }
            first = *low;
            last = *high;
        }

        uint64_t bits = Span(first, last, step.value_or(1));
        // Day of week 7 is Sunday, stored as 0.
        if (spec_.names == Names::kWeekdays && (bits & (uint64_t{1} << 7)) != 0) {
            bits = (bits & ~(uint64_t{1} << 7)) | 1;
        }
        return bits;
    }

    Result<int> ParseStep(std::string_view text, std::string_view item) const {
        if (text.empty() || !std::all_of(text.begin(), text.end(), IsDigit)) {
            return Fail(fmt::format("invalid step in {}", Quote(item)));
        }
        const int span = spec_.last - spec_.min + 1;
        const int step = text.size() > 4 ? span + 1 : std::stoi(std::string(text));
        if (step < 1 || step > span) {
            return Fail(fmt::format("step {} out of range 1-{}", text, span));
        }
        return step;
    }

    Result<int> ParseValue(std::string_view text, std::string_view item) const {
        if (text.empty()) return Fail(fmt::format("invalid item {}", Quote(item)));

        if (std::all_of(text.begin(), text.end(), IsDigit)) {
            // Up to 4 digits cannot overflow; longer numbers are out of range whatever they say.
            const int value = text.size() > 4 ? spec_.max + 1 : std::stoi(std::string(text));
            if (value < spec_.min || value > spec_.max) {
                return Fail(fmt::format("value {} out of range {}-{}", text, spec_.min, spec_.max));
            }
            return value;
        }

        if (spec_.names != Names::kNone && std::all_of(text.begin(), text.end(), IsAlpha)) {
            if (spec_.names == Names::kMonths) {
                for (size_t i = 0; i < kMonthNames.size(); ++i) {
                    if (EqualsIgnoreCase(text, kMonthNames[i])) return static_cast<int>(i) + 1;
                }
            } else {
                for (size_t i = 0; i < kWeekdayNames.size(); ++i) {
                    if (EqualsIgnoreCase(text, kWeekdayNames[i])) return static_cast<int>(i);
                }
            }
            const char* expected = spec_.names == Names::kMonths ? "JAN-DEC" : "SUN-SAT";
            return Fail(fmt::format("unknown name {} (expected {})", Quote(text), expected));
        }
        return Fail(fmt::format("invalid value {}", Quote(text)));
    }

    const FieldSpec& spec_;
    int position_;
};

}  // namespace

Result<CronExpression> CronExpression::Parse(std::string_view text) {
    if (text.size() > kMaxLength) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("cron: expression longer than {} characters", kMaxLength));
    }
    const std::string_view trimmed = Trim(text);
    if (trimmed.empty()) return MakeError(ErrorCode::kInvalidArgument, "cron: expression is empty");

    // Macros stand for six-field expressions and must be the whole text.
    std::string_view fields_text = trimmed;
    if (trimmed.front() == '@') {
        const std::vector<std::string_view> words = SplitFields(trimmed);
        const auto macro = std::find_if(kMacros.begin(), kMacros.end(), [&](const Macro& m) {
            return EqualsIgnoreCase(words.front(), m.name);
        });
        if (macro == kMacros.end()) {
            return MakeError(ErrorCode::kInvalidArgument,
                             fmt::format("cron: unknown macro {} (expected @yearly, @annually, "
                                         "@monthly, @weekly, @daily, @midnight or @hourly)",
                                         Quote(words.front())));
        }
        if (words.size() > 1) {
            return MakeError(ErrorCode::kInvalidArgument,
                             fmt::format("cron: unexpected text after {}", macro->name));
        }
        fields_text = macro->expansion;
    }

    const std::vector<std::string_view> fields = SplitFields(fields_text);
    if (fields.size() != 5 && fields.size() != 6) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("cron: expected 5 or 6 fields, got {}", fields.size()));
    }

    // The five-field form has no seconds; it fires at second 0 and its fields are numbered from
    // minutes, so messages point at what the user wrote.
    const bool has_seconds = fields.size() == 6;
    const std::array<const FieldSpec*, 6> specs = {
        &kSecondsSpec, &kMinutesSpec, &kHoursSpec, &kDayOfMonthSpec, &kMonthSpec, &kDayOfWeekSpec};
    std::array<ParsedField, 6> parsed;
    parsed[0].bits = 1;
    for (size_t i = has_seconds ? 0 : 1; i < specs.size(); ++i) {
        const size_t index_in_text = has_seconds ? i : i - 1;
        const FieldParser parser(*specs[i], static_cast<int>(index_in_text) + 1);
        auto field = parser.Parse(fields[index_in_text]);
        if (!field.ok()) return std::move(field).error();
        parsed[i] = *field;
    }

    CronExpression cron;
    cron.text_ = std::string(trimmed);
    cron.seconds_ = std::bitset<60>(parsed[0].bits);
    cron.minutes_ = std::bitset<60>(parsed[1].bits);
    cron.hours_ = std::bitset<24>(parsed[2].bits);
    cron.days_of_month_ = std::bitset<32>(parsed[3].bits);
    cron.months_ = std::bitset<13>(parsed[4].bits);
    cron.days_of_week_ = std::bitset<7>(parsed[5].bits);
    cron.day_of_month_restricted_ = parsed[3].restricted;
    cron.day_of_week_restricted_ = parsed[5].restricted;

    // Only a restricted day of month combined with an unrestricted day of week can select no day
    // at all ("30 2 *"); a next-fire search would look for it forever, so say so now.
    if (cron.day_of_month_restricted_ && !cron.day_of_week_restricted_) {
        bool some_day_exists = false;
        for (int month = 1; month <= 12 && !some_day_exists; ++month) {
            if (!cron.months_[month]) continue;
            for (int day = 1; day <= kMaxDaysInMonth[month]; ++day) {
                if (cron.days_of_month_[day]) {
                    some_day_exists = true;
                    break;
                }
            }
        }
        if (!some_day_exists) {
            return MakeError(
                ErrorCode::kInvalidArgument,
                "cron: never fires (no selected day of month exists in the selected months)");
        }
    }
    return cron;
}

bool CronExpression::MatchesDay(int day_of_month, int month, int day_of_week) const {
    if (day_of_month < 1 || day_of_month > 31 || month < 1 || month > 12 || day_of_week < 0 ||
        day_of_week > 6) {
        return false;
    }
    if (!months_[month]) return false;

    const bool dom_match = days_of_month_[day_of_month];
    const bool dow_match = days_of_week_[day_of_week];
    if (day_of_month_restricted_ && day_of_week_restricted_) return dom_match || dow_match;
    return dom_match && dow_match;  // an unrestricted field has every bit set
}

bool CronExpression::Matches(const CronTime& t) const {
    if (t.second < 0 || t.second > 59 || t.minute < 0 || t.minute > 59 || t.hour < 0 ||
        t.hour > 23) {
        return false;
    }
    return seconds_[t.second] && minutes_[t.minute] && hours_[t.hour] &&
           MatchesDay(t.day_of_month, t.month, t.day_of_week);
}

}  // namespace lenzflow::model
