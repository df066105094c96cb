#include "engine/template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

namespace lenzflow::engine {
namespace {

using common::ErrorCode;
using common::FieldError;
using common::Result;

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

constexpr std::string_view kRootPrev = "prev";
constexpr std::string_view kRootNodes = "nodes";
constexpr std::string_view kRootTrigger = "trigger";
constexpr std::string_view kRootWorkflow = "workflow";
constexpr std::string_view kRootExecution = "execution";
constexpr std::string_view kBody = "body";

bool IsKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsKnownRoot(std::string_view root) {
    return root == kRootPrev || root == kRootNodes || root == kRootTrigger ||
           root == kRootWorkflow || root == kRootExecution;
}

common::Error ParseError(std::string message) {
    return common::MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// Bytes outside printable ASCII are named in hex: the message may be sent back inside a JSON
// response, and half a UTF-8 sequence would make it invalid there.
common::Error InvalidByteError(char c, size_t offset) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return ParseError(fmt::format("invalid character '{}' at byte {}", c, offset));
    }
    return ParseError(fmt::format("invalid byte 0x{:02X} at byte {}", byte, offset));
}

// False unless `digits` is all decimal digits (from_chars takes no sign for an unsigned type) and
// the value fits.
bool ParseIndex(std::string_view digits, size_t& index) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    return error == std::errc() && end == digits.data() + digits.size();
}

// Builds the step in place: GCC 12 warns (maybe-uninitialized) about moving a temporary Step's
// variant into the vector.
void AddKeyStep(Template::Placeholder& placeholder, std::string_view key) {
    placeholder.steps.emplace_back().key.emplace<std::string>(key);
}

// Reads one placeholder, from its "{{" through its "}}", keeping offsets for error messages.
// The caller has already checked that a "}}" follows somewhere, so running out of text here
// means a quoted key swallowed it.
class PlaceholderParser {
public:
    PlaceholderParser(std::string_view text, size_t open) : text_(text), open_(open) {}

    // On success TakePlaceholder() yields the placeholder and end_offset() is past its "}}".
    common::Status Parse() {
        pos_ = open_ + kOpen.size();
        SkipSpaces();
        if (AtEnd()) return Unterminated();
        if (text_.substr(pos_, kClose.size()) == kClose) {
            return ParseError(fmt::format("empty placeholder at byte {}", open_));
        }

        if (common::Status status = ParseRoot(); !status.ok()) return status;
        while (!AtEnd() && (text_[pos_] == '.' || text_[pos_] == '[')) {
            if (placeholder_.steps.size() == kMaxPathSteps) {
                return ParseError(
                    fmt::format("more than {} path steps at byte {}", kMaxPathSteps, pos_));
            }
            common::Status status = text_[pos_] == '.' ? ParseDotStep() : ParseBracketStep();
            if (!status.ok()) return status;
        }

        SkipSpaces();
        if (text_.substr(pos_, kClose.size()) == kClose) {
            pos_ += kClose.size();
            return common::Status::Ok();
        }
        if (AtEnd() || (text_[pos_] == '}' && pos_ + 1 == text_.size())) return Unterminated();
        return InvalidByteError(text_[pos_], pos_);
    }

    Template::Placeholder TakePlaceholder() { return std::move(placeholder_); }
    size_t end_offset() const { return pos_; }

private:
    bool AtEnd() const { return pos_ == text_.size(); }

    void SkipSpaces() {
        while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
    }

