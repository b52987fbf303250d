//===- Passes.td - cim conversion passes -------------------*- tablegen -*-===//

#ifndef CIM_CONVERSION_PASSES_TD
#define CIM_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTosaToCIM : Pass<"convert-tosa-to-cim", "::mlir::func::FuncOp"> {
  let summary = "Bind constant-weight TOSA convolutions and products to crossbars";
  let description = [{
    `tosa.conv2d` with a constant weight and bias, and `tosa.matmul` whose
    right operand is a constant of batch 1, become `cim.conv2d` /
    `cim.matmul`. A following `tosa.add` of a constant that broadcasts over
    the output channels is fused as the bias, and a following
    `tosa.clamp` to [0, +max] as `relu`. Everything else stays TOSA and runs
    on the digital unit. The layer takes the ONNX node name from the
    location.
  }];
  let dependentDialects = ["::cim::CIMDialect"];
}

def ConvertCIMToISA : Pass<"convert-cim-to-isa", "::mlir::ModuleOp"> {
  let summary = "Schedule the mapped network into cimisa instruction streams";
  let description = [{
    Lowers a mapped module (`cim` layers with tiles, remaining TOSA ops,
    `cim.precision_mode` ops) to the `cimisa` instruction set: tensor
    descriptors with buffer offsets (liveness-based reuse), layers with their
    epilogue constants, the weight image of every used array, the mode table
    and one instruction stream per core (ADC setup, quantize, one MVM per row
    block, epilogue, vector ops, send/receive between cores).

    A layer's instructions run on the core that holds its first tile, and a
    digital op on the core that produced its first operand; a tensor needed
    on another core is sent there. A layer whose tiles spill into the next
    cores' arrays still issues all its MVMs from its first core.
  }];
  let dependentDialects = ["::cim::cimisa::CIMISADialect"];
}

#endif // CIM_CONVERSION_PASSES_TD
