//===- OrderChannels.cpp - Order output channels by importance ------------===//
//
// Channel-width sub-networks (cim-width-modes) run a prefix [0, n) of a
// layer's output channels. This pass makes that prefix the most important
// channels: it sorts each eligible layer's output channels by the L1 norm of
// their weights and permutes the input channels of the layers that read them
// to match, so the function computes the same values as before.
//
// getChannelGroup is the eligibility rule both passes share.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <numeric>

namespace cim {
#define GEN_PASS_DEF_CIMORDERCHANNELS
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

//===----------------------------------------------------------------------===//
// Eligibility
//===----------------------------------------------------------------------===//

/// Output channels of a crossbar layer: O of an OHWI conv weight, M of a
/// [K, M] matmul weight.
static int64_t outChannelsOf(Operation *layer) {
  auto type = cast<ShapedType>(layer->getOperand(1).getType());
  return isa<Conv2DOp>(layer) ? type.getDimSize(0) : type.getDimSize(1);
}

/// Input channels (the extent of the input's last axis the weight expects):
/// I of an OHWI conv weight, K of a [K, M] matmul weight.
static int64_t inChannelsOf(Operation *layer) {
  auto type = cast<ShapedType>(layer->getOperand(1).getType());
  return isa<Conv2DOp>(layer) ? type.getDimSize(3) : type.getDimSize(0);
}

/// Whether `value` is an f32 constant whose elements can be read.
static bool hasF32Constant(Value value) {
  ElementsAttr attr = getConstantAttr(value);
  if (!attr || !attr.getElementType().isF32())
    return false;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    return resource.getRawHandle().getBlob() != nullptr;
  return isa<DenseElementsAttr>(attr);
}

/// The extent of the last axis of a statically shaped tensor, or 0.
static int64_t lastExtent(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape() || ranked.getRank() == 0)
    return 0;
  return ranked.getShape().back();
}

FailureOr<ChannelGroup> cim::getChannelGroup(Operation *layer,
                                             std::string *whyNot) {
  auto fail = [&](const Twine &why) -> FailureOr<ChannelGroup> {
    if (whyNot)
      *whyNot = why.str();
    return failure();
  };
  if (!isa<Conv2DOp, MatMulOp>(layer))
    return fail("is not a crossbar layer");
  if (!hasF32Constant(layer->getOperand(1)) ||
      !hasF32Constant(layer->getOperand(2)))
    return fail("its weight or bias is not an f32 constant");

  ChannelGroup group;
  group.producer = layer;
  group.channels = outChannelsOf(layer);
  // Every value on the way keeps this invariant: along its last axis, which
  // is a multiple of `channels` long, index i holds channel i mod channels.
  // Element-wise ops, pools over H and W and row-major reshapes that keep
  // the last axis a multiple of `channels` preserve it.
  SmallVector<Value> worklist{layer->getResult(0)};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<Conv2DOp, MatMulOp>(user) && use.getOperandNumber() == 0) {
        if (!hasF32Constant(user->getOperand(1)))
          return fail(Twine("it feeds layer '") +
                      user->getAttrOfType<StringAttr>("layer").getValue() +
                      "', whose weight is not an f32 constant");
        if (inChannelsOf(user) != lastExtent(value.getType()))
          return fail(Twine("it feeds layer '") +
                      user->getAttrOfType<StringAttr>("layer").getValue() +
                      "' through a value whose last axis is not the "
                      "weight's input axis");
        if (!llvm::is_contained(group.consumers, user))
          group.consumers.push_back(user);
        continue;
      }
      if (use.getOperandNumber() == 0 &&
          isa<tosa::ClampOp, tosa::MaxPool2dOp, tosa::AvgPool2dOp>(user)) {
        worklist.push_back(user->getResult(0));
        continue;
      }
      if (auto reshape = dyn_cast<tosa::ReshapeOp>(user);
          reshape && use.getOperandNumber() == 0) {
        int64_t last = lastExtent(reshape.getType());
        if (last == 0 || last % group.channels != 0)
          return fail(
              Twine("its output reaches a tosa.reshape whose last axis (") +
              Twine(last) + ") is not a multiple of its " +
              Twine(group.channels) + " channels");
        worklist.push_back(reshape.getResult());
        continue;
      }
      return fail(Twine("its output reaches '") +
                  user->getName().getStringRef() +
                  "', which is neither a crossbar layer's input nor a "
                  "channel-wise op");
    }
  }
  if (group.consumers.empty())
    return fail("it feeds no other crossbar layer");
  return group;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

