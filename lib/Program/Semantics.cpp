//===- Semantics.cpp - What a Program's layers do in an operating point ---===//

#include "cim/Program/Semantics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace cim::program {

ModeLayer modeLayerOf(const Program &program, size_t modeIndex,
                      size_t layerIndex) {
  if (modeIndex < program.modes.size() &&
      layerIndex < program.modes[modeIndex].layers.size())
    return program.modes[modeIndex].layers[layerIndex];
  ModeLayer full;
  if (layerIndex < program.layers.size()) {
    full.weightBits = program.layers[layerIndex].weightBits;
    full.inputBits = program.layers[layerIndex].inputBits;
  }
  return full;
}

std::string checkModeLayer(const Layer &l, const ModeLayer &m,
                           size_t layerTiles, bool hasDigitalCim) {
  if (m.weightBits < 1 || m.weightBits > l.weightBits)
    return llvm::formatv("weight bits {0} outside [1, {1}]", m.weightBits,
                         l.weightBits);
  if (m.inputBits < 1 || m.inputBits > l.inputBits)
    return llvm::formatv("input bits {0} outside [1, {1}]", m.inputBits,
                         l.inputBits);
  // Switching off weight bits means switching off whole cells, and input
  // bits whole DAC steps.
  if (l.cellBits > 0 && (l.weightBits - m.weightBits) % l.cellBits != 0)
    return llvm::formatv("{0} active weight bits of {1} would cut a {2}-bit "
                         "cell slice",
                         m.weightBits, l.weightBits, l.cellBits);
  if (l.dacBits > 0 && (l.inputBits - m.inputBits) % l.dacBits != 0)
    return llvm::formatv("{0} active input bits of {1} would cut a {2}-bit "
                         "DAC step",
                         m.inputBits, l.inputBits, l.dacBits);
  if (m.activeChannels > l.outC)
    return llvm::formatv("{0} active channels of {1}", m.activeChannels,
                         l.outC);
  if (m.activeInputs != 0 || m.inputPeriod != 0) {
    if (m.inputPeriod == 0 || m.activeInputs == 0 ||
        m.activeInputs > m.inputPeriod)
      return llvm::formatv("{0} active inputs of a period of {1}: expected "
                           "1 <= active inputs <= period",
                           m.activeInputs, m.inputPeriod);
    if (l.kRows() % m.inputPeriod != 0)
      return llvm::formatv("input period {0} does not divide the {1} rows",
                           m.inputPeriod, l.kRows());
  }
  uint32_t planes = topSignificance(l) + 1;
  if (m.digitalPlanes > planes || m.salientPlanes > planes)
    return llvm::formatv("{0} digital planes ({1} when salient): the layer "
                         "has {2}",
                         m.digitalPlanes, m.salientPlanes, planes);
  if ((m.digitalPlanes > 0 || m.salientPlanes > 0) && !hasDigitalCim)
    return "digital planes need a target with digital CIM (arch "
           "'digital_cim')";
  if ((m.saliencyThreshold == 0) != (m.salientPlanes == 0))
    return "a saliency threshold and salient planes go together";
  if (m.nonzeroPlanesPpm > 1000000 || m.salientPpm > 1000000)
    return "expected shares must be at most 1000000 parts per million";
  if (!m.tileAdc.empty() && m.tileAdc.size() != layerTiles)
    return llvm::formatv("{0} tile ADC settings for {1} tiles",
                         m.tileAdc.size(), layerTiles);
  if (!m.tileAdc.empty() &&
      llvm::all_of(m.tileAdc, [](const AdcSetting &a) { return a.bits == 0; }))
    return "a tile ADC table whose every entry is 0 bits (leave it empty)";
  for (const AdcSetting &a : m.tileAdc) {
    if (a.bits > 16)
      return llvm::formatv("tile ADC setting of {0} bits (at most 16)",
                           a.bits);
    if (a.fineBits != 0 && a.fineBits >= a.bits)
      return llvm::formatv("a fine interval of {0} bits in a {1}-bit "
                           "conversion (expected fewer)",
                           a.fineBits, a.bits);
    if (a.finePpm > 1000000)
      return "a fine-interval share above 1000000 parts per million";
  }
  return {};
}

