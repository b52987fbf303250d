//===- NpyTest.cpp - Unit tests of .npy reading and writing ---------------===//
//
// Byte-level .npy images built here, covering every accepted dtype and
// header version, and every rejection the reader promises.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace cim::kernels;

namespace {

/// A .npy image with the given header dict and raw payload.
std::string npyBytes(const std::string &dict, const std::string &payload,
                     int major = 1) {
  std::string header = dict + "\n";
  std::string out("\x93NUMPY", 6);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  uint32_t len = static_cast<uint32_t>(header.size());
  out.push_back(static_cast<char>(len & 0xff));
  out.push_back(static_cast<char>((len >> 8) & 0xff));
  if (major != 1) {
    out.push_back(static_cast<char>((len >> 16) & 0xff));
    out.push_back(static_cast<char>((len >> 24) & 0xff));
  }
  return out + header + payload;
}

template <typename T> std::string raw(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out.append(buf, sizeof(T));
  }
  return out;
}

std::string errorOf(llvm::Expected<Tensor> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

TEST(NpyTest, ReadsEveryDtype) {
  const std::string dict = "{'descr': '%s', 'fortran_order': False, "
                           "'shape': (2, 2), }";
  auto withDescr = [&](const char *descr) {
    std::string d = dict;
    d.replace(d.find("%s"), 2, descr);
    return d;
  };
  std::vector<float> expected = {1, 2, 3, 250};
  struct Case {
    const char *descr;
    std::string payload;
  } cases[] = {
      {"<f4", raw<float>({1, 2, 3, 250})},
      {"<f8", raw<double>({1, 2, 3, 250})},
      {"<i4", raw<int32_t>({1, 2, 3, 250})},
      {"<i8", raw<int64_t>({1, 2, 3, 250})},
      {"|u1", raw<uint8_t>({1, 2, 3, 250})},
  };
  for (const Case &c : cases) {
    llvm::Expected<Tensor> t =
        parseNpy(npyBytes(withDescr(c.descr), c.payload), "x.npy");
    ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
    EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 2})) << c.descr;
    EXPECT_EQ(t->data, expected) << c.descr;
  }
}

TEST(NpyTest, ReadsVersion2AndScalars) {
  llvm::Expected<Tensor> t = parseNpy(
      npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
               raw<float>({7.5f}), /*major=*/2),
      "s.npy");
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_TRUE(t->shape.empty());
  EXPECT_EQ(t->data, (std::vector<float>{7.5f}));

  llvm::Expected<Tensor> v = parseNpy(
      npyBytes("{\"shape\": (3,), \"fortran_order\": False, "
               "\"descr\": \"<i4\"}",
               raw<int32_t>({-1, 0, 1})),
      "v.npy");
  ASSERT_TRUE(static_cast<bool>(v)) << llvm::toString(v.takeError());
  EXPECT_EQ(v->shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(v->data, (std::vector<float>{-1, 0, 1}));
}

TEST(NpyTest, RejectsBadFiles) {
  const std::string ok = "{'descr': '<f4', 'fortran_order': False, "
                         "'shape': (2,), }";
  EXPECT_EQ(errorOf(parseNpy("hello world", "a.npy")),
            "a.npy: not a .npy file");
  EXPECT_EQ(errorOf(parseNpy("", "a.npy")), "a.npy: not a .npy file");
  EXPECT_EQ(errorOf(parseNpy(npyBytes(ok, raw<float>({1})), "b.npy")),
            "b.npy: truncated data: expected 8 bytes, found 4");
  EXPECT_EQ(errorOf(parseNpy(npyBytes(ok, raw<float>({1, 2, 3})), "b.npy")),
            "b.npy: unexpected 4 bytes after the data");
  EXPECT_EQ(errorOf(parseNpy(
                npyBytes("{'descr': '>f4', 'fortran_order': False, "
                         "'shape': (2,), }",
                         raw<float>({1, 2})),
                "c.npy")),
            "c.npy: unsupported dtype '>f4' (big-endian); expected "
            "little-endian");
  EXPECT_EQ(errorOf(parseNpy(
                npyBytes("{'descr': '<f4', 'fortran_order': True, "
                         "'shape': (2,), }",
                         raw<float>({1, 2})),
                "d.npy")),
            "d.npy: fortran_order arrays are not supported; save the array "
            "in C order");
  EXPECT_EQ(errorOf(parseNpy(
                npyBytes("{'descr': '<c8', 'fortran_order': False, "
                         "'shape': (2,), }",
                         raw<float>({1, 2, 3, 4})),
                "e.npy")),
            "e.npy: unsupported dtype '<c8'; expected float32, float64, "
            "int32, int64 or uint8");
  // Header length pointing past the end of the file.
  std::string cut = npyBytes(ok, "").substr(0, 20);
  EXPECT_EQ(errorOf(parseNpy(cut, "f.npy")), "f.npy: truncated .npy header");
  EXPECT_NE(errorOf(parseNpy(npyBytes("{'descr': '<f4'}", ""), "g.npy"))
                .find("g.npy: malformed .npy header"),
            std::string::npos);
  EXPECT_NE(errorOf(parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': "
                                      "False, 'shape': (-2,), }",
                                      ""),
                             "h.npy"))
                .find("h.npy: malformed .npy header"),
            std::string::npos);
}

TEST(NpyTest, WriteIsAlignedAndRoundTrips) {
  Tensor t;
  t.shape = {2, 3};
  t.data = {0.5f, -1, 2, 3, 4, 1e-30f};
  std::string bytes = serializeNpy(t);
  // Magic, version 1.0, header padded so that the data is 64-byte aligned.
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t headerLen = static_cast<uint8_t>(bytes[8]) |
                     (static_cast<uint8_t>(bytes[9]) << 8);
  EXPECT_EQ((10 + headerLen) % 64, 0u);
  EXPECT_EQ(bytes[10 + headerLen - 1], '\n');
  EXPECT_NE(bytes.find("'shape': (2, 3), }"), std::string::npos);
  EXPECT_EQ(bytes.size(), 10 + headerLen + 24);

  llvm::Expected<Tensor> back = parseNpy(bytes, "rt.npy");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->shape, t.shape);
  EXPECT_EQ(back->data, t.data);

  Tensor v;
  v.shape = {4};
  v.data = {1, 2, 3, 4};
  EXPECT_NE(serializeNpy(v).find("'shape': (4,), }"), std::string::npos);
  Tensor s;
  s.data = {9};
  EXPECT_NE(serializeNpy(s).find("'shape': (), }"), std::string::npos);
}

TEST(NpyTest, FileRoundTripAndErrors) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cim-npy-test", dir));
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, "t.npy");
  Tensor t;
  t.shape = {1, 2};
  t.data = {3, 4};
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, t)));
  llvm::Expected<Tensor> back = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->data, t.data);

  llvm::SmallString<128> missing(dir);
  llvm::sys::path::append(missing, "missing.npy");
  std::string err = errorOf(readNpy(missing));
  EXPECT_EQ(err.rfind(std::string(missing) + ": cannot read", 0), 0u) << err;

  llvm::SmallString<128> bad(dir);
  llvm::sys::path::append(bad, "no-such-dir", "x.npy");
  llvm::Error werr = writeNpy(bad, t);
  ASSERT_TRUE(static_cast<bool>(werr));
  std::string wmsg = llvm::toString(std::move(werr));
  EXPECT_EQ(wmsg.rfind(std::string(bad) + ": cannot write", 0), 0u) << wmsg;

  llvm::sys::fs::remove(path);
  llvm::sys::fs::remove(dir);
}

} // namespace
