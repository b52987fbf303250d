//===- Estimator.cpp - Closed-form event counts and their pricing --------===//
//
// countEvents walks each core's instruction stream once, in order, keeping
// that core's mode register and ADC settings, and adds each instruction's
// events in closed form (Program.h's definitions). priceMode turns counts into
// energy, latency and area; docs/estimator.md documents the model.
//
//===----------------------------------------------------------------------===//

#include "cim/Estimator/Estimator.h"
#include "cim/Program/Semantics.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

using namespace cim;
using namespace cim::estimator;
using program::Instr;
using program::Layer;
using program::ModeLayer;
using program::Opcode;
using program::Program;
using namespace cim::program;

namespace {

int64_t tensorNumel(const Program &p, int64_t index) {
  if (index < 0 || static_cast<size_t>(index) >= p.tensors.size())
    return 0;
  int64_t n = 1;
  for (int64_t d : p.tensors[index].shape)
    n *= d;
  return n;
}

/// Extent `d` of tensor `index`, or 0 when either is out of range.
int64_t dimOf(const Program &p, int64_t index, size_t d) {
  if (index < 0 || static_cast<size_t>(index) >= p.tensors.size() ||
      d >= p.tensors[index].shape.size())
    return 0;
  return p.tensors[index].shape[d];
}

int64_t operand(const Instr &instr, size_t i) {
  return i < instr.operands.size() ? instr.operands[i] : -1;
}

bool validLayer(const Program &p, int64_t layer) {
  return layer >= 0 && static_cast<size_t>(layer) < p.layers.size();
}

} // namespace

double estimator::perArrayAreaUm2(const ArchSpec &arch) {
  unsigned cpa = std::max(1u, arch.columnsPerAdc);
  double adcs = std::ceil(double(arch.cols) / double(cpa));
  return arch.arrayAreaUm2 + double(arch.rows) * arch.dacAreaUm2 +
         adcs * (arch.adcAreaUm2(arch.adcBits) + arch.shiftAddAreaUm2) +
         arch.digitalCimAreaUm2; // the digital half of a hybrid macro
}

Metrics estimator::priceCounts(const ArchSpec &arch, const EventCounts &c) {
  Metrics m;
  m.counts = c;
  EnergyBreakdown &e = m.energyPjBy;
  for (const auto &kv : c.adcConversionsByBits)
    e.adc += double(kv.second) * arch.adcEnergyPj(kv.first);
  e.dac = double(c.dacDrives) * arch.dacEnergyPj;
  e.array = double(c.cellReads) * arch.cellReadEnergyPj;
  e.shiftAdd = double(c.shiftAdds) * arch.shiftAddEnergyPj;
  e.digitalCim = double(c.digitalCimOps) * arch.digitalCimEnergyPj;
  e.digital = double(c.digitalOps) * arch.digitalOpEnergyPj;
  e.buffer = double(c.bufferBytes) * arch.bufferEnergyPjPerByte;
  e.noc = double(c.nocBytes) * arch.nocEnergyPjPerByte;
  m.energyPj = e.total();

  double t = double(c.analogTimePs) / 1000.0;
  if (arch.clockGhz > 0)
    t += double(c.digitalOps) / arch.clockGhz;
  if (arch.bufferBytesPerNs > 0)
    t += double(c.bufferBytes) / arch.bufferBytesPerNs;
  t += double(c.nocTransfers) * arch.nocLatencyNs;
  m.latencyNs = t;

  m.arraysUsed = c.arrays.size();
  return m;
}

//===----------------------------------------------------------------------===//
// Shared definitions
//===----------------------------------------------------------------------===//

std::string estimator::reportNameOf(const Program &program,
                                    const Instr &instr) {
  switch (instr.op) {
  case Opcode::AdcSet:
  case Opcode::Quant:
  case Opcode::Mvm:
  case Opcode::Epilogue:
    if (validLayer(program, operand(instr, 0)))
      return program.layers[operand(instr, 0)].name;
    break;
  default:
    break;
  }
  if (instr.symbol != 0 && instr.symbol < program.symbols.size() &&
      !program.symbols[instr.symbol].empty())
    return program.symbols[instr.symbol];
  return "(unnamed)";
}

std::vector<std::string> estimator::reportLayerOrder(const Program &program) {
  std::vector<std::string> order;
  for (const program::CoreStream &stream : program.cores)
    for (const Instr &instr : stream.instrs) {
      std::string name = reportNameOf(program, instr);
      if (!llvm::is_contained(order, name))
        order.push_back(name);
    }
  return order;
}

