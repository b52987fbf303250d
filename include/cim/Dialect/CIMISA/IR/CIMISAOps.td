//===- CIMISAOps.td - cimisa records and instructions ------*- tablegen -*-===//
//
// One op per record of a .cimb binary (tensor, layer, tile, array, mode,
// core) and one op per instruction. Field names follow Program.h.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIMISA_IR_CIMISAOPS_TD
#define CIM_DIALECT_CIMISA_IR_CIMISAOPS_TD

include "cim/Dialect/CIMISA/IR/CIMISADialect.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"

//===----------------------------------------------------------------------===//
// Records
//===----------------------------------------------------------------------===//

def CIMISA_TensorOp : CIMISA_Op<"tensor", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "A float32 tensor in the activation buffer";
  let description = [{
    Describes one tensor of the program: its role, its row-major shape
    (activations are NHWC), and its element offset in the activation buffer.
    `name` is the ONNX value name (meaningful for inputs and outputs).
    Constant tensors carry their values as a `tensor<...xf32>` whose element
    count equals the product of the shape; no other role may carry values.
    The tensor's index in the binary is its position among the
    `cimisa.tensor` ops of the module.

    ```mlir
    cimisa.tensor @t0 input [1, 16, 16, 3] offset 0 {name = "input"}
    cimisa.tensor @t5 constant [2] offset 900 value dense<[1.0, 2.0]> : tensor<2xf32> {name = "c"}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       CIMISA_TensorRole:$role,
                       StrAttr:$name,
                       DenseI64ArrayAttr:$shape,
                       CIMISA_NonNegative:$offset,
                       OptionalAttr<FloatElementsAttr<32>>:$value);
  let assemblyFormat = [{
    $sym_name $role $shape `offset` $offset (`value` $value^)? attr-dict
  }];
  let hasVerifier = 1;
}

def CIMISA_LayerOp : CIMISA_Op<"layer", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "A crossbar-bound linear layer";
  let description = [{
    A convolution (or a matmul, which is a 1x1 convolution over an input of
    shape `[batch, rows, 1, K]`) whose weights live in crossbar arrays,
    together with its quantization and fused epilogue. Every field of
    `program::Layer` is an attribute:

    * `input = [batch, inH, inW, inC]`, `output = [outH, outW, outC]`,
      `kernel = [kH, kW]`, `strides`, `dilations` (`[h, w]`) and
      `pads = [top, left, bottom, right]`;
    * `input_scale` (f64), `input_signed`, `input_bits`, `weight_bits`,
      `cell_bits`, `dac_bits`, `rows_per_block` (im2col rows per row block);
    * `out_scale` and `bias`: one f64 per output channel;
    * `relu`, and the default ADC setting `adc_bits`, `adc_range`.

    The polarity scheme (`offset` or `differential`) decides how signed
    weights are stored; see `docs/isa.md` for the numerics.

    ```mlir
    cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 8, 8, 4>,
        output = array<i64: 8, 8, 8>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>,
        pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 0.5 : f64,
        input_bits = 8 : i64, weight_bits = 8 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64,
        rows_per_block = 128 : i64, out_scale = array<f64: ...>, bias = array<f64: ...>,
        adc_bits = 8 : i64, adc_range = 384 : i64, relu}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       CIMISA_LayerKind:$kind,
                       CIMISA_PolarityScheme:$polarity,
                       StrAttr:$name,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$input,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<3>]>:$output,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$kernel,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$strides,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$pads,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$dilations,
                       F64Attr:$input_scale,
                       UnitAttr:$input_signed,
                       CIMISA_U32:$input_bits,
                       CIMISA_U32:$weight_bits,
                       CIMISA_U32:$cell_bits,
                       CIMISA_U32:$dac_bits,
                       CIMISA_U32:$rows_per_block,
                       DenseF64ArrayAttr:$out_scale,
                       DenseF64ArrayAttr:$bias,
                       UnitAttr:$relu,
                       CIMISA_U32:$adc_bits,
                       CIMISA_NonNegative:$adc_range);
  let assemblyFormat = "$sym_name $kind $polarity attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// im2col rows: kH * kW * inC.
    int64_t getKRows();
    /// Row blocks: ceil(kRows / rows_per_block).
    int64_t getRowBlocks();
    /// Bits of the stored value: weight_bits (offset) or weight_bits - 1.
    int64_t getStoredBits();
    /// Bit-slices: ceil(storedBits / cell_bits).
    int64_t getSlices();
    /// Output pixels: batch * outH * outW.
    int64_t getPixels();
  }];
}

