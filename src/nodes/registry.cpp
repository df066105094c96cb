#include "nodes/registry.hpp"

#include <cassert>

namespace lenzflow::nodes {

void Registry::Add(std::string name, std::unique_ptr<NodeType> type) {
    [[maybe_unused]] const bool inserted = types_.emplace(std::move(name), std::move(type)).second;
    assert(inserted);
}

const NodeType* Registry::Find(std::string_view name) const {
    const auto it = types_.find(name);
    return it == types_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Registry::Names() const {
    std::vector<std::string> names;
    for (const auto& [name, type] : types_) names.push_back(name);
    return names;
}

}  // namespace lenzflow::nodes
