//===- ONNXModel.h - Loading, checking and shape-inferring ONNX -*- C++ -*-===//
//
// The only code that calls into the ONNX C++ library, which reports errors by
// throwing. Every function here catches and turns the exception into a
// one-line message, so callers see plain success/failure.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_TARGET_ONNX_ONNXMODEL_H
#define CIM_LIB_TARGET_ONNX_ONNXMODEL_H

#include "cim/Target/ONNX/ImportONNX.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace cim::onnx_import {

/// Parses serialized ModelProto bytes.
bool parseModel(llvm::StringRef bytes, onnx::ModelProto &model,
                std::string &error);

/// Parses the ModelProto in `buffer`. When the buffer is a file mapping,
/// the pages the parser has moved past are handed back to the kernel as it
/// goes, so the file's bytes and the parsed copy of its weights are not both
/// resident.
bool parseModel(const llvm::MemoryBuffer &buffer, onnx::ModelProto &model,
                std::string &error);

/// Replaces every initializer stored as external data by its bytes, read from
/// a path relative to `modelDir` that must stay inside it.
bool loadExternalData(onnx::ModelProto &model, llvm::StringRef modelDir,
                      std::string &error);

/// Rewrites the nodes of default-domain opsets 18 to 21 that changed since
/// opset 17 into their opset-17 form, and IR versions 9 and 10 to 8: what the
/// ONNX library (1.12) checks and infers. Fails, naming the node, for a form
/// with no older equivalent, and for opsets or IR versions newer than those.
bool lowerNewerOpsets(onnx::ModelProto &model, std::string &error);

/// Runs the ONNX checker.
bool checkModel(const onnx::ModelProto &model, std::string &error);

/// Writes the `--input-shape` overrides into the graph inputs.
bool applyInputShapes(onnx::ModelProto &model, const ImportONNXOptions &opts,
                      std::string &error);

/// `--outputs`, before the checks: keeps only the nodes and graph inputs the
/// named tensors depend on and clears the graph outputs. Fails for a name that
/// is neither a node output, a graph input nor an initializer.
bool cutGraphAtOutputs(onnx::ModelProto &model,
                       const std::vector<std::string> &outputs,
                       std::string &error);

/// `--outputs`, after shape inference: the named tensors become the graph
/// outputs, in order, with their inferred types.
bool setCutOutputs(onnx::ModelProto &model,
                   const std::vector<std::string> &outputs, std::string &error);

/// Runs ONNX shape inference (strict: node-level inference errors fail).
bool inferShapes(onnx::ModelProto &model, std::string &error);

} // namespace cim::onnx_import

#endif // CIM_LIB_TARGET_ONNX_ONNXMODEL_H
