#include "nodes/http_request_node.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/time.hpp"
#include "integrations/loopback_http_server_for_testing.hpp"

namespace lenzflow::nodes {
namespace {

using namespace std::chrono_literals;
using common::ErrorCode;
using common::FieldError;
using integrations::ClosedLoopbackPortForTesting;
using integrations::LoopbackHttpServerForTesting;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxResponseBytes = 16 * 1024;

bool HasField(const std::vector<FieldError>& errors, std::string_view field) {
    for (const auto& error : errors) {
        if (error.field == field) return true;
    }
    return false;
}

std::string Fields(const std::vector<FieldError>& errors) {
    std::string out;
    for (const auto& error : errors) out += error.field + ": " + error.message + "; ";
    return out;
}

// The node against a peer on 127.0.0.1 serving the routes below from its own threads. The
// handler standing for a silent peer blocks until the fixture ends (at most 10 s).
class HttpRequestNodeTest : public ::testing::Test {
protected:
    void SetUp() override {
        httplib::Server& routes = server_.Routes();
        routes.Get("/json", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(R"({"name":"lenz","n":[1,2]})", "application/json");
        });
        routes.Get("/problem", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(R"({"title":"x"})", "Application/Problem+JSON; charset=utf-8");
        });
        routes.Get("/text", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("hello", "text/plain");
        });
        routes.Get("/bad-json", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("not json {", "application/json");
        });
        routes.Get("/invalid-utf8", [](const httplib::Request&, httplib::Response& response) {
            response.set_header("X-Bytes", "a\xff");
            response.set_content("ok \xff\xfe end \xe2\x82", "text/plain");
        });
        routes.Get("/invalid-utf8-json", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("{\"a\":\"\xc0\xaf\"}", "application/json");
        });
        routes.Get("/repeated", [](const httplib::Request&, httplib::Response& response) {
            response.set_header("Set-Cookie", "a=1");
            response.set_header("Set-Cookie", "b=2");
            response.set_content("", "text/plain");
        });
        const auto echo = [](const httplib::Request& request, httplib::Response& response) {
            Json headers = Json::object();
            for (const auto& [name, value] : request.headers) {
                headers[name] = headers.contains(name)
                                    ? headers[name].get<std::string>() + ", " + value
                                    : value;
            }
            const Json reply = {
                {"method", request.method}, {"body", request.body}, {"headers", headers}};
            response.set_content(reply.dump(), "application/json");
        };
        routes.Get("/echo", echo);
        routes.Post("/echo", echo);
        routes.Put("/echo", echo);
        routes.Get("/missing", [](const httplib::Request&, httplib::Response& response) {
            response.status = 404;
            response.set_content("no such\nthing " + std::string(500, 'z'), "text/plain");
        });
        routes.Get("/gone", [](const httplib::Request&, httplib::Response& response) {
            response.status = 410;
            std::string body;
            for (int i = 0; i < 300; ++i) body += "\xC3\xA9";  // é, two bytes each
            response.set_content(body, "text/plain");
        });
        routes.Get("/redirect", [](const httplib::Request&, httplib::Response& response) {
            response.set_redirect("/json");
        });
        routes.Get("/big", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(std::string(64 * 1024, 'x'), "text/plain");
        });
        routes.Get("/hang", [this](const httplib::Request&, httplib::Response& response) {
            server_.WaitForRelease(10s);
            response.set_content("late", "text/plain");
        });

        ASSERT_NO_FATAL_FAILURE(server_.Start());
    }

    void TearDown() override { server_.Stop(); }

    std::string Url(std::string_view path) const { return server_.Url(path); }

    common::Result<Json> Run(const Json& config, std::stop_token stop = {}) const {
        const NodeContext context{"workflow-1", "execution-1", "node-1", clock_, stop};
        return node_.Run(config, context);
    }

    const HttpRequestNode node_{kMaxResponseBytes};
    const common::SystemClock clock_;
    LoopbackHttpServerForTesting server_;
};

