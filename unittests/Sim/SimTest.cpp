//===- SimTest.cpp - Simulator numerics and estimator agreement ----------===//
//
// Hand-built one-layer Programs (a 3x3 conv with 27 im2col rows in two row
// blocks of 16), mapped here the way Program.h specifies: Offset stores
// w + 2^(Wb-1), Differential stores |w| on a Positive and a Negative tile,
// slice s holds bits [2s, 2s+2). The expected results come from the
// definitions, computed independently in the test.
//
//===----------------------------------------------------------------------===//

#include "cim/Estimator/Estimator.h"
#include "cim/Program/Semantics.h"
#include "cim/Sim/Simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

using namespace cim;
using namespace cim::program;

namespace {

constexpr int64_t kH = 4, kW = 4, kC = 3, kO = 5, kK = 27;

struct Case {
  PolarityScheme polarity = PolarityScheme::Offset;
  bool inputSigned = false;
  uint32_t rowsPerBlock = 16;
  /// Optional ADC_SET before the MVMs: bits, range.
  int64_t adcSetBits = 0, adcSetRange = 0;
  bool twoCores = false; // result sent to core 1, which applies Relu
};

uint32_t nextRandom(uint32_t &state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

/// Weights [oc][k], k = (kh*3 + kw)*C + ic, in [-127, 127].
std::vector<std::vector<int64_t>> makeWeights() {
  uint32_t s = 7;
  std::vector<std::vector<int64_t>> w(kO, std::vector<int64_t>(kK));
  for (auto &row : w)
    for (int64_t &v : row)
      v = int64_t(nextRandom(s) % 255) - 127;
  return w;
}

kernels::Tensor makeInput(bool inputSigned) {
  uint32_t s = 11;
  kernels::Tensor t;
  t.shape = {1, kH, kW, kC};
  for (int64_t i = 0; i < kH * kW * kC; ++i) {
    int64_t v = int64_t(nextRandom(s) % 255);
    t.data.push_back(float(inputSigned ? v - 127 : v));
  }
  return t;
}

Program makeProgram(const Case &c) {
  Program p;
  llvm::Expected<ArchSpec> arch = loadArch("isaac");
  EXPECT_TRUE(bool(arch));
  p.arch = *arch;
  p.modelName = "tiny";
  p.symbols = {"", "conv0", "relu0"};
  p.tensors.push_back({"x", {1, kH, kW, kC}, TensorRole::Input, 0, {}});
  p.tensors.push_back({"y", {1, kH, kW, kO},
                       c.twoCores ? TensorRole::Intermediate
                                  : TensorRole::Output,
                       48, {}});
  if (c.twoCores) {
    p.tensors.push_back({"y_recv", {1, kH, kW, kO}, TensorRole::Intermediate,
                         128, {}});
    p.tensors.push_back({"z", {1, kH, kW, kO}, TensorRole::Output, 208, {}});
  }
  p.bufferElements = 288;

  Layer L;
  L.name = "conv0";
  L.kind = LayerKind::Conv2D;
  L.inH = kH, L.inW = kW, L.inC = kC;
  L.outH = kH, L.outW = kW, L.outC = kO;
  L.kH = 3, L.kW = 3;
  L.padTop = L.padLeft = L.padBottom = L.padRight = 1;
  L.inputScale = 1;
  L.inputSigned = c.inputSigned;
  L.inputBits = 8, L.weightBits = 8, L.cellBits = 2, L.dacBits = 1;
  L.polarity = c.polarity;
  L.rowsPerBlock = c.rowsPerBlock;
  L.outScale.assign(kO, 1.0);
  L.bias.assign(kO, 0.0);
  L.adcBits = 8;
  L.adcRange = 0;
  p.layers.push_back(L);

  // One array per (row block, polarity); the slices sit side by side.
  auto w = makeWeights();
  // ceil(8 / 2) slices of the 8-bit offset value, ceil(7 / 2) of |w|.
  uint32_t slices = L.slices();
  std::vector<TilePolarity> pols =
      c.polarity == PolarityScheme::Offset
          ? std::vector<TilePolarity>{TilePolarity::Offset}
          : std::vector<TilePolarity>{TilePolarity::Positive,
                                      TilePolarity::Negative};
  uint32_t arrayIndex = 0;
  for (int64_t r = 0; r < L.rowBlocks(); ++r)
    for (TilePolarity pol : pols) {
      ArrayImage img;
      img.core = 0, img.array = arrayIndex;
      img.levels.assign(p.arch.rows * p.arch.cols, 0);
      uint32_t begin = r * c.rowsPerBlock;
      uint32_t end = std::min<uint32_t>(kK, begin + c.rowsPerBlock);
      for (uint32_t s = 0; s < slices; ++s) {
        Tile t;
        t.layer = 0, t.rowBlock = r, t.rowBegin = begin, t.rowEnd = end;
        t.colBegin = 0, t.colEnd = kO, t.slice = s, t.polarity = pol;
        t.core = 0, t.array = arrayIndex;
        t.arrayRow = 3, t.arrayCol = 1 + s * kO;
        p.tiles.push_back(t);
        for (uint32_t k = begin; k < end; ++k)
          for (int64_t oc = 0; oc < kO; ++oc) {
            int64_t wv = w[oc][k];
            uint64_t stored = pol == TilePolarity::Offset ? uint64_t(wv + 128)
                              : pol == TilePolarity::Positive
                                  ? uint64_t(std::max<int64_t>(wv, 0))
                                  : uint64_t(std::max<int64_t>(-wv, 0));
            img.levels[(t.arrayRow + k - begin) * p.arch.cols + t.arrayCol +
                       oc] = uint8_t((stored >> (2 * s)) & 3);
          }
      }
      p.arrays.push_back(std::move(img));
      ++arrayIndex;
    }

  p.modes.push_back({"w8a8", {{8, 8}}});
  p.modes.push_back({"w4a4", {{4, 4}}});

  CoreStream core0;
  core0.core = 0;
  if (c.adcSetBits)
    core0.instrs.push_back({Opcode::AdcSet, {0, c.adcSetBits, c.adcSetRange}, 1});
  core0.instrs.push_back({Opcode::Quant, {0, 0}, 1});
  for (int64_t r = 0; r < L.rowBlocks(); ++r)
    core0.instrs.push_back({Opcode::Mvm, {0, r}, 1});
  core0.instrs.push_back({Opcode::Epilogue, {0, 1}, 1});
  if (c.twoCores)
    core0.instrs.push_back({Opcode::Send, {1, 1, 7}, 1});
  core0.instrs.push_back({Opcode::Halt, {}, 0});
  if (c.twoCores) {
    // Core 1 comes first in the stream list and blocks on its RECV.
    CoreStream core1;
    core1.core = 1;
    core1.instrs.push_back({Opcode::Recv, {2, 0, 7}, 2});
    core1.instrs.push_back({Opcode::Barrier, {}, 0});
    core1.instrs.push_back({Opcode::Relu, {2, 3}, 2});
    core1.instrs.push_back({Opcode::Halt, {}, 0});
    core0.instrs.insert(core0.instrs.end() - 1, {Opcode::Barrier, {}, 0});
    p.cores.push_back(core1);
  }
  p.cores.push_back(core0);
  return p;
}

/// im2col of the test input: [16 pixels][27 rows], padding 0.
std::vector<std::vector<int64_t>> im2col(const kernels::Tensor &x) {
  std::vector<std::vector<int64_t>> cols(kH * kW, std::vector<int64_t>(kK, 0));
  for (int64_t oh = 0; oh < kH; ++oh)
    for (int64_t ow = 0; ow < kW; ++ow)
      for (int64_t kh = 0; kh < 3; ++kh)
        for (int64_t kw = 0; kw < 3; ++kw)
          for (int64_t ic = 0; ic < kC; ++ic) {
            int64_t ih = oh + kh - 1, iw = ow + kw - 1;
            if (ih < 0 || ih >= kH || iw < 0 || iw >= kW)
              continue;
            cols[oh * kW + ow][(kh * 3 + kw) * kC + ic] =
                int64_t(x.data[(ih * kW + iw) * kC + ic]);
          }
  return cols;
}

llvm::Expected<sim::SimResult> run(const Program &p, const kernels::Tensor &x,
                                   const std::string &mode = "") {
  sim::SimOptions o;
  o.mode = mode;
  return sim::simulate(p, {{"x", x}}, o);
}

class LosslessTest : public ::testing::TestWithParam<std::tuple<int, bool, int>> {};

// (a) With enough ADC bits the output is the exact integer dot product.
TEST_P(LosslessTest, MatchesIntegerConv) {
  Case c;
  c.polarity = std::get<0>(GetParam()) ? PolarityScheme::Differential
                                       : PolarityScheme::Offset;
  c.inputSigned = std::get<1>(GetParam());
  c.rowsPerBlock = std::get<2>(GetParam());
  Program p = makeProgram(c);
  ASSERT_GE(p.layers[0].adcBits,
            p.arch.losslessAdcBits(p.layers[0].rowsPerBlock));
  kernels::Tensor x = makeInput(c.inputSigned);
  auto r = run(p, x);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  ASSERT_EQ(r->outputs.size(), 1u);
  auto cols = im2col(x);
  auto w = makeWeights();
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t oc = 0; oc < kO; ++oc) {
      int64_t dot = 0;
      for (int64_t k = 0; k < kK; ++k)
        dot += cols[pix][k] * w[oc][k];
      EXPECT_EQ(r->outputs[0].data[pix * kO + oc], float(dot))
          << "pixel " << pix << " channel " << oc;
    }
}

INSTANTIATE_TEST_SUITE_P(Sim, LosslessTest,
                         ::testing::Combine(::testing::Values(0, 1),
                                            ::testing::Bool(),
                                            ::testing::Values(16, 27)));

// (b) Estimator counts equal the simulator's for every mode and layer.
TEST(Sim, EstimatorCountsEqualSimulator) {
  for (int diff = 0; diff < 2; ++diff)
    for (int two = 0; two < 2; ++two) {
      Case c;
      c.polarity = diff ? PolarityScheme::Differential : PolarityScheme::Offset;
      c.twoCores = two;
      c.adcSetBits = 6, c.adcSetRange = 0;
      Program p = makeProgram(c);
      kernels::Tensor x = makeInput(false);
      for (size_t m = 0; m < p.modes.size(); ++m) {
        auto r = run(p, x, p.modes[m].name);
        ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
        estimator::ModeReport e = estimator::estimateMode(p, m);
        ASSERT_EQ(r->report.layers.size(), e.layers.size());
        for (size_t i = 0; i < e.layers.size(); ++i) {
          EXPECT_EQ(r->report.layers[i].name, e.layers[i].name);
          EXPECT_TRUE(r->report.layers[i].metrics.counts ==
                      e.layers[i].metrics.counts)
              << "layer " << e.layers[i].name << " mode " << p.modes[m].name;
          EXPECT_EQ(r->report.layers[i].metrics.energyPj,
                    e.layers[i].metrics.energyPj);
        }
        EXPECT_TRUE(r->report.total.counts == e.total.counts);
        EXPECT_EQ(r->report.total.latencyNs, e.total.latencyNs);
        EXPECT_EQ(r->report.total.areaMm2, e.total.areaMm2);
        EXPECT_GT(e.total.counts.adcConversions, 0u);
        EXPECT_EQ(e.total.counts.macs, uint64_t(kH * kW * kK * kO));
        if (two) {
          EXPECT_EQ(e.total.counts.nocBytes, uint64_t(4 * kH * kW * kO));
        }
      }
    }
}

TEST(Sim, CountsFollowTheDefinitions) {
  Program p = makeProgram(Case());
  estimator::ModeReport full = estimator::estimateMode(p, 0);
  const estimator::EventCounts &c = full.total.counts;
  // 16 pixels, 8 cycles, two row blocks (16 + 11 rows), 4 slices x 5 columns.
  EXPECT_EQ(c.arrayActivations, 16u * 8 * 2);
  EXPECT_EQ(c.dacDrives, 16u * 8 * (16 + 11));
  EXPECT_EQ(c.adcConversions, 16u * 8 * 2 * 20);
  EXPECT_EQ(c.adcBitCycles, c.adcConversions * 8);
  EXPECT_EQ(c.cellReads, 16u * 8 * 20 * (16 + 11));
  // w4a4: only slices 2 and 3, 4 input cycles.
  estimator::ModeReport low = estimator::estimateMode(p, 1);
  EXPECT_EQ(low.total.counts.adcConversions, 16u * 4 * 2 * 10);
}

// (c) The reduced mode costs less than full precision.
TEST(Sim, ReducedModeIsCheaper) {
  for (int diff = 0; diff < 2; ++diff) {
    Case c;
    c.polarity = diff ? PolarityScheme::Differential : PolarityScheme::Offset;
    Program p = makeProgram(c);
    kernels::Tensor x = makeInput(false);
    auto full = run(p, x, "w8a8");
    auto low = run(p, x, "w4a4");
    ASSERT_TRUE(bool(full) && bool(low));
    EXPECT_LT(low->report.total.energyPj, full->report.total.energyPj);
    EXPECT_LT(low->report.total.energyPjBy.adc,
              full->report.total.energyPjBy.adc);
    EXPECT_LT(low->report.total.latencyNs, full->report.total.latencyNs);
    estimator::Report est = estimator::estimate(p);
    ASSERT_EQ(est.modes.size(), 2u);
    EXPECT_LT(est.modes[1].total.energyPj, est.modes[0].total.energyPj);
  }
}

// The reduced mode computes the documented approximation: inputs on the
// 2^4 grid, the two LSB slices dropped, and the offset compensated by
// 2^7 - (2^4 - 1)/2.
TEST(Sim, ReducedModeNumerics) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  auto r = run(p, x, "w4a4");
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  auto cols = im2col(x);
  auto w = makeWeights();
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t oc = 0; oc < kO; ++oc) {
      double acc = 0, sumX = 0;
      for (int64_t k = 0; k < kK; ++k) {
        double q = std::nearbyint(double(cols[pix][k]) / 16.0);
        q = std::min(q, 15.0) * 16;
        int64_t u = (w[oc][k] + 128) & ~int64_t(15);
        acc += q * double(u);
        sumX += q;
      }
      acc -= (128 - 7.5) * sumX;
      EXPECT_FLOAT_EQ(r->outputs[0].data[pix * kO + oc], float(acc));
    }
}

