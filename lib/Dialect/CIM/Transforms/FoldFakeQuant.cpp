//===- FoldFakeQuant.cpp - Drop fake quantization a crossbar repeats ------===//
//
// A QDQ model's QuantizeLinear -> DequantizeLinear pair arrives as the float
// chain the ONNX importer emits (lib/Target/ONNX/ImportQuantize.cpp), its last
// op tagged `cim.fake_quant`:
//
//   %g = tosa.mul %x, 1/s          %e = tosa.add %f, M     (M = 1.5 * 2^23)
//   %f = tosa.clamp %g (+-65536)   %d = tosa.sub %e, M
//   [%c = tosa.add %d, zp]         %b = tosa.clamp %c (qmin, qmax)
//   [%a = tosa.sub %b, zp]         %y = tosa.mul %a, s  {cim.fake_quant}
//
// When %y only feeds crossbar layers (through transposes and reshapes) that
// quantize their input with the same scale, bits and signedness, and zp is
// 0, the layers compute the same values from %x: %y's uses read %x instead
// and the dead chain is erased.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace cim {
#define GEN_PASS_DEF_CIMFOLDFAKEQUANT
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// Bits of an integer range [qmin, qmax] (8 for int8 and uint8).
unsigned rangeBits(int64_t qmin, int64_t qmax) {
  unsigned bits = 0;
  for (uint64_t levels = uint64_t(qmax - qmin); levels; levels >>= 1)
    ++bits;
  return bits;
}

template <typename OpTy> OpTy producer(Value v) {
  return v ? v.getDefiningOp<OpTy>() : OpTy();
}

/// The input %x of the importer's fake-quantization chain ending in `last`,
/// or null if the ops are not that chain.
Value chainInput(tosa::MulOp last, bool hasZeroPoint) {
  Value v = last.getInput1();
  if (hasZeroPoint) {
    auto sub = producer<tosa::SubOp>(v);
    v = sub ? sub.getInput1() : Value();
  }
  auto clampQ = producer<tosa::ClampOp>(v);
  v = clampQ ? clampQ.getInput() : Value();
  if (hasZeroPoint) {
    auto add = producer<tosa::AddOp>(v);
    v = add ? add.getInput1() : Value();
  }
  auto down = producer<tosa::SubOp>(v);
  auto up = down ? producer<tosa::AddOp>(down.getInput1()) : tosa::AddOp();
  if (!up || up.getInput2() != down.getInput2())
    return {};
  auto clampRange = producer<tosa::ClampOp>(up.getInput1());
  auto scale = clampRange ? producer<tosa::MulOp>(clampRange.getInput())
                          : tosa::MulOp();
  return scale ? scale.getInput1() : Value();
}

/// True if every use of `v` is, through transposes and reshapes, the input
/// of a crossbar layer whose quantization repeats the fake quantization.
bool onlyMatchingLayers(Value v, double scale, unsigned bits, bool isSigned) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<tosa::TransposeOp, tosa::ReshapeOp>(user) &&
        use.getOperandNumber() == 0) {
      if (!onlyMatchingLayers(user->getResult(0), scale, bits, isSigned))
        return false;
      continue;
    }
    if (!isa<Conv2DOp, MatMulOp>(user) || use.getOperandNumber() != 0)
      return false;
    auto quant = user->getAttrOfType<QuantAttr>("quant");
    if (!quant || quant.getInputScale().getValueAsDouble() != scale ||
        quant.getInputBits() != bits || quant.getInputSigned() != isSigned)
      return false;
  }
  return !v.use_empty();
}

/// Erases `op` and then each producer left without uses.
void eraseDeadChain(Operation *op) {
  SmallVector<Operation *> work{op};
  while (!work.empty()) {
    Operation *dead = work.pop_back_val();
    if (!dead->use_empty())
      continue;
    SmallVector<Operation *> producers;
    for (Value operand : dead->getOperands())
      if (Operation *def = operand.getDefiningOp())
        producers.push_back(def);
    dead->erase();
    for (Operation *def : producers)
      if (def->use_empty())
        work.push_back(def);
  }
}

struct CIMFoldFakeQuantPass
    : public cim::impl::CIMFoldFakeQuantBase<CIMFoldFakeQuantPass> {
  void runOnOperation() override {
    SmallVector<tosa::MulOp> candidates;
    getOperation().walk([&](tosa::MulOp mul) {
      if (mul->hasAttr("cim.fake_quant"))
        candidates.push_back(mul);
    });
    for (tosa::MulOp mul : candidates) {
      auto dict = mul->getAttrOfType<DictionaryAttr>("cim.fake_quant");
      auto scale = dict.getAs<FloatAttr>("scale");
      auto zp = dict.getAs<IntegerAttr>("zero_point");
      auto qmin = dict.getAs<IntegerAttr>("qmin");
      auto qmax = dict.getAs<IntegerAttr>("qmax");
      if (!scale || !zp || !qmin || !qmax || zp.getInt() != 0 ||
          qmin.getInt() >= qmax.getInt())
        continue;
      Value input = chainInput(mul, /*hasZeroPoint=*/false);
      if (!input || input.getType() != mul.getType())
        continue;
      if (!onlyMatchingLayers(mul.getOutput(), scale.getValueAsDouble(),
                              rangeBits(qmin.getInt(), qmax.getInt()),
                              qmin.getInt() < 0))
        continue;
      mul.getOutput().replaceAllUsesWith(input);
      eraseDeadChain(mul);
      ++numFolded;
    }
  }
};

} // namespace
