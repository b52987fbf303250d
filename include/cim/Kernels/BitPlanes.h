//===- BitPlanes.h - Small-integer dot products over bit planes -*- C++ -*-===//
//
// The integer kernel behind the simulator's crossbar reads: the column sums
// of one input cycle of one tile, sum over rows of digit(row) * level(row,
// col), with digits of a few bits (the DAC step) and levels of a few bits
// (the cell). Both sides are stored as bit planes, 64 rows to a word, so a
// column sum is
//
//   sum_{a < xPlanes} sum_{b < wPlanes} 2^(a+b) * popcount(x_a & w_{col,b})
//
// summed over the words: exact integer arithmetic, the same value as the
// row-by-row sum. The popcount instruction is used where the CPU has it
// (chosen once at run time), a portable count otherwise.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_KERNELS_BITPLANES_H
#define CIM_KERNELS_BITPLANES_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cim::kernels {

/// Words of 64 rows needed for `rows` rows.
inline size_t bitPlaneWords(size_t rows) { return (rows + 63) / 64; }

/// Sets bit `row` of the plane starting at `plane`.
inline void setPlaneBit(uint64_t *plane, size_t row) {
  plane[row / 64] |= uint64_t(1) << (row % 64);
}

/// sums[col] = sum over the `words` words and every plane pair (a, b) of
/// popcount(x[a * words + i] & w[(col * wPlanes + b) * words + i]) << (a + b),
/// for col in [0, cols): x holds xPlanes planes of one vector, w holds
/// wPlanes planes of each of `cols` columns, plane-major within a column.
void bitPlaneDots(const uint64_t *x, unsigned xPlanes, const uint64_t *w,
                  unsigned wPlanes, size_t words, size_t cols,
                  uint64_t *sums);

/// The bit planes, laid out as bitPlaneDots' `w` over `totalRows` rows, of
/// a rows x cols matrix of small unsigned values (below 2^wPlanes) stored
/// row-major at `data` with `stride` values from one row to the next; the
/// matrix fills rows [first, first + rows), every other row is 0.
std::vector<uint64_t> packColumnPlanes(const uint8_t *data, size_t stride,
                                       size_t rows, size_t cols,
                                       unsigned wPlanes, size_t first,
                                       size_t totalRows);

} // namespace cim::kernels

#endif // CIM_KERNELS_BITPLANES_H