    // Advances past [A-Za-z0-9_-]* and returns what it passed.
    std::string_view TakeKey() {
        const size_t start = pos_;
        while (!AtEnd() && IsKeyChar(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }

    common::Error Unterminated() const {
        return ParseError(fmt::format("unterminated '{{{{' at byte {}", open_));
    }

    common::Status ParseRoot() {
        const size_t start = pos_;
        const std::string_view root = TakeKey();
        if (root.empty()) return InvalidByteError(text_[pos_], pos_);
        if (!IsKnownRoot(root)) {
            return ParseError(fmt::format("unknown root '{}' at byte {}", root, start));
        }
        placeholder_.root = root;
        return common::Status::Ok();
    }

    common::Status ParseDotStep() {
        const size_t dot = pos_++;
        const std::string_view key = TakeKey();
        if (!key.empty()) {
            AddKeyStep(placeholder_, key);
            return common::Status::Ok();
        }

        // A dot followed by what may end a step is an empty step; anything else is a bad key.
        const bool ends_step = AtEnd() || text_[pos_] == '.' || text_[pos_] == '[' ||
                               text_[pos_] == '}' || IsSpace(text_[pos_]);
        if (!ends_step) return InvalidByteError(text_[pos_], pos_);
        return ParseError(fmt::format("empty path step at byte {}", dot));
    }

    // `[index]` or `["quoted key"]`.
    common::Status ParseBracketStep() {
        const size_t bracket = pos_++;
        const auto unterminated_bracket = [&] {
            return ParseError(fmt::format("unterminated '[' at byte {}", bracket));
        };

        if (AtEnd() || text_[pos_] == '}') return unterminated_bracket();
        if (text_[pos_] == '"') {
            const size_t quote = pos_;
            const size_t close_quote = text_.find('"', quote + 1);
            if (close_quote == std::string_view::npos) {
                return ParseError(fmt::format("unterminated quoted key at byte {}", quote));
            }
            AddKeyStep(placeholder_, text_.substr(quote + 1, close_quote - quote - 1));
            pos_ = close_quote + 1;
        } else if (IsDigit(text_[pos_])) {
            const size_t digits_start = pos_;
            while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
            size_t index = 0;
            if (!ParseIndex(text_.substr(digits_start, pos_ - digits_start), index)) {
                return ParseError(fmt::format("index too large at byte {}", digits_start));
            }
            placeholder_.steps.emplace_back().key.emplace<size_t>(index);
        } else if (text_[pos_] == ']') {
            return ParseError(fmt::format("empty path step at byte {}", bracket));
        } else {
            return InvalidByteError(text_[pos_], pos_);
        }

        if (AtEnd() || text_[pos_] == '}') return unterminated_bracket();
        if (text_[pos_] != ']') return InvalidByteError(text_[pos_], pos_);
        ++pos_;
        return common::Status::Ok();
    }

    std::string_view text_;
    size_t open_;
    size_t pos_ = 0;
    Template::Placeholder placeholder_;
};

bool IsKey(const Template::Step& step, std::string_view key) {
    const auto* step_key = std::get_if<std::string>(&step.key);
    return step_key != nullptr && *step_key == key;
}

// One step down from `value`; null when the step leads nowhere. A key made of digits indexes an
// array, because users write `items.0.name` as often as `items[0].name`.
const Json* Descend(const Json& value, const Template::Step& step) {
    if (const auto* index = std::get_if<size_t>(&step.key)) {
        if (!value.is_array() || *index >= value.size()) return nullptr;
        return &value[*index];
    }

    const auto& key = std::get<std::string>(step.key);
    if (value.is_object()) {
        const auto it = value.find(key);
        return it == value.end() ? nullptr : &*it;
    }
    if (value.is_array()) {
        size_t index = 0;
        if (!ParseIndex(key, index) || index >= value.size()) return nullptr;
        return &value[index];
    }
    return nullptr;
}

// The value a placeholder names, borrowed from the scope, or null when it leads nowhere.
const Json* Resolve(const Template::Placeholder& placeholder, const Scope& scope) {
    auto step = placeholder.steps.begin();
    const auto end = placeholder.steps.end();
    const Json* value = nullptr;

    // `prev` and `nodes.<id>` name a node's output, whose only member is its body: a path that
    // stops there yields the body, one that goes on must go through `.body`.
    if (placeholder.root == kRootPrev) {
        value = scope.prev_body;
        if (step != end) {
            if (!IsKey(*step, kBody)) return nullptr;
            ++step;
        }
    } else if (placeholder.root == kRootNodes) {
        if (scope.node_bodies == nullptr || step == end) return nullptr;
        const auto* id = std::get_if<std::string>(&step->key);
        if (id == nullptr) return nullptr;
        const auto it = scope.node_bodies->find(*id);
        if (it == scope.node_bodies->end()) return nullptr;
        value = it->second;
        ++step;
        if (step != end) {
            if (!IsKey(*step, kBody)) return nullptr;
            ++step;
        }
    } else if (placeholder.root == kRootTrigger) {
        value = scope.trigger;
    } else if (placeholder.root == kRootWorkflow) {
        value = scope.workflow;
    } else if (placeholder.root == kRootExecution) {
        value = scope.execution;
    }

    for (; step != end && value != nullptr; ++step) value = Descend(*value, *step);
    return value;
}

// Replacement errors keep a string from the outside (an HTTP body built in code, say) with bad
// UTF-8 from throwing in the middle of a run.
void AppendCompact(std::string& out, const Json& value) {
    out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void AppendValue(std::string& out, const Json* value) {
    if (value == nullptr) return;
    switch (value->type()) {
        case Json::value_t::null:
        case Json::value_t::discarded:
            return;
        case Json::value_t::string:
            out += value->get_ref<const std::string&>();
            return;
        case Json::value_t::boolean:
            out += value->get<bool>() ? "true" : "false";
            return;
        default:
            AppendCompact(out, *value);
            return;
    }
}

// The size of `value` as compact JSON, roughly (no escaping counted); stops counting once it
// passes `limit`, so sizing a huge value costs no more than the budget it is checked against.
size_t ApproxJsonBytes(const Json& value, size_t limit) {
    switch (value.type()) {
        case Json::value_t::string:
            return value.get_ref<const std::string&>().size() + 2;
        case Json::value_t::object: {
            size_t total = 2;
            for (const auto& [key, item] : value.items()) {
                if (total > limit) break;
                total += key.size() + 4 + ApproxJsonBytes(item, limit - std::min(limit, total));
            }
            return total;
        }
        case Json::value_t::array: {
            size_t total = 2;
            for (const auto& item : value) {
                if (total > limit) break;
                total += 1 + ApproxJsonBytes(item, limit - std::min(limit, total));
            }
            return total;
        }
        default:
            return 8;
    }
}

// Takes `bytes` from `budget`; false when there is not enough.
bool Spend(size_t& budget, size_t bytes) {
    if (bytes > budget) return false;
    budget -= bytes;
    return true;
}

using TemplateList = std::vector<std::pair<Json::json_pointer, Template>>;

// Walks `node`, parsing each string; `pointer` and `field` name `node` and are restored on
// return. Recursion depth is the document's nesting, which ParseJson bounds for outside input.
void CollectTemplates(Json& node, Json::json_pointer& pointer, std::string& field,
                      TemplateList& templates, std::vector<FieldError>& errors) {
    switch (node.type()) {
        case Json::value_t::string: {
            auto parsed = Template::Parse(node.get_ref<const std::string&>());
            if (!parsed.ok()) {
                errors.push_back({field, parsed.error().message});
                return;
            }
            // Plain text stays as it is, but with escapes such as "\{{" resolved.
            if (parsed->IsLiteral()) {
                node = parsed->Render(Scope{});
                return;
            }

            // Render overwrites this slot, so the copy it starts from need not carry the text.
            node = nullptr;
            templates.emplace_back(pointer, std::move(parsed).value());
            return;
        }
        case Json::value_t::object:
            for (auto it = node.begin(); it != node.end(); ++it) {
                const size_t field_size = field.size();
                if (!field.empty()) field += '.';
                field += it.key();
                pointer.push_back(it.key());
                CollectTemplates(it.value(), pointer, field, templates, errors);
                pointer.pop_back();
                field.resize(field_size);
            }
            return;
        case Json::value_t::array:
            for (size_t i = 0; i < node.size(); ++i) {
                const size_t field_size = field.size();
                field += fmt::format("[{}]", i);
                pointer.push_back(std::to_string(i));
                CollectTemplates(node[i], pointer, field, templates, errors);
                pointer.pop_back();
                field.resize(field_size);
            }
            return;
        default:
            return;
    }
}

}  // namespace

Result<Template> Template::Parse(std::string_view text) {
    if (text.size() > kMaxTemplateBytes) {
        return ParseError(fmt::format("template is {} bytes, over the limit of {} (byte {} on)",
                                      text.size(), kMaxTemplateBytes, kMaxTemplateBytes));
    }

    Template result;
    size_t literal_start = 0;
    size_t placeholder_count = 0;
    for (size_t open = text.find(kOpen); open != std::string_view::npos;
         open = text.find(kOpen, literal_start)) {
        // "\{{" is a literal "{{": the backslash goes, the braces stay as text.
        if (open > literal_start && text[open - 1] == '\\') {
            result.parts_.emplace_back(
                std::string(text.substr(literal_start, open - 1 - literal_start)) + "{{");
            literal_start = open + kOpen.size();
            continue;
        }
        if (placeholder_count == kMaxPlaceholders) {
            return ParseError(
                fmt::format("more than {} placeholders at byte {}", kMaxPlaceholders, open));
        }

        // Checked up front so text like "{{ prev.body.x and more" reads as an unclosed
        // placeholder rather than as a bad character in a path.
        if (text.find(kClose, open + kOpen.size()) == std::string_view::npos) {
            return ParseError(fmt::format("unterminated '{{{{' at byte {}", open));
        }

        PlaceholderParser parser(text, open);
        if (common::Status status = parser.Parse(); !status.ok()) return std::move(status).error();
        if (open > literal_start) {
            result.parts_.emplace_back(
                std::string(text.substr(literal_start, open - literal_start)));
        }
        result.parts_.emplace_back(parser.TakePlaceholder());
        literal_start = parser.end_offset();
        ++placeholder_count;
    }
    if (literal_start < text.size()) {
        result.parts_.emplace_back(std::string(text.substr(literal_start)));
    }
    return result;
}

bool Template::IsLiteral() const {
    return std::none_of(parts_.begin(), parts_.end(),
                        [](const Part& part) { return std::holds_alternative<Placeholder>(part); });
}

Json Template::Render(const Scope& scope) const {
    size_t unlimited = std::numeric_limits<size_t>::max();
    return *Render(scope, unlimited);
}

std::optional<Json> Template::Render(const Scope& scope, size_t& budget) const {
    // A lone placeholder keeps its JSON type, so "{{prev.body.count}}" stays a number.
    if (parts_.size() == 1) {
        if (const auto* placeholder = std::get_if<Placeholder>(&parts_.front())) {
            const Json* value = Resolve(*placeholder, scope);
            if (value == nullptr) return Json(nullptr);
            if (!Spend(budget, ApproxJsonBytes(*value, budget))) return std::nullopt;
            return *value;
        }
    }

    std::string out;
    size_t literal_bytes = 0;
    for (const Part& part : parts_) {
        if (const auto* text = std::get_if<std::string>(&part)) literal_bytes += text->size();
    }
    out.reserve(literal_bytes);

    for (const Part& part : parts_) {
        if (const auto* text = std::get_if<std::string>(&part)) {
            out += *text;
            continue;
        }
        const Json* value = Resolve(std::get<Placeholder>(part), scope);
        if (value != nullptr && !Spend(budget, ApproxJsonBytes(*value, budget))) {
            return std::nullopt;
        }
        AppendValue(out, value);
    }
    return Json(std::move(out));
}

Result<CompiledJson> CompiledJson::Compile(const Json& doc, const std::string& path_prefix) {
    CompiledJson compiled;
    compiled.doc_ = doc;
    std::vector<FieldError> errors;
    Json::json_pointer pointer;
    std::string field = path_prefix;

    CollectTemplates(compiled.doc_, pointer, field, compiled.templates_, errors);

    if (!errors.empty()) {
        std::string message = fmt::format("{}: {}", errors.front().field, errors.front().message);
        if (errors.size() > 1) message += fmt::format(" (and {} more)", errors.size() - 1);
        return common::Error{ErrorCode::kInvalidArgument, std::move(message), std::move(errors)};
    }
    return compiled;
}

Result<Json> CompiledJson::Render(const Scope& scope) const {
    Json result = doc_;
    size_t budget = kMaxRenderedBytes;
    for (const auto& [pointer, compiled] : templates_) {
        auto rendered = compiled.Render(scope, budget);
        if (!rendered) {
            return common::MakeError(
                ErrorCode::kPayloadTooLarge,
                fmt::format("rendered config larger than {} bytes", kMaxRenderedBytes));
        }
        result[pointer] = std::move(*rendered);
    }
    return result;
}

}  // namespace lenzflow::engine
