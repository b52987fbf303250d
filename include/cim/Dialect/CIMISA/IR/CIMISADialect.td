//===- CIMISADialect.td - The cimisa dialect ---------------*- tablegen -*-===//
//
// The instruction-stream level: a .cimb binary as MLIR, one op per record and
// one op per instruction.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIMISA_IR_CIMISADIALECT_TD
#define CIM_DIALECT_CIMISA_IR_CIMISADIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"

def CIMISA_Dialect : Dialect {
  let name = "cimisa";
  let cppNamespace = "::cim::cimisa";
  let summary = "The instruction set of the compute-in-memory accelerator";
  let description = [{
    `cimisa` is the `.cimb` binary written as MLIR, one op per record of the
    binary, so that a compiled program can be printed, diffed, edited and
    lit-tested. It maps 1:1 to `cim::program::Program` (Program.h):

    * module attributes `cimisa.arch` (the canonical arch JSON, hashed into
      the binary header), `cimisa.model`, `cimisa.producer` and
      `cimisa.buffer_elements` (size of the activation buffer, in elements);
    * `cimisa.tensor`, `cimisa.layer`, `cimisa.tile`, `cimisa.array` and
      `cimisa.mode`: the tensor descriptors, crossbar layers, tiles, weight
      image and mode table, in the order of the binary;
    * `cimisa.core`: one instruction stream per core, ending with
      `cimisa.halt`.

    Records are symbols (`@t0`, `@l0`, `@w8a8`) and instructions refer to
    them by name; the binary refers to them by index, which is their position
    among the ops of the same kind. The location of an instruction, when it
    is a name (`loc("conv1")`), is the ONNX node the instruction comes from
    and becomes the instruction's entry in the binary's symbol table.

    ```mlir
    module attributes {cimisa.arch = "{...}", cimisa.model = "tiny",
                       cimisa.producer = "cim 0.1", cimisa.buffer_elements = 4096 : i64} {
      cimisa.tensor @t0 input [1, 4, 4, 2] offset 0 {name = "x"}
      cimisa.tensor @t1 output [1, 4, 4, 2] offset 32 {name = "y"}
      cimisa.mode @full weight_bits [] input_bits []
      cimisa.core 0 {
        cimisa.relu @t0 -> @t1 loc("relu0")
        cimisa.halt
      }
    }
    ```

    `docs/isa.md` is the manual: the semantics of every instruction, the mode
    register and the numerics shared with the simulator and the estimator.
  }];
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    static constexpr ::llvm::StringLiteral kArchAttrName = "cimisa.arch";
    static constexpr ::llvm::StringLiteral kModelAttrName = "cimisa.model";
    static constexpr ::llvm::StringLiteral kProducerAttrName = "cimisa.producer";
    static constexpr ::llvm::StringLiteral kBufferElementsAttrName =
        "cimisa.buffer_elements";
  }];
}

//===----------------------------------------------------------------------===//
// Enums (values are the ones stored in the binary)
//===----------------------------------------------------------------------===//

def CIMISA_TensorRole : I32EnumAttr<"TensorRole", "role of a tensor", [
    I32EnumAttrCase<"input", 0>,
    I32EnumAttrCase<"output", 1>,
    I32EnumAttrCase<"intermediate", 2>,
    I32EnumAttrCase<"constant", 3>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_LayerKind : I32EnumAttr<"LayerKind", "kind of a crossbar layer", [
    I32EnumAttrCase<"conv2d", 0>,
    I32EnumAttrCase<"matmul", 1>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_PolarityScheme : I32EnumAttr<"PolarityScheme",
    "how signed weights are stored in cell levels", [
    I32EnumAttrCase<"offset", 0>,
    I32EnumAttrCase<"differential", 1>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_TilePolarity : I32EnumAttr<"TilePolarity",
    "which part of a signed weight a tile holds", [
    I32EnumAttrCase<"offset", 0>,
    I32EnumAttrCase<"positive", 1>,
    I32EnumAttrCase<"negative", 2>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_UnaryFn : I32EnumAttr<"UnaryFn",
    "function of the lookup-table activation unit", [
    I32EnumAttrCase<"sigmoid", 0>,
    I32EnumAttrCase<"tanh", 1>,
    I32EnumAttrCase<"erf", 2>,
    I32EnumAttrCase<"exp", 3>,
    I32EnumAttrCase<"log", 4>,
    I32EnumAttrCase<"reciprocal", 5>,
    I32EnumAttrCase<"rsqrt", 6>,
    I32EnumAttrCase<"abs", 7>,
    I32EnumAttrCase<"negate", 8>,
    I32EnumAttrCase<"floor", 9>,
    I32EnumAttrCase<"ceil", 10>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_BinaryFn : I32EnumAttr<"BinaryFn",
    "element-wise binary function of the vector unit", [
    I32EnumAttrCase<"sub", 0>,
    I32EnumAttrCase<"maximum", 1>,
    I32EnumAttrCase<"minimum", 2>,
    I32EnumAttrCase<"pow", 3>,
    I32EnumAttrCase<"div", 4>,
    I32EnumAttrCase<"greater_equal", 5>,
    I32EnumAttrCase<"greater", 6>,
    I32EnumAttrCase<"equal", 7>]> {
  let cppNamespace = "::cim::cimisa";
}

def CIMISA_ReduceFn : I32EnumAttr<"ReduceFn", "reduction along one axis", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"max", 1>,
    I32EnumAttrCase<"min", 2>,
    I32EnumAttrCase<"product", 3>]> {
  let cppNamespace = "::cim::cimisa";
}

//===----------------------------------------------------------------------===//
// Attribute constraints
//===----------------------------------------------------------------------===//

/// An index or count stored as u32 in the binary.
def CIMISA_U32 : ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<4294967295>]>;
/// A size stored as u64 / i64 in the binary.
def CIMISA_NonNegative : ConfinedAttr<I64Attr, [IntNonNegative]>;
def CIMISA_Positive : ConfinedAttr<I64Attr, [IntPositive]>;

class CIMISA_Op<string mnemonic, list<Trait> traits = []>
    : Op<CIMISA_Dialect, mnemonic, traits>;

#endif // CIM_DIALECT_CIMISA_IR_CIMISADIALECT_TD
