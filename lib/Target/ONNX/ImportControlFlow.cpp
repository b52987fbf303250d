//===- ImportControlFlow.cpp - If, Loop and the conditions they read ------===//
//
// If becomes tosa.cond_if: both subgraphs are imported as its regions, which
// read outer-scope values directly (ONNX lets a subgraph name any value of
// the graphs around it; tosa.cond_if captures them implicitly). Loop with a
// constant trip count and a condition that stays constant is unrolled at
// import: the body is lowered once per iteration with the iteration number
// and the loop-carried values bound to its inputs, so the rest of the flow
// sees straight-line code. The comparisons and bool casts that compute a
// condition (GreaterOrEqual -> Cast -> If) live here too.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

/// Largest trip count a Loop is unrolled to.
constexpr int64_t kMaxUnrolledIterations = 1024;
/// Most body nodes all unrolled loops of a model may lower together.
constexpr int64_t kMaxUnrolledNodes = int64_t(1) << 12;

/// The subgraph attributes of a node (If: then/else, Loop/Scan: body).
SmallVector<const onnx::GraphProto *, 2>
subgraphsOf(const onnx::NodeProto &node) {
  SmallVector<const onnx::GraphProto *, 2> graphs;
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (attr.has_g())
      graphs.push_back(&attr.g());
    for (const onnx::GraphProto &g : attr.graphs())
      graphs.push_back(&g);
  }
  return graphs;
}

bool isTensorType(const onnx::ValueInfoProto &info) {
  return !info.has_type() || info.type().has_tensor_type();
}

} // namespace

//===----------------------------------------------------------------------===//
// Walking nested graphs
//===----------------------------------------------------------------------===//

void Importer::nameNodes(const onnx::GraphProto &g, llvm::StringRef prefix,
                         std::vector<const onnx::NodeProto *> &all) {
  for (auto [index, node] : llvm::enumerate(g.node())) {
    std::string name = node.name();
    if (name.empty())
      name = node.op_type() + "_" + std::to_string(index);
    nodeNames[&node] = prefix.str() + name;
    all.push_back(&node);
    for (const onnx::GraphProto *sub : subgraphsOf(node))
      nameNodes(*sub, prefix.str() + name + "/" + sub->name() + "/", all);
  }
}

void Importer::countSubgraphUses(const onnx::GraphProto &g) {
  for (const onnx::NodeProto &node : g.node())
    for (const onnx::GraphProto *sub : subgraphsOf(node)) {
      for (const onnx::NodeProto &inner : sub->node())
        for (const std::string &input : inner.input())
          if (!input.empty()) {
            ++useCount[input];
            // Never decremented: an outer initializer a subgraph reads
            // keeps its bytes for the whole import.
            ++remainingUses[input];
            consumers[input].push_back(&inner);
          }
      for (const onnx::ValueInfoProto &output : sub->output())
        ++useCount[output.name()];
      countSubgraphUses(*sub);
    }
}

LogicalResult Importer::lowerSubgraphNodes(const onnx::GraphProto &g) {
  for (const onnx::TensorProto &init : g.initializer())
    constants[init.name()] = &init;
  for (const onnx::NodeProto &node : g.node()) {
    if (absorbed.count(&node))
      continue;
    Location loc = nodeLoc(node);
    bool folded = false;
    if (failed(tryFold(node, loc, folded)) ||
        (!folded && failed(lowerNode(node, loc))))
      return failure();
    for (const std::string &output : node.output()) {
      auto it = values.find(output);
      if (it != values.end() && !withinSizeLimit(it->second.shape))
        return nodeError(loc, node)
               << "result '" << output << "' has shape "
               << shapeStr(it->second.shape) << ", more than the "
               << kMaxElements << " elements a tensor may have";
    }
  }
  return success();
}

/// Erases the ops of `block` (before its terminator) whose results nothing
/// reads: layout conversions the importer made and then did not need.
static void eraseDeadOps(Block &block) {
  for (Operation *op = block.getTerminator()->getPrevNode(); op;) {
    Operation *prev = op->getPrevNode();
    if (isOpTriviallyDead(op))
      op->erase();
    op = prev;
  }
}

