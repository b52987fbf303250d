//===- Estimator.h - Analytic cost model of a compiled Program --*- C++ -*-===//
//
// Closed-form event counts per layer and mode (no execution; they equal the
// simulator's counts exactly), and the pricing of event counts into energy,
// latency and area from the Program's arch. docs/estimator.md describes the
// model.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_ESTIMATOR_ESTIMATOR_H
#define CIM_ESTIMATOR_ESTIMATOR_H

#include "cim/Estimator/Report.h"
#include "cim/Program/Program.h"

#include <map>
#include <string>

namespace cim::estimator {

/// Events keyed by layer name (crossbar layer name, or the symbol of a
/// digital instruction).
using LayerCounts = std::map<std::string, EventCounts>;

/// Report of every mode of the program.
Report estimate(const program::Program &program);

/// Report of one mode (index into Program::modes).
ModeReport estimateMode(const program::Program &program, size_t modeIndex);

/// The path through the conditional regions (BR_ZERO / JUMP) of a program:
/// region number -> whether its condition holds (the then-block runs).
/// Regions not listed take their then-block.
using PathChoice = std::map<int64_t, bool>;

/// Closed-form event counts of one mode, per layer, along `path`.
LayerCounts countEvents(const program::Program &program, size_t modeIndex,
                        const PathChoice &path = {});

/// The conditional regions of a program: region number -> the symbol of its
/// first BR_ZERO (the ONNX If node), in region order.
std::map<int64_t, std::string> conditionalRegions(const program::Program &program);

/// The paths the report prices: every combination of taken / not taken
/// when there are at most kMaxPathRegions regions, otherwise each region
/// taken and not taken with the others taken. Empty without regions.
constexpr size_t kMaxPathRegions = 4;
std::vector<PathChoice> reportPaths(const program::Program &program);

/// "verifier=taken,gate2=not_taken": a path's name in the report.
std::string pathName(const program::Program &program, const PathChoice &path);

/// Prices per-layer counts with the program's arch: energy by component,
/// per-layer latency, the pipelined total latency and area. Layers appear in
/// reportLayerOrder; names without counts are left out. Shared by the
/// simulator (measured counts) and the estimator (closed-form counts).
ModeReport priceMode(const program::Program &program,
                     const std::string &modeName, const LayerCounts &counts);

/// Energy by component and the latency of one layer's counts (no area):
/// the per-layer pricing of priceMode.
Metrics priceCounts(const ArchSpec &arch, const EventCounts &counts);

/// Area of one instantiated array with its DACs, ADCs and shift-adders.
double perArrayAreaUm2(const ArchSpec &arch);

//===----------------------------------------------------------------------===//
// Definitions shared with the simulator, so that both report under the same
// names (what a mode does is cim/Program/Semantics.h).
//===----------------------------------------------------------------------===//

/// Name under which an instruction's events are reported: the crossbar
/// layer's name for ADC_SET / QUANT / MVM / EPILOGUE, otherwise the
/// instruction's symbol ("(unnamed)" for symbol 0).
std::string reportNameOf(const program::Program &program,
                         const program::Instr &instr);

/// Report order of layer names: first appearance scanning the core streams
/// in order, each stream from its first instruction.
std::vector<std::string> reportLayerOrder(const program::Program &program);

} // namespace cim::estimator

#endif // CIM_ESTIMATOR_ESTIMATOR_H