def CIMISA_TileOp : CIMISA_Op<"tile", [HasParent<"::mlir::ModuleOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "One block of a layer's weight matrix on one physical array";
  let description = [{
    Places im2col rows `[row_begin, row_end)` (inside row block `block`) and
    output channels `[col_begin, col_end)` of bit-slice `slice` of `layer` on
    array `array` of core `core`, with its top-left cell at
    `(array_row, array_col)`. The polarity is `offset` for layers of the
    offset scheme and `positive` / `negative` for differential layers.

    ```mlir
    cimisa.tile @l0 block 0 rows 0 to 36 cols 0 to 8 slice 3 offset core 0 array 1 at 0, 24
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$layer,
                       CIMISA_U32:$row_block,
                       CIMISA_U32:$row_begin, CIMISA_U32:$row_end,
                       CIMISA_U32:$col_begin, CIMISA_U32:$col_end,
                       CIMISA_U32:$slice,
                       CIMISA_TilePolarity:$polarity,
                       CIMISA_U32:$core, CIMISA_U32:$array,
                       CIMISA_U32:$array_row, CIMISA_U32:$array_col);
  let assemblyFormat = [{
    $layer `block` $row_block `rows` $row_begin `to` $row_end
    `cols` $col_begin `to` $col_end `slice` $slice $polarity
    `core` $core `array` $array `at` $array_row `,` $array_col attr-dict
  }];
  let hasVerifier = 1;
}

def CIMISA_ArrayOp : CIMISA_Op<"array", [HasParent<"::mlir::ModuleOp">]> {
  let summary = "The cell levels of one physical array (weight image)";
  let description = [{
    The levels programmed into array `array` of core `core`, row-major, as a
    `rows x cols` tensor of `ui8` (the arch's array size). A level is below
    `2^cellBits`.

    ```mlir
    cimisa.array core 0 array 1 levels dense<0> : tensor<128x128xui8>
    ```
  }];
  let arguments = (ins CIMISA_U32:$core, CIMISA_U32:$array,
                       AnyIntElementsAttr:$levels);
  let assemblyFormat = "`core` $core `array` $array `levels` $levels attr-dict";
  let hasVerifier = 1;
}

def CIMISA_ModeOp : CIMISA_Op<"mode", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "A runtime operating point";
  let description = [{
    For every layer (in the order of the `cimisa.layer` ops) the number of
    active weight bits and active input bits, counted from the MSB side. The
    first mode of the module is the default mode. A mode never changes what
    is stored in the arrays: it selects which slices, input cycles, rows,
    columns and conversions run.

    The optional arrays (one entry per layer, absent = the default for every
    layer) carry the other fields of an operating point (`program::ModeLayer`
    in include/cim/Program/Program.h has their semantics):
    `channels` (active output channels, 0 = all), `input_channels` and
    `input_period` (im2col row k is driven iff k mod period < active inputs;
    0 = all rows), `digital_planes` and `salient_planes` (bit planes on the
    digital side of a hybrid boundary, normally and for salient pixels),
    `saliency_threshold` (0 = none), `skip_zero_planes` (0/1),
    `nonzero_planes_ppm` and `salient_ppm` (calibrated expectations for the
    estimator). `tile_adc_bits` / `tile_adc_range` have one entry per
    `cimisa.tile` of the module, in order: that tile's ADC setting in this
    mode (0 bits: the layer's setting); `tile_adc_fine_bits` /
    `tile_adc_fine_ppm` (optional, with them) its interval coding. The
    verifier applies the rules of
    `program::checkModeLayer`: a precision that cuts a cell slice or a DAC
    step is rejected here as in the binary.

    ```mlir
    cimisa.mode @w8a8 weight_bits [8, 8] input_bits [8, 8]
    cimisa.mode @w4a4 weight_bits [4, 4] input_bits [4, 4]
    cimisa.mode @half weight_bits [8, 8] input_bits [8, 8] {channels = array<i64: 4, 0>,
        input_channels = array<i64: 0, 4>, input_period = array<i64: 0, 8>}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       DenseI64ArrayAttr:$weight_bits,
                       DenseI64ArrayAttr:$input_bits,
                       OptionalAttr<DenseI64ArrayAttr>:$channels,
                       OptionalAttr<DenseI64ArrayAttr>:$input_channels,
                       OptionalAttr<DenseI64ArrayAttr>:$input_period,
                       OptionalAttr<DenseI64ArrayAttr>:$digital_planes,
                       OptionalAttr<DenseI64ArrayAttr>:$salient_planes,
                       OptionalAttr<DenseI64ArrayAttr>:$saliency_threshold,
                       OptionalAttr<DenseI64ArrayAttr>:$skip_zero_planes,
                       OptionalAttr<DenseI64ArrayAttr>:$nonzero_planes_ppm,
                       OptionalAttr<DenseI64ArrayAttr>:$salient_ppm,
                       OptionalAttr<DenseI64ArrayAttr>:$tile_adc_bits,
                       OptionalAttr<DenseI64ArrayAttr>:$tile_adc_range,
                       OptionalAttr<DenseI64ArrayAttr>:$tile_adc_fine_bits,
                       OptionalAttr<DenseI64ArrayAttr>:$tile_adc_fine_ppm);
  let assemblyFormat = [{
    $sym_name `weight_bits` $weight_bits `input_bits` $input_bits attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The mode's fields, one ModeLayer per layer (the tile ADC settings
    /// split per layer, in tile order), or an error on the op naming the
    /// array that is malformed. `layerOfTile` has the layer index of every
    /// `cimisa.tile` of the module, in order.
    ::mlir::FailureOr<std::vector<::cim::program::ModeLayer>>
    getModeLayers(size_t numLayers, ::llvm::ArrayRef<uint32_t> layerOfTile);
  }];
}

def CIMISA_CoreOp : CIMISA_Op<"core", [HasParent<"::mlir::ModuleOp">,
    SingleBlock, NoRegionArguments]> {
  let summary = "The instruction stream of one core";
  let description = [{
    The instructions core `core` executes, in order, ending with
    `cimisa.halt`. Each core has at most one stream.

    ```mlir
    cimisa.core 0 {
      cimisa.quant @l0, @t0 loc("conv1")
      cimisa.mvm @l0 block 0 loc("conv1")
      cimisa.epilogue @l0, @t1 loc("conv1")
      cimisa.halt
    }
    ```
  }];
  let arguments = (ins CIMISA_U32:$core);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$core attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

class CIMISA_InstrOp<string mnemonic, list<Trait> traits = []>
    : CIMISA_Op<mnemonic, !listconcat(traits, [HasParent<"CoreOp">])>;

class CIMISA_SymbolInstrOp<string mnemonic, list<Trait> traits = []>
    : CIMISA_InstrOp<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<SymbolUserOpInterface>])>;

