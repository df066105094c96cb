// lenzflow: the workflow-automation server of the Lenz platform. `lenzflow --help` lists the
// commands; every option has a LENZFLOW_* environment variable.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/commands.hpp"

namespace {

using lenzflow::app::Settings;

// Options shared by `serve` and `token`: where the data and keys are.
void AddCommonOptions(CLI::App& cmd, Settings& s) {
    cmd.add_option("--data-dir", s.data_dir, "Directory for the database and generated keys")
        ->envname("LENZFLOW_DATA_DIR")
        ->capture_default_str();
    cmd.add_option("--jwt-public-key", s.jwt_public_key_path,
                   "PEM file of an RS256 or ES256 public key whose tokens are also accepted")
        ->envname("LENZFLOW_JWT_PUBLIC_KEY");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Lenzflow: self-hosted workflow automation for the Lenz platform"};
    app.require_subcommand(1);
    Settings settings;

    auto* serve = app.add_subcommand("serve", "Serve the Workflows API");
    AddCommonOptions(*serve, settings);
    serve->add_option("--listen", settings.listen, "Address to listen on, host:port")
        ->envname("LENZFLOW_LISTEN")
        ->capture_default_str();
    serve
        ->add_option("--database", settings.database,
                     "Database URL (default sqlite:<data-dir>/lenzflow.db)")
        ->envname("LENZFLOW_DATABASE");
    serve->add_option("--log-level", settings.log_level, "trace, debug, info, warn, error, off")
        ->envname("LENZFLOW_LOG_LEVEL")
        ->capture_default_str();
    serve->add_option("--workers", settings.workers, "Runs executed at once")
        ->envname("LENZFLOW_WORKERS")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    serve->add_option("--io-threads", settings.io_threads, "HTTP I/O threads")
        ->envname("LENZFLOW_IO_THREADS")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    serve->add_option("--max-body-bytes", settings.max_body_bytes, "Largest request body")
        ->envname("LENZFLOW_MAX_BODY_BYTES")
        ->check(CLI::Range(1024, 64 * 1024 * 1024))
        ->capture_default_str();
    int grace_seconds = 30;
    serve
        ->add_option("--shutdown-grace", grace_seconds,
                     "Seconds running executions get to finish on SIGTERM")
        ->envname("LENZFLOW_SHUTDOWN_GRACE")
        ->check(CLI::Range(0, 3600))
        ->capture_default_str();

    auto* token = app.add_subcommand("token", "Print a signed JWT that `serve` accepts");
    AddCommonOptions(*token, settings);
    std::string subject;
    std::string role;
    std::string ttl = "24h";
    token->add_option("--sub", subject, "Subject (user id), e.g. user-alfin")->required();
    token->add_option("--role", role, "Role claim, e.g. admin");
    token->add_option("--ttl", ttl, "Lifetime: 90s, 30m, 24h, 7d")->capture_default_str();

    auto* version = app.add_subcommand("version", "Print the version");

    CLI11_PARSE(app, argc, argv);

    if (*serve) return lenzflow::app::RunServe(settings, std::chrono::seconds{grace_seconds});
    if (*token) return lenzflow::app::RunToken(settings, subject, role, ttl);
    if (*version) std::printf("lenzflow %s\n", lenzflow::app::kVersion);
    return 0;
}
