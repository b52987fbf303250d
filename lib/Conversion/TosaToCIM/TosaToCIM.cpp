//===- TosaToCIM.cpp - Bind constant-weight TOSA layers to crossbars ------===//

#include "cim/Conversion/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSet.h"

#include <limits>

namespace cim {
#define GEN_PASS_DEF_CONVERTTOSATOCIM
#include "cim/Conversion/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// A zero-point operand must be a constant zero: crossbar layers here are
/// float layers that cim-quantize quantizes itself.
bool isZeroConstant(Value value) {
  auto attr = getConstantAttr(value);
  if (!attr)
    return false;
  auto values = getF32Values(attr);
  if (!values)
    return false;
  for (float v : *values)
    if (v != 0.0f)
      return false;
  return true;
}

/// The single user of `value` if it is of type OpTy.
template <typename OpTy> OpTy getSingleUser(Value value) {
  if (!value.hasOneUse())
    return {};
  return dyn_cast<OpTy>(*value.getUsers().begin());
}

/// A clamp to [0, +large] is a ReLU.
bool isRelu(tosa::ClampOp clamp) {
  auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
  auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
  return lo && hi && lo.getValueAsDouble() == 0.0 &&
         hi.getValueAsDouble() >= 3.0e38;
}

/// The model's quantization scales the ONNX importer attached to a layer of
/// a QDQ model (`cim.qdq`) go along to the crossbar layer for cim-quantize.
void copyQDQ(Operation *from, Operation *to) {
  if (Attribute qdq = from->getAttr("cim.qdq"))
    to->setAttr("cim.qdq", qdq);
}

struct ConvertTosaToCIMPass
    : public cim::impl::ConvertTosaToCIMBase<ConvertTosaToCIMPass> {
  llvm::StringSet<> usedNames;
  unsigned anonymous = 0;

  /// Layer names key modes and reports, so they must be unique.
  std::string uniqueLayerName(Location loc, StringRef fallbackPrefix) {
    std::string base = getNodeName(loc);
    if (base.empty())
      base = (fallbackPrefix + "_" + Twine(anonymous++)).str();
    std::string name = base;
    for (unsigned i = 1; usedNames.contains(name); ++i)
      name = base + "_" + std::to_string(i);
    usedNames.insert(name);
    return name;
  }

  /// Absorbs a following `tosa.clamp` ReLU; returns the value the layer
  /// replaces.
  Value absorbRelu(Value result, bool &relu) {
    relu = false;
    if (auto clamp = getSingleUser<tosa::ClampOp>(result))
      if (isRelu(clamp)) {
        relu = true;
        return clamp.getOutput();
      }
    return result;
  }

  LogicalResult convertConv(tosa::Conv2DOp conv) {
    if (!getConstantAttr(conv.getWeight()) || !getConstantAttr(conv.getBias()))
      return success(); // dynamic weights stay digital
    if (!isZeroConstant(conv.getInputZp()) ||
        !isZeroConstant(conv.getWeightZp()))
      return success();
    auto inType = dyn_cast<RankedTensorType>(conv.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(conv.getOutput().getType());
    if (!inType || !outType || !inType.getElementType().isF32() ||
        !inType.hasStaticShape() || !outType.hasStaticShape())
      return success();
    bool relu;
    Value replaced = absorbRelu(conv.getOutput(), relu);
    OpBuilder b(replaced.getDefiningOp());
    b.setInsertionPointAfter(replaced.getDefiningOp());
    std::string layer = uniqueLayerName(conv.getLoc(), "conv");
    // TOSA pads are (top, bottom, left, right), as cim.conv2d's.
    auto cimConv = Conv2DOp::create(
        b, conv.getLoc(), outType, conv.getInput(), conv.getWeight(),
        conv.getBias(), b.getStringAttr(layer), conv.getStrideAttr(),
        conv.getPadAttr(), conv.getDilationAttr(),
        relu ? b.getUnitAttr() : UnitAttr(), QuantAttr());
    copyQDQ(conv, cimConv);
    replaced.replaceAllUsesWith(cimConv.getOutput());
    if (replaced != conv.getOutput())
      replaced.getDefiningOp()->erase();
    conv.erase();
    return success();
  }

  LogicalResult convertMatMul(tosa::MatMulOp matmul) {
    auto weightAttr = getConstantAttr(matmul.getB());
    if (!weightAttr)
      return success();
    if (!isZeroConstant(matmul.getAZp()) || !isZeroConstant(matmul.getBZp()))
      return success();
    auto aType = dyn_cast<RankedTensorType>(matmul.getA().getType());
    auto bType = dyn_cast<RankedTensorType>(matmul.getB().getType());
    auto outType = dyn_cast<RankedTensorType>(matmul.getOutput().getType());
    if (!aType || !bType || !outType || !aType.hasStaticShape() ||
        !bType.hasStaticShape() || !aType.getElementType().isF32() ||
        bType.getDimSize(0) != 1)
      return success(); // one weight matrix shared by the batch, or digital
    int64_t k = bType.getDimSize(1), m = bType.getDimSize(2);
    OpBuilder b(matmul);
    auto f32 = b.getF32Type();

    // A following add of a constant that broadcasts along the channels is
    // the bias.
    Value result = matmul.getOutput();
    std::optional<std::vector<float>> bias;
    if (auto add = getSingleUser<tosa::AddOp>(result)) {
      Value other =
          add.getInput1() == result ? add.getInput2() : add.getInput1();
      auto otherType = dyn_cast<RankedTensorType>(other.getType());
      if (auto attr = getConstantAttr(other))
        if (otherType && otherType.getNumElements() == m &&
            otherType.getShape().back() == m &&
            add.getOutput().getType() == outType) {
          bias = getF32Values(attr);
          if (bias)
            result = add.getOutput();
        }
    }
    bool relu;
    Value replaced = absorbRelu(result, relu);

    b.setInsertionPointAfter(replaced.getDefiningOp());
    auto weightType = RankedTensorType::get({k, m}, f32);
    auto weight =
        tosa::ConstOp::create(b, matmul.getB().getLoc(), weightType,
                              reshapeElements(weightAttr, weightType));
    auto biasType = RankedTensorType::get({m}, f32);
    std::vector<float> biasValues = bias ? *bias : std::vector<float>(m, 0.0f);
    auto biasConst = tosa::ConstOp::create(
        b, matmul.getLoc(), biasType,
        DenseElementsAttr::get(biasType, ArrayRef<float>(biasValues)));
    std::string layer = uniqueLayerName(matmul.getLoc(), "matmul");
    auto cimMatMul = MatMulOp::create(
        b, matmul.getLoc(), outType, matmul.getA(), weight.getOutput(),
        biasConst.getOutput(), b.getStringAttr(layer),
        relu ? b.getUnitAttr() : UnitAttr(), QuantAttr());
    copyQDQ(matmul, cimMatMul);
    replaced.replaceAllUsesWith(cimMatMul.getOutput());
    // Erase the absorbed chain (clamp, add) from its end.
    if (replaced != result)
      replaced.getDefiningOp()->erase();
    if (result != matmul.getOutput())
      result.getDefiningOp()->erase();
    matmul.erase();
    return success();
  }

  void runOnOperation() override {
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::MatMulOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      LogicalResult result = isa<tosa::Conv2DOp>(op)
                                 ? convertConv(cast<tosa::Conv2DOp>(op))
                                 : convertMatMul(cast<tosa::MatMulOp>(op));
      if (failed(result))
        return signalPassFailure();
    }
    // Weight constants the TOSA ops held alone are now dead.
    getOperation().walk([](tosa::ConstOp c) {
      if (c->use_empty())
        c.erase();
    });
  }
};

} // namespace