def CIMISA_HaltOp : CIMISA_InstrOp<"halt", [Terminator]> {
  let summary = "End of the core's instruction stream";
  let description = [{
    Stops the core. It is the last instruction of every stream and appears
    nowhere else.

    ```mlir
    cimisa.halt
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def CIMISA_SetModeOp : CIMISA_SymbolInstrOp<"set_mode"> {
  let summary = "Selects the operating point";
  let description = [{
    Writes the mode register: every following `quant`, `mvm` and `epilogue`
    runs with the active weight and input bits of `mode`. A core starts in
    the default (first) mode.

    ```mlir
    cimisa.set_mode @w4a4
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$mode);
  let assemblyFormat = "$mode attr-dict";
}

def CIMISA_AdcSetOp : CIMISA_SymbolInstrOp<"adc_set"> {
  let summary = "Sets the ADC resolution and range of a layer";
  let description = [{
    The following `mvm` instructions of `layer` convert column sums with
    `bits` bits over the full-scale range `range` (step
    `max(1, range / (2^bits - 1))`).

    ```mlir
    cimisa.adc_set @l0 bits 6 range 384
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$layer,
                       ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<32>]>:$bits,
                       CIMISA_NonNegative:$range);
  let assemblyFormat = "$layer `bits` $bits `range` $range attr-dict";
}

def CIMISA_QuantOp : CIMISA_SymbolInstrOp<"quant"> {
  let summary = "Quantizes a layer's input";
  let description = [{
    Reads the float tensor `input`, quantizes it with the layer's input scale
    to the active input bits of the current mode and im2col's it into the
    layer's input-code buffer. The tensor holds
    `batch * inH * inW * inC` elements.

    ```mlir
    cimisa.quant @l0, @t0
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$layer, FlatSymbolRefAttr:$input);
  let assemblyFormat = "$layer `,` $input attr-dict";
}

def CIMISA_MvmOp : CIMISA_SymbolInstrOp<"mvm"> {
  let summary = "Runs the crossbar tiles of one row block";
  let description = [{
    For every output pixel, drives the input codes of row block `block`
    into the tiles of that block whose slice is active in the current mode,
    converts each column with the layer's ADC setting and shift-adds the
    codes into the layer's accumulators.

    ```mlir
    cimisa.mvm @l0 block 1
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$layer, CIMISA_U32:$block);
  let assemblyFormat = "$layer `block` $block attr-dict";
}

def CIMISA_EpilogueOp : CIMISA_SymbolInstrOp<"epilogue"> {
  let summary = "Scales, biases and activates a layer's accumulators";
  let description = [{
    Applies the offset correction (offset scheme), `out_scale`, `bias` and
    the optional ReLU to the accumulators and writes the float result,
    `pixels * outC` elements in NHWC order, to `output`. It also clears the
    accumulators.

    ```mlir
    cimisa.epilogue @l0, @t1
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$layer, FlatSymbolRefAttr:$output);
  let assemblyFormat = "$layer `,` $output attr-dict";
}

class CIMISA_PoolOp<string mnemonic> : CIMISA_SymbolInstrOp<mnemonic> {
  dag poolArguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$kernel,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$strides,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$pads);
}

def CIMISA_MaxPoolOp : CIMISA_PoolOp<"max_pool"> {
  let summary = "2-D max pooling on an NHWC tensor";
  let description = [{
    `pads` is `[top, left, bottom, right]`; padded positions never win.

    ```mlir
    cimisa.max_pool @t1 -> @t2 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
    ```
  }];
  let arguments = poolArguments;
  let assemblyFormat = [{
    $input `->` $output `kernel` $kernel `strides` $strides `pads` $pads attr-dict
  }];
  let hasVerifier = 1;
}

def CIMISA_AvgPoolOp : CIMISA_PoolOp<"avg_pool"> {
  let summary = "2-D average pooling on an NHWC tensor";
  let description = [{
    Averages each window; padded positions count in the divisor only with
    `count_include_pad`.

    ```mlir
    cimisa.avg_pool @t1 -> @t2 kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad
    ```
  }];
  let arguments = !con(poolArguments, (ins UnitAttr:$count_include_pad));
  let assemblyFormat = [{
    $input `->` $output `kernel` $kernel `strides` $strides `pads` $pads
    (`count_include_pad` $count_include_pad^)? attr-dict
  }];
  let hasVerifier = 1;
}

class CIMISA_BinaryOp<string mnemonic, string what> : CIMISA_SymbolInstrOp<mnemonic> {
  let summary = "Element-wise " # what # " with numpy broadcasting";
  let description = [{
    `output = lhs }] # what # [{ rhs`, broadcasting the shapes the way numpy
    does; `output` has the broadcast shape.

    ```mlir
    cimisa.}] # mnemonic # [{ @t1, @t2 -> @t3
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$lhs, FlatSymbolRefAttr:$rhs,
                       FlatSymbolRefAttr:$output);
  let assemblyFormat = "$lhs `,` $rhs `->` $output attr-dict";
}

def CIMISA_AddOp : CIMISA_BinaryOp<"add", "+">;
def CIMISA_MulOp : CIMISA_BinaryOp<"mul", "*">;

class CIMISA_UnaryOp<string mnemonic, string what> : CIMISA_SymbolInstrOp<mnemonic> {
  let summary = what;
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output);
  let assemblyFormat = "$input `->` $output attr-dict";
}

def CIMISA_ReluOp : CIMISA_UnaryOp<"relu", "Element-wise max(x, 0)"> {
  let description = [{
    `output` has the element count of `input`.

    ```mlir
    cimisa.relu @t1 -> @t2
    ```
  }];
}

def CIMISA_CopyOp : CIMISA_UnaryOp<"copy", "Copies a tensor (also a reshape)"> {
  let description = [{
    Copies the elements of `input` in row-major order into `output`, which
    has the same element count and any shape.

    ```mlir
    cimisa.copy @t1 -> @t2
    ```
  }];
}

def CIMISA_TransposeOp : CIMISA_SymbolInstrOp<"transpose"> {
  let summary = "Permutes the dimensions of a tensor";
  let description = [{
    Output dimension `d` is input dimension `perm[d]`: the output has shape
    `[shape(input)[perm[0]], ..., shape(input)[perm[r - 1]]]` and holds the
    input's elements at the permuted indices.

    ```mlir
    cimisa.transpose @t1 -> @t2 perm [0, 3, 1, 2]
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output,
                       DenseI64ArrayAttr:$perm);
  let assemblyFormat = "$input `->` $output `perm` $perm attr-dict";
}

def CIMISA_UnaryFnOp : CIMISA_SymbolInstrOp<"unary"> {
  let summary = "Element-wise function of the lookup-table activation unit";
  let description = [{
    Applies `fn` to every element of `input`; `output` has the input's
    shape. The functions are `sigmoid`, `tanh`, `erf`, `exp`, `log`,
    `reciprocal`, `rsqrt`, `abs`, `negate`, `floor` and `ceil`, evaluated in
    double and rounded once to float32. In the .cimb file they are function
    codes 0 to 10, in this order.

    ```mlir
    cimisa.unary sigmoid @t1 -> @t2
    ```
  }];
  let arguments = (ins CIMISA_UnaryFn:$fn, FlatSymbolRefAttr:$input,
                       FlatSymbolRefAttr:$output);
  let assemblyFormat = "$fn $input `->` $output attr-dict";
}

def CIMISA_BinaryFnOp : CIMISA_SymbolInstrOp<"binary"> {
  let summary = "Element-wise binary function with numpy broadcasting";
  let description = [{
    `output = fn(lhs, rhs)` with numpy broadcasting; `fn` is `sub`
    (`lhs - rhs`), `maximum`, `minimum` (NaN propagates), `pow` or `div`
    (IEEE division). `output` has the broadcast shape.

    ```mlir
    cimisa.binary sub @t1, @t2 -> @t3
    ```
  }];
  let arguments = (ins CIMISA_BinaryFn:$fn, FlatSymbolRefAttr:$lhs,
                       FlatSymbolRefAttr:$rhs, FlatSymbolRefAttr:$output);
  let assemblyFormat = "$fn $lhs `,` $rhs `->` $output attr-dict";
}

def CIMISA_ClampOp : CIMISA_SymbolInstrOp<"clamp"> {
  let summary = "Element-wise min(max(x, min), max)";
  let description = [{
    Clamps every element of `input` to `[min, max]`; NaN stays NaN. The
    bounds are stored in the binary as their float32 bit patterns.

    ```mlir
    cimisa.clamp @t1 -> @t2 min 0.000000e+00 max 6.000000e+00
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output,
                       F32Attr:$min, F32Attr:$max);
  let assemblyFormat = "$input `->` $output `min` $min `max` $max attr-dict";
}

def CIMISA_SliceOp : CIMISA_SymbolInstrOp<"slice"> {
  let summary = "Copies a block of a tensor";
  let description = [{
    `output[i] = input[start + i]` in every dimension: the block of the
    output's shape that starts at `start` (one entry per dimension) and lies
    inside the input.

    ```mlir
    cimisa.slice @t1 -> @t2 start [0, 1, 1, 0]
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output,
                       DenseI64ArrayAttr:$start);
  let assemblyFormat = "$input `->` $output `start` $start attr-dict";
}

def CIMISA_ConcatOp : CIMISA_SymbolInstrOp<"concat"> {
  let summary = "Joins tensors along one axis";
  let description = [{
    Writes the `inputs`, in order, one after the other along `axis`; they
    have the output's rank and extents except along `axis`, where their
    extents add up to the output's.

    ```mlir
    cimisa.concat [@t1, @t2] -> @t3 axis 3
    ```
  }];
  let arguments = (ins FlatSymbolRefArrayAttr:$inputs,
                       FlatSymbolRefAttr:$output, CIMISA_U32:$axis);
  let assemblyFormat = "$inputs `->` $output `axis` $axis attr-dict";
  let hasVerifier = 1;
}

def CIMISA_PadOp : CIMISA_SymbolInstrOp<"pad"> {
  let summary = "Pads a tensor with a constant";
  let description = [{
    `pads` holds `[before_0, after_0, before_1, after_1, ...]`, two
    non-negative entries per input dimension; the output has extent
    `before_d + in_d + after_d` and holds `value` outside the copied input.

    ```mlir
    cimisa.pad @t1 -> @t2 pads [0, 0, 1, 1, 1, 1, 0, 0] value 0.000000e+00
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$output,
                       DenseI64ArrayAttr:$pads, F32Attr:$value);
  let assemblyFormat = [{
    $input `->` $output `pads` $pads `value` $value attr-dict
  }];
  let hasVerifier = 1;
}

def CIMISA_ReduceOp : CIMISA_SymbolInstrOp<"reduce"> {
  let summary = "Reduces a tensor along one axis";
  let description = [{
    `fn` is `sum`, `max`, `min` or `product`; the axis stays with extent 1.
    Sums and products accumulate in double in increasing index order; NaN
    propagates through `max` and `min`.

    ```mlir
    cimisa.reduce sum @t1 -> @t2 axis 2
    ```
  }];
  let arguments = (ins CIMISA_ReduceFn:$fn, FlatSymbolRefAttr:$input,
                       FlatSymbolRefAttr:$output, CIMISA_U32:$axis);
  let assemblyFormat = "$fn $input `->` $output `axis` $axis attr-dict";
}

def CIMISA_MatMulDigitalOp : CIMISA_SymbolInstrOp<"matmul_digital"> {
  let summary = "Batched product of two activations on the digital unit";
  let description = [{
    `lhs [B or 1, N, K] x rhs [B or 1, K, M] -> output [B, N, M]`, each
    output element accumulated in double in increasing `k`. Used where both
    operands are computed at run time (attention), so neither fits a
    crossbar.

    ```mlir
    cimisa.matmul_digital @t1, @t2 -> @t3
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$lhs, FlatSymbolRefAttr:$rhs,
                       FlatSymbolRefAttr:$output);
  let assemblyFormat = "$lhs `,` $rhs `->` $output attr-dict";
}

def CIMISA_DepthwiseConvOp : CIMISA_SymbolInstrOp<"depthwise_conv"> {
  let summary = "Depthwise 2-D convolution on the digital unit";
  let description = [{
    `input` is NHWC `[N, H, W, C]`, `weight` `[kH, kW, C, M]`, `bias` holds
    `C * M` values (or one); output channel `c * M + m` convolves input
    channel `c` with `weight[., ., c, m]`, accumulating in double in the
    order (kh, kw) and then adding the bias. `pads` is
    `[top, left, bottom, right]`.

    ```mlir
    cimisa.depthwise_conv @t1, @w, @b -> @t2 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$input, FlatSymbolRefAttr:$weight,
      FlatSymbolRefAttr:$bias, FlatSymbolRefAttr:$output,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$strides,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$pads,
      ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>:$dilations);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `->` $output `strides` $strides `pads` $pads
    `dilations` $dilations attr-dict
  }];
  let hasVerifier = 1;
}

def CIMISA_SendOp : CIMISA_SymbolInstrOp<"send"> {
  let summary = "Sends a tensor to another core";
  let description = [{
    Copies `tensor` over the network to core `core`, where the `recv` with
    the same token completes. Tokens pair sends with receives.

    ```mlir
    cimisa.send @t3 to 1 token 0
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$tensor, CIMISA_U32:$core,
                       CIMISA_U32:$token);
  let assemblyFormat = "$tensor `to` $core `token` $token attr-dict";
}

def CIMISA_RecvOp : CIMISA_SymbolInstrOp<"recv"> {
  let summary = "Receives a tensor from another core";
  let description = [{
    Waits for the `send` of core `core` with the same token and writes the
    data into `tensor`.

    ```mlir
    cimisa.recv @t3 from 0 token 0
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$tensor, CIMISA_U32:$core,
                       CIMISA_U32:$token);
  let assemblyFormat = "$tensor `from` $core `token` $token attr-dict";
}

def CIMISA_BranchIfZeroOp : CIMISA_SymbolInstrOp<"br_zero"> {
  let summary = "Skips the following instructions when a condition is zero";
  let description = [{
    Reads the one element of `cond`; when it is 0 the next `skip`
    instructions of this core are not executed (execution continues at the
    instruction `skip + 1` after this one), otherwise execution continues
    with the next instruction. It opens the then-block of conditional region
    `region` (a `tosa.cond_if`); every core with instructions in the region
    has its own `br_zero` with the same region number. Branches only go
    forward, and never past the stream's `halt`.

    ```mlir
    cimisa.br_zero @cond skip 12 region 0
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$cond, CIMISA_U32:$skip,
                       CIMISA_U32:$region);
  let assemblyFormat = "$cond `skip` $skip `region` $region attr-dict";
  let hasVerifier = 1;
}

def CIMISA_JumpOp : CIMISA_InstrOp<"jump"> {
  let summary = "Skips the following instructions";
  let description = [{
    The next `skip` instructions of this core are not executed: the end of
    the then-block of conditional region `region`, jumping over its
    else-block.

    ```mlir
    cimisa.jump skip 3 region 0
    ```
  }];
  let arguments = (ins CIMISA_U32:$skip, CIMISA_U32:$region);
  let assemblyFormat = "`skip` $skip `region` $region attr-dict";
  let hasVerifier = 1;
}

def CIMISA_BarrierOp : CIMISA_InstrOp<"barrier"> {
  let summary = "Waits until every core reaches its barrier";
  let description = [{
    Every core with an instruction stream must execute the same number of
    barriers; the n-th barriers of all cores complete together.

    ```mlir
    cimisa.barrier
    ```
  }];
  let assemblyFormat = "attr-dict";
}

#endif // CIM_DIALECT_CIMISA_IR_CIMISAOPS_TD