// (d) ADC clipping and quantization at low resolution.
TEST(Sim, AdcClipsAndQuantizes) {
  auto w = makeWeights();
  kernels::Tensor x = makeInput(false);
  auto cols = im2col(x);
  struct Setting {
    int64_t bits, range;
  };
  for (Setting s : {Setting{3, 0}, Setting{4, 48}, Setting{2, 0}}) {
    Case c;
    c.adcSetBits = s.bits, c.adcSetRange = s.range;
    Program p = makeProgram(c);
    auto r = run(p, x);
    ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
    double maxCode = double((1 << s.bits) - 1);
    double step = std::max(1.0, double(s.range) / maxCode);
    bool differsFromExact = false;
    for (int64_t pix = 0; pix < kH * kW; ++pix)
      for (int64_t oc = 0; oc < kO; ++oc) {
        double acc = 0, sumX = 0, exact = 0;
        for (int64_t k = 0; k < kK; ++k) {
          sumX += cols[pix][k];
          exact += double(cols[pix][k] * w[oc][k]);
        }
        for (int64_t block = 0; block < 2; ++block)
          for (int j = 0; j < 8; ++j)
            for (int sl = 0; sl < 4; ++sl) {
              int64_t sum = 0;
              for (int64_t k = block * 16; k < std::min<int64_t>(kK, block * 16 + 16); ++k)
                sum += ((cols[pix][k] >> j) & 1) *
                       (((w[oc][k] + 128) >> (2 * sl)) & 3);
              double code = std::nearbyint(double(sum) / step);
              code = std::min(std::max(code, 0.0), maxCode);
              acc += std::ldexp(code * step, j + 2 * sl);
            }
        acc -= 128 * sumX;
        float got = r->outputs[0].data[pix * kO + oc];
        EXPECT_NEAR(got, acc, 1e-6 * std::max(1.0, std::fabs(acc)));
        differsFromExact |= got != float(exact);
      }
    EXPECT_TRUE(differsFromExact) << s.bits << " bits should lose precision";
    estimator::ModeReport e = estimator::estimateMode(p, 0);
    EXPECT_EQ(e.total.counts.adcConversionsByBits.count(s.bits), 1u);
    EXPECT_EQ(e.total.counts.adcBitCycles,
              e.total.counts.adcConversions * uint64_t(s.bits));
  }
}

