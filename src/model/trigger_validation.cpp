#include "model/trigger_validation.hpp"

#include <fmt/format.h>

#include <string_view>

#include "model/cron_expression.hpp"

namespace lenzflow::model {

namespace {

using common::FieldError;

// Config keys each trigger type understands. The scheduler will add keys such as `timezone`
// (CONTRACT.md) here together with the code that reads them; until then they are unknown fields.
bool IsKnownScheduleKey(std::string_view key) { return key == "cron"; }
bool IsKnownManualKey(std::string_view) { return false; }  // manual runs only via /execute

void ReportUnknownKeys(const Json& config, bool (*known)(std::string_view),
                       std::vector<FieldError>& errors) {
    for (const auto& [key, value] : config.items()) {
        if (!known(key)) errors.push_back({"trigger_node.config." + key, "unknown field"});
    }
}

void ValidateSchedule(const Json& config, std::vector<FieldError>& errors) {
    constexpr const char* kCronField = "trigger_node.config.cron";
    const auto cron = config.find("cron");
    if (cron == config.end() || cron->is_null()) {
        errors.push_back({kCronField, "is required"});
    } else if (!cron->is_string()) {
        errors.push_back(
            {kCronField, fmt::format("must be a string, got {}", common::JsonTypeName(*cron))});
    } else if (auto parsed = CronExpression::Parse(cron->get_ref<const std::string&>());
               !parsed.ok()) {
        errors.push_back({kCronField, std::move(parsed).error().message});
    }
    ReportUnknownKeys(config, IsKnownScheduleKey, errors);
}

}  // namespace

std::vector<FieldError> ValidateTrigger(const TriggerNode& trigger) {
    std::vector<FieldError> errors;
    const bool schedule = trigger.type == kTriggerSchedule;
    if (!schedule && trigger.type != kTriggerManual) {
        errors.push_back(
            {"trigger_node.type", fmt::format("unknown trigger type '{}' (expected {} or {})",
                                              trigger.type, kTriggerSchedule, kTriggerManual)});
        return errors;
    }

    // WorkflowFromJson only lets objects through, but a TriggerNode can be built elsewhere.
    if (!trigger.config.is_object()) {
        errors.push_back(
            {"trigger_node.config",
             fmt::format("must be an object, got {}", common::JsonTypeName(trigger.config))});
        return errors;
    }

    if (schedule) {
        ValidateSchedule(trigger.config, errors);
    } else {
        ReportUnknownKeys(trigger.config, IsKnownManualKey, errors);
    }
    return errors;
}

}  // namespace lenzflow::model
