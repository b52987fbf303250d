//===- Reference.h - Float reference executor of TOSA/cim IR ----*- C++ -*-===//
//
// Interprets `func.func @main` in float32 with the digital unit's kernels:
// the TOSA ops the ONNX importer emits and the float view of the `cim`
// dialect's crossbar layers (`cim.conv2d`, `cim.matmul`, executed in float
// with their quantization attributes and tile regions ignored). It is what
// importer tests compare against ONNX Runtime, what fidelity is measured
// against, and what `cim-quantize` calibrates with (through the observer).
//
// Supported ops: every TOSA op that computes on float tensors, plus the
// integer / bool tensors that indices, comparisons and casts produce:
//   constants and shapes: const, const_shape, identity, and the shape ops
//     add/sub/mul/div_floor/div_ceil/mod/max/min/exp2/log2_ceil/log2_floor/
//     concat/slice _shape and dim;
//   tensor ops: conv2d, depthwise_conv2d, transpose_conv2d, conv3d, matmul,
//     max_pool2d, avg_pool2d, clamp, erf, sigmoid, tanh, add, sub, mul
//     (shift for integers), intdiv, pow, maximum, minimum, logical_and/or/
//     xor/not, abs, ceil, floor, cos, sin, exp, log, negate, reciprocal,
//     rsqrt, select, equal, greater, greater_equal, reduce_all/any/max/min/
//     product/sum, argmax, concat, pad, reshape, reverse, slice, tile,
//     transpose, gather, scatter, resize, cast;
//   cim.conv2d, cim.matmul and func.return.
// nan_mode attributes are honoured. Values of every element type are held
// as float32 (integers exact up to 2^24); float16 / bfloat16 results are
// rounded to their format. Any other op (integer-only ones such as table,
// rescale, clz and the bitwise / shift ops, fft2d / rfft2d, control flow,
// variables) and quantized ops with non-zero zero points are an error
// naming the op and its location.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_REFERENCE_REFERENCE_H
#define CIM_REFERENCE_REFERENCE_H

#include "cim/Kernels/Kernels.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace cim::reference {

/// Called once for every tensor result of every executed op (constants
/// included), in execution order, with the value just computed.
using Observer =
    llvm::function_ref<void(mlir::Operation *, const kernels::Tensor &)>;

/// Name of the argument / result attribute holding the ONNX value name.
inline constexpr llvm::StringLiteral kNameAttr = "cim.name";

/// Runs `func` on `inputs` (one per argument, in order; shapes must match
/// the argument types). Returns one tensor per result, in order. With
/// `observeAllBranches`, the branch of a tosa.cond_if that the condition
/// does not select runs too, after the selected one, only so that the
/// observer sees its values (calibration of the layers behind a condition
/// the samples rarely meet); the results are the selected branch's.
llvm::Expected<std::vector<kernels::Tensor>>
run(mlir::func::FuncOp func, llvm::ArrayRef<kernels::Tensor> inputs,
    Observer observer = nullptr, bool observeAllBranches = false);

/// Runs `@main` of `module` with inputs given by their `cim.name` (or
/// `argN` for an argument without one). Every input must be given, and no
/// unknown name is accepted.
llvm::Expected<std::vector<kernels::Tensor>>
runByName(mlir::ModuleOp module,
          const std::map<std::string, kernels::Tensor> &inputsByName,
          Observer observer = nullptr);

/// `func.func @main` of `module`, or an error saying it is missing.
llvm::Expected<mlir::func::FuncOp> getMain(mlir::ModuleOp module);

/// The `cim.name` of each argument (`argN` without one).
std::vector<std::string> inputNames(mlir::func::FuncOp func);
/// The `cim.name` of each result (`resultN` without one).
std::vector<std::string> outputNames(mlir::func::FuncOp func);

/// "file:line:col", the ONNX node name, or both, for error messages.
std::string formatLocation(mlir::Location loc);

} // namespace cim::reference

#endif // CIM_REFERENCE_REFERENCE_H