TEST(Sim, TwoCoresSendRecvBarrier) {
  Case c;
  c.twoCores = true;
  c.inputSigned = true;
  Program p = makeProgram(c);
  kernels::Tensor x = makeInput(true);
  auto r = run(p, x);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  auto cols = im2col(x);
  auto w = makeWeights();
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t oc = 0; oc < kO; ++oc) {
      int64_t dot = 0;
      for (int64_t k = 0; k < kK; ++k)
        dot += cols[pix][k] * w[oc][k];
      EXPECT_EQ(r->outputs[0].data[pix * kO + oc], float(std::max<int64_t>(dot, 0)));
    }
  ASSERT_EQ(r->report.layers.size(), 2u);
  EXPECT_EQ(r->report.layers[0].name, "relu0");
  EXPECT_EQ(r->report.layers[1].name, "conv0");
}

TEST(Sim, BadInputsAreErrors) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  auto missing = sim::simulate(p, {}, {});
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "missing input 'x' (shape 1x4x4x3)");
  kernels::Tensor bad = x;
  bad.shape = {1, 4, 12};
  auto shape = sim::simulate(p, {{"x", bad}}, {});
  ASSERT_FALSE(bool(shape));
  EXPECT_EQ(llvm::toString(shape.takeError()),
            "input 'x': expected shape 1x4x4x3, got 1x4x12");
  auto mode = run(p, x, "w2a2");
  ASSERT_FALSE(bool(mode));
  EXPECT_EQ(llvm::toString(mode.takeError()),
            "unknown mode 'w2a2' (modes: w8a8, w4a4)");
  Case c;
  c.twoCores = true;
  Program dead = makeProgram(c);
  dead.cores[1].instrs.erase(dead.cores[1].instrs.begin() + 4); // the SEND
  auto deadlock = run(dead, x);
  ASSERT_FALSE(bool(deadlock));
  EXPECT_EQ(llvm::toString(deadlock.takeError()).rfind("deadlock: core 1", 0),
            0u);
}

