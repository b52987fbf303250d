//===- NewerOpsets.cpp - Opsets 18 to 21 in terms ONNX 1.12 knows ---------===//
//
// The ONNX library the importer checks and shape-infers with (1.12) knows the
// default domain up to opset 17 and IR version 8. Exporters of today write
// opsets 18 to 21 and IR versions 9 and 10. Most operators did not change
// after opset 17 (the library then picks the newest schema it has, which
// is the right one), and the new IR versions only add data types. What did
// change is rewritten here, node by node, into the opset-17 form with the
// same meaning, before the checker sees the model:
//
//   opset 18  Reduce* (but ReduceSum) take `axes` as an input -> attribute
//             (no axes with noop_with_empty_axes -> the elementwise part);
//             Split's `num_outputs` -> equal split by output count;
//             Resize's `antialias` = 0 and `keep_aspect_ratio_policy` =
//             stretch dropped; Mish (new) -> x * tanh(ln(1 + e^x)).
//   opset 19  AveragePool's `dilations` of 1 dropped; Cast's, QuantizeLinear's
//             and DequantizeLinear's `saturate` (float8 only) dropped.
//   opset 20  Gelu (new) -> x * (1 + erf(x / sqrt 2)) / 2, or its tanh form.
//   opset 21  data types only; QuantizeLinear's and DequantizeLinear's
//             `block_size` and `output_dtype` of 0 dropped (others: errors).
//
// A newer form without an opset-17 equivalent (antialiased Resize, dilated
// AveragePool, an `axes` input that is not a constant, Pad's `axes`, ...) is
// an error that names the node. Operators new in these opsets and not rewritten here are
// left alone: the importer's unsupported-operator report names them.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "ONNXModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <string>
#include <vector>

using namespace cim::onnx_import;

namespace {

/// What ONNX 1.12 checks and infers.
constexpr int64_t kLibraryOpset = 17;
constexpr int64_t kLibraryIRVersion = 8;
/// What this file brings down to those.
constexpr int64_t kNewestOpset = 21;
constexpr int64_t kNewestIRVersion = 10;

bool isDefaultDomain(const std::string &domain) {
  return domainName(domain) == "ai.onnx";
}

void removeAttribute(onnx::NodeProto &node, llvm::StringRef name) {
  auto *attrs = node.mutable_attribute();
  for (int i = attrs->size() - 1; i >= 0; --i)
    if (attrs->Get(i).name() == name)
      attrs->DeleteSubrange(i, 1);
}

/// Rewrites one graph. Errors name the node as the importer does: its name,
/// or `OpType_index` when it has none.
class OpsetRewriter {
public:
  OpsetRewriter(onnx::GraphProto &graph, int64_t opset, std::string &error)
      : graph(graph), opset(opset), error(error) {}

  bool run();

private:
  bool fail(const onnx::NodeProto &node, const std::string &what) {
    error = node.op_type() + " node '" + node.name() + "': " + what;
    return false;
  }

  /// Int64 values of an initializer or a Constant node's output.
  bool constantInts(const std::string &name, std::vector<int64_t> &values);

  /// A new scalar float initializer, named after `node`.
  std::string scalar(const onnx::NodeProto &node, llvm::StringRef what,
                     float value);
  /// Appends a default-domain node `op(inputs) -> output` named after `node`.
  std::string emit(std::vector<onnx::NodeProto> &out,
                   const onnx::NodeProto &node, llvm::StringRef op,
                   std::vector<std::string> inputs, llvm::StringRef what,
                   const std::string &output = "");

  bool rewriteReduce(onnx::NodeProto &node);
  bool rewriteSplit(onnx::NodeProto &node);
  bool rewriteResize(onnx::NodeProto &node);
  bool rewriteAveragePool(onnx::NodeProto &node);
  bool rewriteQuantizeLinear(onnx::NodeProto &node);
  bool expandMish(const onnx::NodeProto &node, std::vector<onnx::NodeProto> &out);
  bool expandGelu(const onnx::NodeProto &node, std::vector<onnx::NodeProto> &out);

