//===- cimb_fuzzer.cpp - libFuzzer target for the .cimb reader ------------===//
//
// Feeds arbitrary bytes to readBinary. A rejected image must give an error
// naming its origin; anything accepted must be consistent, survive the cimisa
// translation, and write back to the bytes it was read from once written (the
// writer is canonical).
//
//===----------------------------------------------------------------------===//

#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<cim::program::Program> program =
      cim::readBinary(bytes, "fuzz");
  if (!program) {
    // The error names the file it is about.
    std::string message = llvm::toString(program.takeError());
    if (!llvm::StringRef(message).starts_with("fuzz: "))
      std::abort();
    return 0;
  }
  // Writing is canonical: what was accepted writes, reads and writes again
  // to the same bytes.
  std::string canonical = cim::writeBinary(*program);
  llvm::Expected<cim::program::Program> again =
      cim::readBinary(canonical, "fuzz-canonical");
  if (!again || cim::writeBinary(*again) != canonical)
    std::abort();
  // The text form accepts every consistent program.
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      cim::programToISA(*program, &context);
  if (!module || mlir::failed(cim::isaToProgram(*module)))
    std::abort();
  return 0;
}
