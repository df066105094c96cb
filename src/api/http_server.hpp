// The HTTP listener: turns HTTP requests into ApiRequests for Api::Handle and writes the
// responses back, logging one line per request. RESTinio stays inside http_server.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/handlers.hpp"
#include "common/result.hpp"

namespace lenzflow::api {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;
    size_t io_threads = 4;
    size_t max_body_bytes = 1024 * 1024;         // larger bodies get 413 (see kHardBodyLimitFactor)
    std::chrono::seconds request_timeout{1800};  // the longest a synchronous /execute may take
};

/// Started by Start, stopped by Stop or the destructor. Start/Stop/Drain come from one thread.
class HttpServer {
public:
    HttpServer(const Api& api, HttpServerOptions options);
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts serving on the I/O threads; kUnavailable when the address cannot be
    /// bound. Returns once the server accepts connections.
    common::Status Start();

    /// New requests get 503 from now on; requests already inside the API finish normally.
    void Drain() { draining_.store(true); }

    /// Closes the listener and every connection; waits for the I/O threads.
    void Stop();

private:
    struct Impl;

    const Api& api_;
    HttpServerOptions options_;
    std::atomic<bool> draining_{false};
    std::unique_ptr<Impl> impl_;
};

}  // namespace lenzflow::api
