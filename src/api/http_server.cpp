#include "api/http_server.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <restinio/all.hpp>

#include "api/error_status.hpp"
#include "api/routes.hpp"
#include "common/log.hpp"

namespace lenzflow::api {

namespace {

using Clock = std::chrono::steady_clock;
using ServerHandle = restinio::running_server_handle_t<restinio::default_traits_t>;

// RESTinio closes the connection, without an answer, on a body over its own limit. It is set
// this many times above ours so that most oversized bodies still get a proper 413.
constexpr size_t kHardBodyLimitFactor = 8;

const char* ReasonPhrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Payload Too Large";
        case 415:
            return "Unsupported Media Type";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Unknown";
    }
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = 0;
    while (pos <= query.size() && !query.empty()) {
        const size_t end = std::min(query.find('&', pos), query.size());
        const std::string_view pair = query.substr(pos, end - pos);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            auto key = PercentDecode(pair.substr(0, eq), true);
            auto value =
                PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
            // An undecodable parameter is kept raw; the handler then rejects its value.
            out.emplace_back(key ? *key : std::string(pair.substr(0, eq)),
                             value ? *value : std::string(pair.substr(eq + 1)));
        }
        pos = end + 1;
    }
    return out;
}

// A caller-supplied X-Request-Id is echoed when it is a short plain token; otherwise we make one.
std::string RequestId(const restinio::request_handle_t& req) {
    static std::atomic<uint64_t> counter{0};
    const auto given = req->header().get_field_or("X-Request-Id", "");
    const bool usable = !given.empty() && given.size() <= 64 &&
                        std::all_of(given.begin(), given.end(), [](unsigned char c) {
                            return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                        });
    if (usable) return std::string(given);
    return fmt::format("r{:x}", counter.fetch_add(1) + 1);
}

void Send(const restinio::request_handle_t& req, const ApiResponse& response,
          const std::string& request_id) {
    auto builder = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        ReasonPhrase(response.status)});
    builder.append_header(restinio::http_field::content_type, "application/json; charset=utf-8");
    builder.append_header("X-Request-Id", request_id);
    for (const auto& [name, value] : response.headers) builder.append_header(name, value);
    // Replace invalid UTF-8 rather than throw: a node's output may carry arbitrary bytes.
    if (!response.raw_body.empty()) {
        builder.set_body(response.raw_body);
    } else {
        builder.set_body(response.body.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    builder.done();
}

}  // namespace

struct HttpServer::Impl {
    ServerHandle handle;
};

HttpServer::HttpServer(const Api& api, HttpServerOptions options)
    : api_(api), options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

HttpServer::~HttpServer() { Stop(); }

common::Status HttpServer::Start() {
    auto handler = [this](const restinio::request_handle_t& req) {
        const auto started = Clock::now();
        const std::string request_id = RequestId(req);
        const std::string method{req->header().method().c_str()};
        const std::string path{req->header().path()};
        const RouteMatch match = MatchRoute(method, path);
        const std::string_view route = path == "/healthz" ? "healthz"
                                       : match.kind == RouteMatch::Kind::kFound
                                           ? RouteName(match.route)
                                           : "none";

        // Logs once, when the answer goes out: on this thread or on an engine worker.
        auto respond = [req, request_id, method, route, path, started](ApiResponse response) {
            Send(req, response, request_id);
            const double ms =
                std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            const auto level = response.status >= 500   ? spdlog::level::err
                               : response.status >= 400 ? spdlog::level::warn
                                                        : spdlog::level::info;
            spdlog::log(level,
                        "event=request request_id={} method={} route={} path={} status={} "
                        "ms={:.3f}",
                        request_id, method, route, common::LogValue(path), response.status, ms);
        };

        if (draining_.load()) {
            respond(ErrorResponse(
                common::MakeError(common::ErrorCode::kUnavailable, "server is shutting down")));
            return restinio::request_accepted();
        }
        if (path == "/healthz") {
            ApiResponse ok;
            ok.body = Json{{"ok", true}, {"message", "ready"}};
            respond(ok);
            return restinio::request_accepted();
        }

        if (match.kind != RouteMatch::Kind::kFound) {
            ApiResponse response;
            if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
                response.status = 405;
                response.body =
                    Json{{"ok", false},
                         {"message", fmt::format("method {} not allowed on {}", method, path)}};
                response.headers.emplace_back("Allow", match.allow);
            } else {
                response.status = 404;
                response.body = Json{{"ok", false}, {"message", "no such endpoint"}};
            }
            respond(std::move(response));
            return restinio::request_accepted();
        }

        ApiRequest request;
        request.route = match.route;
        request.workflow_id = match.workflow_id;
        request.query = ParseQuery(req->header().query());
        request.authorization = req->header().get_field_or(restinio::http_field::authorization, "");
        request.content_type = req->header().get_field_or(restinio::http_field::content_type, "");
        request.body = req->body();
        try {
            api_.Handle(request, respond);
        } catch (const std::exception& e) {
            // A bug: answer, log, and keep serving.
            spdlog::error("event=handler_exception request_id={} what={}", request_id,
                          common::LogValue(e.what()));
            respond(ErrorResponse(
                common::MakeError(common::ErrorCode::kInternal, "internal server error")));
        }
        return restinio::request_accepted();
    };

    auto settings =
        restinio::server_settings_t<restinio::default_traits_t>{}
            .address(options_.host)
            .port(options_.port)
            .request_handler(std::move(handler))
            .read_next_http_message_timelimit(std::chrono::seconds(60))
            .handle_request_timeout(options_.request_timeout)
            .write_http_response_timelimit(std::chrono::seconds(60))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(
                options_.max_body_bytes * kHardBodyLimitFactor))
            .cleanup_func([] {});
    try {
        impl_->handle = restinio::run_async(restinio::own_io_context(), std::move(settings),
                                            options_.io_threads);
    } catch (const std::exception& e) {
        return common::MakeError(
            common::ErrorCode::kUnavailable,
            fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port, e.what()));
    }
    return common::Status::Ok();
}

void HttpServer::Stop() {
    if (!impl_->handle) return;
    impl_->handle->stop();
    impl_->handle->wait();
    impl_->handle.reset();
}

}  // namespace lenzflow::api