TEST(Sim, ReportJsonHasSchemaFields) {
  Program p = makeProgram(Case());
  estimator::Report rep = estimator::estimate(p);
  llvm::json::Value v = estimator::toJSON(rep);
  const llvm::json::Object *o = v.getAsObject();
  ASSERT_TRUE(o);
  EXPECT_EQ(*o->getString("model"), "tiny");
  const llvm::json::Array *modes = o->getArray("modes");
  ASSERT_TRUE(modes && modes->size() == 2);
  const llvm::json::Object *total =
      (*modes)[0].getAsObject()->getObject("total");
  for (const char *key : {"latency_ns", "energy_pj", "area_mm2", "energy_pj_by",
                          "adc_conversions", "adc_bit_cycles",
                          "array_activations", "macs", "arrays_used",
                          "array_utilization"})
    EXPECT_TRUE(total->get(key)) << key;
  std::string table;
  llvm::raw_string_ostream os(table);
  estimator::printReport(os, rep);
  EXPECT_NE(table.find("conv0"), std::string::npos);
}

//===----------------------------------------------------------------------===//
// Operating points beyond precision (cim/Program/Semantics.h)
//===----------------------------------------------------------------------===//

/// The exact integer dot product of pixel `pix`, channel `oc`, over the rows
/// `driven` keeps.
int64_t exactDot(const std::vector<std::vector<int64_t>> &cols,
                 const std::vector<std::vector<int64_t>> &w, int64_t pix,
                 int64_t oc, const std::function<bool(int64_t)> &driven) {
  int64_t dot = 0;
  for (int64_t k = 0; k < kK; ++k)
    if (driven(k))
      dot += cols[pix][k] * w[oc][k];
  return dot;
}