/// A constant like `old` (same type; a resource blob if `old` is one)
/// holding `values`.
ElementsAttr makeConstantLike(ElementsAttr old, ArrayRef<float> values) {
  auto type = cast<ShapedType>(old.getType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(old)) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float)),
        alignof(float));
    // The blob manager makes the key unique if it is taken.
    StringRef base = resource.getRawHandle().getKey();
    base.consume_back(".ordered");
    std::string key = (base + ".ordered").str();
    return DenseResourceElementsAttr::get(type, key, std::move(blob));
  }
  return DenseElementsAttr::get(type, values);
}

/// Replaces operand `index` of `op` (a constant) by a new `tosa.const`
/// holding `values`; the old constant goes when nothing else uses it.
void replaceConstantOperand(Operation *op, unsigned index,
                            ArrayRef<float> values) {
  Value old = op->getOperand(index);
  ElementsAttr attr = makeConstantLike(getConstantAttr(old), values);
  OpBuilder builder(op);
  Operation *oldDef = old.getDefiningOp();
  auto constant =
      tosa::ConstOp::create(builder, oldDef->getLoc(), old.getType(), attr);
  op->setOperand(index, constant.getOutput());
  if (oldDef->use_empty())
    oldDef->erase();
}

struct CIMOrderChannelsPass
    : public cim::impl::CIMOrderChannelsBase<CIMOrderChannelsPass> {
  using Base::Base;

  /// Output channels of `layer` by decreasing L1 norm of their float
  /// weights, ties by index: order[n] is the old index of new channel n.
  static std::vector<int64_t> importanceOrder(Operation *layer,
                                              ArrayRef<float> weight) {
    int64_t channels = outChannelsOf(layer);
    int64_t rows = int64_t(weight.size()) / channels;
    bool conv = isa<Conv2DOp>(layer);
    std::vector<double> norm(channels, 0.0);
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t r = 0; r < rows; ++r)
        norm[c] += std::fabs(
            double(conv ? weight[c * rows + r] : weight[r * channels + c]));
    std::vector<int64_t> order(channels);
    std::iota(order.begin(), order.end(), 0);
    llvm::stable_sort(order,
                      [&](int64_t a, int64_t b) { return norm[a] > norm[b]; });
    return order;
  }

  /// The f32 elements of constant operand `index` of `layer`, or an error
  /// on the layer.
  static FailureOr<std::vector<float>> readConstant(Operation *layer,
                                                    unsigned index) {
    auto values = getF32Values(getConstantAttr(layer->getOperand(index)));
    if (!values)
      return layer->emitOpError() << "has a constant operand " << index
                                  << " whose f32 values cannot be read";
    return std::move(*values);
  }

  /// Rewrites `layer`'s weight (and with `outOrder` its bias and weight
  /// scales): output channel outOrder[n] moves to n, and input index
  /// b*C + inOrder[n] to b*C + n for every block b of C = inOrder.size()
  /// indices along the weight's input axis. An empty order keeps that axis.
  static LogicalResult permuteLayer(Operation *layer,
                                    ArrayRef<int64_t> outOrder,
                                    ArrayRef<int64_t> inOrder) {
    FailureOr<std::vector<float>> weight = readConstant(layer, 1);
    if (failed(weight))
      return failure();
    int64_t outputs = outChannelsOf(layer), inputs = inChannelsOf(layer);
    int64_t period = int64_t(inOrder.size());
    auto oldOut = [&](int64_t o) { return outOrder.empty() ? o : outOrder[o]; };
    auto oldIn = [&](int64_t i) {
      return inOrder.empty() ? i : i / period * period + inOrder[i % period];
    };
    std::vector<float> newWeight(weight->size());
    if (isa<Conv2DOp>(layer)) { // OHWI: O outermost, I innermost
      int64_t window = int64_t(weight->size()) / (outputs * inputs);
      for (int64_t o = 0; o < outputs; ++o)
        for (int64_t p = 0; p < window; ++p)
          for (int64_t i = 0; i < inputs; ++i)
            newWeight[(o * window + p) * inputs + i] =
                (*weight)[(oldOut(o) * window + p) * inputs + oldIn(i)];
    } else { // [K, M]
      for (int64_t k = 0; k < inputs; ++k)
        for (int64_t m = 0; m < outputs; ++m)
          newWeight[k * outputs + m] =
              (*weight)[oldIn(k) * outputs + oldOut(m)];
    }
    replaceConstantOperand(layer, 1, newWeight);
    if (outOrder.empty())
      return success();

    FailureOr<std::vector<float>> bias = readConstant(layer, 2);
    if (failed(bias))
      return failure();
    std::vector<float> newBias(bias->size());
    for (int64_t o = 0; o < outputs; ++o)
      newBias[o] = (*bias)[oldOut(o)];
    replaceConstantOperand(layer, 2, newBias);
    if (auto quant = layer->getAttrOfType<QuantAttr>("quant")) {
      ArrayRef<double> scales = quant.getWeightScales().asArrayRef();
      SmallVector<double> newScales;
      for (int64_t o : outOrder)
        newScales.push_back(scales[o]);
      MLIRContext *context = layer->getContext();
      layer->setAttr(
          "quant",
          QuantAttr::get(context, quant.getInputScale(), quant.getInputSigned(),
                         quant.getInputBits(), quant.getWeightBits(),
                         DenseF64ArrayAttr::get(context, newScales)));
    }
    return success();
  }

  void runOnOperation() override {
    SmallVector<Operation *> layers;
    getOperation().walk([&](Operation *op) {
      if (isa<Conv2DOp, MatMulOp>(op))
        layers.push_back(op);
    });
    // Every order comes from the weights as they were; a layer that both
    // produces and reads reordered channels is rewritten once, along both
    // axes.
    llvm::DenseMap<Operation *, std::vector<int64_t>> outOrders, inOrders;
    for (Operation *layer : layers) {
      std::string why;
      FailureOr<ChannelGroup> group = getChannelGroup(layer, &why);
      if (failed(group)) {
        if (explain)
          layer->emitRemark()
              << "layer '"
              << layer->getAttrOfType<StringAttr>("layer").getValue()
              << "' keeps its channel order: " << why;
        continue;
      }
      FailureOr<std::vector<float>> weight = readConstant(layer, 1);
      if (failed(weight))
        return signalPassFailure();
      std::vector<int64_t> order = importanceOrder(layer, *weight);
      bool identity = llvm::all_of(llvm::enumerate(order), [](auto entry) {
        return int64_t(entry.index()) == entry.value();
      });
      if (identity)
        continue;
      for (Operation *consumer : group->consumers)
        inOrders[consumer] = order;
      outOrders[layer] = std::move(order);
      ++numReordered;
    }
    // The tiles hold the weights as they were placed: permuting the weights
    // of a mapped layer would leave its cells out of step.
    for (Operation *layer : layers) {
      Region &tiles = layer->getRegion(0);
      bool rewritten = outOrders.count(layer) || inOrders.count(layer);
      if (rewritten && !tiles.empty() && !tiles.front().empty()) {
        layer->emitOpError()
            << "is already mapped; cim-order-channels reorders its channels "
               "and must run before cim-map-crossbars";
        return signalPassFailure();
      }
    }
    for (Operation *layer : layers) {
      ArrayRef<int64_t> out, in;
      if (auto it = outOrders.find(layer); it != outOrders.end())
        out = it->second;
      if (auto it = inOrders.find(layer); it != inOrders.end())
        in = it->second;
      if ((!out.empty() || !in.empty()) && failed(permuteLayer(layer, out, in)))
        return signalPassFailure();
    }
  }
};

} // namespace
