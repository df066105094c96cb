#include "engine/template.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace lenzflow::engine {
namespace {

using common::ErrorCode;

// A run context with one value of every JSON type, reachable from every root.
class TemplateTest : public ::testing::Test {
protected:
    TemplateTest() {
        scope_.prev_body = &prev_;
        scope_.node_bodies = &node_bodies_;
        scope_.trigger = &trigger_;
        scope_.workflow = &workflow_;
        scope_.execution = &execution_;
    }

    // Renders `text` against scope_; a parse failure fails the test.
    Json Render(std::string_view text) const { return RenderWith(text, scope_); }

    static Json RenderWith(std::string_view text, const Scope& scope) {
        auto parsed = Template::Parse(text);
        EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
        if (!parsed.ok()) return "<parse failed>";
        return parsed->Render(scope);
    }

    // The message of the error `text` must fail with; the code must be kInvalidArgument.
    static std::string ParseError(std::string_view text) {
        auto parsed = Template::Parse(text);
        EXPECT_FALSE(parsed.ok()) << text;
        if (parsed.ok()) return "<parsed>";
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
        return parsed.error().message;
    }

    Json prev_ = {
        {"file_url", "/exports/fr/2025-04-29.csv"},
        {"date", "2025-04-29"},
        {"count", 42},
        {"ratio", 2.5},
        {"ok", true},
        {"nothing", nullptr},
        {"user", {{"name", "Ana"}, {"tags", {"a", "b"}}}},
        {"items", {{{"name", "first"}}, {{"name", "second"}}}},
        {"X-Key value", "spaced"},
        {"a.b", "dotted"},
        {"}}", "braces"},
        {"0", "zero key"},
        {"", "empty key"},
    };
    Json fetch_body_ = {{"status", 200}, {"rows", {1, 2, 3}}};
    std::map<std::string, const Json*, std::less<>> node_bodies_ = {{"fetch", &fetch_body_}};
    Json trigger_ = {{"type", "manual"}, {"by", "user-7"}, {"body", {{"region", "fr"}}}};
    Json workflow_ = {{"id", "wf-1"}, {"name", "Daily FR report"}};
    Json execution_ = {{"id", "ex-9"}};
    Scope scope_;
};

// --- Literal text ---

TEST_F(TemplateTest, TextWithoutPlaceholdersIsLiteral) {
    auto parsed = Template::Parse("plain text");
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->IsLiteral());
    EXPECT_EQ(parsed->Render(scope_), Json("plain text"));
}

TEST_F(TemplateTest, EmptyTextIsLiteralAndRendersEmpty) {
    auto parsed = Template::Parse("");
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->IsLiteral());
    EXPECT_EQ(parsed->Render(scope_), Json(""));
}

TEST_F(TemplateTest, TextWithPlaceholderIsNotLiteral) {
    auto parsed = Template::Parse("a {{prev.body.date}}");
    ASSERT_TRUE(parsed.ok());
    EXPECT_FALSE(parsed->IsLiteral());
}

TEST_F(TemplateTest, StrayClosingBracesAreLiteral) { EXPECT_EQ(Render("a }} b"), Json("a }} b")); }

TEST_F(TemplateTest, SingleBracesAreLiteral) {
    EXPECT_EQ(Render(R"({"a":{"b":1}})"), Json(R"({"a":{"b":1}})"));
}

TEST_F(TemplateTest, UnicodeTextPassesThrough) {
    EXPECT_EQ(Render("Laporan FR harian — {{prev.body.date}}"),
              Json("Laporan FR harian — 2025-04-29"));
}

// --- A string that is one placeholder ---

TEST_F(TemplateTest, ContractExampleRendersFileUrl) {
    const Json body = {{"file_url", "/exports/fr/2025-04-29.csv"}, {"date", "2025-04-29"}};
    Scope scope;
    scope.prev_body = &body;

    EXPECT_EQ(RenderWith("{{prev.body.file_url}}", scope), Json("/exports/fr/2025-04-29.csv"));
}

