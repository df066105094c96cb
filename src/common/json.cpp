#include "common/json.hpp"

#include <fmt/format.h>

namespace lenzflow::common {

namespace {

// Thrown from the parser callback to stop at the depth limit.
struct TooDeep {};

}  // namespace

Result<Json> ParseJson(std::string_view text, int max_depth) {
    // The callback sees every nesting step; refusing there keeps deep input from building a deep
    // tree that later recursive code (dump, templates) would have to walk.
    const Json::parser_callback_t guard = [&](int depth, Json::parse_event_t event, Json&) {
        if ((event == Json::parse_event_t::object_start ||
             event == Json::parse_event_t::array_start) &&
            depth >= max_depth) {
            throw TooDeep{};
        }
        return true;
    };

    try {
        return Json::parse(text.begin(), text.end(), guard);
    } catch (const Json::parse_error& e) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("malformed JSON at byte {}", e.byte));
    } catch (const Json::out_of_range& e) {
        // Numbers beyond double range ("1e400") land here.
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("JSON number out of range: {}", e.what()));
    } catch (const Json::exception& e) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("invalid JSON: {}", e.what()));
    } catch (const TooDeep&) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("JSON nested deeper than {} levels", max_depth));
    }
}

const char* JsonTypeName(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::boolean:
            return "boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "number";
        case Json::value_t::string:
            return "string";
        case Json::value_t::array:
            return "array";
        case Json::value_t::object:
            return "object";
        default:
            return "binary";
    }
}

}  // namespace lenzflow::common
