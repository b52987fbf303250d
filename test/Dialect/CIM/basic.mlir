// RUN: cim-opt %s | cim-opt | FileCheck %s
// RUN: cim-opt %s --mlir-print-op-generic | cim-opt | FileCheck %s

// Every op and attribute of the cim dialect survives printing and parsing.

// CHECK: module attributes {cim.arch = #cim.arch<"tiny", {array = {cell_bits = 2 : i64, cols = 8 : i64, rows = 8 : i64}, hierarchy = {arrays_per_core = 2 : i64, cores = 2 : i64}}>}
module attributes {cim.arch = #cim.arch<"tiny", {array = {rows = 8, cols = 8, cell_bits = 2}, hierarchy = {arrays_per_core = 2, cores = 2}}>} {
  // CHECK: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
  // CHECK: cim.precision_mode @mixed #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 6>}
  cim.precision_mode @mixed #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 6>}
  // CHECK: cim.precision_mode @point #cim.precision<weight_bits = 8, input_bits = 8, channels = 2, input_channels = 1, input_period = 2, skip_zero_planes = true, nonzero_planes_ppm = 500000> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 1, salient_planes = 3, saliency_threshold = 40, salient_ppm = 250000, tile_adc = [#cim.adc<bits = 4, range = 60, fine_bits = 2, fine_ppm = 700000>]>}
  cim.precision_mode @point #cim.precision<weight_bits = 8, input_bits = 8, channels = 2, input_channels = 1, input_period = 2, skip_zero_planes = true, nonzero_planes_ppm = 500000> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 1, salient_planes = 3, saliency_threshold = 40, salient_ppm = 250000, tile_adc = [#cim.adc<bits = 4, range = 60, fine_bits = 2, fine_ppm = 700000>]>}

  // CHECK-LABEL: func.func @layers
  func.func @layers(%x: tensor<1x4x4x2xf32>, %v: tensor<1x2x4xf32>) -> (tensor<1x4x4x3xf32>, tensor<1x2x3xf32>) {
    %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
    %b = "tosa.const"() <{values = dense<1.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %m = "tosa.const"() <{values = dense<0.25> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
    // CHECK: cim.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilation = array<i64: 1, 1>, layer = "conv1", pad = array<i64: 1, 1, 1, 1>, quant = #cim.quant<input_scale = 1.000000e-01 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [0.01, 0.02, 0.03]>, relu, stride = array<i64: 1, 1>}
    // CHECK-NEXT: cim.adc_config #cim.adc<bits = 8, range = 24>
    // CHECK-NEXT: cim.crossbar_tile {array = 1 : i64, array_col = 4 : i64, array_row = 0 : i64, cols = array<i64: 0, 3>, core = 1 : i64, dup = 0 : i64, levels = dense<3> : tensor<8x3xi8>, polarity = #cim<polarity offset>, row_block = 0 : i64, rows = array<i64: 0, 8>, slice = 3 : i64}
    %y = cim.conv2d %x, %w, %b {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu,
                                quant = #cim.quant<input_scale = 0.1 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [0.01, 0.02, 0.03]>}
         : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32> {
      cim.adc_config #cim.adc<bits = 8, range = 24>
      cim.crossbar_tile {row_block = 0, rows = array<i64: 0, 8>, cols = array<i64: 0, 3>, slice = 3, polarity = #cim<polarity offset>, dup = 0, core = 1, array = 1, array_row = 0, array_col = 4, levels = dense<3> : tensor<8x3xi8>}
    }
    // CHECK: cim.matmul %{{.*}}, %{{.*}}, %{{.*}} {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32>
    %z = cim.matmul %v, %m, %b {layer = "fc"} : (tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x2x3xf32>
    return %y, %z : tensor<1x4x4x3xf32>, tensor<1x2x3xf32>
  }
}
