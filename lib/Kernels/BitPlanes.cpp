//===- BitPlanes.cpp - Small-integer dot products over bit planes ---------===//
//
// One loop body, compiled twice on x86-64: for the baseline ISA (popcount in
// software) and with the POPCNT instruction, picked once at run time. The
// common shapes of a crossbar read (1-bit DAC steps, 1- to 4-bit cells, up
// to 256 rows) get loops of fixed trip counts the compiler unrolls.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/BitPlanes.h"

using namespace cim::kernels;

namespace {

#if defined(__GNUC__)
#define CIM_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CIM_ALWAYS_INLINE inline
#endif

CIM_ALWAYS_INLINE uint64_t popcount64(uint64_t v) {
#if defined(__GNUC__)
  return uint64_t(__builtin_popcountll(v));
#else
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (v * 0x0101010101010101ull) >> 56;
#endif
}

/// One input plane, WP weight planes, W words, all known at compile time.
template <unsigned WP, size_t W>
CIM_ALWAYS_INLINE void dotsFixed(const uint64_t *x, const uint64_t *w,
                                 size_t cols, uint64_t *sums) {
  uint64_t xv[W];
  for (size_t i = 0; i < W; ++i)
    xv[i] = x[i];
  for (size_t col = 0; col < cols; ++col) {
    const uint64_t *wc = w + col * WP * W;
    uint64_t s = 0;
    for (unsigned b = 0; b < WP; ++b) {
      uint64_t n = 0;
      for (size_t i = 0; i < W; ++i)
        n += popcount64(xv[i] & wc[b * W + i]);
      s += n << b;
    }
    sums[col] = s;
  }
}

CIM_ALWAYS_INLINE void dotsGeneric(const uint64_t *x, unsigned xPlanes,
                                   const uint64_t *w, unsigned wPlanes,
                                   size_t words, size_t cols,
                                   uint64_t *sums) {
  for (size_t col = 0; col < cols; ++col) {
    const uint64_t *wc = w + col * wPlanes * words;
    uint64_t s = 0;
    for (unsigned a = 0; a < xPlanes; ++a)
      for (unsigned b = 0; b < wPlanes; ++b) {
        uint64_t n = 0;
        for (size_t i = 0; i < words; ++i)
          n += popcount64(x[a * words + i] & wc[b * words + i]);
        s += n << (a + b);
      }
    sums[col] = s;
  }
}

template <unsigned WP>
CIM_ALWAYS_INLINE bool dotsByWords(const uint64_t *x, const uint64_t *w,
                                   size_t words, size_t cols,
                                   uint64_t *sums) {
  switch (words) {
  case 1: dotsFixed<WP, 1>(x, w, cols, sums); return true;
  case 2: dotsFixed<WP, 2>(x, w, cols, sums); return true;
  case 3: dotsFixed<WP, 3>(x, w, cols, sums); return true;
  case 4: dotsFixed<WP, 4>(x, w, cols, sums); return true;
  default: return false;
  }
}

CIM_ALWAYS_INLINE void dots(const uint64_t *x, unsigned xPlanes,
                            const uint64_t *w, unsigned wPlanes, size_t words,
                            size_t cols, uint64_t *sums) {
  if (xPlanes == 1) {
    bool done = false;
    switch (wPlanes) {
    case 1: done = dotsByWords<1>(x, w, words, cols, sums); break;
    case 2: done = dotsByWords<2>(x, w, words, cols, sums); break;
    case 3: done = dotsByWords<3>(x, w, words, cols, sums); break;
    case 4: done = dotsByWords<4>(x, w, words, cols, sums); break;
    default: break;
    }
    if (done)
      return;
  }
  dotsGeneric(x, xPlanes, w, wPlanes, words, cols, sums);
}

void dotsBaseline(const uint64_t *x, unsigned xPlanes, const uint64_t *w,
                  unsigned wPlanes, size_t words, size_t cols,
                  uint64_t *sums) {
  dots(x, xPlanes, w, wPlanes, words, cols, sums);
}

using DotsFn = void (*)(const uint64_t *, unsigned, const uint64_t *, unsigned,
                        size_t, size_t, uint64_t *);

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("popcnt"))) void
dotsPopcnt(const uint64_t *x, unsigned xPlanes, const uint64_t *w,
           unsigned wPlanes, size_t words, size_t cols, uint64_t *sums) {
  dots(x, xPlanes, w, wPlanes, words, cols, sums);
}

DotsFn chooseDots() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("popcnt") ? dotsPopcnt : dotsBaseline;
}
#else
DotsFn chooseDots() { return dotsBaseline; }
#endif

} // namespace

void cim::kernels::bitPlaneDots(const uint64_t *x, unsigned xPlanes,
                                const uint64_t *w, unsigned wPlanes,
                                size_t words, size_t cols, uint64_t *sums) {
  static const DotsFn fn = chooseDots();
  fn(x, xPlanes, w, wPlanes, words, cols, sums);
}

std::vector<uint64_t> cim::kernels::packColumnPlanes(
    const uint8_t *data, size_t stride, size_t rows, size_t cols,
    unsigned wPlanes, size_t first, size_t totalRows) {
  size_t words = bitPlaneWords(totalRows);
  std::vector<uint64_t> planes(cols * wPlanes * words, 0);
  for (size_t row = 0; row < rows; ++row) {
    const uint8_t *values = data + row * stride;
    size_t word = (first + row) / 64;
    unsigned bit = unsigned((first + row) % 64);
    for (size_t col = 0; col < cols; ++col) {
      uint64_t v = values[col];
      uint64_t *plane = planes.data() + col * wPlanes * words + word;
      for (unsigned b = 0; b < wPlanes; ++b)
        plane[b * words] |= ((v >> b) & 1) << bit;
    }
  }
  return planes;
}