//===----------------------------------------------------------------------===//
// Closed-form counts
//===----------------------------------------------------------------------===//

LayerCounts estimator::countEvents(const Program &program, size_t modeIndex,
                                  const PathChoice &path) {
  LayerCounts counts;
  for (const program::CoreStream &stream : program.cores) {
    size_t mode = modeIndex;
    std::map<int64_t, std::pair<unsigned, uint64_t>> adcSetting;
    for (size_t pc = 0; pc < stream.instrs.size(); ++pc) {
      const Instr &instr = stream.instrs[pc];
      if (instr.op == Opcode::Halt)
        break;
      std::string name = reportNameOf(program, instr);
      switch (instr.op) {
      case Opcode::BranchIfZero: {
        // The condition is read from the buffer; a condition that does not
        // hold skips the then-block.
        counts[name].bufferBytes += 4;
        auto it = path.find(operand(instr, 2));
        if (it != path.end() && !it->second)
          pc += size_t(std::max<int64_t>(0, operand(instr, 1)));
        break;
      }
      case Opcode::Jump:
        pc += size_t(std::max<int64_t>(0, operand(instr, 0)));
        break;
      case Opcode::SetMode:
        mode = static_cast<size_t>(operand(instr, 0));
        break;
      case Opcode::AdcSet:
        adcSetting[operand(instr, 0)] = {unsigned(operand(instr, 1)),
                                         uint64_t(operand(instr, 2))};
        break;
      case Opcode::Quant: {
        EventCounts &c = counts[name];
        int64_t n = tensorNumel(program, operand(instr, 1));
        c.digitalOps += n;
        c.bufferBytes += 4 * n;
        int64_t l = operand(instr, 0);
        if (validLayer(program, l) &&
            modeLayerOf(program, mode, l).saliencyThreshold > 0) {
          c.digitalOps += saliencyOps(program.layers[l]);
        }
        break;
      }
      case Opcode::Mvm: {
        int64_t l = operand(instr, 0), r = operand(instr, 1);
        if (!validLayer(program, l) || r < 0 ||
            r >= program.layers[l].rowBlocks())
          break;
        EventCounts &c = counts[name];
        const Layer &layer = program.layers[l];
        ModeLayer ml = modeLayerOf(program, mode, l);
        AdcSetting layerAdc{layer.adcBits, layer.adcRange};
        auto it = adcSetting.find(l);
        if (it != adcSetting.end())
          layerAdc = {it->second.first, it->second.second};
        uint64_t P = uint64_t(layer.pixels());
        // Pixels of each saliency class, and the (pixel, cycle) planes of a
        // class that are read: all, or the calibrated non-zero fraction.
        uint64_t salient =
            ml.saliencyThreshold > 0
                ? uint64_t(std::llround(double(P) * ml.salientPpm / 1e6))
                : 0;
        uint64_t classPixels[2] = {P - salient, salient};
        c.bufferBytes += P * uint64_t(rowsOfBlock(layer, r)) *
                         ((layer.inputBits + 7) / 8);
        uint32_t J = activeInputCycles(layer, ml);
        for (int cls = 0; cls < 2; ++cls) {
          if (classPixels[cls] == 0)
            continue;
          uint64_t planes = classPixels[cls];
          if (ml.skipZeroPlanes)
            planes = uint64_t(
                std::llround(double(planes) * ml.nonzeroPlanesPpm / 1e6));
          CyclePlans plans = planCycles(program, uint32_t(l), uint32_t(r),
                                        ml, cls == 1, layerAdc);
          std::vector<bool> listed(plans.plans.size(), false);
          for (uint32_t j = 0; j < J; ++j) {
            const CyclePlan &plan = plans[j];
            const CycleEvents &e = plan.events;
            c.arrayActivations += planes * e.arrayActivations;
            c.dacDrives += planes * e.dacDrives;
            c.cellReads += planes * e.cellReads;
            c.adcConversions += planes * e.adcConversions;
            c.adcBitCycles += planes * e.adcBitCycles;
            c.shiftAdds += planes * e.shiftAdds;
            c.digitalCimOps += planes * e.digitalCimOps;
            for (const auto &kv : e.conversionsByBits)
              if (planes * kv.second)
                c.adcConversionsByBits[kv.first] += planes * kv.second;
            // Interval coding: the calibrated share of fine conversions.
            for (const CycleEvents::Interval &iv : e.intervals) {
              uint64_t total = planes * iv.columns;
              uint64_t fine =
                  uint64_t(std::llround(double(total) * iv.finePpm / 1e6));
              if (fine)
                c.adcConversionsByBits[iv.fineTrials] += fine;
              if (total - fine)
                c.adcConversionsByBits[iv.coarseTrials] += total - fine;
              c.adcBitCycles += fine * iv.fineTrials +
                                (total - fine) * iv.coarseTrials;
            }
            c.readCycles += planes;
            c.skippedPlanes += classPixels[cls] - planes;
            c.analogTimePs += planes * e.cyclePs;
            if (planes && !listed[plans.ofCycle[j]]) {
              listed[plans.ofCycle[j]] = true;
              c.arrays.insert(plan.arrays.begin(), plan.arrays.end());
              for (const PlannedTile &pt : plan.tiles)
                c.tiles.insert(pt.index);
            }
          }
        }
        break;
      }
      case Opcode::Epilogue: {
        int64_t l = operand(instr, 0);
        if (!validLayer(program, l))
          break;
        EventCounts &c = counts[name];
        const Layer &layer = program.layers[l];
        uint64_t po = uint64_t(layer.pixels()) * layer.outC;
        // Gated channels are written as zeros but not computed.
        uint64_t active = uint64_t(layer.pixels()) *
                          activeOutChannels(layer, modeLayerOf(program, mode, l));
        c.digitalOps += active * (layer.relu ? 3 : 2);
        c.bufferBytes += 4 * po;
        c.macs += po * uint64_t(layer.kRows());
        c.pixels += layer.pixels();
        break;
      }
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
      case Opcode::DepthwiseConv: {
        EventCounts &c = counts[name];
        std::vector<int64_t> inputs;
        int64_t output;
        program::vectorTensorOperands(instr, inputs, output);
        int64_t out = tensorNumel(program, output);
        int64_t in = 0;
        for (int64_t t : inputs)
          in += tensorNumel(program, t);
        // Multiply-adds per output: kH * kW (depthwise), K (digital matmul).
        int64_t perOutput = 1;
        if (instr.op == Opcode::DepthwiseConv)
          perOutput = dimOf(program, inputs[1], 0) * dimOf(program, inputs[1], 1);
        else if (instr.op == Opcode::MatMulDigital)
          perOutput = dimOf(program, inputs[0], 2);
        c.digitalOps += out * perOutput;
        c.bufferBytes += 4 * (in + out);
        break;
      }
      case Opcode::Send: {
        EventCounts &c = counts[name];
        c.nocBytes += 4 * tensorNumel(program, operand(instr, 0));
        c.nocTransfers += 1;
        break;
      }
      case Opcode::Recv:
      case Opcode::Barrier:
      case Opcode::Halt:
        break;
      }
    }
  }
  return counts;
}

