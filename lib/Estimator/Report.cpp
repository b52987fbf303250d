//===- Report.cpp - Report JSON (docs/estimator.md) and table printer ---===//

#include "cim/Estimator/Report.h"

#include "llvm/Support/FormatVariadic.h"

using namespace cim::estimator;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

void EventCounts::add(const EventCounts &o) {
  arrayActivations += o.arrayActivations;
  dacDrives += o.dacDrives;
  adcConversions += o.adcConversions;
  adcBitCycles += o.adcBitCycles;
  cellReads += o.cellReads;
  shiftAdds += o.shiftAdds;
  bufferBytes += o.bufferBytes;
  digitalOps += o.digitalOps;
  nocBytes += o.nocBytes;
  nocTransfers += o.nocTransfers;
  macs += o.macs;
  pixels += o.pixels;
  for (const auto &kv : o.adcConversionsByBits)
    adcConversionsByBits[kv.first] += kv.second;
  readCycles += o.readCycles;
  skippedPlanes += o.skippedPlanes;
  digitalCimOps += o.digitalCimOps;
  analogTimePs += o.analogTimePs;
  arrays.insert(o.arrays.begin(), o.arrays.end());
  tiles.insert(o.tiles.begin(), o.tiles.end());
}

bool EventCounts::operator==(const EventCounts &o) const {
  return arrayActivations == o.arrayActivations && dacDrives == o.dacDrives &&
         adcConversions == o.adcConversions &&
         adcBitCycles == o.adcBitCycles && cellReads == o.cellReads &&
         shiftAdds == o.shiftAdds && bufferBytes == o.bufferBytes &&
         digitalOps == o.digitalOps && nocBytes == o.nocBytes &&
         nocTransfers == o.nocTransfers && macs == o.macs &&
         pixels == o.pixels &&
         adcConversionsByBits == o.adcConversionsByBits &&
         readCycles == o.readCycles && skippedPlanes == o.skippedPlanes &&
         digitalCimOps == o.digitalCimOps && analogTimePs == o.analogTimePs &&
         arrays == o.arrays && tiles == o.tiles;
}

double EnergyBreakdown::total() const {
  return adc + dac + array + shiftAdd + digitalCim + digital + buffer + noc;
}

static Value u64(uint64_t v) { return Value(static_cast<int64_t>(v)); }

Value cim::estimator::toJSON(const Metrics &m) {
  const EnergyBreakdown &e = m.energyPjBy;
  const EventCounts &c = m.counts;
  Object byBits;
  for (const auto &kv : c.adcConversionsByBits)
    byBits[std::to_string(kv.first)] = u64(kv.second);
  return Object{
      {"latency_ns", m.latencyNs},
      {"energy_pj", m.energyPj},
      {"area_mm2", m.areaMm2},
      {"energy_pj_by", Object{{"adc", e.adc},
                              {"dac", e.dac},
                              {"array", e.array},
                              {"shift_add", e.shiftAdd},
                              {"digital_cim", e.digitalCim},
                              {"digital", e.digital},
                              {"buffer", e.buffer},
                              {"noc", e.noc}}},
      {"adc_conversions", u64(c.adcConversions)},
      {"adc_bit_cycles", u64(c.adcBitCycles)},
      {"adc_conversions_by_bits", std::move(byBits)},
      {"array_activations", u64(c.arrayActivations)},
      {"dac_drives", u64(c.dacDrives)},
      {"cell_reads", u64(c.cellReads)},
      {"shift_adds", u64(c.shiftAdds)},
      {"buffer_bytes", u64(c.bufferBytes)},
      {"digital_ops", u64(c.digitalOps)},
      {"noc_bytes", u64(c.nocBytes)},
      {"noc_transfers", u64(c.nocTransfers)},
      {"read_cycles", u64(c.readCycles)},
      {"skipped_planes", u64(c.skippedPlanes)},
      {"digital_cim_ops", u64(c.digitalCimOps)},
      {"macs", u64(c.macs)},
      {"arrays_used", u64(m.arraysUsed)},
      {"array_utilization", m.arrayUtilization}};
}

