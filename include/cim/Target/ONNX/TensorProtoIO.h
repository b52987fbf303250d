//===- TensorProtoIO.h - Reading ONNX TensorProto files ---------*- C++ -*-===//
//
// Reads the serialized `onnx.TensorProto` files of ONNX's backend tests
// (`test_data_set_N/input_K.pb`, `output_K.pb`) into float tensors, and
// summarizes a model's graph (operators, opsets, inputs and outputs) without
// importing it. Nothing here exposes ONNX's protobuf classes, so callers need
// neither the ONNX headers nor exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_TARGET_ONNX_TENSORPROTOIO_H
#define CIM_TARGET_ONNX_TENSORPROTOIO_H

#include "cim/Kernels/Kernels.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cim {

/// IEEE binary16 bits to float.
float halfToFloat(uint16_t bits);
/// bfloat16 bits to float.
float bfloat16ToFloat(uint16_t bits);

/// One TensorProto, with its values converted to float32.
struct TensorProtoData {
  /// TensorProto.name; may be empty.
  std::string name;
  /// The ONNX element type in lower case: "float", "int64", "bool", ...
  std::string dtype;
  /// Shape and values. `tensor.data` is filled only when `converted`.
  kernels::Tensor tensor;
  /// True when the values were converted to float32: every integer, bool,
  /// float16, bfloat16 and double type. Strings, complex numbers, 8/4-bit
  /// floats, 4-bit integers and external data are not converted.
  bool converted = false;

  bool isFloat32() const { return dtype == "float"; }
};

/// Parses a serialized TensorProto. `fileName` names it in errors.
llvm::Expected<TensorProtoData> readTensorProto(llvm::StringRef bytes,
                                                llvm::StringRef fileName);

/// Reads and parses a serialized TensorProto file.
llvm::Expected<TensorProtoData> readTensorProtoFile(llvm::StringRef path);

/// A graph input or output as the model declares it.
struct ONNXValueInfo {
  std::string name;
  /// "tensor", "sequence", "optional", "map", "sparse_tensor", or "none"
  /// when the model gives no type.
  std::string kind;
  /// Element type of a tensor in lower case ("float", ...), else empty.
  std::string dtype;
};

/// What the conformance harness needs to know about a model.
struct ONNXModelSummary {
  /// Operator of every top-level node, in graph order: `op_type` in the
  /// default domain, `domain.op_type` in any other.
  std::vector<std::string> opTypes;
  /// (domain, version) of every opset_import; "" is the default domain.
  std::vector<std::pair<std::string, int64_t>> opsets;
  /// Graph inputs that are not initializers, in order.
  std::vector<ONNXValueInfo> inputs;
  std::vector<ONNXValueInfo> outputs;
};

/// Parses serialized ModelProto bytes and summarizes the graph.
llvm::Expected<ONNXModelSummary> summarizeONNXModel(llvm::StringRef bytes,
                                                    llvm::StringRef fileName);

} // namespace cim

#endif // CIM_TARGET_ONNX_TENSORPROTOIO_H