TEST_F(TemplateTest, WholePlaceholderKeepsJsonType) {
    EXPECT_EQ(Render("{{prev.body.count}}"), Json(42));
    EXPECT_EQ(Render("{{prev.body.ratio}}"), Json(2.5));
    EXPECT_EQ(Render("{{prev.body.ok}}"), Json(true));
    EXPECT_EQ(Render("{{prev.body.user}}"), prev_["user"]);
    EXPECT_EQ(Render("{{prev.body.user.tags}}"), Json({"a", "b"}));
    EXPECT_TRUE(Render("{{prev.body.count}}").is_number_integer());
}

TEST_F(TemplateTest, WholePlaceholderAllowsWhitespaceInsideBraces) {
    EXPECT_EQ(Render("{{ prev.body.count }}"), Json(42));
    EXPECT_EQ(Render("{{\tprev.body.count\n}}"), Json(42));
}

TEST_F(TemplateTest, WholePlaceholderMissingIsNull) {
    EXPECT_EQ(Render("{{prev.body.absent}}"), Json(nullptr));
}

TEST_F(TemplateTest, WholePlaceholderNullValueIsNull) {
    EXPECT_EQ(Render("{{prev.body.nothing}}"), Json(nullptr));
}

TEST_F(TemplateTest, WhitespaceOutsideBracesMakesMixedText) {
    EXPECT_EQ(Render(" {{prev.body.count}}"), Json(" 42"));
    EXPECT_EQ(Render("{{prev.body.count}} "), Json("42 "));
}

// --- Mixed text ---

TEST_F(TemplateTest, MixedTextInsertsStringsRaw) {
    EXPECT_EQ(Render("file={{prev.body.file_url}};"), Json("file=/exports/fr/2025-04-29.csv;"));
}

TEST_F(TemplateTest, MixedTextWritesNumbersAndBooleansAsJson) {
    EXPECT_EQ(Render("n={{prev.body.count}} r={{prev.body.ratio}} ok={{prev.body.ok}}"),
              Json("n=42 r=2.5 ok=true"));
}

TEST_F(TemplateTest, MixedTextWritesObjectsAndArraysAsCompactJson) {
    EXPECT_EQ(Render("u={{prev.body.user}}"), Json(R"(u={"name":"Ana","tags":["a","b"]})"));
    EXPECT_EQ(Render("t={{prev.body.user.tags}}"), Json(R"(t=["a","b"])"));
}

TEST_F(TemplateTest, MixedTextWritesNullAndMissingAsEmpty) {
    EXPECT_EQ(Render("[{{prev.body.nothing}}][{{prev.body.absent}}]"), Json("[][]"));
}

TEST_F(TemplateTest, AdjacentPlaceholdersAreConcatenated) {
    EXPECT_EQ(Render("{{prev.body.count}}{{prev.body.date}}"), Json("422025-04-29"));
}

TEST_F(TemplateTest, MixedTextReplacesInvalidUtf8InsteadOfThrowing) {
    const Json body = {{"bad", {"\xff"}}};
    Scope scope;
    scope.prev_body = &body;

    EXPECT_EQ(RenderWith("x{{prev.body.bad}}", scope), Json("x[\"\xEF\xBF\xBD\"]"));
}

// --- Roots ---

TEST_F(TemplateTest, PrevAloneYieldsWholeBody) { EXPECT_EQ(Render("{{prev}}"), prev_); }

TEST_F(TemplateTest, PrevBodyAloneYieldsWholeBody) { EXPECT_EQ(Render("{{prev.body}}"), prev_); }

TEST_F(TemplateTest, PrevStepOtherThanBodyIsMissing) {
    EXPECT_EQ(Render("{{prev.date}}"), Json(nullptr));
    EXPECT_EQ(Render("{{prev[0]}}"), Json(nullptr));
}

TEST_F(TemplateTest, NullPrevBodyIsMissing) {
    Scope scope = scope_;
    scope.prev_body = nullptr;

    EXPECT_EQ(RenderWith("{{prev.body.date}}", scope), Json(nullptr));
    EXPECT_EQ(RenderWith("d={{prev}}", scope), Json("d="));
}

