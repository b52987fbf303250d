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
    `calibration-samples` seeded standard-normal inputs.
    Attaches `#cim.quant` to every `cim.conv2d` and `cim.matmul`.
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
    ADC redundant-bit removal (seed 2 of DESIGN.md §6). Runs the module's
    mapping bit-accurately in the simulator, in mode `base`, on calibration
    inputs, and records each tile's largest column sum (or, with `coverage`
    below 1, the smallest power of two holding that share of its sums). Each
    tile's ADC then keeps the layer's quantization step but converts only up
    to that sum, so the SAR trials of most significant bits that never fire
    are not run;
    `lsb-bits` drops that many further least significant trials (a coarser
    step). Column sums above the calibrated maximum clip. With
    `skip-zero-planes` (the default), a (pixel, input cycle, row block) whose
    driven input digits are all zero is neither read nor converted; the
    share of such planes on the calibration data is stored for the
    estimator. The result is a new `cim.precision_mode` (`name`, default
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
    OSA-HCIM (seed 3 of DESIGN.md §6) on a target with digital CIM (arch
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

def CIMEstimate : Pass<"cim-estimate", "::mlir::ModuleOp"> {
  let summary = "Estimate latency, energy and area of the compiled program";
  let description = [{
    Runs the analytic estimator on a `cimisa` module (after
    `convert-cim-to-isa`) for every mode and attaches the totals to the
    module as `cim.estimate`; with `report` it also writes the JSON report of
    DESIGN §10 to that file.
  }];
  let options = [
    Option<"report", "report", "std::string", "\"\"",
           "Write the JSON report to this file">
  ];
}

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_TD
