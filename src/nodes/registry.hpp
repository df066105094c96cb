// The table of node types: type name -> implementation. Validation at save time and execution
// at run time both look types up here, so they can never disagree.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/node_type.hpp"

namespace lenzflow::nodes {

/// Built once at start-up, then read-only; reads are thread-safe.
class Registry {
public:
    /// REQUIRES: `name` not registered yet.
    void Add(std::string name, std::unique_ptr<NodeType> type);
    /// nullptr when unknown.
    const NodeType* Find(std::string_view name) const;
    std::vector<std::string> Names() const;

private:
    std::map<std::string, std::unique_ptr<NodeType>, std::less<>> types_;
};

/// Settings the built-in node types need from configuration.
struct BuiltinOptions {
    size_t http_max_response_bytes = 10 * 1024 * 1024;
};

/// A registry holding every built-in node type. Adding a node type: write its file pair and add
/// one line in builtin.cpp.
Registry MakeBuiltinRegistry(const BuiltinOptions& options);

}  // namespace lenzflow::nodes
