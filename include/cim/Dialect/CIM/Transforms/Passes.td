//===- Passes.td - cim dialect passes ----------------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
#define CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CIMSetArch : Pass<"cim-set-arch", "::mlir::ModuleOp"> {
  let summary = "Attach the target accelerator to the module";
  let description = [{
    Loads a preset (`isaac`) or an arch JSON file and attaches it as the
    module attribute `cim.arch`, which every later pass reads.

    ```
    cim-opt model.mlir --cim-set-arch=arch=isaac
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"arch", "arch", "std::string", "\"\"",
           "Preset name or path of an arch JSON file">
  ];
}

def CIMQuantize : Pass<"cim-quantize", "::mlir::ModuleOp"> {
  let summary = "Choose scales and bit widths of every crossbar layer";
  let description = [{
    Min-max quantization. Weights: symmetric, one scale per output channel,
    `weight-bits` bits. Inputs of each layer: one symmetric scale per tensor,
    `input-bits` bits, unsigned when the calibrated input is never negative
    (after a ReLU) and signed otherwise; the range comes from running the
    float reference on calibration inputs: the `.npy` files of the
    `calibration` directory (one file per model input, named after it,
    holding one sample or N along a leading axis, every file the same N;
    ranges are taken over all samples), or, without one,
    `calibration-samples` seeded standard-normal inputs. Both branches of
    every `tosa.cond_if` are observed on every sample, so that the layers
    behind a condition the samples rarely meet still get a range.
    Attaches `#cim.quant` to every `cim.conv2d` and `cim.matmul`.

    Layers of a QDQ model carry the model's scales in a `cim.qdq`
    dictionary (set by the ONNX importer, docs/onnx-import.md "QDQ
    models"): an input scale with zero point 0 and `input-bits` bits is used
    as it is (int8: signed, uint8: unsigned), and the layer is left out of
    the calibration run; another zero point or width gives a warning and a
    scale derived from the model's range. Weight scales are used when
    `weight_bits` is `weight-bits` and the weights are integer multiples of
    them, else a warning and min-max scales. The model's scales win over
    calibration data (a remark says so). `cim.qdq` is removed.
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"weightBits", "weight-bits", "unsigned", "8", "Weight bits">,
    Option<"inputBits", "input-bits", "unsigned", "8", "Input (activation) bits">,
    Option<"calibration", "calibration", "std::string", "\"\"",
           "Directory of .npy calibration inputs, one per model input "
           "(one sample or N)">,
    Option<"calibrationSamples", "calibration-samples", "unsigned", "4",
           "Number of seeded random inputs without a calibration directory">,
    Option<"seed", "seed", "unsigned", "1", "Seed of the random calibration inputs">
  ];
  let statistics = [
    Statistic<"numLayers", "layers", "Crossbar layers quantized">
  ];
}

def CIMFoldFakeQuant : Pass<"cim-fold-fake-quant", "::mlir::ModuleOp"> {
  let summary = "Drop a QDQ model's fake quantization that a crossbar layer repeats";
  let description = [{
    The ONNX importer lowers a QuantizeLinear -> DequantizeLinear pair to
    float TOSA ops (`x * (1/s)`, clamp, round, `+ zp`, clamp, `- zp`,
    `* s`) and tags the last one `cim.fake_quant = {scale, zero_point, qmin,
    qmax}`. When every use of its result is the input of a `cim.conv2d` /
    `cim.matmul` (directly or through `tosa.transpose` / `tosa.reshape`)
    whose `#cim.quant` has `input_scale` = scale, the same bits and
    signedness and the zero point is 0, the layer's own input quantizer
    computes the same values (int8's -128 included: the layer clamps it to
    -127 either way), so the chain is bypassed and erased: its digital
    instructions would only cost time and energy. At full precision the
    outputs are unchanged; a lower-precision mode then rounds the float
    input to its coarser grid directly, as for any model. Runs before
    `convert-cim-to-isa`.
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let statistics = [
    Statistic<"numFolded", "folded", "Fake quantizations bypassed">
  ];
}

def CIMMapCrossbars : Pass<"cim-map-crossbars", "::mlir::ModuleOp"> {
  let summary = "Place every crossbar layer's weights on physical arrays";
  let description = [{
    For each quantized `cim.conv2d` / `cim.matmul`: the weight matrix is laid
    out as im2col rows (kh, kw, c) × output channels; each weight is stored
    per the target's polarity scheme (offset: w + 2^(Wb-1); differential: a
    positive and a negative tile) and bit-sliced over the cell bits, one tile
    per (row block, output-channel block, slice, polarity). Row blocks have
    at most `array.active_rows` rows. Slices are placed most significant
    first, so that the LSB slices a low-precision mode switches off tend to
    share arrays. Tiles of one row block are packed into array columns first
    fit (they share word lines, so only they may share an array), and arrays
    are assigned to cores in order. Emits `cim.crossbar_tile` ops and the layer's
    `cim.adc_config`: the target's ADC bits, and as full-scale range the
    largest column sum the layer's stored levels can produce (known at
    compile time), so that no conversion clips and no code is spent on sums
    that cannot occur.
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"adcBits", "adc-bits", "unsigned", "0",
           "ADC bits (0: the target's)">
  ];
  let statistics = [
    Statistic<"numTiles", "tiles", "Crossbar tiles emitted">,
    Statistic<"numArrays", "arrays", "Physical arrays used">
  ];
}

def CIMOrderChannels : Pass<"cim-order-channels", "::mlir::ModuleOp"> {
  let summary = "Order output channels by importance for width sub-networks";
  let description = [{
    A channel-width sub-network (`cim-width-modes`) computes a prefix
    `[0, n)` of a layer's output channels and power-gates the rest. This
    pass makes that prefix the most important channels, so that every width
    keeps the channels that matter most and uses a prefix of the columns of
    the mapping. It runs on the cim level after `convert-tosa-to-cim` (and
    `cim-quantize`, if it ran) and before `cim-map-crossbars`.

    For every eligible crossbar layer (`cim.conv2d` / `cim.matmul`), the
    output channels are sorted by the L1 norm of their float weights,
    largest first (ties keep the lower index first, so the order is
    deterministic). The layer's weight output channels, its bias and its
    per-channel weight scales (`#cim.quant`, if present) are permuted, and so
    are the weight input channels of every layer that reads them: input
    index `b*C + n` takes what was `b*C + order[n]`, C being the producer's
    channel count. For a `cim.conv2d` consumer that is the I axis of its OHWI
    weight; for a `cim.matmul` after the flatten of an NHWC tensor it is
    every K row with the same channel, since the flattened index is
    `(h*W + w)*C + c`. The function computes the same values as before, up
    to the order of float summation.

    **Eligibility** (shared with `cim-width-modes`): a layer is eligible when
    its weight and bias are f32 constants and its result reaches only the
    input operand of other crossbar layers (at least one), through
    channel-wise ops: `tosa.clamp` (ReLU, ReLU6, ...), `tosa.max_pool2d`,
    `tosa.avg_pool2d`, and `tosa.reshape` whose result's last axis is a
    multiple of the channel count (the flatten before a `cim.matmul`). Other
    layers keep their order, because a permutation would leak out of the
    layers this pass rewrites:

    * a model output, or anything the function returns: its channel order
      is the user's contract;
    * an element-wise op with a second operand (a residual `tosa.add`, a
      `tosa.mul`), a `tosa.concat`: the other operand comes from another
      producer whose channels would have to follow the same order, and a
      width mode would gate one branch of the sum only;
    * a depthwise convolution (it runs on the digital unit): its
      per-channel weights and bias are not rewritten here;
    * a transpose, slice, reduction or reshape that moves the channel axis:
      the channel is no longer the index modulo C along the last axis.

    With `explain`, the pass emits a remark on each such layer saying why
    it keeps its order. Rewriting a layer that is already mapped (its tiles
    hold the weights as they were) is an error.

    ```
    cim-opt m.mlir --convert-tosa-to-cim --cim-quantize --cim-order-channels \
        --cim-map-crossbars
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect", "::mlir::tosa::TosaDialect"];
  let options = [
    Option<"explain", "explain", "bool", "false",
           "Emit a remark on every layer that keeps its order, saying why">
  ];
  let statistics = [
    Statistic<"numReordered", "layers-reordered",
              "Layers whose output channels changed order">
  ];
}

def CIMBuildModes : Pass<"cim-build-modes", "::mlir::ModuleOp"> {
  let summary = "Declare the runtime operating points of the binary";
  let description = [{
    Emits one `cim.precision_mode` per entry of `modes`, a comma-separated
    list of `wNaM` (N weight bits, M input bits), the first being the
    default. Every mode runs over the same weight mapping: it keeps the N
    most significant weight bits (whole cell slices) and the M most
    significant input bits. A precision that would cut a cell slice in two
    is rejected.

    ```
    cim-opt m.mlir --cim-build-modes=modes=w8a8,w4a4
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"modes", "modes", "std::string", "\"w8a8,w4a4\"",
           "Comma-separated precision modes, e.g. w8a8,w4a4">
  ];
}

def CIMAdcTrim : Pass<"cim-adc-trim", "::mlir::ModuleOp"> {
  let summary = "Add a mode with per-tile ADC settings from partial-sum statistics";
  let description = [{
    ADC redundant-bit removal (docs/operating-points.md). Runs the module's
    mapping bit-accurately in the simulator, in mode `base`, on calibration
    inputs, and records each tile's largest column sum (or, with `coverage`
    below 1, the smallest power of two holding that share of its sums). Each
    tile's ADC then keeps the layer's quantization step but converts only up
    to that sum, so the SAR trials of most significant bits that never fire
    are not run; with `lsb-budget-db`, least significant trials are then
    dropped slice by slice, from the least significant weight slice up,
    while the output SNR on the calibration samples stays within that many
    dB of the trimmed mode's (checked in the simulator);
    `lsb-bits` drops that many further least significant trials (a coarser
    step). Column sums above the calibrated maximum clip. With
    `skip-zero-planes` (the default), a (pixel, input cycle, row block) whose
    driven input digits are all zero is neither read nor converted; the
    share of such planes on the calibration data is stored for the
    estimator. With `interval`, a tile whose calibrated sums are
    mostly small gets interval coding: one comparison decides whether the
    code lies below 2^f, which then takes f SAR trials instead of all of
    them; f is chosen to minimize the expected conversion energy on the
    arch's ADC curve, and the code is the same as without. (On the digits
    CNN and isaac's curve it saves nothing: the comparison trial costs what
    the skipped trials save; docs/operating-points.md.) The result is a new `cim.precision_mode` (`name`, default
    `<base>-adc`) whose per-layer entries carry `tile_adc` and
    `skip_zero_planes`; the arrays and the other modes are unchanged.

    ```
    cim-opt m.mlir --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration=calib
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"base", "base", "std::string", "\"\"",
           "Mode to start from (default: the first)">,
    Option<"name", "name", "std::string", "\"\"",
           "Name of the new mode (default: <base>-adc)">,
    Option<"lsbBits", "lsb-bits", "unsigned", "0",
           "Least significant SAR trials to drop below the layer's step">,
    Option<"skipZeroPlanes", "skip-zero-planes", "bool", "true",
           "Skip all-zero input bit-planes">,
    Option<"lsbBudgetDb", "lsb-budget-db", "double", "0",
           "Drop least significant SAR trials slice by slice while the "
           "calibration SNR stays within this many dB (0: off)">,
    Option<"interval", "interval", "bool", "false",
           "Interval coding: a fine interval of small codes with fewer SAR "
           "trials where the calibrated sums make it cheaper">,
    Option<"coverage", "coverage", "double", "1.0",
           "Share of the calibrated column sums a tile's range must hold "
           "(1: the largest; below 1 the rest clip)">,
    Option<"calibration", "calibration", "std::string", "\"\"",
           "Directory of .npy calibration inputs, one per model input">,
    Option<"calibrationSamples", "calibration-samples", "unsigned", "4",
           "Number of seeded random inputs without a calibration directory">,
    Option<"seed", "seed", "unsigned", "1", "Seed of the random calibration inputs">
  ];
  let statistics = [
    Statistic<"numTrimmed", "tiles-trimmed", "Tiles whose ADC runs fewer bits">,
    Statistic<"numBitsSaved", "bits-saved", "SAR trials saved, summed over tiles">
  ];
}

def CIMHybridBoundary : Pass<"cim-hybrid-boundary", "::mlir::ModuleOp"> {
  let summary = "Add a mode with a digital/analog boundary inside each dot product";
  let description = [{
    OSA-HCIM (docs/operating-points.md) on a target with digital CIM (arch
    section `digital_cim`, e.g. the `osa-hcim` preset). Each bit-plane
    product of a layer, input cycle j times weight slice s, has the
    significance `(Ab - a') + j*dacBits + s*cellBits`; the `planes` most
    significant of these run in digital CIM, exactly, and the rest in analog
    CIM through the ADC. `planes` larger than a layer's count makes it all
    digital; 0 all analog. With `salient-share` > 0 the boundary also
    depends on the input: a pixel whose largest input code reaches the
    threshold that `salient-share` of the calibration pixels reach (found by
    running the mapping in the simulator in mode `base`) runs with
    `salient-planes` digital planes. The calibrated share of salient pixels is
    stored for the estimator. The result is a new `cim.precision_mode`
    (`name`, default `<base>-hybrid`) over the same mapping.

    ```
    cim-opt m.mlir --cim-hybrid-boundary="planes=2 salient-planes=8 salient-share=0.25 name=osa"
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"base", "base", "std::string", "\"\"",
           "Mode to start from (default: the first)">,
    Option<"name", "name", "std::string", "\"\"",
           "Name of the new mode (default: <base>-hybrid)">,
    Option<"planes", "planes", "unsigned", "0",
           "Most significant bit planes in digital CIM for every input">,
    Option<"salientPlanes", "salient-planes", "unsigned", "0",
           "Digital bit planes for salient inputs">,
    Option<"salientShare", "salient-share", "double", "0",
           "Share of calibration pixels that count as salient (0: no saliency)">,
    Option<"points", "points", "std::string", "\"\"",
           "Several modes at once, named <base>-<point>: dN (N digital planes), "
           "all (all digital), sN:M:SHARE (N planes, M for the SHARE most "
           "salient pixels); overrides planes, salient-* and name">,
    Option<"calibration", "calibration", "std::string", "\"\"",
           "Directory of .npy calibration inputs, one per model input">,
    Option<"calibrationSamples", "calibration-samples", "unsigned", "4",
           "Number of seeded random inputs without a calibration directory">,
    Option<"seed", "seed", "unsigned", "1", "Seed of the random calibration inputs">
  ];
}

def CIMAssignPrecision : Pass<"cim-assign-precision", "::mlir::ModuleOp"> {
  let summary = "Choose per-layer weight and input bits against a fidelity budget";
  let description = [{
    Runs on the mapped cim module (after `cim-map-crossbars` and
    `cim-build-modes`) and adds one `cim.precision_mode` over the same
    mapping whose `layers` give every crossbar layer (keyed by its `layer`
    name) its own weight and input bits; the other fields of each layer's
    setting (channels, digital planes, ADC) are the base mode's. New modes
    go after the existing ones, so the default mode stays the default.

    The search starts from the `base` mode (default: the first) and is
    greedy. A move lowers one layer's active weight bits by one cell slice
    (the target's cell bits) or its active input bits by one DAC step, never
    below one bit and only as `program::checkModeLayer` allows. Every move
    of a step is a trial mode of one Program compiled once from the module:
    it is simulated bit-accurately on the calibration samples, compared with
    the float reference, and priced with the estimator. The move taken is
    the one that saves the most energy per unit of fidelity lost (a move
    that loses nothing ranks first) among those that keep the budget; moves
    that lose the same (with a top-1 budget, typically nothing) rank by
    energy saved per dB of SNR lost, then by energy saved, and remaining
    ties go to the earlier layer, weight before input. The search stops
    when no move keeps the budget. The budget holds on the calibration
    samples; held-out data may land on either side of it.

    `budget` is `snr=<dB>`, the output SNR against the float reference over
    the outputs of all calibration samples, or `top1=<fraction>`, the share
    of samples whose arg-max of the first output agrees with the float
    reference's. The base mode itself must keep the budget.

    With `search=pareto` the pass also emits up to `frontier` modes
    `<name>-1` .. `<name>-N` from the greedy path, spread evenly in energy
    between the base and the final mode (all within the budget, from the
    most to the least accurate), before `<name>`.

    Calibration samples are those of `cim-quantize`: the `.npy` files of
    `calibration`, or `calibration-samples` seeded standard-normal inputs;
    `max-samples` keeps only the first N of them. Every trial simulates the
    samples in order and stops as soon as the noise or the disagreements
    accumulated so far already exceed what the budget allows (both only grow
    with more samples), so moves that miss the budget cost less than those
    that keep it. Trials of one step run in parallel on the context's
    threads; the result does not depend on their number.

    A remark reports each emitted mode (fidelity, energy, latency, moves)
    and one per layer its chosen bits.

    ```
    cim-opt m.mlir --cim-assign-precision="budget=snr=25 calibration=calib"
    cim-opt m.mlir --cim-assign-precision="budget=top1=0.99 base=w8a8 search=pareto frontier=3 name=fast"
    ```
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"budget", "budget", "std::string", "\"snr=30\"",
           "Fidelity budget: snr=<dB> or top1=<fraction>">,
    Option<"base", "base", "std::string", "\"\"",
           "Mode to start from (empty: the first mode)">,
    Option<"name", "name", "std::string", "\"auto\"",
           "Name of the emitted mode">,
    Option<"search", "search", "std::string", "\"greedy\"",
           "greedy (one mode) or pareto (also points along the greedy path)">,
    Option<"frontier", "frontier", "unsigned", "3",
           "With search=pareto: at most this many extra modes <name>-1..N">,
    Option<"calibration", "calibration", "std::string", "\"\"",
           "Directory of .npy calibration inputs, one per model input "
           "(one sample or N)">,
    Option<"calibrationSamples", "calibration-samples", "unsigned", "4",
           "Number of seeded random inputs without a calibration directory">,
    Option<"seed", "seed", "unsigned", "1", "Seed of the random calibration inputs">,
    Option<"maxSamples", "max-samples", "unsigned", "0",
           "Use only the first N calibration samples (0: all)">
  ];
  let statistics = [
    Statistic<"numMovesTried", "moves-tried", "Moves simulated">,
    Statistic<"numMovesTaken", "moves-taken", "Moves taken">,
    Statistic<"numModesAdded", "modes-added", "Precision modes emitted">,
    Statistic<"numSamplesSimulated", "samples-simulated",
              "Bit-accurate inferences run (a move that cannot keep the "
              "budget stops early)">
  ];
}

def CIMWidthModes : Pass<"cim-width-modes", "::mlir::ModuleOp"> {
  let summary = "Declare channel-width sub-networks as operating points";
  let description = [{
    Adds, for each width `w` < 100 of `widths` (percentages), a
    `cim.precision_mode` named `<base>-c<w>` right after the existing modes.
    It keeps every layer's precision in the `base` mode (default: the
    module's first mode) and runs a sub-network of that width over the same
    mapping:

    * every layer `cim-order-channels` would reorder (same eligibility rule,
      see there) computes its first `channels = ceil(w% * C)` output
      channels; the others are power-gated and read as 0;
    * every layer that reads such a layer drives only the im2col rows of the
      active channels: `input_channels` = the producer's active channels,
      `input_period` = its channel count C, so row k is driven iff
      `k mod C < input_channels` (rows are (kh, kw, c) for a convolution and
      the flattened NHWC index `(h*W + w)*C + c` for a matmul);
    * the other layers, among them the classifier, keep their full width.

    Run `cim-order-channels` before `cim-map-crossbars` so that the prefix
    is the most important channels; the modes are valid without it. A width
    of 100 is the base mode itself and adds nothing; a width that rounds up
    to every channel of every layer gives a mode equal to the base. The
    width replaces any channel or input gating the base mode had on these
    layers. The mode names are printed quoted (`@"w8a8-c50"`); tools take
    them unquoted (`cim-sim --mode=w8a8-c50`).

    ```
    cim-opt m.mlir --cim-build-modes=modes=w8a8 \
        --cim-width-modes=widths=100,75,50,25
    ```
    adds `@w8a8-c75`, `@w8a8-c50` and `@w8a8-c25`.
  }];
  let dependentDialects = ["::cim::CIMDialect"];
  let options = [
    Option<"widths", "widths", "std::string", "\"100,75,50,25\"",
           "Comma-separated widths in percent, in (0, 100]">,
    Option<"base", "base", "std::string", "\"\"",
           "Mode the width modes derive from (empty: the first mode)">
  ];
  let statistics = [
    Statistic<"numModes", "modes", "Width modes added">
  ];
}

def CIMEstimate : Pass<"cim-estimate", "::mlir::ModuleOp"> {
  let summary = "Estimate latency, energy and area of the compiled program";
  let description = [{
    Runs the analytic estimator on a `cimisa` module (after
    `convert-cim-to-isa`) for every mode and attaches the totals to the
    module as `cim.estimate`; with `report` it also writes the JSON report (schema in
    docs/estimator.md) to that file.
  }];
  let options = [
    Option<"report", "report", "std::string", "\"\"",
           "Write the JSON report to this file">
  ];
}

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
