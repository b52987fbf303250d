//===- Mutator.h - Seeded byte mutations for the robustness tests -*- C++ -*-===//
//
// Deterministic corruptions of a valid input: what a truncated download, a
// flipped bit or a careless edit does to a file. Every test seeds its own
// generator, so a failure reproduces from the iteration number alone.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_UNITTESTS_ROBUSTNESS_MUTATOR_H
#define CIM_UNITTESTS_ROBUSTNESS_MUTATOR_H

#include <cstdint>
#include <random>
#include <string>

namespace cim::robustness {

/// Applies 1 to 4 random edits to `input`: flip a bit, overwrite a byte with
/// a random or a boundary value (0, 0x7f, 0x80, 0xff), insert or delete a
/// byte, duplicate or drop a run of bytes.
inline std::string mutate(const std::string &input, std::mt19937_64 &rng) {
  std::string out = input;
  auto pick = [&](uint64_t n) -> uint64_t {
    return n == 0 ? 0 : std::uniform_int_distribution<uint64_t>(0, n - 1)(rng);
  };
  static constexpr unsigned char kBoundary[] = {0x00, 0x7f, 0x80, 0xff};
  unsigned edits = 1 + static_cast<unsigned>(pick(4));
  for (unsigned e = 0; e < edits; ++e) {
    uint64_t pos = pick(out.size());
    switch (pick(6)) {
    case 0:
      if (!out.empty())
        out[pos] = static_cast<char>(out[pos] ^ (1u << pick(8)));
      break;
    case 1:
      if (!out.empty())
        out[pos] = static_cast<char>(pick(256));
      break;
    case 2:
      if (!out.empty())
        out[pos] = static_cast<char>(kBoundary[pick(4)]);
      break;
    case 3:
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos),
                 static_cast<char>(pick(256)));
      break;
    case 4:
      if (!out.empty())
        out.erase(pos, 1 + pick(16));
      break;
    case 5:
      if (!out.empty())
        out.insert(pos, out.substr(pick(out.size()), 1 + pick(16)));
      break;
    }
  }
  return out;
}

} // namespace cim::robustness

#endif // CIM_UNITTESTS_ROBUSTNESS_MUTATOR_H
