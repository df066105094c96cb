// Test support: the whole API stack without a listener (SQLite in a temporary directory, the
// engine, the built-in node types, a signing key), and a Call that runs one request through
// Api::Handle and waits for its answer.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include "api/handlers.hpp"
#include "common/temp_dir_for_testing.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lenzflow::api {

class ApiHarnessForTesting {
public:
    struct Options {
        size_t workers = 2;
        size_t max_body_bytes = 4096;
        std::string subject = "user-alfin";  // `sub` of the token requests carry
    };

    /// `clock` is borrowed and must outlive the harness. Throws when the store cannot open.
    ApiHarnessForTesting(const common::Clock& clock, const Options& options)
        : clock_(clock), verifier_(*common::JwtVerifier::Create({kSecret, ""})) {
        auto opened = storage::sqlite::OpenSqliteStore({(dir_.path() / "db").string()});
        if (!opened.ok()) throw std::runtime_error(opened.error().message);
        store_ = std::move(*opened);
        engine_ = std::make_unique<engine::Engine>(*store_, registry_, clock_,
                                                   engine::EngineOptions{options.workers, 1000});
        api_ = std::make_unique<Api>(*store_, *engine_, registry_, clock_, verifier_,
                                     ApiOptions{options.max_body_bytes});
        authorization_ = "Bearer " + *common::SignHs256({options.subject, "admin", 4102444800},
                                                        kSecret, clock_.Now());
    }

    /// Runs `request` with this harness's Authorization header and a JSON content type, and
    /// returns the answer; a raw (pre-serialized) body is parsed into `body`.
    ApiResponse Call(RouteId route, std::string id = "", std::string body = "",
                     std::vector<std::pair<std::string, std::string>> query = {}) {
        ApiRequest request;
        request.route = route;
        request.workflow_id = std::move(id);
        request.authorization = authorization_;
        request.content_type = "application/json";
        request.body = std::move(body);
        request.query = std::move(query);

        std::promise<ApiResponse> answer;
        api_->Handle(request, [&](ApiResponse r) { answer.set_value(std::move(r)); });
        auto future = answer.get_future();
        EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        ApiResponse response = future.get();
        if (!response.raw_body.empty()) response.body = Json::parse(response.raw_body);
        return response;
    }

    /// Replaces the Authorization header sent from now on, e.g. with a broken token.
    void set_authorization(std::string header) { authorization_ = std::move(header); }

private:
    inline static const std::string kSecret = std::string(48, 's');

    common::TempDirForTesting dir_;
    const common::Clock& clock_;
    const nodes::Registry registry_ = nodes::MakeBuiltinRegistry({});
    const common::JwtVerifier verifier_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<engine::Engine> engine_;
    std::unique_ptr<Api> api_;
    std::string authorization_;
};

}  // namespace lenzflow::api