  onnx::GraphProto &graph;
  int64_t opset;
  std::string &error;
  llvm::StringSet<> usedNames;
};

bool OpsetRewriter::constantInts(const std::string &name,
                                 std::vector<int64_t> &values) {
  auto read = [&](const onnx::TensorProto &t) {
    if (t.data_type() != onnx::TensorProto::INT64)
      return false;
    values.clear();
    if (t.has_raw_data()) {
      const std::string &raw = t.raw_data();
      if (raw.size() % 8)
        return false;
      for (size_t i = 0; i < raw.size(); i += 8)
        values.push_back(static_cast<int64_t>(
            llvm::support::endian::read64le(raw.data() + i)));
    } else {
      values.assign(t.int64_data().begin(), t.int64_data().end());
    }
    return true;
  };
  for (const onnx::TensorProto &init : graph.initializer())
    if (init.name() == name)
      return read(init);
  for (const onnx::NodeProto &node : graph.node()) {
    if (node.op_type() != "Constant" || node.output_size() != 1 ||
        node.output(0) != name)
      continue;
    const onnx::AttributeProto *value = findAttr(node, "value");
    if (value && value->has_t())
      return read(value->t());
    const onnx::AttributeProto *ints = findAttr(node, "value_ints");
    if (ints) {
      values.assign(ints->ints().begin(), ints->ints().end());
      return true;
    }
    return false;
  }
  return false;
}

std::string OpsetRewriter::scalar(const onnx::NodeProto &node,
                                  llvm::StringRef what, float value) {
  std::string name = node.name() + "/" + what.str();
  while (!usedNames.insert(name).second)
    name += "_";
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_float_data(value);
  return name;
}

std::string OpsetRewriter::emit(std::vector<onnx::NodeProto> &out,
                                const onnx::NodeProto &node, llvm::StringRef op,
                                std::vector<std::string> inputs,
                                llvm::StringRef what,
                                const std::string &output) {
  onnx::NodeProto &n = out.emplace_back();
  n.set_op_type(op.str());
  std::string name = node.name() + "/" + what.str();
  while (!usedNames.insert(name).second)
    name += "_";
  n.set_name(name);
  for (std::string &input : inputs)
    n.add_input(std::move(input));
  n.add_output(output.empty() ? name : output);
  return n.output(0);
}

/// Reduce ops other than ReduceSum moved `axes` from an attribute to an
/// optional input in opset 18, with `noop_with_empty_axes` as in ReduceSum.
bool OpsetRewriter::rewriteReduce(onnx::NodeProto &node) {
  bool noopWithoutAxes = intAttr(node, "noop_with_empty_axes", 0) != 0;
  removeAttribute(node, "noop_with_empty_axes");
  std::vector<int64_t> axes;
  bool hasAxes = node.input_size() >= 2 && !node.input(1).empty();
  if (hasAxes && !constantInts(node.input(1), axes))
    return fail(node, "input 'axes' must be a constant int64 tensor "
                      "(initializer or Constant)");
  if (node.input_size() > 1)
    node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
  if (axes.empty()) {
    if (noopWithoutAxes) {
      // No axes and noop_with_empty_axes: nothing is reduced, but what the
      // op does to each element still happens (as ONNX Runtime does it):
      // |x| for L1 and L2, x^2 for SumSquare, ln x for LogSum.
      std::string op = node.op_type();
      node.clear_attribute();
      if (op == "ReduceL1" || op == "ReduceL2") {
        node.set_op_type("Abs");
      } else if (op == "ReduceSumSquare") {
        node.set_op_type("Mul");
        node.add_input(node.input(0));
      } else if (op == "ReduceLogSum") {
        node.set_op_type("Log");
      } else {
        node.set_op_type("Identity");
      }
    }
    return true;
  }
  onnx::AttributeProto *attr = node.add_attribute();
  attr->set_name("axes");
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t axis : axes)
    attr->add_ints(axis);
  return true;
}

/// Opset 18 names the number of equal parts in `num_outputs`; before, the
/// number of outputs said it. An uneven split (last part smaller), which
/// opset 18 allows, is reported by shape inference.
bool OpsetRewriter::rewriteSplit(onnx::NodeProto &node) {
  const onnx::AttributeProto *parts = findAttr(node, "num_outputs");
  if (!parts)
    return true;
  if (node.input_size() >= 2 && !node.input(1).empty())
    return fail(node, "both the 'split' input and num_outputs are given");
  if (parts->i() != node.output_size())
    return fail(node, "num_outputs is " + std::to_string(parts->i()) +
                          " but the node has " +
                          std::to_string(node.output_size()) + " outputs");
  removeAttribute(node, "num_outputs");
  return true;
}

