//===- npy_fuzzer.cpp - libFuzzer target for the .npy reader --------------===//
//
// Feeds arbitrary bytes to parseNpy. A rejected file must give an error
// naming its origin; an accepted one must hold exactly as many elements as
// its shape says, and write back to a file that reads to the same tensor.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Npy.h"

#include "llvm/ADT/StringRef.h"

#include <cstdlib>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using cim::kernels::Tensor;
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<Tensor> tensor = cim::kernels::parseNpy(bytes, "fuzz.npy");
  if (!tensor) {
    std::string message = llvm::toString(tensor.takeError());
    if (!llvm::StringRef(message).starts_with("fuzz.npy: "))
      std::abort();
    return 0;
  }
  // Every consumer sizes its loops by numel().
  if (tensor->numel() < 0 ||
      static_cast<uint64_t>(tensor->numel()) != tensor->data.size())
    std::abort();
  std::string written = cim::kernels::serializeNpy(*tensor);
  llvm::Expected<Tensor> again = cim::kernels::parseNpy(written, "fuzz-again");
  if (!again || again->shape != tensor->shape ||
      again->data.size() != tensor->data.size() ||
      (!tensor->data.empty() &&
       std::memcmp(again->data.data(), tensor->data.data(),
                   tensor->data.size() * sizeof(float)) != 0))
    std::abort();
  return 0;
}
