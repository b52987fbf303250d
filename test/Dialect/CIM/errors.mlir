// RUN: cim-opt %s --split-input-file --verify-diagnostics

// The weight's input channels must match the input's (NHWC / OHWI).
func.func @conv_channels(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x5xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{weight input channels (5) do not match the input channels (2)}}
  %y = cim.conv2d %x, %w, %b {layer = "c", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x5xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// One bias per output channel.
func.func @conv_bias(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{bias has 4 elements for 3 output channels}}
  %y = cim.conv2d %x, %w, %b {layer = "c", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// The result shape follows from strides, pads and dilations.
func.func @conv_shape(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{result shape does not match the convolution: expected 1x2x2x3}}
  %y = cim.conv2d %x, %w, %b {layer = "c", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

func.func @conv_attrs(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{expects stride and dilation of 2 values and pad of 4 values}}
  %y = cim.conv2d %x, %w, %b {layer = "c", stride = array<i64: 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

func.func @conv_stride(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{expects strides >= 1}}
  %y = cim.conv2d %x, %w, %b {layer = "c", stride = array<i64: 0, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// A scale per output channel.
func.func @quant_scales(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{has 2 weight scales for 3 output channels}}
  %z = cim.matmul %v, %m, %b {layer = "fc", quant = #cim.quant<input_scale = 0.1 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [0.01, 0.02]>} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

func.func @matmul_inner(%v: tensor<1x2x5xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{input has 5 columns but the weight has 4 rows}}
  %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x5xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

func.func @matmul_bias(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{bias has 2 elements for 3 output channels}}
  %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

func.func @matmul_shape(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x2xf32> {
  // expected-error @+1 {{result shape does not match the product: expected 1x2x3}}
  %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x2xf32>
  return %z : tensor<1x2x2xf32>
}

// -----

// Quantization parameters must be usable by the hardware.
// expected-error @+1 {{weight_bits must be in [2, 16], got 1}}
func.func @quant_bits() attributes {q = #cim.quant<input_scale = 0.1 : f64, input_signed = false, input_bits = 8, weight_bits = 1, weight_scales = [0.01]>} {
  return
}

// -----

// expected-error @+1 {{input_scale must be positive}}
func.func @quant_scale() attributes {q = #cim.quant<input_scale = 0.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [0.01]>} {
  return
}

// -----

// expected-error @+1 {{ADC bits must be in [1, 16], got 0}}
func.func @adc_bits() attributes {a = #cim.adc<bits = 0, range = 24>} {
  return
}

// -----

// expected-error @+1 {{weight_bits must be in [1, 16], got 0}}
func.func @precision_bits() attributes {p = #cim.precision<weight_bits = 0, input_bits = 4>} {
  return
}

// -----

// Tiles and the ADC setting are the only ops of a layer's region.
func.func @region(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
  %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
    // expected-error @+1 {{is not allowed in the tile region of 'cim.matmul'}}
    %c = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  }
  return %z : tensor<1x2x3xf32>
}

// -----

module attributes {cim.arch = #cim.arch<"tiny", {adc = {bits = 8}, array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @two_adc(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    // expected-error @+1 {{has 2 cim.adc_config ops; expected at most one}}
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      cim.adc_config #cim.adc<bits = 8, range = 24>
      cim.adc_config #cim.adc<bits = 8, range = 24>
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// The converter cannot resolve more bits than it was built with.
module attributes {cim.arch = #cim.arch<"tiny", {adc = {bits = 8}, array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @adc_too_wide(%v: tensor<1x2x4xf32>, %m: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{asks for 9 ADC bits but the target's ADC has 8}}
      cim.adc_config #cim.adc<bits = 9, range = 24>
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: the array's word lines bound the block.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{occupies rows [2, 10) but the array has 8 rows}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 2, array_col = 0, levels = dense<1> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: the bit lines too.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{occupies columns [6, 9) but the array has 8 columns}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 0, array_col = 6, levels = dense<1> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: a 2-bit cell stores levels 0..3.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{holds cell level 4 but a 2-bit cell stores at most 3}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 0, array_col = 0, levels = dense<4> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: levels cover the ranges exactly.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{expects levels of type tensor<8x3xi8> for its row and column ranges}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 0, array_col = 0, levels = dense<1> : tensor<4x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: ranges are [begin, end) with begin < end.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{expects non-empty row and column ranges}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 4, 4>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 0, array_col = 0, levels = dense<1> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: the arrays of a core exist.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{is placed on array 2 but a core has 2 arrays}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 2, array_row = 0, array_col = 0, levels = dense<1> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// Tiles: the cores of the chip exist.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  func.func @tile(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
      // expected-error @+1 {{is placed on core 2 but the chip has 2 cores}}
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 2, array = 0, array_row = 0, array_col = 0, levels = dense<1> : tensor<8x3xi8>}
    }
    return %z : tensor<1x2x3xf32>
  }
}

// -----

// A tile cannot be checked without a target.
func.func @tile_no_arch(%v: tensor<1x2x8xf32>, %m: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x3xf32> {
  %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32> {
    // expected-error @+1 {{needs a 'cim.arch' attribute on the enclosing module}}
    cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 0, polarity = #cim<polarity offset>, dup = 0, core = 0, array = 0, array_row = 0, array_col = 0, levels = dense<1> : tensor<8x3xi8>}
  }
  return %z : tensor<1x2x3xf32>
}

// -----

// Per-layer overrides of a mode are precisions.
// expected-error @+1 {{maps layer 'conv1' to 4 : i64; expected a #cim.precision}}
cim.precision_mode @bad #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = 4}

// -----

// A mode's weight bits switch off whole cells: 5 of 8 bits would cut a 2-bit
// cell slice. The verifier rejects it, whoever wrote the mode.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  // expected-error @+1 {{cannot run layer 'fc': 5 active weight bits of 8 would cut a 2-bit cell slice}}
  cim.precision_mode @w5a8 #cim.precision<weight_bits = 5, input_bits = 8>
  func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
    %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
    return %y : tensor<1x1x3xf32>
  }
}

// -----

// Per-layer entries name crossbar layers of the module.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  // expected-error @+1 {{names layer 'conv9', which is not a crossbar layer of the module}}
  cim.precision_mode @m #cim.precision<weight_bits = 8, input_bits = 8> layers {conv9 = #cim.precision<weight_bits = 4, input_bits = 8>}
  func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
    %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
    return %y : tensor<1x1x3xf32>
  }
}

// -----

// Digital bit planes need a target with digital CIM.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  // expected-error @+1 {{cannot run layer 'fc': digital planes need a target with digital CIM (arch 'digital_cim')}}
  cim.precision_mode @hybrid #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 2>
  func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
    %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
    return %y : tensor<1x1x3xf32>
  }
}

// -----

// A layer cannot compute more channels than it has.
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  // expected-error @+1 {{cannot run layer 'fc': 4 active channels of 3}}
  cim.precision_mode @wide #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, channels = 4>}
  func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
    %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
    return %y : tensor<1x1x3xf32>
  }
}

// -----

// Input channels and their period go together.
// expected-error @+1 {{input_channels (2) and input_period (0) go together, with input_channels <= input_period}}
cim.precision_mode @m #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 2>

// -----

// A tile's ADC table holds #cim.adc settings.
// expected-error @+1 {{tile_adc holds 3 : i64; expected one #cim.adc per tile}}
cim.precision_mode @m #cim.precision<weight_bits = 8, input_bits = 8, tile_adc = [3]>

// -----

// A fine interval is narrower than the conversion.
// expected-error @+2 {{fine_bits (4) must be below bits (4)}}
// expected-error @+1 {{failed to parse CIM_PrecisionAttr parameter 'tile_adc'}}
cim.precision_mode @m #cim.precision<weight_bits = 8, input_bits = 8, tile_adc = [#cim.adc<bits = 4, range = 60, fine_bits = 4>]>
