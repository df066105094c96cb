#include "api/routes.hpp"

#include <gtest/gtest.h>

namespace lenzflow::api {
namespace {

using Kind = RouteMatch::Kind;

TEST(RoutesTest, MatchesEveryDocumentedRoute) {
    struct Case {
        const char* method;
        const char* path;
        RouteId route;
    };
    const Case cases[] = {
        {"GET", "/api/workflows", RouteId::kListWorkflows},
        {"POST", "/api/workflows", RouteId::kCreateWorkflow},
        {"GET", "/api/workflows/abc", RouteId::kGetWorkflow},
        {"PUT", "/api/workflows/abc", RouteId::kUpdateWorkflow},
        {"DELETE", "/api/workflows/abc", RouteId::kDeleteWorkflow},
        {"POST", "/api/workflows/abc/execute", RouteId::kExecuteWorkflow},
        {"GET", "/api/workflows/abc/logs", RouteId::kListLogs},
    };
    for (const auto& c : cases) {
        const auto m = MatchRoute(c.method, c.path);
        EXPECT_EQ(m.kind, Kind::kFound) << c.method << " " << c.path;
        EXPECT_EQ(m.route, c.route) << c.method << " " << c.path;
    }
    EXPECT_EQ(MatchRoute("GET", "/api/workflows/abc/logs").workflow_id, "abc");
}

TEST(RoutesTest, NamesEveryRoute) {
    EXPECT_EQ(RouteName(RouteId::kExecuteWorkflow), "execute_workflow");
    EXPECT_EQ(RouteName(RouteId::kListLogs), "list_logs");
    EXPECT_EQ(RouteName(RouteId::kListWorkflows), "list_workflows");
}

TEST(RoutesTest, ToleratesTrailingSlash) {
    EXPECT_EQ(MatchRoute("GET", "/api/workflows/").kind, Kind::kFound);
    EXPECT_EQ(MatchRoute("GET", "/api/workflows/x/").workflow_id, "x");
}

TEST(RoutesTest, ReportsMethodNotAllowedWithAllow) {
    const auto m = MatchRoute("PATCH", "/api/workflows/abc");
    EXPECT_EQ(m.kind, Kind::kMethodNotAllowed);
    EXPECT_EQ(m.allow, "GET, PUT, DELETE");
    EXPECT_EQ(MatchRoute("GET", "/api/workflows/abc/execute").allow, "POST");
}

TEST(RoutesTest, RejectsUnknownPaths) {
    for (const char* p : {"/", "/api", "/api/flows", "/api/workflows/a/b",
                          "/api/workflows/a/logs/b", "/api/workflows/%zz"}) {
        EXPECT_EQ(MatchRoute("GET", p).kind, Kind::kNoSuchPath) << p;
    }
}

TEST(RoutesTest, DecodesTheIdSegment) {
    EXPECT_EQ(MatchRoute("GET", "/api/workflows/a%20b").workflow_id, "a b");
}

TEST(RoutesTest, PercentDecodeHandlesEscapesAndPlus) {
    EXPECT_EQ(PercentDecode("a%2Fb+c", true), "a/b c");
    EXPECT_EQ(PercentDecode("a+c", false), "a+c");
    EXPECT_FALSE(PercentDecode("%4", true).has_value());
    EXPECT_FALSE(PercentDecode("%", true).has_value());
    EXPECT_FALSE(PercentDecode("%g0", true).has_value());
}

}  // namespace
}  // namespace lenzflow::api