bool OpsetRewriter::rewriteResize(onnx::NodeProto &node) {
  if (intAttr(node, "antialias", 0) != 0)
    return fail(node, "antialias=1 is not supported");
  removeAttribute(node, "antialias");
  if (const onnx::AttributeProto *policy =
          findAttr(node, "keep_aspect_ratio_policy")) {
    if (policy->s() != "stretch")
      return fail(node, "keep_aspect_ratio_policy '" + policy->s() +
                            "' is not supported (stretch)");
    removeAttribute(node, "keep_aspect_ratio_policy");
  }
  if (findAttr(node, "axes"))
    return fail(node, "the axes attribute is not supported; give scales or "
                      "sizes for every axis");
  return true;
}

bool OpsetRewriter::rewriteAveragePool(onnx::NodeProto &node) {
  const onnx::AttributeProto *dilations = findAttr(node, "dilations");
  if (!dilations)
    return true;
  if (llvm::any_of(dilations->ints(), [](int64_t d) { return d != 1; }))
    return fail(node, "dilated pooling is not supported");
  removeAttribute(node, "dilations");
  return true;
}

/// Mish(x) = x tanh(softplus(x)); ln(1 + e^x) overflows to +inf exactly
/// where tanh is 1 in float32 anyway.
bool OpsetRewriter::expandMish(const onnx::NodeProto &node,
                               std::vector<onnx::NodeProto> &out) {
  if (node.input_size() != 1 || node.output_size() != 1)
    return fail(node, "expected one input and one output");
  const std::string &x = node.input(0);
  std::string e = emit(out, node, "Exp", {x}, "exp");
  std::string onePlus = emit(out, node, "Add", {e, scalar(node, "one", 1.0f)},
                             "one_plus_exp");
  std::string softplus = emit(out, node, "Log", {onePlus}, "softplus");
  std::string t = emit(out, node, "Tanh", {softplus}, "tanh");
  emit(out, node, "Mul", {x, t}, "mul", node.output(0));
  return true;
}

/// Gelu(x) = x (1 + erf(x / sqrt 2)) / 2, or with approximate = "tanh",
/// x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) / 2.
bool OpsetRewriter::expandGelu(const onnx::NodeProto &node,
                               std::vector<onnx::NodeProto> &out) {
  std::string approximate = "none";
  if (const onnx::AttributeProto *attr = findAttr(node, "approximate"))
    approximate = attr->s();
  if (approximate != "none" && approximate != "tanh")
    return fail(node, "approximate '" + approximate +
                          "' is not supported (none or tanh)");
  if (node.input_size() != 1 || node.output_size() != 1)
    return fail(node, "expected one input and one output");
  const std::string &x = node.input(0);
  std::string inner;
  if (approximate == "none") {
    std::string scaled =
        emit(out, node, "Mul", {x, scalar(node, "rsqrt2", llvm::numbers::inv_sqrt2f)},
             "scale");
    inner = emit(out, node, "Erf", {scaled}, "erf");
  } else {
    std::string square = emit(out, node, "Mul", {x, x}, "square");
    std::string cube = emit(out, node, "Mul", {square, x}, "cube");
    std::string cubic = emit(
        out, node, "Mul", {cube, scalar(node, "cubic_coeff", 0.044715f)},
        "cubic_term");
    std::string sum = emit(out, node, "Add", {x, cubic}, "sum");
    std::string scaled = emit(
        out, node, "Mul",
        {sum, scalar(node, "sqrt_2_over_pi", float(std::sqrt(2.0 * llvm::numbers::inv_pi)))},
        "scale");
    inner = emit(out, node, "Tanh", {scaled}, "tanh");
  }
  std::string onePlus =
      emit(out, node, "Add", {inner, scalar(node, "one", 1.0f)}, "one_plus");
  std::string product = emit(out, node, "Mul", {x, onePlus}, "mul");
  emit(out, node, "Mul", {product, scalar(node, "half", 0.5f)}, "half",
       node.output(0));
  return true;
}

/// QuantizeLinear / DequantizeLinear of opsets 19 and 21: `saturate`
/// concerns float8 only; `block_size` 0 and `output_dtype` 0 are the
/// opset-13 behaviour.
bool OpsetRewriter::rewriteQuantizeLinear(onnx::NodeProto &node) {
  removeAttribute(node, "saturate");
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (attr.name() == "block_size" && attr.i() != 0)
      return fail(node, "blocked quantization (block_size " +
                            std::to_string(attr.i()) + ") is not supported");
    if (attr.name() == "output_dtype" && attr.i() != 0)
      return fail(node, "output_dtype is not supported; give a zero point of "
                        "the quantized type instead");
  }
  removeAttribute(node, "block_size");
  removeAttribute(node, "output_dtype");
  return true;
}

