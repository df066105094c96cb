#include "integrations/http_client.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "integrations/loopback_http_server_for_testing.hpp"

namespace lenzflow::integrations {
namespace {

using namespace std::chrono_literals;
using common::ErrorCode;
using Clock = std::chrono::steady_clock;

// A peer on 127.0.0.1 serving the routes below from its own threads. Handlers that stand for a
// silent peer block until the fixture ends (at most 10 s), so tear-down never waits long.
class HttpClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        httplib::Server& routes = server_.Routes();
        routes.Get("/json", [](const httplib::Request&, httplib::Response& response) {
            response.set_header("X-Reply", "yes");
            response.set_content(R"({"a":1})", "application/json");
        });
        const auto echo = [this](const httplib::Request& request, httplib::Response& response) {
            ++requests_seen_;
            nlohmann::json headers = nlohmann::json::object();
            for (const auto& [name, value] : request.headers) headers[name] = value;
            const nlohmann::json reply = {
                {"method", request.method}, {"body", request.body}, {"headers", headers}};
            response.status = 201;
            response.set_content(reply.dump(), "application/json");
        };
        routes.Get("/echo", echo);
        routes.Post("/echo", echo);
        routes.Put("/echo", echo);
        routes.Patch("/echo", echo);
        routes.Delete("/echo", echo);
        routes.Options("/echo", echo);
        routes.Get("/redirect", [](const httplib::Request&, httplib::Response& response) {
            response.set_redirect("/json");
        });
        routes.Get("/to-file", [](const httplib::Request&, httplib::Response& response) {
            response.set_redirect("file:///etc/passwd");
        });
        routes.Get("/hang", [this](const httplib::Request&, httplib::Response& response) {
            server_.WaitForRelease(10s);
            response.set_content("late", "text/plain");
        });
        routes.Get("/big", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(std::string(64 * 1024, 'x'), "text/plain");
        });
        routes.Get("/big-chunked", [](const httplib::Request&, httplib::Response& response) {
            response.set_chunked_content_provider("text/plain",
                                                  [](size_t offset, httplib::DataSink& sink) {
                                                      if (offset >= 64 * 1024) {
                                                          sink.done();
                                                          return true;
                                                      }
                                                      const std::string chunk(4096, 'x');
                                                      return sink.write(chunk.data(), chunk.size());
                                                  });
        });

        ASSERT_NO_FATAL_FAILURE(server_.Start());
    }

    void TearDown() override { server_.Stop(); }

    std::string Url(std::string_view path) const { return server_.Url(path); }

    HttpRequest Get(std::string_view path) const {
        HttpRequest request;
        request.url = Url(path);
        request.timeout = 5s;
        return request;
    }

    LoopbackHttpServerForTesting server_;
    std::atomic<int> requests_seen_{0};
};

