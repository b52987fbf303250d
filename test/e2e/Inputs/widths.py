"""Checks on the channel-width modes of one binary (cim-width-modes).

    widths.py frontier REPORT.json --modes M100,M75,M50,M25 --half M50 --at-most 0.6
        prints energy, latency, arrays used and ADC conversions of each mode;
        fails unless energy and latency fall strictly from mode to mode, the
        arrays used never grow, and the ADC conversions of --half are at most
        --at-most times those of the first mode
    widths.py subnet MODEL.onnx INPUT.npy OUTPUT.npy --width W --above DB
        computes the float sub-network of width W% in NumPy from the ONNX
        weights, independently of the compiler: every Conv whose output
        reaches only Conv / Gemm nodes (through Relu, MaxPool, Flatten)
        keeps its ceil(W% * C) channels of largest L1 weight norm (ties: the
        lower index) and zeroes the others; prints the SNR of OUTPUT (a
        cim-sim output of the width mode) against it and fails unless it is
        above DB. Handles the ops of small_cnn only.
"""

import argparse
import json
import math
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def frontier(args):
    with open(args.report) as f:
        report = json.load(f)
    totals = {m["name"]: m["total"] for m in report["modes"]}
    names = args.modes.split(",")
    missing = [n for n in names + [args.half] if n not in totals]
    if missing:
        print(f"FAIL: no mode {', '.join(missing)} (modes: {', '.join(totals)})")
        return 1
    fields = ("energy_pj", "latency_ns", "arrays_used", "adc_conversions")
    for name in names:
        t = totals[name]
        print(name, " ".join(f"{k}={t[k]:.1f}" if isinstance(t[k], float) else f"{k}={t[k]}" for k in fields))
    failures = []
    for wide, narrow in zip(names, names[1:]):
        a, b = totals[wide], totals[narrow]
        if not b["energy_pj"] < a["energy_pj"]:
            failures.append(f"energy of {narrow} is not below {wide}'s")
        if not b["latency_ns"] < a["latency_ns"]:
            failures.append(f"latency of {narrow} is not below {wide}'s")
        if b["arrays_used"] > a["arrays_used"]:
            failures.append(f"{narrow} uses more arrays than {wide}")
    ratio = totals[args.half]["adc_conversions"] / totals[names[0]]["adc_conversions"]
    print(f"adc_conversions {args.half}/{names[0]}={ratio:.4f}")
    if ratio > args.at_most:
        failures.append(f"{args.half} converts {ratio:.4f} of {names[0]}'s, more than {args.at_most}")
    for line in failures:
        print("FAIL:", line)
    return 1 if failures else 0


def _conv(x, w, b, pads, strides):
    """NCHW convolution, float64."""
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (xp.shape[2] - kh) // strides[0] + 1
    ow = (xp.shape[3] - kw) // strides[1] + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * strides[0]:i * strides[0] + kh, j * strides[1]:j * strides[1] + kw]
            out[:, :, i, j] = np.einsum("nckl,ockl->no", window, w)
    return out + b[None, :, None, None]


def _narrowed(model):
    """Names of the Conv outputs that reach only Conv / Gemm through channel-wise nodes."""
    users = {}
    for node in model.graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    outputs = {o.name for o in model.graph.output}

    def only_layers(value):
        if value in outputs or not users.get(value):
            return False
        for node in users[value]:
            if node.op_type in ("Conv", "Gemm"):
                continue
            if node.op_type in ("Relu", "MaxPool", "Flatten") and only_layers(node.output[0]):
                continue
            return False
        return True

    return {n.output[0] for n in model.graph.node if n.op_type == "Conv" and only_layers(n.output[0])}


def subnet(args):
    model = onnx.load(args.model)
    weights = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    values = {model.graph.input[0].name: np.load(args.input).astype(np.float64)}
    narrowed = _narrowed(model)
    for node in model.graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        ins = [values[n] if n in values else weights[n] for n in node.input]
        if node.op_type == "Conv":
            out = _conv(ins[0], ins[1], ins[2], attrs.get("pads", [0] * 4), attrs.get("strides", [1, 1]))
            if node.output[0] in narrowed:
                channels = out.shape[1]
                keep = -(-args.width * channels // 100)
                norms = np.abs(ins[1]).reshape(channels, -1).sum(axis=1)
                order = sorted(range(channels), key=lambda c: (-norms[c], c))
                mask = np.zeros(channels)
                mask[order[:keep]] = 1
                out = out * mask[None, :, None, None]
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif node.op_type == "MaxPool":
            (kh, kw), t = attrs["kernel_shape"], ins[0]
            if list(attrs.get("strides", [1, 1])) != [kh, kw] or any(attrs.get("pads", [0])):
                raise SystemExit("widths.py: only non-overlapping unpadded MaxPool is supported")
            out = t.reshape(t.shape[0], t.shape[1], t.shape[2] // kh, kh, t.shape[3] // kw, kw).max(axis=(3, 5))
        elif node.op_type == "Flatten":
            out = ins[0].reshape(ins[0].shape[0], -1)
        elif node.op_type == "Gemm":
            b = ins[1].T if attrs.get("transB", 0) else ins[1]
            out = ins[0] @ b + ins[2]
        else:
            raise SystemExit(f"widths.py: unsupported op {node.op_type}")
        values[node.output[0]] = out
    ref = values[model.graph.output[0].name]
    got = np.load(args.output).astype(np.float64).reshape(ref.shape)
    snr = 10 * math.log10(float((ref ** 2).sum()) / max(float(((got - ref) ** 2).sum()), 1e-30))
    print(f"width {args.width}: snr_db={snr:.2f} narrowed={len(narrowed)}")
    if not snr > args.above:
        print(f"FAIL: snr_db {snr:.2f} is not above {args.above}")
        return 1
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("frontier")
    p.add_argument("report")
    p.add_argument("--modes", required=True)
    p.add_argument("--half", required=True)
    p.add_argument("--at-most", type=float, required=True)
    p.set_defaults(run=frontier)
    p = sub.add_parser("subnet")
    p.add_argument("model")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--above", type=float, required=True)
    p.set_defaults(run=subnet)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