//===----------------------------------------------------------------------===//
// Pricing
//===----------------------------------------------------------------------===//

ModeReport estimator::priceMode(const Program &program,
                                const std::string &modeName,
                                const LayerCounts &counts) {
  const ArchSpec &arch = program.arch;
  ModeReport report;
  report.name = modeName;

  std::vector<std::string> order = reportLayerOrder(program);
  for (const auto &kv : counts)
    if (!llvm::is_contained(order, kv.first))
      order.push_back(kv.first);

  // Instantiated arrays per layer name (mode independent: a mode gates
  // arrays off, it does not remove them).
  std::map<std::string, std::set<std::pair<uint32_t, uint32_t>>> layerArrays;
  std::set<std::pair<uint32_t, uint32_t>> allArrays;
  std::set<uint32_t> usedCores;
  for (const program::Tile &t : program.tiles) {
    if (t.layer < program.layers.size())
      layerArrays[program.layers[t.layer].name].insert({t.core, t.array});
    allArrays.insert({t.core, t.array});
    usedCores.insert(t.core);
  }
  for (const program::CoreStream &s : program.cores)
    for (const Instr &i : s.instrs)
      if (i.op != Opcode::Halt) {
        usedCores.insert(s.core);
        break;
      }
  double arrayUm2 = perArrayAreaUm2(arch);
  double cellsPerArray = double(arch.rows) * double(arch.cols);
  auto utilization = [&](const EventCounts &c) {
    if (c.arrays.empty() || cellsPerArray == 0)
      return 0.0;
    double used = 0;
    for (uint32_t ti : c.tiles) {
      const program::Tile &t = program.tiles[ti];
      used += double(t.rowEnd - t.rowBegin) * double(t.colEnd - t.colBegin);
    }
    return used / (double(c.arrays.size()) * cellsPerArray);
  };

  EventCounts total;
  double maxStage = 0, sumFills = 0, fillOfMax = 0;
  for (const std::string &name : order) {
    auto it = counts.find(name);
    if (it == counts.end())
      continue;
    LayerReport lr;
    lr.name = name;
    lr.metrics = priceCounts(arch, it->second);
    lr.metrics.arrayUtilization = utilization(it->second);
    auto la = layerArrays.find(name);
    if (la != layerArrays.end())
      lr.metrics.areaMm2 = double(la->second.size()) * arrayUm2 / 1e6;
    total.add(it->second);

    double stage = lr.metrics.latencyNs;
    double fill = stage / double(std::max<uint64_t>(1, it->second.pixels));
    sumFills += fill;
    if (stage > maxStage) {
      maxStage = stage;
      fillOfMax = fill;
    }
    report.layers.push_back(std::move(lr));
  }

  report.total = priceCounts(arch, total);
  report.total.arrayUtilization = utilization(total);
  report.total.latencyNs = maxStage + (sumFills - fillOfMax);
  report.total.areaMm2 =
      (double(allArrays.size()) * arrayUm2 +
       double(usedCores.size()) * (arch.digitalAreaUm2 + arch.bufferAreaUm2)) /
      1e6;
  return report;
}

