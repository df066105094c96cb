#include "api/routes.hpp"

#include <array>
#include <vector>

namespace lenzflow::api {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> segments;
    size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        const size_t end = std::min(path.find('/', pos), path.size());
        segments.push_back(path.substr(pos, end - pos));
        pos = end;
    }
    return segments;
}

struct Choice {
    std::string_view method;
    RouteId route;
};

RouteMatch Pick(std::string_view method, std::initializer_list<Choice> choices) {
    RouteMatch match;
    for (const auto& c : choices) {
        if (c.method == method) {
            match.kind = RouteMatch::Kind::kFound;
            match.route = c.route;
            return match;
        }
        if (!match.allow.empty()) match.allow += ", ";
        match.allow += c.method;
    }
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
    return match;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = HexValue(text[i + 1]);
            const int lo = HexValue(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string_view RouteName(RouteId route) {
    switch (route) {
        case RouteId::kListWorkflows:
            return "list_workflows";
        case RouteId::kCreateWorkflow:
            return "create_workflow";
        case RouteId::kGetWorkflow:
            return "get_workflow";
        case RouteId::kUpdateWorkflow:
            return "update_workflow";
        case RouteId::kDeleteWorkflow:
            return "delete_workflow";
        case RouteId::kExecuteWorkflow:
            return "execute_workflow";
        case RouteId::kListLogs:
            return "list_logs";
    }
    return "unknown";
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
    const auto seg = SplitPath(path);
    if (seg.size() < 2 || seg[0] != "api" || seg[1] != "workflows" || seg.size() > 4) return {};

    if (seg.size() == 2) {
        return Pick(method, {{"GET", RouteId::kListWorkflows}, {"POST", RouteId::kCreateWorkflow}});
    }

    auto id = PercentDecode(seg[2], false);
    if (!id) return {};
    RouteMatch match;
    if (seg.size() == 3) {
        match = Pick(method, {{"GET", RouteId::kGetWorkflow},
                              {"PUT", RouteId::kUpdateWorkflow},
                              {"DELETE", RouteId::kDeleteWorkflow}});
    } else if (seg[3] == "execute") {
        match = Pick(method, {{"POST", RouteId::kExecuteWorkflow}});
    } else if (seg[3] == "logs") {
        match = Pick(method, {{"GET", RouteId::kListLogs}});
    } else {
        return {};
    }
    match.workflow_id = std::move(*id);
    return match;
}

}  // namespace lenzflow::api