TEST_F(HttpRequestNodeTest, ParsesJsonBody) {
    const auto output = Run({{"url", Url("/json")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["status_code"], 200);
    EXPECT_EQ((*output)["body"], Json::parse(R"({"name":"lenz","n":[1,2]})"));
    EXPECT_EQ((*output)["headers"]["content-type"], "application/json");
}

TEST_F(HttpRequestNodeTest, ParsesPlusJsonMediaTypeWithParameters) {
    const auto output = Run({{"url", Url("/problem")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["body"], Json::parse(R"({"title":"x"})"));
}

TEST_F(HttpRequestNodeTest, ReturnsTextBody) {
    const auto output = Run({{"url", Url("/text")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["body"], "hello");
}

TEST_F(HttpRequestNodeTest, FallsBackToTextWhenJsonDoesNotParse) {
    const auto output = Run({{"url", Url("/bad-json")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["body"], "not json {");
}

TEST_F(HttpRequestNodeTest, ReplacesInvalidUtf8) {
    const auto output = Run({{"url", Url("/invalid-utf8")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    // Each maximal ill-formed subpart becomes one U+FFFD, the truncated "\xe2\x82" included.
    EXPECT_EQ((*output)["body"], "ok \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD");
    EXPECT_EQ((*output)["headers"]["x-bytes"], "a\xEF\xBF\xBD");
    EXPECT_NO_THROW(static_cast<void>(output->dump()));
}

TEST_F(HttpRequestNodeTest, TreatsJsonWithInvalidUtf8AsText) {
    const auto output = Run({{"url", Url("/invalid-utf8-json")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    ASSERT_TRUE((*output)["body"].is_string());
    EXPECT_EQ((*output)["body"], "{\"a\":\"\xEF\xBF\xBD\xEF\xBF\xBD\"}");
}

TEST_F(HttpRequestNodeTest, JoinsRepeatedResponseHeaders) {
    const auto output = Run({{"url", Url("/repeated")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["headers"]["set-cookie"], "a=1, b=2");
}

TEST_F(HttpRequestNodeTest, SendsJsonBodyWithContentType) {
    const auto output =
        Run({{"method", "post"}, {"url", Url("/echo")}, {"body", {{"x", 1}, {"y", "é"}}}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    const Json& echoed = (*output)["body"];
    EXPECT_EQ(echoed["method"], "POST");
    EXPECT_EQ(Json::parse(echoed["body"].get<std::string>()), Json({{"x", 1}, {"y", "é"}}));
    EXPECT_EQ(echoed["headers"]["Content-Type"], "application/json");
}

TEST_F(HttpRequestNodeTest, KeepsConfiguredContentType) {
    const auto output = Run({{"method", "PUT"},
                             {"url", Url("/echo")},
                             {"headers", {{"content-type", "application/vnd.lenz+json"}}},
                             {"body", Json::array({1, 2})}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    const Json& echoed = (*output)["body"];
    EXPECT_EQ(echoed["body"], "[1,2]");
    EXPECT_EQ(echoed["headers"]["content-type"], "application/vnd.lenz+json");
    EXPECT_FALSE(echoed["headers"].contains("Content-Type"));
}

TEST_F(HttpRequestNodeTest, SendsStringBodyAsIs) {
    const auto output = Run({{"method", "POST"},
                             {"url", Url("/echo")},
                             {"headers", {{"Content-Type", "application/x-www-form-urlencoded"}}},
                             {"body", "a=1&b={\"not\":\"parsed\"}"}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    const Json& echoed = (*output)["body"];
    EXPECT_EQ(echoed["body"], "a=1&b={\"not\":\"parsed\"}");
    EXPECT_EQ(echoed["headers"]["Content-Type"], "application/x-www-form-urlencoded");
}

TEST_F(HttpRequestNodeTest, SendsConfiguredHeaders) {
    const auto output =
        Run({{"url", Url("/echo")}, {"headers", {{"X-Api-Key", "k-123"}, {"Accept", "a/b"}}}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    const Json& echoed = (*output)["body"];
    EXPECT_EQ(echoed["method"], "GET");
    EXPECT_EQ(echoed["headers"]["X-Api-Key"], "k-123");
    EXPECT_EQ(echoed["headers"]["Accept"], "a/b");
}

TEST_F(HttpRequestNodeTest, FailsOnHttpErrorWithStatusUrlAndExcerpt) {
    const auto output = Run(
        {{"url", Url("/missing?token=abc")}, {"headers", {{"Authorization", "Bearer s3cr3t"}}}});

    ASSERT_FALSE(output.ok());
    const std::string& message = output.error().message;
    EXPECT_EQ(output.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(message.rfind(fmt::format("HTTP 404 from {}: no such thing zzz", Url("/missing")), 0),
              0u)
        << message;
    EXPECT_LT(message.size(), 300u) << message;
    EXPECT_EQ(message.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(message.find("abc"), std::string::npos);
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST_F(HttpRequestNodeTest, CutsErrorExcerptOnCharacterBoundary) {
    const auto output = Run({{"url", Url("/gone")}});

    ASSERT_FALSE(output.ok());
    const std::string& message = output.error().message;
    EXPECT_TRUE(message.ends_with("\xC3\xA9...")) << message;
    EXPECT_EQ(message.find("\xEF\xBF\xBD"), std::string::npos);  // no U+FFFD from the cut
    EXPECT_NO_THROW(static_cast<void>(Json(message).dump()));
}

TEST_F(HttpRequestNodeTest, ReturnsHttpErrorWhenNotFailing) {
    const auto output = Run({{"url", Url("/missing")}, {"fail_on_http_error", false}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["status_code"], 404);
    EXPECT_TRUE((*output)["body"].get<std::string>().starts_with("no such\nthing"));
}

TEST_F(HttpRequestNodeTest, TreatsRedirectAsNonSuccess) {
    const auto failed = Run({{"url", Url("/redirect")}});
    const auto kept = Run({{"url", Url("/redirect")}, {"fail_on_http_error", false}});

    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("HTTP 302"), std::string::npos);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_EQ((*kept)["status_code"], 302);
    EXPECT_TRUE((*kept)["headers"].contains("location"));
}

TEST_F(HttpRequestNodeTest, HeadReturnsEmptyBody) {
    const auto output = Run({{"method", "head"}, {"url", Url("/big")}});

    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_EQ((*output)["status_code"], 200);
    EXPECT_EQ((*output)["body"], "");
}

TEST_F(HttpRequestNodeTest, TimesOut) {
    const auto start = SteadyClock::now();
    const auto output = Run({{"url", Url("/hang")}, {"timeout_ms", 200}});
    const auto elapsed = SteadyClock::now() - start;

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().code, ErrorCode::kTimeout);
    EXPECT_LT(elapsed, 2s);
}

TEST_F(HttpRequestNodeTest, FailsOnResponseOverLimit) {
    const auto output = Run({{"url", Url("/big")}});

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().code, ErrorCode::kPayloadTooLarge);
    EXPECT_NE(output.error().message.find(
                  fmt::format("response larger than {} bytes", kMaxResponseBytes)),
              std::string::npos)
        << output.error().message;
}

TEST_F(HttpRequestNodeTest, StopsWhenRunIsCancelled) {
    std::stop_source stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    });

    const auto start = SteadyClock::now();
    const auto output = Run({{"url", Url("/hang")}}, stop.get_token());
    const auto elapsed = SteadyClock::now() - start;
    canceller.join();

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().code, ErrorCode::kCancelled);
    EXPECT_LT(elapsed, 750ms);
}

TEST(HttpRequestNode, ConnectionRefusedIsUnavailable) {
    const common::SystemClock clock;
    const NodeContext context{"w", "e", "n", clock, {}};
    const HttpRequestNode node(kMaxResponseBytes);

    const auto output = node.Run(
        {{"url", fmt::format("http://127.0.0.1:{}/x", ClosedLoopbackPortForTesting())}}, context);

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().code, ErrorCode::kUnavailable);
}

TEST(HttpRequestNode, KeepsUrlSecretsOutOfErrors) {
    const common::SystemClock clock;
    const NodeContext context{"w", "e", "n", clock, {}};
    const HttpRequestNode node(kMaxResponseBytes);
    const std::string url =
        fmt::format("http://user:secret@127.0.0.1:{}/x?token=abc", ClosedLoopbackPortForTesting());

    const auto output = node.Run({{"url", url}}, context);

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().message.find("secret"), std::string::npos) << output.error().message;
    EXPECT_EQ(output.error().message.find("abc"), std::string::npos) << output.error().message;
}

TEST(HttpRequestNode, RunRejectsUnrenderedTemplateWithoutConnecting) {
    const common::SystemClock clock;
    const NodeContext context{"w", "e", "n", clock, {}};
    const HttpRequestNode node(kMaxResponseBytes);

    const auto output = node.Run({{"url", "{{prev.body.url}}"}, {"timeout_ms", "{{x}}"}}, context);

    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(HasField(output.error().fields, "url")) << Fields(output.error().fields);
    EXPECT_TRUE(HasField(output.error().fields, "timeout_ms")) << Fields(output.error().fields);
}

class HttpRequestNodeValidation : public ::testing::Test {
protected:
    std::vector<FieldError> Validate(const Json& config) const {
        return node_.ValidateConfig(config);
    }

    const HttpRequestNode node_{kMaxResponseBytes};
};

TEST_F(HttpRequestNodeValidation, AcceptsMinimalAndFullConfigs) {
    EXPECT_TRUE(Validate({{"url", "https://example.com"}}).empty());
    const auto errors = Validate({{"method", "patch"},
                                  {"url", "http://example.com:8080/a?b=c"},
                                  {"headers", {{"X-Key", "v"}, {"Accept", ""}}},
                                  {"body", {{"any", Json::array({1, "two", nullptr})}}},
                                  {"timeout_ms", 300000},
                                  {"fail_on_http_error", false}});
    EXPECT_TRUE(errors.empty()) << Fields(errors);
}

TEST_F(HttpRequestNodeValidation, RequiresUrl) {
    for (const Json& config : {Json::object(), Json(), Json{{"url", nullptr}}}) {
        const auto errors = Validate(config);

        ASSERT_EQ(errors.size(), 1u) << config.dump() << ": " << Fields(errors);
        EXPECT_EQ(errors[0].field, "url");
        EXPECT_EQ(errors[0].message, "is required");
    }
}

TEST_F(HttpRequestNodeValidation, RejectsUrlsThatAreNotHttp) {
    for (const char* url : {"ftp://example.com/", "example.com/path", "file:///etc/passwd",
                            "http://", "https://exa mple.com/"}) {
        EXPECT_TRUE(HasField(Validate({{"url", url}}), "url")) << url;
    }
    EXPECT_TRUE(HasField(Validate({{"url", 42}}), "url"));
}

TEST_F(HttpRequestNodeValidation, AcceptsTemplatedValuesAtSaveTime) {
    const auto errors = Validate({{"method", "{{trigger.body.method}}"},
                                  {"url", "https://{{trigger.body.host}}/hooks"},
                                  {"timeout_ms", "{{trigger.body.timeout}}"},
                                  {"headers", {{"Authorization", "Bearer {{trigger.body.t}}"}}}});
    EXPECT_TRUE(errors.empty()) << Fields(errors);
    EXPECT_TRUE(Validate({{"url", "{{prev.body.url}}"}}).empty());
}

TEST_F(HttpRequestNodeValidation, RejectsUnknownMethod) {
    EXPECT_TRUE(HasField(Validate({{"url", "http://x.test"}, {"method", "FETCH"}}), "method"));
    EXPECT_TRUE(HasField(Validate({{"url", "http://x.test"}, {"method", 1}}), "method"));
    EXPECT_TRUE(Validate({{"url", "http://x.test"}, {"method", "options"}}).empty());
}

TEST_F(HttpRequestNodeValidation, RejectsTimeoutOutOfRange) {
    for (const Json& timeout : {Json(0), Json(-1), Json(300001), Json(1.5), Json("30"),
                                Json(18446744073709551615ull), Json(nullptr)}) {
        const auto errors = Validate({{"url", "http://x.test"}, {"timeout_ms", timeout}});

        ASSERT_EQ(errors.size(), 1u) << timeout.dump();
        EXPECT_EQ(errors[0].field, "timeout_ms");
    }
    EXPECT_TRUE(Validate({{"url", "http://x.test"}, {"timeout_ms", 1}}).empty());
}

TEST_F(HttpRequestNodeValidation, RejectsUnknownField) {
    const auto errors = Validate({{"url", "http://x.test"}, {"uri", "http://x.test"}});

    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "uri");
    EXPECT_EQ(errors[0].message, "unknown field");
}

TEST_F(HttpRequestNodeValidation, RejectsBadHeaders) {
    const auto errors = Validate({{"url", "http://x.test"},
                                  {"headers",
                                   {{"X-Split", "a\r\nX-Injected: 1"},
                                    {"Bad Name", "v"},
                                    {"X-Number", 1},
                                    {"content-length", "5"},
                                    {"X-Fine", "ok"}}}});

    EXPECT_EQ(errors.size(), 4u) << Fields(errors);
    EXPECT_TRUE(HasField(errors, "headers.X-Split"));
    EXPECT_TRUE(HasField(errors, "headers.Bad Name"));
    EXPECT_TRUE(HasField(errors, "headers.X-Number"));
    EXPECT_TRUE(HasField(errors, "headers.content-length"));
    EXPECT_TRUE(HasField(Validate({{"url", "http://x.test"}, {"headers", "X: y"}}), "headers"));
}

TEST_F(HttpRequestNodeValidation, RejectsBodyOnHead) {
    EXPECT_TRUE(
        HasField(Validate({{"url", "http://x.test"}, {"method", "HEAD"}, {"body", "x"}}), "body"));
    EXPECT_TRUE(
        Validate({{"url", "http://x.test"}, {"method", "HEAD"}, {"body", nullptr}}).empty());
}

TEST_F(HttpRequestNodeValidation, RejectsNonBooleanFailFlag) {
    EXPECT_TRUE(HasField(Validate({{"url", "http://x.test"}, {"fail_on_http_error", "no"}}),
                         "fail_on_http_error"));
}

TEST_F(HttpRequestNodeValidation, RejectsConfigThatIsNotAnObject) {
    EXPECT_FALSE(Validate(Json::array()).empty());
}

}  // namespace
}  // namespace lenzflow::nodes
