#include "model/cron_expression.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace lenzflow::model {
namespace {

CronExpression MustParse(std::string_view text) {
    auto cron = CronExpression::Parse(text);
    EXPECT_TRUE(cron.ok()) << text << ": " << cron.error().message;
    return std::move(cron).value();
}

// Values set in a bitset, as a list, for readable failure output.
template <size_t N>
std::vector<int> Values(const std::bitset<N>& bits) {
    std::vector<int> out;
    for (size_t i = 0; i < N; ++i) {
        if (bits[i]) out.push_back(static_cast<int>(i));
    }
    return out;
}

std::vector<int> Range(int first, int last, int step = 1) {
    std::vector<int> out;
    for (int v = first; v <= last; v += step) out.push_back(v);
    return out;
}

using V = std::vector<int>;

// --- Parsing: accepted forms ---

TEST(CronExpressionTest, ParsesContractExample) {
    const auto cron = MustParse("0 0 7 * * *");
    EXPECT_EQ(Values(cron.seconds()), V{0});
    EXPECT_EQ(Values(cron.minutes()), V{0});
    EXPECT_EQ(Values(cron.hours()), V{7});
    EXPECT_EQ(Values(cron.days_of_month()), Range(1, 31));
    EXPECT_EQ(Values(cron.months()), Range(1, 12));
    EXPECT_EQ(Values(cron.days_of_week()), Range(0, 6));
    EXPECT_FALSE(cron.day_of_month_restricted());
    EXPECT_FALSE(cron.day_of_week_restricted());
    EXPECT_EQ(cron.text(), "0 0 7 * * *");
}

TEST(CronExpressionTest, ParsesListsRangesAndSteps) {
    struct Case {
        const char* text;
        V seconds;
    };
    const Case cases[] = {
        {"1,2,3 * * * * *", {1, 2, 3}},
        {"5-8 * * * * *", {5, 6, 7, 8}},
        {"*/15 * * * * *", {0, 15, 30, 45}},
        {"10-30/10 * * * * *", {10, 20, 30}},
        {"50/3 * * * * *", {50, 53, 56, 59}},
        {"59/60 * * * * *", {59}},
        {"*/1 * * * * *", Range(0, 59)},
        {"0-59 * * * * *", Range(0, 59)},
        {"3,1-2,*/30 * * * * *", {0, 1, 2, 3, 30}},
        {"05 * * * * *", {5}},
        {"7,7 * * * * *", {7}},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(Values(MustParse(c.text).seconds()), c.seconds) << c.text;
    }
}

TEST(CronExpressionTest, ParsesEveryFieldAtItsBounds) {
    const auto cron = MustParse("0-59 0-59 0-23 1-31 1-12 0-7");
    EXPECT_EQ(Values(cron.seconds()), Range(0, 59));
    EXPECT_EQ(Values(cron.minutes()), Range(0, 59));
    EXPECT_EQ(Values(cron.hours()), Range(0, 23));
    EXPECT_EQ(Values(cron.days_of_month()), Range(1, 31));
    EXPECT_EQ(Values(cron.months()), Range(1, 12));
    EXPECT_EQ(Values(cron.days_of_week()), Range(0, 6));
    EXPECT_TRUE(cron.day_of_month_restricted());
    EXPECT_TRUE(cron.day_of_week_restricted());
}

TEST(CronExpressionTest, AcceptsFiveFieldFormWithSecondZero) {
    const auto cron = MustParse("30 7 * * 1-5");
    EXPECT_EQ(Values(cron.seconds()), V{0});
    EXPECT_EQ(Values(cron.minutes()), V{30});
    EXPECT_EQ(Values(cron.hours()), V{7});
    EXPECT_EQ(Values(cron.days_of_week()), Range(1, 5));
}

TEST(CronExpressionTest, AcceptsMonthAndWeekdayNamesInAnyCase) {
    const auto cron = MustParse("0 0 0 * jan,Mar-MAY,nov/1 Mon-fri");
    EXPECT_EQ(Values(cron.months()), (V{1, 3, 4, 5, 11, 12}));
    EXPECT_EQ(Values(cron.days_of_week()), Range(1, 5));

    EXPECT_EQ(Values(MustParse("0 0 0 * DEC SUN,sat").days_of_week()), (V{0, 6}));
    EXPECT_EQ(Values(MustParse("0 0 0 * FEB-DEC/2 *").months()), (V{2, 4, 6, 8, 10, 12}));
    EXPECT_EQ(Values(MustParse("0 0 0 * * MON/2").days_of_week()), (V{1, 3, 5}));
}

TEST(CronExpressionTest, TreatsSevenAsSunday) {
    EXPECT_EQ(Values(MustParse("0 0 0 * * 7").days_of_week()), V{0});
    EXPECT_EQ(Values(MustParse("0 0 0 * * 5-7").days_of_week()), (V{0, 5, 6}));
    EXPECT_EQ(Values(MustParse("0 0 0 * * */2").days_of_week()), (V{0, 2, 4, 6}));
}

TEST(CronExpressionTest, TreatsQuestionMarkAsStar) {
    const auto cron = MustParse("0 0 12 ? * MON");
    EXPECT_EQ(Values(cron.days_of_month()), Range(1, 31));
    EXPECT_FALSE(cron.day_of_month_restricted());
    EXPECT_TRUE(cron.day_of_week_restricted());
    EXPECT_FALSE(MustParse("0 0 12 1 * ?").day_of_week_restricted());
}

TEST(CronExpressionTest, CountsOnlyStarQuestionMarkAndStarSlashOneAsUnrestricted) {
    EXPECT_FALSE(MustParse("0 0 0 * * *").day_of_month_restricted());
    EXPECT_FALSE(MustParse("0 0 0 */1 * */1").day_of_month_restricted());
    EXPECT_FALSE(MustParse("0 0 0 */1 * */1").day_of_week_restricted());
    EXPECT_TRUE(MustParse("0 0 0 */2 * *").day_of_month_restricted());
    EXPECT_TRUE(MustParse("0 0 0 1-31 * *").day_of_month_restricted());
    EXPECT_TRUE(MustParse("0 0 0 * * 0-6").day_of_week_restricted());
}

TEST(CronExpressionTest, ExpandsMacros) {
    struct Case {
        const char* macro;
        const char* expansion;
    };
    const Case cases[] = {
        {"@yearly", "0 0 0 1 1 *"}, {"@annually", "0 0 0 1 1 *"},  {"@monthly", "0 0 0 1 * *"},
        {"@weekly", "0 0 0 * * 0"}, {"@daily", "0 0 0 * * *"},     {"@midnight", "0 0 0 * * *"},
        {"@hourly", "0 0 * * * *"}, {"  @DAILY\t", "0 0 0 * * *"},
    };
    for (const auto& c : cases) {
        const auto got = MustParse(c.macro);
        const auto want = MustParse(c.expansion);
        EXPECT_EQ(got.seconds(), want.seconds()) << c.macro;
        EXPECT_EQ(got.minutes(), want.minutes()) << c.macro;
        EXPECT_EQ(got.hours(), want.hours()) << c.macro;
        EXPECT_EQ(got.days_of_month(), want.days_of_month()) << c.macro;
        EXPECT_EQ(got.months(), want.months()) << c.macro;
        EXPECT_EQ(got.days_of_week(), want.days_of_week()) << c.macro;
        EXPECT_EQ(got.day_of_month_restricted(), want.day_of_month_restricted()) << c.macro;
        EXPECT_EQ(got.day_of_week_restricted(), want.day_of_week_restricted()) << c.macro;
    }
    EXPECT_EQ(MustParse(" @daily ").text(), "@daily");
}

TEST(CronExpressionTest, IgnoresSurroundingAndRepeatedBlanks) {
    const auto cron = MustParse("  0\t0   7 * *  * ");
    EXPECT_EQ(Values(cron.hours()), V{7});
    EXPECT_EQ(cron.text(), "0\t0   7 * *  *");
}

// --- Parsing: rejected forms ---

TEST(CronExpressionTest, RejectsInvalidExpressionsNamingTheField) {
    struct Case {
        std::string text;
        const char* message;  // the whole message
    };
    const Case cases[] = {
        {"", "cron: expression is empty"},
        {" \t ", "cron: expression is empty"},
        {"* * * *", "cron: expected 5 or 6 fields, got 4"},
        {"* * * * * * *", "cron: expected 5 or 6 fields, got 7"},
        {"61 * * * * *", "cron field 1 (seconds): value 61 out of range 0-59"},
        {"* 60 * * * *", "cron field 2 (minutes): value 60 out of range 0-59"},
        {"* * 24 * * *", "cron field 3 (hours): value 24 out of range 0-23"},
        {"* * * 0 * *", "cron field 4 (day of month): value 0 out of range 1-31"},
        {"* * * 32 * *", "cron field 4 (day of month): value 32 out of range 1-31"},
        {"* * * * 13 *", "cron field 5 (month): value 13 out of range 1-12"},
        {"* * * * 0 *", "cron field 5 (month): value 0 out of range 1-12"},
        {"* * * * * 8", "cron field 6 (day of week): value 8 out of range 0-7"},
        {"99999999999999999999 * * * * *",
         "cron field 1 (seconds): value 99999999999999999999 out of range 0-59"},
        {"60 * * * *", "cron field 1 (minutes): value 60 out of range 0-59"},
        {"* * * * 8", "cron field 5 (day of week): value 8 out of range 0-7"},
        {"*/0 * * * * *", "cron field 1 (seconds): step 0 out of range 1-60"},
        {"* */61 * * * *", "cron field 2 (minutes): step 61 out of range 1-60"},
        {"* * */25 * * *", "cron field 3 (hours): step 25 out of range 1-24"},
        {"* * * * * */8", "cron field 6 (day of week): step 8 out of range 1-7"},
        {"*/ * * * * *", "cron field 1 (seconds): invalid step in '*/'"},
        {"*/x * * * * *", "cron field 1 (seconds): invalid step in '*/x'"},
        {"1/2/3 * * * * *", "cron field 1 (seconds): invalid step in '1/2/3'"},
        {"*/-1 * * * * *", "cron field 1 (seconds): invalid step in '*/-1'"},
        {"5-3 * * * * *", "cron field 1 (seconds): range '5-3' is reversed (start after end)"},
        {"* * * * DEC-JAN *",
         "cron field 5 (month): range 'DEC-JAN' is reversed (start after end)"},
        {"* * * * * SAT-SUN",
         "cron field 6 (day of week): range 'SAT-SUN' is reversed (start after end)"},
        {"1,,2 * * * * *", "cron field 1 (seconds): empty list item"},
        {"1, * * * * *", "cron field 1 (seconds): empty list item"},
        {",1 * * * * *", "cron field 1 (seconds): empty list item"},
        {"5x * * * * *", "cron field 1 (seconds): invalid value '5x'"},
        {"+5 * * * * *", "cron field 1 (seconds): invalid value '+5'"},
        {"-5 * * * * *", "cron field 1 (seconds): invalid item '-5'"},
        {"5- * * * * *", "cron field 1 (seconds): invalid item '5-'"},
        {"/5 * * * * *", "cron field 1 (seconds): invalid item '/5'"},
        {"1-2-3 * * * * *", "cron field 1 (seconds): invalid value '2-3'"},
        {"** * * * * *", "cron field 1 (seconds): invalid value '**'"},
        {"? * * * * *",
         "cron field 1 (seconds): '?' is only allowed in day of month and day of week"},
        {"* * * * ? *",
         "cron field 5 (month): '?' is only allowed in day of month and day of week"},
        {"* * * ?,1 * *", "cron field 4 (day of month): '?' must stand alone as the whole field"},
        {"* * * ?/2 * *", "cron field 4 (day of month): '?' must stand alone as the whole field"},
        {"* * * * JANUARY *", "cron field 5 (month): unknown name 'JANUARY' (expected JAN-DEC)"},
        {"* * * * * MONDAY",
         "cron field 6 (day of week): unknown name 'MONDAY' (expected SUN-SAT)"},
        {"* * * * MON *", "cron field 5 (month): unknown name 'MON' (expected JAN-DEC)"},
        {"* * * JAN * *", "cron field 4 (day of month): invalid value 'JAN'"},
        {"* * * * * */MON", "cron field 6 (day of week): invalid step in '*/MON'"},
        {"* * * L * *", "cron field 4 (day of month): invalid value 'L'"},
        {"* * * 15W * *", "cron field 4 (day of month): invalid value '15W'"},
        {"* * * * * 5#3", "cron field 6 (day of week): invalid value '5#3'"},
        {"* * * * * 1\n", "cron field 6 (day of week): invalid value '1?'"},
        {"@reboot",
         "cron: unknown macro '@reboot' (expected @yearly, @annually, @monthly, @weekly, "
         "@daily, @midnight or @hourly)"},
        {"@every 5m",
         "cron: unknown macro '@every' (expected @yearly, @annually, @monthly, @weekly, "
         "@daily, @midnight or @hourly)"},
        {"@daily 0", "cron: unexpected text after @daily"},
        {"0 0 0 30 2 *",
         "cron: never fires (no selected day of month exists in the selected months)"},
        {"0 0 0 31 4,6,9,11 ?",
         "cron: never fires (no selected day of month exists in the selected months)"},
        {std::string(257, ' '), "cron: expression longer than 256 characters"},
        {"0 0 0 * * *" + std::string(246, ' '), "cron: expression longer than 256 characters"},
    };
    for (const auto& c : cases) {
        const auto cron = CronExpression::Parse(c.text);
        ASSERT_FALSE(cron.ok()) << "accepted: '" << c.text << "'";
        EXPECT_EQ(cron.error().code, common::ErrorCode::kInvalidArgument);
        EXPECT_EQ(cron.error().message, c.message) << "for '" << c.text << "'";
    }
}

TEST(CronExpressionTest, AcceptsTextOfExactlyMaxLength) {
    const std::string text = "0 0 0 * * *" + std::string(CronExpression::kMaxLength - 11, ' ');
    ASSERT_EQ(text.size(), CronExpression::kMaxLength);
    EXPECT_TRUE(CronExpression::Parse(text).ok());
}

TEST(CronExpressionTest, AcceptsLeapDayAndDaysThatSomeMonthsHave) {
    EXPECT_TRUE(CronExpression::Parse("0 0 0 29 2 *").ok());
    EXPECT_TRUE(CronExpression::Parse("0 0 0 31 4,5 *").ok());
    // With a restricted day of week the OR rule always leaves some day.
    EXPECT_TRUE(CronExpression::Parse("0 0 0 30 2 MON").ok());
}

// --- Matching ---

TEST(CronExpressionTest, MatchesContractExampleOnlyAtSevenSharp) {
    const auto cron = MustParse("0 0 7 * * *");
    EXPECT_TRUE(cron.Matches({0, 0, 7, 30, 4, 3}));
    EXPECT_FALSE(cron.Matches({1, 0, 7, 30, 4, 3}));
    EXPECT_FALSE(cron.Matches({0, 1, 7, 30, 4, 3}));
    EXPECT_FALSE(cron.Matches({0, 0, 8, 30, 4, 3}));
}

TEST(CronExpressionTest, MatchesEitherDayFieldWhenBothRestricted) {
    // The 13th of every month, and every Friday.
    const auto either = MustParse("0 0 0 13 * FRI");
    EXPECT_TRUE(either.MatchesDay(13, 6, 2));   // 13th, a Tuesday
    EXPECT_TRUE(either.MatchesDay(14, 6, 5));   // a Friday, not the 13th
    EXPECT_TRUE(either.MatchesDay(13, 6, 5));   // both
    EXPECT_FALSE(either.MatchesDay(14, 6, 4));  // neither

    // With one side unrestricted, only the other decides.
    const auto dom_only = MustParse("0 0 0 13 * *");
    EXPECT_TRUE(dom_only.MatchesDay(13, 6, 2));
    EXPECT_FALSE(dom_only.MatchesDay(14, 6, 5));
    const auto dow_only = MustParse("0 0 0 ? * FRI");
    EXPECT_FALSE(dow_only.MatchesDay(13, 6, 2));
    EXPECT_TRUE(dow_only.MatchesDay(14, 6, 5));

    // "*/2" is restricted here (see header), so odd days OR Mondays.
    const auto stepped = MustParse("0 0 0 */2 * MON");
    EXPECT_TRUE(stepped.MatchesDay(3, 1, 3));
    EXPECT_TRUE(stepped.MatchesDay(4, 1, 1));
    EXPECT_FALSE(stepped.MatchesDay(4, 1, 3));

    // The month still has to match in OR mode.
    EXPECT_FALSE(MustParse("0 0 0 13 JAN FRI").MatchesDay(14, 6, 5));
}

TEST(CronExpressionTest, NeverMatchesOutOfRangeFields) {
    const auto cron = MustParse("* * * * * *");
    EXPECT_TRUE(cron.Matches({59, 59, 23, 31, 12, 6}));
    EXPECT_FALSE(cron.Matches({60, 0, 0, 1, 1, 0}));  // leap second
    EXPECT_FALSE(cron.Matches({-1, 0, 0, 1, 1, 0}));
    EXPECT_FALSE(cron.Matches({0, 60, 0, 1, 1, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 24, 1, 1, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 0, 1, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 32, 1, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 1, 0, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 1, 13, 0}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 1, 1, 7}));
    EXPECT_FALSE(cron.Matches({0, 0, 0, 1, 1, -1}));
}