//===----------------------------------------------------------------------===//
// Conditions
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerCompare(const onnx::NodeProto &node,
                                     Location loc) {
  StringRef op = node.op_type();
  // Less(a, b) is Greater(b, a); TOSA has greater, greater_equal and equal.
  bool swap = op == "Less" || op == "LessOrEqual";
  std::string a = node.input(swap ? 1 : 0), b = node.input(swap ? 0 : 1);
  FailureOr<Operands> ops = elementwiseOperands(node, loc, {a, b});
  if (failed(ops))
    return failure();
  for (Value v : ops->values)
    if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
      return nodeError(loc, node) << "compares float32 values only";
  auto type = RankedTensorType::get(physicalShape(ops->shape, ops->layout),
                                    builder.getI1Type());
  Value result;
  if (op == "Equal")
    result = tosa::EqualOp::create(builder, loc, type, ops->values[0],
                                   ops->values[1]);
  else if (op == "Greater" || op == "Less")
    result = tosa::GreaterOp::create(builder, loc, type, ops->values[0],
                                     ops->values[1]);
  else
    result = tosa::GreaterEqualOp::create(builder, loc, type, ops->values[0],
                                          ops->values[1]);
  defineElementwise(node, *ops, result);
  return success();
}

LogicalResult Importer::lowerLogical(const onnx::NodeProto &node,
                                     Location loc) {
  for (int i = 0; i < 2; ++i)
    if (!values.count(node.input(i)))
      return nodeError(loc, node)
             << "input '" << node.input(i)
             << "' must be a computed bool tensor (bool constants are not "
                "imported as data)";
  FailureOr<Operands> ops =
      elementwiseOperands(node, loc, {node.input(0), node.input(1)});
  if (failed(ops))
    return failure();
  for (Value v : ops->values)
    if (!cast<RankedTensorType>(v.getType()).getElementType().isInteger(1))
      return nodeError(loc, node) << "expects bool inputs";
  auto type = RankedTensorType::get(physicalShape(ops->shape, ops->layout),
                                    builder.getI1Type());
  StringRef op = node.op_type();
  Value a = ops->values[0], b = ops->values[1], result;
  if (op == "And")
    result = tosa::LogicalAndOp::create(builder, loc, type, a, b);
  else if (op == "Or")
    result = tosa::LogicalOrOp::create(builder, loc, type, a, b);
  else
    result = tosa::LogicalXorOp::create(builder, loc, type, a, b);
  defineElementwise(node, *ops, result);
  return success();
}

LogicalResult Importer::lowerNot(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>((*x)->value.getType());
  if (!type.getElementType().isInteger(1))
    return nodeError(loc, node) << "input '" << node.input(0)
                                << "' must be a bool tensor";
  Tensor out = **x;
  out.converted.clear();
  out.value = tosa::LogicalNotOp::create(builder, loc, type, (*x)->value);
  define(node, 0, std::move(out));
  return success();
}

