//===- CrossbarTest.cpp - Crossbar reads: threads, DAC steps, plans -------===//
//
// A hand-built conv layer large enough that the simulator shares the pixels
// of each MVM between threads (144 pixels, three row blocks, 33 columns),
// run in modes that exercise every branch of a crossbar read: plain, a
// static hybrid boundary, saliency, zero-plane skipping with per-tile ADC
// settings and interval coding, gated channels and rows. For 1, 2, 3 and 7
// threads the outputs must be the same bits and the event counts and
// calibration statistics the same numbers. With multi-bit DAC steps and a
// lossless ADC the output is the exact integer convolution. The plans the
// simulator and the estimator share (planCycles) equal planCycle cycle by
// cycle.
//
//===----------------------------------------------------------------------===//

#include "cim/Estimator/Estimator.h"
#include "cim/Program/Semantics.h"
#include "cim/Sim/Simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace cim;
using namespace cim::program;

namespace {

constexpr int64_t kSide = 12, kInC = 6, kOutC = 33, kK = 9 * kInC;
constexpr uint32_t kRowsPerBlock = 20;

uint32_t nextRandom(uint32_t &state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

Program makeProgram(PolarityScheme polarity, bool inputSigned,
                    uint32_t dacBits = 1) {
  Program p;
  llvm::Expected<ArchSpec> arch = loadArch("osa-hcim");
  EXPECT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  p.arch = *arch;
  p.modelName = "threads";
  p.symbols = {"", "conv"};
  p.tensors.push_back(
      {"x", {1, kSide, kSide, kInC}, TensorRole::Input, 0, {}});
  uint64_t inElems = kSide * kSide * kInC;
  p.tensors.push_back(
      {"y", {1, kSide, kSide, kOutC}, TensorRole::Output, inElems, {}});
  p.bufferElements = inElems + kSide * kSide * kOutC;

  Layer L;
  L.name = "conv";
  L.inH = L.inW = L.outH = L.outW = kSide;
  L.inC = kInC;
  L.outC = kOutC;
  L.kH = L.kW = 3;
  L.padTop = L.padLeft = L.padBottom = L.padRight = 1;
  L.inputScale = 1;
  L.inputSigned = inputSigned;
  L.inputBits = 8, L.weightBits = 8, L.cellBits = 2, L.dacBits = dacBits;
  L.polarity = polarity;
  L.rowsPerBlock = kRowsPerBlock;
  L.outScale.assign(kOutC, 0.5);
  L.bias.assign(kOutC, 1.0);
  L.relu = true;
  L.adcBits = 6;
  L.adcRange = 400;
  p.layers.push_back(L);

  uint32_t s = 5;
  std::vector<std::vector<int64_t>> w(kK, std::vector<int64_t>(kOutC));
  for (auto &row : w)
    for (int64_t &v : row)
      v = int64_t(nextRandom(s) % 255) - 127;
  std::vector<TilePolarity> pols =
      polarity == PolarityScheme::Offset
          ? std::vector<TilePolarity>{TilePolarity::Offset}
          : std::vector<TilePolarity>{TilePolarity::Positive,
                                      TilePolarity::Negative};
  // One array per tile, placed away from the array's corner.
  for (int64_t r = 0; r < L.rowBlocks(); ++r)
    for (TilePolarity pol : pols)
      for (uint32_t slice = 0; slice < L.slices(); ++slice) {
        uint32_t begin = r * kRowsPerBlock;
        uint32_t end = std::min<uint32_t>(kK, begin + kRowsPerBlock);
        Tile t;
        t.layer = 0, t.rowBlock = r, t.rowBegin = begin, t.rowEnd = end;
        t.colBegin = 0, t.colEnd = kOutC, t.slice = slice, t.polarity = pol;
        t.core = 0, t.array = uint32_t(p.arrays.size());
        t.arrayRow = 1, t.arrayCol = 2;
        p.tiles.push_back(t);
        ArrayImage img;
        img.core = 0, img.array = t.array;
        img.levels.assign(p.arch.rows * p.arch.cols, 0);
        for (uint32_t k = begin; k < end; ++k)
          for (int64_t oc = 0; oc < kOutC; ++oc) {
            int64_t wv = w[k][oc];
            uint64_t stored = pol == TilePolarity::Offset ? uint64_t(wv + 128)
                              : pol == TilePolarity::Positive
                                  ? uint64_t(std::max<int64_t>(wv, 0))
                                  : uint64_t(std::max<int64_t>(-wv, 0));
            img.levels[(t.arrayRow + k - begin) * p.arch.cols + t.arrayCol +
                       oc] = uint8_t((stored >> (2 * slice)) & 3);
          }
        p.arrays.push_back(std::move(img));
      }
  size_t tiles = p.tiles.size();

  auto mode = [&](const std::string &name) -> ModeLayer & {
    p.modes.push_back({name, {ModeLayer()}});
    return p.modes.back().layers[0];
  };
  mode("plain");
  mode("hybrid").digitalPlanes = 3;
  ModeLayer &salient = mode("salient");
  salient.digitalPlanes = 2;
  salient.salientPlanes = 8;
  salient.saliencyThreshold = inputSigned ? 90 : 180;
  ModeLayer &skip = mode("skip");
  skip.skipZeroPlanes = true;
  skip.tileAdc.assign(tiles, AdcSetting());
  for (size_t i = 0; i < tiles; i += 2)
    skip.tileAdc[i] = {7, 300, i % 4 ? 0u : 3u, 0};
  ModeLayer &gated = mode("gated");
  gated.weightBits = 6;
  gated.inputBits = 5;
  gated.activeChannels = 20;
  gated.activeInputs = 4;
  gated.inputPeriod = 6;

  CoreStream core;
  core.core = 0;
  core.instrs.push_back({Opcode::Quant, {0, 0}, 1});
  for (int64_t r = 0; r < L.rowBlocks(); ++r)
    core.instrs.push_back({Opcode::Mvm, {0, r}, 1});
  core.instrs.push_back({Opcode::Epilogue, {0, 1}, 1});
  core.instrs.push_back({Opcode::Halt, {}, 0});
  p.cores.push_back(core);
  return p;
}

/// Inputs with many zeros (whole all-zero input planes) and a few large
/// values (salient pixels).
kernels::Tensor makeInput(bool inputSigned) {
  uint32_t s = 17;
  kernels::Tensor t;
  t.shape = {1, kSide, kSide, kInC};
  for (int64_t i = 0; i < kSide * kSide * kInC; ++i) {
    uint32_t r = nextRandom(s);
    int64_t v = r % 3 == 0 ? 0 : int64_t(r % (r % 7 == 0 ? 255 : 40));
    if (inputSigned && (r >> 12) % 2)
      v = -v;
    t.data.push_back(float(v) + 0.25f);
  }
  return t;
}

bool sameBits(const std::vector<kernels::Tensor> &a,
              const std::vector<kernels::Tensor> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].shape != b[i].shape || a[i].data.size() != b[i].data.size() ||
        std::memcmp(a[i].data.data(), b[i].data.data(),
                    a[i].data.size() * sizeof(float)))
      return false;
  return true;
}