TEST_F(TemplateTest, NodesRootReadsEarlierNodeBody) {
    EXPECT_EQ(Render("{{nodes.fetch.body.status}}"), Json(200));
    EXPECT_EQ(Render("{{nodes.fetch.body.rows[2]}}"), Json(3));
    EXPECT_EQ(Render("{{nodes.fetch.body}}"), fetch_body_);
    EXPECT_EQ(Render("{{nodes.fetch}}"), fetch_body_);
}

TEST_F(TemplateTest, NodesStepOtherThanBodyIsMissing) {
    EXPECT_EQ(Render("{{nodes.fetch.status}}"), Json(nullptr));
}

TEST_F(TemplateTest, NodesUnknownIdIsMissing) {
    EXPECT_EQ(Render("{{nodes.other.body.status}}"), Json(nullptr));
}

TEST_F(TemplateTest, NodesAloneIsMissing) { EXPECT_EQ(Render("{{nodes}}"), Json(nullptr)); }

TEST_F(TemplateTest, NodesWithoutMapIsMissing) {
    Scope scope = scope_;
    scope.node_bodies = nullptr;

    EXPECT_EQ(RenderWith("{{nodes.fetch.body.status}}", scope), Json(nullptr));
}

TEST_F(TemplateTest, NodesNullBodyPointerIsMissing) {
    const std::map<std::string, const Json*, std::less<>> bodies = {{"fetch", nullptr}};
    Scope scope = scope_;
    scope.node_bodies = &bodies;

    EXPECT_EQ(RenderWith("{{nodes.fetch.body.status}}", scope), Json(nullptr));
}

TEST_F(TemplateTest, TriggerRootWalksTrigger) {
    EXPECT_EQ(Render("{{trigger.type}}"), Json("manual"));
    EXPECT_EQ(Render("{{trigger.body.region}}"), Json("fr"));
    EXPECT_EQ(Render("{{trigger}}"), trigger_);
}

TEST_F(TemplateTest, WorkflowRootWalksWorkflow) {
    EXPECT_EQ(Render("{{workflow.name}} ({{workflow.id}})"), Json("Daily FR report (wf-1)"));
}

TEST_F(TemplateTest, ExecutionRootWalksExecution) {
    EXPECT_EQ(Render("{{execution.id}}"), Json("ex-9"));
}

TEST_F(TemplateTest, NullRootPointerIsMissing) {
    const Scope empty;

    EXPECT_EQ(RenderWith("{{trigger.type}}", empty), Json(nullptr));
    EXPECT_EQ(RenderWith("{{workflow.id}}", empty), Json(nullptr));
    EXPECT_EQ(RenderWith("{{execution.id}}", empty), Json(nullptr));
}

// --- Paths ---

TEST_F(TemplateTest, IndexStepReadsArrayElement) {
    EXPECT_EQ(Render("{{prev.body.items[1].name}}"), Json("second"));
}

TEST_F(TemplateTest, IndexPastEndIsMissing) {
    EXPECT_EQ(Render("{{prev.body.items[2].name}}"), Json(nullptr));
}

TEST_F(TemplateTest, NumericKeyStepIndexesArray) {
    EXPECT_EQ(Render("{{prev.body.items.0.name}}"), Json("first"));
    EXPECT_EQ(Render("{{prev.body.items.5.name}}"), Json(nullptr));
}

TEST_F(TemplateTest, NumericKeyStepOnObjectReadsKey) {
    EXPECT_EQ(Render("{{prev.body.0}}"), Json("zero key"));
}

TEST_F(TemplateTest, KeyStepOnArrayIsMissing) {
    EXPECT_EQ(Render("{{prev.body.items.name}}"), Json(nullptr));
}

TEST_F(TemplateTest, IndexStepOnObjectIsMissing) {
    EXPECT_EQ(Render("{{prev.body.user[0]}}"), Json(nullptr));
}

TEST_F(TemplateTest, StepIntoScalarIsMissing) {
    EXPECT_EQ(Render("{{prev.body.count.x}}"), Json(nullptr));
    EXPECT_EQ(Render("{{prev.body.date[0]}}"), Json(nullptr));
}

