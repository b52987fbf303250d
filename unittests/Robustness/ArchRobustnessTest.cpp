//===- ArchRobustnessTest.cpp - parseArch on corrupt descriptions ---------===//
//
// Every prefix of the isaac preset and a few thousand seeded mutations of it
// must parse or fail with an error that names the file; never crash. Also
// the regression cases found by fuzz/arch_fuzzer.cpp.
//
//===----------------------------------------------------------------------===//

#include "Mutator.h"

#include "cim/Arch/Arch.h"

#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <random>
#include <string>

using namespace cim;

namespace {

constexpr const char *kOrigin = "corrupt/isaac.json";

std::string isaacText() {
  llvm::StringRef text = archPresetText("isaac");
  EXPECT_FALSE(text.empty());
  return text.str();
}

/// Parses `text`; on failure the message must start with the origin.
::testing::AssertionResult parsesOrNamesOrigin(const std::string &text) {
  llvm::Expected<ArchSpec> arch = parseArch(text, kOrigin);
  if (arch)
    return ::testing::AssertionSuccess();
  std::string message = llvm::toString(arch.takeError());
  if (llvm::StringRef(message).starts_with(std::string(kOrigin) + ": "))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "error does not name the origin: " << message;
}

TEST(ArchRobustness, EveryTruncationIsRejectedWithTheOrigin) {
  std::string text = isaacText();
  ASSERT_TRUE(static_cast<bool>(parseArch(text, kOrigin)));
  // A JSON object is complete only with its closing brace; only trailing
  // whitespace may be dropped.
  size_t complete = llvm::StringRef(text).rtrim().size();
  for (size_t n = 0; n < complete; ++n) {
    llvm::Expected<ArchSpec> arch = parseArch(text.substr(0, n), kOrigin);
    ASSERT_FALSE(static_cast<bool>(arch)) << "prefix of " << n << " bytes";
    std::string message = llvm::toString(arch.takeError());
    ASSERT_TRUE(llvm::StringRef(message).starts_with(std::string(kOrigin)))
        << message;
  }
}

TEST(ArchRobustness, SeededMutationsParseOrNameTheOrigin) {
  std::string text = isaacText();
  std::mt19937_64 rng(0xc1a5);
  unsigned accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string mutated = robustness::mutate(text, rng);
    ASSERT_TRUE(parsesOrNamesOrigin(mutated)) << "mutation " << i;
    accepted += static_cast<bool>(parseArch(mutated, kOrigin)) ? 1 : 0;
  }
  // Edits inside strings and numbers keep some descriptions valid; most are
  // rejected. Both paths must have run.
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 4000u);
}

// Found by fuzzing: llvm::json::parse recurses once per nesting level, so a
// file of '[' overflowed the stack (a segfault in cim-translate --arch=F).
TEST(ArchRobustness, DeepNestingIsAnErrorNotAStackOverflow) {
  for (const char *open : {"[", "{\"a\":"}) {
    std::string text;
    for (int i = 0; i < 200000; ++i)
      text += open;
    llvm::Expected<ArchSpec> arch = parseArch(text, kOrigin);
    ASSERT_FALSE(static_cast<bool>(arch));
    EXPECT_EQ(llvm::toString(arch.takeError()),
              std::string(kOrigin) + ": invalid JSON: arrays and objects "
                                     "nested more than 64 levels deep");
  }
}

// The depth check counts only brackets outside strings: brackets and escaped
// quotes inside a description are text.
TEST(ArchRobustness, BracketsInsideStringsDoNotCountAsNesting) {
  std::string text = isaacText();
  std::string marker = "\"description\": \"";
  size_t at = text.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string brackets = "\\\"";
  for (int i = 0; i < 100; ++i)
    brackets += "[{";
  text.insert(at + marker.size(), brackets);
  llvm::Expected<ArchSpec> arch = parseArch(text, kOrigin);
  ASSERT_TRUE(static_cast<bool>(arch)) << llvm::toString(arch.takeError());
  EXPECT_TRUE(llvm::StringRef(arch->description).starts_with("\"[{[{"));
}

} // namespace
