//===- Simulator.cpp - Bit-accurate execution of a compiled Program ------===//
//
// The numerics are those of the header comment of cim/Program/Program.h; the
// event counts are incremented as the work is done (per pixel, cycle, tile
// and column), not from the closed-form expressions the estimator uses.
//
//===----------------------------------------------------------------------===//

#include "cim/Sim/Simulator.h"

#include "cim/Estimator/Estimator.h"
#include "cim/Kernels/BitPlanes.h"
#include "cim/Program/Semantics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <deque>
#include <thread>
#include <tuple>

using namespace cim;
using namespace cim::sim;
using estimator::EventCounts;
using program::Instr;
using program::Layer;
using program::ModeLayer;
using program::Opcode;
using program::Program;
using program::TensorDesc;

namespace {

llvm::Error simError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

int64_t numelOf(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double roundHalfEven(double v) {
  double r = std::floor(v);
  double diff = v - r;
  if (diff > 0.5 || (diff == 0.5 && std::fmod(r, 2.0) != 0))
    r += 1;
  return r;
}

const char *opName(Opcode op) { return program::opcodeName(op); }

size_t minOperands(Opcode op) {
  switch (op) {
  case Opcode::Halt: case Opcode::Barrier: return 0;
  case Opcode::SetMode: return 1;
  case Opcode::Quant: case Opcode::Mvm: case Opcode::Epilogue:
  case Opcode::Relu: case Opcode::Copy: case Opcode::Transpose: return 2;
  case Opcode::AdcSet: case Opcode::Add: case Opcode::Mul:
  case Opcode::Send: case Opcode::Recv: return 3;
  case Opcode::MaxPool: return 10;
  case Opcode::AvgPool: return 11;
  case Opcode::Slice: return 2;
  case Opcode::MatMulDigital: case Opcode::Unary: case Opcode::Concat:
  case Opcode::Pad: return 3;
  case Opcode::Binary: case Opcode::Clamp: case Opcode::Reduce: return 4;
  case Opcode::DepthwiseConv: return 12;
  case Opcode::BranchIfZero: return 3;
  case Opcode::Jump: return 2;
  }
  return 0;
}

/// The float32 with IEEE bit pattern `bits` (low 32 bits).
float floatOf(int64_t bits) {
  uint32_t u = static_cast<uint32_t>(bits);
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

kernels::Tensor unaryFn(const kernels::Tensor &x, int64_t fn) {
  switch (static_cast<program::UnaryFn>(fn)) {
  case program::UnaryFn::Sigmoid: return kernels::sigmoid(x);
  case program::UnaryFn::Tanh: return kernels::tanh(x);
  case program::UnaryFn::Erf: return kernels::erf(x);
  case program::UnaryFn::Exp: return kernels::exp(x);
  case program::UnaryFn::Log: return kernels::log(x);
  case program::UnaryFn::Reciprocal: return kernels::reciprocal(x);
  case program::UnaryFn::Rsqrt: return kernels::rsqrt(x);
  case program::UnaryFn::Abs: return kernels::abs(x);
  case program::UnaryFn::Negate: return kernels::negate(x);
  case program::UnaryFn::Floor: return kernels::floor(x);
  case program::UnaryFn::Ceil: return kernels::ceil(x);
  }
  return x; // unreachable: verifyInstruction checked the code
}

kernels::Tensor binaryFn(const kernels::Tensor &a, const kernels::Tensor &b,
                         int64_t fn) {
  switch (static_cast<program::BinaryFn>(fn)) {
  case program::BinaryFn::Sub: return kernels::sub(a, b);
  case program::BinaryFn::Maximum: return kernels::maximum(a, b);
  case program::BinaryFn::Minimum: return kernels::minimum(a, b);
  case program::BinaryFn::Pow: return kernels::pow(a, b);
  case program::BinaryFn::Div: return kernels::div(a, b);
  case program::BinaryFn::GreaterEqual: return kernels::greaterEqual(a, b);
  case program::BinaryFn::Greater: return kernels::greater(a, b);
  case program::BinaryFn::Equal: return kernels::equal(a, b);
  }
  return a; // unreachable: verifyInstruction checked the code
}

kernels::Tensor reduceFn(const kernels::Tensor &x, int64_t axis, int64_t fn) {
  switch (static_cast<program::ReduceFn>(fn)) {
  case program::ReduceFn::Sum: return kernels::reduceSum(x, axis);
  case program::ReduceFn::Max: return kernels::reduceMax(x, axis);
  case program::ReduceFn::Min: return kernels::reduceMin(x, axis);
  case program::ReduceFn::Product: return kernels::reduceProduct(x, axis);
  }
  return x; // unreachable: verifyInstruction checked the code
}

//===----------------------------------------------------------------------===//
// Crossbar reads of one MVM instruction
//===----------------------------------------------------------------------===//

/// Column reads an MVM must have before its pixels are split over threads.
constexpr uint64_t kParallelReads = uint64_t(1) << 15;
/// Largest column sum whose ADC result is tabulated.
constexpr uint64_t kMaxTabulatedSum = uint64_t(1) << 20;

/// One active tile's cell levels as bit planes over the read's rows.
struct PackedTile {
  uint32_t index = 0;      // into Program::tiles
  uint32_t rows = 0;       // the tile's rows
  uint32_t width = 0;      // columns packed: the whole tile
  unsigned levelBits = 0;  // planes: bit length of the largest level
  uint64_t maxSum = 0;     // largest possible column sum
  std::vector<uint64_t> planes; // kernels::bitPlaneDots' w
};

/// The ADC of Program.h on a column sum, with the result of every possible
/// sum tabulated when there are not too many.
struct AdcTable {
  program::AdcSetting adc;
  double maxCode = 0, step = 1;
  std::vector<double> value;
  std::vector<uint8_t> trials;

  AdcTable(const program::AdcSetting &adc, uint64_t maxSum) : adc(adc) {
    maxCode = double((uint64_t(1) << adc.bits) - 1);
    step = std::max(1.0, double(adc.range) / maxCode);
    if (maxSum >= kMaxTabulatedSum)
      return;
    value.resize(maxSum + 1);
    trials.resize(maxSum + 1);
    for (uint64_t sum = 0; sum <= maxSum; ++sum) {
      unsigned t;
      convert(sum, value[sum], t);
      trials[sum] = uint8_t(t);
    }
  }
  void convert(uint64_t sum, double &v, unsigned &t) const {
    double code = roundHalfEven(double(sum) / step);
    code = std::min(std::max(code, 0.0), maxCode);
    v = code * step;
    t = program::conversionTrials(adc, uint64_t(code));
  }
  void lookup(uint64_t sum, double &v, unsigned &t) const {
    if (sum < value.size()) {
      v = value[sum];
      t = trials[sum];
    } else {
      convert(sum, v, t);
    }
  }
};

/// One tile of one (saliency class, input cycle) plan.
struct ReadTile {
  const program::Tile *tile = nullptr;
  size_t packed = 0; // into CrossbarRead::packed
  size_t table = 0;  // into CrossbarRead::tables (analog tiles)
  uint32_t cols = 0, rows = 0;
  bool digital = false;
  double weight = 0; // cycle sign * 2^(shift + j*d) * polarity sign * 2^(s*c)
  program::AdcSetting adc;
};

struct ReadCycle {
  const program::CyclePlan *plan = nullptr;
  std::vector<ReadTile> tiles;
};

/// What one worker counted over its pixels (integers only, so the sum over
/// workers does not depend on how the pixels were split).
struct ReadCounts {
  uint64_t readCycles = 0, analogTimePs = 0, arrayActivations = 0,
           dacDrives = 0, cellReads = 0, adcConversions = 0, adcBitCycles = 0,
           shiftAdds = 0, digitalCimOps = 0, skippedPlanes = 0;
  std::vector<uint64_t> byTrials = std::vector<uint64_t>(64, 0);
  std::vector<uint8_t> ran[2]; // per class and cycle: read at least once
  bool stats = false;
  uint64_t planes = 0, nonzeroPlanes = 0;
  std::vector<uint64_t> tileMaxSum, tileSums, tileSumBits; // per packed tile

  ReadCounts(size_t packedTiles, const std::vector<ReadCycle> (&cycles)[2],
             bool stats)
      : stats(stats) {
    for (int cls = 0; cls < 2; ++cls)
      ran[cls].assign(cycles[cls].size(), 0);
    if (stats) {
      tileMaxSum.assign(packedTiles, 0);
      tileSums.assign(packedTiles, 0);
      tileSumBits.assign(packedTiles * 65, 0);
    }
  }
};

/// Everything one MVM instruction reads, prepared once; run() executes a
/// range of pixels.
struct CrossbarRead {
  size_t words = 0;              // 64-row words over [lo, hi)
  int64_t lo = 0, hi = 0;        // im2col rows held in the planes
  int64_t blockBegin = 0, blockEnd = 0;
  uint32_t J = 0, d = 1, shift = 0;
  uint64_t valueMask = 0;
  int64_t K = 0, outC = 0;
  bool skipZeroPlanes = false;
  std::vector<PackedTile> packed;
  std::vector<AdcTable> tables;
  std::vector<ReadCycle> cycles[2]; // [salient][j]

  void run(const int64_t *xq, const uint8_t *salient, double *acc,
           size_t begin, size_t end, ReadCounts &rc) const;
};

void CrossbarRead::run(const int64_t *xq, const uint8_t *salient, double *acc,
                       size_t begin, size_t end, ReadCounts &rc) const {
  size_t perCycle = size_t(d) * words;
  std::vector<uint64_t> x(J * perCycle);
  std::vector<uint8_t> nonzero(J);
  size_t maxWidth = 0;
  for (const PackedTile &pk : packed)
    maxWidth = std::max<size_t>(maxWidth, pk.width);
  std::vector<uint64_t> sums(maxWidth);

  for (size_t pix = begin; pix < end; ++pix) {
    // The input digits of every cycle as bit planes: bit q of the active
    // input value is bit (q mod d) of the digit of cycle q / d.
    std::fill(x.begin(), x.end(), 0);
    std::fill(nonzero.begin(), nonzero.end(), 0);
    const int64_t *row = xq + pix * K;
    for (int64_t k = lo; k < hi; ++k) {
      uint64_t u = uint64_t(row[k] >> shift) & valueMask;
      bool inBlock = k >= blockBegin && k < blockEnd;
      while (u) {
        unsigned q = unsigned(__builtin_ctzll(u));
        u &= u - 1;
        unsigned j = q / d, a = q % d;
        kernels::setPlaneBit(x.data() + j * perCycle + a * words,
                             size_t(k - lo));
        if (inBlock)
          nonzero[j] = 1;
      }
    }
    int cls = salient[pix] ? 1 : 0;
    double *pacc = acc + pix * outC;
    for (uint32_t j = 0; j < J; ++j) {
      rc.planes += 1;
      rc.nonzeroPlanes += nonzero[j];
      if (skipZeroPlanes && !nonzero[j]) {
        // Every column sum of this plane is 0: nothing is read or converted.
        rc.skippedPlanes += 1;
        continue;
      }
      const ReadCycle &cycle = cycles[cls][j];
      const program::CycleEvents &e = cycle.plan->events;
      rc.readCycles += 1;
      rc.analogTimePs += e.cyclePs;
      rc.arrayActivations += e.arrayActivations;
      rc.dacDrives += e.dacDrives;
      rc.ran[cls][j] = 1;
      const uint64_t *xj = x.data() + j * perCycle;
      for (const ReadTile &rt : cycle.tiles) {
        const PackedTile &pk = packed[rt.packed];
        uint32_t cols = rt.cols;
        kernels::bitPlaneDots(xj, d, pk.planes.data(), pk.levelBits, words,
                              cols, sums.data());
        if (rc.stats) {
          size_t i = rt.packed;
          for (uint32_t col = 0; col < cols; ++col) {
            uint64_t u = sums[col];
            rc.tileMaxSum[i] = std::max(rc.tileMaxSum[i], u);
            rc.tileSumBits[i * 65 + (u ? 64 - __builtin_clzll(u) : 0)] += 1;
          }
          rc.tileSums[i] += cols;
        }
        double *a = pacc + rt.tile->colBegin;
        double w = rt.weight;
        if (rt.digital) {
          for (uint32_t col = 0; col < cols; ++col)
            a[col] += w * double(sums[col]); // digital CIM: exact
          rc.digitalCimOps += uint64_t(rt.rows) * cols;
        } else {
          const AdcTable &tb = tables[rt.table];
          if (tb.adc.fineBits == 0 && !tb.value.empty()) {
            const double *value = tb.value.data();
            for (uint32_t col = 0; col < cols; ++col)
              a[col] += w * value[sums[col]];
            rc.byTrials[tb.adc.bits] += cols;
            rc.adcBitCycles += uint64_t(cols) * tb.adc.bits;
          } else {
            for (uint32_t col = 0; col < cols; ++col) {
              double v;
              unsigned trials;
              tb.lookup(sums[col], v, trials);
              a[col] += w * v;
              rc.byTrials[trials] += 1;
              rc.adcBitCycles += trials;
            }
          }
          rc.cellReads += uint64_t(rt.rows) * cols;
          rc.adcConversions += cols;
        }
        rc.shiftAdds += cols;
      }
    }
  }
}

/// Runs fn(worker, begin, end) over chunks of [0, n) on `workers` threads
/// (the calling one included).
void runChunks(size_t workers, size_t n,
               llvm::function_ref<void(size_t, size_t, size_t)> fn) {
  if (workers <= 1 || n < 2) {
    fn(0, 0, n);
    return;
  }
  size_t chunk = std::max<size_t>(1, std::min<size_t>(64, n / (workers * 8)));
  std::atomic<size_t> next{0};
  auto work = [&](size_t worker) {
    for (size_t b = next.fetch_add(chunk); b < n; b = next.fetch_add(chunk))
      fn(worker, b, std::min(n, b + chunk));
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w)
    pool.emplace_back(work, w);
  work(0);
  for (std::thread &t : pool)
    t.join();
}

/// Run-time state of one crossbar layer between QUANT and EPILOGUE.
struct LayerState {
  bool quantized = false;
  std::vector<int64_t> xq;  // [pixels][kRows], on the mode's grid
  std::vector<double> sumX; // [pixels]: sum of xq over all rows
  std::vector<double> acc;  // [pixels][outC]
  std::vector<uint8_t> salient; // [pixels]: largest |xq| >= the threshold
};

struct CoreState {
  size_t pc = 0;
  size_t mode = 0;
  std::map<int64_t, std::pair<unsigned, uint64_t>> adc; // layer -> bits, range
  bool halted = false;
  bool atBarrier = false;
};

class Machine {
public:
  Machine(const Program &p, size_t mode, Statistics *stats, unsigned threads)
      : p(p), stats(stats), threads(std::max(1u, threads)),
        layerState(p.layers.size()), cores(p.cores.size()) {
    for (CoreState &c : cores)
      c.mode = mode;
    if (stats && stats->tileMaxSum.size() != p.tiles.size()) {
      stats->tileMaxSum.assign(p.tiles.size(), 0);
      stats->tileSums.assign(p.tiles.size(), 0);
      stats->tileSumBits.assign(p.tiles.size(), std::vector<uint64_t>(65, 0));
      stats->layerPlanes.assign(p.layers.size(), 0);
      stats->layerNonzeroPlanes.assign(p.layers.size(), 0);
      stats->layerPixelMaxCode.assign(p.layers.size(), {});
    }
  }

  llvm::Error loadMemory(const std::map<std::string, kernels::Tensor> &inputs);
  llvm::Error run();
  std::vector<kernels::Tensor> outputs() const;
  estimator::LayerCounts counts;

private:
  /// Executes one instruction; false if the core is blocked (RECV with no
  /// message yet).
  llvm::Expected<bool> step(size_t core, const Instr &instr);
  llvm::Error quant(size_t core, const Instr &instr);
  llvm::Error mvm(size_t core, const Instr &instr);
  llvm::Error epilogue(size_t core, const Instr &instr);
  llvm::Error vector(size_t core, const Instr &instr);

  llvm::Expected<const TensorDesc *> tensor(int64_t index) const;
  kernels::Tensor read(const TensorDesc &t) const;
  llvm::Error write(const TensorDesc &t, const kernels::Tensor &value);
  llvm::Expected<const Layer *> layer(int64_t index) const;
  llvm::Expected<ModeLayer> modeOf(size_t core, int64_t layerIndex) const;

  const Program &p;
  Statistics *stats;
  unsigned threads; // for the pixels of one MVM
  std::vector<float> mem;
  std::vector<LayerState> layerState;
  /// Input-code buffers of layers past their EPILOGUE, for the next QUANT.
  std::vector<std::vector<int64_t>> spareCodes;
  std::vector<CoreState> cores;
  std::map<std::tuple<int64_t, int64_t, int64_t>,
           std::deque<std::vector<float>>>
      mailbox; // (src core, dst core, token) -> messages
};

llvm::Expected<const TensorDesc *> Machine::tensor(int64_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= p.tensors.size())
    return simError(llvm::formatv("tensor index {0} out of range ({1} tensors)",
                                  index, p.tensors.size()));
  return &p.tensors[index];
}

llvm::Expected<const Layer *> Machine::layer(int64_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= p.layers.size())
    return simError(llvm::formatv("layer index {0} out of range ({1} layers)",
                                  index, p.layers.size()));
  return &p.layers[index];
}

llvm::Expected<ModeLayer> Machine::modeOf(size_t core,
                                          int64_t layerIndex) const {
  return program::modeLayerOf(p, cores[core].mode, size_t(layerIndex));
}

kernels::Tensor Machine::read(const TensorDesc &t) const {
  kernels::Tensor v;
  v.shape = t.shape;
  int64_t n = numelOf(t.shape);
  v.data.assign(mem.begin() + t.offset, mem.begin() + t.offset + n);
  return v;
}

llvm::Error Machine::write(const TensorDesc &t, const kernels::Tensor &value) {
  int64_t n = numelOf(t.shape);
  if (static_cast<int64_t>(value.data.size()) != n)
    return simError(llvm::formatv("result has {0} elements, tensor '{1}' ({2}) "
                                  "has {3}",
                                  value.data.size(), t.name,
                                  shapeString(t.shape), n));
  llvm::copy(value.data, mem.begin() + t.offset);
  return llvm::Error::success();
}

llvm::Error
Machine::loadMemory(const std::map<std::string, kernels::Tensor> &inputs) {
  uint64_t size = p.bufferElements;
  for (const TensorDesc &t : p.tensors) {
    int64_t n = numelOf(t.shape);
    if (n < 0 || t.offset + uint64_t(n) > size)
      return simError(llvm::formatv(
          "tensor '{0}' occupies [{1}, {2}) beyond the activation buffer of "
          "{3} elements",
          t.name, t.offset, t.offset + n, size));
  }
  mem.assign(size, 0.0f);
  for (const auto &kv : inputs)
    if (llvm::none_of(p.tensors, [&](const TensorDesc &t) {
          return t.role == program::TensorRole::Input && t.name == kv.first;
        }))
      return simError("unknown input '" + kv.first + "'");
  for (const TensorDesc &t : p.tensors) {
    if (t.role == program::TensorRole::Constant) {
      if (static_cast<int64_t>(t.data.size()) != numelOf(t.shape))
        return simError(llvm::formatv(
            "constant tensor '{0}' has {1} values for shape {2}", t.name,
            t.data.size(), shapeString(t.shape)));
      llvm::copy(t.data, mem.begin() + t.offset);
    } else if (t.role == program::TensorRole::Input) {
      auto it = inputs.find(t.name);
      if (it == inputs.end())
        return simError("missing input '" + t.name + "' (shape " +
                        shapeString(t.shape) + ")");
      const kernels::Tensor &v = it->second;
      if (v.shape != t.shape)
        return simError("input '" + t.name + "': expected shape " +
                        shapeString(t.shape) + ", got " +
                        shapeString(v.shape));
      if (static_cast<int64_t>(v.data.size()) != numelOf(t.shape))
        return simError(llvm::formatv("input '{0}': shape {1} needs {2} "
                                      "values, got {3}",
                                      t.name, shapeString(t.shape),
                                      numelOf(t.shape), v.data.size()));
      llvm::copy(v.data, mem.begin() + t.offset);
    }
  }
  return llvm::Error::success();
}

std::vector<kernels::Tensor> Machine::outputs() const {
  std::vector<kernels::Tensor> out;
  for (const TensorDesc &t : p.tensors)
    if (t.role == program::TensorRole::Output)
      out.push_back(read(t));
  return out;
}

llvm::Error Machine::quant(size_t core, const Instr &instr) {
  auto l = layer(instr.operands[0]);
  if (!l)
    return l.takeError();
  auto in = tensor(instr.operands[1]);
  if (!in)
    return in.takeError();
  const Layer &L = **l;
  int64_t expected = L.batch * L.inH * L.inW * L.inC;
  if (numelOf((*in)->shape) != expected)
    return simError(llvm::formatv(
        "layer '{0}': input tensor '{1}' ({2}) has {3} elements, the layer "
        "reads {4}x{5}x{6}x{7}",
        L.name, (*in)->name, shapeString((*in)->shape),
        numelOf((*in)->shape), L.batch, L.inH, L.inW, L.inC));
  if (!(L.inputScale > 0))
    return simError("layer '" + L.name + "': input scale must be positive");
  if (L.inputBits < 1 || L.inputBits > 32)
    return simError(llvm::formatv("layer '{0}': input bits {1} not in [1, 32]",
                                  L.name, L.inputBits));
  auto ml = modeOf(core, instr.operands[0]);
  if (!ml)
    return ml.takeError();
  uint32_t Ab = L.inputBits;
  uint32_t a = std::min(ml->inputBits, Ab);
  if (a == 0)
    return simError("layer '" + L.name + "': mode has 0 active input bits");
  int64_t grid = int64_t(1) << (Ab - a);
  int64_t top = L.inputSigned ? (int64_t(1) << (Ab - 1)) - 1
                              : (int64_t(1) << Ab) - 1;
  int64_t hi = top / grid, lo = L.inputSigned ? -hi : 0;
  double scale = L.inputScale * double(grid);

  const float *x = mem.data() + (*in)->offset;
  int64_t P = L.pixels(), K = L.kRows();
  // Each input value is quantized once (im2col repeats it up to kH*kW
  // times), and each row's drive once.
  std::vector<int64_t> qx(static_cast<size_t>(expected));
  for (int64_t i = 0; i < expected; ++i) {
    double q = roundHalfEven(double(x[i]) / scale);
    q = std::min(std::max(q, double(lo)), double(hi));
    qx[i] = int64_t(q) * grid;
  }
  std::vector<uint8_t> driven(K);
  for (int64_t k = 0; k < K; ++k)
    driven[k] = program::rowDriven(*ml, k);
  LayerState &s = layerState[instr.operands[0]];
  s.quantized = true;
  if (s.xq.empty() && !spareCodes.empty()) {
    // The buffer of a finished layer: no fresh pages to fault in.
    s.xq = std::move(spareCodes.back());
    spareCodes.pop_back();
  }
  s.xq.assign(P * K, 0);
  s.sumX.assign(P, 0);
  s.acc.assign(P * L.outC, 0);
  for (int64_t n = 0; n < L.batch; ++n)
    for (int64_t oh = 0; oh < L.outH; ++oh)
      for (int64_t ow = 0; ow < L.outW; ++ow) {
        int64_t pix = (n * L.outH + oh) * L.outW + ow;
        int64_t *row = s.xq.data() + pix * K;
        double sum = 0;
        for (int64_t kh = 0; kh < L.kH; ++kh)
          for (int64_t kw = 0; kw < L.kW; ++kw) {
            int64_t ih = oh * L.strideH - L.padTop + kh * L.dilationH;
            int64_t iw = ow * L.strideW - L.padLeft + kw * L.dilationW;
            if (ih < 0 || ih >= L.inH || iw < 0 || iw >= L.inW)
              continue; // padding contributes 0
            const int64_t *px =
                qx.data() + ((n * L.inH + ih) * L.inW + iw) * L.inC;
            int64_t k0 = (kh * L.kW + kw) * L.inC;
            for (int64_t ic = 0; ic < L.inC; ++ic) {
              if (!driven[k0 + ic])
                continue; // an undriven row reads 0
              int64_t v = px[ic];
              row[k0 + ic] = v;
              sum += double(v);
            }
          }
        s.sumX[pix] = sum;
      }
  s.salient.assign(P, 0);
  EventCounts &c = counts[estimator::reportNameOf(p, instr)];
  if (ml->saliencyThreshold > 0 || stats) {
    for (int64_t pix = 0; pix < P; ++pix) {
      uint64_t largest = 0;
      for (int64_t k = 0; k < K; ++k)
        largest = std::max<uint64_t>(largest, std::abs(s.xq[pix * K + k]));
      s.salient[pix] = ml->saliencyThreshold > 0 &&
                       largest >= ml->saliencyThreshold;
      if (stats)
        stats->layerPixelMaxCode[instr.operands[0]].push_back(largest);
    }
  }
  if (ml->saliencyThreshold > 0) // Semantics.h: saliencyOps
    c.digitalOps += program::saliencyOps(L);
  c.digitalOps += numelOf((*in)->shape);
  c.bufferBytes += 4 * numelOf((*in)->shape);
  return llvm::Error::success();
}

llvm::Error Machine::mvm(size_t core, const Instr &instr) {
  auto l = layer(instr.operands[0]);
  if (!l)
    return l.takeError();
  const Layer &L = **l;
  int64_t r = instr.operands[1];
  if (r < 0 || r >= L.rowBlocks())
    return simError(llvm::formatv("layer '{0}': row block {1} out of range "
                                  "({2} blocks)",
                                  L.name, r, L.rowBlocks()));
  LayerState &s = layerState[instr.operands[0]];
  if (!s.quantized)
    return simError("layer '" + L.name + "': MVM before QUANT");
  auto ml = modeOf(core, instr.operands[0]);
  if (!ml)
    return ml.takeError();
  uint32_t d = L.dacBits;
  if (d < 1 || d > 8)
    return simError(llvm::formatv("layer '{0}': DAC bits {1} not in [1, 8]",
                                  L.name, d));
  if (L.inputSigned && d != 1)
    return simError(llvm::formatv(
        "layer '{0}': signed inputs need 1-bit DAC steps (the MSB cycle is "
        "negated as a whole), got {1}-bit",
        L.name, d));
  uint32_t Ab = L.inputBits;
  uint32_t a = std::min(ml->inputBits, Ab);
  uint32_t shift = program::inputShift(L, *ml);
  uint32_t J = program::activeInputCycles(L, *ml);
  uint64_t digitMask = (uint64_t(1) << d) - 1;
  uint64_t valueMask = a >= 64 ? ~uint64_t(0) : (uint64_t(1) << a) - 1;

  program::AdcSetting layerAdc{L.adcBits, L.adcRange};
  auto set = cores[core].adc.find(instr.operands[0]);
  if (set != cores[core].adc.end())
    layerAdc = {set->second.first, set->second.second};

  // The plan of every (saliency class, input cycle), with each active tile's
  // cell levels.
  uint32_t arrayCols = p.arch.cols;
  program::CyclePlans plans[2];
  std::map<uint32_t, const std::vector<uint8_t> *> levelsOf;
  for (int cls = 0; cls < 2; ++cls) {
    if (cls == 1 && ml->saliencyThreshold == 0)
      break;
    plans[cls] = program::planCycles(p, uint32_t(instr.operands[0]),
                                     uint32_t(r), *ml, cls == 1, layerAdc);
    for (const program::CyclePlan &plan : plans[cls].plans) {
      for (const program::PlannedTile &pt : plan.tiles) {
        const program::Tile &t = p.tiles[pt.index];
        if (levelsOf.count(pt.index))
          continue;
        const program::ArrayImage *img = nullptr;
        for (const program::ArrayImage &ai : p.arrays)
          if (ai.core == t.core && ai.array == t.array)
            img = &ai;
        if (!img)
          return simError(llvm::formatv("tile {0} of layer '{1}': no weight "
                                        "image for core {2} array {3}",
                                        pt.index, L.name, t.core, t.array));
        uint64_t lastRow = t.arrayRow + (t.rowEnd - t.rowBegin);
        uint64_t lastCol = t.arrayCol + (t.colEnd - t.colBegin);
        if (lastCol > arrayCols || lastRow * arrayCols > img->levels.size())
          return simError(llvm::formatv("tile {0} of layer '{1}' does not "
                                        "fit its array",
                                        pt.index, L.name));
        if (pt.adc.bits < 1 || pt.adc.bits > 16)
          return simError(llvm::formatv("tile {0} of layer '{1}': ADC "
                                        "setting of {2} bits (expected "
                                        "1..16)",
                                        pt.index, L.name, pt.adc.bits));
        levelsOf[pt.index] = &img->levels;
      }
    }
  }

  int64_t P = L.pixels(), K = L.kRows(), blockRows = program::rowsOfBlock(L, r);
  int64_t blockBegin = r * int64_t(L.rowsPerBlock);
  int64_t blockEnd = blockBegin + blockRows;

  // Rows [lo, hi) hold the block and every planned tile (verifyProgram puts
  // tiles inside their block; a hand-built Program may not).
  int64_t lo = blockBegin, hi = blockEnd;
  for (int cls = 0; cls < 2; ++cls)
    for (const program::CyclePlan &plan : plans[cls].plans)
      for (const program::PlannedTile &pt : plan.tiles) {
        lo = std::min<int64_t>(lo, p.tiles[pt.index].rowBegin);
        hi = std::max<int64_t>(hi, p.tiles[pt.index].rowEnd);
      }
  CrossbarRead read;
  read.words = kernels::bitPlaneWords(size_t(std::max<int64_t>(0, hi - lo)));
  read.lo = lo;
  read.hi = hi;
  read.blockBegin = blockBegin;
  read.blockEnd = blockEnd;
  read.J = J;
  read.d = d;
  read.shift = shift;
  read.valueMask = valueMask;
  read.K = K;
  read.outC = L.outC;
  read.skipZeroPlanes = ml->skipZeroPlanes;

  // Each active tile once: its cell levels as bit planes over [lo, hi), and
  // per ADC setting the code of every possible column sum.
  std::map<uint32_t, size_t> packedOf;
  std::map<std::tuple<unsigned, uint64_t, uint32_t, uint64_t>, size_t> tableOf;
  uint64_t digitMax = digitMask;
  for (int cls = 0; cls < 2; ++cls) {
    for (uint32_t j = 0; j < plans[cls].cycles(); ++j) {
      const program::CyclePlan &plan = plans[cls][j];
      ReadCycle cycle;
      cycle.plan = &plan;
      double cycleSign = (L.inputSigned && j + 1 == J) ? -1.0 : 1.0;
      double cycleWeight = cycleSign * std::ldexp(1.0, int(shift + j * d));
      for (const program::PlannedTile &pt : plan.tiles) {
        const program::Tile &t = p.tiles[pt.index];
        auto [it, fresh] = packedOf.try_emplace(pt.index, read.packed.size());
        if (fresh) {
          PackedTile pk;
          pk.index = pt.index;
          pk.rows = t.rowEnd - t.rowBegin;
          uint32_t width = t.colEnd - t.colBegin;
          pk.width = width;
          const uint8_t *levels = levelsOf[pt.index]->data() +
                                  size_t(t.arrayRow) * arrayCols +
                                  t.arrayCol;
          uint8_t maxLevel = 0;
          for (uint32_t row = 0; row < pk.rows; ++row)
            for (uint32_t col = 0; col < width; ++col)
              maxLevel = std::max(maxLevel, levels[size_t(row) * arrayCols + col]);
          while ((uint64_t(1) << pk.levelBits) <= maxLevel)
            ++pk.levelBits;
          pk.maxSum = uint64_t(pk.rows) * digitMax * maxLevel;
          pk.planes = kernels::packColumnPlanes(
              levels, arrayCols, pk.rows, width, pk.levelBits,
              size_t(t.rowBegin - lo), size_t(hi - lo));
          read.packed.push_back(std::move(pk));
        }
        ReadTile rt;
        rt.tile = &t;
        rt.packed = it->second;
        rt.cols = pt.cols;
        rt.rows = pt.rows;
        rt.digital = pt.digital;
        rt.weight = cycleWeight * pt.weight;
        rt.adc = pt.adc;
        if (!pt.digital) {
          if (pt.adc.bits < 1 || pt.adc.bits > 16)
            return simError(llvm::formatv("tile {0} of layer '{1}': ADC "
                                          "setting of {2} bits (expected "
                                          "1..16)",
                                          pt.index, L.name, pt.adc.bits));
          auto [ti, newTable] = tableOf.try_emplace(
              {pt.adc.bits, pt.adc.range, pt.adc.fineBits,
               read.packed[rt.packed].maxSum},
              read.tables.size());
          if (newTable)
            read.tables.push_back(
                AdcTable(pt.adc, read.packed[rt.packed].maxSum));
          rt.table = ti->second;
        }
        cycle.tiles.push_back(rt);
      }
      read.cycles[cls].push_back(std::move(cycle));
    }
  }

  EventCounts &c = counts[estimator::reportNameOf(p, instr)];
  c.bufferBytes += uint64_t(P) * uint64_t(blockRows) * ((Ab + 7) / 8);
  // Pixels are independent: each worker takes chunks of them and writes
  // only their accumulators; its counts are integers, summed afterwards, so
  // nothing depends on how many workers there are.
  uint64_t readsPerPixel = 0;
  for (const ReadCycle &cycle : read.cycles[0])
    for (const ReadTile &rt : cycle.tiles)
      readsPerPixel += rt.cols;
  size_t workers = 1;
  if (uint64_t(P) * readsPerPixel >= kParallelReads)
    workers = std::min<size_t>(threads, size_t(P));
  std::vector<ReadCounts> partial(
      workers, ReadCounts(read.packed.size(), read.cycles, stats != nullptr));
  const uint8_t *salient = s.salient.data();
  runChunks(workers, size_t(P), [&](size_t worker, size_t begin, size_t end) {
    read.run(s.xq.data(), salient, s.acc.data(), begin, end, partial[worker]);
  });

  for (const ReadCounts &rc : partial) {
    c.readCycles += rc.readCycles;
    c.analogTimePs += rc.analogTimePs;
    c.arrayActivations += rc.arrayActivations;
    c.dacDrives += rc.dacDrives;
    c.cellReads += rc.cellReads;
    c.adcConversions += rc.adcConversions;
    c.adcBitCycles += rc.adcBitCycles;
    c.shiftAdds += rc.shiftAdds;
    c.digitalCimOps += rc.digitalCimOps;
    c.skippedPlanes += rc.skippedPlanes;
    for (size_t trials = 0; trials < rc.byTrials.size(); ++trials)
      if (rc.byTrials[trials])
        c.adcConversionsByBits[unsigned(trials)] += rc.byTrials[trials];
    if (stats) {
      stats->layerPlanes[instr.operands[0]] += rc.planes;
      stats->layerNonzeroPlanes[instr.operands[0]] += rc.nonzeroPlanes;
      for (size_t i = 0; i < read.packed.size(); ++i) {
        uint32_t index = read.packed[i].index;
        stats->tileMaxSum[index] =
            std::max(stats->tileMaxSum[index], rc.tileMaxSum[i]);
        stats->tileSums[index] += rc.tileSums[i];
        for (size_t b = 0; b < 65; ++b)
          stats->tileSumBits[index][b] += rc.tileSumBits[i * 65 + b];
      }
    }
  }
  for (int cls = 0; cls < 2; ++cls)
    for (size_t j = 0; j < read.cycles[cls].size(); ++j) {
      if (llvm::none_of(partial, [&](const ReadCounts &rc) {
            return rc.ran[cls][j] != 0;
          }))
        continue;
      const program::CyclePlan &plan = *read.cycles[cls][j].plan;
      for (const program::PlannedTile &pt : plan.tiles)
        c.tiles.insert(pt.index);
      c.arrays.insert(plan.arrays.begin(), plan.arrays.end());
    }
  return llvm::Error::success();
}

llvm::Error Machine::epilogue(size_t core, const Instr &instr) {
  auto l = layer(instr.operands[0]);
  if (!l)
    return l.takeError();
  auto out = tensor(instr.operands[1]);
  if (!out)
    return out.takeError();
  const Layer &L = **l;
  LayerState &s = layerState[instr.operands[0]];
  if (!s.quantized)
    return simError("layer '" + L.name + "': EPILOGUE before QUANT");
  if (L.outScale.size() != size_t(L.outC) || L.bias.size() != size_t(L.outC))
    return simError(llvm::formatv("layer '{0}': {1} output scales and {2} "
                                  "biases for {3} output channels",
                                  L.name, L.outScale.size(), L.bias.size(),
                                  L.outC));
  auto ml = modeOf(core, instr.operands[0]);
  if (!ml)
    return ml.takeError();
  int64_t P = L.pixels();
  double offset = 0;
  if (L.polarity == PolarityScheme::Offset) {
    uint32_t w = std::min(ml->weightBits, L.weightBits);
    double comp = (std::ldexp(1.0, int(L.weightBits - w)) - 1) / 2;
    offset = std::ldexp(1.0, int(L.weightBits) - 1) - comp;
  }
  kernels::Tensor y;
  y.shape = (*out)->shape;
  y.data.assign(P * L.outC, 0.0f); // power-gated channels read 0
  int64_t activeOut = program::activeOutChannels(L, *ml);
  for (int64_t pix = 0; pix < P; ++pix)
    for (int64_t oc = 0; oc < activeOut; ++oc) {
      double acc = s.acc[pix * L.outC + oc] - offset * s.sumX[pix];
      double v = acc * L.outScale[oc] + L.bias[oc];
      if (L.relu)
        v = std::max(v, 0.0);
      y.data[pix * L.outC + oc] = float(v);
    }
  if (auto e = write(**out, y))
    return simError("layer '" + L.name + "': " + llvm::toString(std::move(e)));
  s.quantized = false;
  spareCodes.push_back(std::move(s.xq));
  s.xq = {};

  EventCounts &c = counts[estimator::reportNameOf(p, instr)];
  uint64_t po = uint64_t(P) * L.outC;
  c.digitalOps += uint64_t(P) * activeOut * (L.relu ? 3 : 2);
  c.bufferBytes += 4 * po;
  c.macs += po * uint64_t(L.kRows());
  c.pixels += P;
  return llvm::Error::success();
}

llvm::Error Machine::vector(size_t core, const Instr &instr) {
  const std::vector<int64_t> &o = instr.operands;
  if (instr.op >= Opcode::Unary)
    if (auto e = program::verifyInstruction(p, p.cores[core].core,
                                            cores[core].pc, instr))
      return e;
  std::vector<int64_t> inputIndices;
  int64_t outputIndex;
  program::vectorTensorOperands(instr, inputIndices, outputIndex);
  std::vector<kernels::Tensor> in;
  for (int64_t i : inputIndices) {
    auto t = tensor(i);
    if (!t)
      return t.takeError();
    in.push_back(read(**t));
  }
  auto out = tensor(outputIndex);
  if (!out)
    return out.takeError();
  kernels::Window2D w;
  if (instr.op == Opcode::MaxPool || instr.op == Opcode::AvgPool) {
    w.kH = o[2];
    w.kW = o[3];
    w.strideH = o[4];
    w.strideW = o[5];
    w.padTop = o[6];
    w.padLeft = o[7];
    w.padBottom = o[8];
    w.padRight = o[9];
    if (w.kH < 1 || w.kW < 1 || w.strideH < 1 || w.strideW < 1 ||
        w.padTop < 0 || w.padLeft < 0 || w.padBottom < 0 || w.padRight < 0 ||
        in[0].shape.size() != 4)
      return simError("pooling window or input rank is invalid");
  }
  kernels::Tensor result;
  switch (instr.op) {
  case Opcode::MaxPool:
    result = kernels::maxPool2d(in[0], w);
    break;
  case Opcode::AvgPool:
    result = kernels::avgPool2d(in[0], w, o[10] != 0);
    break;
  case Opcode::Add:
    result = kernels::add(in[0], in[1]);
    break;
  case Opcode::Mul:
    result = kernels::mul(in[0], in[1]);
    break;
  case Opcode::Relu:
    result = kernels::relu(in[0]);
    break;
  case Opcode::Copy:
    if (numelOf(in[0].shape) != numelOf((*out)->shape))
      return simError("copy between tensors of different sizes");
    result = kernels::reshape(in[0], (*out)->shape);
    break;
  case Opcode::Transpose: {
    std::vector<int64_t> perm(o.begin() + 2, o.end());
    std::vector<int64_t> sorted = perm;
    llvm::sort(sorted);
    for (size_t i = 0; i < sorted.size(); ++i)
      if (sorted[i] != int64_t(i))
        return simError("transpose permutation is not a permutation");
    if (perm.size() != in[0].shape.size())
      return simError("transpose permutation rank differs from the input's");
    result = kernels::transpose(in[0], perm);
    break;
  }
  case Opcode::Unary:
    result = unaryFn(in[0], o[2]);
    break;
  case Opcode::Binary:
    result = binaryFn(in[0], in[1], o[3]);
    break;
  case Opcode::Clamp:
    result = kernels::clamp(in[0], floatOf(o[2]), floatOf(o[3]));
    break;
  case Opcode::Slice:
    result = kernels::slice(in[0], std::vector<int64_t>(o.begin() + 2, o.end()),
                            (*out)->shape);
    break;
  case Opcode::Concat: {
    std::vector<const kernels::Tensor *> parts;
    for (const kernels::Tensor &t : in)
      parts.push_back(&t);
    result = kernels::concat(parts, o[1]);
    break;
  }
  case Opcode::Pad: {
    std::vector<int64_t> before, after;
    for (size_t d = 0; d < in[0].shape.size(); ++d) {
      before.push_back(o[3 + 2 * d]);
      after.push_back(o[4 + 2 * d]);
    }
    result = kernels::pad(in[0], before, after, floatOf(o[2]));
    break;
  }
  case Opcode::Reduce:
    result = reduceFn(in[0], o[2], o[3]);
    break;
  case Opcode::MatMulDigital:
    result = kernels::matmul(in[0], in[1]);
    break;
  case Opcode::DepthwiseConv: {
    kernels::Window2D dw;
    dw.kH = in[1].shape[0];
    dw.kW = in[1].shape[1];
    dw.strideH = o[4];
    dw.strideW = o[5];
    dw.padTop = o[6];
    dw.padLeft = o[7];
    dw.padBottom = o[8];
    dw.padRight = o[9];
    dw.dilationH = o[10];
    dw.dilationW = o[11];
    result = kernels::depthwiseConv2d(in[0], in[1], in[2], dw);
    break;
  }
  default:
    return simError("not a vector instruction");
  }
  if (auto e = write(**out, result))
    return e;

  EventCounts &c = counts[estimator::reportNameOf(p, instr)];
  int64_t inElems = 0;
  for (const kernels::Tensor &t : in)
    inElems += numelOf(t.shape);
  int64_t outElems = numelOf((*out)->shape);
  // One operation per output element; one multiply-add per window cell
  // (depthwise) or per inner index (digital matmul).
  int64_t opsPerOutput = 1;
  if (instr.op == Opcode::DepthwiseConv)
    opsPerOutput = in[1].shape[0] * in[1].shape[1];
  else if (instr.op == Opcode::MatMulDigital)
    opsPerOutput = in[0].shape[2];
  c.digitalOps += outElems * opsPerOutput;
  c.bufferBytes += 4 * (inElems + outElems);
  return llvm::Error::success();
}

llvm::Expected<bool> Machine::step(size_t core, const Instr &instr) {
  CoreState &cs = cores[core];
  int64_t self = p.cores[core].core;
  switch (instr.op) {
  case Opcode::Halt:
    cs.halted = true;
    return true;
  case Opcode::SetMode: {
    int64_t m = instr.operands[0];
    if (m < 0 || size_t(m) >= std::max<size_t>(1, p.modes.size()))
      return simError(llvm::formatv("mode {0} out of range ({1} modes)", m,
                                    p.modes.size()));
    cs.mode = size_t(m);
    return true;
  }
  case Opcode::AdcSet: {
    auto l = layer(instr.operands[0]);
    if (!l)
      return l.takeError();
    int64_t bits = instr.operands[1], range = instr.operands[2];
    if (bits < 1 || bits > 16 || range < 0)
      return simError(llvm::formatv("layer '{0}': ADC setting of {1} bits, "
                                    "range {2} (expected 1..16 bits and a "
                                    "non-negative range)",
                                    (*l)->name, bits, range));
    cs.adc[instr.operands[0]] = {unsigned(bits), uint64_t(range)};
    return true;
  }
  case Opcode::Quant:
    if (auto e = quant(core, instr))
      return std::move(e);
    return true;
  case Opcode::Mvm:
    if (auto e = mvm(core, instr))
      return std::move(e);
    return true;
  case Opcode::Epilogue:
    if (auto e = epilogue(core, instr))
      return std::move(e);
    return true;
  case Opcode::MaxPool:
  case Opcode::AvgPool:
  case Opcode::Add:
  case Opcode::Mul:
  case Opcode::Relu:
  case Opcode::Copy:
  case Opcode::Transpose:
  case Opcode::Unary:
  case Opcode::Binary:
  case Opcode::Clamp:
  case Opcode::Slice:
  case Opcode::Concat:
  case Opcode::Pad:
  case Opcode::Reduce:
  case Opcode::MatMulDigital:
  case Opcode::DepthwiseConv:
    if (auto e = vector(core, instr))
      return std::move(e);
    return true;
  case Opcode::Send: {
    auto t = tensor(instr.operands[0]);
    if (!t)
      return t.takeError();
    mailbox[{self, instr.operands[1], instr.operands[2]}].push_back(
        read(**t).data);
    EventCounts &c = counts[estimator::reportNameOf(p, instr)];
    c.nocBytes += 4 * numelOf((*t)->shape);
    c.nocTransfers += 1;
    return true;
  }
  case Opcode::Recv: {
    auto t = tensor(instr.operands[0]);
    if (!t)
      return t.takeError();
    auto it = mailbox.find({instr.operands[1], self, instr.operands[2]});
    if (it == mailbox.end() || it->second.empty())
      return false;
    kernels::Tensor v;
    v.shape = (*t)->shape;
    v.data = std::move(it->second.front());
    it->second.pop_front();
    if (auto e = write(**t, v))
      return std::move(e);
    return true;
  }
  case Opcode::Barrier:
    return false; // released by the scheduler
  case Opcode::BranchIfZero:
  case Opcode::Jump: {
    // Forward only, at most onto the final halt (verifyProgram checks the
    // same; a program built in memory may not have been verified).
    bool conditional = instr.op == Opcode::BranchIfZero;
    int64_t skip = instr.operands[conditional ? 1 : 0];
    size_t size = p.cores[core].instrs.size();
    if (skip < 0 || int64_t(cs.pc) + 1 + skip > int64_t(size) - 1)
      return simError(llvm::formatv("skips {0} instructions, past the end "
                                    "of the stream ({1} instructions)",
                                    skip, size));
    bool jump = true;
    if (conditional) {
      auto t = tensor(instr.operands[0]);
      if (!t)
        return t.takeError();
      if (numelOf((*t)->shape) != 1)
        return simError("the condition tensor must have one element");
      jump = read(**t).data[0] == 0.0f;
      // The condition is read from the buffer.
      counts[estimator::reportNameOf(p, instr)].bufferBytes += 4;
    }
    if (jump)
      cs.pc += size_t(skip); // the scheduler steps over this instruction
    return true;
  }
  }
  return simError("unknown opcode");
}

llvm::Error Machine::run() {
  while (true) {
    bool progress = false, live = false;
    for (size_t k = 0; k < cores.size(); ++k) {
      CoreState &cs = cores[k];
      const std::vector<Instr> &instrs = p.cores[k].instrs;
      if (!cs.halted && cs.pc >= instrs.size())
        cs.halted = true;
      if (cs.halted || cs.atBarrier)
        continue;
      live = true;
      const Instr &instr = instrs[cs.pc];
      auto where = [&]() {
        return llvm::formatv("core {0}, instruction {1} ({2}): ",
                             p.cores[k].core, cs.pc, opName(instr.op))
            .str();
      };
      if (instr.operands.size() < minOperands(instr.op))
        return simError(where() +
                        llvm::formatv("{0} operands, expected at least {1}",
                                      instr.operands.size(),
                                      minOperands(instr.op)));
      if (instr.op == Opcode::Barrier) {
        cs.atBarrier = true;
        progress = true;
        continue;
      }
      llvm::Expected<bool> done = step(k, instr);
      if (!done)
        return simError(where() + llvm::toString(done.takeError()));
      if (*done) {
        progress = true;
        if (!cs.halted)
          ++cs.pc;
      }
    }
    // A barrier releases once every core still running has reached one.
    bool anyWaiting = false, allWaiting = true;
    for (const CoreState &cs : cores) {
      if (cs.halted)
        continue;
      anyWaiting |= cs.atBarrier;
      allWaiting &= cs.atBarrier;
    }
    if (anyWaiting && allWaiting) {
      for (CoreState &cs : cores)
        if (cs.atBarrier) {
          cs.atBarrier = false;
          ++cs.pc;
        }
      progress = true;
      live = true;
    }
    if (!live && !anyWaiting)
      return llvm::Error::success();
    if (!progress) {
      std::string blocked;
      for (size_t k = 0; k < cores.size(); ++k) {
        const CoreState &cs = cores[k];
        if (cs.halted)
          continue;
        const Instr &instr = p.cores[k].instrs[cs.pc];
        blocked += llvm::formatv("{0}core {1} at instruction {2} ({3})",
                                 blocked.empty() ? "" : ", ", p.cores[k].core,
                                 cs.pc, opName(instr.op))
                       .str();
      }
      return simError("deadlock: " + blocked);
    }
  }
}

} // namespace

llvm::Expected<SimResult>
cim::sim::simulate(const Program &program,
                   const std::map<std::string, kernels::Tensor> &inputsByName,
                   const SimOptions &options) {
  size_t mode = 0;
  if (!options.mode.empty()) {
    auto it = llvm::find_if(program.modes, [&](const program::Mode &m) {
      return m.name == options.mode;
    });
    if (it == program.modes.end()) {
      std::string names;
      for (const program::Mode &m : program.modes)
        names += (names.empty() ? "" : ", ") + m.name;
      return simError("unknown mode '" + options.mode + "' (modes: " + names +
                      ")");
    }
    mode = size_t(it - program.modes.begin());
  }
  unsigned threads = options.threads ? options.threads
                                     : std::thread::hardware_concurrency();
  Machine machine(program, mode, options.statistics, threads);
  if (auto e = machine.loadMemory(inputsByName))
    return std::move(e);
  if (auto e = machine.run())
    return std::move(e);
  SimResult result;
  result.outputs = machine.outputs();
  std::string modeName =
      mode < program.modes.size() ? program.modes[mode].name : "default";
  result.report = estimator::priceMode(program, modeName, machine.counts);
  return result;
}