TEST_F(TemplateTest, QuotedKeyReadsKeyWithOtherCharacters) {
    EXPECT_EQ(Render(R"({{prev.body["X-Key value"]}})"), Json("spaced"));
    EXPECT_EQ(Render(R"({{prev.body["a.b"]}})"), Json("dotted"));
    EXPECT_EQ(Render(R"({{ prev.body["}}"] }})"), Json("braces"));
    EXPECT_EQ(Render(R"({{prev.body[""]}})"), Json("empty key"));
}

TEST_F(TemplateTest, QuotedKeyCanSelectNode) {
    EXPECT_EQ(Render(R"({{nodes["fetch"].body.status}})"), Json(200));
}

TEST_F(TemplateTest, KeysAllowDigitsDashesAndUnderscores) {
    const Json body = {{"Content-Type_2", "text/csv"}};
    Scope scope;
    scope.prev_body = &body;

    EXPECT_EQ(RenderWith("{{prev.body.Content-Type_2}}", scope), Json("text/csv"));
}

TEST_F(TemplateTest, RenderIsRepeatableAgainstDifferentScopes) {
    auto parsed = Template::Parse("d={{prev.body.date}}");
    ASSERT_TRUE(parsed.ok());
    const Json other = {{"date", "2025-05-01"}};
    Scope other_scope;
    other_scope.prev_body = &other;

    EXPECT_EQ(parsed->Render(scope_), Json("d=2025-04-29"));
    EXPECT_EQ(parsed->Render(other_scope), Json("d=2025-05-01"));
    EXPECT_EQ(parsed->Render(scope_), Json("d=2025-04-29"));
}

// --- Parse errors ---

TEST_F(TemplateTest, RejectsUnterminatedPlaceholder) {
    EXPECT_EQ(ParseError("Hello {{prev.body.x"), "unterminated '{{' at byte 6");
    EXPECT_EQ(ParseError("{{prev.body.x and more text"), "unterminated '{{' at byte 0");
    EXPECT_EQ(ParseError("{{prev}"), "unterminated '{{' at byte 0");
    EXPECT_EQ(ParseError("ok {{prev}} then {{"), "unterminated '{{' at byte 17");
}

TEST_F(TemplateTest, RejectsQuotedKeyThatSwallowsClosingBraces) {
    EXPECT_EQ(ParseError(R"({{prev["}}"]})"), "unterminated '{{' at byte 0");
}

TEST_F(TemplateTest, RejectsEmptyPlaceholder) {
    EXPECT_EQ(ParseError("a {{ }}"), "empty placeholder at byte 2");
    EXPECT_EQ(ParseError("{{}}"), "empty placeholder at byte 0");
}

TEST_F(TemplateTest, RejectsEmptyPathStep) {
    EXPECT_EQ(ParseError("{{prev..x}}"), "empty path step at byte 6");
    EXPECT_EQ(ParseError("{{prev.body.}}"), "empty path step at byte 11");
    EXPECT_EQ(ParseError("{{prev.body. }}"), "empty path step at byte 11");
    EXPECT_EQ(ParseError("{{prev.body[]}}"), "empty path step at byte 11");
}

TEST_F(TemplateTest, RejectsBadCharacterInKey) {
    EXPECT_EQ(ParseError("{{prev.body.a$b}}"), "invalid character '$' at byte 13");
    EXPECT_EQ(ParseError("{{prev.body.$}}"), "invalid character '$' at byte 12");
    EXPECT_EQ(ParseError("{{prev.body.a b}}"), "invalid character 'b' at byte 14");
    EXPECT_EQ(ParseError("{{$prev}}"), "invalid character '$' at byte 2");
}

TEST_F(TemplateTest, NamesNonAsciiByteInHex) {
    EXPECT_EQ(ParseError("{{prev.body.caf\xC3\xA9}}"), "invalid byte 0xC3 at byte 15");
}

