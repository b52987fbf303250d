//===- import_only.cpp - Time the ONNX import in-process ------------------===//
//
// The import side of the benchmark (bench/import/run.sh): the library entry
// point cim::importONNXFile, from the .onnx file to a verified module in
// memory, nothing printed. This is what cim-sim and --compile call; the text
// output of cim-translate --import-onnx is measured separately by run.sh.
//
//   import_only MODEL.onnx
//
// Prints the wall time of the import and the process's peak RSS (getrusage)
// after it, with the count of resource blobs and their bytes as a check that
// the import is real.
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: import_only MODEL.onnx\n");
    return 2;
  }
  // The context (dialects, threads) is not part of the import.
  mlir::MLIRContext context;
  context.disableMultithreading();
  auto start = std::chrono::steady_clock::now();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      cim::importONNXFile(argv[1], cim::ImportONNXOptions(), &context);
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  if (!module) {
    std::fprintf(stderr, "import_only: import of %s failed\n", argv[1]);
    return 1;
  }
  size_t blobs = 0, bytes = 0;
  module->walk([&](mlir::Operation *op) {
    for (mlir::NamedAttribute attr : op->getAttrs())
      if (auto resource =
              mlir::dyn_cast<mlir::DenseResourceElementsAttr>(attr.getValue()))
        if (mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob()) {
          ++blobs;
          bytes += blob->getData().size();
        }
  });
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("import_only: import %.4f s, peak RSS %ld kB, %zu blobs, %zu "
              "bytes\n",
              seconds, usage.ru_maxrss, blobs, bytes);
  return 0;
}
