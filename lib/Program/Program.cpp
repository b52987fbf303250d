//===- Program.cpp - Helpers of the in-memory .cimb program ---------------===//
//
// Small derived quantities of tensors and layers, and opcode names.
//
//===----------------------------------------------------------------------===//

#include "cim/Program/Program.h"

#include <algorithm>

namespace cim::program {

int64_t TensorDesc::numel() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

uint32_t Layer::storedBits() const {
  if (polarity == PolarityScheme::Differential)
    return weightBits > 0 ? weightBits - 1 : 0;
  return weightBits;
}

uint32_t Layer::slices() const {
  if (cellBits == 0)
    return 0;
  return (storedBits() + cellBits - 1) / cellBits;
}

const char *opcodeName(Opcode op) {
  switch (op) {
  case Opcode::Halt:
    return "halt";
  case Opcode::SetMode:
    return "set_mode";
  case Opcode::AdcSet:
    return "adc_set";
  case Opcode::Quant:
    return "quant";
  case Opcode::Mvm:
    return "mvm";
  case Opcode::Epilogue:
    return "epilogue";
  case Opcode::MaxPool:
    return "max_pool";
  case Opcode::AvgPool:
    return "avg_pool";
  case Opcode::Add:
    return "add";
  case Opcode::Relu:
    return "relu";
  case Opcode::Copy:
    return "copy";
  case Opcode::Transpose:
    return "transpose";
  case Opcode::Send:
    return "send";
  case Opcode::Recv:
    return "recv";
  case Opcode::Barrier:
    return "barrier";
  case Opcode::Mul:
    return "mul";
  case Opcode::Unary:
    return "unary";
  case Opcode::Binary:
    return "binary";
  case Opcode::Clamp:
    return "clamp";
  case Opcode::Slice:
    return "slice";
  case Opcode::Concat:
    return "concat";
  case Opcode::Pad:
    return "pad";
  case Opcode::Reduce:
    return "reduce";
  case Opcode::MatMulDigital:
    return "matmul_digital";
  case Opcode::DepthwiseConv:
    return "depthwise_conv";
  case Opcode::BranchIfZero:
    return "br_zero";
  case Opcode::Jump:
    return "jump";
  }
  return "unknown";
}

const char *unaryFnName(int64_t fn) {
  static const char *const names[] = {
      "sigmoid", "tanh",   "erf",   "exp",   "log", "reciprocal",
      "rsqrt",   "abs",    "negate", "floor", "ceil"};
  static_assert(sizeof(names) / sizeof(names[0]) == kLastUnaryFn + 1);
  return fn >= 0 && fn <= kLastUnaryFn ? names[fn] : nullptr;
}

const char *binaryFnName(int64_t fn) {
  static const char *const names[] = {"sub",           "maximum", "minimum",
                                      "pow",           "div",     "greater_equal",
                                      "greater",       "equal"};
  static_assert(sizeof(names) / sizeof(names[0]) == kLastBinaryFn + 1);
  return fn >= 0 && fn <= kLastBinaryFn ? names[fn] : nullptr;
}

const char *reduceFnName(int64_t fn) {
  static const char *const names[] = {"sum", "max", "min", "product"};
  static_assert(sizeof(names) / sizeof(names[0]) == kLastReduceFn + 1);
  return fn >= 0 && fn <= kLastReduceFn ? names[fn] : nullptr;
}

void vectorTensorOperands(const Instr &instr, std::vector<int64_t> &inputs,
                          int64_t &output) {
  const std::vector<int64_t> &o = instr.operands;
  auto at = [&](size_t i) { return i < o.size() ? o[i] : int64_t(-1); };
  inputs.clear();
  output = -1;
  switch (instr.op) {
  case Opcode::MaxPool:
  case Opcode::AvgPool:
  case Opcode::Relu:
  case Opcode::Copy:
  case Opcode::Transpose:
  case Opcode::Unary:
  case Opcode::Clamp:
  case Opcode::Slice:
  case Opcode::Pad:
  case Opcode::Reduce:
    inputs = {at(0)};
    output = at(1);
    return;
  case Opcode::Add:
  case Opcode::Mul:
  case Opcode::Binary:
  case Opcode::MatMulDigital:
    inputs = {at(0), at(1)};
    output = at(2);
    return;
  case Opcode::Concat:
    output = at(0);
    inputs.assign(o.begin() + std::min<size_t>(2, o.size()), o.end());
    return;
  case Opcode::DepthwiseConv:
    inputs = {at(0), at(1), at(2)};
    output = at(3);
    return;
  case Opcode::Halt:
  case Opcode::SetMode:
  case Opcode::AdcSet:
  case Opcode::Quant:
  case Opcode::Mvm:
  case Opcode::Epilogue:
  case Opcode::Send:
  case Opcode::Recv:
  case Opcode::Barrier:
  case Opcode::BranchIfZero:
  case Opcode::Jump:
    return;
  }
}

} // namespace cim::program
