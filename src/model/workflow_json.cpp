#include "model/workflow_json.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>

namespace lenzflow::model {

namespace {

using common::FieldError;
using common::JsonTypeName;

// Fields a client may send back unchanged (the dashboard echoes what it read); they are ignored.
bool IsReadOnlyField(std::string_view key) {
    return key == "id" || key == "created_at" || key == "updated_at";
}

class FieldErrors {
public:
    void Add(std::string field, std::string message) {
        errors_.push_back(FieldError{std::move(field), std::move(message)});
    }
    bool empty() const { return errors_.empty(); }

    common::Error ToError() && {
        std::string message = errors_.front().field + ": " + errors_.front().message;
        if (errors_.size() > 1) message += fmt::format(" (and {} more)", errors_.size() - 1);
        return common::Error{common::ErrorCode::kInvalidArgument, std::move(message),
                             std::move(errors_)};
    }

private:
    std::vector<FieldError> errors_;
};

std::string TypeMismatch(const char* want, const Json& got) {
    return fmt::format("must be {}, got {}", want, JsonTypeName(got));
}

// Reads a string field into `out` with a length bound; a missing required field, a wrong
// type or an overlong value is added to `errors` and leaves `out` unchanged.
void ReadString(const Json& obj, const char* key, const std::string& path, size_t max_length,
                bool required, std::string& out, FieldErrors& errors) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) errors.Add(path, "is required");
        return;
    }
    if (!it->is_string()) {
        errors.Add(path, TypeMismatch("a string", *it));
        return;
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_length) {
        errors.Add(path, fmt::format("must be at most {} bytes", max_length));
        return;
    }
    out = s;
}

bool IsNodeIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

void ReadTrigger(const Json& body, Workflow& wf, FieldErrors& errors) {
    const auto it = body.find("trigger_node");
    if (it == body.end() || it->is_null()) {
        errors.Add("trigger_node", "is required");
        return;
    }
    if (!it->is_object()) {
        errors.Add("trigger_node", TypeMismatch("an object", *it));
        return;
    }
    for (const auto& [key, value] : it->items()) {
        if (key != "type" && key != "config") errors.Add("trigger_node." + key, "unknown field");
    }
    ReadString(*it, "type", "trigger_node.type", 64, true, wf.trigger.type, errors);
    if (const auto cfg = it->find("config"); cfg != it->end() && !cfg->is_null()) {
        if (cfg->is_object()) {
            wf.trigger.config = *cfg;
        } else {
            errors.Add("trigger_node.config", TypeMismatch("an object", *cfg));
        }
    }
}

void ReadNode(const Json& item, const std::string& path, Node& node, FieldErrors& errors) {
    if (!item.is_object()) {
        errors.Add(path, TypeMismatch("an object", item));
        return;
    }
    for (const auto& [key, value] : item.items()) {
        if (key != "id" && key != "type" && key != "name" && key != "config") {
            errors.Add(path + "." + key, "unknown field");
        }
    }
    ReadString(item, "id", path + ".id", kMaxNodeIdLength, true, node.id, errors);
    if (!node.id.empty()) {
        for (char c : node.id) {
            if (!IsNodeIdChar(c)) {
                errors.Add(path + ".id", "may contain only letters, digits, '_' and '-'");
                break;
            }
        }
    } else if (item.contains("id") && item["id"].is_string() &&
               item["id"].get_ref<const std::string&>().empty()) {
        errors.Add(path + ".id", "must not be empty");
    }
    ReadString(item, "type", path + ".type", 64, true, node.type, errors);
    ReadString(item, "name", path + ".name", kMaxNameLength, false, node.name, errors);
    if (node.name.empty()) node.name = node.id;
    if (const auto cfg = item.find("config"); cfg != item.end() && !cfg->is_null()) {
        if (cfg->is_object()) {
            node.config = *cfg;
        } else {
            errors.Add(path + ".config", TypeMismatch("an object", *cfg));
        }
    }
}

