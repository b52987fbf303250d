//===- onnx_fuzzer.cpp - libFuzzer target for the ONNX importer -----------===//
//
// Feeds arbitrary bytes to importONNXBytes. A rejected model must come with
// at least one error diagnostic; an accepted one must be a module that
// verifies. The model's directory does not exist, so external-data
// references fail cleanly instead of reading files of the machine.
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringRef.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  unsigned errors = 0;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
      ++errors;
    return mlir::success();
  });
  cim::ImportONNXOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module = cim::importONNXBytes(
      bytes, "/nonexistent-cim-fuzz-dir/fuzz.onnx", options, &context);
  if (!module) {
    if (errors == 0)
      std::abort();
    return 0;
  }
  if (errors != 0 || mlir::failed(mlir::verify(*module)))
    std::abort();
  return 0;
}
