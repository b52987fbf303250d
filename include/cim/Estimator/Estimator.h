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

/// Closed-form event counts of one mode, per layer.
LayerCounts countEvents(const program::Program &program, size_t modeIndex);

/// Prices per-layer counts with the program's arch: energy by component,
/// per-layer latency, the pipelined total latency and area. Layers appear in
/// reportLayerOrder; names without counts are left out. Shared by the
/// simulator (measured counts) and the estimator (closed-form counts).
ModeReport priceMode(const program::Program &program,
                     const std::string &modeName, const LayerCounts &counts);

//===----------------------------------------------------------------------===//
// Definitions shared with the simulator, so that both read the Program the
// same way.
//===----------------------------------------------------------------------===//

/// The mode's setting of a layer; full precision if the program has no such
/// mode or layer entry.
program::ModeLayer modeLayerOf(const program::Program &program,
                               size_t modeIndex, size_t layerIndex);

/// Bits of the stored weight value: Wb (Offset) or Wb-1 (Differential).
uint32_t storedBitsOf(const program::Layer &layer);

/// Slice s is active iff s*c >= storedBits - activeStoredBits, which is
/// s*c >= Wb - w' for both polarity schemes.
bool sliceActive(const program::Layer &layer, const program::ModeLayer &mode,
                 uint32_t slice);

/// J = ceil(a' / dacBits).
uint32_t activeInputCycles(const program::Layer &layer,
                           const program::ModeLayer &mode);

/// Im2col rows of row block `rowBlock`.
int64_t rowsOfBlock(const program::Layer &layer, int64_t rowBlock);

/// Name under which an instruction's events are reported: the crossbar
/// layer's name for ADC_SET / QUANT / MVM / EPILOGUE, otherwise the
/// instruction's symbol ("(unnamed)" for symbol 0).
std::string reportNameOf(const program::Program &program,
                         const program::Instr &instr);

/// Report order of layer names: first appearance scanning the core streams
/// in order, each stream from its first instruction.
std::vector<std::string> reportLayerOrder(const program::Program &program);

/// Time of one analog cycle of MVM (layer, rowBlock) in picoseconds, rounded:
/// max(array read latency, conversions of the busiest ADC x SAR conversion
/// time at `adcBits`). The busiest ADC is found from the tile placement:
/// columns [g*columnsPerAdc, (g+1)*columnsPerAdc) of an array share ADC g.
uint64_t mvmCyclePs(const program::Program &program, uint32_t layer,
                    uint32_t rowBlock, const program::ModeLayer &mode,
                    unsigned adcBits);

} // namespace cim::estimator

#endif // CIM_ESTIMATOR_ESTIMATOR_H