TEST_F(HttpClientTest, ReturnsStatusLowerCasedHeadersAndBody) {
    const auto response = Send(Get("/json"), {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, R"({"a":1})");
    const auto has = [&](std::string_view name, std::string_view value) {
        for (const auto& [n, v] : response->headers) {
            if (n == name && v == value) return true;
        }
        return false;
    };
    EXPECT_TRUE(has("x-reply", "yes"));
    EXPECT_TRUE(has("content-type", "application/json"));
}

TEST_F(HttpClientTest, SendsMethodHeadersAndBody) {
    for (const std::string method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        HttpRequest request = Get("/echo");
        request.method = method;
        request.headers = {{"X-Key", "k1"}, {"Content-Type", "text/plain"}};
        // cpp-httplib reads no body for GET and OPTIONS.
        request.body = method == "GET" || method == "OPTIONS" ? "" : "payload of " + method;

        const auto response = Send(request, {});

        ASSERT_TRUE(response.ok()) << method << ": " << response.error().message;
        EXPECT_EQ(response->status, 201) << method;
        const auto echoed = nlohmann::json::parse(response->body);
        EXPECT_EQ(echoed["method"], method);
        EXPECT_EQ(echoed["body"], request.body);
        EXPECT_EQ(echoed["headers"]["X-Key"], "k1");
        EXPECT_EQ(echoed["headers"]["Content-Type"], "text/plain");
    }
}

TEST_F(HttpClientTest, AddsNoContentTypeOrExpectOfItsOwn) {
    HttpRequest request = Get("/echo");
    request.method = "POST";
    request.body = std::string(4096, 'b');  // large enough for curl to want Expect: 100-continue

    const auto response = Send(request, {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    const auto echoed = nlohmann::json::parse(response->body);
    EXPECT_FALSE(echoed["headers"].contains("Content-Type"));
    EXPECT_FALSE(echoed["headers"].contains("Expect"));
    EXPECT_EQ(echoed["body"], request.body);
}

TEST_F(HttpClientTest, HeadReturnsHeadersWithoutBody) {
    HttpRequest request = Get("/big");
    request.method = "HEAD";
    request.max_response_bytes = 1024;  // the declared length must not count for HEAD

    const auto response = Send(request, {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->body.empty());
}

TEST_F(HttpClientTest, ReturnsRedirectWithoutFollowingByDefault) {
    const auto response = Send(Get("/redirect"), {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 302);
    bool has_location = false;
    for (const auto& [name, value] : response->headers) has_location |= name == "location";
    EXPECT_TRUE(has_location);
}

TEST_F(HttpClientTest, FollowsRedirectsWhenAsked) {
    HttpRequest request = Get("/redirect");
    request.max_redirects = 1;

    const auto response = Send(request, {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, R"({"a":1})");
    for (const auto& [name, value] : response->headers) EXPECT_NE(name, "location");
}

TEST_F(HttpClientTest, RefusesRedirectToNonHttpScheme) {
    HttpRequest request = Get("/to-file");
    request.max_redirects = 1;

    const auto response = Send(request, {});

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
}

TEST_F(HttpClientTest, TimesOut) {
    HttpRequest request = Get("/hang");
    request.timeout = 200ms;

    const auto start = Clock::now();
    const auto response = Send(request, {});
    const auto elapsed = Clock::now() - start;

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
    EXPECT_NE(response.error().message.find(Url("/hang")), std::string::npos)
        << response.error().message;
    EXPECT_LT(elapsed, 2s);
}

TEST_F(HttpClientTest, RejectsDeclaredLengthOverLimit) {
    HttpRequest request = Get("/big");
    request.max_response_bytes = 1024;

    const auto response = Send(request, {});

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kPayloadTooLarge);
    EXPECT_NE(response.error().message.find("response larger than 1024 bytes"), std::string::npos)
        << response.error().message;
}

TEST_F(HttpClientTest, RejectsChunkedBodyOverLimit) {
    HttpRequest request = Get("/big-chunked");
    request.max_response_bytes = 10000;

    const auto response = Send(request, {});

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kPayloadTooLarge);
}

TEST_F(HttpClientTest, AcceptsChunkedBodyUnderLimit) {
    const auto response = Send(Get("/big-chunked"), {});

    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body.size(), 64u * 1024u);
}

TEST_F(HttpClientTest, CancelsPromptlyWhilePeerIsSilent) {
    std::stop_source stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    });

    const auto start = Clock::now();
    const auto response = Send(Get("/hang"), stop.get_token());
    const auto elapsed = Clock::now() - start;
    canceller.join();

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kCancelled);
    // curl's own progress callback would notice only after about a second.
    EXPECT_LT(elapsed, 750ms);
}

TEST_F(HttpClientTest, DoesNotConnectWhenAlreadyCancelled) {
    std::stop_source stop;
    stop.request_stop();

    const auto response = Send(Get("/echo"), stop.get_token());

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kCancelled);
    EXPECT_EQ(requests_seen_.load(), 0);
}

TEST_F(HttpClientTest, ServesConcurrentCallers) {
    std::atomic<int> successes{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 4; ++i) {
        callers.emplace_back([&] {
            for (int j = 0; j < 10; ++j) {
                const auto response = Send(Get("/json"), {});
                if (response.ok() && response->status == 200) ++successes;
            }
        });
    }
    for (auto& caller : callers) caller.join();

    EXPECT_EQ(successes.load(), 40);
}

TEST(HttpClient, ConnectionRefusedIsUnavailable) {
    HttpRequest request;
    request.url = fmt::format("http://127.0.0.1:{}/x", ClosedLoopbackPortForTesting());
    request.timeout = 5s;

    const auto response = Send(request, {});

    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(response.error().message.find("GET http://127.0.0.1:"), std::string::npos)
        << response.error().message;
}

TEST(HttpClient, KeepsUrlSecretsOutOfErrors) {
    HttpRequest request;
    request.url = fmt::format("http://user:secret@127.0.0.1:{}/x?token=abc#frag",
                              ClosedLoopbackPortForTesting());
    request.timeout = 5s;

    const auto response = Send(request, {});

    ASSERT_FALSE(response.ok());
    const std::string& message = response.error().message;
    EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    EXPECT_EQ(message.find("abc"), std::string::npos) << message;
    EXPECT_EQ(message.find("user"), std::string::npos) << message;
    EXPECT_NE(message.find("/x"), std::string::npos) << message;
}

