//===- Program.h - In-memory form of a compiled .cimb binary ----*- C++ -*-===//
//
// A Program is what a .cimb file holds, as plain C++ data: the arch, tensor
// descriptors, crossbar layers with their quantization and epilogue, the
// weight image (cell levels per array), the mode table and one instruction
// stream per core. The binary writer/reader (Target/CIMB), the simulator
// (Sim), the estimator (Estimator) and the cimisa <-> Program translation all
// meet here, so this header is the contract between them.
//
// Numerics of one crossbar layer (docs/isa.md has the same in prose):
//
//   x      : float input, im2col'ed to rows of K = kH*kW*inC values
//   xq     : round_half_even(x / inputScale), clamped to
//            [-(2^(Ab-1)-1), 2^(Ab-1)-1] if inputSigned else [0, 2^Ab-1];
//            in a mode with a' < Ab active input bits the quantizer rounds
//            to the coarser grid: xq = round(x / (inputScale*2^(Ab-a'))) *
//            2^(Ab-a') (clamped on that grid), so the skipped cycles are LSBs.
//   bits   : xq in two's complement (signed) or binary (unsigned), fed one
//            DAC step of dacBits per cycle; the MSB cycle of a signed input
//            carries weight -2^(Ab-1).
//   levels : weight w in [-(2^(Wb-1)-1), 2^(Wb-1)-1]; Offset scheme stores
//            u = w + 2^(Wb-1) in Wb bits; Differential stores |w| (Wb-1 bits)
//            on the Positive or Negative tile. Slice s holds bits
//            [s*c, s*c+c) of the stored value (c = cellBits), significance
//            2^(s*c).
//   column : for one (pixel, input cycle j, tile): sum over the tile's rows
//            of inputDigit_j(row) * level(row, col); the ADC converts it:
//            code = clamp(round_half_even(sum / step), 0, 2^adcBits - 1),
//            step = max(1, adcRange / (2^adcBits - 1)); value = code * step.
//   acc[oc]: sum over cycles, tiles of sign(polarity) * 2^(j*dacBits)
//            * (cycle sign) * 2^(s*c) * value
//            then (Offset only) acc -= (2^(Wb-1) - comp) * sum_rows(xq_active)
//            where comp = (2^(Wb-w') - 1) / 2 compensates the truncated LSB
//            slices of a mode with w' < Wb active weight bits (0 at full).
//   y[oc]  : acc * outScale[oc] + bias[oc], then max(y, 0) if relu; float.
//
// Event counts (the estimator computes them in closed form, the simulator by
// counting while it executes; tests require equality). For one MVM
// instruction (layer L, row block r) in mode m, with P = output pixels,
// J = active input cycles = ceil(a'/dacBits), T = tiles of (L, r) whose slice
// is active in m (slice s active iff s*c >= storedBits - activeStoredBits):
//   array_activations += P * J * |distinct arrays of T|
//   dac_drives        += P * J * rowsOf(r) * |distinct arrays of T|
//   adc_conversions   += P * J * sum_T cols(t)
//   adc_bit_cycles    += adc_conversions added * adcBits (SAR: one cycle/bit)
//   cell_reads        += P * J * sum_T rows(t) * cols(t)
//   shift_adds        += adc_conversions added
//   buffer_bytes      += P * rowsOf(r) * ceil(Ab/8)        (input codes read)
// QUANT:    digital_ops += numel(input); buffer_bytes += 4 * numel(input)
// EPILOGUE: digital_ops += P * outC * (relu ? 3 : 2);
//           buffer_bytes += 4 * P * outC
// other vector instructions: digital_ops += numel(output);
//           buffer_bytes += 4 * (numel(inputs) + numel(output))
//           where the inputs are every tensor operand read (for CONCAT all of
//           them; for DEPTHWISE_CONV the input, weight and bias); except
//           DEPTHWISE_CONV: digital_ops += numel(output) * kH * kW
//           (one multiply-add per window cell) and
//           MATMUL_DIGITAL: digital_ops += numel(output) * K.
// SEND: noc_bytes += 4 * numel(tensor)
// macs (logical, mode independent) += P * K * outC per layer, counted once at
// its EPILOGUE.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PROGRAM_PROGRAM_H
#define CIM_PROGRAM_PROGRAM_H

