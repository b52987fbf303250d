"""models.py: small deterministic ONNX models for tests, examples and benchmarks.

Every builder returns an ``onnx.ModelProto`` whose weights come from a fixed
NumPy seed, so the same builder always serializes to the same bytes. Weights are
stored as ``raw_data`` (what exporters produce) unless a builder says otherwise.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Opset 13 is what most exporters still emit and what the importer is tested at.
OPSET = 13
# IR version 8 is the newest that ONNX 1.12 (Debian's libonnx) accepts.
IR_VERSION = 8


def _rng(seed):
    return np.random.default_rng(seed)


def _weight(rng, shape, name, fan_in=None):
    """A float32 initializer scaled like He initialisation so activations stay O(1)."""
    fan_in = fan_in if fan_in is not None else int(np.prod(shape[1:])) or 1
    data = rng.standard_normal(shape).astype(np.float32) * np.float32(np.sqrt(2.0 / fan_in))
    return numpy_helper.from_array(data, name)


def _bias(rng, n, name):
    return numpy_helper.from_array((rng.standard_normal(n) * 0.1).astype(np.float32), name)


def _int64(values, name):
    return numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)


def _value(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def _model(name, nodes, inputs, outputs, initializers, extra_opsets=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    opsets = [helper.make_opsetid("", OPSET)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, producer_name="cim.models", opset_imports=opsets)
    model.ir_version = IR_VERSION
    return model


def _conv(name, x, w, b, y, **attrs):
    inputs = [x, w] + ([b] if b else [])
    return helper.make_node("Conv", inputs, [y], name=name, **attrs)


def conv_relu():
    """input 1x3x16x16 -> Conv 3->8 3x3 pad 1 -> Relu."""
    rng = _rng(1)
    inits = [_weight(rng, (8, 3, 3, 3), "conv1.weight"), _bias(rng, 8, "conv1.bias")]
    nodes = [
        _conv("conv1", "input", "conv1.weight", "conv1.bias", "c1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["output"], name="relu1"),
    ]
    return _model("conv_relu", nodes, [_value("input", [1, 3, 16, 16])], [_value("output", [1, 8, 16, 16])], inits)


def conv_variants():
    """Strides, dilations, asymmetric pads and a conv without bias, chained."""
    rng = _rng(2)
    inits = [
        _weight(rng, (4, 2, 3, 3), "w_stride"),
        _bias(rng, 4, "b_stride"),
        _weight(rng, (6, 4, 3, 3), "w_dilate"),
    ]
    nodes = [
        # 1x2x9x9, stride 2, pads (top 0, left 1, bottom 1, right 0) -> 1x4x4x4.
        _conv("conv_stride", "input", "w_stride", "b_stride", "s", kernel_shape=[3, 3], strides=[2, 2], pads=[0, 1, 1, 0]),
        _conv("conv_dilate", "s", "w_dilate", "", "output", dilations=[2, 2], pads=[2, 2, 2, 2]),
    ]
    return _model("conv_variants", nodes, [_value("input", [1, 2, 9, 9])], [_value("output", [1, 6, 4, 4])], inits)


def conv_auto_pad():
    """A conv with auto_pad=SAME_UPPER, which the importer rejects with a diagnostic."""
    rng = _rng(3)
    inits = [_weight(rng, (2, 1, 3, 3), "w")]
    nodes = [helper.make_node("Conv", ["input", "w"], ["output"], name="conv_same", auto_pad="SAME_UPPER")]
    return _model("conv_auto_pad", nodes, [_value("input", [1, 1, 5, 5])], [_value("output", [1, 2, 5, 5])], inits)


def gemm():
    """input 2x32 -> Gemm(transB=1, alpha=0.5, beta=2) with bias 10 -> 2x10."""
    rng = _rng(4)
    inits = [_weight(rng, (10, 32), "fc.weight"), _bias(rng, 10, "fc.bias")]
    nodes = [
        helper.make_node("Gemm", ["input", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1, alpha=0.5, beta=2.0)
    ]
    return _model("gemm", nodes, [_value("input", [2, 32])], [_value("output", [2, 10])], inits)


def gemm_typed():
    """Gemm whose weights are stored in typed fields (float_data) instead of raw_data."""
    rng = _rng(5)
    w = rng.standard_normal((6, 4)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    inits = [
        helper.make_tensor("fc.weight", TensorProto.FLOAT, w.shape, w.flatten().tolist()),
        helper.make_tensor("fc.bias", TensorProto.FLOAT, b.shape, b.tolist()),
    ]
    nodes = [
        helper.make_node("Gemm", ["input", "fc.weight", "fc.bias"], ["g"], name="fc"),
        helper.make_node("Relu", ["g"], ["output"], name="relu"),
    ]
    return _model("gemm_typed", nodes, [_value("input", [1, 6])], [_value("output", [1, 4])], inits)


def matmul():
    """input 2x4x16 -> MatMul with a constant 16x8 -> Add bias 8 -> 2x4x8."""
    rng = _rng(6)
    inits = [_weight(rng, (16, 8), "w", fan_in=16), _bias(rng, 8, "b")]
    nodes = [
        helper.make_node("MatMul", ["input", "w"], ["mm"], name="matmul"),
        helper.make_node("Add", ["mm", "b"], ["output"], name="bias_add"),
    ]
    return _model("matmul", nodes, [_value("input", [2, 4, 16])], [_value("output", [2, 4, 8])], inits)


def pools():
    """MaxPool, both AveragePool paddings and GlobalAveragePool in one NHWC chain."""
    nodes = [
        helper.make_node("MaxPool", ["input"], ["p1"], name="maxpool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node(
            "AveragePool", ["p1"], ["p2"], name="avgpool_excl", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=0
        ),
        helper.make_node(
            "AveragePool", ["p2"], ["p3"], name="avgpool_incl", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1
        ),
        helper.make_node("GlobalAveragePool", ["p3"], ["output"], name="gap"),
    ]
    return _model("pools", nodes, [_value("input", [1, 4, 8, 8])], [_value("output", [1, 4, 1, 1])], [])


def avgpool_ceil():
    """AveragePool with ceil_mode=1 that changes the output size: rejected."""
    nodes = [
        helper.make_node("AveragePool", ["input"], ["output"], name="avg_ceil", kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)
    ]
    return _model("avgpool_ceil", nodes, [_value("input", [1, 1, 5, 5])], [_value("output", [1, 1, 3, 3])], [])


def add_flatten_reshape():
    """Add with a per-channel constant on NHWC data, a residual Add, Flatten and two Reshapes."""
    rng = _rng(7)
    inits = [
        numpy_helper.from_array(rng.standard_normal((4, 1, 1)).astype(np.float32), "channel_bias"),
        _int64([0, 2, -1], "shape_a"),
        _int64([-1, 16], "shape_b"),
        _weight(rng, (4, 4, 1, 1), "conv.weight"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Add", ["c", "channel_bias"], ["a1"], name="add_const"),
        helper.make_node("Relu", ["a1"], ["r"], name="relu"),
        helper.make_node("Add", ["r", "c"], ["a2"], name="add_residual"),
        helper.make_node("Flatten", ["a2"], ["f"], name="flatten", axis=1),
        helper.make_node("Reshape", ["f", "shape_a"], ["r1"], name="reshape_zero"),
        helper.make_node("Reshape", ["r1", "shape_b"], ["output"], name="reshape_infer"),
    ]
    return _model(
        "add_flatten_reshape", nodes, [_value("input", [1, 4, 4, 4])], [_value("output", [4, 16])], inits
    )


def small_cnn():
    """conv-relu-maxpool-conv-relu-flatten-gemm on 1x3x16x16, 10 classes."""
    rng = _rng(8)
    inits = [
        _weight(rng, (8, 3, 3, 3), "conv1.weight"),
        _bias(rng, 8, "conv1.bias"),
        _weight(rng, (16, 8, 3, 3), "conv2.weight"),
        _bias(rng, 16, "conv2.bias"),
        _weight(rng, (10, 16 * 8 * 8), "fc.weight"),
        _bias(rng, 10, "fc.bias"),
    ]
    nodes = [
        _conv("conv1", "input", "conv1.weight", "conv1.bias", "c1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        _conv("conv2", "p1", "conv2.weight", "conv2.bias", "c2", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("Flatten", ["r2"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1),
    ]
    return _model("small_cnn", nodes, [_value("input", [1, 3, 16, 16])], [_value("output", [1, 10])], inits)


def small_cnn_residual():
    """small_cnn's relative with a residual Add, AveragePool and GlobalAveragePool."""
    rng = _rng(9)
    inits = [
        _weight(rng, (8, 3, 3, 3), "conv1.weight"),
        _bias(rng, 8, "conv1.bias"),
        _weight(rng, (8, 8, 3, 3), "conv2.weight"),
        _bias(rng, 8, "conv2.bias"),
        _weight(rng, (16, 8, 3, 3), "conv3.weight"),
        _bias(rng, 16, "conv3.bias"),
        _weight(rng, (10, 16), "fc.weight"),
        _bias(rng, 10, "fc.bias"),
    ]
    nodes = [
        _conv("conv1", "input", "conv1.weight", "conv1.bias", "c1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        _conv("conv2", "r1", "conv2.weight", "conv2.bias", "c2", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "r1"], ["s"], name="residual"),
        helper.make_node("Relu", ["s"], ["r2"], name="relu2"),
        helper.make_node("AveragePool", ["r2"], ["p"], name="avgpool", kernel_shape=[2, 2], strides=[2, 2]),
        _conv("conv3", "p", "conv3.weight", "conv3.bias", "c3", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c3"], ["r3"], name="relu3"),
        helper.make_node("GlobalAveragePool", ["r3"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1),
    ]
    return _model("small_cnn_residual", nodes, [_value("input", [1, 3, 16, 16])], [_value("output", [1, 10])], inits)


def unsupported():
    """A supported Relu between an LSTM and a custom-domain op: the importer lists both."""
    rng = _rng(10)
    hidden, feat = 4, 3
    inits = [
        numpy_helper.from_array(rng.standard_normal((1, 4 * hidden, feat)).astype(np.float32), "lstm.W"),
        numpy_helper.from_array(rng.standard_normal((1, 4 * hidden, hidden)).astype(np.float32), "lstm.R"),
    ]
    nodes = [
        helper.make_node("LSTM", ["input", "lstm.W", "lstm.R"], ["y"], name="lstm1", hidden_size=hidden),
        helper.make_node("Relu", ["y"], ["r"], name="relu"),
        helper.make_node("Foo", ["r"], ["output"], name="n3", domain="com.x"),
    ]
    return _model(
        "unsupported",
        nodes,
        [_value("input", [2, 1, feat])],
        [_value("output", [2, 1, 1, hidden])],
        inits,
        extra_opsets=[("com.x", 1)],
    )


def dynamic_batch():
    """A conv-relu whose batch dimension is the symbol N (set it with --input-shape)."""
    rng = _rng(11)
    inits = [_weight(rng, (4, 3, 3, 3), "conv.weight"), _bias(rng, 4, "conv.bias")]
    nodes = [
        _conv("conv", "input", "conv.weight", "conv.bias", "c", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["output"], name="relu"),
    ]
    return _model("dynamic_batch", nodes, [_value("input", ["N", 3, 8, 8])], [_value("output", ["N", 4, 8, 8])], inits)


def invalid_graph():
    """Fails the ONNX checker: a node reads a value nothing defines."""
    nodes = [helper.make_node("Relu", ["nowhere"], ["output"], name="relu")]
    return _model("invalid_graph", nodes, [_value("input", [1, 4])], [_value("output", [1, 4])], [])


def unnamed_nodes():
    """Nodes without names: the importer calls them <OpType>_<index>."""
    nodes = [
        helper.make_node("Relu", ["input"], ["r"]),
        helper.make_node("Flatten", ["r"], ["output"]),
    ]
    return _model("unnamed_nodes", nodes, [_value("input", [1, 2, 2, 2])], [_value("output", [1, 8])], [])


BUILDERS = {
    "add_flatten_reshape": add_flatten_reshape,
    "avgpool_ceil": avgpool_ceil,
    "conv_auto_pad": conv_auto_pad,
    "conv_relu": conv_relu,
    "conv_variants": conv_variants,
    "dynamic_batch": dynamic_batch,
    "gemm": gemm,
    "gemm_typed": gemm_typed,
    "invalid_graph": invalid_graph,
    "matmul": matmul,
    "pools": pools,
    "small_cnn": small_cnn,
    "small_cnn_residual": small_cnn_residual,
    "unnamed_nodes": unnamed_nodes,
    "unsupported": unsupported,
}


def build(name):
    """The model called `name`; raises KeyError with the known names otherwise."""
    try:
        builder = BUILDERS[name]
    except KeyError:
        raise KeyError(f"unknown model '{name}'; known: {', '.join(sorted(BUILDERS))}") from None
    model = builder()
    # Builders are meant to be valid ONNX except the one that tests the checker.
    if name != "invalid_graph":
        onnx.checker.check_model(model)
    return model
