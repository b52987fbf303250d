//===- ImportONNX.h - ONNX model to TOSA importer ---------------*- C++ -*-===//
//
// Turns an ONNX model into `func.func @main` on TOSA ops. See
// docs/onnx-import.md for the supported operators and the layout scheme.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_TARGET_ONNX_IMPORTONNX_H
#define CIM_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace cim {

struct ImportONNXOptions {
  /// Graph input name -> full static shape. Replaces the input's dimensions
  /// before shape inference (dynamic dimensions need one).
  std::vector<std::pair<std::string, std::vector<int64_t>>> inputShapes;
  /// `--outputs`: when not empty, these tensors (node outputs, graph inputs or
  /// initializers) become the graph outputs, in this order, and the nodes
  /// and graph inputs none of them depends on are dropped.
  std::vector<std::string> outputs;
};

/// Parses `path`, runs ONNX shape inference, emits `func.func @main` on TOSA.
/// On error emits diagnostics through the context (located at the file or
/// ONNX node) and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importONNXFile(llvm::StringRef path,
                                                 const ImportONNXOptions &,
                                                 mlir::MLIRContext *);

/// Same as importONNXFile for bytes already in memory; `fileName` names the
/// model in diagnostics and anchors relative external-data paths.
mlir::OwningOpRef<mlir::ModuleOp> importONNXBytes(llvm::StringRef bytes,
                                                  llvm::StringRef fileName,
                                                  const ImportONNXOptions &,
                                                  mlir::MLIRContext *);

/// Parses one `--input-shape` value, `NAME:1x3x32x32`, into `options`.
/// Returns false (and sets `error`) for malformed text.
bool parseInputShapeOption(llvm::StringRef text, ImportONNXOptions &options,
                           std::string &error);

/// Registers the `import-onnx` translation (file -> MLIR) with its
/// `--input-shape=NAME:1x3x32x32` option (repeatable) and
/// `--outputs=NAME,...`.
void registerImportONNXTranslation();

/// The `--input-shape` and `--outputs` options given on the command line of a tool that
/// registered an ONNX translation; false with `error` set if one is malformed.
bool getImportONNXCommandLineOptions(ImportONNXOptions &options,
                                     std::string &error);

} // namespace cim

#endif // CIM_TARGET_ONNX_IMPORTONNX_H
