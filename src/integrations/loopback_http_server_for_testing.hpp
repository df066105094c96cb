// Test support: a real HTTP peer on 127.0.0.1 for tests of outbound HTTP, serving the routes a
// test registers from threads of its own. Handlers that stand for a silent peer call
// WaitForRelease, which returns once Stop runs, so tear-down never waits long.
//
// Usage: register routes on Routes(), then ASSERT_NO_FATAL_FAILURE(server.Start()) in SetUp and
// server.Stop() in TearDown; point requests at Url(path).
//
// Lifetime: Stop (also run by the destructor) releases waiting handlers, stops the server and
// joins its threads, so no handler runs after it returns; call it before anything the handlers
// capture is destroyed. Thread safety: register routes before Start; WaitForRelease may be called
// from any handler thread; Start and Stop belong to the test thread.
//
// This is the only place tests include <httplib.h>: include it through this header.
#pragma once

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

// Debian builds libcpp-httplib with these (see cpp-httplib.pc); the layout of httplib::Request
// depends on them, so the tests must agree with the library.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#include <httplib.h>

namespace lenzflow::integrations {

/// A port on 127.0.0.1 that nothing listens on: bound once by the kernel's choice, then released.
inline int ClosedLoopbackPortForTesting() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
                    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    if (fd >= 0) close(fd);
    return ok ? ntohs(address.sin_port) : 1;
}

class LoopbackHttpServerForTesting {
public:
    LoopbackHttpServerForTesting() = default;
    ~LoopbackHttpServerForTesting() { Stop(); }
    LoopbackHttpServerForTesting(const LoopbackHttpServerForTesting&) = delete;
    LoopbackHttpServerForTesting& operator=(const LoopbackHttpServerForTesting&) = delete;

    /// Where routes go; register them all before Start.
    httplib::Server& Routes() { return server_; }

    /// Binds a free port on 127.0.0.1 and serves from a thread of its own. Call once; it reports
    /// failure through gtest assertions, so wrap it in ASSERT_NO_FATAL_FAILURE.
    void Start() {
        using namespace std::chrono_literals;

        port_ = server_.bind_to_any_port("127.0.0.1");
        ASSERT_GT(port_, 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });

        // stop() only works once the accept loop runs.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        ASSERT_TRUE(server_.is_running());
    }

    /// Releases handlers blocked in WaitForRelease, stops the server and joins its thread. Safe to
    /// call more than once, and when Start failed or never ran.
    void Stop() {
        {
            const std::lock_guard lock(mutex_);
            released_ = true;
        }
        released_cv_.notify_all();
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }

    /// Blocks the calling handler until Stop runs or `timeout` passes, whichever comes first.
    void WaitForRelease(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        released_cv_.wait_for(lock, timeout, [this] { return released_; });
    }

    /// `path` (starting with '/', query allowed) on this server.
    std::string Url(std::string_view path) const {
        return fmt::format("http://127.0.0.1:{}{}", port_, path);
    }

private:
    httplib::Server server_;
    int port_ = -1;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable released_cv_;
    bool released_ = false;  // guarded by mutex_
};

}  // namespace lenzflow::integrations
