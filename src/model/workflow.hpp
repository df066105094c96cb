// A workflow as users define it: a trigger followed by action nodes that run in order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "common/time.hpp"

namespace lenzflow::model {

using common::Json;

/// Trigger type names accepted on `trigger_node.type`.
inline constexpr const char* kTriggerSchedule = "schedule";
inline constexpr const char* kTriggerManual = "manual";

struct TriggerNode {
    std::string type;  // kTriggerSchedule or kTriggerManual
    Json config = Json::object();
};

struct Node {
    std::string id;    // unique within the workflow; [A-Za-z0-9_-], used in `{{nodes.<id>...}}`
    std::string type;  // a name registered in nodes::Registry
    std::string name;  // for people; defaults to id
    Json config = Json::object();
};

struct Workflow {
    std::string id;  // UUID, assigned by the server
    std::string name;
    std::string description;
    bool is_active = true;
    TriggerNode trigger;
    std::vector<Node> nodes;
    common::TimePoint created_at{};
    std::optional<common::TimePoint> updated_at;  // empty until the first update
};

}  // namespace lenzflow::model