#include "cim/Arch/Arch.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cim::program {

enum class TensorRole : uint8_t { Input = 0, Output = 1, Intermediate = 2, Constant = 3 };

/// A float32 tensor in the chip's activation buffer.
struct TensorDesc {
  std::string name;            // ONNX value name for inputs/outputs
  std::vector<int64_t> shape;  // row-major; activations are NHWC
  TensorRole role = TensorRole::Intermediate;
  uint64_t offset = 0;         // element offset in the buffer (allocation)
  std::vector<float> data;     // only for Constant tensors
  int64_t numel() const;
};

enum class LayerKind : uint8_t { Conv2D = 0, MatMul = 1 };
enum class TilePolarity : uint8_t { Offset = 0, Positive = 1, Negative = 2 };

/// A crossbar-bound linear layer. MatMul is a conv with kH = kW = 1 on an
/// input of shape [batch, inH = rows, inW = 1, inC = K].
struct Layer {
  std::string name; // ONNX node name
  LayerKind kind = LayerKind::Conv2D;
  int64_t batch = 1, inH = 1, inW = 1, inC = 1;
  int64_t outH = 1, outW = 1, outC = 1;
  int64_t kH = 1, kW = 1, strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;

  double inputScale = 1;
  bool inputSigned = false;
  uint32_t inputBits = 8;
  uint32_t weightBits = 8;
  uint32_t cellBits = 2;
  uint32_t dacBits = 1;
  PolarityScheme polarity = PolarityScheme::Offset;
  uint32_t rowsPerBlock = 128; // im2col rows per row block (active rows)
  std::vector<double> outScale; // [outC]: inputScale * weightScale[oc]
  std::vector<double> bias;     // [outC]
  bool relu = false;
  uint32_t adcBits = 8;   // default ADC setting (ADC_SET may change it)
  uint64_t adcRange = 0;  // full-scale column sum

  int64_t kRows() const { return kH * kW * inC; }
  int64_t rowBlocks() const { return (kRows() + rowsPerBlock - 1) / rowsPerBlock; }
  int64_t pixels() const { return batch * outH * outW; }
  /// Bits of the stored value: Wb (Offset) or Wb-1 (Differential).
  uint32_t storedBits() const;
  /// Number of bit-slices: ceil(storedBits / cellBits).
  uint32_t slices() const;
};

/// One block of a layer's weight matrix on one physical array.
struct Tile {
  uint32_t layer = 0;
  uint32_t rowBlock = 0;
  uint32_t rowBegin = 0, rowEnd = 0; // im2col rows [begin, end)
  uint32_t colBegin = 0, colEnd = 0; // output channels [begin, end)
  uint32_t slice = 0;
  TilePolarity polarity = TilePolarity::Offset;
  uint32_t core = 0, array = 0;      // array index within the core
  uint32_t arrayRow = 0, arrayCol = 0; // placement inside the array
};

/// Cell levels of one physical array, row-major rows x cols.
struct ArrayImage {
  uint32_t core = 0, array = 0;
  std::vector<uint8_t> levels;
};

/// The ADC setting of one tile in one operating point (0 bits: the layer's
/// setting, from ADC_SET or Layer::adcBits/adcRange).
struct AdcSetting {
  uint32_t bits = 0;
  uint64_t range = 0; // full-scale column sum
  /// Interval coding (0: off): the SAR first compares against the top of
  /// the fine interval, codes below 2^fineBits then take fineBits trials,
  /// the others `bits` (plus that one comparison either way). The code is
  /// the same as without; only the trials differ. finePpm: the calibrated
  /// share of conversions in the fine interval, for the estimator.
  uint32_t fineBits = 0;
  uint32_t finePpm = 0;
  bool operator==(const AdcSetting &o) const {
    return bits == o.bits && range == o.range && fineBits == o.fineBits &&
           finePpm == o.finePpm;
  }
};