TEST(HttpClient, RejectsNonHttpUrls) {
    for (const char* url : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/",
                            "127.0.0.1/x", "http://", "not a url", ""}) {
        HttpRequest request;
        request.url = url;

        const auto response = Send(request, {});

        ASSERT_FALSE(response.ok()) << url;
        EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << url;
    }
}

TEST(HttpClient, RejectsMalformedRequests) {
    const auto make = [](auto change) {
        HttpRequest request;
        request.url = "http://127.0.0.1:1/";
        change(request);
        return request;
    };
    const std::vector<HttpRequest> requests = {
        make([](HttpRequest& r) {
            r.headers = {{"X-Evil", "a\r\nX-Injected: 1"}};
        }),
        make([](HttpRequest& r) {
            r.headers = {{"Bad Name", "v"}};
        }),
        make([](HttpRequest& r) { r.method = "GET /x HTTP/1.1\r\n"; }),
        make([](HttpRequest& r) {
            r.method = "HEAD";
            r.body = "x";
        }),
        make([](HttpRequest& r) { r.timeout = 0ms; }),
        make([](HttpRequest& r) { r.max_redirects = kMaxRedirects + 1; }),
    };

    for (const HttpRequest& request : requests) {
        const auto response = Send(request, {});

        ASSERT_FALSE(response.ok());
        EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << response.error().message;
        EXPECT_EQ(response.error().message.find("\r"), std::string::npos);
    }
}

TEST(HttpClient, ChecksHttpUrls) {
    EXPECT_TRUE(CheckHttpUrl("http://example.com").ok());
    EXPECT_TRUE(CheckHttpUrl("HTTPS://example.com:8443/a/b?c=d#e").ok());
    EXPECT_TRUE(CheckHttpUrl("http://[::1]:8080/").ok());
    EXPECT_TRUE(CheckHttpUrl("http://user:pass@example.com/").ok());

    EXPECT_FALSE(CheckHttpUrl("example.com/x").ok());
    EXPECT_FALSE(CheckHttpUrl("mailto:someone@example.com").ok());
    EXPECT_FALSE(CheckHttpUrl("file:///etc/passwd").ok());
    EXPECT_FALSE(CheckHttpUrl("http://exa mple.com/").ok());
    EXPECT_FALSE(CheckHttpUrl("http://example.com/\r\nX: y").ok());
    EXPECT_FALSE(CheckHttpUrl(std::string_view("http://a\0b", 10)).ok());
    const auto bad_scheme = CheckHttpUrl("ftp://user:hunter2@example.com/");
    ASSERT_FALSE(bad_scheme.ok());
    EXPECT_EQ(bad_scheme.error().message.find("hunter2"), std::string::npos);
}

TEST(HttpClient, RedactsUrls) {
    EXPECT_EQ(RedactUrl("https://user:pw@example.com:8443/a/b?token=t#frag"),
              "https://example.com:8443/a/b");
    EXPECT_EQ(RedactUrl("http://example.com"), "http://example.com/");
    EXPECT_EQ(RedactUrl("http://[::1]:80/x"), "http://[::1]:80/x");
    EXPECT_EQ(RedactUrl("not a url with secret"), "(invalid URL)");
}

TEST(HttpClient, RecognisesTokensAndHeaderValues) {
    EXPECT_TRUE(IsHttpToken("X-Api-Key"));
    EXPECT_TRUE(IsHttpToken("PATCH"));
    EXPECT_FALSE(IsHttpToken(""));
    EXPECT_FALSE(IsHttpToken("X Key"));
    EXPECT_FALSE(IsHttpToken("X:Key"));
    EXPECT_FALSE(IsHttpToken("Ключ"));

    EXPECT_TRUE(IsValidHeaderValue(""));
    EXPECT_TRUE(IsValidHeaderValue("Bearer abc\tdef"));
    EXPECT_TRUE(IsValidHeaderValue("caf\xc3\xa9"));
    EXPECT_FALSE(IsValidHeaderValue("a\r\nb"));
    EXPECT_FALSE(IsValidHeaderValue("a\nb"));
    EXPECT_FALSE(IsValidHeaderValue(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace lenzflow::integrations