TEST_F(TemplateTest, RejectsBadCharacterInBrackets) {
    EXPECT_EQ(ParseError("{{prev.body[x]}}"), "invalid character 'x' at byte 12");
    EXPECT_EQ(ParseError("{{prev.body[1x]}}"), "invalid character 'x' at byte 13");
    EXPECT_EQ(ParseError(R"({{prev.body["a"x]}})"), "invalid character 'x' at byte 15");
}

TEST_F(TemplateTest, RejectsNestedOpeningBraces) {
    EXPECT_EQ(ParseError("{{prev {{prev}}"), "invalid character '{' at byte 7");
}

TEST_F(TemplateTest, RejectsUnterminatedBracket) {
    EXPECT_EQ(ParseError("{{prev.body[0}}"), "unterminated '[' at byte 11");
    EXPECT_EQ(ParseError("{{prev.body[}}"), "unterminated '[' at byte 11");
    EXPECT_EQ(ParseError(R"({{prev.body["}}"}})"), "unterminated '[' at byte 11");
    EXPECT_EQ(ParseError(R"({{prev["}}")"), "unterminated '[' at byte 6");
}

TEST_F(TemplateTest, RejectsUnterminatedQuotedKey) {
    EXPECT_EQ(ParseError(R"({{prev.body["abc}}x)"), "unterminated quoted key at byte 12");
}

TEST_F(TemplateTest, RejectsIndexTooLarge) {
    EXPECT_EQ(ParseError("{{prev.body.items[99999999999999999999999]}}"),
              "index too large at byte 18");
}

TEST_F(TemplateTest, RejectsUnknownRoot) {
    EXPECT_EQ(ParseError("x {{foo.bar}}"), "unknown root 'foo' at byte 4");
    EXPECT_EQ(ParseError("{{ body }}"), "unknown root 'body' at byte 3");
    EXPECT_EQ(ParseError("{{Prev.body}}"), "unknown root 'Prev' at byte 2");
}

TEST_F(TemplateTest, AcceptsTextOfMaxBytes) {
    EXPECT_TRUE(Template::Parse(std::string(kMaxTemplateBytes, 'a')).ok());
}

TEST_F(TemplateTest, RejectsTextOverMaxBytes) {
    EXPECT_EQ(ParseError(std::string(kMaxTemplateBytes + 1, 'a')),
              "template is 65537 bytes, over the limit of 65536 (byte 65536 on)");
}

std::string RepeatPlaceholder(size_t count) {
    std::string text;
    for (size_t i = 0; i < count; ++i) text += "{{execution.id}},";
    return text;
}

TEST_F(TemplateTest, AcceptsMaxPlaceholders) {
    auto parsed = Template::Parse(RepeatPlaceholder(kMaxPlaceholders));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->Render(scope_).get<std::string>().size(),
              kMaxPlaceholders * std::string("ex-9,").size());
}

TEST_F(TemplateTest, RejectsTooManyPlaceholders) {
    const size_t offset = kMaxPlaceholders * std::string("{{execution.id}},").size();

    EXPECT_EQ(ParseError(RepeatPlaceholder(kMaxPlaceholders + 1)),
              "more than 256 placeholders at byte " + std::to_string(offset));
}

std::string PathOfSteps(size_t steps) {
    std::string text = "{{trigger";
    for (size_t i = 0; i < steps; ++i) text += ".a";
    return text + "}}";
}

TEST_F(TemplateTest, AcceptsMaxPathSteps) {
    EXPECT_TRUE(Template::Parse(PathOfSteps(kMaxPathSteps)).ok());
}

TEST_F(TemplateTest, RejectsTooManyPathSteps) {
    const size_t offset = std::string("{{trigger").size() + kMaxPathSteps * 2;

    EXPECT_EQ(ParseError(PathOfSteps(kMaxPathSteps + 1)),
              "more than 32 path steps at byte " + std::to_string(offset));
}

// --- CompiledJson ---

class CompiledJsonTest : public TemplateTest {};

