#include "api/handlers.hpp"

#include <fmt/format.h>

#include "api/auth.hpp"
#include "api/error_status.hpp"
#include "api/request_parsing.hpp"
#include "common/ids.hpp"
#include "engine/workflow_validator.hpp"
#include "model/workflow_json.hpp"

namespace lenzflow::api {

namespace {

common::Error WorkflowNotFound(std::string_view id) {
    return common::MakeError(common::ErrorCode::kNotFound,
                             "workflow " + std::string(id) + " not found");
}

// Ids are UUIDs; anything else cannot name a workflow, and is answered without a lookup.
bool LooksLikeId(std::string_view id) { return common::IsUuid(id); }

// Reads and fully validates a workflow body (shape, trigger, node configs, templates).
common::Result<model::Workflow> ReadWorkflowBody(const ApiRequest& request,
                                                 const nodes::Registry& registry,
                                                 size_t max_body_bytes) {
    auto body = ParseJsonBody(request, max_body_bytes);
    if (!body.ok()) return std::move(body).error();
    auto workflow = model::WorkflowFromJson(*body);
    if (!workflow.ok()) return workflow;
    if (auto valid = engine::ValidateWorkflow(*workflow, registry); !valid.ok()) {
        return std::move(valid).error();
    }
    return workflow;
}

}  // namespace

void Api::Handle(const ApiRequest& request, const Responder& respond) const {
    auto principal = Authenticate(request.authorization, verifier_, clock_.Now(), &tokens_);
    if (!principal.ok()) return respond(ErrorResponse(principal.error()));

    switch (request.route) {
        case RouteId::kListWorkflows:
            return respond(ListWorkflows(request));
        case RouteId::kCreateWorkflow:
            return respond(CreateWorkflow(request));
        case RouteId::kGetWorkflow:
            return respond(GetWorkflow(request));
        case RouteId::kUpdateWorkflow:
            return respond(UpdateWorkflow(request));
        case RouteId::kDeleteWorkflow:
            return respond(DeleteWorkflow(request));
        case RouteId::kListLogs:
            return respond(ListLogs(request));
        case RouteId::kExecuteWorkflow:
            return ExecuteWorkflow(request, std::move(principal->subject), respond);
    }
}

ApiResponse Api::ListWorkflows(const ApiRequest& request) const {
    auto page = ParsePageQuery(request);
    if (!page.ok()) return ErrorResponse(page.error());
    std::string search = QueryValue(request, "search");
    if (search.size() > kMaxSearchLength) {
        const std::string problem = fmt::format("must be at most {} bytes", kMaxSearchLength);
        return ErrorResponse(common::Error{
            common::ErrorCode::kInvalidArgument, "search " + problem, {{"search", problem}}});
    }

    auto listed = store_.ListWorkflowDocuments(storage::WorkflowFilter{std::move(search), *page});
    if (!listed.ok()) return ErrorResponse(listed.error());
    return ListResponse(listed->items, *page, listed->total);
}

ApiResponse Api::CreateWorkflow(const ApiRequest& request) const {
    auto workflow = ReadWorkflowBody(request, registry_, options_.max_body_bytes);
    if (!workflow.ok()) return ErrorResponse(workflow.error());
    workflow->id = common::NewId();
    workflow->created_at = clock_.Now();
    workflow->updated_at.reset();

    if (auto s = store_.CreateWorkflow(*workflow); !s.ok()) return ErrorResponse(s.error());
    return SuccessResponse("workflow created successfully", model::WorkflowToJson(*workflow), 201);
}

ApiResponse Api::GetWorkflow(const ApiRequest& request) const {
    if (!LooksLikeId(request.workflow_id)) {
        return ErrorResponse(WorkflowNotFound(request.workflow_id));
    }
    auto workflow = store_.GetWorkflow(request.workflow_id);
    if (!workflow.ok()) return ErrorResponse(workflow.error());
    return SuccessResponse("success", model::WorkflowToJson(*workflow));
}

ApiResponse Api::UpdateWorkflow(const ApiRequest& request) const {
    if (!LooksLikeId(request.workflow_id)) {
        return ErrorResponse(WorkflowNotFound(request.workflow_id));
    }
    auto workflow = ReadWorkflowBody(request, registry_, options_.max_body_bytes);
    if (!workflow.ok()) return ErrorResponse(workflow.error());
    auto existing = store_.GetWorkflow(request.workflow_id);
    if (!existing.ok()) return ErrorResponse(existing.error());

    workflow->id = existing->id;
    workflow->created_at = existing->created_at;
    workflow->updated_at = clock_.Now();
    if (auto s = store_.UpdateWorkflow(*workflow); !s.ok()) return ErrorResponse(s.error());
    return SuccessResponse("workflow updated successfully", model::WorkflowToJson(*workflow));
}

ApiResponse Api::DeleteWorkflow(const ApiRequest& request) const {
    if (!LooksLikeId(request.workflow_id)) {
        return ErrorResponse(WorkflowNotFound(request.workflow_id));
    }
    if (auto s = store_.DeleteWorkflow(request.workflow_id); !s.ok()) {
        return ErrorResponse(s.error());
    }
    ApiResponse response;
    response.body = Json{{"ok", true}, {"message", "workflow deleted successfully"}};
    return response;
}

ApiResponse Api::ListLogs(const ApiRequest& request) const {
    auto page = ParsePageQuery(request);
    if (!page.ok()) return ErrorResponse(page.error());
    if (!LooksLikeId(request.workflow_id)) {
        return ErrorResponse(WorkflowNotFound(request.workflow_id));
    }

    // An unknown workflow is a 404, not an empty history.
    auto workflow = store_.GetWorkflow(request.workflow_id);
    if (!workflow.ok()) return ErrorResponse(workflow.error());
    auto listed = store_.ListExecutions(request.workflow_id, *page);
    if (!listed.ok()) return ErrorResponse(listed.error());

    Json items = Json::array();
    for (const auto& e : listed->items) items.push_back(model::ExecutionToJson(e));
    return ListResponse(std::move(items), *page, listed->total);
}

void Api::ExecuteWorkflow(const ApiRequest& request, std::string subject,
                          const Responder& respond) const {
    if (!LooksLikeId(request.workflow_id)) {
        return respond(ErrorResponse(WorkflowNotFound(request.workflow_id)));
    }

    // An optional JSON body becomes the trigger payload, `{{trigger.body...}}`.
    Json payload = nullptr;
    if (!request.body.empty()) {
        auto body = ParseJsonBody(request, options_.max_body_bytes);
        if (!body.ok()) return respond(ErrorResponse(body.error()));
        payload = std::move(*body);
    }

    engine::RunRequest run{request.workflow_id,
                           engine::RunTrigger{"manual", std::move(subject), std::move(payload)}};
    auto done = [respond](common::Result<model::Execution> outcome) {
        if (!outcome.ok()) return respond(ErrorResponse(outcome.error()));
        const bool succeeded = outcome->status == model::RunStatus::kSuccess;
        respond(SuccessResponse(
            succeeded ? "workflow executed successfully" : "workflow executed with errors",
            model::ExecutionToJson(*outcome)));
    };
    if (auto s = engine_.Submit(std::move(run), std::move(done)); !s.ok()) {
        respond(ErrorResponse(s.error()));
    }
}

}  // namespace lenzflow::api
