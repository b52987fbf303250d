//===- CIMDialect.td - The cim dialect ---------------------*- tablegen -*-===//
//
// The hardware-aware, not yet scheduled level of the flow.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_IR_CIMDIALECT_TD
#define CIM_DIALECT_CIM_IR_CIMDIALECT_TD

include "mlir/IR/OpBase.td"

def CIM_Dialect : Dialect {
  let name = "cim";
  let cppNamespace = "::cim";
  let summary = "Compute-in-memory layers, crossbar tiles and operating points";
  let description = [{
    The `cim` dialect describes a network as it will run on a
    compute-in-memory accelerator, before scheduling: crossbar-bound linear
    layers (`cim.conv2d`, `cim.matmul`) with their quantization, the
    `cim.crossbar_tile` ops that place each block of a layer's weight matrix
    on one physical array, the ADC setting of each layer (`cim.adc_config`)
    and the runtime operating points (`cim.precision_mode`). Everything the
    compiler decides is an attribute or an op here, so every decision can be
    printed, tested and changed by a pass.

    The target is attached to the module as `cim.arch = #cim.arch<...>` so that
    every test is self-contained.

    ```mlir
    module attributes {cim.arch = #cim.arch<"isaac", {array = {rows = 128 : i64, ...}}>} {
      func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32> {
        %w = "tosa.const"() {values = dense<1.0> : tensor<8x3x3x4xf32>} : () -> tensor<8x3x3x4xf32>
        %b = "tosa.const"() {values = dense<0.0> : tensor<8xf32>} : () -> tensor<8xf32>
        %y = cim.conv2d %x, %w, %b {layer = "conv1", stride = array<i64: 1, 1>,
               pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu}
             : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
        return %y : tensor<1x8x8x8xf32>
      }
    }
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 0;
}

class CIM_Op<string mnemonic, list<Trait> traits = []>
    : Op<CIM_Dialect, mnemonic, traits>;

#endif // CIM_DIALECT_CIM_IR_CIMDIALECT_TD