void ReadNodes(const Json& body, Workflow& wf, FieldErrors& errors) {
    const auto it = body.find("nodes");
    if (it == body.end() || it->is_null()) {
        errors.Add("nodes", "is required");
        return;
    }
    if (!it->is_array()) {
        errors.Add("nodes", TypeMismatch("an array", *it));
        return;
    }
    if (it->size() > kMaxNodes) {
        errors.Add("nodes", fmt::format("must have at most {} nodes", kMaxNodes));
        return;
    }

    std::set<std::string, std::less<>> seen;
    for (size_t i = 0; i < it->size(); ++i) {
        const std::string path = fmt::format("nodes[{}]", i);
        Node node;
        ReadNode((*it)[i], path, node, errors);
        if (!node.id.empty() && !seen.insert(node.id).second) {
            errors.Add(path + ".id", fmt::format("duplicate node id '{}'", node.id));
        }
        wf.nodes.push_back(std::move(node));
    }
}

Json OptionalTime(const std::optional<common::TimePoint>& t) {
    return t ? Json(common::FormatRfc3339(*t)) : Json(nullptr);
}

Json OptionalString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

}  // namespace

common::Result<Workflow> WorkflowFromJson(const Json& body) {
    if (!body.is_object()) {
        return common::Error{
            common::ErrorCode::kInvalidArgument,
            fmt::format("request body must be a JSON object, got {}", JsonTypeName(body)),
            {}};
    }

    FieldErrors errors;
    for (const auto& [key, value] : body.items()) {
        const bool known = key == "name" || key == "description" || key == "is_active" ||
                           key == "trigger_node" || key == "nodes";
        if (!known && !IsReadOnlyField(key)) errors.Add(key, "unknown field");
    }

    Workflow wf;
    ReadString(body, "name", "name", kMaxNameLength, true, wf.name, errors);
    if (body.contains("name") && body["name"].is_string() &&
        body["name"].get_ref<const std::string&>().empty()) {
        errors.Add("name", "must not be empty");
    }
    ReadString(body, "description", "description", kMaxDescriptionLength, false, wf.description,
               errors);
    if (const auto it = body.find("is_active"); it != body.end() && !it->is_null()) {
        if (it->is_boolean()) {
            wf.is_active = it->get<bool>();
        } else {
            errors.Add("is_active", TypeMismatch("a boolean", *it));
        }
    }
    ReadTrigger(body, wf, errors);
    ReadNodes(body, wf, errors);

    if (!errors.empty()) return std::move(errors).ToError();
    return wf;
}

Json WorkflowToJson(const Workflow& wf) {
    Json nodes = Json::array();
    for (const auto& n : wf.nodes) {
        nodes.push_back(
            Json{{"id", n.id}, {"type", n.type}, {"name", n.name}, {"config", n.config}});
    }
    return Json{{"id", wf.id},
                {"name", wf.name},
                {"description", wf.description},
                {"is_active", wf.is_active},
                {"trigger_node", {{"type", wf.trigger.type}, {"config", wf.trigger.config}}},
                {"nodes", std::move(nodes)},
                {"created_at", common::FormatRfc3339(wf.created_at)},
                {"updated_at", OptionalTime(wf.updated_at)}};
}

Json NodeResultToJson(const NodeResult& r) {
    return Json{{"node_id", r.node_id},
                {"node_type", r.node_type},
                {"node_name", r.node_name},
                {"status", ToString(r.status)},
                {"started_at", OptionalTime(r.started_at)},
                {"finished_at", OptionalTime(r.finished_at)},
                {"output", r.output},
                {"error", OptionalString(r.error)}};
}

Json ExecutionToJson(const Execution& e) {
    Json results = Json::array();
    for (const auto& r : e.node_results) results.push_back(NodeResultToJson(r));
    return Json{{"id", e.id},
                {"workflow_id", e.workflow_id},
                {"trigger_type", e.trigger_type},
                {"status", ToString(e.status)},
                {"started_at", common::FormatRfc3339(e.started_at)},
                {"finished_at", OptionalTime(e.finished_at)},
                {"node_results", std::move(results)},
                {"error", OptionalString(e.error)},
                {"triggered_by", e.triggered_by}};
}

}  // namespace lenzflow::model
