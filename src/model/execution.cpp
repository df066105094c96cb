#include "model/execution.hpp"

namespace lenzflow::model {

std::string_view ToString(RunStatus status) {
    switch (status) {
        case RunStatus::kQueued:
            return "queued";
        case RunStatus::kRunning:
            return "running";
        case RunStatus::kSuccess:
            return "success";
        case RunStatus::kFailed:
            return "failed";
    }
    return "unknown";
}

std::string_view ToString(NodeStatus status) {
    switch (status) {
        case NodeStatus::kSuccess:
            return "success";
        case NodeStatus::kFailed:
            return "failed";
        case NodeStatus::kSkipped:
            return "skipped";
    }
    return "unknown";
}

std::optional<RunStatus> RunStatusFromString(std::string_view text) {
    for (auto s :
         {RunStatus::kQueued, RunStatus::kRunning, RunStatus::kSuccess, RunStatus::kFailed}) {
        if (ToString(s) == text) return s;
    }
    return std::nullopt;
}

std::optional<NodeStatus> NodeStatusFromString(std::string_view text) {
    for (auto s : {NodeStatus::kSuccess, NodeStatus::kFailed, NodeStatus::kSkipped}) {
        if (ToString(s) == text) return s;
    }
    return std::nullopt;
}

}  // namespace lenzflow::model