/// What one layer does in one operating point. Every field's default is
/// the full-precision, all-analog, all-channel behaviour of the layer.
struct ModeLayer {
  uint32_t weightBits = 8; // active weight bits (MSB side), <= Layer::weightBits
  uint32_t inputBits = 8;  // active input bits (MSB side), <= Layer::inputBits
  /// Output channels [0, activeChannels) are computed; the others are
  /// power-gated and read as 0. 0: all.
  uint32_t activeChannels = 0;
  /// Im2col row k is driven iff (k mod inputPeriod) < activeInputs, i.e.
  /// only the active channels of the producing layer are read. 0: all rows.
  uint32_t activeInputs = 0;
  uint32_t inputPeriod = 0;
  /// Hybrid digital/analog boundary: the bit-plane products of significance
  /// sig(j, s) = (shift + j*dacBits) + s*cellBits >= topSig - digitalPlanes + 1
  /// (topSig: the largest sig of the layer at full precision) run in digital
  /// CIM, exactly; the rest go through the ADC. 0: all analog.
  uint32_t digitalPlanes = 0;
  /// Saliency: a pixel whose largest |input code| is >= saliencyThreshold
  /// runs with salientPlanes digital planes instead. 0: off.
  uint32_t salientPlanes = 0;
  uint64_t saliencyThreshold = 0;
  /// A (pixel, input cycle, row block) whose driven input digits are all
  /// zero is neither read nor converted: its column sums are known to be 0.
  bool skipZeroPlanes = false;
  /// Calibrated expectations the estimator uses for the data-dependent
  /// fields, in parts per million: the share of (pixel, cycle, row block)
  /// planes that are not all zero, and the share of salient pixels. The
  /// simulator counts what really happens.
  uint32_t nonzeroPlanesPpm = 1000000;
  uint32_t salientPpm = 0;
  /// One ADC setting per tile of the layer, in Program::tiles order; empty:
  /// the layer's setting for every tile.
  std::vector<AdcSetting> tileAdc;
};

struct Mode {
  std::string name;
  std::vector<ModeLayer> layers; // one per Layer
};

enum class Opcode : uint16_t {
  Halt = 0,
  SetMode = 1,    // [mode]
  AdcSet = 2,     // [layer, bits, range]
  Quant = 3,      // [layer, input tensor]
  Mvm = 4,        // [layer, row block]
  Epilogue = 5,   // [layer, output tensor]
  MaxPool = 6,    // [in, out, kH, kW, sH, sW, padT, padL, padB, padR]
  AvgPool = 7,    // [in, out, kH, kW, sH, sW, padT, padL, padB, padR, countIncludePad]
  Add = 8,        // [a, b, out]           numpy broadcasting
  Relu = 9,       // [in, out]
  Copy = 10,      // [in, out]             reshape: same elements, new shape
  Transpose = 11, // [in, out, perm...]
  Send = 12,      // [tensor, dstCore, token]
  Recv = 13,      // [tensor, srcCore, token]
  Barrier = 14,   // []
  Mul = 15,       // [a, b, out]           numpy broadcasting
  Unary = 16,     // [in, out, fn]         fn: UnaryFn
  Binary = 17,    // [a, b, out, fn]       numpy broadcasting; fn: BinaryFn
  Clamp = 18,     // [in, out, loBits, hiBits]  bounds as f32 bit patterns
  Slice = 19,     // [in, out, start...]   one start per dim; sizes = out shape
  Concat = 20,    // [out, axis, in...]    at least one input
  Pad = 21,       // [in, out, valueBits, before0, after0, before1, ...]
  Reduce = 22,    // [in, out, axis, fn]   axis kept with extent 1; ReduceFn
  MatMulDigital = 23, // [a, b, out]       [B|1,N,K] x [B|1,K,M] -> [B,N,M]
  DepthwiseConv = 24, // [in, weight, bias, out, sH, sW, padT, padL, padB,
                      //  padR, dilH, dilW]; weight [kH,kW,C,M], bias [C*M]
  BranchIfZero = 25,  // [cond, skip, region]  if cond's one element is 0,
                      // the next `skip` instructions are not executed
  Jump = 26,          // [skip, region]        the next `skip` instructions
                      // are not executed
};
constexpr uint16_t kLastOpcode = 26;

