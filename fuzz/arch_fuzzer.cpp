//===- arch_fuzzer.cpp - libFuzzer target for the arch JSON loader --------===//
//
// Feeds arbitrary text to parseArch. A rejected description must give an
// error naming its origin; an accepted one must answer the cost queries and
// survive a round trip through its canonical JSON unchanged.
//
//===----------------------------------------------------------------------===//

#include "cim/Arch/Arch.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<cim::ArchSpec> arch = cim::parseArch(text, "fuzz.json");
  if (!arch) {
    std::string message = llvm::toString(arch.takeError());
    if (!llvm::StringRef(message).starts_with("fuzz.json: "))
      std::abort();
    return 0;
  }
  // The queries the compiler and the estimator make of every description.
  for (unsigned bits = 1; bits <= 16; ++bits)
    (void)(arch->adcEnergyPj(bits) + arch->adcAreaUm2(bits));
  (void)arch->losslessAdcBits(arch->activeRows);
  // Canonical JSON reads back to the same canonical JSON.
  std::string canonical = llvm::formatv("{0}", arch->toJSON()).str();
  llvm::Expected<cim::ArchSpec> again =
      cim::parseArch(canonical, "fuzz-canonical.json");
  if (!again)
    std::abort();
  if (llvm::formatv("{0}", again->toJSON()).str() != canonical)
    std::abort();
  return 0;
}