FailureOr<bool> Importer::lowerBoolCast(const onnx::NodeProto &node,
                                        Location loc) {
  int64_t to = intAttr(node, "to", 0);
  auto it = values.find(node.input(0));
  bool fromBool = it != values.end() && cast<RankedTensorType>(
                                            it->second.value.getType())
                                            .getElementType()
                                            .isInteger(1);
  if (!fromBool && to != onnx::TensorProto::BOOL)
    return false;
  if (fromBool && to != onnx::TensorProto::BOOL &&
      to != onnx::TensorProto::FLOAT)
    return nodeError(loc, node)
           << "cast of a bool value to ONNX data type " << to
           << " is not supported (bool or float32 only)";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor out = **x;
  out.converted.clear();
  auto type = cast<RankedTensorType>(out.value.getType());
  Type element = to == onnx::TensorProto::BOOL ? Type(builder.getI1Type())
                                                : Type(builder.getF32Type());
  if (type.getElementType() != element)
    out.value = tosa::CastOp::create(builder, loc, type.clone(element),
                                     out.value);
  define(node, 0, std::move(out));
  return true;
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerIf(const onnx::NodeProto &node, Location loc) {
  const onnx::AttributeProto *thenAttr = findAttr(node, "then_branch");
  const onnx::AttributeProto *elseAttr = findAttr(node, "else_branch");
  if (!thenAttr || !elseAttr || !thenAttr->has_g() || !elseAttr->has_g())
    return nodeError(loc, node)
           << "expects graph attributes then_branch and else_branch";
  const onnx::GraphProto &thenGraph = thenAttr->g(),
                         &elseGraph = elseAttr->g();
  if (thenGraph.output_size() != node.output_size() ||
      elseGraph.output_size() != node.output_size())
    return nodeError(loc, node)
           << "then_branch has " << thenGraph.output_size()
           << " outputs and else_branch " << elseGraph.output_size()
           << "; the node has " << node.output_size();

  // The condition: one bool (a computed i1 value or a constant).
  Value cond;
  if (values.count(node.input(0))) {
    Tensor &t = values.find(node.input(0))->second;
    auto type = cast<RankedTensorType>(t.value.getType());
    if (!type.getElementType().isInteger(1) || numElements(t.shape) != 1)
      return nodeError(loc, node)
             << "condition '" << node.input(0)
             << "' must be a bool tensor of one element, is "
             << shapeStr(t.shape) << " of " << type.getElementType();
    cond = t.value;
  } else {
    FailureOr<HostTensor> h = readHost(node.input(0), loc, node);
    if (failed(h))
      return failure();
    if (h->isFloat() || h->size() != 1)
      return nodeError(loc, node) << "condition '" << node.input(0)
                                  << "' must be a bool tensor of one element";
    auto type = RankedTensorType::get({1}, builder.getI1Type());
    cond = tosa::ConstOp::create(
        builder, loc, type,
        DenseElementsAttr::get(type, llvm::ArrayRef<bool>{h->ints[0] != 0}));
  }

  // Each branch is lowered into its own block; the op is made once both
  // result types are known.
  auto lowerBranch = [&](const onnx::GraphProto &g, StringRef which,
                         Block *block, SmallVector<Shape> &shapes,
                         SmallVector<Type> &types) -> LogicalResult {
    for (const onnx::ValueInfoProto &output : g.output())
      if (!isTensorType(output))
        return nodeError(loc, node)
               << which << " output '" << output.name()
               << "' is not a tensor; only tensor outputs are supported "
                  "(no sequence or optional types)";
    if (g.input_size() != 0)
      return nodeError(loc, node) << which << " must have no inputs";
    llvm::StringMap<Tensor> outer = values;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(block);
    LogicalResult result = lowerSubgraphNodes(g);
    SmallVector<Value> yields;
    for (int i = 0; succeeded(result) && i < g.output_size(); ++i) {
      FailureOr<Tensor *> t = getTensor(g.output(i).name(), loc, node);
      if (failed(t)) {
        result = failure();
        break;
      }
      Value v = inLayout(**t, Layout::ONNX, loc);
      yields.push_back(v);
      shapes.push_back((*t)->shape);
      types.push_back(v.getType());
    }
    if (succeeded(result)) {
      tosa::YieldOp::create(builder, loc, yields);
      eraseDeadOps(*block);
    }
    // Values defined in the branch (and layout conversions of outer values
    // made inside it) are not visible after it.
    values = std::move(outer);
    return result;
  };

  auto thenBlock = std::make_unique<Block>();
  auto elseBlock = std::make_unique<Block>();
  SmallVector<Shape> thenShapes, elseShapes;
  SmallVector<Type> thenTypes, elseTypes;
  if (failed(lowerBranch(thenGraph, "then_branch", thenBlock.get(), thenShapes,
                         thenTypes)) ||
      failed(lowerBranch(elseGraph, "else_branch", elseBlock.get(), elseShapes,
                         elseTypes)))
    return failure();
  for (int i = 0; i < node.output_size(); ++i)
    if (thenTypes[i] != elseTypes[i])
      return nodeError(loc, node)
             << "output " << i << " is " << thenTypes[i]
             << " in then_branch and " << elseTypes[i]
             << " in else_branch; both branches must produce the same shape "
                "and type";

  auto ifOp = tosa::IfOp::create(builder, loc, thenTypes, cond, ValueRange{});
  ifOp.getThenGraph().push_back(thenBlock.release());
  ifOp.getElseGraph().push_back(elseBlock.release());
  for (int i = 0; i < node.output_size(); ++i) {
    Tensor t;
    t.value = ifOp.getResult(i);
    t.shape = thenShapes[i];
    define(node, i, std::move(t));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerLoop(const onnx::NodeProto &node, Location loc) {
  const onnx::AttributeProto *bodyAttr = findAttr(node, "body");
  if (!bodyAttr || !bodyAttr->has_g())
    return nodeError(loc, node) << "expects a graph attribute body";
  const onnx::GraphProto &body = bodyAttr->g();
  int carried = node.input_size() - 2;
  if (carried < 0 || body.input_size() != carried + 2 ||
      body.output_size() < carried + 1 ||
      node.output_size() != body.output_size() - 1)
    return nodeError(loc, node)
           << "body has " << body.input_size() << " inputs and "
           << body.output_size() << " outputs for " << node.input_size()
           << " node inputs and " << node.output_size() << " node outputs";
  int scans = body.output_size() - 1 - carried;

  // Only a static trip count can be unrolled.
  if (!hasInput(node, 0))
    return nodeError(loc, node)
           << "has no trip count; only loops with a constant trip count "
              "(input M) are supported";
  if (!isConstant(node.input(0)))
    return nodeError(loc, node)
           << "trip count '" << node.input(0)
           << "' is computed at run time; only loops with a constant trip "
              "count are supported (they are unrolled at import)";
  FailureOr<HostTensor> trip = readHost(node.input(0), loc, node);
  if (failed(trip))
    return failure();
  if (trip->isFloat() || trip->size() != 1)
    return nodeError(loc, node) << "trip count must be one integer";
  int64_t tripCount = trip->ints[0];
  if (tripCount < 0 || tripCount > kMaxUnrolledIterations)
    return nodeError(loc, node)
           << "trip count " << tripCount << " is outside [0, "
           << kMaxUnrolledIterations << "] (the loop is unrolled at import)";
  bool running = true;
  if (hasInput(node, 1)) {
    if (!isConstant(node.input(1)))
      return nodeError(loc, node)
             << "condition '" << node.input(1)
             << "' is computed at run time; only a constant (or absent) "
                "loop condition is supported";
    FailureOr<HostTensor> c = readHost(node.input(1), loc, node);
    if (failed(c))
      return failure();
    if (c->isFloat() || c->size() != 1)
      return nodeError(loc, node) << "condition must be one bool";
    running = c->ints[0] != 0;
  }
  for (const onnx::ValueInfoProto &v : body.output())
    if (!isTensorType(v))
      return nodeError(loc, node)
             << "body output '" << v.name()
             << "' is not a tensor; only tensor outputs are supported";

  // The loop-carried values, by position.
  SmallVector<Tensor> state;
  SmallVector<const onnx::TensorProto *> stateConst;
  for (int i = 0; i < carried; ++i) {
    StringRef name = node.input(2 + i);
    if (!values.count(name) && isConstant(name)) {
      state.emplace_back();
      stateConst.push_back(constants.lookup(name));
      continue;
    }
    FailureOr<Tensor *> t = getTensor(name, loc, node);
    if (failed(t))
      return failure();
    state.push_back(**t);
    stateConst.push_back(nullptr);
  }
  SmallVector<SmallVector<Value>> scanParts(scans);
  SmallVector<Shape> scanShapes(scans);

  // Names the body defines, forgotten after each iteration.
  SmallVector<std::string> bodyNames;
  for (const onnx::ValueInfoProto &in : body.input())
    bodyNames.push_back(in.name());
  for (const onnx::NodeProto &inner : body.node())
    for (const std::string &out : inner.output())
      bodyNames.push_back(out);
  auto forgetBody = [&]() {
    for (const std::string &name : bodyNames) {
      values.erase(name);
      constants.erase(name);
    }
  };

  for (int64_t iter = 0; running && iter < tripCount; ++iter) {
    unrolledNodes += body.node_size();
    if (unrolledNodes > kMaxUnrolledNodes)
      return nodeError(loc, node)
             << "unrolling would lower more than " << kMaxUnrolledNodes
             << " body nodes (nested or long loops)";
    forgetBody();
    HostTensor iterNum;
    iterNum.type = onnx::TensorProto::INT64;
    iterNum.ints = {iter};
    defineConstant(body.input(0).name(), iterNum);
    HostTensor condIn;
    condIn.type = onnx::TensorProto::BOOL;
    condIn.ints = {1};
    defineConstant(body.input(1).name(), condIn);
    for (int i = 0; i < carried; ++i) {
      const std::string &name = body.input(2 + i).name();
      if (stateConst[i])
        constants[name] = stateConst[i];
      else
        values[name] = state[i];
    }
    if (failed(lowerSubgraphNodes(body)))
      return failure();
    // The condition the body computes must fold to a constant.
    const std::string &condOut = body.output(0).name();
    if (!isConstant(condOut))
      return nodeError(loc, node)
             << "body condition '" << condOut
             << "' depends on run-time data; only loops whose condition "
                "folds to a constant are supported";
    FailureOr<HostTensor> c = readHost(condOut, loc, node);
    if (failed(c))
      return failure();
    if (c->isFloat() || c->size() != 1)
      return nodeError(loc, node) << "body condition must be one bool";
    running = c->ints[0] != 0;
    for (int i = 0; i < carried; ++i) {
      const std::string &name = body.output(1 + i).name();
      if (!values.count(name) && isConstant(name)) {
        stateConst[i] = constants.lookup(name);
        continue;
      }
      FailureOr<Tensor *> t = getTensor(name, loc, node);
      if (failed(t))
        return failure();
      state[i] = **t;
      stateConst[i] = nullptr;
    }
    for (int k = 0; k < scans; ++k) {
      FailureOr<Tensor *> t =
          getTensor(body.output(1 + carried + k).name(), loc, node);
      if (failed(t))
        return failure();
      auto type = cast<RankedTensorType>((*t)->value.getType());
      if (!type.getElementType().isF32())
        return nodeError(loc, node) << "scan output '"
                                    << body.output(1 + carried + k).name()
                                    << "' must be float32";
      if (!scanParts[k].empty() && scanShapes[k] != (*t)->shape)
        return nodeError(loc, node)
               << "scan output " << k << " changes shape between iterations";
      scanShapes[k] = (*t)->shape;
      Shape unsqueezed{1};
      unsqueezed.append((*t)->shape.begin(), (*t)->shape.end());
      scanParts[k].push_back(onnxData(**t, loc, unsqueezed));
    }
  }
  // The body's names stay out of the outer scope.
  SmallVector<Tensor> finalState = state;
  forgetBody();

  for (int i = 0; i < carried; ++i) {
    if (stateConst[i]) {
      constants[node.output(i)] = stateConst[i];
      continue;
    }
    define(node, i, finalState[i]);
  }
  for (int k = 0; k < scans; ++k) {
    if (scanParts[k].empty())
      return nodeError(loc, node)
             << "scan output " << k
             << " would be empty (no iteration runs); not supported";
    Shape shape{int64_t(scanParts[k].size())};
    shape.append(scanShapes[k].begin(), scanShapes[k].end());
    Value v = scanParts[k].size() == 1
                  ? scanParts[k][0]
                  : Value(tosa::ConcatOp::create(builder, loc, f32(shape),
                                                 scanParts[k], 0));
    Tensor t;
    t.value = v;
    t.shape = shape;
    define(node, carried + k, std::move(t));
  }
  return success();
}
