//===- AdcTrim.cpp - Per-tile ADC settings from partial-sum statistics ----===//
//
// Seed 2 (ADC redundant-bit removal): the column sums a tile really produces
// on calibration data rarely reach the layer's full-scale range, so the SAR
// trials for the most significant bits never fire. Running the binary's
// mapping in the simulator gives each tile's largest column sum; the tile's
// ADC keeps the layer's step and converts only up to that sum (fewer MSB
// trials), optionally with coarser steps (fewer LSB trials), and all-zero
// input bit-planes are skipped. The result is a new operating point over the
// same mapping.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/Transforms/Calibration.h"
#include "cim/Dialect/CIM/Transforms/ModeUtils.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

#include "cim/Reference/Fidelity.h"

#include "mlir/IR/Builders.h"

#include <cmath>

namespace cim {
#define GEN_PASS_DEF_CIMADCTRIM
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// Bits a SAR needs to count `levels` steps: the smallest b >= 1 with
/// 2^b - 1 >= levels.
unsigned bitsFor(uint64_t levels) {
  unsigned b = 1;
  while (b < 63 && ((uint64_t(1) << b) - 1) < levels)
    ++b;
  return b;
}

/// Interval coding: the fine interval (codes below 2^f) that minimizes the
/// expected conversion energy, f + 1 trials inside and bits + 1 outside,
/// if that beats plain `bits` trials. The share inside is taken from the
/// bit lengths of the calibrated sums: a sum below 2^L with 2^L at most the
/// interval's top in sums surely converts inside, so the share is a lower
/// bound.
void chooseInterval(program::AdcSetting &adc,
                    const std::vector<uint64_t> &sumBits, uint64_t sums,
                    const ArchSpec &arch) {
  if (adc.bits < 3 || sums == 0)
    return;
  double step = std::max(
      1.0, double(adc.range) / double((uint64_t(1) << adc.bits) - 1));
  double plain = arch.adcEnergyPj(adc.bits);
  double best = plain * 0.99;
  for (unsigned f = 1; f + 1 < adc.bits; ++f) {
    double top = (double(uint64_t(1) << f) - 0.5) * step;
    uint64_t inside = 0;
    for (unsigned length = 0; length < sumBits.size(); ++length)
      if (double(uint64_t(1) << length) <= top)
        inside += sumBits[length];
    double share = double(inside) / double(sums);
    double energy = share * arch.adcEnergyPj(f + 1) +
                    (1 - share) * arch.adcEnergyPj(adc.bits + 1);
    if (energy < best) {
      best = energy;
      adc.fineBits = f;
      adc.finePpm = uint32_t(std::llround(share * 1e6));
    }
  }
}

struct CIMAdcTrimPass : public cim::impl::CIMAdcTrimBase<CIMAdcTrimPass> {
  using Base::Base;

