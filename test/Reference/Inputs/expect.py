"""Checks the float reference's outputs against NumPy.

Usage: expect.py CASE DIR writes CASE's inputs into DIR (mode `inputs`) or
compares DIR/out/NAME.npy with NumPy's values (mode `check`); prints one
line per output and exits 1 on the first mismatch.
"""

import math
import os
import sys

import numpy as np

F32 = np.float32
NAN = np.nan
INF = np.inf


def erf(a):
    return np.vectorize(math.erf, otypes=[np.float64])(a)


def bf16(a):
    """Round float32 values to bfloat16 (nearest, ties to even)."""
    bits = np.asarray(a, F32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    out = rounded.astype(np.uint32).view(F32)
    return np.where(np.isnan(a), F32(NAN), out)


def to_int(a, lo, hi):
    """TOSA float -> integer cast: nearest, ties to even, saturating."""
    a = np.asarray(a, np.float64)
    return np.where(np.isnan(a), 0, np.clip(np.rint(a), lo, hi))


def wrap(a, bits):
    half = 1 << (bits - 1)
    return ((np.asarray(a, np.int64) + half) % (2 * half)) - half


# ---------------------------------------------------------------- elementwise
def elementwise_inputs():
    x = np.array([[-2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5, 3.7],
                  [-7.25, -0.1, 0.3, 1.0, 2.0, -3.0, INF, NAN]], F32)
    y = np.array([[NAN, -1.5, 0.5, 0.0, 1.0, 2.0, -2.0, 0.25]], F32)
    return {"x": x, "y": y}


def elementwise_expected(x, y):
    with np.errstate(all="ignore"):
        x64, y64 = x.astype(np.float64), y.astype(np.float64)
        gt, eq, ge = x > y, x == y, x >= y
        return {
            "abs": np.abs(x), "ceil": np.ceil(x), "floor": np.floor(x),
            "cos": np.cos(x64), "sin": np.sin(x64), "erf": erf(x64),
            "exp": np.exp(x64), "log": np.log(np.abs(x64)), "negate": -x,
            "reciprocal": F32(1) / x, "rsqrt": 1 / np.sqrt(np.abs(x64)),
            "sigmoid": 1 / (1 + np.exp(-x64)), "tanh": np.tanh(x64),
            "pow": np.power(np.abs(x64), y64),
            "max_propagate": np.maximum(x, y), "max_ignore": np.fmax(x, y),
            "min_propagate": np.minimum(x, y), "min_ignore": np.fmin(x, y),
            "select_greater": np.where(gt, x, y), "equal": eq, "greater_equal": ge,
            "logic": 4 * (gt & ge) + 2 * (gt | eq) + ((~ge) ^ eq),
            "clamp_propagate": np.clip(x, -1, 1),
            "clamp_ignore": np.where(np.isnan(x), -1, np.clip(x, -1, 1)),
            "sub_mul": (y - x) * y,
        }


# -------------------------------------------------------------------- cast
def cast_inputs():
    x = np.array([[-300.5, -128.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5],
                  [127.5, 1e10, -1e10, 0.0, 65519.0, 65520.0, 1.00048828125,
                   NAN]], F32)
    z = np.array([300, -300, 128, -129, 255, 256, 1000, -1000], F32)
    return {"x": x, "z": z}


def cast_expected(x, z):
    with np.errstate(all="ignore"):
        return {
            "i8": to_int(x, -128, 127), "i16": to_int(x, -32768, 32767),
            "i32": to_int(x, -2**31, 2**31 - 1),
            "i32_i8": wrap(z, 8), "i32_i16_i8": wrap(wrap(z * 100, 16), 8),
            "f16": x.astype(np.float16), "bf16": bf16(x),
            "bool": (x != 0), "bool_i32": (z > 200).astype(np.int32),
        }


# ------------------------------------------------------------------ layout
def layout_inputs():
    x = ((np.arange(24, dtype=F32) - 10) * F32(0.5)).reshape(2, 3, 4)
    x[1, 2, 3] = NAN
    return {"x": x}


def argmax_ignore(x, axis):
    return np.nanargmax(np.where(np.isnan(x), -INF, x), axis=axis)


def layout_expected(x):
    pos = x > 0
    gather = np.stack([x[0][[2, 0]], x[1][[1, 1]]])
    scatter = x.copy()
    scatter[0, [2, 0]] = -gather[0]
    scatter[1, [0, 1]] = -gather[1]
    with np.errstate(all="ignore"):
        return {
            "sum0": x.sum(0, keepdims=True), "max1": x.max(1, keepdims=True),
            "max1_ignore": np.nanmax(x, 1, keepdims=True),
            "min2": np.nanmin(x, 2, keepdims=True),
            "prod2": x.prod(2, keepdims=True),
            "all2": pos.all(2, keepdims=True), "any2": pos.any(2, keepdims=True),
            # Propagate: the first NaN wins.
            "argmax2": np.where(np.isnan(x).any(2), np.isnan(x).argmax(2),
                                x.argmax(2)),
            "argmax2_ignore": argmax_ignore(x, 2),
            "concat": np.concatenate([x, x], 2),
            "pad": np.pad(x, [(1, 2), (0, 1), (2, 0)], constant_values=-1),
            "slice": x[0:2, 0:2, 1:4], "tile": np.tile(x, (2, 2, 1)),
            "reverse": x[:, ::-1, :], "gather": gather, "scatter": scatter,
            "reshape": x.reshape(2, 12), "flat_slice": x.ravel()[[1, 1]],
        }


# -------------------------------------------------------------------- conv
def pattern(shape, mod, scale):
    n = int(np.prod(shape))
    return ((np.arange(n) % mod - mod // 2) * scale).reshape(shape).astype(F32)


def conv_inputs():
    x = pattern((1, 3, 4, 2), 11, 0.5)
    x[0, 2, 1, 0] = NAN
    v = pattern((1, 2, 3, 3, 2), 9, 0.25)
    return {"x": x, "v": v}


def depthwise(x, w, b, pad, stride, dil):
    n, h, wd, c = x.shape
    kh, kw, _, m = w.shape
    xp = np.pad(x.astype(np.float64), [(0, 0), pad[0:2], pad[2:4], (0, 0)])
    oh = (h + sum(pad[0:2]) - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + sum(pad[2:4]) - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, c * m))
    for i in range(oh):
        for j in range(ow):
            for ch in range(c):
                for mm in range(m):
                    acc = b[ch * m + mm]
                    for p in range(kh):
                        for q in range(kw):
                            acc += (xp[0, i * stride[0] + p * dil[0],
                                       j * stride[1] + q * dil[1], ch]
                                    * w[p, q, ch, mm])
                    out[0, i, j, ch * m + mm] = acc
    return out


def transpose_conv(x, w, b, out_pad, stride):
    """TOSA's definition: every input cell scatters into the output."""
    n, h, wd, c = x.shape
    oc, kh, kw, _ = w.shape
    oh = (h - 1) * stride[0] + out_pad[0] + out_pad[1] + kh
    ow = (wd - 1) * stride[1] + out_pad[2] + out_pad[3] + kw
    out = np.zeros((n, oh, ow, oc)) + b
    for iy in range(h):
        for ix in range(wd):
            for ky in range(kh):
                for kx in range(kw):
                    oy = iy * stride[0] + out_pad[0] + ky
                    ox = ix * stride[1] + out_pad[2] + kx
                    if 0 <= oy < oh and 0 <= ox < ow:
                        out[0, oy, ox] += w[:, ky, kx, :] @ x[0, iy, ix]
    return out


def conv3d(v, w, b, pad, stride):
    vp = np.pad(v.astype(np.float64),
                [(0, 0), pad[0:2], pad[2:4], pad[4:6], (0, 0)])
    oc, kd, kh, kw, _ = w.shape
    dims = [(vp.shape[1 + k] - w.shape[1 + k]) // stride[k] + 1
            for k in range(3)]
    out = np.zeros([1] + dims + [oc])
    for z in range(dims[0]):
        for i in range(dims[1]):
            for j in range(dims[2]):
                win = vp[0, z * stride[0]:z * stride[0] + kd,
                         i * stride[1]:i * stride[1] + kh,
                         j * stride[2]:j * stride[2] + kw]
                out[0, z, i, j] = np.tensordot(w, win, 4) + b
    return out


def max_pool(x, ignore):
    xp = np.pad(x, [(0, 0), (0, 1), (0, 0), (0, 0)], constant_values=-INF)
    out = np.zeros((1, 2, 2, 2), F32)
    for i in range(2):
        for j in range(2):
            win = xp[0, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(4, 2)
            out[0, i, j] = np.nanmax(win, 0) if ignore else np.max(win, 0)
    return out


def half_pixel_linear(x, oh, ow):
    """ONNX Resize, mode linear, coordinate_transformation_mode half_pixel."""
    _, ih, iw, _ = x.shape

    def axis(o, i):
        pos = np.clip((np.arange(o) + 0.5) * i / o - 0.5, 0, i - 1)
        lo = np.floor(pos).astype(int)
        return lo, np.minimum(lo + 1, i - 1), pos - lo

    y0, y1, fy = axis(oh, ih)
    x0, x1, fx = axis(ow, iw)
    xd = x.astype(np.float64)
    fy, fx = fy[:, None, None], fx[None, :, None]
    top = xd[0, y0][:, x0] * (1 - fx) + xd[0, y0][:, x1] * fx
    bottom = xd[0, y1][:, x0] * (1 - fx) + xd[0, y1][:, x1] * fx
    return (top * (1 - fy) + bottom * fy)[None]


def asymmetric_nearest(x, oh, ow):
    """Nearest with position o * I / O, rounding halves up."""
    _, ih, iw, _ = x.shape
    ys = np.minimum(np.floor(np.arange(oh) * ih / oh + 0.5).astype(int), ih - 1)
    xs = np.minimum(np.floor(np.arange(ow) * iw / ow + 0.5).astype(int), iw - 1)
    return x[:, ys][:, :, xs]


def conv_expected(x, v):
    dw = pattern((3, 3, 2, 2), 7, 0.25)
    tw = pattern((3, 2, 3, 2), 5, 0.5)
    cw = pattern((2, 2, 2, 2, 2), 3, 1.0)
    xr = np.where(np.isnan(x), F32(-100), x)
    c3 = conv3d(v, cw, np.array([0.25, -0.25]), (0, 0, 1, 0, 0, 1), (1, 2, 2))
    with np.errstate(all="ignore"):
        return {
            "depthwise": depthwise(x, dw, [0.5, -0.5, 1, 0], (1, 1, 1, 1),
                                   (2, 1), (1, 2)),
            "transpose_conv": transpose_conv(x, tw, [1, 2, 3], (0, 0, 1, 0),
                                             (2, 1)),
            "transpose_conv_crop": transpose_conv(x, tw, [1, 2, 3],
                                                  (-1, 0, 0, 0), (2, 1)),
            "conv3d": np.concatenate([c3, c3], 1),
            "maxpool": max_pool(x, False), "maxpool_ignore": max_pool(x, True),
            "bilinear": half_pixel_linear(xr, 6, 8),
            "nearest": asymmetric_nearest(xr, 5, 3),
        }


CASES = {
    "elementwise": (elementwise_inputs, elementwise_expected),
    "cast": (cast_inputs, cast_expected),
    "layout": (layout_inputs, layout_expected),
    "conv": (conv_inputs, conv_expected),
}


def main():
    mode, case, folder = sys.argv[1:4]
    make_inputs, expected = CASES[case]
    inputs = make_inputs()
    if mode == "inputs":
        for name, value in inputs.items():
            np.save(os.path.join(folder, name + ".npy"), value)
        return 0
    for name, want in expected(**inputs).items():
        got = np.load(os.path.join(folder, "out", name + ".npy"))
        want = np.asarray(want).astype(F32)
        ok = got.shape == want.shape and np.allclose(
            got, want, rtol=1e-6, atol=1e-7, equal_nan=True)
        print(f"{name}: {'ok' if ok else 'MISMATCH'}")
        if not ok:
            print(f"  got  {got.ravel().tolist()}\n  want {want.ravel().tolist()}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
