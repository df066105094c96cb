#include "common/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lenzflow::common {
namespace {

TEST(IdsTest, NewIdIsCanonicalVersion7Uuid) {
    const std::string id = NewId();
    ASSERT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '7');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
}

TEST(IdsTest, NewIdsAreUniqueAndSortByCreation) {
    std::set<std::string> seen;
    std::string previous_prefix;
    for (int i = 0; i < 10000; ++i) {
        const std::string id = NewId();
        EXPECT_TRUE(seen.insert(id).second);
        // The first 12 hex digits are the timestamp; they never go backwards.
        const std::string prefix = id.substr(0, 8) + id.substr(9, 4);
        EXPECT_GE(prefix, previous_prefix);
        previous_prefix = prefix;
    }
}

TEST(IdsTest, IsUuidRejectsOtherText) {
    EXPECT_TRUE(IsUuid("0192f0c2-6d1e-7a3b-8c4d-5e6f7a8b9c0d"));
    EXPECT_TRUE(IsUuid("0192F0C2-6D1E-7A3B-8C4D-5E6F7A8B9C0D"));
    EXPECT_FALSE(IsUuid("wf-uuid-001"));
    EXPECT_FALSE(IsUuid(""));
    EXPECT_FALSE(IsUuid("0192f0c2-6d1e-7a3b-8c4d-5e6f7a8b9c0"));
    EXPECT_FALSE(IsUuid("0192f0c2x6d1e-7a3b-8c4d-5e6f7a8b9c0d"));
    EXPECT_FALSE(IsUuid("0192f0c2-6d1e-7a3b-8c4d-5e6f7a8b9c0g"));
}

TEST(IdsTest, RandomHexHasRequestedLength) {
    const std::string a = RandomHex(32);
    EXPECT_EQ(a.size(), 64u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, RandomHex(32));
}

}  // namespace
}  // namespace lenzflow::common
