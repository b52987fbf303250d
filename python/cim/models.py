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
    """A conv with auto_pad=SAME_UPPER (the importer computes the pads)."""
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


def colon_names():
    """Inputs named as PyTorch names them, 'onnx::Gemm_0' (1x6) and 'onnx'
    (1x4, a prefix of the other up to a ':'): Gemm of the first plus the
    second -> logits 1x4."""
    rng = _rng(12)
    inits = [_weight(rng, (6, 4), "fc.weight"), _bias(rng, 4, "fc.bias")]
    nodes = [
        helper.make_node("Gemm", ["onnx::Gemm_0", "fc.weight", "fc.bias"], ["g"], name="fc"),
        helper.make_node("Add", ["g", "onnx"], ["logits"], name="add"),
    ]
    return _model("colon_names", nodes, [_value("onnx::Gemm_0", [1, 6]), _value("onnx", [1, 4])],
                  [_value("logits", [1, 4])], inits)


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
    """AveragePool with ceil_mode=1 that changes the output size (one more window)."""
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


# ---------------------------------------------------------------------------
# Operator coverage of the importer (one builder per family; each is imported
# in test/Target/ONNX and compared with ONNX Runtime).
# ---------------------------------------------------------------------------


def cut_names():
    """Names as PyTorch exports them ('/conv1/Conv_output_0', 'onnx::Flatten_5',
    'fc.out:0') and a tail the importer cannot read (a custom-domain op after an
    Add with a second input 'aux'): import it with --outputs=... before the tail."""
    rng = _rng(40)
    inits = [
        _weight(rng, (4, 3, 3, 3), "conv1.weight"),
        _bias(rng, 4, "conv1.bias"),
        _weight(rng, (5, 4 * 8 * 8), "fc.weight"),
        _bias(rng, 5, "fc.bias"),
    ]
    nodes = [
        _conv("/conv1/Conv", "input", "conv1.weight", "conv1.bias", "/conv1/Conv_output_0",
              kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["/conv1/Conv_output_0"], ["onnx::Flatten_5"], name="/relu/Relu"),
        helper.make_node("Flatten", ["onnx::Flatten_5"], ["/Flatten_output_0"], name="/Flatten"),
        helper.make_node("Gemm", ["/Flatten_output_0", "fc.weight", "fc.bias"], ["fc.out:0"], name="/fc/Gemm",
                         transB=1),
        helper.make_node("Add", ["fc.out:0", "aux"], ["sum"], name="/Add"),
        helper.make_node("Foo", ["sum"], ["output"], name="tail", domain="com.x"),
    ]
    return _model("cut_names", nodes, [_value("input", [1, 3, 8, 8]), _value("aux", [1, 5])],
                  [_value("output", [1, 5])], inits, extra_opsets=[("com.x", 1)])