std::map<int64_t, std::string>
estimator::conditionalRegions(const Program &program) {
  std::map<int64_t, std::string> regions;
  for (const program::CoreStream &stream : program.cores)
    for (const Instr &instr : stream.instrs)
      if (instr.op == Opcode::BranchIfZero && instr.operands.size() >= 3)
        regions.try_emplace(
            instr.operands[2],
            instr.symbol < program.symbols.size() &&
                    !program.symbols[instr.symbol].empty()
                ? program.symbols[instr.symbol]
                : "region" + std::to_string(instr.operands[2]));
  // Two regions from one node (an If in an unrolled Loop) get their number.
  std::map<std::string, int> uses;
  for (const auto &kv : regions)
    ++uses[kv.second];
  for (auto &kv : regions)
    if (uses[kv.second] > 1)
      kv.second += "#" + std::to_string(kv.first);
  return regions;
}

std::vector<PathChoice> estimator::reportPaths(const Program &program) {
  std::map<int64_t, std::string> regions = conditionalRegions(program);
  std::vector<PathChoice> paths;
  if (regions.empty())
    return paths;
  std::vector<int64_t> ids;
  for (const auto &kv : regions)
    ids.push_back(kv.first);
  if (ids.size() <= kMaxPathRegions) {
    // Every combination; the first path is the one where all conditions
    // hold (the mode's total).
    for (uint64_t bits = 0; bits < (uint64_t(1) << ids.size()); ++bits) {
      PathChoice path;
      for (size_t i = 0; i < ids.size(); ++i)
        path[ids[i]] = ((bits >> i) & 1) == 0;
      paths.push_back(std::move(path));
    }
    return paths;
  }
  PathChoice all;
  for (int64_t id : ids)
    all[id] = true;
  paths.push_back(all);
  for (int64_t id : ids) {
    PathChoice path = all;
    path[id] = false;
    paths.push_back(std::move(path));
  }
  return paths;
}

std::string estimator::pathName(const Program &program,
                                const PathChoice &path) {
  std::map<int64_t, std::string> regions = conditionalRegions(program);
  std::string name;
  for (const auto &[id, symbol] : regions) {
    auto it = path.find(id);
    bool taken = it == path.end() || it->second;
    name += (name.empty() ? "" : ",") + symbol +
            (taken ? "=taken" : "=not_taken");
  }
  return name;
}

ModeReport estimator::estimateMode(const Program &program, size_t modeIndex) {
  std::string name = modeIndex < program.modes.size()
                         ? program.modes[modeIndex].name
                         : std::string("default");
  ModeReport report =
      priceMode(program, name, countEvents(program, modeIndex));
  std::map<int64_t, std::string> regions = conditionalRegions(program);
  for (const PathChoice &path : reportPaths(program)) {
    ModeReport priced =
        priceMode(program, name, countEvents(program, modeIndex, path));
    PathReport pr;
    pr.name = pathName(program, path);
    for (const auto &[id, holds] : path)
      pr.taken[regions[id]] = holds;
    pr.total = priced.total;
    pr.layers = std::move(priced.layers);
    report.paths.push_back(std::move(pr));
  }
  return report;
}

Report estimator::estimate(const Program &program) {
  Report report;
  report.arch = program.arch.name;
  report.model = program.modelName;
  size_t modes = std::max<size_t>(1, program.modes.size());
  for (size_t m = 0; m < modes; ++m)
    report.modes.push_back(estimateMode(program, m));
  return report;
}
