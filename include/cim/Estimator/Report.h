//===- Report.h - Cost and fidelity report ----------------------*- C++ -*-===//
//
// One report type for both sides of the cost model: the estimator fills it
// from closed-form event counts, the simulator from the events it counted
// while executing. Both price their counts with the same function
// (estimator::priceMode), so two reports of the same binary can be diffed
// field by field. docs/estimator.md specifies the JSON form.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_ESTIMATOR_REPORT_H
#define CIM_ESTIMATOR_REPORT_H

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cim::estimator {

/// Events of one layer (or of a whole mode), exactly as Program.h defines
/// them, plus what the latency and utilization models need.
struct EventCounts {
  uint64_t arrayActivations = 0;
  uint64_t dacDrives = 0;
  uint64_t adcConversions = 0;
  uint64_t adcBitCycles = 0;
  uint64_t cellReads = 0;
  uint64_t shiftAdds = 0;
  uint64_t bufferBytes = 0;
  uint64_t digitalOps = 0;
  uint64_t nocBytes = 0;
  uint64_t nocTransfers = 0; // SEND instructions
  uint64_t macs = 0;
  uint64_t pixels = 0;       // output pixels, counted at EPILOGUE
  /// ADC conversions by the resolution they ran at (ADC_SET may change it).
  std::map<unsigned, uint64_t> adcConversionsByBits;
  /// Analog read cycles (sum over MVM instructions of P * J) and their time
  /// in picoseconds (each MVM's cycle time rounded to 1 ps, times P * J).
  uint64_t readCycles = 0;
  uint64_t analogTimePs = 0;
  /// (pixel, input cycle, row block) planes not read because every driven
  /// input digit was zero (modes with zero-plane skipping).
  uint64_t skippedPlanes = 0;
  /// Digital-CIM bit operations (driven rows x columns of each tile plane
  /// that ran on the digital side of a hybrid boundary).
  uint64_t digitalCimOps = 0;
  /// Physical arrays (core, array) and tiles that were read.
  std::set<std::pair<uint32_t, uint32_t>> arrays;
  std::set<uint32_t> tiles;

  void add(const EventCounts &other);
  bool operator==(const EventCounts &other) const;
  bool operator!=(const EventCounts &other) const { return !(*this == other); }
};

/// Energy by component, picojoules.
struct EnergyBreakdown {
  double adc = 0, dac = 0, array = 0, shiftAdd = 0, digitalCim = 0,
         digital = 0, buffer = 0, noc = 0;
  double total() const;
};

/// Priced counts of one layer or of a whole mode.
struct Metrics {
  double latencyNs = 0;
  double energyPj = 0;
  double areaMm2 = 0;
  EnergyBreakdown energyPjBy;
  uint64_t arraysUsed = 0;
  double arrayUtilization = 0; // cells of read tiles / cells of read arrays
  EventCounts counts;
};

struct LayerReport {
  std::string name; // ONNX node name (or the instruction's symbol)
  Metrics metrics;
};

struct Fidelity {
  std::string reference = "float";
  double snrDb = 0;
  double cosine = 0;
  double top1Agreement = 0;
};

/// One path through the conditional regions of a program (the estimator's
/// report only): which way each region goes and what the mode costs then.
struct PathReport {
  std::string name;                   // "verifier=taken,..."
  std::map<std::string, bool> taken;  // If node (region symbol) -> taken
  Metrics total;
  std::vector<LayerReport> layers;
};

struct ModeReport {
  std::string name;
  Metrics total;
  std::vector<LayerReport> layers;
  std::optional<Fidelity> fidelity;
  /// Programs with conditional regions: `total` and `layers` are the path
  /// on which every condition holds; `paths` prices each path on its own.
  std::vector<PathReport> paths;
};

struct Report {
  std::string arch;
  std::string model;
  std::vector<ModeReport> modes;
};

llvm::json::Value toJSON(const Metrics &metrics);
llvm::json::Value toJSON(const ModeReport &mode);
llvm::json::Value toJSON(const Report &report);

/// A readable table: one block per mode, one row per layer, then the total.
void printReport(llvm::raw_ostream &os, const Report &report);

} // namespace cim::estimator

#endif // CIM_ESTIMATOR_REPORT_H
