//===- Npy.h - NumPy .npy files as float32 tensors --------------*- C++ -*-===//
//
// Tensors cross the command line as NumPy `.npy` files. Reading accepts
// format versions 1.0, 2.0 and 3.0, C order, little-endian float32, float64,
// int32, int64 and uint8, and converts to float32. Writing produces version
// 1.0 (2.0 when the header needs it), '<f4', C order, with the header padded
// to a multiple of 64 bytes as NumPy does.
//
// Every error names the file: "<file>: not a .npy file",
// "<file>: unsupported dtype '>f4' (big-endian)", and so on.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_KERNELS_NPY_H
#define CIM_KERNELS_NPY_H

#include "cim/Kernels/Kernels.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace cim::kernels {

/// Parses the bytes of a .npy file; `origin` names it in errors.
llvm::Expected<Tensor> parseNpy(llvm::StringRef bytes, llvm::StringRef origin);

/// Reads and parses a .npy file.
llvm::Expected<Tensor> readNpy(llvm::StringRef path);

/// The bytes of a float32 .npy file holding `tensor`.
std::string serializeNpy(const Tensor &tensor);

/// Writes `tensor` to `path` through a temporary file renamed on success, so
/// a failed write never leaves a partial file.
llvm::Error writeNpy(llvm::StringRef path, const Tensor &tensor);

} // namespace cim::kernels

#endif // CIM_KERNELS_NPY_H