def _quantize_weight(w, axis):
    """Symmetric int8 quantization of float weights w: per tensor (axis None)
    or per element of `axis`. Returns (q int8, scale float32 scalar or 1-D)."""
    if axis is None:
        scale = np.float32(np.abs(w).max() / 127.0)
        q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        return q, np.asarray(scale, dtype=np.float32)
    moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)
    scale = (np.abs(moved).max(axis=1) / 127.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def _qdq_pair(x, y, scale, zp, name):
    """QuantizeLinear -> DequantizeLinear on activations (fake quantization)."""
    return [
        helper.make_node("QuantizeLinear", [x, scale, zp], [y + "_q"], name=name + "_q"),
        helper.make_node("DequantizeLinear", [y + "_q", scale, zp], [y], name=name + "_dq"),
    ]


def qdq_cnn():
    """small_cnn as a QDQ model (what quantization tools write): int8 weights
    with DequantizeLinear (conv1 and fc per output channel, conv2 per tensor),
    the Gemm bias as int32 with scale input*weight, and QuantizeLinear ->
    DequantizeLinear pairs on the activations: int8 (zero point 0) on the
    input, uint8 (zero point 0) after each ReLU and the pool."""
    rng = _rng(41)
    w1 = (rng.standard_normal((8, 3, 3, 3)) * np.sqrt(2.0 / 27)).astype(np.float32)
    w2 = (rng.standard_normal((16, 8, 3, 3)) * np.sqrt(2.0 / 72)).astype(np.float32)
    wf = (rng.standard_normal((10, 16 * 8 * 8)) * np.sqrt(2.0 / 1024)).astype(np.float32)
    q1, s1 = _quantize_weight(w1, 0)
    q2, s2 = _quantize_weight(w2, None)
    qf, sf = _quantize_weight(wf, 0)
    s_in, s_r1, s_p, s_r2 = 4.0 / 127, 6.0 / 255, 6.0 / 255, 8.0 / 255
    bias_fc = (rng.standard_normal(10) * 0.1).astype(np.float32)
    s_bias = (np.float32(s_r2) * sf).astype(np.float32)
    q_bias = np.rint(bias_fc / s_bias).astype(np.int32)
    inits = [
        numpy_helper.from_array(q1, "conv1.weight_quantized"),
        numpy_helper.from_array(s1, "conv1.weight_scale"),
        numpy_helper.from_array(np.zeros(8, np.int8), "conv1.weight_zero_point"),
        _bias(rng, 8, "conv1.bias"),
        numpy_helper.from_array(q2, "conv2.weight_quantized"),
        numpy_helper.from_array(s2, "conv2.weight_scale"),
        numpy_helper.from_array(np.asarray(0, np.int8), "conv2.weight_zero_point"),
        _bias(rng, 16, "conv2.bias"),
        numpy_helper.from_array(qf, "fc.weight_quantized"),
        numpy_helper.from_array(sf, "fc.weight_scale"),
        numpy_helper.from_array(np.zeros(10, np.int8), "fc.weight_zero_point"),
        numpy_helper.from_array(q_bias, "fc.bias_quantized"),
        numpy_helper.from_array(s_bias, "fc.bias_scale"),
        numpy_helper.from_array(np.zeros(10, np.int32), "fc.bias_zero_point"),
        numpy_helper.from_array(np.asarray(s_in, np.float32), "input_scale"),
        numpy_helper.from_array(np.asarray(0, np.int8), "input_zero_point"),
        numpy_helper.from_array(np.asarray(s_r1, np.float32), "r1_scale"),
        numpy_helper.from_array(np.asarray(s_p, np.float32), "p1_scale"),
        numpy_helper.from_array(np.asarray(s_r2, np.float32), "r2_scale"),
        numpy_helper.from_array(np.asarray(0, np.uint8), "u8_zero_point"),
    ]

    def dq(name, axis=None):
        attrs = {} if axis is None else {"axis": axis}
        return helper.make_node("DequantizeLinear", [name + "_quantized", name + "_scale", name + "_zero_point"],
                                [name], name=name + "_dq", **attrs)

    nodes = [dq("conv1.weight", 0), dq("conv2.weight"), dq("fc.weight", 0), dq("fc.bias", 0)]
    nodes += _qdq_pair("input", "x", "input_scale", "input_zero_point", "input_qdq")
    nodes += [
        _conv("conv1", "x", "conv1.weight", "conv1.bias", "c1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1f"], name="relu1"),
    ]
    nodes += _qdq_pair("r1f", "r1", "r1_scale", "u8_zero_point", "relu1_qdq")
    nodes += [helper.make_node("MaxPool", ["r1"], ["p1f"], name="pool1", kernel_shape=[2, 2], strides=[2, 2])]
    nodes += _qdq_pair("p1f", "p1", "p1_scale", "u8_zero_point", "pool1_qdq")
    nodes += [
        _conv("conv2", "p1", "conv2.weight", "conv2.bias", "c2", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c2"], ["r2f"], name="relu2"),
    ]
    nodes += _qdq_pair("r2f", "r2", "r2_scale", "u8_zero_point", "relu2_qdq")
    nodes += [
        helper.make_node("Flatten", ["r2"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1),
    ]
    return _model("qdq_cnn", nodes, [_value("input", [1, 3, 16, 16])], [_value("output", [1, 10])], inits)


def qdq_rounding():
    """QuantizeLinear -> DequantizeLinear on an input of ties and values
    outside the range: uint8 with zero point 10 and int8 with zero point -3,
    scale 0.5 (round half to even, then saturate)."""
    inits = [
        numpy_helper.from_array(np.asarray(0.5, np.float32), "scale"),
        numpy_helper.from_array(np.asarray(10, np.uint8), "zp_u8"),
        numpy_helper.from_array(np.asarray(-3, np.int8), "zp_i8"),
    ]
    nodes = _qdq_pair("input", "u8", "scale", "zp_u8", "u8") + _qdq_pair("input", "i8", "scale", "zp_i8", "i8")
    return _model("qdq_rounding", nodes, [_value("input", [1, 8])], [_value("u8", [1, 8]), _value("i8", [1, 8])],
                  inits)


def qdq_per_axis():
    """Per-channel (axis 1) QuantizeLinear -> DequantizeLinear on the NHWC
    result of a Conv, scales 0.1 and 0.2, uint8 zero points 0 and 5; then a
    per-tensor pair after a Flatten."""
    rng = _rng(42)
    inits = [
        _weight(rng, (2, 3, 3, 3), "conv.weight"),
        _bias(rng, 2, "conv.bias"),
        numpy_helper.from_array(np.asarray([0.1, 0.2], np.float32), "c_scale"),
        numpy_helper.from_array(np.asarray([0, 5], np.uint8), "c_zp"),
        numpy_helper.from_array(np.asarray(0.05, np.float32), "f_scale"),
        numpy_helper.from_array(np.asarray(128, np.uint8), "f_zp"),
    ]
    nodes = [_conv("conv", "input", "conv.weight", "conv.bias", "c", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("QuantizeLinear", ["c", "c_scale", "c_zp"], ["cq"], name="c_q", axis=1),
             helper.make_node("DequantizeLinear", ["cq", "c_scale", "c_zp"], ["cdq"], name="c_dq", axis=1),
             helper.make_node("Flatten", ["cdq"], ["f"], name="flatten")]
    nodes += _qdq_pair("f", "output", "f_scale", "f_zp", "f")
    return _model("qdq_per_axis", nodes, [_value("input", [1, 3, 4, 4])], [_value("output", [1, 32])], inits)


def _qdq_opset21(block_size):
    """qdq_rounding as opset 21 (IR version 10) writes it: QuantizeLinear
    with `saturate`, DequantizeLinear with `block_size`."""
    model = qdq_rounding()
    model.graph.name = "qdq_opset21"
    model.opset_import[0].version = 21
    model.ir_version = 10
    for node in model.graph.node:
        if node.op_type == "QuantizeLinear":
            node.attribute.append(helper.make_attribute("saturate", 1))
        else:
            node.attribute.append(helper.make_attribute("block_size", block_size))
    return model


def _qdq_error(kind):
    """One QuantizeLinear/DequantizeLinear the importer rejects."""
    x = _value("input", [1, 4, 2, 2])
    scale4 = numpy_helper.from_array(np.full(4, 0.1, np.float32), "scale4")
    scale3 = numpy_helper.from_array(np.full(3, 0.1, np.float32), "scale3")
    zp = numpy_helper.from_array(np.asarray(0, np.uint8), "zp")
    inputs, inits = [x], [zp]
    if kind == "scale_input":
        inputs.append(_value("scale", []))
        nodes = _qdq_pair("input", "output", "scale", "zp", "qdq")
    elif kind == "axis_mismatch":
        inits += [scale3, numpy_helper.from_array(np.zeros(3, np.uint8), "zp3")]
        nodes = _qdq_pair("input", "output", "scale3", "zp3", "qdq")
    elif kind == "zero_scale":
        inits.append(numpy_helper.from_array(np.asarray(0.0, np.float32), "scale0"))
        nodes = _qdq_pair("input", "output", "scale0", "zp", "qdq")
    elif kind == "zp_shape":
        inits.append(scale4)
        nodes = _qdq_pair("input", "output", "scale4", "zp", "qdq")
    else:
        raise ValueError(kind)
    return _model("qdq_" + kind, nodes, inputs, [_value("output", [1, 4, 2, 2])], inits)


def _model_at(opset, name, nodes, inputs, outputs, initializers):
    """Like _model, at another default-domain opset."""
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    model = helper.make_model(graph, producer_name="cim.models", opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = IR_VERSION
    return model


def _floats(rng, shape, name, scale=1.0, offset=0.0):
    data = (rng.standard_normal(shape) * scale + offset).astype(np.float32)
    return numpy_helper.from_array(data, name)


def _bn(rng, c, prefix):
    """Scale, bias, mean and (positive) variance of a BatchNormalization."""
    return [
        _floats(rng, (c,), prefix + ".scale", 0.5, 1.0),
        _floats(rng, (c,), prefix + ".bias", 0.1),
        _floats(rng, (c,), prefix + ".mean", 0.1),
        numpy_helper.from_array((rng.random(c) + 0.5).astype(np.float32), prefix + ".var"),
    ]


def conv_groups():
    """Depthwise (multiplier 2), grouped dilated and SAME-padded convs; a
    BatchNormalization folded into its conv and one that stays affine."""
    rng = _rng(20)
    inits = [
        _weight(rng, (8, 1, 3, 3), "dw.weight"),
        _bias(rng, 8, "dw.bias"),
        _weight(rng, (6, 4, 3, 3), "gc.weight"),
        _weight(rng, (4, 6, 2, 2), "sc.weight"),
        _weight(rng, (4, 4, 2, 2), "sl.weight"),
    ] + _bn(rng, 8, "bn1") + _bn(rng, 4, "bn2")
    nodes = [
        _conv("dw", "input", "dw.weight", "dw.bias", "d", group=4, kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["d", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"], ["b1"],
                         name="bn_folded", epsilon=1e-3),
        helper.make_node("Relu", ["b1"], ["r1"], name="relu1"),
        _conv("grouped", "r1", "gc.weight", "", "g", group=2, strides=[2, 2], pads=[0, 0, 1, 1], dilations=[2, 2]),
        _conv("same_upper", "g", "sc.weight", "", "s", auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["s"], ["r2"], name="relu2"),
        helper.make_node("BatchNormalization", ["r2", "bn2.scale", "bn2.bias", "bn2.mean", "bn2.var"], ["b2"],
                         name="bn_affine"),
        _conv("same_lower", "b2", "sl.weight", "", "output", auto_pad="SAME_LOWER", strides=[2, 2]),
    ]
    return _model("conv_groups", nodes, [_value("input", [1, 4, 9, 9])], [_value("output", [1, 4, 2, 2])], inits)


def conv_transpose():
    """ConvTranspose with stride 2, pads and output_padding, then one with
    pads larger than the kernel allows TOSA to crop."""
    rng = _rng(21)
    inits = [_weight(rng, (4, 3, 3, 3), "up.weight"), _bias(rng, 3, "up.bias"), _weight(rng, (3, 2, 2, 2), "up2.weight")]
    nodes = [
        helper.make_node("ConvTranspose", ["input", "up.weight", "up.bias"], ["u"], name="up", strides=[2, 2],
                         pads=[1, 1, 1, 1], output_padding=[1, 1]),
        helper.make_node("ConvTranspose", ["u", "up2.weight"], ["output"], name="up_crop", strides=[1, 1],
                         pads=[2, 0, 3, 1]),
    ]
    return _model("conv_transpose", nodes, [_value("input", [1, 4, 5, 5])], [_value("output", [1, 2, 6, 10])], inits)


def activations():
    """Every activation after an NHWC conv: the chain needs no transposes."""
    rng = _rng(22)
    inits = [
        _weight(rng, (4, 3, 3, 3), "conv.weight"),
        _floats(rng, (4, 1, 1), "slope", 0.3),
        numpy_helper.from_array(np.array(-0.5, dtype=np.float32), "lo"),
        numpy_helper.from_array(np.array(0.75, dtype=np.float32), "hi"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c", pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["c"], ["a1"], name="leaky", alpha=0.1),
        helper.make_node("LeakyRelu", ["c"], ["a2"], name="leaky_steep", alpha=1.5),
        helper.make_node("PRelu", ["c", "slope"], ["a3"], name="prelu"),
        helper.make_node("Clip", ["c", "lo", "hi"], ["a4"], name="clip"),
        helper.make_node("Clip", ["c", "", "hi"], ["a5"], name="clip_max_only"),
        helper.make_node("Sigmoid", ["a1"], ["a6"], name="sigmoid"),
        helper.make_node("HardSigmoid", ["a2"], ["a7"], name="hardsigmoid", alpha=0.25, beta=0.4),
        helper.make_node("HardSwish", ["a3"], ["a8"], name="hardswish"),
        helper.make_node("Tanh", ["a4"], ["a9"], name="tanh"),
        helper.make_node("Erf", ["a5"], ["a10"], name="erf"),
        helper.make_node("Sum", ["a6", "a7", "a8", "a9", "a10"], ["output"], name="sum"),
    ]
    return _model_at(14, "activations", nodes, [_value("input", [1, 3, 6, 6])], [_value("output", [1, 4, 6, 6])],
                     inits)


def clip_v6():
    """Clip at opset 10: min and max are attributes."""
    nodes = [helper.make_node("Clip", ["input"], ["output"], name="clip", min=-0.25, max=0.5)]
    return _model_at(10, "clip_v6", nodes, [_value("input", [2, 5])], [_value("output", [2, 5])], [])


def arithmetic():
    """Binary ops with multidirectional broadcasting (lower-rank and constant
    operands on either side) and the unary math ops."""
    rng = _rng(23)
    inits = [
        _floats(rng, (5,), "row", 0.5, 2.0),
        _floats(rng, (3, 1), "col", 0.5),
        numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two"),
        numpy_helper.from_array(np.array([1.5], dtype=np.float32), "exp"),
    ]
    nodes = [
        helper.make_node("Abs", ["a"], ["abs"], name="abs"),
        helper.make_node("Add", ["abs", "row"], ["pos"], name="add_row"),  # > 0 for Log/Sqrt/Pow
        helper.make_node("Sub", ["col", "a"], ["sub"], name="sub_col"),
        helper.make_node("Mul", ["sub", "b"], ["mul"], name="mul_bcast"),
        helper.make_node("Div", ["mul", "pos"], ["div"], name="div_data"),
        helper.make_node("Div", ["div", "two"], ["div2"], name="div_const"),
        helper.make_node("Max", ["div2", "b", "col"], ["max"], name="max3"),
        helper.make_node("Min", ["max", "row"], ["min"], name="min"),
        helper.make_node("Pow", ["pos", "exp"], ["pow"], name="pow"),
        helper.make_node("Pow", ["min", "two"], ["sq"], name="square"),
        helper.make_node("Sqrt", ["pos"], ["sqrt"], name="sqrt"),
        helper.make_node("Log", ["pos"], ["log"], name="log"),
        helper.make_node("Exp", ["min"], ["exp_"], name="exp"),
        helper.make_node("Neg", ["exp_"], ["neg"], name="neg"),
        helper.make_node("Reciprocal", ["pos"], ["rec"], name="reciprocal"),
        helper.make_node("Sum", ["pow", "sq", "sqrt", "log", "neg", "rec"], ["output"], name="sum"),
    ]
    return _model("arithmetic", nodes, [_value("a", [2, 3, 5]), _value("b", [5])], [_value("output", [2, 3, 5])], inits)


def softmax():
    """Softmax over the channels of an NHWC value and LogSoftmax over the last axis."""
    rng = _rng(24)
    inits = [_weight(rng, (4, 2, 1, 1), "conv.weight")]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Softmax", ["c"], ["output"], name="softmax", axis=1),
        helper.make_node("LogSoftmax", ["c"], ["log_output"], name="logsoftmax"),
    ]
    return _model("softmax", nodes, [_value("input", [1, 2, 3, 3])],
                  [_value("output", [1, 4, 3, 3]), _value("log_output", [1, 4, 3, 3])], inits)


def softmax_v11():
    """Opset 11: Softmax and LogSoftmax flatten the input at `axis` to 2-D."""
    nodes = [
        helper.make_node("Softmax", ["input"], ["output"], name="softmax", axis=1),
        helper.make_node("LogSoftmax", ["input"], ["log_output"], name="logsoftmax"),
    ]
    return _model_at(11, "softmax_v11", nodes, [_value("input", [2, 3, 4])],
                     [_value("output", [2, 3, 4]), _value("log_output", [2, 3, 4])], [])


def pools_ceil():
    """ceil_mode for both pools (with count_include_pad) and GlobalMaxPool."""
    nodes = [
        helper.make_node("MaxPool", ["input"], ["m"], name="max_ceil", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        helper.make_node("AveragePool", ["input"], ["a"], name="avg_ceil", kernel_shape=[2, 2], strides=[2, 2],
                         ceil_mode=1),
        helper.make_node("AveragePool", ["input"], ["ai"], name="avg_ceil_incl", kernel_shape=[3, 3], strides=[2, 2],
                         pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1),
        helper.make_node("GlobalMaxPool", ["ai"], ["output"], name="gmp"),
    ]
    return _model("pools_ceil", nodes, [_value("input", [1, 2, 6, 6])],
                  [_value("m", [1, 2, 3, 3]), _value("a", [1, 2, 3, 3]), _value("ai", [1, 2, 4, 4]),
                   _value("output", [1, 2, 1, 1])], [])


def linear():
    """Gemm with transA and a data B, a Gemm folding a BatchNormalization, and
    batched MatMuls with broadcasting."""
    rng = _rng(25)
    inits = [_weight(rng, (6, 4), "fc.weight"), _bias(rng, 4, "fc.bias")] + _bn(rng, 4, "bn")
    nodes = [
        helper.make_node("Gemm", ["x", "y", "c"], ["g"], name="gemm_data", transA=1, alpha=0.5, beta=2.0),
        helper.make_node("Gemm", ["g", "fc.weight", "fc.bias"], ["f"], name="fc"),
        helper.make_node("BatchNormalization", ["f", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["gemm_out"],
                         name="bn"),
        helper.make_node("MatMul", ["p", "q"], ["mm_out"], name="matmul_bcast"),
        helper.make_node("MatMul", ["v", "q"], ["mv_out"], name="matmul_vec"),
    ]
    inputs = [_value("x", [5, 3]), _value("y", [5, 6]), _value("c", [6]), _value("p", [2, 1, 3, 4]),
              _value("q", [3, 4, 2]), _value("v", [4])]
    outputs = [_value("gemm_out", [3, 4]), _value("mm_out", [2, 3, 3, 2]), _value("mv_out", [3, 2])]
    return _model("linear", nodes, inputs, outputs, inits)


def shape_ops():
    """Data movement on an NHWC value and a Shape->Gather->Concat->Reshape
    chain that folds to a constant."""
    rng = _rng(26)
    inits = [
        _weight(rng, (4, 2, 1, 1), "conv.weight"),
        _floats(rng, (1, 2, 4, 4), "extra"),
        _int64([1, 3], "split"),
        _int64([0, 3], "starts"),
        _int64([4, -5], "ends"),
        _int64([2, 3], "axes"),
        _int64([2, -1], "steps"),
        _int64([1], "ax1"),
        _int64([0], "ax0"),
        _int64([2, 0], "gidx"),
        _int64([-1], "minus1"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Concat", ["c", "extra", "input"], ["cat"], name="concat", axis=1),
        helper.make_node("Split", ["cat", "split"], ["s1", "s2"], name="split", axis=2),
        helper.make_node("Slice", ["s2", "starts", "ends", "axes", "steps"], ["sl"], name="slice_steps"),
        helper.make_node("Transpose", ["sl"], ["t"], name="transpose", perm=[0, 2, 3, 1]),
        helper.make_node("Gather", ["t", "gidx"], ["gat"], name="gather", axis=3),
        helper.make_node("Shape", ["gat"], ["shp"], name="shape"),
        helper.make_node("Gather", ["shp", "ax0"], ["d0"], name="shape_gather"),
        helper.make_node("Concat", ["d0", "minus1"], ["target"], name="shape_concat", axis=0),
        helper.make_node("Reshape", ["gat", "target"], ["flat"], name="reshape"),
        helper.make_node("Unsqueeze", ["flat", "ax1"], ["u"], name="unsqueeze"),
        helper.make_node("Squeeze", ["s1", "ax0"], ["sq"], name="squeeze"),
        helper.make_node("Identity", ["u"], ["id"], name="identity"),
        helper.make_node("Dropout", ["id"], ["drop"], name="dropout"),
        helper.make_node("Flatten", ["sq"], ["sqf"], name="flatten", axis=2),
        helper.make_node("Cast", ["drop"], ["output"], name="cast", to=TensorProto.FLOAT),
    ]
    return _model("shape_ops", nodes, [_value("input", [1, 2, 4, 4])],
                  [_value("output", [1, 1, 16]), _value("sqf", [8, 4])], inits)


def shape_ops_v9():
    """Attribute forms at opset 9: Slice, Split, Squeeze, Unsqueeze, Pad."""
    nodes = [
        helper.make_node("Slice", ["input"], ["sl"], name="slice", starts=[1, 0], ends=[3, 100], axes=[1, 2]),
        helper.make_node("Split", ["sl"], ["a", "b"], name="split", axis=2, split=[2, 3]),
        helper.make_node("Unsqueeze", ["a"], ["u"], name="unsqueeze", axes=[0]),
        helper.make_node("Squeeze", ["u"], ["output"], name="squeeze", axes=[0]),
        helper.make_node("Pad", ["b"], ["pad_out"], name="pad", pads=[0, 1, 0, 0, 0, 2], value=1.5),
    ]
    return _model_at(9, "shape_ops_v9", nodes, [_value("input", [2, 4, 5])],
                     [_value("output", [2, 2, 2]), _value("pad_out", [2, 3, 5])], [])


def pad_modes():
    """Constant, reflect and edge padding on an NHWC value, negative pads crop."""
    rng = _rng(27)
    inits = [
        _weight(rng, (2, 2, 1, 1), "conv.weight"),
        _int64([0, 0, 1, 2, 0, 0, 2, 1], "p_const"),
        numpy_helper.from_array(np.array(0.5, dtype=np.float32), "value"),
        _int64([0, 0, 2, 1, 0, 0, 1, 3], "p_reflect"),
        _int64([0, 1, -1, 2, 0, 0, 1, -2], "p_edge"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Pad", ["c", "p_const", "value"], ["const_out"], name="pad_const"),
        helper.make_node("Pad", ["c", "p_reflect"], ["reflect_out"], name="pad_reflect", mode="reflect"),
        helper.make_node("Pad", ["c", "p_edge"], ["edge_out"], name="pad_edge", mode="edge"),
    ]
    return _model("pad_modes", nodes, [_value("input", [1, 2, 4, 5])],
                  [_value("const_out", [1, 2, 7, 8]), _value("reflect_out", [1, 2, 7, 9]),
                   _value("edge_out", [1, 3, 4, 5])], inits)


def resize():
    """Nearest (asymmetric, floor) by scales, bilinear half_pixel by sizes,
    bilinear align_corners and nearest pytorch_half_pixel downscaling."""
    inits = [
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales2"),
        _int64([1, 2, 7, 5], "sizes"),
        numpy_helper.from_array(np.array([1, 1, 0.5, 0.5], dtype=np.float32), "half"),
    ]
    nodes = [
        helper.make_node("Resize", ["input", "", "scales2"], ["nearest"], name="nearest", mode="nearest",
                         coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        helper.make_node("Resize", ["input", "", "", "sizes"], ["linear"], name="linear", mode="linear"),
        helper.make_node("Resize", ["input", "", "", "sizes"], ["aligned"], name="aligned", mode="linear",
                         coordinate_transformation_mode="align_corners"),
        helper.make_node("Resize", ["input", "", "half"], ["down"], name="down", mode="nearest",
                         coordinate_transformation_mode="pytorch_half_pixel"),
    ]
    outputs = [_value("nearest", [1, 2, 8, 6]), _value("linear", [1, 2, 7, 5]), _value("aligned", [1, 2, 7, 5]),
               _value("down", [1, 2, 2, 1])]
    return _model("resize", nodes, [_value("input", [1, 2, 4, 3])], outputs, inits)


def reductions():
    """ReduceMean over H, W of an NHWC value (kept), ReduceSum with axes input
    (dropped), ReduceMax over everything, and LayerNormalization."""
    rng = _rng(28)
    inits = [
        _weight(rng, (3, 2, 1, 1), "conv.weight"),
        _int64([1, -1], "axes"),
        _floats(rng, (5,), "ln.scale", 0.5, 1.0),
        _floats(rng, (5,), "ln.bias", 0.1),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("ReduceMean", ["c"], ["mean"], name="mean", axes=[2, 3]),
        helper.make_node("ReduceSum", ["c", "axes"], ["sum"], name="sum", keepdims=0),
        helper.make_node("ReduceMax", ["c"], ["max"], name="max", keepdims=0),
        helper.make_node("LayerNormalization", ["seq", "ln.scale", "ln.bias"], ["ln"], name="layernorm",
                         epsilon=1e-5),
    ]
    inputs = [_value("input", [1, 2, 4, 5]), _value("seq", [2, 3, 5])]
    outputs = [_value("mean", [1, 3, 1, 1]), _value("sum", [1, 4]), _value("max", []), _value("ln", [2, 3, 5])]
    return _model_at(17, "reductions", nodes, inputs, outputs, inits)


def constants():
    """Constant in its value_float(s) and value_int(s) forms."""
    nodes = [
        helper.make_node("Constant", [], ["k"], name="k", value_float=3.0),
        helper.make_node("Constant", [], ["row"], name="row", value_floats=[1.0, -2.0, 0.5]),
        helper.make_node("Constant", [], ["shape"], name="shape", value_ints=[3, 2]),
        helper.make_node("Constant", [], ["axis"], name="axis", value_int=0),
        helper.make_node("Mul", ["input", "k"], ["m"], name="mul"),
        helper.make_node("Add", ["m", "row"], ["a"], name="add"),
        helper.make_node("Reshape", ["a", "shape"], ["r"], name="reshape"),
        helper.make_node("Unsqueeze", ["r", "axis"], ["output"], name="unsqueeze"),
    ]
    return _model("constants", nodes, [_value("input", [2, 3])], [_value("output", [1, 3, 2])], [])


def resize_cubic_modes():
    """The Resize forms lowered by interpolation matrices, on the NHWC result
    of a Conv: cubic half_pixel, cubic asymmetric with A = -0.5 and
    exclude_outside, cubic pytorch_half_pixel to one row, linear
    tf_crop_and_resize with a roi and an extrapolation value; and a self-check:
    linear align_corners (tosa.resize) minus the same resize as
    tf_crop_and_resize over the whole input (matrices), which is 0. Last, a
    cubic widening of the graph input itself (ONNX layout, height unchanged)."""
    rng = _rng(41)
    inits = [
        _weight(rng, (3, 2, 1, 1), "conv.weight"),
        _int64([1, 3, 8, 9], "sizes_up"),
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales2"),
        _int64([1, 3, 1, 4], "sizes_row"),
        numpy_helper.from_array(np.array([0, 0, 0.2, 0.1, 1, 1, 0.9, 1.2], dtype=np.float32), "roi"),
        _int64([1, 3, 4, 7], "sizes_crop"),
        numpy_helper.from_array(np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=np.float32), "roi_all"),
        _int64([1, 3, 7, 8], "sizes_aligned"),
        _int64([1, 2, 5, 9], "sizes_wide"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Resize", ["c", "", "", "sizes_up"], ["cubic"], name="cubic", mode="cubic"),
        helper.make_node("Resize", ["c", "", "scales2"], ["cubic_excl"], name="cubic_excl", mode="cubic",
                         coordinate_transformation_mode="asymmetric", cubic_coeff_a=-0.5, exclude_outside=1),
        helper.make_node("Resize", ["c", "", "", "sizes_row"], ["cubic_row"], name="cubic_row", mode="cubic",
                         coordinate_transformation_mode="pytorch_half_pixel"),
        helper.make_node("Resize", ["c", "roi", "", "sizes_crop"], ["crop"], name="crop", mode="linear",
                         coordinate_transformation_mode="tf_crop_and_resize", extrapolation_value=10.0),
        helper.make_node("Resize", ["c", "", "", "sizes_aligned"], ["aligned"], name="aligned", mode="linear",
                         coordinate_transformation_mode="align_corners"),
        helper.make_node("Resize", ["c", "roi_all", "", "sizes_aligned"], ["crop_all"], name="crop_all",
                         mode="linear", coordinate_transformation_mode="tf_crop_and_resize"),
        helper.make_node("Sub", ["aligned", "crop_all"], ["self_check"], name="self_check"),
        helper.make_node("Resize", ["input", "", "", "sizes_wide"], ["wide"], name="wide", mode="cubic"),
    ]
    outputs = [_value("cubic", [1, 3, 8, 9]), _value("cubic_excl", [1, 3, 10, 12]), _value("cubic_row", [1, 3, 1, 4]),
               _value("crop", [1, 3, 4, 7]), _value("self_check", [1, 3, 7, 8]), _value("wide", [1, 2, 5, 9])]
    return _model("resize_cubic_modes", nodes, [_value("input", [1, 2, 5, 6])], outputs, inits)


def resize_channels():
    """Resize of the channel dimension: rejected (spatial dimensions only)."""
    nodes = [helper.make_node("Resize", ["input", "", "scales"], ["output"], name="channels", mode="cubic")]
    inits = [numpy_helper.from_array(np.array([1, 2, 2, 2], dtype=np.float32), "scales")]
    return _model("resize_channels", nodes, [_value("input", [1, 1, 2, 2])], [_value("output", [1, 2, 4, 4])], inits)


def resize_cubic_huge():
    """Cubic resize of 2048 rows to 4096: its 2048x4096 weight matrix is over
    the importer's limit."""
    nodes = [helper.make_node("Resize", ["input", "", "", "sizes"], ["output"], name="huge", mode="cubic")]
    inits = [_int64([1, 1, 4096, 1], "sizes")]
    return _model("resize_cubic_huge", nodes, [_value("input", [1, 1, 2048, 1])], [_value("output", [1, 1, 4096, 1])],
                  inits)


def resize_cubic_zero_weights():
    """Cubic resize with exclude_outside whose one inside tap has weight 0
    (A = 4 at distance 1/2): nothing to normalize by, rejected."""
    nodes = [helper.make_node("Resize", ["input", "", "scales"], ["output"], name="zero_weights", mode="cubic",
                              coordinate_transformation_mode="asymmetric", cubic_coeff_a=4.0, exclude_outside=1)]
    inits = [numpy_helper.from_array(np.array([1, 1, 1, 2], dtype=np.float32), "scales")]
    return _model("resize_cubic_zero_weights", nodes, [_value("input", [1, 1, 2, 1])],
                  [_value("output", [1, 1, 2, 2])], inits)


def resize_crop_channels():
    """tf_crop_and_resize whose roi crops the channels: rejected."""
    nodes = [helper.make_node("Resize", ["input", "roi", "", "sizes"], ["output"], name="crop_c", mode="linear",
                              coordinate_transformation_mode="tf_crop_and_resize")]
    inits = [numpy_helper.from_array(np.array([0, 0.5, 0, 0, 1, 1, 1, 1], dtype=np.float32), "roi"),
             _int64([1, 2, 3, 3], "sizes")]
    return _model("resize_crop_channels", nodes, [_value("input", [1, 2, 2, 2])], [_value("output", [1, 2, 3, 3])],
                  inits)


def cast_to_int():
    """Cast of a float data value to int32: rejected."""
    nodes = [
        helper.make_node("Cast", ["input"], ["i"], name="to_int", to=TensorProto.INT32),
        helper.make_node("Cast", ["i"], ["output"], name="to_float", to=TensorProto.FLOAT),
    ]
    return _model("cast_to_int", nodes, [_value("input", [2])], [_value("output", [2])], [])


def control_flow():
    """An If node: control flow is reported as an unsupported operator."""
    then_graph = helper.make_graph([helper.make_node("Identity", ["input"], ["t"])], "then", [], [_value("t", [2])])
    else_graph = helper.make_graph([helper.make_node("Neg", ["input"], ["e"])], "else", [], [_value("e", [2])])
    nodes = [
        helper.make_node("ReduceMax", ["input"], ["m"], name="max", keepdims=0),
        helper.make_node("Cast", ["m"], ["cond"], name="cond", to=TensorProto.BOOL),
        helper.make_node("If", ["cond"], ["output"], name="branch", then_branch=then_graph, else_branch=else_graph),
    ]
    return _model("control_flow", nodes, [_value("input", [2])], [_value("output", [2])], [])


# Features of the wake-word model, and the two inputs its tests use: a
# constant +0.5 vector fires the verifier, -0.5 does not (the threshold is
# set between their stage-1 scores).
WAKE_WORD_FEATURES = 16


def _wake_word_stage1(rng):
    w1 = rng.standard_normal((WAKE_WORD_FEATURES, 8)).astype(np.float32) * np.float32(0.35)
    b1 = (rng.standard_normal(8) * 0.1).astype(np.float32)
    w2 = rng.standard_normal((8, 2)).astype(np.float32) * np.float32(0.5)
    b2 = (rng.standard_normal(2) * 0.1).astype(np.float32)
    w3 = rng.standard_normal((8, 1)).astype(np.float32) * np.float32(0.5)
    b3 = np.zeros(1, np.float32)

    def score(x):
        h = np.maximum(x @ w1 + b1, 0)
        return float((h @ w3 + b3)[0, 0])

    return w1, b1, w2, b2, w3, b3, score


def wake_word():
    """A two-stage wake-word detector: a small classifier's score gates a
    verifier network through If (GreaterOrEqual -> Cast -> If); the
    then-branch is a Gemm/LayerNormalization/Relu/Gemm stack over the
    features, the else-branch passes the stage-1 logits through (Identity).
    input 1x16 -> verdict 1x2, score 1x1."""
    rng = _rng(41)
    w1, b1, w2, b2, w3, b3, score = _wake_word_stage1(rng)
    n = WAKE_WORD_FEATURES
    fire = score(np.full((1, n), 0.5, np.float32))
    quiet = score(np.full((1, n), -0.5, np.float32))
    if fire < quiet:
        w3, b3 = -w3, -b3
        fire, quiet = -fire, -quiet
    threshold = np.array([(fire + quiet) / 2], np.float32)
    arr = numpy_helper.from_array
    then_graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["input", "verifier.fc1.weight", "verifier.fc1.bias"], ["v1"],
                             name="verifier_fc1"),
            helper.make_node("LayerNormalization", ["v1", "verifier.ln.scale", "verifier.ln.bias"], ["v2"],
                             name="verifier_ln", axis=-1),
            helper.make_node("Relu", ["v2"], ["v3"], name="verifier_relu"),
            helper.make_node("Gemm", ["v3", "verifier.fc2.weight", "verifier.fc2.bias"], ["verified"],
                             name="verifier_fc2"),
        ],
        "verify", [], [_value("verified", [1, 2])],
        initializer=[arr((1.0 + rng.standard_normal(n) * 0.1).astype(np.float32), "verifier.ln.scale"),
                     arr((rng.standard_normal(n) * 0.1).astype(np.float32), "verifier.ln.bias")])
    else_graph = helper.make_graph(
        [helper.make_node("Identity", ["logits"], ["passed"], name="pass_through")],
        "reject", [], [_value("passed", [1, 2])])
    nodes = [
        helper.make_node("Gemm", ["input", "stage1.fc1.weight", "stage1.fc1.bias"], ["h0"], name="stage1_fc1"),
        helper.make_node("Relu", ["h0"], ["h"], name="stage1_relu"),
        helper.make_node("Gemm", ["h", "stage1.fc2.weight", "stage1.fc2.bias"], ["logits"], name="stage1_fc2"),
        helper.make_node("Gemm", ["h", "stage1.score.weight", "stage1.score.bias"], ["score"], name="stage1_score"),
        helper.make_node("GreaterOrEqual", ["score", "threshold"], ["fire"], name="fire"),
        helper.make_node("Cast", ["fire"], ["cond"], name="cond", to=TensorProto.BOOL),
        helper.make_node("If", ["cond"], ["verdict"], name="verifier", then_branch=then_graph,
                         else_branch=else_graph),
    ]
    inits = [
        arr(w1, "stage1.fc1.weight"), arr(b1, "stage1.fc1.bias"),
        arr(w2, "stage1.fc2.weight"), arr(b2, "stage1.fc2.bias"),
        arr(w3, "stage1.score.weight"), arr(b3, "stage1.score.bias"),
        arr(threshold, "threshold"),
        arr(rng.standard_normal((n, n)).astype(np.float32) * np.float32(0.35), "verifier.fc1.weight"),
        arr((rng.standard_normal(n) * 0.1).astype(np.float32), "verifier.fc1.bias"),
        arr(rng.standard_normal((n, 2)).astype(np.float32) * np.float32(0.35), "verifier.fc2.weight"),
        arr((rng.standard_normal(2) * 0.1).astype(np.float32), "verifier.fc2.bias"),
    ]
    return _model_at(17, "wake_word", nodes, [_value("input", [1, n])],
                     [_value("verdict", [1, 2]), _value("score", [1, 1])], inits)


def _loop_body(name, scan=True):
    """Body of loop_static: y <- Relu(y @ W + b) + x[iter], scan of y."""
    nodes = [
        helper.make_node("Identity", ["cond_in"], ["cond_out"], name="keep_going"),
        helper.make_node("MatMul", ["y_in", "loop.weight"], ["m"], name="step_matmul"),
        helper.make_node("Add", ["m", "loop.bias"], ["a"], name="step_bias"),
        helper.make_node("Relu", ["a"], ["r"], name="step_relu"),
        helper.make_node("Unsqueeze", ["iter", "axes0"], ["start"], name="start"),
        helper.make_node("Add", ["iter", "one"], ["iter1"], name="next"),
        helper.make_node("Unsqueeze", ["iter1", "axes0"], ["end"], name="end"),
        helper.make_node("Slice", ["offsets", "start", "end"], ["offset"], name="offset"),
        helper.make_node("Add", ["r", "offset"], ["y_out"], name="step_offset"),
    ]
    outputs = [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []), _value("y_out", [1, 4])]
    if scan:
        nodes.append(helper.make_node("Identity", ["y_out"], ["scan_out"], name="scan"))
        outputs.append(_value("scan_out", [1, 4]))
    inputs = [helper.make_tensor_value_info("iter", TensorProto.INT64, []),
              helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
              _value("y_in", [1, 4])]
    return helper.make_graph(nodes, name, inputs, outputs)


def loop_static():
    """Loop with a constant trip count (3) and condition: unrolled at import.
    The body reads outer weights and a per-iteration offset (Slice at the
    iteration number); outputs the final state and the scan of all states."""
    rng = _rng(42)
    inits = [
        _int64(3, "trip_count"),
        numpy_helper.from_array(np.array(True), "keep"),
        _weight(rng, (4, 4), "loop.weight", fan_in=4),
        _bias(rng, 4, "loop.bias"),
        numpy_helper.from_array(rng.standard_normal(3).astype(np.float32), "offsets"),
        _int64([0], "axes0"),
        _int64(1, "one"),
    ]
    nodes = [helper.make_node("Loop", ["trip_count", "keep", "input"], ["final", "states"], name="unrolled",
                              body=_loop_body("step"))]
    return _model("loop_static", nodes, [_value("input", [1, 4])],
                  [_value("final", [1, 4]), _value("states", [3, 1, 4])], inits)


def loop_dynamic(kind="condition"):
    """Loop whose condition is computed from the data: rejected (only a
    constant trip count and condition can be unrolled)."""
    rng = _rng(43)
    inits = [
        _int64(3, "trip_count"),
        _weight(rng, (4, 4), "loop.weight", fan_in=4),
        _bias(rng, 4, "loop.bias"),
        numpy_helper.from_array(rng.standard_normal(3).astype(np.float32), "offsets"),
        _int64([0], "axes0"),
        _int64(1, "one"),
        numpy_helper.from_array(np.zeros((), np.float32), "zero"),
    ]
    nodes = [
        helper.make_node("ReduceMax", ["input"], ["mx"], name="max", keepdims=0),
        helper.make_node("Greater", ["mx", "zero"], ["positive"], name="positive"),
        helper.make_node("Loop", ["" if kind == "trip_count" else "trip_count", "positive", "input"], ["final"],
                         name="data_dependent", body=_loop_body("step", scan=False)),
    ]
    return _model("loop_dynamic", nodes, [_value("input", [1, 4])], [_value("final", [1, 4])], inits)


def loop_no_trip_count():
    """Loop without a trip count (input M omitted): rejected."""
    model = loop_dynamic("trip_count")
    model.graph.name = "loop_no_trip_count"
    return model


def if_nested():
    """If inside the then-branch of an If, both conditions on the input
    (exact on the digital unit): sum(x) >= 0 runs a Gemm and the inner If,
    whose max(x) > 2 runs another Gemm (else Neg); the outer else passes x.
    Inputs [1, 2, 3, 4], [1, -1, 0.5, 0.2] and -[1, 2, 3, 4] take the three
    paths. input 1x4 -> output 1x4."""
    rng = _rng(44)
    arr = numpy_helper.from_array
    inner_then = helper.make_graph([helper.make_node("Gemm", ["h", "w2"], ["it"], name="inner_fc")],
                                   "big", [], [_value("it", [1, 4])])
    inner_else = helper.make_graph([helper.make_node("Neg", ["h"], ["ie"], name="negate")],
                                   "small", [], [_value("ie", [1, 4])])
    outer_then = helper.make_graph([
        helper.make_node("Gemm", ["input", "w1"], ["h"], name="outer_fc"),
        helper.make_node("ReduceMax", ["input"], ["mx"], name="max", keepdims=1),
        helper.make_node("Greater", ["mx", "two"], ["big_input"], name="big_input"),
        helper.make_node("If", ["big_input"], ["ot"], name="inner", then_branch=inner_then, else_branch=inner_else),
    ], "nonnegative", [], [_value("ot", [1, 4])])
    outer_else = helper.make_graph([helper.make_node("Identity", ["input"], ["oe"], name="pass")],
                                   "negative", [], [_value("oe", [1, 4])])
    nodes = [
        helper.make_node("ReduceSum", ["input"], ["s"], name="sum", keepdims=1),
        helper.make_node("GreaterOrEqual", ["s", "zero"], ["nonnegative"], name="nonnegative"),
        helper.make_node("If", ["nonnegative"], ["output"], name="outer", then_branch=outer_then,
                         else_branch=outer_else),
    ]
    inits = [_weight(rng, (4, 4), "w1", fan_in=4), _weight(rng, (4, 4), "w2", fan_in=4),
             arr(np.zeros((1, 1), np.float32), "zero"), arr(np.full((1, 1), 2.0, np.float32), "two")]
    return _model("if_nested", nodes, [_value("input", [1, 4])], [_value("output", [1, 4])], inits)


def if_logic():
    """An If on a combined condition: And(sum(x) >= 0, Not(max(x) > 2)),
    with Or and a bool Cast to float feeding a second output. The
    then-branch is a Gemm, the else-branch passes x. Inputs
    [0.5, -0.2, 1, 0.3] (both hold), [1, 2, 3, 4] (max too large) and
    -[1, 1, 1, 1] (sum negative). input 1x4 -> output 1x4, flags 1x1."""
    rng = _rng(45)
    then_graph = helper.make_graph([helper.make_node("Gemm", ["input", "w"], ["t"], name="gated_fc")],
                                   "gated", [], [_value("t", [1, 4])])
    else_graph = helper.make_graph([helper.make_node("Identity", ["input"], ["e"], name="pass")],
                                   "skip", [], [_value("e", [1, 4])])
    nodes = [
        helper.make_node("ReduceSum", ["input"], ["s"], name="sum", keepdims=1),
        helper.make_node("GreaterOrEqual", ["s", "zero"], ["nonnegative"], name="nonnegative"),
        helper.make_node("ReduceMax", ["input"], ["mx"], name="max", keepdims=1),
        helper.make_node("Greater", ["mx", "two"], ["big"], name="big"),
        helper.make_node("Not", ["big"], ["small"], name="small"),
        helper.make_node("And", ["nonnegative", "small"], ["go"], name="go"),
        helper.make_node("If", ["go"], ["output"], name="gate", then_branch=then_graph, else_branch=else_graph),
        helper.make_node("Or", ["nonnegative", "big"], ["either"], name="either"),
        helper.make_node("Cast", ["either"], ["flags"], name="flags", to=TensorProto.FLOAT),
    ]
    inits = [_weight(rng, (4, 4), "w", fan_in=4), numpy_helper.from_array(np.zeros((1, 1), np.float32), "zero"),
             numpy_helper.from_array(np.full((1, 1), 2.0, np.float32), "two")]
    return _model("if_logic", nodes, [_value("input", [1, 4])],
                  [_value("output", [1, 4]), _value("flags", [1, 1])], inits)


def loop_nested_huge():
    """A Loop of 1024 iterations whose body is a Loop of 1024 iterations:
    rejected (unrolled, it would lower over 2^16 body nodes)."""
    def body(name, inner):
        nodes = [helper.make_node("Identity", [f"{name}_c"], [f"{name}_co"], name=f"{name}_keep")]
        if inner:
            nodes.append(helper.make_node("Add", [f"{name}_y", "step"], [f"{name}_yo"], name=f"{name}_add"))
        else:
            nodes.append(helper.make_node("Loop", ["trips", "", f"{name}_y"], [f"{name}_yo"], name="inner",
                                          body=body("inner", True)))
        inputs = [helper.make_tensor_value_info(f"{name}_i", TensorProto.INT64, []),
                  helper.make_tensor_value_info(f"{name}_c", TensorProto.BOOL, []), _value(f"{name}_y", [1])]
        outputs = [helper.make_tensor_value_info(f"{name}_co", TensorProto.BOOL, []), _value(f"{name}_yo", [1])]
        return helper.make_graph(nodes, name, inputs, outputs)

    nodes = [helper.make_node("Loop", ["trips", "", "input"], ["output"], name="outer", body=body("outer", False))]
    inits = [_int64(1024, "trips"), numpy_helper.from_array(np.ones(1, np.float32), "step")]
    return _model("loop_nested_huge", nodes, [_value("input", [1])], [_value("output", [1])], inits)


def if_shape_mismatch():
    """An If whose branches produce different shapes: rejected."""
    then_graph = helper.make_graph([helper.make_node("Identity", ["input"], ["t"])], "then", [], [_value("t", [2])])
    else_graph = helper.make_graph(
        [helper.make_node("Concat", ["input", "input"], ["e"], axis=0)], "else", [], [_value("e", [4])])
    nodes = [
        helper.make_node("ReduceMax", ["input"], ["m"], name="max", keepdims=0),
        helper.make_node("Cast", ["m"], ["cond"], name="cond", to=TensorProto.BOOL),
        helper.make_node("If", ["cond"], ["output"], name="mismatch", then_branch=then_graph,
                         else_branch=else_graph),
    ]
    return _model("if_shape_mismatch", nodes, [_value("input", [2])], [_value("output", [None])], [])


def convtranspose_output_shape():
    """ConvTranspose with output_shape larger than the pads-free output: the
    extra row and column go to the end."""
    rng = _rng(29)
    nodes = [helper.make_node("ConvTranspose", ["input", "w"], ["output"], name="up", strides=[3, 2],
                              output_shape=[10, 8])]
    return _model("convtranspose_output_shape", nodes, [_value("input", [1, 1, 3, 3])],
                  [_value("output", [1, 2, 10, 8])], [_weight(rng, (1, 2, 3, 3), "w")])


def convtranspose_group():
    """ConvTranspose with group 2: rejected (group 1 only)."""
    rng = _rng(30)
    nodes = [helper.make_node("ConvTranspose", ["input", "w"], ["output"], name="up_group", group=2)]
    return _model("convtranspose_group", nodes, [_value("input", [1, 2, 3, 3])],
                  [_value("output", [1, 2, 4, 4])], [_weight(rng, (2, 1, 2, 2), "w")])


def conv_data_weights():
    """Conv and depthwise Conv whose weights and bias are graph inputs: the
    weights are rearranged at run time (kernel_shape is then required)."""
    nodes = [
        _conv("conv", "input", "w", "b", "c", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        _conv("dw", "c", "dw_w", "", "output", kernel_shape=[2, 2], group=4, strides=[2, 2]),
    ]
    inputs = [_value("input", [1, 3, 6, 6]), _value("w", [4, 3, 3, 3]), _value("b", [4]),
              _value("dw_w", [8, 1, 2, 2])]
    return _model("conv_data_weights", nodes, inputs, [_value("output", [1, 8, 3, 3])], [])


def conv1d():
    """1-D Conv, MaxPool, AveragePool and ConvTranspose on [N, C, L]."""
    rng = _rng(31)
    inits = [_weight(rng, (4, 2, 3), "conv.weight"), _bias(rng, 4, "conv.bias"), _weight(rng, (4, 2, 2), "up.weight")]
    nodes = [
        _conv("conv", "input", "conv.weight", "conv.bias", "c", kernel_shape=[3], pads=[1, 1], dilations=[2]),
        helper.make_node("MaxPool", ["c"], ["m"], name="maxpool", kernel_shape=[2], strides=[2]),
        helper.make_node("AveragePool", ["m"], ["a"], name="avgpool", kernel_shape=[3], pads=[1, 1],
                         count_include_pad=1),
        helper.make_node("ConvTranspose", ["a", "up.weight"], ["output"], name="up", strides=[2]),
    ]
    return _model("conv1d", nodes, [_value("input", [1, 2, 12])], [_value("output", [1, 2, 10])], inits)


def digital_unit():
    """Every digital instruction between crossbar layers: ReLU6, depthwise
    conv, Slice, Pad, Sigmoid, Max, Sub, Concat, ReduceMax, a MatMul of two
    activations and Softmax (Exp, ReduceSum, Reciprocal)."""
    rng = _rng(40)
    inits = [
        _weight(rng, (8, 3, 3, 3), "conv.weight"),
        _bias(rng, 8, "conv.bias"),
        _weight(rng, (8, 1, 3, 3), "dw.weight", fan_in=9),
        _bias(rng, 8, "dw.bias"),
        _weight(rng, (4, 16, 1, 1), "pw.weight"),
        _bias(rng, 4, "pw.bias"),
        _int64([0, 0, 1, 1], "starts"),
        _int64([1, 8, 16, 16], "ends"),
        _int64([0, 0, 0, 0, 0, 0, 1, 1], "pads"),
        _int64([1, 4, 256], "tokens"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "conv.bias", "c", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["c", "lo", "hi"], ["r6"], name="relu6"),
        _conv("dw", "r6", "dw.weight", "dw.bias", "d", group=8, kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Slice", ["d", "starts", "ends"], ["sl"], name="slice"),
        helper.make_node("Pad", ["sl", "pads"], ["pd"], name="pad", mode="constant"),
        helper.make_node("Sigmoid", ["pd"], ["sg"], name="sigmoid"),
        helper.make_node("Max", ["sg", "half"], ["mh"], name="max"),
        helper.make_node("Sub", ["pd", "mh"], ["sb"], name="sub"),
        helper.make_node("Concat", ["sb", "r6"], ["cat"], name="concat", axis=1),
        _conv("pw", "cat", "pw.weight", "pw.bias", "p"),
        helper.make_node("ReduceMax", ["p"], ["mx"], name="reduce_max", axes=[1], keepdims=1),
        helper.make_node("Sub", ["p", "mx"], ["m"], name="sub_max"),
        helper.make_node("Reshape", ["m", "tokens"], ["t"], name="tokens"),
        helper.make_node("Transpose", ["t"], ["tt"], name="transpose", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["t", "tt"], ["s"], name="scores"),
        helper.make_node("Mul", ["s", "temperature"], ["st"], name="temperature"),
        helper.make_node("Softmax", ["st"], ["output"], name="softmax", axis=-1),
    ]
    inits += [
        numpy_helper.from_array(np.array(0.02, dtype=np.float32), "temperature"),
        numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "lo"),
        numpy_helper.from_array(np.array(6.0, dtype=np.float32), "hi"),
    ]
    return _model("digital_unit", nodes, [_value("input", [1, 3, 16, 16])], [_value("output", [1, 4, 4])], inits)


def typed_constants():
    """Pow with an int64 exponent, a Cast of a float16 constant to float, and
    MeanVarianceNormalization over N, H, W."""
    half = numpy_helper.from_array(np.array([0.5, -1.25, 2.0], dtype=np.float16), "half")
    inits = [_int64([3], "three"), half]
    nodes = [
        helper.make_node("Pow", ["input", "three"], ["cube"], name="cube"),
        helper.make_node("Cast", ["half"], ["halff"], name="widen", to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["halff", "axes"], ["bias"], name="bias"),
        helper.make_node("Add", ["input", "bias"], ["shifted"], name="shift"),
        helper.make_node("MeanVarianceNormalization", ["shifted"], ["mvn"], name="mvn"),
    ]
    inits.append(_int64([1, 2], "axes"))
    outputs = [_value("cube", [2, 3, 4, 4]), _value("mvn", [2, 3, 4, 4])]
    return _model("typed_constants", nodes, [_value("input", [2, 3, 4, 4])], outputs, inits)


# ---------------------------------------------------------------------------
# Opsets 18 to 21 (newer than Debian's ONNX 1.12 knows): the importer rewrites
# the forms that changed into their opset-17 equivalents. ONNX 1.12's Python
# checker cannot check these models; ONNX Runtime runs them.
# ---------------------------------------------------------------------------


def _model_newer(opset, ir_version, name, nodes, inputs, outputs, initializers):
    model = _model_at(opset, name, nodes, inputs, outputs, initializers)
    model.ir_version = ir_version
    return model


def opset18_forms():
    """Opset 18: Reduce* with an axes input (initializer, Constant, absent with
    noop_with_empty_axes), Split with num_outputs, Resize with antialias=0 and
    keep_aspect_ratio_policy, and Mish."""
    rng = _rng(40)
    inits = [
        _weight(rng, (4, 2, 1, 1), "conv.weight"),
        _int64([2, 3], "hw"),
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("ReduceMean", ["c", "hw"], ["mean"], name="mean"),
        helper.make_node("Constant", [], ["last"], name="last", value=numpy_helper.from_array(
            np.array([-1], dtype=np.int64))),
        helper.make_node("ReduceMax", ["c", "last"], ["max"], name="max", keepdims=0),
        helper.make_node("ReduceMean", ["c"], ["same"], name="noop", noop_with_empty_axes=1),
        helper.make_node("Split", ["c"], ["s0", "s1"], name="split", axis=1, num_outputs=2),
        helper.make_node("Resize", ["s1", "", "scales"], ["up"], name="up", mode="linear", antialias=0,
                         keep_aspect_ratio_policy="stretch"),
        helper.make_node("Mish", ["s0"], ["mish"], name="mish"),
    ]
    outputs = [_value("mean", [1, 4, 1, 1]), _value("max", [1, 4, 3]), _value("same", [1, 4, 3, 5]),
               _value("up", [1, 2, 6, 10]), _value("mish", [1, 2, 3, 5])]
    return _model_newer(18, 8, "opset18_forms", nodes, [_value("input", [1, 2, 3, 5])], outputs, inits)


def opset18_reduce_noop():
    """Opset 18 reductions without axes and with noop_with_empty_axes: nothing
    is reduced, the elementwise part (|x|, x^2, ln x) still applies."""
    ops = ["ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax"]
    nodes = [helper.make_node("Abs", ["input"], ["positive"], name="abs")]
    nodes += [helper.make_node(op, ["positive" if op == "ReduceLogSum" else "input"], [op.lower()], name=op.lower(),
                               noop_with_empty_axes=1) for op in ops]
    outputs = [_value(op.lower(), [2, 3]) for op in ops]
    return _model_newer(18, 8, "opset18_reduce_noop", nodes, [_value("input", [2, 3])], outputs, [])


def opset20_forms():
    """Opset 20 at IR version 9: Gelu (exact and tanh), AveragePool with
    dilations of 1 and Cast with saturate (opset 19)."""
    nodes = [
        helper.make_node("Gelu", ["input"], ["gelu"], name="gelu"),
        helper.make_node("Gelu", ["input"], ["gelu_tanh"], name="gelu_tanh", approximate="tanh"),
        helper.make_node("AveragePool", ["input"], ["pool"], name="pool", kernel_shape=[2, 2],
                         dilations=[1, 1]),
        helper.make_node("Cast", ["pool"], ["cast"], name="cast", to=TensorProto.FLOAT, saturate=1),
    ]
    outputs = [_value("gelu", [1, 2, 4, 4]), _value("gelu_tanh", [1, 2, 4, 4]), _value("cast", [1, 2, 3, 3])]
    return _model_newer(20, 9, "opset20_forms", nodes, [_value("input", [1, 2, 4, 4])], outputs, [])


def small_cnn_opset21():
    """small_cnn as an exporter of today writes it: opset 21, IR version 10."""
    model = small_cnn()
    model.opset_import[0].version = 21
    model.ir_version = 10
    return model


def _newer_opset_error(name, node, opset=18, ir_version=8, extra_inits=()):
    return _model_newer(opset, ir_version, name, [node], [_value("input", [1, 2, 4, 4])],
                        [_value("output", None)], list(extra_inits))


def opset18_errors(kind):
    """One model per newer form the importer rejects."""
    if kind == "axes_input":
        node = helper.make_node("ReduceMean", ["input", "input"], ["output"], name="mean")
        return _newer_opset_error("axes_input", node)
    if kind == "antialias":
        node = helper.make_node("Resize", ["input", "", "scales"], ["output"], name="aa", antialias=1)
        scales = numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales")
        return _newer_opset_error("antialias", node, extra_inits=[scales])
    if kind == "dilated_pool":
        node = helper.make_node("AveragePool", ["input"], ["output"], name="pool", kernel_shape=[2, 2],
                                dilations=[2, 2])
        return _newer_opset_error("dilated_pool", node, opset=19)
    if kind == "split_count":
        node = helper.make_node("Split", ["input"], ["output"], name="split", num_outputs=2)
        return _newer_opset_error("split_count", node)
    if kind == "gelu_mode":
        node = helper.make_node("Gelu", ["input"], ["output"], name="gelu", approximate="erf")
        return _newer_opset_error("gelu_mode", node, opset=20)
    if kind == "pad_axes":
        node = helper.make_node("Pad", ["input", "pads", "", "axes"], ["output"], name="pad")
        return _newer_opset_error("pad_axes", node, extra_inits=[_int64([1, 1, 1, 1], "pads"), _int64([2, 3], "axes")])
    if kind == "opset22":
        return _newer_opset_error("opset22", helper.make_node("Relu", ["input"], ["output"]), opset=22)
    if kind == "ir11":
        return _newer_opset_error("ir11", helper.make_node("Relu", ["input"], ["output"]), ir_version=11)
    raise KeyError(kind)


NEWER_OPSET_ERRORS = ["axes_input", "antialias", "dilated_pool", "split_count", "gelu_mode", "pad_axes", "opset22",
                      "ir11"]

# Models ONNX 1.12's Python checker cannot check (newer opsets or IR versions).
UNCHECKED = {"opset18_forms", "opset18_reduce_noop", "opset20_forms", "small_cnn_opset21"} | {
    "opset18_" + kind for kind in NEWER_OPSET_ERRORS}


def expand_tile():
    """Tile of an NHWC value (tiled in NHWC), Expand of a data value, and an
    Expand and a ConstantOfShape of constants, folded at import."""
    rng = _rng(31)
    inits = [
        _weight(rng, (2, 2, 1, 1), "conv.weight"),
        _int64([1, 2, 1, 2], "repeats"),
        _int64([2, 1, 4], "shape"),
        _floats(rng, (4,), "row"),
        _int64([3, 1], "rows"),
    ]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Tile", ["c", "repeats"], ["tiled"], name="tile"),
        helper.make_node("Expand", ["v", "shape"], ["ev"], name="expand"),
        helper.make_node("Shape", ["ev"], ["ev_shape"], name="shape"),
        helper.make_node("ConstantOfShape", ["ev_shape"], ["half"], name="const_of_shape",
                         value=numpy_helper.from_array(np.array([0.5], dtype=np.float32))),
        helper.make_node("Expand", ["row", "rows"], ["er"], name="expand_const"),
        helper.make_node("Add", ["ev", "half"], ["a"], name="add_half"),
        helper.make_node("Add", ["a", "er"], ["expanded"], name="add_row"),
    ]
    return _model("expand_tile", nodes, [_value("input", [1, 2, 3, 3]), _value("v", [3, 1])],
                  [_value("tiled", [1, 4, 3, 6]), _value("expanded", [2, 3, 4])], inits)


def activations_exp():
    """The exponential activations: Elu, Celu, Selu, Softplus, Softsign and
    ThresholdedRelu, on an NHWC value and on a plain input."""
    rng = _rng(32)
    inits = [_weight(rng, (3, 2, 1, 1), "conv.weight")]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Elu", ["c"], ["elu"], name="elu", alpha=0.7),
        helper.make_node("Celu", ["x"], ["celu"], name="celu", alpha=1.5),
        helper.make_node("Selu", ["c"], ["selu"], name="selu"),
        helper.make_node("Softplus", ["x"], ["softplus"], name="softplus"),
        helper.make_node("Softsign", ["c"], ["softsign"], name="softsign"),
        helper.make_node("ThresholdedRelu", ["x"], ["thresholded"], name="thresholded", alpha=0.3),
    ]
    outputs = [_value("elu", [1, 3, 4, 4]), _value("celu", [2, 3, 5]), _value("selu", [1, 3, 4, 4]),
               _value("softplus", [2, 3, 5]), _value("softsign", [1, 3, 4, 4]), _value("thresholded", [2, 3, 5])]
    return _model("activations_exp", nodes, [_value("input", [1, 2, 4, 4]), _value("x", [2, 3, 5])], outputs,
                  inits)


def reductions_more():
    """ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum
    and ReduceLogSumExp, with the axes attribute (opset 13), on an NHWC value
    and on a plain input."""
    rng = _rng(33)
    inits = [_weight(rng, (3, 2, 1, 1), "conv.weight"), numpy_helper.from_array(np.array(1.0, dtype=np.float32),
                                                                                 "one")]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("ReduceMin", ["c"], ["min"], name="min", axes=[1]),
        helper.make_node("ReduceProd", ["x"], ["prod"], name="prod", axes=[-1], keepdims=0),
        helper.make_node("ReduceL1", ["c"], ["l1"], name="l1", axes=[2, 3]),
        helper.make_node("ReduceL2", ["x"], ["l2"], name="l2", axes=[0, 2], keepdims=0),
        helper.make_node("ReduceSumSquare", ["c"], ["sumsq"], name="sum_square"),
        helper.make_node("Abs", ["x"], ["ax"], name="abs"),
        helper.make_node("Add", ["ax", "one"], ["pos"], name="add_one"),
        helper.make_node("ReduceLogSum", ["pos"], ["logsum"], name="log_sum", axes=[1]),
        helper.make_node("ReduceLogSumExp", ["c"], ["logsumexp"], name="log_sum_exp", axes=[1], keepdims=0),
    ]
    outputs = [_value("min", [1, 1, 4, 5]), _value("prod", [2, 3]), _value("l1", [1, 3, 1, 1]), _value("l2", [3]),
               _value("sumsq", [1, 1, 1, 1]), _value("logsum", [2, 1, 4]), _value("logsumexp", [1, 4, 5])]
    return _model("reductions_more", nodes, [_value("input", [1, 2, 4, 5]), _value("x", [2, 3, 4])], outputs, inits)


def pad_value_input():
    """Pad of an NHWC value whose constant_value is a graph input."""
    rng = _rng(34)
    inits = [_weight(rng, (2, 2, 1, 1), "conv.weight"), _int64([0, 1, 2, 0, 0, 0, 1, 3], "pads")]
    nodes = [
        _conv("conv", "input", "conv.weight", "", "c"),
        helper.make_node("Pad", ["c", "pads", "value"], ["output"], name="pad"),
    ]
    return _model("pad_value_input", nodes, [_value("input", [1, 2, 3, 4]), _value("value", [])],
                  [_value("output", [1, 3, 6, 7])], inits)


def convtranspose_dilations():
    """ConvTranspose with dilations: a constant weight is dilated at import,
    a weight given as an input at run time."""
    rng = _rng(35)
    nodes = [
        helper.make_node("ConvTranspose", ["input", "w", "b"], ["output"], name="up_dilated", strides=[2, 1],
                         dilations=[2, 3], pads=[1, 0, 0, 2]),
        helper.make_node("ConvTranspose", ["input", "w_in"], ["output2"], name="up_dilated_data",
                         dilations=[3, 2]),
    ]
    inputs = [_value("input", [1, 2, 4, 3]), _value("w_in", [2, 1, 2, 2])]
    outputs = [_value("output", [1, 3, 10, 4]), _value("output2", [1, 1, 7, 5])]
    return _model("convtranspose_dilations", nodes, inputs, outputs,
                  [_weight(rng, (2, 3, 3, 2), "w"), _bias(rng, 3, "b")])


def constant_of_shape_fp16():
    """ConstantOfShape with a float16 value: rejected."""
    nodes = [
        helper.make_node("ConstantOfShape", ["shape"], ["c"], name="fill",
                         value=numpy_helper.from_array(np.array([1.0], dtype=np.float16))),
        helper.make_node("Cast", ["c"], ["cf"], name="to_float", to=TensorProto.FLOAT),
        helper.make_node("Add", ["input", "cf"], ["output"], name="add"),
    ]
    return _model("constant_of_shape_fp16", nodes, [_value("input", [2, 3])], [_value("output", [2, 3])],
                  [_int64([2, 3], "shape")])


def tile_zero():
    """Tile with a repeat of 0: rejected (positive repeats only)."""
    nodes = [helper.make_node("Tile", ["input", "repeats"], ["output"], name="tile_zero")]
    return _model("tile_zero", nodes, [_value("input", [2, 3])], [_value("output", [0, 3])],
                  [_int64([0, 1], "repeats")])


def expand_shape_input():
    """Expand whose shape is a graph input: not a constant, so rejected."""
    nodes = [helper.make_node("Expand", ["input", "shape"], ["output"], name="expand_dyn")]
    inputs = [_value("input", [3, 1]), helper.make_tensor_value_info("shape", TensorProto.INT64, [2])]
    return _model("expand_shape_input", nodes, inputs, [_value("output", [3, 4])], [])


def pad_value_vector():
    """Pad whose constant_value input holds two values: rejected."""
    nodes = [helper.make_node("Pad", ["input", "pads", "value"], ["output"], name="pad_vec")]
    return _model("pad_value_vector", nodes, [_value("input", [2, 3]), _value("value", [2])],
                  [_value("output", [2, 5])], [_int64([0, 1, 0, 1], "pads")])


def celu_zero_alpha():
    """Celu with alpha 0 (a division by zero): rejected."""
    nodes = [helper.make_node("Celu", ["input"], ["output"], name="celu0", alpha=0.0)]
    return _model("celu_zero_alpha", nodes, [_value("input", [2, 3])], [_value("output", [2, 3])], [])


def convtranspose_huge_dilation():
    """ConvTranspose whose dilated kernel would be larger than any window."""
    rng = _rng(36)
    nodes = [helper.make_node("ConvTranspose", ["input", "w"], ["output"], name="up_huge", dilations=[1 << 20, 1])]
    return _model("convtranspose_huge_dilation", nodes, [_value("input", [1, 1, 2, 2])],
                  [_value("output", [1, 1, (1 << 20) * 2 + 2, 3])], [_weight(rng, (1, 1, 3, 2), "w")])


BUILDERS = {
    "typed_constants": typed_constants,
    "opset18_forms": opset18_forms,
    "opset18_reduce_noop": opset18_reduce_noop,
    "opset20_forms": opset20_forms,
    "small_cnn_opset21": small_cnn_opset21,
    "digital_unit": digital_unit,
    "add_flatten_reshape": add_flatten_reshape,
    "avgpool_ceil": avgpool_ceil,
    "conv_auto_pad": conv_auto_pad,
    "conv_relu": conv_relu,
    "conv_variants": conv_variants,
    "dynamic_batch": dynamic_batch,
    "gemm": gemm,
    "gemm_typed": gemm_typed,
    "colon_names": colon_names,
    "invalid_graph": invalid_graph,
    "matmul": matmul,
    "pools": pools,
    "small_cnn": small_cnn,
    "small_cnn_residual": small_cnn_residual,
    "unnamed_nodes": unnamed_nodes,
    "unsupported": unsupported,
    "cut_names": cut_names,
    "qdq_cnn": qdq_cnn,
    "qdq_rounding": qdq_rounding,
    "qdq_per_axis": qdq_per_axis,
    "activations": activations,
    "arithmetic": arithmetic,
    "cast_to_int": cast_to_int,
    "clip_v6": clip_v6,
    "constants": constants,
    "conv1d": conv1d,
    "conv_data_weights": conv_data_weights,
    "conv_groups": conv_groups,
    "conv_transpose": conv_transpose,
    "linear": linear,
    "pad_modes": pad_modes,
    "pools_ceil": pools_ceil,
    "reductions": reductions,
    "resize": resize,
    "shape_ops": shape_ops,
    "shape_ops_v9": shape_ops_v9,
    "softmax": softmax,
    "softmax_v11": softmax_v11,
    "resize_cubic_modes": resize_cubic_modes,
    "resize_channels": resize_channels,
    "resize_cubic_huge": resize_cubic_huge,
    "resize_crop_channels": resize_crop_channels,
    "resize_cubic_zero_weights": resize_cubic_zero_weights,
    "control_flow": control_flow,
    "wake_word": wake_word,
    "loop_static": loop_static,
    "loop_dynamic": loop_dynamic,
    "loop_no_trip_count": loop_no_trip_count,
    "if_shape_mismatch": if_shape_mismatch,
    "if_nested": if_nested,
    "if_logic": if_logic,
    "loop_nested_huge": loop_nested_huge,
    "convtranspose_output_shape": convtranspose_output_shape,
    "convtranspose_group": convtranspose_group,
    "expand_tile": expand_tile,
    "activations_exp": activations_exp,
    "reductions_more": reductions_more,
    "pad_value_input": pad_value_input,
    "convtranspose_dilations": convtranspose_dilations,
    "constant_of_shape_fp16": constant_of_shape_fp16,
    "tile_zero": tile_zero,
    "expand_shape_input": expand_shape_input,
    "pad_value_vector": pad_value_vector,
    "celu_zero_alpha": celu_zero_alpha,
    "convtranspose_huge_dilation": convtranspose_huge_dilation,
}


def _described(doc, function, *args):
    """A builder calling function(*args), with `doc` for --list."""
    def builder():
        return function(*args)

    builder.__doc__ = doc
    return builder


BUILDERS.update({
    "qdq_opset21": _described("qdq_rounding at opset 21 with `saturate` and `block_size` 0 (dropped).",
                              _qdq_opset21, 0),
    "qdq_blocked": _described("Opset 21 DequantizeLinear with block_size 2: rejected.", _qdq_opset21, 2),
    "qdq_scale_input": _described("QuantizeLinear whose scale is a graph input: rejected.",
                                  _qdq_error, "scale_input"),
    "qdq_axis_mismatch": _described("Per-axis QuantizeLinear with 3 scales for 4 channels: rejected.",
                                    _qdq_error, "axis_mismatch"),
    "qdq_zero_scale": _described("QuantizeLinear with scale 0: rejected.", _qdq_error, "zero_scale"),
    "qdq_zp_shape": _described("QuantizeLinear whose zero point's shape is not the scale's: rejected.",
                               _qdq_error, "zp_shape"),
})
UNCHECKED |= {"qdq_opset21", "qdq_blocked"}


def _newer_opset_error_builder(kind):
    def builder():
        return opset18_errors(kind)

    builder.__doc__ = f"A newer-opset form the importer rejects: {kind}."
    return builder


for _kind in NEWER_OPSET_ERRORS:
    BUILDERS["opset18_" + _kind] = _newer_opset_error_builder(_kind)


def build(name):
    """The model called `name`; raises KeyError with the known names otherwise."""
    try:
        builder = BUILDERS[name]
    except KeyError:
        raise KeyError(f"unknown model '{name}'; known: {', '.join(sorted(BUILDERS))}") from None
    model = builder()
    # Builders are meant to be valid ONNX except the one that tests the checker.
    if name != "invalid_graph" and name not in UNCHECKED:
        onnx.checker.check_model(model)
    return model
