//===- Peak.cpp - Whole-chip peak throughput and efficiency --------------===//

#include "cim/Estimator/Peak.h"

#include "cim/Estimator/Estimator.h"
#include "cim/Program/Semantics.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace cim;
using namespace cim::estimator;
using llvm::json::Object;
using llvm::json::Value;

namespace {

/// A one-layer program whose layer fills array 0 of core 0: every row, and
/// as many weights per row as whole sets of slices fit in the columns.
program::Program fullArrayProgram(const ArchSpec &arch, unsigned weightBits,
                                  unsigned inputBits) {
  program::Program p;
  p.arch = arch;
  program::Layer layer;
  layer.name = "peak";
  layer.kind = program::LayerKind::MatMul;
  layer.weightBits = weightBits;
  layer.inputBits = inputBits;
  layer.cellBits = arch.cellBits;
  layer.dacBits = arch.dacBits;
  layer.polarity = arch.polarity;
  layer.rowsPerBlock = std::max(1u, std::min(arch.activeRows, arch.rows));
  layer.inC = arch.rows;
  layer.adcBits = arch.adcBits;
  layer.adcRange = arch.fullScaleColumnSum(layer.rowsPerBlock);
  bool differential = arch.polarity == PolarityScheme::Differential;
  uint32_t tilesPerWeight = layer.slices() * (differential ? 2 : 1);
  layer.outC = tilesPerWeight ? arch.cols / tilesPerWeight : 0;
  layer.outScale.assign(layer.outC, 1.0);
  layer.bias.assign(layer.outC, 0.0);
  p.layers.push_back(layer);

  uint32_t col = 0;
  for (uint32_t slice = 0; slice < layer.slices(); ++slice) {
    for (int sign = 0; sign < (differential ? 2 : 1); ++sign) {
      for (int64_t rb = 0; rb < layer.rowBlocks(); ++rb) {
        program::Tile t;
        t.rowBlock = uint32_t(rb);
        t.rowBegin = uint32_t(rb) * layer.rowsPerBlock;
        t.rowEnd = std::min<uint32_t>(t.rowBegin + layer.rowsPerBlock,
                                      uint32_t(layer.kRows()));
        t.colEnd = uint32_t(layer.outC);
        t.slice = slice;
        t.polarity = !differential ? program::TilePolarity::Offset
                     : sign == 0   ? program::TilePolarity::Positive
                                   : program::TilePolarity::Negative;
        t.arrayRow = t.rowBegin;
        t.arrayCol = col;
        p.tiles.push_back(t);
      }
      col += uint32_t(layer.outC);
    }
  }
  return p;
}

} // namespace

llvm::Expected<PeakEfficiency>
estimator::estimatePeak(const ArchSpec &arch, unsigned weightBits,
                        unsigned inputBits) {
  program::Program p = fullArrayProgram(arch, weightBits, inputBits);
  const program::Layer &layer = p.layers.front();
  if (weightBits == 0 || inputBits == 0 || layer.outC == 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "arch '%s': w%ua%u leaves no whole weight in an array row of %u "
        "columns (%u cells of %u bits per weight)",
        arch.name.c_str(), weightBits, inputBits, arch.cols, layer.slices(),
        arch.cellBits);

  program::ModeLayer mode;
  mode.weightBits = weightBits;
  mode.inputBits = inputBits;
  program::AdcSetting adc{layer.adcBits, layer.adcRange};
  EventCounts counts;
  uint64_t timePs = 0;
  for (int64_t rb = 0; rb < layer.rowBlocks(); ++rb) {
    for (uint32_t j = 0; j < program::activeInputCycles(layer, mode); ++j) {
      program::CyclePlan plan =
          program::planCycle(p, 0, uint32_t(rb), mode, j, false, adc);
      const program::CycleEvents &e = plan.events;
      counts.arrayActivations += e.arrayActivations;
      counts.dacDrives += e.dacDrives;
      counts.cellReads += e.cellReads;
      counts.adcConversions += e.adcConversions;
      counts.adcBitCycles += e.adcBitCycles;
      counts.shiftAdds += e.shiftAdds;
      for (const auto &kv : e.conversionsByBits)
        counts.adcConversionsByBits[kv.first] += kv.second;
      counts.analogTimePs += e.cyclePs;
      timePs += e.cyclePs;
    }
  }

  PeakEfficiency peak;
  peak.weightBits = weightBits;
  peak.inputBits = inputBits;
  peak.macsPerMvm = uint64_t(layer.kRows()) * uint64_t(layer.outC);
  peak.mvmNs = double(timePs) / 1000.0;
  peak.mvmEnergyPj = priceCounts(arch, counts).energyPjBy;
  peak.arrays = uint64_t(arch.cores) * arch.arraysPerCore;
  if (peak.mvmNs > 0) {
    // Ops per ns are GOPS; pJ per ns are mW.
    peak.gops = double(peak.arrays) * 2.0 * double(peak.macsPerMvm) /
                peak.mvmNs;
    peak.powerW = (double(peak.arrays) * peak.mvmEnergyPj.total() /
                       peak.mvmNs +
                   double(arch.cores) * arch.uncoreCorePowerMw +
                   arch.uncoreChipPowerMw) /
                  1000.0;
  }
  double coreUm2 = double(arch.arraysPerCore) * perArrayAreaUm2(arch) +
                   arch.digitalAreaUm2 + arch.bufferAreaUm2 +
                   arch.uncoreCoreAreaUm2;
  peak.areaMm2 =
      (double(arch.cores) * coreUm2 + arch.uncoreChipAreaUm2) / 1e6;
  return peak;
}

Value estimator::toJSON(const PeakEfficiency &peak) {
  const EnergyBreakdown &e = peak.mvmEnergyPj;
  return Object{{"weight_bits", static_cast<int64_t>(peak.weightBits)},
                {"input_bits", static_cast<int64_t>(peak.inputBits)},
                {"arrays", static_cast<int64_t>(peak.arrays)},
                {"macs_per_mvm", static_cast<int64_t>(peak.macsPerMvm)},
                {"mvm_ns", peak.mvmNs},
                {"mvm_energy_pj", e.total()},
                {"mvm_energy_pj_by", Object{{"adc", e.adc},
                                            {"dac", e.dac},
                                            {"array", e.array},
                                            {"shift_add", e.shiftAdd}}},
                {"gops", peak.gops},
                {"area_mm2", peak.areaMm2},
                {"power_w", peak.powerW},
                {"gops_per_mm2", peak.gopsPerMm2()},
                {"gops_per_w", peak.gopsPerW()}};
}

void estimator::printPeak(llvm::raw_ostream &os, const ArchSpec &arch,
                          const PeakEfficiency &peak) {
  os << llvm::formatv(
      "peak of {0} at w{1}a{2}, every one of its {3} arrays busy: {4:F1} "
      "GOPS, {5:F2} mm2, {6:F2} W -> {7:F2} GOPS/(s mm2), {8:F2} GOPS/W "
      "(one array: {9} MACs in {10:F1} ns for {11:F1} pJ{12})\n",
      arch.name, peak.weightBits, peak.inputBits, peak.arrays, peak.gops,
      peak.areaMm2, peak.powerW, peak.gopsPerMm2(), peak.gopsPerW(),
      peak.macsPerMvm, peak.mvmNs, peak.mvmEnergyPj.total(),
      arch.hasUncore() ? "" : "; the arch has no uncore section: buses, "
                              "routers, I/O and buffer power not included");
}
