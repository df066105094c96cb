#include "model/trigger_validation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lenzflow::model {
namespace {

using common::FieldError;
using testing::ElementsAre;
using testing::IsEmpty;

MATCHER_P2(IsFieldError, field, message, "") {
    return arg.field == field && arg.message == message;
}

TriggerNode Trigger(std::string type, Json config) { return TriggerNode{std::move(type), config}; }

TEST(TriggerValidationTest, AcceptsScheduleWithValidCron) {
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", "0 0 7 * * *"}})), IsEmpty());
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", "*/5 * * * *"}})), IsEmpty());
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", "@daily"}})), IsEmpty());
}

TEST(TriggerValidationTest, AcceptsManualWithEmptyConfig) {
    EXPECT_THAT(ValidateTrigger(Trigger("manual", Json::object())), IsEmpty());
}

TEST(TriggerValidationTest, RejectsUnknownType) {
    EXPECT_THAT(ValidateTrigger(Trigger("webhook", {{"cron", "bad"}})),
                ElementsAre(IsFieldError("trigger_node.type",
                                         "unknown trigger type 'webhook' (expected schedule or "
                                         "manual)")));
    EXPECT_THAT(ValidateTrigger(Trigger("", Json::object())),
                ElementsAre(IsFieldError("trigger_node.type",
                                         "unknown trigger type '' (expected schedule or manual)")));
    EXPECT_THAT(ValidateTrigger(Trigger("Schedule", {{"cron", "0 0 7 * * *"}})),
                ElementsAre(IsFieldError("trigger_node.type",
                                         "unknown trigger type 'Schedule' (expected schedule or "
                                         "manual)")));
}

TEST(TriggerValidationTest, RequiresCronForSchedule) {
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", Json::object())),
                ElementsAre(IsFieldError("trigger_node.config.cron", "is required")));
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", nullptr}})),
                ElementsAre(IsFieldError("trigger_node.config.cron", "is required")));
}

TEST(TriggerValidationTest, RejectsNonStringCron) {
    EXPECT_THAT(
        ValidateTrigger(Trigger("schedule", {{"cron", 7}})),
        ElementsAre(IsFieldError("trigger_node.config.cron", "must be a string, got number")));
    EXPECT_THAT(
        ValidateTrigger(Trigger("schedule", {{"cron", Json::array({"0", "0"})}})),
        ElementsAre(IsFieldError("trigger_node.config.cron", "must be a string, got array")));
}

TEST(TriggerValidationTest, ReportsCronParseErrorAsMessage) {
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", "61 0 7 * * *"}})),
                ElementsAre(IsFieldError("trigger_node.config.cron",
                                         "cron field 1 (seconds): value 61 out of range 0-59")));
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", {{"cron", "0 0 7 * * * *"}})),
                ElementsAre(IsFieldError("trigger_node.config.cron",
                                         "cron: expected 5 or 6 fields, got 7")));
}

TEST(TriggerValidationTest, ReportsUnknownScheduleKeysEachByName) {
    EXPECT_THAT(
        ValidateTrigger(Trigger(
            "schedule", {{"cron", "0 0 7 * * *"}, {"timezone", "Asia/Jakarta"}, {"Cron", "x"}})),
        ElementsAre(IsFieldError("trigger_node.config.Cron", "unknown field"),
                    IsFieldError("trigger_node.config.timezone", "unknown field")));
}

TEST(TriggerValidationTest, ReportsBadCronAndUnknownKeysTogether) {
    EXPECT_THAT(
        ValidateTrigger(Trigger("schedule", {{"cron", "* * * *"}, {"every", 5}})),
        ElementsAre(IsFieldError("trigger_node.config.cron", "cron: expected 5 or 6 fields, got 4"),
                    IsFieldError("trigger_node.config.every", "unknown field")));
}

TEST(TriggerValidationTest, RejectsAnyConfigForManual) {
    EXPECT_THAT(ValidateTrigger(Trigger("manual", {{"cron", "0 0 7 * * *"}, {"x", 1}})),
                ElementsAre(IsFieldError("trigger_node.config.cron", "unknown field"),
                            IsFieldError("trigger_node.config.x", "unknown field")));
}

TEST(TriggerValidationTest, RejectsNonObjectConfig) {
    EXPECT_THAT(ValidateTrigger(Trigger("manual", Json::array())),
                ElementsAre(IsFieldError("trigger_node.config", "must be an object, got array")));
    EXPECT_THAT(ValidateTrigger(Trigger("schedule", Json("0 0 7 * * *"))),
                ElementsAre(IsFieldError("trigger_node.config", "must be an object, got string")));
}

}  // namespace
}  // namespace lenzflow::model
