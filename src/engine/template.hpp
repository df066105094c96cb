// The template language: `{{path}}` placeholders that look values up in a run's context. It is a
// pure lookup language: there are no operators, calls or loops, so a template cannot run code,
// and its size is bounded.
//
// Grammar (whitespace inside the braces is allowed):
//   placeholder := "{{" path "}}"
//   path        := root ( "." key | "[" index "]" | "[" quoted "]" )*
//   root, key   := [A-Za-z0-9_-]+
//   index       := [0-9]+                 (array element)
//   quoted      := '"' any text but '"' '"'  (object key with other characters)
// Roots: `prev`, `nodes`, `trigger`, `workflow`, `execution` (see Scope). Text outside
// placeholders is literal; a `{{` that is not closed is a parse error. `\{{` writes a literal
// `{{` (in JSON: "\\{{"); a stray `}}` is plain text.
//
// Rendering: a string that is exactly one placeholder yields the value with its JSON type (or
// null when the path leads nowhere). Otherwise each placeholder is replaced by text: strings as
// they are, numbers and booleans in JSON form, objects and arrays as compact JSON, null and
// missing values as the empty string.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/json.hpp"
#include "common/result.hpp"

namespace lenzflow::engine {

using common::Json;

/// Longest template string accepted, and the most placeholders and path steps in one.
inline constexpr size_t kMaxTemplateBytes = 64 * 1024;
inline constexpr size_t kMaxPlaceholders = 256;
inline constexpr size_t kMaxPathSteps = 32;

/// Most bytes (approximate JSON size) one rendering of a node config may produce. Without it a
/// few nodes each repeating `{{prev.body}}` would grow their output exponentially; with it a
/// node's rendered config, and so a transform's output, is bounded.
inline constexpr size_t kMaxRenderedBytes = 16 * 1024 * 1024;

/// The values a run exposes to templates. Pointers are borrowed and must outlive rendering;
/// a null pointer reads as a missing value.
///   prev.body...            -> *prev_body (output of the node before this one)
///   nodes.<id>.body...      -> the output of an earlier node, from node_bodies
///   trigger...              -> *trigger   e.g. {"type": "manual", "body": {...}, "by": "user"}
///   workflow...             -> *workflow  e.g. {"id": "...", "name": "..."}
///   execution...            -> *execution e.g. {"id": "..."}
struct Scope {
    const Json* prev_body = nullptr;
    const std::map<std::string, const Json*, std::less<>>* node_bodies = nullptr;
    const Json* trigger = nullptr;
    const Json* workflow = nullptr;
    const Json* execution = nullptr;
};

/// One parsed template string. Immutable; rendering is thread-safe.
class Template {
public:
    /// Parses `text`. Errors (kInvalidArgument) say what is wrong and at which byte, e.g.
    /// "unterminated '{{' at byte 7", "empty placeholder at byte 0", "unknown root 'foo'".
    static common::Result<Template> Parse(std::string_view text);

    /// True when the text has no placeholder (rendering returns it unchanged).
    bool IsLiteral() const;

    Json Render(const Scope& scope) const;

    /// As Render, counting the bytes placeholders produce against `budget`; nullopt (and the
    /// budget left below zero in effect) when they would exceed it.
    std::optional<Json> Render(const Scope& scope, size_t& budget) const;

    // Implementation detail, public so the .cpp can build it.
    struct Step {
        std::variant<std::string, size_t> key;  // object key or array index
    };
    struct Placeholder {
        std::string root;
        std::vector<Step> steps;
    };
    using Part = std::variant<std::string, Placeholder>;

private:
    std::vector<Part> parts_;
};

/// Every string value in a JSON document parsed as a template, so a node config is parsed once
/// and rendered for each run. Object keys are not templates.
class CompiledJson {
public:
    /// Parses every string in `doc`. On failure the error's fields name each bad string by its
    /// path below `path_prefix` (e.g. `nodes[1].config.headers.X-Key`).
    static common::Result<CompiledJson> Compile(const Json& doc, const std::string& path_prefix);

    /// `doc` with every string rendered against `scope`. kPayloadTooLarge when the placeholders
    /// would produce more than kMaxRenderedBytes.
    common::Result<Json> Render(const Scope& scope) const;

private:
    Json doc_;
    std::vector<std::pair<Json::json_pointer, Template>> templates_;  // strings with placeholders
};

}  // namespace lenzflow::engine