Value cim::estimator::toJSON(const ModeReport &mode) {
  Array layers;
  for (const LayerReport &l : mode.layers) {
    Value v = toJSON(l.metrics);
    v.getAsObject()->try_emplace("name", l.name);
    layers.push_back(std::move(v));
  }
  Object o{{"name", mode.name},
           {"total", toJSON(mode.total)},
           {"layers", std::move(layers)}};
  if (!mode.paths.empty()) {
    llvm::json::Array paths;
    for (const PathReport &path : mode.paths) {
      llvm::json::Array pathLayers;
      for (const LayerReport &l : path.layers) {
        Value v = toJSON(l.metrics);
        v.getAsObject()->insert({"name", l.name});
        pathLayers.push_back(std::move(v));
      }
      Object taken;
      for (const auto &[region, holds] : path.taken)
        taken[region] = holds;
      paths.push_back(Object{{"name", path.name},
                             {"taken", std::move(taken)},
                             {"total", toJSON(path.total)},
                             {"layers", std::move(pathLayers)}});
    }
    o["paths"] = std::move(paths);
  }
  if (mode.fidelity)
    o["fidelity"] = Object{{"reference", mode.fidelity->reference},
                           {"snr_db", mode.fidelity->snrDb},
                           {"cosine", mode.fidelity->cosine},
                           {"top1_agreement", mode.fidelity->top1Agreement}};
  return o;
}

Value cim::estimator::toJSON(const Report &report) {
  Array modes;
  for (const ModeReport &m : report.modes)
    modes.push_back(toJSON(m));
  return Object{{"arch", report.arch},
                {"model", report.model},
                {"modes", std::move(modes)}};
}

static void printRow(llvm::raw_ostream &os, llvm::StringRef name,
                     const Metrics &m) {
  const EnergyBreakdown &e = m.energyPjBy;
  os << llvm::formatv("{0,-24} {1,12:F1} {2,12:F1} {3,10:F1} {4,10:F1} "
                      "{5,10:F1} {6,10:F1} {7,10:F1} {8,10:F1} {9,10:F1} "
                      "{10,8:F1} {11,12} {12,12} {13,6} {14,9:F6}\n",
                      name, m.latencyNs, m.energyPj, e.adc, e.dac, e.array,
                      e.shiftAdd, e.digitalCim, e.digital, e.buffer, e.noc,
                      m.counts.adcConversions, m.counts.macs, m.arraysUsed,
                      m.areaMm2);
}

void cim::estimator::printReport(llvm::raw_ostream &os, const Report &report) {
  os << "model " << report.model << " on arch " << report.arch << "\n";
  for (const ModeReport &mode : report.modes) {
    os << "\nmode " << mode.name << "\n";
    os << llvm::formatv("{0,-24} {1,12} {2,12} {3,10} {4,10} {5,10} {6,10} "
                        "{7,10} {8,10} {9,10} {10,8} {11,12} {12,12} {13,6} "
                        "{14,9}\n",
                        "layer", "latency_ns", "energy_pj", "adc", "dac",
                        "array", "shift_add", "digital_cim", "digital",
                        "buffer", "noc",
                        "adc_conv", "macs", "arrays", "area_mm2");
    for (const LayerReport &l : mode.layers)
      printRow(os, l.name, l.metrics);
    printRow(os, "total", mode.total);
    for (const PathReport &path : mode.paths)
      printRow(os, "path " + path.name, path.total);
    if (mode.fidelity)
      os << llvm::formatv("fidelity vs {0}: snr {1:F2} dB, cosine {2:F6}, "
                          "top-1 agreement {3:F4}\n",
                          mode.fidelity->reference, mode.fidelity->snrDb,
                          mode.fidelity->cosine, mode.fidelity->top1Agreement);
  }
}
