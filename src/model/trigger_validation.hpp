// Checks a workflow's trigger: its type and the config that type takes. Pure, no I/O.
#pragma once

#include <vector>

#include "common/result.hpp"
#include "model/workflow.hpp"

namespace lenzflow::model {

/// Every problem with `trigger`, each naming its field under `trigger_node` (e.g.
/// `trigger_node.config.cron`); empty when the trigger is valid. Rules: type is "schedule" or
/// "manual"; a schedule's config holds exactly a `cron` string that CronExpression::Parse accepts
/// (the message is the parse error); a manual trigger's config is empty. Unknown config keys are
/// reported one by one as "unknown field".
std::vector<common::FieldError> ValidateTrigger(const TriggerNode& trigger);

}  // namespace lenzflow::model