bool sliceActive(const Layer &layer, const ModeLayer &mode, uint32_t slice) {
  int64_t truncated = int64_t(layer.weightBits) -
                      int64_t(std::min(mode.weightBits, layer.weightBits));
  return int64_t(slice) * int64_t(layer.cellBits) >= truncated;
}

uint32_t activeInputCycles(const Layer &layer, const ModeLayer &mode) {
  uint32_t a = std::min(mode.inputBits, layer.inputBits);
  uint32_t d = std::max(1u, layer.dacBits);
  return (a + d - 1) / d;
}

uint32_t inputShift(const Layer &layer, const ModeLayer &mode) {
  return layer.inputBits - std::min(mode.inputBits, layer.inputBits);
}

int64_t rowsOfBlock(const Layer &layer, int64_t rowBlock) {
  int64_t begin = rowBlock * int64_t(layer.rowsPerBlock);
  int64_t end = std::min(layer.kRows(), begin + int64_t(layer.rowsPerBlock));
  return std::max<int64_t>(0, end - begin);
}

uint32_t activeOutChannels(const Layer &layer, const ModeLayer &mode) {
  if (mode.activeChannels == 0 || mode.activeChannels > layer.outC)
    return uint32_t(layer.outC);
  return mode.activeChannels;
}

bool rowDriven(const ModeLayer &mode, int64_t k) {
  if (mode.inputPeriod == 0 || mode.activeInputs == 0)
    return true;
  return k % int64_t(mode.inputPeriod) < int64_t(mode.activeInputs);
}

uint32_t topSignificance(const Layer &layer) {
  uint32_t d = std::max(1u, layer.dacBits);
  uint32_t cycles = (layer.inputBits + d - 1) / d;
  uint32_t slices = layer.slices();
  return (cycles > 0 ? (cycles - 1) * d : 0) +
         (slices > 0 ? (slices - 1) * layer.cellBits : 0);
}

bool planeDigital(const Layer &layer, const ModeLayer &mode, uint32_t j,
                  uint32_t slice, bool salient) {
  uint32_t planes = salient ? mode.salientPlanes : mode.digitalPlanes;
  if (planes == 0)
    return false;
  uint32_t sig = inputShift(layer, mode) + j * std::max(1u, layer.dacBits) +
                 slice * layer.cellBits;
  return sig + planes > topSignificance(layer);
}

unsigned conversionTrials(const AdcSetting &adc, uint64_t code) {
  if (adc.fineBits == 0)
    return adc.bits;
  return code < (uint64_t(1) << adc.fineBits) ? adc.fineBits + 1
                                                : adc.bits + 1;
}

uint64_t saliencyOps(const Layer &layer) {
  return uint64_t(layer.batch * layer.inH * layer.inW * layer.inC) +
         uint64_t(layer.pixels()) * uint64_t(layer.kH * layer.kW);
}

