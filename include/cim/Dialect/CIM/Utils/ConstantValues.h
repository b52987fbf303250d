//===- ConstantValues.h - Reading constant tensors --------------*- C++ -*-===//
//
// Weights reach the cim passes as `tosa.const` ops holding either a
// DenseElementsAttr or a DenseResourceElementsAttr (the importer's blobs);
// these helpers read both.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_UTILS_CONSTANTVALUES_H
#define CIM_DIALECT_CIM_UTILS_CONSTANTVALUES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace cim {

/// The f32 elements of a constant attribute in row-major order, or nullopt
/// when it is not an f32 DenseElementsAttr / DenseResourceElementsAttr (or a
/// resource whose blob is missing).
std::optional<std::vector<float>> getF32Values(mlir::Attribute attr);

/// The constant attribute `value` is defined by, if any.
mlir::ElementsAttr getConstantAttr(mlir::Value value);

/// The same elements under another shape of the same size (resource blobs
/// are shared, not copied).
mlir::ElementsAttr reshapeElements(mlir::ElementsAttr attr,
                                   mlir::ShapedType newType);

/// The ONNX node name carried by a location (NameLoc, possibly fused), or
/// an empty string.
std::string getNodeName(mlir::Location loc);

} // namespace cim

#endif // CIM_DIALECT_CIM_UTILS_CONSTANTVALUES_H
