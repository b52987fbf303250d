//===- NpyRobustnessTest.cpp - parseNpy on corrupt files ------------------===//
//
// Every truncation and a few thousand seeded mutations of a .npy file must
// parse to a tensor whose data matches its shape, or fail with an error that
// names the file; never crash or allocate what the header merely claims.
//
//===----------------------------------------------------------------------===//

#include "Mutator.h"

#include "cim/Kernels/Npy.h"

#include "gtest/gtest.h"

#include <random>
#include <string>

using namespace cim::kernels;

namespace {

constexpr const char *kOrigin = "corrupt/x.npy";

std::string sampleFile() {
  Tensor t;
  t.shape = {2, 3, 4};
  for (int i = 0; i < 24; ++i)
    t.data.push_back(0.25f * static_cast<float>(i) - 3.0f);
  return serializeNpy(t);
}

/// A version 1.0 file with the given header dict and payload.
std::string withHeader(const std::string &dict, const std::string &payload) {
  std::string header = dict + "\n";
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  return out + header + payload;
}

::testing::AssertionResult consistentOrNamesOrigin(const std::string &bytes) {
  llvm::Expected<Tensor> t = parseNpy(bytes, kOrigin);
  if (!t) {
    std::string message = llvm::toString(t.takeError());
    if (llvm::StringRef(message).starts_with(std::string(kOrigin) + ": "))
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "error does not name the origin: " << message;
  }
  if (t->numel() < 0 || static_cast<uint64_t>(t->numel()) != t->data.size())
    return ::testing::AssertionFailure()
           << "accepted a tensor of " << t->data.size()
           << " values whose shape says " << t->numel();
  return ::testing::AssertionSuccess();
}

TEST(NpyRobustness, EveryTruncationIsRejectedWithTheOrigin) {
  std::string bytes = sampleFile();
  ASSERT_TRUE(static_cast<bool>(parseNpy(bytes, kOrigin)));
  for (size_t n = 0; n < bytes.size(); ++n) {
    llvm::Expected<Tensor> t = parseNpy(bytes.substr(0, n), kOrigin);
    ASSERT_FALSE(static_cast<bool>(t)) << "prefix of " << n << " bytes";
    std::string message = llvm::toString(t.takeError());
    ASSERT_TRUE(llvm::StringRef(message).starts_with(kOrigin)) << message;
  }
}

TEST(NpyRobustness, SeededMutationsAreConsistentOrNameTheOrigin) {
  std::string bytes = sampleFile();
  std::mt19937_64 rng(0x4e5059);
  for (int i = 0; i < 5000; ++i)
    ASSERT_TRUE(consistentOrNamesOrigin(cim::robustness::mutate(bytes, rng)))
        << "mutation " << i;
}

// Headers that claim more than the file holds: rejected from the sizes alone,
// before any allocation.
TEST(NpyRobustness, HostileShapesAreRejected) {
  struct Case {
    const char *dict;
    const char *message;
  } cases[] = {
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(999999999999999999, 999999999999999999), }",
       "shape is too large"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': "
       "(4294967296, 4294967296), }",
       "shape is too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }",
       "truncated data: expected 4000000000000 bytes, found 0"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(1234567890123456789012,), }",
       "malformed .npy header: 'shape' is not a tuple of non-negative "
       "integers"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
       "malformed .npy header: 'shape' is not a tuple of non-negative "
       "integers"},
  };
  for (const Case &c : cases) {
    llvm::Expected<Tensor> t = parseNpy(withHeader(c.dict, ""), kOrigin);
    ASSERT_FALSE(static_cast<bool>(t)) << c.dict;
    EXPECT_EQ(llvm::toString(t.takeError()),
              std::string(kOrigin) + ": " + c.message);
  }
}

// An empty dimension before huge ones: zero elements, and numel() stays
// exact (no overflow in consumers that multiply the shape out).
TEST(NpyRobustness, EmptyTensorWithHugeDimensionsIsConsistent) {
  EXPECT_TRUE(consistentOrNamesOrigin(
      withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': "
                 "(0, 999999999999999999, 999999999999999999), }",
                 "")));
}

TEST(NpyRobustness, HeaderLengthBeyondTheFileIsRejected) {
  std::string bytes = sampleFile();
  bytes[8] = '\xff';
  bytes[9] = '\xff';
  llvm::Expected<Tensor> t = parseNpy(bytes, kOrigin);
  ASSERT_FALSE(static_cast<bool>(t));
  EXPECT_EQ(llvm::toString(t.takeError()),
            std::string(kOrigin) + ": truncated .npy header");
}

} // namespace
