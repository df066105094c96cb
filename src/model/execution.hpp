// One run of a workflow and the result of each of its nodes, as recorded in the history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/time.hpp"

namespace lenzflow::model {

using common::Json;

enum class RunStatus { kQueued, kRunning, kSuccess, kFailed };
enum class NodeStatus { kSuccess, kFailed, kSkipped };

std::string_view ToString(RunStatus status);
std::string_view ToString(NodeStatus status);
std::optional<RunStatus> RunStatusFromString(std::string_view text);
std::optional<NodeStatus> NodeStatusFromString(std::string_view text);

/// What a run was started by, kept with the run and visible to templates as `trigger`.
inline constexpr const char* kTriggeredByScheduler = "scheduler";

struct NodeResult {
    std::string node_id;
    std::string node_type;
    std::string node_name;
    NodeStatus status = NodeStatus::kSkipped;
    std::optional<common::TimePoint> started_at;  // empty for a node that never started
    std::optional<common::TimePoint> finished_at;
    Json output;  // null unless the node succeeded
    std::optional<std::string> error;
};

struct Execution {
    std::string id;
    std::string workflow_id;
    std::string trigger_type;  // "manual" | "schedule"
    std::string triggered_by;  // token subject, or kTriggeredByScheduler
    Json trigger_payload;      // `{{trigger.body...}}`; null when the trigger carried none
    RunStatus status = RunStatus::kQueued;
    common::TimePoint started_at{};
    std::optional<common::TimePoint> finished_at;
    std::vector<NodeResult> node_results;  // in node order
    std::optional<std::string> error;
};

}  // namespace lenzflow::model
