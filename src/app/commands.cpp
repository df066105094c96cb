#include "app/commands.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "api/handlers.hpp"
#include "api/http_server.hpp"
#include "common/jwt.hpp"
#include "common/log.hpp"
#include "engine/engine.hpp"
#include "nodes/registry.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lenzflow::app {

namespace {

std::string EnvOrEmpty(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

int Fail(const common::Error& error) {
    spdlog::error("event=startup_failed error={}", common::LogValue(error.message));
    return 1;
}

// Reads the key material both commands need, from the environment and the data dir.
common::Result<common::JwtKeys> LoadJwtKeys(const Settings& settings) {
    if (auto s = EnsureDataDir(settings.data_dir); !s.ok()) return std::move(s).error();
    auto secret = LoadOrCreateJwtSecret(settings.data_dir, EnvOrEmpty("LENZFLOW_JWT_SECRET"));
    if (!secret.ok()) return std::move(secret).error();
    common::JwtKeys keys;
    keys.hs256_secret = std::move(*secret);
    if (!settings.jwt_public_key_path.empty()) {
        auto pem = ReadSmallFile(settings.jwt_public_key_path);
        if (!pem.ok()) return std::move(pem).error();
        keys.public_key_pem = std::move(*pem);
    }
    return keys;
}

}  // namespace

int RunServe(const Settings& settings, std::chrono::seconds shutdown_grace) {
    const auto started = std::chrono::steady_clock::now();

    // Every thread created from here on inherits the mask, so the signals reach sigwait below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    common::InitLogging(settings.log_level);
    auto listen = ParseListen(settings.listen);
    if (!listen.ok()) return Fail(listen.error());
    auto keys = LoadJwtKeys(settings);
    if (!keys.ok()) return Fail(keys.error());
    auto verifier = common::JwtVerifier::Create(std::move(*keys));
    if (!verifier.ok()) return Fail(verifier.error());

    const std::string database_url = DatabaseUrl(settings);
    auto db_path = SqlitePathFromUrl(database_url);
    if (!db_path.ok()) return Fail(db_path.error());
    auto store = storage::sqlite::OpenSqliteStore({*db_path});
    if (!store.ok()) return Fail(store.error());

    const common::SystemClock clock;
    const nodes::Registry registry = nodes::MakeBuiltinRegistry({});
    engine::Engine engine(**store, registry, clock, {settings.workers, 10000});
    const api::Api api(**store, engine, registry, clock, *verifier, {settings.max_body_bytes});
    api::HttpServer server(api, {listen->host, listen->port, settings.io_threads,
                                 settings.max_body_bytes, std::chrono::seconds{1800}});
    if (auto s = server.Start(); !s.ok()) return Fail(s.error());

    const double startup_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    spdlog::info("event=ready version={} listen={} database={} workers={} startup_ms={:.1f}",
                 kVersion, common::LogValue(settings.listen), common::LogValue(database_url),
                 settings.workers, startup_ms);

    int signal_number = 0;
    sigwait(&signals, &signal_number);
    spdlog::info("event=shutdown_started signal={} grace_s={}", signal_number,
                 shutdown_grace.count());

    server.Drain();
    engine.Shutdown(shutdown_grace);
    server.Stop();
    (*store)->Close();
    spdlog::info("event=shutdown_complete");
    spdlog::shutdown();
    return 0;
}

int RunToken(const Settings& settings, const std::string& subject, const std::string& role,
             const std::string& ttl) {
    common::InitLogging("warn");
    auto duration = ParseDuration(ttl);
    if (!duration.ok()) return Fail(duration.error());
    auto keys = LoadJwtKeys(settings);
    if (!keys.ok()) return Fail(keys.error());

    const common::SystemClock clock;
    const auto now = clock.Now();
    common::JwtClaims claims;
    claims.sub = subject;
    claims.role = role;
    claims.exp =
        std::chrono::duration_cast<std::chrono::seconds>((now + *duration).time_since_epoch())
            .count();
    auto token = common::SignHs256(claims, keys->hs256_secret, now);
    if (!token.ok()) return Fail(token.error());
    std::fputs((*token + "\n").c_str(), stdout);
    return 0;
}

}  // namespace lenzflow::app