class ThreadsTest
    : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(ThreadsTest, ResultsDoNotDependOnThreads) {
  PolarityScheme polarity = std::get<0>(GetParam())
                                ? PolarityScheme::Differential
                                : PolarityScheme::Offset;
  bool inputSigned = std::get<1>(GetParam());
  Program p = makeProgram(polarity, inputSigned);
  kernels::Tensor x = makeInput(inputSigned);
  for (const Mode &m : p.modes) {
    std::vector<kernels::Tensor> firstOutputs;
    estimator::ModeReport firstReport;
    sim::Statistics firstStats;
    for (unsigned threads : {1u, 2u, 3u, 7u}) {
      sim::Statistics stats;
      sim::SimOptions o;
      o.mode = m.name;
      o.threads = threads;
      o.statistics = &stats;
      auto r = sim::simulate(p, {{"x", x}}, o);
      ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
      if (threads == 1) {
        firstOutputs = r->outputs;
        firstReport = r->report;
        firstStats = stats;
        EXPECT_GT(r->report.total.counts.readCycles, 0u) << m.name;
        continue;
      }
      EXPECT_TRUE(sameBits(firstOutputs, r->outputs))
          << m.name << ", " << threads << " threads";
      EXPECT_TRUE(firstReport.total.counts == r->report.total.counts)
          << m.name << ", " << threads << " threads";
      EXPECT_EQ(firstReport.total.energyPj, r->report.total.energyPj);
      EXPECT_EQ(firstReport.total.latencyNs, r->report.total.latencyNs);
      EXPECT_EQ(firstStats.tileMaxSum, stats.tileMaxSum);
      EXPECT_EQ(firstStats.tileSums, stats.tileSums);
      EXPECT_EQ(firstStats.tileSumBits, stats.tileSumBits);
      EXPECT_EQ(firstStats.layerPlanes, stats.layerPlanes);
      EXPECT_EQ(firstStats.layerNonzeroPlanes, stats.layerNonzeroPlanes);
      EXPECT_EQ(firstStats.layerPixelMaxCode, stats.layerPixelMaxCode);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sim, ThreadsTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Bool()));

// The modes above do what they are meant to: some planes skipped, some
// pixels salient, some products digital, some conversions interval-coded.
TEST(Sim, ThreadsTestModesExerciseEveryBranch) {
  Program p = makeProgram(PolarityScheme::Differential, false);
  kernels::Tensor x = makeInput(false);
  auto counts = [&](const std::string &mode) {
    sim::SimOptions o;
    o.mode = mode;
    auto r = sim::simulate(p, {{"x", x}}, o);
    if (!r) {
      ADD_FAILURE() << llvm::toString(r.takeError());
      return estimator::EventCounts();
    }
    return r->report.total.counts;
  };
  EXPECT_GT(counts("hybrid").digitalCimOps, 0u);
  EXPECT_GT(counts("salient").digitalCimOps, counts("hybrid").digitalCimOps /
                                                 3 * 2);
  EXPECT_GT(counts("skip").skippedPlanes, 0u);
  EXPECT_LT(counts("skip").readCycles, counts("plain").readCycles);
  // Interval coding: conversions at fineBits + 1 = 4 and bits + 1 = 8 trials.
  EXPECT_GT(counts("skip").adcConversionsByBits.count(4), 0u);
  EXPECT_GT(counts("skip").adcConversionsByBits.count(8), 0u);
  EXPECT_LT(counts("gated").adcConversions, counts("plain").adcConversions);
}

// DAC steps of 2, 3 and 4 bits (digits of several bit planes each), Offset
// and Differential, with an ADC that loses nothing: y is the exact integer
// convolution, scaled, biased and rectified.
TEST(Sim, MultiBitDacStepsAreExact) {
  for (uint32_t d : {2u, 3u, 4u})
    for (int diff = 0; diff < 2; ++diff) {
      Program p = makeProgram(
          diff ? PolarityScheme::Differential : PolarityScheme::Offset, false,
          d);
      p.layers[0].adcBits = 16;
      p.layers[0].adcRange = 0; // step 1
      p.modes.resize(1);        // plain
      kernels::Tensor x = makeInput(false);
      sim::SimOptions o;
      o.threads = 2;
      auto r = sim::simulate(p, {{"x", x}}, o);
      ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
      uint32_t s = 5;
      std::vector<std::vector<int64_t>> w(kK, std::vector<int64_t>(kOutC));
      for (auto &row : w)
        for (int64_t &v : row)
          v = int64_t(nextRandom(s) % 255) - 127;
      for (int64_t oh = 0; oh < kSide; ++oh)
        for (int64_t ow = 0; ow < kSide; ++ow)
          for (int64_t oc = 0; oc < kOutC; ++oc) {
            int64_t dot = 0;
            for (int64_t kh = 0; kh < 3; ++kh)
              for (int64_t kw = 0; kw < 3; ++kw)
                for (int64_t ic = 0; ic < kInC; ++ic) {
                  int64_t ih = oh + kh - 1, iw = ow + kw - 1;
                  if (ih < 0 || ih >= kSide || iw < 0 || iw >= kSide)
                    continue;
                  int64_t xv = int64_t(
                      std::lround(x.data[(ih * kSide + iw) * kInC + ic] - 0.25));
                  dot += xv * w[(kh * 3 + kw) * kInC + ic][oc];
                }
            float expected = float(std::max(double(dot) * 0.5 + 1.0, 0.0));
            EXPECT_EQ(r->outputs[0].data[(oh * kSide + ow) * kOutC + oc],
                      expected)
                << d << "-bit DAC, pixel (" << oh << ", " << ow
                << "), channel " << oc;
          }
    }
}

bool samePlan(const CyclePlan &a, const CyclePlan &b) {
  if (a.tiles.size() != b.tiles.size() || a.arrays != b.arrays ||
      a.blockRowsDriven != b.blockRowsDriven)
    return false;
  for (size_t i = 0; i < a.tiles.size(); ++i) {
    const PlannedTile &x = a.tiles[i], &y = b.tiles[i];
    if (x.index != y.index || x.cols != y.cols || x.rows != y.rows ||
        !(x.adc == y.adc) || x.digital != y.digital || x.weight != y.weight)
      return false;
  }
  const CycleEvents &x = a.events, &y = b.events;
  if (x.intervals.size() != y.intervals.size())
    return false;
  for (size_t i = 0; i < x.intervals.size(); ++i)
    if (x.intervals[i].columns != y.intervals[i].columns ||
        x.intervals[i].fineTrials != y.intervals[i].fineTrials ||
        x.intervals[i].coarseTrials != y.intervals[i].coarseTrials ||
        x.intervals[i].finePpm != y.intervals[i].finePpm)
      return false;
  return x.arrayActivations == y.arrayActivations &&
         x.dacDrives == y.dacDrives && x.cellReads == y.cellReads &&
         x.adcConversions == y.adcConversions &&
         x.adcBitCycles == y.adcBitCycles && x.shiftAdds == y.shiftAdds &&
         x.digitalCimOps == y.digitalCimOps &&
         x.conversionsByBits == y.conversionsByBits && x.cyclePs == y.cyclePs;
}

TEST(Semantics, PlanCyclesEqualsPlanCycle) {
  for (int diff = 0; diff < 2; ++diff) {
    Program p = makeProgram(
        diff ? PolarityScheme::Differential : PolarityScheme::Offset, false);
    const Layer &L = p.layers[0];
    AdcSetting layerAdc{L.adcBits, L.adcRange};
    for (const Mode &m : p.modes)
      for (bool salient : {false, true})
        for (uint32_t r = 0; r < L.rowBlocks(); ++r) {
          const ModeLayer &ml = m.layers[0];
          CyclePlans plans = planCycles(p, 0, r, ml, salient, layerAdc);
          ASSERT_EQ(plans.cycles(), activeInputCycles(L, ml));
          for (uint32_t j = 0; j < plans.cycles(); ++j)
            EXPECT_TRUE(samePlan(plans[j],
                                 planCycle(p, 0, r, ml, j, salient, layerAdc)))
                << m.name << " block " << r << " cycle " << j;
          // Without digital planes every cycle shares one plan.
          uint32_t planes = salient ? ml.salientPlanes : ml.digitalPlanes;
          if (planes == 0) {
            EXPECT_EQ(plans.plans.size(), 1u) << m.name;
          }
        }
  }
}

} // namespace
