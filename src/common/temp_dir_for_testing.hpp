// Test support: a fresh directory under /tmp, removed with everything in it on destruction.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace lenzflow::common {

class TempDirForTesting {
public:
    TempDirForTesting() {
        std::string tmpl = "/tmp/lenzflow-test-XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDirForTesting() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDirForTesting(const TempDirForTesting&) = delete;
    TempDirForTesting& operator=(const TempDirForTesting&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace lenzflow::common