TEST_F(CompiledJsonTest, RendersEveryStringInNestedDocument) {
    const Json doc = {
        {"url", "https://example.test/{{trigger.body.region}}"},
        {"headers", {{"X-Run", "{{execution.id}}"}}},
        {"attachments", {"{{prev.body.file_url}}", {{"size", "{{prev.body.count}}"}}}},
    };

    auto compiled = CompiledJson::Compile(doc, "nodes[0].config");
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;

    const Json expected = {
        {"url", "https://example.test/fr"},
        {"headers", {{"X-Run", "ex-9"}}},
        {"attachments", {"/exports/fr/2025-04-29.csv", {{"size", 42}}}},
    };
    EXPECT_EQ(compiled->Render(scope_).value(), expected);
}

TEST_F(CompiledJsonTest, LeavesLiteralsAndNonStringsUntouched) {
    const Json doc = {{"n", 1},
                      {"b", false},
                      {"z", nullptr},
                      {"s", "plain }} text"},
                      {"a", Json::array()},
                      {"o", Json::object()}};

    auto compiled = CompiledJson::Compile(doc, "config");
    ASSERT_TRUE(compiled.ok());

    EXPECT_EQ(compiled->Render(scope_).value(), doc);
}

TEST_F(CompiledJsonTest, ObjectKeysAreNotTemplates) {
    const Json doc = {{"{{prev.body.date}}", "{{prev.body.date}}"}};

    auto compiled = CompiledJson::Compile(doc, "config");
    ASSERT_TRUE(compiled.ok());

    EXPECT_EQ(compiled->Render(scope_).value(), Json({{"{{prev.body.date}}", "2025-04-29"}}));
}

TEST_F(CompiledJsonTest, KeysWithSlashesAndTildesRender) {
    const Json doc = {{"a/b", {{"c~d", "{{execution.id}}"}}}};

    auto compiled = CompiledJson::Compile(doc, "config");
    ASSERT_TRUE(compiled.ok());

    EXPECT_EQ(compiled->Render(scope_).value(), Json({{"a/b", {{"c~d", "ex-9"}}}}));
}

TEST_F(CompiledJsonTest, RendersDocumentThatIsOneString) {
    auto compiled = CompiledJson::Compile(Json("{{prev.body.count}}"), "value");
    ASSERT_TRUE(compiled.ok());

    EXPECT_EQ(compiled->Render(scope_).value(), Json(42));
}

TEST_F(CompiledJsonTest, RenderIsRepeatableAgainstDifferentScopes) {
    auto compiled = CompiledJson::Compile(Json({{"d", "{{prev.body.date}}"}}), "config");
    ASSERT_TRUE(compiled.ok());
    const Json other = {{"date", "2025-05-01"}};
    Scope other_scope;
    other_scope.prev_body = &other;

    EXPECT_EQ(compiled->Render(scope_).value(), Json({{"d", "2025-04-29"}}));
    EXPECT_EQ(compiled->Render(other_scope).value(), Json({{"d", "2025-05-01"}}));
    EXPECT_EQ(compiled->Render(scope_).value(), Json({{"d", "2025-04-29"}}));
}

TEST_F(CompiledJsonTest, ReportsEveryBadStringByFieldPath) {
    const Json doc = {
        {"headers", {{"X-Key", "{{prev.body"}, {"X-Ok", "{{prev.body.ok}}"}}},
        {"items", {"fine", {{"deep", "{{foo}}"}}, "{{ }}"}},
    };

    auto compiled = CompiledJson::Compile(doc, "nodes[1].config");
    ASSERT_FALSE(compiled.ok());
    const common::Error& error = compiled.error();

    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(error.fields.size(), 3u);
    EXPECT_EQ(error.fields[0].field, "nodes[1].config.headers.X-Key");
    EXPECT_EQ(error.fields[0].message, "unterminated '{{' at byte 0");
    EXPECT_EQ(error.fields[1].field, "nodes[1].config.items[1].deep");
    EXPECT_EQ(error.fields[1].message, "unknown root 'foo' at byte 2");
    EXPECT_EQ(error.fields[2].field, "nodes[1].config.items[2]");
    EXPECT_EQ(error.fields[2].message, "empty placeholder at byte 0");
    EXPECT_EQ(error.message,
              "nodes[1].config.headers.X-Key: unterminated '{{' at byte 0 (and 2 more)");
}