/// Adds `mode` to the program and checks that the estimator's closed-form
/// counts equal the simulator's for it; returns the simulation.
sim::SimResult runAndCompare(Program &p, const Mode &mode,
                             const kernels::Tensor &x) {
  p.modes.push_back(mode);
  EXPECT_FALSE(bool(verifyProgram(p)));
  auto r = run(p, x, mode.name);
  EXPECT_TRUE(bool(r));
  if (!r) {
    llvm::consumeError(r.takeError());
    return {};
  }
  estimator::ModeReport e = estimator::estimateMode(p, p.modes.size() - 1);
  EXPECT_TRUE(r->report.total.counts == e.total.counts) << mode.name;
  EXPECT_EQ(r->report.total.energyPj, e.total.energyPj) << mode.name;
  EXPECT_EQ(r->report.total.latencyNs, e.total.latencyNs) << mode.name;
  return std::move(*r);
}

// A channel-width mode computes a prefix of the output channels exactly and
// reads the others as 0, without converting their columns.
TEST(OperatingPoints, ChannelWidthGatesColumns) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  ModeLayer ml{8, 8};
  ml.activeChannels = 2;
  sim::SimResult r = runAndCompare(p, {"half", {ml}}, x);
  auto cols = im2col(x);
  auto w = makeWeights();
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t oc = 0; oc < kO; ++oc)
      EXPECT_EQ(r.outputs[0].data[pix * kO + oc],
                oc < 2 ? float(exactDot(cols, w, pix, oc,
                                        [](int64_t) { return true; }))
                       : 0.0f);
  // 16 pixels, 8 cycles, 2 row blocks, 4 slices x 2 columns.
  EXPECT_EQ(r.report.total.counts.adcConversions, 16u * 8 * 2 * 4 * 2);
}

