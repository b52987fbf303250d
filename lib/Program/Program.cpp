//===- Program.cpp - Helpers of the in-memory .cimb program ---------------===//
//
// Small derived quantities of tensors and layers, and opcode names.
//
//===----------------------------------------------------------------------===//

#include "cim/Program/Program.h"

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
  }
  return "unknown";
}

} // namespace cim::program
