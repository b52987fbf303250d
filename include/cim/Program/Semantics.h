//===- Semantics.h - What a Program's layers do in an operating point -*- C++ -*-===//
//
// The one owner of the operating-point semantics of Program.h: which weight
// slices, input cycles, rows and columns of a layer are active in a mode,
// which bit-plane products run in digital CIM, which ADC setting a tile
// converts with, and what one analog/digital read cycle of a row block costs
// in events. The simulator executes these plans and the estimator counts
// them in closed form, so the two cannot disagree on what a mode means.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PROGRAM_SEMANTICS_H
#define CIM_PROGRAM_SEMANTICS_H

#include "cim/Program/Program.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace cim::program {

/// The mode's setting of a layer; full precision if the program has no such
/// mode or layer entry.
ModeLayer modeLayerOf(const Program &program, size_t modeIndex,
                      size_t layerIndex);

/// Why `mode` cannot run on `layer` (which has `layerTiles` tiles): a
/// precision that cuts a cell slice or a DAC step, channels or input periods
/// out of range, a boundary beyond the layer's bit planes, a malformed
/// per-tile ADC table. Empty when the mode is valid. `hasDigitalCim` says
/// whether the target can run digital bit planes at all.
std::string checkModeLayer(const Layer &layer, const ModeLayer &mode,
                           size_t layerTiles, bool hasDigitalCim);

/// Slice s is active iff s*c >= Wb - w' (both polarity schemes).
bool sliceActive(const Layer &layer, const ModeLayer &mode, uint32_t slice);

/// J = ceil(a' / dacBits).
uint32_t activeInputCycles(const Layer &layer, const ModeLayer &mode);

/// Input bits below the mode's active ones: Ab - a'.
uint32_t inputShift(const Layer &layer, const ModeLayer &mode);

/// Im2col rows of row block `rowBlock`.
int64_t rowsOfBlock(const Layer &layer, int64_t rowBlock);

/// Output channels the mode computes: [0, activeOutChannels).
uint32_t activeOutChannels(const Layer &layer, const ModeLayer &mode);

/// Whether im2col row `k` is driven in the mode.
bool rowDriven(const ModeLayer &mode, int64_t k);

/// The largest significance (in bits) of a bit-plane product of the layer at
/// full precision: (ceil(Ab/d) - 1) * d + (slices - 1) * c.
uint32_t topSignificance(const Layer &layer);

/// Whether the product of active input cycle `j` with weight slice `slice`
/// runs in digital CIM (exactly) for a pixel that is (not) salient.
bool planeDigital(const Layer &layer, const ModeLayer &mode, uint32_t j,
                  uint32_t slice, bool salient);

/// Digital operations of the saliency unit at QUANT: the largest |code| over
/// the channels of every input position, then over each pixel's window.
uint64_t saliencyOps(const Layer &layer);

/// One active tile of a read cycle.
struct PlannedTile {
  uint32_t index = 0;     // into Program::tiles
  uint32_t cols = 0;      // active output channels of the tile
  uint32_t rows = 0;      // driven rows of the tile
  AdcSetting adc;         // resolved setting (bits > 0)
  bool digital = false;   // converted exactly by digital CIM, not the ADC
  double weight = 1;      // polarity sign * 2^(slice * cellBits)
};

/// Events of one read cycle (one pixel, one input cycle) of one row block.
struct CycleEvents {
  uint64_t arrayActivations = 0, dacDrives = 0, cellReads = 0,
           adcConversions = 0, adcBitCycles = 0, shiftAdds = 0,
           digitalCimOps = 0;
  /// Conversions by SAR trials, for tiles without interval coding (their
  /// trials are their bits); adcBitCycles counts only these too.
  std::map<unsigned, uint64_t> conversionsByBits;
  /// Interval-coded tiles: `columns` conversions of fineBits + 1 trials
  /// (share finePpm, calibrated) or bits + 1.
  struct Interval {
    uint64_t columns = 0;
    unsigned fineTrials = 0, coarseTrials = 0;
    uint32_t finePpm = 0;
  };
  std::vector<Interval> intervals;
  uint64_t cyclePs = 0;
};

/// SAR trials of one conversion to `code` at setting `adc`.
unsigned conversionTrials(const AdcSetting &adc, uint64_t code);

/// What one read cycle of (layer, rowBlock) does in `mode` for input cycle
/// `j` of a (non-)salient pixel, with `layerAdc` the layer's current ADC
/// setting (ADC_SET or the layer default).
struct CyclePlan {
  std::vector<PlannedTile> tiles;
  std::set<std::pair<uint32_t, uint32_t>> arrays; // every array read
  CycleEvents events;
  uint64_t blockRowsDriven = 0;
};

/// Builds the plan. Tiles that do not fit their layer (checked by
/// verifyProgram) are left out.
CyclePlan planCycle(const Program &program, uint32_t layer, uint32_t rowBlock,
                    const ModeLayer &mode, uint32_t j, bool salient,
                    AdcSetting layerAdc);

/// The plans of every active input cycle of (layer, rowBlock) in `mode`,
/// each distinct plan built once: a cycle depends on j only through which
/// of its tiles run in digital CIM, so cycles whose tiles split alike share
/// a plan (without digital planes, every cycle shares one).
struct CyclePlans {
  std::vector<CyclePlan> plans;    // distinct plans, in order of first use
  std::vector<uint32_t> ofCycle;   // per active input cycle: index in plans
  const CyclePlan &operator[](uint32_t j) const { return plans[ofCycle[j]]; }
  uint32_t cycles() const { return uint32_t(ofCycle.size()); }
};
CyclePlans planCycles(const Program &program, uint32_t layer,
                      uint32_t rowBlock, const ModeLayer &mode, bool salient,
                      AdcSetting layerAdc);

} // namespace cim::program

#endif // CIM_PROGRAM_SEMANTICS_H