// Input gating drives only the rows of the producer's active channels.
TEST(OperatingPoints, InputGatingDrivesOnlyActiveRows) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  ModeLayer ml{8, 8};
  ml.activeInputs = 1;
  ml.inputPeriod = kC;
  sim::SimResult r = runAndCompare(p, {"gated", {ml}}, x);
  auto cols = im2col(x);
  auto w = makeWeights();
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t oc = 0; oc < kO; ++oc)
      EXPECT_EQ(r.outputs[0].data[pix * kO + oc],
                float(exactDot(cols, w, pix, oc,
                               [](int64_t k) { return k % kC == 0; })));
  // Rows 0, 3, ..., 15 of block 0 (6) and 18, 21, 24 of block 1 (3).
  EXPECT_EQ(r.report.total.counts.dacDrives, 16u * 8 * (6 + 3));
}

// Bit planes on the digital side of the boundary are exact: with every
// plane digital, a 2-bit ADC loses nothing; with some, the error shrinks.
TEST(OperatingPoints, DigitalPlanesAreExact) {
  Case c;
  c.adcSetBits = 2, c.adcSetRange = 48;
  Program p = makeProgram(c);
  p.arch.digitalCimEnergyPj = 0.001;
  p.arch.digitalCimLatencyNs = 10;
  kernels::Tensor x = makeInput(false);
  auto cols = im2col(x);
  auto w = makeWeights();
  uint32_t planes = topSignificance(p.layers[0]) + 1;
  EXPECT_EQ(planes, 14u); // input bits 0..7 plus slices at 0, 2, 4, 6
  auto error = [&](const sim::SimResult &r) {
    double e = 0;
    for (int64_t pix = 0; pix < kH * kW; ++pix)
      for (int64_t oc = 0; oc < kO; ++oc)
        e += std::fabs(r.outputs[0].data[pix * kO + oc] -
                       double(exactDot(cols, w, pix, oc,
                                       [](int64_t) { return true; })));
    return e;
  };
  ModeLayer analog{8, 8}, some{8, 8}, all{8, 8};
  some.digitalPlanes = 6;
  all.digitalPlanes = planes;
  sim::SimResult a = runAndCompare(p, {"analog", {analog}}, x);
  sim::SimResult s = runAndCompare(p, {"some", {some}}, x);
  sim::SimResult d = runAndCompare(p, {"digital", {all}}, x);
  EXPECT_EQ(error(d), 0.0);
  EXPECT_LT(error(s), error(a));
  EXPECT_EQ(d.report.total.counts.adcConversions, 0u);
  EXPECT_EQ(d.report.total.counts.digitalCimOps, 16u * 8 * 4 * kO * kK);
  EXPECT_GT(s.report.total.counts.digitalCimOps, 0u);
  EXPECT_GT(s.report.total.counts.adcConversions, 0u);
  EXPECT_GT(d.report.total.energyPjBy.digitalCim, 0.0);
  EXPECT_EQ(a.report.total.energyPjBy.digitalCim, 0.0);
}