bool OpsetRewriter::run() {
  // Expansions add nodes; unnamed nodes get the name the importer would give
  // them from their original position, so diagnostics still point there.
  for (auto [index, node] : llvm::enumerate(*graph.mutable_node()))
    if (node.name().empty())
      node.set_name(node.op_type() + "_" + std::to_string(index));
  for (const onnx::NodeProto &node : graph.node()) {
    usedNames.insert(node.name());
    for (const std::string &output : node.output())
      usedNames.insert(output);
  }
  for (const onnx::TensorProto &init : graph.initializer())
    usedNames.insert(init.name());
  for (const onnx::ValueInfoProto &input : graph.input())
    usedNames.insert(input.name());

  static const llvm::StringSet<> reduceWithAxesInput = {
      "ReduceL1",  "ReduceL2",  "ReduceLogSum",   "ReduceLogSumExp",
      "ReduceMax", "ReduceMean", "ReduceMin",     "ReduceProd",
      "ReduceSumSquare"};

  // Rewrites in place first (they read constants from other nodes), then
  // the expansions into several nodes.
  bool expands = false;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    if (!isDefaultDomain(node.domain()))
      continue;
    const std::string &op = node.op_type();
    bool ok = true;
    if (opset >= 18 && reduceWithAxesInput.contains(op))
      ok = rewriteReduce(node);
    else if (opset >= 18 && op == "Split")
      ok = rewriteSplit(node);
    else if (opset >= 18 && op == "Resize")
      ok = rewriteResize(node);
    else if (opset >= 18 && op == "Pad" && node.input_size() >= 4 &&
             !node.input(3).empty())
      // Spreading pads over the axes named needs the input's rank, which
      // only shape inference knows, and it runs after this.
      ok = fail(node, "the axes input is not supported; give pads for every "
                      "axis");
    else if (opset >= 19 && op == "AveragePool")
      ok = rewriteAveragePool(node);
    else if (opset >= 19 && (op == "Cast" || op == "CastLike"))
      removeAttribute(node, "saturate");
    else if (opset >= 19 &&
             (op == "QuantizeLinear" || op == "DequantizeLinear"))
      ok = rewriteQuantizeLinear(node);
    else if ((opset >= 18 && op == "Mish") || (opset >= 20 && op == "Gelu"))
      expands = true;
    if (!ok)
      return false;
  }
  if (!expands)
    return true;

  std::vector<onnx::NodeProto> nodes;
  nodes.reserve(graph.node_size());
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    bool isDefault = isDefaultDomain(node.domain());
    if (isDefault && opset >= 18 && node.op_type() == "Mish") {
      if (!expandMish(node, nodes))
        return false;
    } else if (isDefault && opset >= 20 && node.op_type() == "Gelu") {
      if (!expandGelu(node, nodes))
        return false;
    } else {
      nodes.push_back(std::move(node));
    }
  }
  graph.clear_node();
  for (onnx::NodeProto &node : nodes)
    *graph.add_node() = std::move(node);
  return true;
}

} // namespace

bool cim::onnx_import::lowerNewerOpsets(onnx::ModelProto &model,
                                        std::string &error) {
  if (model.ir_version() > kNewestIRVersion) {
    error = "the model's IR version " + std::to_string(model.ir_version()) +
            " is newer than the importer reads (up to " +
            std::to_string(kNewestIRVersion) + ")";
    return false;
  }
  // IR versions 9 and 10 add data types (float8, 4-bit integers), which the
  // importer rejects where they occur; the rest reads as version 8.
  if (model.ir_version() > kLibraryIRVersion)
    model.set_ir_version(kLibraryIRVersion);

  int64_t opset = 0;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (isDefaultDomain(id.domain()))
      opset = id.version();
  if (opset > kNewestOpset) {
    error = "the model imports opset " + std::to_string(opset) +
            " of the default domain; the importer reads opsets up to " +
            std::to_string(kNewestOpset);
    return false;
  }
  if (opset <= kLibraryOpset)
    return true;
  return OpsetRewriter(*model.mutable_graph(), opset, error).run();
}