/// A conditional region (a tosa.cond_if) in the instruction streams:
///
///   BRANCH_IF_ZERO cond, skip = |then| + 1, region   (per core)
///   ...then-block...
///   JUMP skip = |else|, region                        (if the else-block
///   ...else-block...                                   is not empty)
///
/// Every core with instructions in either block has its own branch on the
/// same condition (received from the core that computed it) and the same
/// region number, so all cores take the same path. Branches only go forward:
/// a stream still runs each instruction at most once.

/// Function codes of UNARY (the lookup-table activation unit).
enum class UnaryFn : uint8_t {
  Sigmoid = 0, Tanh = 1, Erf = 2, Exp = 3, Log = 4, Reciprocal = 5,
  Rsqrt = 6, Abs = 7, Negate = 8, Floor = 9, Ceil = 10,
};
constexpr int64_t kLastUnaryFn = 10;

/// Function codes of BINARY.
enum class BinaryFn : uint8_t {
  Sub = 0, Maximum = 1, Minimum = 2, Pow = 3, Div = 4,
  // Comparisons: 1.0 where the relation holds, 0.0 elsewhere.
  GreaterEqual = 5, Greater = 6, Equal = 7,
};
constexpr int64_t kLastBinaryFn = 7;

/// Function codes of REDUCE.
enum class ReduceFn : uint8_t { Sum = 0, Max = 1, Min = 2, Product = 3 };
constexpr int64_t kLastReduceFn = 3;

/// Lower-case names of the function codes (as in the cimisa dialect), or
/// nullptr for an unknown code.
const char *unaryFnName(int64_t fn);
const char *binaryFnName(int64_t fn);
const char *reduceFnName(int64_t fn);


/// The instruction's mnemonic (as in the cimisa dialect).
const char *opcodeName(Opcode op);

struct Instr {
  Opcode op = Opcode::Halt;
  std::vector<int64_t> operands;
  uint32_t symbol = 0; // index into Program::symbols (ONNX node name), 0 = none
};

/// Tensor operands a vector instruction reads (inputs) and writes (output);
/// for any other instruction, no inputs and output -1. Missing operands are
/// -1.
void vectorTensorOperands(const Instr &instr, std::vector<int64_t> &inputs,
                          int64_t &output);

struct CoreStream {
  uint32_t core = 0;
  std::vector<Instr> instrs; // ends with Halt
};

struct Program {
  uint32_t formatVersion = 2;
  std::string producer; // "cim <version>"
  ArchSpec arch;
  std::string archJson; // canonical arch JSON, hashed into the header
  std::string modelName;
  std::vector<TensorDesc> tensors;
  std::vector<Layer> layers;
  std::vector<Tile> tiles;
  std::vector<ArrayImage> arrays;
  std::vector<Mode> modes; // modes[0] is the default
  std::vector<CoreStream> cores;
  std::vector<std::string> symbols; // symbols[0] == ""
  uint64_t bufferElements = 0;     // size of the activation buffer
};

/// Checks internal consistency (indices in range, shapes, operand counts,
/// levels below 2^cellBits, tiles inside arrays). Returns a message naming
/// the offending element, or success.
llvm::Error verifyProgram(const Program &program);

/// The operand checks verifyProgram applies to instruction `index` of the
/// stream of core `core` (counts, indices, shapes); the simulator runs them
/// before executing a vector instruction.
llvm::Error verifyInstruction(const Program &program, uint32_t core,
                              size_t index, const Instr &instr);

} // namespace cim::program

#endif // CIM_PROGRAM_PROGRAM_H