CyclePlan planCycle(const Program &program, uint32_t layerIndex,
                    uint32_t rowBlock, const ModeLayer &mode, uint32_t j,
                    bool salient, AdcSetting layerAdc) {
  const ArchSpec &arch = program.arch;
  const Layer &layer = program.layers[layerIndex];
  CyclePlan plan;
  uint32_t outC = activeOutChannels(layer, mode);
  int64_t blockBegin = int64_t(rowBlock) * layer.rowsPerBlock;
  int64_t blockEnd = blockBegin + rowsOfBlock(layer, rowBlock);
  for (int64_t k = blockBegin; k < blockEnd; ++k)
    plan.blockRowsDriven += rowDriven(mode, k);

  std::set<std::pair<uint32_t, uint32_t>> analogArrays;
  bool anyDigital = false;
  uint32_t tileOfLayer = 0;
  for (size_t ti = 0; ti < program.tiles.size(); ++ti) {
    const Tile &t = program.tiles[ti];
    if (t.layer != layerIndex)
      continue;
    uint32_t position = tileOfLayer++;
    if (t.rowBlock != rowBlock || !sliceActive(layer, mode, t.slice) ||
        t.colEnd < t.colBegin || t.rowEnd < t.rowBegin ||
        int64_t(t.colEnd) > layer.outC || int64_t(t.rowEnd) > layer.kRows())
      continue;
    PlannedTile pt;
    pt.index = uint32_t(ti);
    pt.cols = t.colBegin >= outC ? 0 : std::min(t.colEnd, outC) - t.colBegin;
    if (pt.cols == 0)
      continue; // power-gated columns
    for (uint32_t k = t.rowBegin; k < t.rowEnd; ++k)
      pt.rows += rowDriven(mode, k);
    pt.adc = layerAdc;
    if (position < mode.tileAdc.size() && mode.tileAdc[position].bits > 0)
      pt.adc = mode.tileAdc[position];
    pt.digital = planeDigital(layer, mode, j, t.slice, salient);
    double sign = t.polarity == TilePolarity::Negative ? -1.0 : 1.0;
    pt.weight = sign * std::ldexp(1.0, int(t.slice * layer.cellBits));
    plan.arrays.insert({t.core, t.array});
    if (pt.digital)
      anyDigital = true;
    else
      analogArrays.insert({t.core, t.array});
    plan.tiles.push_back(pt);
  }

  // Events: the analog arrays are driven through the DACs and converted;
  // digital tiles are read and summed by the digital CIM logic.
  CycleEvents &e = plan.events;
  e.arrayActivations = analogArrays.size();
  e.dacDrives = plan.blockRowsDriven * analogArrays.size();
  unsigned cpa = std::max(1u, arch.columnsPerAdc);
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, double> adcBusyNs;
  double busiestNs = 0;
  // Busy time of each ADC: (core, array, ADC index) -> ns, added column by
  // column; consecutive columns of a tile mostly share an ADC, so the entry
  // is looked up again only when the ADC changes.
  for (const PlannedTile &pt : plan.tiles) {
    const Tile &t = program.tiles[pt.index];
    e.shiftAdds += pt.cols;
    if (pt.digital) {
      e.digitalCimOps += uint64_t(pt.rows) * pt.cols;
      continue;
    }
    e.cellReads += uint64_t(pt.rows) * pt.cols;
    e.adcConversions += pt.cols;
    // A cycle lasts as long as its slowest conversion may: the coarse
    // interval of an interval-coded tile.
    unsigned worstTrials = pt.adc.bits;
    if (pt.adc.fineBits > 0) {
      worstTrials = pt.adc.bits + 1;
      e.intervals.push_back(
          {pt.cols, pt.adc.fineBits + 1, pt.adc.bits + 1, pt.adc.finePpm});
    } else {
      e.adcBitCycles += uint64_t(pt.cols) * pt.adc.bits;
      e.conversionsByBits[pt.adc.bits] += pt.cols;
    }
    double convNs = 0;
    if (arch.adcSampleRateGsps > 0 && arch.adcBits > 0)
      convNs = double(worstTrials) /
               (double(arch.adcBits) * arch.adcSampleRateGsps);
    double *busy = nullptr;
    uint32_t busyAdc = 0;
    for (uint32_t c = 0; c < pt.cols; ++c) {
      uint32_t adc = (t.arrayCol + c) / cpa;
      if (!busy || adc != busyAdc) {
        busy = &adcBusyNs[{t.core, t.array, adc}];
        busyAdc = adc;
      }
      *busy += convNs;
      busiestNs = std::max(busiestNs, *busy);
    }
  }
  double cycleNs = 0;
  if (!analogArrays.empty())
    cycleNs = std::max(arch.readLatencyNs, busiestNs);
  if (anyDigital)
    cycleNs = std::max(cycleNs, arch.digitalCimLatencyNs);
  e.cyclePs = static_cast<uint64_t>(std::llround(cycleNs * 1000.0));
  return plan;
}

CyclePlans planCycles(const Program &program, uint32_t layerIndex,
                      uint32_t rowBlock, const ModeLayer &mode, bool salient,
                      AdcSetting layerAdc) {
  const Layer &layer = program.layers[layerIndex];
  CyclePlans out;
  uint32_t J = activeInputCycles(layer, mode);
  for (uint32_t j = 0; j < J; ++j) {
    auto same = [&](const CyclePlan &plan) {
      return llvm::all_of(plan.tiles, [&](const PlannedTile &pt) {
        return planeDigital(layer, mode, j, program.tiles[pt.index].slice,
                            salient) == pt.digital;
      });
    };
    auto it = llvm::find_if(out.plans, same);
    out.ofCycle.push_back(uint32_t(it - out.plans.begin()));
    if (it == out.plans.end())
      out.plans.push_back(planCycle(program, layerIndex, rowBlock, mode, j,
                                    salient, layerAdc));
  }
  return out;
}

} // namespace cim::program