// --- Brute force against an independent reference ---

struct RefField {
    int min;
    int max;
    int last;
    const char* names;  // three-letter names concatenated, index 0 = value `name_base`
    int name_base;
};
const RefField kRefFields[6] = {
    {0, 59, 59, nullptr, 0},
    {0, 59, 59, nullptr, 0},
    {0, 23, 23, nullptr, 0},
    {1, 31, 31, nullptr, 0},
    {1, 12, 12, "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC", 1},
    {0, 7, 6, "SUNMONTUEWEDTHUFRISAT", 0},
};

int RefValue(const std::string& token, const RefField& f) {
    if (isdigit(static_cast<unsigned char>(token[0]))) return std::stoi(token);
    std::string upper;
    for (char c : token) upper.push_back(static_cast<char>(toupper(static_cast<unsigned char>(c))));
    const std::string names = f.names;
    return static_cast<int>(names.find(upper)) / 3 + f.name_base;
}

// Whether `value` is selected by `text`, decided straight from the text: each comma-separated
// item is a range with a step, and the value must lie on it.
bool RefSelected(const std::string& text, const RefField& f, int value) {
    if (text == "?") return true;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const size_t slash = item.find('/');
        const std::string base = item.substr(0, slash);
        const int step = slash == std::string::npos ? 1 : std::stoi(item.substr(slash + 1));
        int lo = 0;
        int hi = 0;
        if (base == "*") {
            lo = f.min;
            hi = f.last;
        } else if (const size_t dash = base.find('-'); dash != std::string::npos) {
            lo = RefValue(base.substr(0, dash), f);
            hi = RefValue(base.substr(dash + 1), f);
        } else {
            lo = RefValue(base, f);
            hi = slash == std::string::npos ? lo : std::max(lo, f.last);
        }
        for (const int candidate : {value, value == 0 && f.max == 7 ? 7 : value}) {
            if (candidate >= lo && candidate <= hi && (candidate - lo) % step == 0) return true;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return false;
}

std::string RandomToken(std::mt19937& rng, const RefField& f, int value) {
    if (f.names != nullptr && value <= (f.max == 7 ? 6 : f.max) && rng() % 3 == 0) {
        std::string name = std::string(f.names).substr((value - f.name_base) * 3, 3);
        if (rng() % 2 == 0) {
            for (char& c : name) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
        }
        return name;
    }
    return std::to_string(value);
}

std::string RandomField(std::mt19937& rng, size_t index) {
    const RefField& f = kRefFields[index];
    const auto pick = [&](int lo, int hi) {
        return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
    };
    const int span = f.last - f.min + 1;
    const int shape = pick(0, 9);
    if (shape == 0) return "*";
    if (shape == 1 && (index == 3 || index == 5)) return "?";

    std::string field;
    const int items = pick(1, 3);
    for (int i = 0; i < items; ++i) {
        if (i > 0) field += ",";
        const int a = pick(f.min, f.max);
        const int b = pick(a, f.max);
        switch (pick(0, 5)) {
            case 0:
                field += "*/" + std::to_string(pick(1, span));
                break;
            case 1:
                field += RandomToken(rng, f, a);
                break;
            case 2:
                field += RandomToken(rng, f, a) + "-" + RandomToken(rng, f, b);
                break;
            case 3:
                field += RandomToken(rng, f, a) + "-" + RandomToken(rng, f, b) + "/" +
                         std::to_string(pick(1, span));
                break;
            default:
                field += RandomToken(rng, f, a) + "/" + std::to_string(pick(1, span));
                break;
        }
    }
    return field;
}

bool RefRestricted(const std::string& field) {
    return field != "*" && field != "?" && field != "*/1";
}

TEST(CronExpressionTest, MatchesLikeBruteForceReference) {
    using namespace std::chrono;
    std::mt19937 rng(20250430);
    int parsed_count = 0;
    int never_fires_count = 0;

    for (int n = 0; n < 400; ++n) {
        std::vector<std::string> fields;
        std::string text;
        for (size_t i = 0; i < 6; ++i) {
            fields.push_back(RandomField(rng, i));
            text += (i > 0 ? " " : "") + fields.back();
        }
        SCOPED_TRACE(text);

        // Reference membership tables, computed from the text alone.
        std::vector<std::vector<bool>> selected(6);
        for (size_t i = 0; i < 6; ++i) {
            for (int v = 0; v <= 60; ++v) {
                selected[i].push_back(RefSelected(fields[i], kRefFields[i], v));
            }
        }
        const bool dom_restricted = RefRestricted(fields[3]);
        const bool dow_restricted = RefRestricted(fields[5]);
        const auto ref_day = [&](int dom, int month, int dow) {
            if (!selected[4][month]) return false;
            if (dom_restricted && dow_restricted) return selected[3][dom] || selected[5][dow];
            return selected[3][dom] && selected[5][dow];
        };

        // Four years, one of them leap, cover every (day of month, month, weekday) that matters.
        const sys_days first = year{2024} / January / 1;
        const sys_days end = year{2028} / January / 1;
        bool any_day = false;
        auto cron = CronExpression::Parse(text);
        for (sys_days d = first; d < end; d += days{1}) {
            const year_month_day ymd{d};
            const int dom = static_cast<int>(static_cast<unsigned>(ymd.day()));
            const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
            const int dow = static_cast<int>(weekday{d}.c_encoding());
            const bool want = ref_day(dom, month, dow);
            any_day = any_day || want;
            if (!cron.ok()) continue;
            ASSERT_EQ(cron->MatchesDay(dom, month, dow), want) << dom << "/" << month << " " << dow;

            CronTime t;
            t.second = static_cast<int>(rng() % 60);
            t.minute = static_cast<int>(rng() % 60);
            t.hour = static_cast<int>(rng() % 24);
            t.day_of_month = dom;
            t.month = month;
            t.day_of_week = dow;
            const bool want_time =
                want && selected[0][t.second] && selected[1][t.minute] && selected[2][t.hour];
            ASSERT_EQ(cron->Matches(t), want_time);
        }

        if (!cron.ok()) {
            // The only reason a generated expression may fail: it selects no day at all.
            EXPECT_NE(cron.error().message.find("never fires"), std::string::npos)
                << cron.error().message;
            EXPECT_FALSE(any_day);
            ++never_fires_count;
            continue;
        }
        ++parsed_count;

        // Every time of day on one matching day.
        for (int h = 0; h < 24; ++h) {
            for (int m = 0; m < 60; ++m) {
                for (int s = 0; s < 60; ++s) {
                    const bool want = selected[0][s] && selected[1][m] && selected[2][h];
                    const bool got = cron->seconds()[s] && cron->minutes()[m] && cron->hours()[h];
                    ASSERT_EQ(got, want) << h << ":" << m << ":" << s;
                }
            }
        }
        EXPECT_EQ(cron->day_of_month_restricted(), dom_restricted);
        EXPECT_EQ(cron->day_of_week_restricted(), dow_restricted);
    }
    EXPECT_GT(parsed_count, 350);  // the generator must mostly produce valid expressions
    RecordProperty("never_fires", never_fires_count);
}

}  // namespace
}  // namespace lenzflow::model
