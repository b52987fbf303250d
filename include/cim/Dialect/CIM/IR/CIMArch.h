//===- CIMArch.h - ArchSpec <-> #cim.arch -----------------------*- C++ -*-===//
//
// The module attribute `cim.arch` holds the accelerator description as a
// dictionary with the keys of the JSON file format, so that IR is
// self-contained; these helpers convert between it and cim::ArchSpec.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_IR_CIMARCH_H
#define CIM_DIALECT_CIM_IR_CIMARCH_H

#include "cim/Arch/Arch.h"
#include "cim/Dialect/CIM/IR/CIM.h"

#include <optional>

namespace cim {

/// Builds `#cim.arch<name, {...}>` from a parsed description.
ArchAttr getArchAttr(const ArchSpec &spec, mlir::MLIRContext *context);

/// Parses the dictionary of `attr` with the same checks as an arch file.
llvm::Expected<ArchSpec> getArchSpec(ArchAttr attr);

/// The ArchSpec of the module around `op`; emits an error at `op` when the
/// module has no `cim.arch` or when it is invalid.
mlir::FailureOr<ArchSpec> lookupArchSpec(mlir::Operation *op);

/// The attribute at a dotted path ("array.polarity") of an arch dictionary,
/// or null.
mlir::Attribute lookupArchAttr(ArchAttr attr, llvm::StringRef path);

/// Reads an integer at a dotted path ("array.rows") of an arch dictionary;
/// used by verifiers, which must not re-parse the whole description.
std::optional<int64_t> lookupArchInt(ArchAttr attr, llvm::StringRef path);

/// The `cim.arch` attribute of the module enclosing `op`, if any.
ArchAttr findArchAttr(mlir::Operation *op);

} // namespace cim

#endif // CIM_DIALECT_CIM_IR_CIMARCH_H
