//===- CIMAttrs.td - cim attributes and enums --------------*- tablegen -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIMATTRS_TD
#define CIM_DIALECT_CIM_IR_CIMATTRS_TD

include "cim/Dialect/CIM/IR/CIMDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def CIM_Polarity : I32EnumAttr<"Polarity", "weight polarity held by a tile", [
    I32EnumAttrCase<"offset", 0>,
    I32EnumAttrCase<"positive", 1>,
    I32EnumAttrCase<"negative", 2>]> {
  let cppNamespace = "::cim";
  let genSpecializedAttr = 0;
}
def CIM_PolarityAttr : EnumAttr<CIM_Dialect, CIM_Polarity, "polarity">;

class CIM_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<CIM_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def CIM_ArchAttr : CIM_Attr<"Arch", "arch"> {
  let summary = "The target accelerator";
  let description = [{
    The accelerator description of docs/arch.md, held as a dictionary with the
    same keys as the JSON file, so that a module carries its target and passes
    can be tested without files. `cim-opt --cim-set-arch=isaac` (or the `arch`
    option of `--cim-pipeline`) attaches it as the module attribute `cim.arch`.

    ```mlir
    module attributes {cim.arch = #cim.arch<"isaac", {array = {rows = 128 : i64, cols = 128 : i64, ...}, ...}>}
    ```
  }];
  let parameters = (ins StringRefParameter<"preset or file name">:$name,
                        "::mlir::DictionaryAttr":$spec);
  let assemblyFormat = "`<` $name `,` $spec `>`";
}

def CIM_QuantAttr : CIM_Attr<"Quant", "quant"> {
  let summary = "Quantization of a crossbar layer";
  let description = [{
    Scales and bit widths chosen by `cim-quantize`: a per-tensor input scale
    (symmetric, signed when the calibrated input range has negative values),
    and one symmetric weight scale per output channel.

    ```mlir
    #cim.quant<input_scale = 0.0157, input_signed = false, input_bits = 8,
               weight_bits = 8, weight_scales = [0.01, 0.02]>
    ```
  }];
  let parameters = (ins "::mlir::FloatAttr":$input_scale,
                        "bool":$input_signed,
                        "unsigned":$input_bits,
                        "unsigned":$weight_bits,
                        "::mlir::DenseF64ArrayAttr":$weight_scales);
  let assemblyFormat = [{
    `<` `input_scale` `=` $input_scale `,` `input_signed` `=` $input_signed `,`
        `input_bits` `=` $input_bits `,` `weight_bits` `=` $weight_bits `,`
        `weight_scales` `=` custom<ExactF64Array>($weight_scales) `>`
  }];
  let genVerifyDecl = 1;
}

def CIM_AdcAttr : CIM_Attr<"Adc", "adc"> {
  let summary = "An ADC setting";
  let description = [{
    Resolution and full-scale range (the largest column sum it represents) of
    the ADCs of a group of tiles. A column sum s converts to
    `clamp(round(s / step), 0, 2^bits - 1) * step` with
    `step = max(1, range / (2^bits - 1))`. With `fine_bits` (interval
    coding, optional) the SAR first compares against the top of the fine
    interval: codes below `2^fine_bits` take `fine_bits` trials, the others
    `bits` (plus that comparison); the code is unchanged. `fine_ppm` is the
    calibrated share of fine conversions, for the estimator.

    ```mlir
    #cim.adc<bits = 8, range = 384>
    ```
  }];
  let parameters = (ins "unsigned":$bits, "uint64_t":$range,
                        DefaultValuedParameter<"unsigned", "0">:$fine_bits,
                        DefaultValuedParameter<"unsigned", "0">:$fine_ppm);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "unsigned":$bits, "uint64_t":$range), [{
      return $_get($_ctxt, bits, range, 0u, 0u);
    }]>
  ];
}

def CIM_PrecisionAttr : CIM_Attr<"Precision", "precision"> {
  let summary = "What a layer does in an operating point";
  let description = [{
    A precision mode keeps the `weight_bits` most significant weight bits
    (whole cell slices) and the `input_bits` most significant input bits of
    every layer it applies to; the arrays keep the same contents. The other
    fields are optional and default to the full layer, all analog:

    * `channels`: output channels [0, channels) are computed, the others are
      power-gated and read as 0 (channel-width sub-networks; 0 = all);
    * `input_channels`, `input_period`: im2col row k is driven iff
      k mod input_period < input_channels, so a layer reads only the active
      channels of its producer (0 = all rows);
    * `digital_planes`: bit-plane products (input cycle j, weight slice s)
      whose significance is among the top `digital_planes` run in digital
      CIM, exactly; `salient_planes` and `saliency_threshold`: pixels whose
      largest input code reaches the threshold use `salient_planes` instead;
    * `skip_zero_planes`: a (pixel, input cycle, row block) whose driven
      input digits are all zero is neither read nor converted;
    * `nonzero_planes_ppm`, `salient_ppm`: calibrated shares (parts per
      million) the estimator uses for the two data-dependent fields;
    * `tile_adc`: one `#cim.adc` per `cim.crossbar_tile` of the layer, in
      order: the ADC setting of that tile (ADC trimming).

    `include/cim/Program/Program.h` (`ModeLayer`) is the reference for the
    semantics; the verifier of `cim.precision_mode` applies the same rules
    as the binary's.

    ```mlir
    #cim.precision<weight_bits = 4, input_bits = 4>
    #cim.precision<weight_bits = 8, input_bits = 8, channels = 8, digital_planes = 3>
    ```
  }];
  let parameters = (ins "unsigned":$weight_bits, "unsigned":$input_bits,
      DefaultValuedParameter<"unsigned", "0">:$channels,
      DefaultValuedParameter<"unsigned", "0">:$input_channels,
      DefaultValuedParameter<"unsigned", "0">:$input_period,
      DefaultValuedParameter<"unsigned", "0">:$digital_planes,
      DefaultValuedParameter<"unsigned", "0">:$salient_planes,
      DefaultValuedParameter<"uint64_t", "0">:$saliency_threshold,
      DefaultValuedParameter<"bool", "false">:$skip_zero_planes,
      DefaultValuedParameter<"unsigned", "1000000">:$nonzero_planes_ppm,
      DefaultValuedParameter<"unsigned", "0">:$salient_ppm,
      OptionalParameter<"::mlir::ArrayAttr">:$tile_adc);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Full channels, all analog, the layer's ADC setting.
    static PrecisionAttr getBits(::mlir::MLIRContext *context,
                                 unsigned weightBits, unsigned inputBits);
    /// The same fields as a Program mode-layer entry.
    ::cim::program::ModeLayer toModeLayer() const;
    /// The attribute of a Program mode-layer entry; `tiles` of its
    /// `tileAdc` must be the layer's tile count.
    static PrecisionAttr fromModeLayer(::mlir::MLIRContext *context,
                                       const ::cim::program::ModeLayer &ml);
  }];
}

#endif // CIM_DIALECT_CIM_IR_CIMATTRS_TD