TEST_F(CompiledJsonTest, SingleErrorMessageHasNoCount) {
    auto compiled = CompiledJson::Compile(Json({{"url", "{{nope}}"}}), "config");
    ASSERT_FALSE(compiled.ok());

    EXPECT_EQ(compiled.error().message, "config.url: unknown root 'nope' at byte 2");
    ASSERT_EQ(compiled.error().fields.size(), 1u);
}

TEST_F(CompiledJsonTest, EmptyPrefixStartsFieldAtKey) {
    auto compiled = CompiledJson::Compile(Json({{"a", {{"b", "{{nope}}"}}}}), "");
    ASSERT_FALSE(compiled.ok());
    ASSERT_EQ(compiled.error().fields.size(), 1u);

    EXPECT_EQ(compiled.error().fields[0].field, "a.b");
}

}  // namespace
}  // namespace lenzflow::engine

namespace lenzflow::engine {
namespace {

// Regression: three nodes each repeating {{prev.body.s}} 256 times once rendered 64 MiB; the
// budget stops that growth at the first render that would pass kMaxRenderedBytes.
TEST(RenderBudgetTest, RefusesRenderingPastTheBudget) {
    const Json big = {{"s", std::string(100 * 1024, 'x')}};
    Scope scope;
    scope.prev_body = &big;

    std::string repeated;
    for (int i = 0; i < 200; ++i) repeated += "{{prev.body.s}}";
    auto compiled = CompiledJson::Compile(Json{{"output", repeated}}, "config");
    ASSERT_TRUE(compiled.ok());
    const auto rendered = compiled->Render(scope);
    ASSERT_FALSE(rendered.ok());
    EXPECT_EQ(rendered.error().code, common::ErrorCode::kPayloadTooLarge);

    // Whole placeholders count too.
    Json many = Json::object();
    for (int i = 0; i < 200; ++i) many["k" + std::to_string(i)] = "{{prev.body}}";
    auto whole = CompiledJson::Compile(many, "config");
    ASSERT_TRUE(whole.ok());
    EXPECT_FALSE(whole->Render(scope).ok());
}

TEST(RenderBudgetTest, RendersWithinTheBudget) {
    const Json big = {{"s", std::string(1024 * 1024, 'x')}};
    Scope scope;
    scope.prev_body = &big;
    auto compiled =
        CompiledJson::Compile(Json{{"a", "{{prev.body}}"}, {"b", "{{prev.body.s}}!"}}, "config");
    ASSERT_TRUE(compiled.ok());
    const auto rendered = compiled->Render(scope);
    ASSERT_TRUE(rendered.ok());
    EXPECT_EQ((*rendered)["b"].get_ref<const std::string&>().size(), 1024u * 1024 + 1);
}

}  // namespace
}  // namespace lenzflow::engine

namespace lenzflow::engine {
namespace {

TEST(TemplateEscapeTest, BackslashBeforeBracesWritesThemLiterally) {
    const Json body = {{"name", "bench"}};
    Scope scope;
    scope.prev_body = &body;

    const auto literal = Template::Parse("use \\{{name}} in templates");
    ASSERT_TRUE(literal.ok()) << literal.error().message;
    EXPECT_TRUE(literal->IsLiteral());
    EXPECT_EQ(literal->Render(scope), "use {{name}} in templates");

    const auto mixed = Template::Parse("\\{{ {{prev.body.name}} }}");
    ASSERT_TRUE(mixed.ok()) << mixed.error().message;
    EXPECT_FALSE(mixed->IsLiteral());
    EXPECT_EQ(mixed->Render(scope), "{{ bench }}");
}

TEST(TemplateEscapeTest, CompiledLiteralStringsHaveEscapesResolved) {
    auto compiled = CompiledJson::Compile(Json{{"text", "a \\{{b"}, {"plain", "c"}}, "config");
    ASSERT_TRUE(compiled.ok());
    EXPECT_EQ(compiled->Render(Scope{}).value(), (Json{{"text", "a {{b"}, {"plain", "c"}}));
}

}  // namespace
}  // namespace lenzflow::engine
