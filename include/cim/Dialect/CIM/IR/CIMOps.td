//===- CIMOps.td - cim operations --------------------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMOPS_TD
#define CIM_DIALECT_CIM_IR_CIMOPS_TD

include "cim/Dialect/CIM/IR/CIMDialect.td"
include "cim/Dialect/CIM/IR/CIMAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Crossbar layers
//===----------------------------------------------------------------------===//

class CIM_LayerOp<string mnemonic> : CIM_Op<mnemonic, [
    NoTerminator, RecursiveMemoryEffects]> {
  let regions = (region MaxSizedRegion<1>:$tiles);
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The tile block, created on demand by cim-map-crossbars.
    ::mlir::Block &getOrCreateTileBlock();
  }];
}

def CIM_Conv2DOp : CIM_LayerOp<"conv2d"> {
  let summary = "A 2-D convolution bound to crossbars";
  let description = [{
    A convolution with constant weights that runs in the arrays: input NHWC,
    weight OHWI (a constant), bias [O]; the fused epilogue adds the bias and,
    with `relu`, clamps at zero. `pad` is (top, bottom, left, right) as in
    TOSA. `layer` is the ONNX node name the layer came from; reports and the
    binary's symbol table use it.

    After `cim-quantize` the op carries `quant`; after `cim-map-crossbars` its
    region holds one `cim.adc_config` and the `cim.crossbar_tile` ops that
    place its weight matrix (im2col rows × output channels, bit-sliced) on
    physical arrays.

    ```mlir
    %y = cim.conv2d %x, %w, %b {layer = "conv1", stride = array<i64: 1, 1>,
           pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu}
         : (tensor<1x16x16x3xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x16x16x8xf32>
    ```
  }];
  let arguments = (ins 4DTensorOf<[F32]>:$input, 4DTensorOf<[F32]>:$weight,
                       1DTensorOf<[F32]>:$bias,
                       StrAttr:$layer,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$pad,
                       DenseI64ArrayAttr:$dilation, UnitAttr:$relu,
                       OptionalAttr<CIM_QuantAttr>:$quant);
  let results = (outs 4DTensorOf<[F32]>:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` functional-type(operands, results)
    ($tiles^)?
  }];
}

def CIM_MatMulOp : CIM_LayerOp<"matmul"> {
  let summary = "A matrix product bound to crossbars";
  let description = [{
    `output[b, n, m] = sum_k input[b, n, k] * weight[k, m] + bias[m]`, with
    constant weights in the arrays; `relu` clamps at zero. Quantization and
    mapping as for `cim.conv2d` (K rows, M output channels).

    ```mlir
    %y = cim.matmul %x, %w, %b {layer = "fc"}
         : (tensor<1x1x1024xf32>, tensor<1024x10xf32>, tensor<10xf32>) -> tensor<1x1x10xf32>
    ```
  }];
  let arguments = (ins 3DTensorOf<[F32]>:$input, 2DTensorOf<[F32]>:$weight,
                       1DTensorOf<[F32]>:$bias, StrAttr:$layer, UnitAttr:$relu,
                       OptionalAttr<CIM_QuantAttr>:$quant);
  let results = (outs 3DTensorOf<[F32]>:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` functional-type(operands, results)
    ($tiles^)?
  }];
}

//===----------------------------------------------------------------------===//
// Mapping
//===----------------------------------------------------------------------===//

def CIM_CrossbarTileOp : CIM_Op<"crossbar_tile", [
    ParentOneOf<["Conv2DOp", "MatMulOp"]>]> {
  let summary = "One block of a layer's weight matrix on one physical array";
  let description = [{
    Im2col rows `[rows[0], rows[1])` (row block `row_block`) × output channels
    `[cols[0], cols[1])` of the parent layer's weight matrix, bit-slice
    `slice` (bits `[slice*c, slice*c + c)` of the stored weight, c = cell
    bits), with polarity `offset` (stored w + 2^(Wb-1)) or `positive` /
    `negative` (differential pair), duplicate `dup`, placed at
    (`array_row`, `array_col`) of array `array` of core `core`. `levels`
    holds the cell levels, rows × cols. The verifier checks them against the
    module's `#cim.arch`: the block fits in the array, levels fit the cells,
    the core and array exist.

    ```mlir
    cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 27>, cols = array<i64: 0, 8>,
                       slice = 3, polarity = #cim<polarity offset>, dup = 0,
                       core = 0, array = 0, array_row = 0, array_col = 0,
                       levels = dense<2> : tensor<27x8xi8>}
    ```
  }];
  let arguments = (ins I64Attr:$row_block, DenseI64ArrayAttr:$rows,
                       DenseI64ArrayAttr:$cols, I64Attr:$slice,
                       CIM_PolarityAttr:$polarity, I64Attr:$dup, I64Attr:$core,
                       I64Attr:$array, I64Attr:$array_row, I64Attr:$array_col,
                       ElementsAttr:$levels);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def CIM_AdcConfigOp : CIM_Op<"adc_config", [
    ParentOneOf<["Conv2DOp", "MatMulOp"]>]> {
  let summary = "ADC setting of a layer's tiles";
  let description = [{
    The resolution and full-scale range of the ADCs that convert the column
    sums of every tile of the parent layer. Later passes (ADC trimming) may
    narrow them per tile group; modes never change the arrays.

    ```mlir
    cim.adc_config #cim.adc<bits = 8, range = 384>
    ```
  }];
  let arguments = (ins CIM_AdcAttr:$adc);
  let assemblyFormat = "qualified($adc) attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Operating points
//===----------------------------------------------------------------------===//

def CIM_PrecisionModeOp : CIM_Op<"precision_mode", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "A runtime precision operating point";
  let description = [{
    A named operating point of the compiled binary: every crossbar layer keeps
    the `precision` most significant weight and input bits, except layers
    named in `layers`, which map an ONNX node name to their own
    `#cim.precision`. The arrays hold the same weight image in every mode: a
    lower precision switches off LSB weight slices and LSB input cycles, so
    switching costs a register write, not a reload. The first mode of a
    module is the default.

    ```mlir
    cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
    cim.precision_mode @mixed #cim.precision<weight_bits = 8, input_bits = 8>
        layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 8>}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, CIM_PrecisionAttr:$precision,
                       OptionalAttr<DictionaryAttr>:$layers);
  let assemblyFormat = "$sym_name qualified($precision) (`layers` $layers^)? attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The precision of the layer named `layer` in this mode.
    PrecisionAttr getPrecisionFor(::llvm::StringRef layer);
  }];
}

#endif // CIM_DIALECT_CIM_IR_CIMOPS_TD