// Saliency: pixels whose largest input code reaches the threshold run all
// planes digitally (exact), the others all analog on a 2-bit ADC. With the
// calibrated share of salient pixels the estimate equals the measurement.
TEST(OperatingPoints, SaliencyChoosesPlanesPerPixel) {
  Case c;
  c.adcSetBits = 2, c.adcSetRange = 48;
  Program p = makeProgram(c);
  p.arch.digitalCimEnergyPj = 0.001;
  p.arch.digitalCimLatencyNs = 10;
  kernels::Tensor x = makeInput(false);
  auto cols = im2col(x);
  auto w = makeWeights();
  uint64_t threshold = 250;
  std::vector<bool> salient(kH * kW);
  int64_t numSalient = 0;
  for (int64_t pix = 0; pix < kH * kW; ++pix) {
    int64_t largest = *std::max_element(cols[pix].begin(), cols[pix].end());
    salient[pix] = uint64_t(largest) >= threshold;
    numSalient += salient[pix];
  }
  ASSERT_GT(numSalient, 0);
  ASSERT_LT(numSalient, kH * kW);
  ModeLayer ml{8, 8};
  ml.salientPlanes = topSignificance(p.layers[0]) + 1;
  ml.saliencyThreshold = threshold;
  ml.salientPpm = uint32_t(numSalient * 1000000 / (kH * kW));
  ASSERT_EQ(ml.salientPpm * (kH * kW), numSalient * 1000000);
  sim::SimResult r = runAndCompare(p, {"salient", {ml}}, x);
  for (int64_t pix = 0; pix < kH * kW; ++pix) {
    bool exact = true;
    for (int64_t oc = 0; oc < kO; ++oc)
      exact &= r.outputs[0].data[pix * kO + oc] ==
               float(exactDot(cols, w, pix, oc, [](int64_t) { return true; }));
    if (salient[pix])
      EXPECT_TRUE(exact) << "salient pixel " << pix;
  }
  EXPECT_EQ(r.report.total.counts.digitalCimOps,
            uint64_t(numSalient) * 8 * 4 * kO * kK);
}

// Zero-plane skipping leaves the output unchanged and converts less; with
// the calibrated share of non-zero planes the estimate equals the
// measurement.
TEST(OperatingPoints, ZeroPlanesAreSkipped) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  for (float &v : x.data)
    v = std::fmod(v, 8.0f); // bits 3..7 of every input are zero
  auto plain = run(p, x, "w8a8");
  ASSERT_TRUE(bool(plain));
  ModeLayer ml{8, 8};
  ml.skipZeroPlanes = true;
  // 3 of 8 cycles of each (pixel, block) can be non-zero; count them.
  auto cols = im2col(x);
  uint64_t nonzero = 0;
  for (int64_t pix = 0; pix < kH * kW; ++pix)
    for (int64_t block = 0; block < 2; ++block)
      for (int j = 0; j < 8; ++j) {
        bool any = false;
        for (int64_t k = block * 16; k < std::min<int64_t>(kK, block * 16 + 16);
             ++k)
          any |= (cols[pix][k] >> j) & 1;
        nonzero += any;
      }
  uint64_t planes = uint64_t(kH * kW) * 8 * 2;
  ml.nonzeroPlanesPpm = uint32_t(nonzero * 1000000 / planes);
  p.modes.push_back({"skip", {ml}});
  ASSERT_FALSE(bool(verifyProgram(p)));
  auto r = run(p, x, "skip");
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  EXPECT_EQ(r->outputs[0].data, plain->outputs[0].data);
  EXPECT_EQ(r->report.total.counts.skippedPlanes, planes - nonzero);
  EXPECT_LT(r->report.total.counts.adcConversions,
            plain->report.total.counts.adcConversions);
  // The estimator spreads the calibrated share evenly over cycles and row
  // blocks (the simulator finds the zero planes where they are): the
  // planes it reads agree up to rounding, one per (cycle, row block).
  estimator::ModeReport e = estimator::estimateMode(p, 2);
  EXPECT_NEAR(double(e.total.counts.readCycles),
              double(r->report.total.counts.readCycles), 8 * 2);
  EXPECT_NEAR(e.total.energyPjBy.adc, r->report.total.energyPjBy.adc,
              0.1 * r->report.total.energyPjBy.adc);
}

