//===- BitPlanesTest.cpp - Bit-plane dot products against the definition --===//

#include "cim/Kernels/BitPlanes.h"

#include <gtest/gtest.h>

using namespace cim::kernels;

namespace {

uint32_t nextRandom(uint32_t &state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

// Every shape the kernel specializes (one input plane; 1 to 4 weight planes;
// 1 to 4 words) and the generic loop around them, against the row-by-row
// sum of digit * level.
TEST(BitPlanes, DotsEqualRowSums) {
  uint32_t s = 3;
  for (unsigned xPlanes : {1u, 2u, 3u, 8u})
    for (unsigned wPlanes : {0u, 1u, 2u, 3u, 4u, 5u, 8u})
      for (size_t rows : {1, 20, 63, 64, 65, 128, 200, 256, 257, 300}) {
        size_t cols = 1 + nextRandom(s) % 7, first = nextRandom(s) % 3;
        size_t total = rows + first + nextRandom(s) % 2;
        size_t stride = cols + nextRandom(s) % 3;
        std::vector<uint8_t> levels(rows * stride);
        for (uint8_t &v : levels)
          v = uint8_t(nextRandom(s) % (1u << wPlanes));
        std::vector<uint64_t> digits(total, 0);
        for (size_t r = first; r < first + rows; ++r)
          digits[r] = nextRandom(s) % (uint64_t(1) << xPlanes);
        size_t words = bitPlaneWords(total);
        std::vector<uint64_t> x(xPlanes * words, 0);
        for (size_t r = 0; r < total; ++r)
          for (unsigned a = 0; a < xPlanes; ++a)
            if ((digits[r] >> a) & 1)
              setPlaneBit(x.data() + a * words, r);
        std::vector<uint64_t> w = packColumnPlanes(
            levels.data(), stride, rows, cols, wPlanes, first, total);
        ASSERT_EQ(w.size(), cols * wPlanes * words);
        std::vector<uint64_t> sums(cols, ~uint64_t(0));
        bitPlaneDots(x.data(), xPlanes, w.data(), wPlanes, words, cols,
                     sums.data());
        for (size_t col = 0; col < cols; ++col) {
          uint64_t expected = 0;
          for (size_t r = 0; r < rows; ++r)
            expected += digits[first + r] * levels[r * stride + col];
          EXPECT_EQ(sums[col], expected)
              << xPlanes << " input planes, " << wPlanes << " weight planes, "
              << rows << " rows, column " << col;
        }
      }
}

} // namespace
