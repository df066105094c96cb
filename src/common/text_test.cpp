#include "common/text.hpp"

#include <gtest/gtest.h>

namespace lenzflow::common {
namespace {

TEST(TextTest, FoldsAsciiLetters) { EXPECT_EQ(FoldCase("Laporan FR-01"), "laporan fr-01"); }

TEST(TextTest, FoldsOtherScripts) {
    EXPECT_EQ(FoldCase("ÖLÇÜM"), "ölçüm");
    EXPECT_EQ(FoldCase("ДАТЧИК"), "датчик");
    EXPECT_EQ(FoldCase("ΑΒΓ"), "αβγ");
}

TEST(TextTest, KeepsTextWithoutCaseAndInvalidBytes) {
    EXPECT_EQ(FoldCase("顔認識 — 2025"), "顔認識 — 2025");
    const std::string invalid = "A\xff\xc3(B";
    EXPECT_EQ(FoldCase(invalid), "a\xff\xc3(b");
}

}  // namespace
}  // namespace lenzflow::common