// A per-tile ADC table overrides the layer's setting tile by tile: the same
// setting on every tile equals an ADC_SET of it.
TEST(OperatingPoints, TileAdcOverridesTheLayer) {
  Case c;
  c.adcSetBits = 3, c.adcSetRange = 48;
  Program viaAdcSet = makeProgram(c);
  Program viaTiles = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  ModeLayer ml{8, 8};
  ml.tileAdc.assign(viaTiles.tiles.size(), {3, 48});
  sim::SimResult r = runAndCompare(viaTiles, {"trimmed", {ml}}, x);
  auto expected = run(viaAdcSet, x, "w8a8");
  ASSERT_TRUE(bool(expected));
  EXPECT_EQ(r.outputs[0].data, expected->outputs[0].data);
  EXPECT_TRUE(r.report.total.counts == expected->report.total.counts);
  // One tile at another setting changes only its own conversions.
  ml.tileAdc[0] = {6, 48};
  sim::SimResult mixed = runAndCompare(viaTiles, {"mixed", {ml}}, x);
  EXPECT_EQ(mixed.report.total.counts.adcConversionsByBits.at(6),
            16u * 8 * kO);
}

// Interval coding changes the SAR trials of a conversion, not its code:
// codes below 2^fineBits take fineBits + 1 trials, the others bits + 1.
TEST(OperatingPoints, IntervalCodingKeepsCodes) {
  Program p = makeProgram(Case());
  kernels::Tensor x = makeInput(false);
  auto plain = run(p, x, "w8a8");
  ASSERT_TRUE(bool(plain));
  ModeLayer ml{8, 8};
  ml.tileAdc.assign(p.tiles.size(), {8, 0, 2, 500000});
  p.modes.push_back({"interval", {ml}});
  ASSERT_FALSE(bool(verifyProgram(p)));
  auto r = run(p, x, "interval");
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  EXPECT_EQ(r->outputs[0].data, plain->outputs[0].data);
  const auto &byBits = r->report.total.counts.adcConversionsByBits;
  ASSERT_EQ(byBits.size(), 2u);
  EXPECT_EQ(byBits.at(3) + byBits.at(9),
            plain->report.total.counts.adcConversions);
  EXPECT_EQ(r->report.total.counts.adcBitCycles,
            byBits.at(3) * 3 + byBits.at(9) * 9);
  // The estimator takes the calibrated share: half of the conversions fine.
  estimator::ModeReport e = estimator::estimateMode(p, 2);
  EXPECT_EQ(e.total.counts.adcConversionsByBits.at(3),
            e.total.counts.adcConversionsByBits.at(9));
  // A fine interval as wide as the conversion is no interval.
  ml.tileAdc[0].fineBits = 8;
  p.modes.push_back({"bad", {ml}});
  llvm::Error err = verifyProgram(p);
  ASSERT_TRUE(bool(err));
  EXPECT_NE(llvm::toString(std::move(err)).find(
                "a fine interval of 8 bits in a 8-bit conversion"),
            std::string::npos);
}

// Every verifier rejects a mode that cuts a cell slice.
TEST(OperatingPoints, VerifierRejectsCutSlices) {
  Program p = makeProgram(Case());
  p.modes.push_back({"w7a8", {{7, 8}}});
  llvm::Error e = verifyProgram(p);
  ASSERT_TRUE(bool(e));
  EXPECT_EQ(llvm::toString(std::move(e)),
            "mode 2 ('w7a8'): layer 0 ('conv0'): 7 active weight bits of 8 "
            "would cut a 2-bit cell slice");
}

} // namespace