  /// "LSBs below the budget": drops further least significant SAR trials,
  /// slice by slice from the least significant weight slice up (one more
  /// trial at a time, on every tile of that slice in every layer), while the
  /// output SNR against the float reference on the calibration samples stays
  /// within `lsb-budget-db` of the trimmed mode's.
  LogicalResult dropLsbsWithinBudget(ModeContext &ctx,
                                     std::vector<program::ModeLayer> &modes,
                                     const std::vector<Sample> &samples) {
    auto reference = referenceOutputs(ctx.func, samples);
    if (failed(reference))
      return failure();
    std::vector<float> expected;
    for (const auto &outputs : *reference)
      for (const kernels::Tensor &t : outputs)
        expected.insert(expected.end(), t.data.begin(), t.data.end());
    size_t trial = ctx.program.modes.size();
    ctx.program.modes.push_back({"adc-trim-trial", {}});
    auto snrOf = [&](const std::vector<program::ModeLayer> &layers)
        -> FailureOr<double> {
      ctx.program.modes[trial].layers = layers;
      auto outputs = simulateSamples(ctx.program, trial, samples,
                                     ctx.module.getLoc());
      if (failed(outputs))
        return failure();
      std::vector<float> measured;
      for (const auto &sample : *outputs)
        for (const kernels::Tensor &t : sample)
          measured.insert(measured.end(), t.data.begin(), t.data.end());
      return reference::snrDb(expected, measured);
    };
    FailureOr<double> start = snrOf(modes);
    if (failed(start))
      return failure();
    double target = *start - lsbBudgetDb;
    uint32_t slices = 0;
    for (const program::Layer &l : ctx.program.layers)
      slices = std::max(slices, l.slices());
    for (uint32_t slice = 0; slice < slices; ++slice) {
      bool dropped = false;
      while (true) {
        std::vector<program::ModeLayer> trialModes = modes;
        bool changed = false;
        for (size_t l = 0; l < trialModes.size(); ++l)
          for (auto [i, tile] : llvm::enumerate(ctx.tilesOfLayer[l])) {
            if (ctx.program.tiles[tile].slice != slice ||
                i >= trialModes[l].tileAdc.size())
              continue;
            program::AdcSetting &adc = trialModes[l].tileAdc[i];
            if (adc.bits <= 1)
              continue;
            adc.bits -= 1;
            if (adc.fineBits >= adc.bits)
              adc.fineBits = adc.finePpm = 0;
            changed = true;
          }
        if (!changed)
          break;
        FailureOr<double> snr = snrOf(trialModes);
        if (failed(snr))
          return failure();
        if (*snr < target)
          break;
        modes = std::move(trialModes);
        dropped = true;
        numBitsSaved += 1;
      }
      // A more significant slice is more sensitive still.
      if (!dropped)
        break;
    }
    ctx.program.modes.pop_back();
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<ModeContext> ctx = ModeContext::get(module, base, name, "-adc",
                                                  "cim-adc-trim");
    if (failed(ctx))
      return signalPassFailure();
    auto samples = loadCalibrationSamples(ctx->func, calibration,
                                          calibrationSamples, seed);
    if (failed(samples))
      return signalPassFailure();
    if (samples->empty()) {
      emitError(module.getLoc(), "cim-adc-trim: no calibration samples");
      return signalPassFailure();
    }
    sim::Statistics stats;
    if (failed(simulateSamples(ctx->program, ctx->baseIndex, *samples,
                               module.getLoc(), &stats)))
      return signalPassFailure();

    MLIRContext *context = &getContext();
    std::vector<program::ModeLayer> modes;
    for (auto [layerIndex, op] : llvm::enumerate(ctx->layers)) {
      StringRef layerName = op->getAttrOfType<StringAttr>("layer").getValue();
      AdcConfigOp config = adcConfigOf(op);
      if (!config) {
        op->emitOpError("has no cim.adc_config; run cim-map-crossbars first");
        return signalPassFailure();
      }
      unsigned layerBits = config.getAdc().getBits();
      uint64_t layerRange = config.getAdc().getRange();
      double step = std::max(
          1.0, double(layerRange) / double((uint64_t(1) << layerBits) - 1));

      program::ModeLayer mode =
          ctx->baseMode.getPrecisionFor(layerName).toModeLayer();
      mode.tileAdc.clear();
      for (uint32_t tile : ctx->tilesOfLayer[layerIndex]) {
        if (stats.tileSums[tile] == 0) {
          // Not read in the base mode (a truncated slice): keep the layer's.
          mode.tileAdc.push_back({layerBits, layerRange});
          continue;
        }
        uint64_t largest = std::max<uint64_t>(1, stats.tileMaxSum[tile]);
        if (coverage < 1.0) {
          // The smallest power-of-two range holding `coverage` of the sums;
          // the rest clip.
          const std::vector<uint64_t> &byBits = stats.tileSumBits[tile];
          uint64_t covered = 0, needed = uint64_t(
              std::ceil(coverage * double(stats.tileSums[tile])));
          for (unsigned b = 0; b < byBits.size(); ++b) {
            covered += byBits[b];
            if (covered >= needed) {
              largest = std::min<uint64_t>(
                  largest, std::max<uint64_t>(1, (uint64_t(1) << b) - 1));
              break;
            }
          }
        }
        unsigned bits = std::min(
            layerBits,
            bitsFor(uint64_t(std::ceil(double(largest) / step - 1e-9))));
        bits = std::max(1u, bits > lsbBits ? bits - unsigned(lsbBits) : 1u);
        if (bits < layerBits)
          ++numTrimmed;
        numBitsSaved += layerBits - bits;
        program::AdcSetting adc{bits, std::min(largest, layerRange)};
        if (interval)
          chooseInterval(adc, stats.tileSumBits[tile], stats.tileSums[tile],
                         ctx->program.arch);
        mode.tileAdc.push_back(adc);
      }
      if (skipZeroPlanes) {
        mode.skipZeroPlanes = true;
        uint64_t planes = stats.layerPlanes[ctx->programLayer[layerIndex]];
        uint64_t nonzero =
            stats.layerNonzeroPlanes[ctx->programLayer[layerIndex]];
        mode.nonzeroPlanesPpm =
            planes ? uint32_t((nonzero * 1000000 + planes / 2) / planes)
                   : 1000000;
      }
      modes.push_back(std::move(mode));
    }
    if (lsbBudgetDb > 0 &&
        failed(dropLsbsWithinBudget(*ctx, modes, *samples)))
      return signalPassFailure();
    SmallVector<NamedAttribute> entries;
    for (auto [layerIndex, op] : llvm::enumerate(ctx->layers))
      entries.push_back(NamedAttribute(
          op->getAttrOfType<StringAttr>("layer"),
          PrecisionAttr::fromModeLayer(context, modes[layerIndex])));
    ctx->addMode(entries);
  }
};

} // namespace
