//===- Verify.cpp - Consistency check of an in-memory .cimb program -------===//
//
// verifyProgram() is the single gate every Program passes before it is
// written, simulated or priced: the binary reader runs it on untrusted input,
// so every index, size and product is checked before it is used, and no
// arithmetic here can overflow on hostile values.
//
//===----------------------------------------------------------------------===//

#include "cim/Program/Program.h"
#include "cim/Program/Semantics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <optional>
#include <set>
#include <utility>

using namespace cim;
using namespace cim::program;

namespace {

/// Dimensions and element counts larger than this are rejected; it keeps
/// every product below in int64 range.
constexpr int64_t kMaxExtent = int64_t(1) << 40;
constexpr int64_t kMaxDim = int64_t(1) << 24;

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Product of `dims`, or nullopt if a dimension is negative or the product
/// exceeds kMaxExtent.
std::optional<int64_t> checkedNumel(const std::vector<int64_t> &dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxExtent)
      return std::nullopt;
    if (d != 0 && n > kMaxExtent / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

std::string tensorLabel(const Program &p, size_t i) {
  return llvm::formatv("tensor {0} ('{1}')", i, p.tensors[i].name).str();
}

std::string layerLabel(const Program &p, size_t i) {
  return llvm::formatv("layer {0} ('{1}')", i, p.layers[i].name).str();
}

llvm::Error verifyTensors(const Program &p) {
  for (size_t i = 0; i < p.tensors.size(); ++i) {
    const TensorDesc &t = p.tensors[i];
    if (static_cast<uint8_t>(t.role) > static_cast<uint8_t>(TensorRole::Constant))
      return fail(tensorLabel(p, i) + ": unknown role " +
                  llvm::Twine(static_cast<unsigned>(t.role)));
    if (t.shape.size() > 8)
      return fail(tensorLabel(p, i) + ": rank " + llvm::Twine(t.shape.size()) +
                  " exceeds 8");
    std::optional<int64_t> n = checkedNumel(t.shape);
    if (!n)
      return fail(tensorLabel(p, i) +
                  ": shape has a negative or oversized dimension");
    if (t.role == TensorRole::Constant) {
      if (static_cast<int64_t>(t.data.size()) != *n)
        return fail(tensorLabel(p, i) + ": constant holds " +
                    llvm::Twine(t.data.size()) + " values but its shape has " +
                    llvm::Twine(*n) + " elements");
    } else if (!t.data.empty()) {
      return fail(tensorLabel(p, i) +
                  ": only constant tensors may carry data");
    }
    if (t.offset > p.bufferElements ||
        static_cast<uint64_t>(*n) > p.bufferElements - t.offset)
      return fail(tensorLabel(p, i) + ": elements [" + llvm::Twine(t.offset) +
                  ", " + llvm::Twine(t.offset + static_cast<uint64_t>(*n)) +
                  ") lie outside the buffer of " +
                  llvm::Twine(p.bufferElements) + " elements");
  }
  return llvm::Error::success();
}

llvm::Error verifyLayer(const Program &p, size_t i) {
  const Layer &l = p.layers[i];
  std::string label = layerLabel(p, i);
  if (static_cast<uint8_t>(l.kind) > static_cast<uint8_t>(LayerKind::MatMul))
    return fail(label + ": unknown kind " +
                llvm::Twine(static_cast<unsigned>(l.kind)));
  if (static_cast<uint8_t>(l.polarity) >
      static_cast<uint8_t>(PolarityScheme::Differential))
    return fail(label + ": unknown polarity scheme " +
                llvm::Twine(static_cast<unsigned>(l.polarity)));
  const std::pair<const char *, int64_t> positive[] = {
      {"batch", l.batch},         {"inH", l.inH},
      {"inW", l.inW},             {"inC", l.inC},
      {"outH", l.outH},           {"outW", l.outW},
      {"outC", l.outC},           {"kH", l.kH},
      {"kW", l.kW},               {"strideH", l.strideH},
      {"strideW", l.strideW},     {"dilationH", l.dilationH},
      {"dilationW", l.dilationW}};
  for (const auto &[name, value] : positive)
    if (value < 1 || value > kMaxDim)
      return fail(label + ": " + name + " = " + llvm::Twine(value) +
                  " is outside [1, " + llvm::Twine(kMaxDim) + "]");
  const std::pair<const char *, int64_t> pads[] = {{"padTop", l.padTop},
                                                   {"padLeft", l.padLeft},
                                                   {"padBottom", l.padBottom},
                                                   {"padRight", l.padRight}};
  for (const auto &[name, value] : pads)
    if (value < 0 || value > kMaxDim)
      return fail(label + ": " + name + " = " + llvm::Twine(value) +
                  " is outside [0, " + llvm::Twine(kMaxDim) + "]");
  if (l.kind == LayerKind::MatMul &&
      (l.kH != 1 || l.kW != 1 || l.inW != 1 || l.outW != 1 ||
       l.outH != l.inH || l.padTop || l.padLeft || l.padBottom || l.padRight))
    return fail(label + ": a matmul layer must be a 1x1 convolution over "
                        "[batch, rows, 1, K] without padding");
  // Output size of a (dilated, strided, padded) convolution.
  auto outSize = [](int64_t in, int64_t padA, int64_t padB, int64_t k,
                    int64_t dil, int64_t stride) -> int64_t {
    int64_t span = dil * (k - 1) + 1;
    int64_t padded = in + padA + padB;
    if (padded < span)
      return 0;
    return (padded - span) / stride + 1;
  };
  int64_t oh = outSize(l.inH, l.padTop, l.padBottom, l.kH, l.dilationH,
                       l.strideH);
  int64_t ow = outSize(l.inW, l.padLeft, l.padRight, l.kW, l.dilationW,
                       l.strideW);
  if (oh != l.outH || ow != l.outW)
    return fail(label + ": output " + llvm::Twine(l.outH) + "x" +
                llvm::Twine(l.outW) + " does not match the convolution of " +
                llvm::Twine(l.inH) + "x" + llvm::Twine(l.inW) + ", which gives " +
                llvm::Twine(oh) + "x" + llvm::Twine(ow));
  if (!checkedNumel({l.batch, l.inH, l.inW, l.inC}) ||
      !checkedNumel({l.batch, l.outH, l.outW, l.outC}) ||
      !checkedNumel({l.kH, l.kW, l.inC, l.outC}))
    return fail(label + ": tensor sizes exceed 2^40 elements");
  if (!std::isfinite(l.inputScale) || l.inputScale <= 0)
    return fail(label + ": inputScale must be finite and positive");
  if (l.inputBits < 1 || l.inputBits > 16)
    return fail(label + ": inputBits = " + llvm::Twine(l.inputBits) +
                " is outside [1, 16]");
  if (l.inputSigned && l.inputBits < 2)
    return fail(label + ": a signed input needs at least 2 bits");
  if (l.weightBits < 2 || l.weightBits > 16)
    return fail(label + ": weightBits = " + llvm::Twine(l.weightBits) +
                " is outside [2, 16]");
  if (l.cellBits < 1 || l.cellBits > 8)
    return fail(label + ": cellBits = " + llvm::Twine(l.cellBits) +
                " is outside [1, 8]");
  if (p.arch.cellBits && l.cellBits > p.arch.cellBits)
    return fail(label + ": cellBits = " + llvm::Twine(l.cellBits) +
                " exceeds the arch's " + llvm::Twine(p.arch.cellBits));
  if (l.dacBits < 1 || l.dacBits > l.inputBits)
    return fail(label + ": dacBits = " + llvm::Twine(l.dacBits) +
                " is outside [1, inputBits]");
  if (l.rowsPerBlock < 1 || (p.arch.rows && l.rowsPerBlock > p.arch.rows))
    return fail(label + ": rowsPerBlock = " + llvm::Twine(l.rowsPerBlock) +
                " is outside [1, " + llvm::Twine(p.arch.rows) + "]");
  if (l.adcBits < 1 || l.adcBits > 32)
    return fail(label + ": adcBits = " + llvm::Twine(l.adcBits) +
                " is outside [1, 32]");
  if (l.adcRange > (uint64_t(1) << 48))
    return fail(label + ": adcRange = " + llvm::Twine(l.adcRange) +
                " exceeds 2^48");
  if (static_cast<int64_t>(l.outScale.size()) != l.outC ||
      static_cast<int64_t>(l.bias.size()) != l.outC)
    return fail(label + ": outScale has " + llvm::Twine(l.outScale.size()) +
                " and bias " + llvm::Twine(l.bias.size()) +
                " values; expected outC = " + llvm::Twine(l.outC));
  for (size_t c = 0; c < l.outScale.size(); ++c)
    if (!std::isfinite(l.outScale[c]) || !std::isfinite(l.bias[c]))
      return fail(label + ": outScale/bias of channel " + llvm::Twine(c) +
                  " is not finite");
  return llvm::Error::success();
}

llvm::Error verifyTiles(const Program &p) {
  for (size_t i = 0; i < p.tiles.size(); ++i) {
    const Tile &t = p.tiles[i];
    std::string label = "tile " + std::to_string(i);
    if (t.layer >= p.layers.size())
      return fail(label + ": layer " + llvm::Twine(t.layer) +
                  " out of range (" + llvm::Twine(p.layers.size()) +
                  " layers)");
    const Layer &l = p.layers[t.layer];
    if (t.rowBlock >= l.rowBlocks())
      return fail(label + ": row block " + llvm::Twine(t.rowBlock) +
                  " out of range (" + llvm::Twine(l.rowBlocks()) +
                  " row blocks)");
    int64_t blockBegin = int64_t(t.rowBlock) * l.rowsPerBlock;
    int64_t blockEnd = std::min<int64_t>(blockBegin + l.rowsPerBlock, l.kRows());
    if (t.rowBegin >= t.rowEnd || t.rowBegin < blockBegin ||
        t.rowEnd > blockEnd)
      return fail(label + ": rows [" + llvm::Twine(t.rowBegin) + ", " +
                  llvm::Twine(t.rowEnd) + ") are empty or outside row block " +
                  llvm::Twine(t.rowBlock) + " = [" + llvm::Twine(blockBegin) +
                  ", " + llvm::Twine(blockEnd) + ")");
    if (t.colBegin >= t.colEnd || t.colEnd > l.outC)
      return fail(label + ": columns [" + llvm::Twine(t.colBegin) + ", " +
                  llvm::Twine(t.colEnd) + ") are empty or beyond outC = " +
                  llvm::Twine(l.outC));
    if (t.slice >= l.slices())
      return fail(label + ": slice " + llvm::Twine(t.slice) +
                  " out of range (" + llvm::Twine(l.slices()) + " slices)");
    bool offsetTile = t.polarity == TilePolarity::Offset;
    if (static_cast<uint8_t>(t.polarity) >
            static_cast<uint8_t>(TilePolarity::Negative) ||
        offsetTile != (l.polarity == PolarityScheme::Offset))
      return fail(label + ": polarity " +
                  llvm::Twine(static_cast<unsigned>(t.polarity)) +
                  " does not fit the layer's polarity scheme");
    if (t.core >= p.arch.cores || t.array >= p.arch.arraysPerCore)
      return fail(label + ": array (core " + llvm::Twine(t.core) + ", array " +
                  llvm::Twine(t.array) + ") is outside the arch's " +
                  llvm::Twine(p.arch.cores) + " cores x " +
                  llvm::Twine(p.arch.arraysPerCore) + " arrays");
    uint64_t rows = t.rowEnd - t.rowBegin, cols = t.colEnd - t.colBegin;
    if (uint64_t(t.arrayRow) + rows > p.arch.rows ||
        uint64_t(t.arrayCol) + cols > p.arch.cols)
      return fail(label + ": " + llvm::Twine(rows) + "x" + llvm::Twine(cols) +
                  " block at (" + llvm::Twine(t.arrayRow) + ", " +
                  llvm::Twine(t.arrayCol) + ") does not fit a " +
                  llvm::Twine(p.arch.rows) + "x" + llvm::Twine(p.arch.cols) +
                  " array");
  }
  return llvm::Error::success();
}

llvm::Error verifyArrays(const Program &p) {
  std::set<std::pair<uint32_t, uint32_t>> seen;
  uint64_t cells = uint64_t(p.arch.rows) * p.arch.cols;
  unsigned maxLevel = p.arch.cellBits >= 8 ? 255 : (1u << p.arch.cellBits) - 1;
  for (size_t i = 0; i < p.arrays.size(); ++i) {
    const ArrayImage &a = p.arrays[i];
    std::string label = "array image " + std::to_string(i) + " (core " +
                        std::to_string(a.core) + ", array " +
                        std::to_string(a.array) + ")";
    if (a.core >= p.arch.cores || a.array >= p.arch.arraysPerCore)
      return fail(label + ": outside the arch's " + llvm::Twine(p.arch.cores) +
                  " cores x " + llvm::Twine(p.arch.arraysPerCore) + " arrays");
    if (!seen.insert({a.core, a.array}).second)
      return fail(label + ": the array has more than one image");
    if (a.levels.size() != cells)
      return fail(label + ": holds " + llvm::Twine(a.levels.size()) +
                  " levels; expected rows x cols = " + llvm::Twine(cells));
    for (size_t c = 0; c < a.levels.size(); ++c)
      if (a.levels[c] > maxLevel)
        return fail(label + ": level " + llvm::Twine(a.levels[c]) +
                    " at cell " + llvm::Twine(c) + " needs more than " +
                    llvm::Twine(p.arch.cellBits) + " cell bits");
  }
  // A tile reads only the cell bits its layer stores.
  for (size_t i = 0; i < p.tiles.size(); ++i) {
    const Tile &t = p.tiles[i];
    const Layer &l = p.layers[t.layer];
    auto it = llvm::find_if(p.arrays, [&](const ArrayImage &a) {
      return a.core == t.core && a.array == t.array;
    });
    if (it == p.arrays.end())
      return fail("tile " + llvm::Twine(i) + ": no image for (core " +
                  llvm::Twine(t.core) + ", array " + llvm::Twine(t.array) + ")");
    unsigned tileMax = (1u << l.cellBits) - 1;
    for (uint32_t r = 0; r < t.rowEnd - t.rowBegin; ++r)
      for (uint32_t c = 0; c < t.colEnd - t.colBegin; ++c) {
        uint64_t cell = uint64_t(t.arrayRow + r) * p.arch.cols + t.arrayCol + c;
        if (it->levels[cell] > tileMax)
          return fail("tile " + llvm::Twine(i) + ": level " +
                      llvm::Twine(it->levels[cell]) + " at array cell (" +
                      llvm::Twine(t.arrayRow + r) + ", " +
                      llvm::Twine(t.arrayCol + c) + ") exceeds the layer's " +
                      llvm::Twine(l.cellBits) + " cell bits");
      }
  }
  return llvm::Error::success();
}

llvm::Error verifyModes(const Program &p) {
  if (p.modes.empty())
    return fail("the mode table is empty; modes[0] is the default mode");
  llvm::StringSet<> names;
  std::vector<size_t> tilesPerLayer(p.layers.size());
  for (const Tile &t : p.tiles)
    if (t.layer < p.layers.size())
      ++tilesPerLayer[t.layer];
  for (size_t m = 0; m < p.modes.size(); ++m) {
    const Mode &mode = p.modes[m];
    std::string label = "mode " + std::to_string(m) + " ('" + mode.name + "')";
    if (mode.name.empty())
      return fail(label + ": empty name");
    if (!names.insert(mode.name).second)
      return fail(label + ": duplicate name");
    if (mode.layers.size() != p.layers.size())
      return fail(label + ": has " + llvm::Twine(mode.layers.size()) +
                  " layer entries; expected one per layer (" +
                  llvm::Twine(p.layers.size()) + ")");
    for (size_t i = 0; i < mode.layers.size(); ++i) {
      std::string why = checkModeLayer(p.layers[i], mode.layers[i],
                                       tilesPerLayer[i], p.arch.hasDigitalCim());
      if (!why.empty())
        return fail(label + ": layer " + llvm::Twine(i) + " ('" +
                    p.layers[i].name + "'): " + why);
    }
  }
  return llvm::Error::success();
}

/// Checks one instruction's operands. `self` is the core running it.
class InstrChecker {
public:
  InstrChecker(const Program &p, uint32_t self, size_t index, const Instr &in)
      : p(p), self(self), in(in),
        label(llvm::formatv("core {0} instruction {1} ({2})", self, index,
                            opcodeName(in.op))
                  .str()) {}

  llvm::Error check() {
    switch (in.op) {
    case Opcode::Halt:
    case Opcode::Barrier:
      return count(0);
    case Opcode::SetMode:
      if (auto e = count(1))
        return e;
      return index(0, p.modes.size(), "mode");
    case Opcode::AdcSet:
      if (auto e = count(3))
        return e;
      if (auto e = index(0, p.layers.size(), "layer"))
        return e;
      if (auto e = range(1, 1, 32, "ADC bits"))
        return e;
      return range(2, 0, int64_t(1) << 48, "ADC range");
    case Opcode::Quant: {
      if (auto e = count(2))
        return e;
      if (auto e = index(0, p.layers.size(), "layer"))
        return e;
      if (auto e = index(1, p.tensors.size(), "tensor"))
        return e;
      const Layer &l = layer(0);
      return numelIs(1, l.batch * l.inH * l.inW * l.inC,
                     "the layer's input batch*inH*inW*inC");
    }
    case Opcode::Mvm: {
      if (auto e = count(2))
        return e;
      if (auto e = index(0, p.layers.size(), "layer"))
        return e;
      return index(1, layer(0).rowBlocks(), "row block");
    }
    case Opcode::Epilogue: {
      if (auto e = count(2))
        return e;
      if (auto e = index(0, p.layers.size(), "layer"))
        return e;
      if (auto e = index(1, p.tensors.size(), "tensor"))
        return e;
      const Layer &l = layer(0);
      return numelIs(1, l.pixels() * l.outC, "the layer's output pixels*outC");
    }
    case Opcode::MaxPool:
      return pool(10);
    case Opcode::AvgPool:
      if (auto e = pool(11))
        return e;
      return range(10, 0, 1, "countIncludePad");
    case Opcode::Add:
    case Opcode::Mul:
      return broadcast(3);
    case Opcode::Relu:
    case Opcode::Copy:
      if (auto e = count(2))
        return e;
      if (auto e = tensors(0, 2))
        return e;
      return numelIs(1, tensor(0).numel(), "the input's element count");
    case Opcode::Transpose:
      return transpose();
    case Opcode::Unary:
      if (auto e = count(3))
        return e;
      if (auto e = tensors(0, 2))
        return e;
      if (auto e = range(2, 0, kLastUnaryFn, "unary function"))
        return e;
      return shapeIs(1, tensor(0).shape);
    case Opcode::Binary:
      if (in.operands.size() != 4)
        return count(4);
      if (auto e = range(3, 0, kLastBinaryFn, "binary function"))
        return e;
      return broadcast(4);
    case Opcode::Clamp:
      if (auto e = count(4))
        return e;
      if (auto e = tensors(0, 2))
        return e;
      if (auto e = range(2, 0, 0xffffffffll, "lower bound bits"))
        return e;
      if (auto e = range(3, 0, 0xffffffffll, "upper bound bits"))
        return e;
      return shapeIs(1, tensor(0).shape);
    case Opcode::Slice:
      return slice();
    case Opcode::Concat:
      return concat();
    case Opcode::Pad:
      return pad();
    case Opcode::Reduce:
      return reduce();
    case Opcode::MatMulDigital:
      return matmul();
    case Opcode::DepthwiseConv:
      return depthwise();
    case Opcode::Send:
    case Opcode::Recv:
      if (auto e = count(3))
        return e;
      if (auto e = index(0, p.tensors.size(), "tensor"))
        return e;
      if (auto e = index(1, p.arch.cores, "peer core"))
        return e;
      if (in.operands[1] == self)
        return fail(label + ": a core cannot talk to itself");
      return range(2, 0, int64_t(1) << 32, "token");
    case Opcode::BranchIfZero:
      if (auto e = count(3))
        return e;
      if (auto e = index(0, p.tensors.size(), "tensor"))
        return e;
      if (auto e = numelIs(0, 1, "one element (the condition)"))
        return e;
      if (auto e = range(1, 0, int64_t(1) << 32, "skip"))
        return e;
      return range(2, 0, int64_t(1) << 32, "region");
    case Opcode::Jump:
      if (auto e = count(2))
        return e;
      if (auto e = range(0, 0, int64_t(1) << 32, "skip"))
        return e;
      return range(1, 0, int64_t(1) << 32, "region");
    }
    return fail(label + ": unknown opcode " +
                llvm::Twine(static_cast<unsigned>(in.op)));
  }

private:
  llvm::Error count(size_t n) {
    if (in.operands.size() != n)
      return fail(label + ": expected " + llvm::Twine(n) + " operands, got " +
                  llvm::Twine(in.operands.size()));
    return llvm::Error::success();
  }
  llvm::Error range(size_t i, int64_t lo, int64_t hi, const char *what) {
    int64_t v = in.operands[i];
    if (v < lo || v > hi)
      return fail(label + ": " + what + " " + llvm::Twine(v) +
                  " is outside [" + llvm::Twine(lo) + ", " + llvm::Twine(hi) +
                  "]");
    return llvm::Error::success();
  }
  llvm::Error index(size_t i, uint64_t size, const char *what) {
    int64_t v = in.operands[i];
    if (v < 0 || static_cast<uint64_t>(v) >= size)
      return fail(label + ": " + what + " " + llvm::Twine(v) +
                  " out of range (" + llvm::Twine(size) + ")");
    return llvm::Error::success();
  }
  llvm::Error tensors(size_t first, size_t n) {
    for (size_t i = first; i < first + n; ++i)
      if (auto e = index(i, p.tensors.size(), "tensor"))
        return e;
    return llvm::Error::success();
  }
  const Layer &layer(size_t i) const { return p.layers[in.operands[i]]; }
  const TensorDesc &tensor(size_t i) const { return p.tensors[in.operands[i]]; }
  llvm::Error numelIs(size_t i, int64_t expected, const char *what) {
    int64_t n = tensor(i).numel();
    if (n != expected)
      return fail(label + ": tensor " + llvm::Twine(in.operands[i]) + " has " +
                  llvm::Twine(n) + " elements; expected " + what + " = " +
                  llvm::Twine(expected));
    return llvm::Error::success();
  }
  llvm::Error shapeIs(size_t i, const std::vector<int64_t> &expected) {
    if (tensor(i).shape != expected) {
      std::string want;
      llvm::raw_string_ostream os(want);
      llvm::interleave(expected, os, "x");
      return fail(label + ": tensor " + llvm::Twine(in.operands[i]) +
                  " has the wrong shape; expected " + want);
    }
    return llvm::Error::success();
  }

  llvm::Error pool(size_t n) {
    if (auto e = count(n))
      return e;
    if (auto e = tensors(0, 2))
      return e;
    for (size_t i = 2; i < 6; ++i)
      if (auto e = range(i, 1, kMaxDim, "window/stride"))
        return e;
    for (size_t i = 6; i < 10; ++i)
      if (auto e = range(i, 0, kMaxDim, "padding"))
        return e;
    const TensorDesc &x = tensor(0);
    if (x.shape.size() != 4)
      return fail(label + ": the input must be NHWC (rank 4)");
    const auto &o = in.operands;
    int64_t ph = x.shape[1] + o[6] + o[8], pw = x.shape[2] + o[7] + o[9];
    if (ph < o[2] || pw < o[3])
      return fail(label + ": the window is larger than the padded input");
    return shapeIs(1, {x.shape[0], (ph - o[2]) / o[4] + 1,
                       (pw - o[3]) / o[5] + 1, x.shape[3]});
  }

  /// [a, b, out, ...]: out has the broadcast shape of a and b.
  llvm::Error broadcast(size_t n) {
    if (auto e = count(n))
      return e;
    if (auto e = tensors(0, 3))
      return e;
    const auto &a = tensor(0).shape, &b = tensor(1).shape;
    size_t rank = std::max(a.size(), b.size());
    std::vector<int64_t> out(rank);
    for (size_t i = 0; i < rank; ++i) {
      int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
      int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
      if (da != db && da != 1 && db != 1)
        return fail(label + ": operand shapes do not broadcast at dimension " +
                    llvm::Twine(i));
      out[i] = da == 1 ? db : da;
    }
    return shapeIs(2, out);
  }

  llvm::Error transpose() {
    if (in.operands.size() < 2)
      return fail(label + ": expected 2 + rank operands, got " +
                  llvm::Twine(in.operands.size()));
    if (auto e = tensors(0, 2))
      return e;
    const auto &x = tensor(0).shape;
    if (auto e = count(2 + x.size()))
      return e;
    std::vector<int64_t> out;
    std::vector<bool> used(x.size(), false);
    for (size_t i = 0; i < x.size(); ++i) {
      if (auto e = index(2 + i, x.size(), "permutation entry"))
        return e;
      int64_t d = in.operands[2 + i];
      if (used[d])
        return fail(label + ": the permutation repeats dimension " +
                    llvm::Twine(d));
      used[d] = true;
      out.push_back(x[d]);
    }
    return shapeIs(1, out);
  }

  /// Checks tensors 0 and 1, then that there are `fixed` operands plus
  /// `perDim` per dimension of tensor 0.
  llvm::Error perDimension(size_t fixed, size_t perDim) {
    if (in.operands.size() < 2)
      return fail(label + ": expected at least 2 operands, got " +
                  llvm::Twine(in.operands.size()));
    if (auto e = tensors(0, 2))
      return e;
    return count(fixed + perDim * tensor(0).shape.size());
  }

  llvm::Error slice() {
    if (auto e = perDimension(2, 1))
      return e;
    const auto &x = tensor(0).shape, &y = tensor(1).shape;
    if (y.size() != x.size())
      return fail(label + ": the output rank differs from the input's");
    for (size_t d = 0; d < x.size(); ++d) {
      int64_t start = in.operands[2 + d];
      if (start < 0 || start > x[d] || y[d] > x[d] - start)
        return fail(label + ": dimension " + llvm::Twine(d) + " slices [" +
                    llvm::Twine(start) + ", +" + llvm::Twine(y[d]) +
                    ") outside the input's extent " + llvm::Twine(x[d]));
    }
    return llvm::Error::success();
  }

  llvm::Error concat() {
    if (in.operands.size() < 3)
      return fail(label + ": expected an output, an axis and at least one "
                          "input, got " +
                  llvm::Twine(in.operands.size()) + " operands");
    if (auto e = index(0, p.tensors.size(), "tensor"))
      return e;
    if (auto e = tensors(2, in.operands.size() - 2))
      return e;
    const auto &y = tensor(0).shape;
    if (auto e = index(1, y.size(), "axis"))
      return e;
    size_t axis = in.operands[1];
    int64_t extent = 0;
    for (size_t i = 2; i < in.operands.size(); ++i) {
      const auto &x = tensor(i).shape;
      if (x.size() != y.size())
        return fail(label + ": input " + llvm::Twine(i - 2) +
                    " has another rank than the output");
      for (size_t d = 0; d < y.size(); ++d)
        if (d != axis && x[d] != y[d])
          return fail(label + ": input " + llvm::Twine(i - 2) +
                      " differs from the output in dimension " +
                      llvm::Twine(d));
      extent += x[axis];
    }
    if (extent != y[axis])
      return fail(label + ": the inputs add up to " + llvm::Twine(extent) +
                  " along the axis; the output has " + llvm::Twine(y[axis]));
    return llvm::Error::success();
  }

  llvm::Error pad() {
    if (auto e = perDimension(3, 2))
      return e;
    if (auto e = range(2, 0, 0xffffffffll, "pad value bits"))
      return e;
    const auto &x = tensor(0).shape;
    std::vector<int64_t> out;
    for (size_t d = 0; d < x.size(); ++d) {
      if (auto e = range(3 + 2 * d, 0, kMaxDim, "padding"))
        return e;
      if (auto e = range(4 + 2 * d, 0, kMaxDim, "padding"))
        return e;
      out.push_back(x[d] + in.operands[3 + 2 * d] + in.operands[4 + 2 * d]);
    }
    return shapeIs(1, out);
  }

  llvm::Error reduce() {
    if (auto e = count(4))
      return e;
    if (auto e = tensors(0, 2))
      return e;
    std::vector<int64_t> out = tensor(0).shape;
    if (auto e = index(2, out.size(), "axis"))
      return e;
    if (auto e = range(3, 0, kLastReduceFn, "reduce function"))
      return e;
    if (out[in.operands[2]] < 1)
      return fail(label + ": the reduced dimension is empty");
    out[in.operands[2]] = 1;
    return shapeIs(1, out);
  }

  llvm::Error matmul() {
    if (auto e = count(3))
      return e;
    if (auto e = tensors(0, 3))
      return e;
    const auto &a = tensor(0).shape, &b = tensor(1).shape;
    if (a.size() != 3 || b.size() != 3)
      return fail(label + ": both operands must have rank 3");
    if (a[0] != b[0] && a[0] != 1 && b[0] != 1)
      return fail(label + ": the batch extents do not broadcast");
    if (a[2] != b[1])
      return fail(label + ": the inner extents differ");
    return shapeIs(2, {std::max(a[0], b[0]), a[1], b[2]});
  }

  llvm::Error depthwise() {
    if (auto e = count(12))
      return e;
    if (auto e = tensors(0, 4))
      return e;
    for (size_t i : {4, 5, 10, 11})
      if (auto e = range(i, 1, kMaxDim, "stride/dilation"))
        return e;
    for (size_t i = 6; i < 10; ++i)
      if (auto e = range(i, 0, kMaxDim, "padding"))
        return e;
    const auto &x = tensor(0).shape, &w = tensor(1).shape;
    if (x.size() != 4 || w.size() != 4)
      return fail(label + ": the input (NHWC) and the weight [kH,kW,C,M] "
                          "must have rank 4");
    if (w[2] != x[3] || w[0] < 1 || w[1] < 1 || w[3] < 1)
      return fail(label + ": the weight does not match the input channels");
    int64_t channels = x[3] * w[3];
    int64_t biasN = tensor(2).numel();
    if (biasN != channels && biasN != 1)
      return fail(label + ": the bias has " + llvm::Twine(biasN) +
                  " elements; expected 1 or C*M = " + llvm::Twine(channels));
    const auto &o = in.operands;
    auto outSize = [](int64_t n, int64_t k, int64_t s, int64_t a, int64_t b,
                      int64_t dil) -> int64_t {
      int64_t span = dil * (k - 1) + 1;
      return n + a + b < span ? -1 : (n + a + b - span) / s + 1;
    };
    int64_t oh = outSize(x[1], w[0], o[4], o[6], o[8], o[10]);
    int64_t ow = outSize(x[2], w[1], o[5], o[7], o[9], o[11]);
    if (oh < 1 || ow < 1)
      return fail(label + ": the window is larger than the padded input");
    return shapeIs(3, {x[0], oh, ow, channels});
  }

  const Program &p;
  uint32_t self;
  const Instr &in;
  std::string label;
};

llvm::Error verifyCores(const Program &p) {
  std::set<uint32_t> seen;
  for (const CoreStream &cs : p.cores) {
    std::string label = "core " + std::to_string(cs.core);
    if (cs.core >= p.arch.cores)
      return fail(label + ": outside the arch's " + llvm::Twine(p.arch.cores) +
                  " cores");
    if (!seen.insert(cs.core).second)
      return fail(label + ": has more than one instruction stream");
    if (cs.instrs.empty() || cs.instrs.back().op != Opcode::Halt)
      return fail(label + ": the instruction stream does not end with halt");
    for (size_t i = 0; i < cs.instrs.size(); ++i) {
      const Instr &in = cs.instrs[i];
      if (in.op == Opcode::Halt && i + 1 != cs.instrs.size())
        return fail(label + " instruction " + llvm::Twine(i) +
                    ": halt before the end of the stream");
      if (in.symbol >= p.symbols.size())
        return fail(label + " instruction " + llvm::Twine(i) + ": symbol " +
                    llvm::Twine(in.symbol) + " out of range (" +
                    llvm::Twine(p.symbols.size()) + " symbols)");
      if (auto e = InstrChecker(p, cs.core, i, in).check())
        return e;
      // Branches go forward and land at most on the final halt.
      if (in.op == Opcode::BranchIfZero || in.op == Opcode::Jump) {
        int64_t skip = in.operands[in.op == Opcode::Jump ? 0 : 1];
        if (int64_t(i) + 1 + skip > int64_t(cs.instrs.size()) - 1)
          return fail(label + " instruction " + llvm::Twine(i) + " (" +
                      opcodeName(in.op) + "): skips " + llvm::Twine(skip) +
                      " instructions, past the end of the stream");
      }
    }
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error cim::program::verifyInstruction(const Program &p, uint32_t core,
                                            size_t index, const Instr &in) {
  return InstrChecker(p, core, index, in).check();
}

llvm::Error cim::program::verifyProgram(const Program &p) {
  if (p.arch.rows == 0 || p.arch.cols == 0 || p.arch.cores == 0 ||
      p.arch.arraysPerCore == 0 || p.arch.cellBits == 0)
    return fail("arch '" + p.arch.name +
                "': rows, cols, cells bits, cores and arrays per core must be "
                "positive");
  if (p.bufferElements > uint64_t(kMaxExtent))
    return fail("the buffer of " + llvm::Twine(p.bufferElements) +
                " elements exceeds 2^40");
  if (p.symbols.empty() || !p.symbols[0].empty())
    return fail("symbols[0] must be the empty symbol");
  if (auto e = verifyTensors(p))
    return e;
  for (size_t i = 0; i < p.layers.size(); ++i)
    if (auto e = verifyLayer(p, i))
      return e;
  if (auto e = verifyTiles(p))
    return e;
  if (auto e = verifyArrays(p))
    return e;
  if (auto e = verifyModes(p))
    return e;
  return verifyCores(p);
}
