"""npy_tools.py: make .npy files for tests, well-formed and broken.

    /usr/bin/python3 -m cim.npy_tools random --shape 1x3x16x16 --seed 0 -o x.npy
    /usr/bin/python3 -m cim.npy_tools random --shape 2x3 --dtype float64 --fortran -o f.npy
    /usr/bin/python3 -m cim.npy_tools truncate x.npy --drop 4 -o t.npy
    /usr/bin/python3 -m cim.npy_tools show x.npy

`random` draws from a seeded normal distribution (the same seed gives the
same bytes); --fortran and --big-endian produce the layouts cim-sim rejects.
"""

import argparse
import sys

import numpy as np


def parse_shape(text):
    if text in ("", "scalar"):
        return ()
    try:
        dims = tuple(int(d) for d in text.split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad shape '{text}': expected e.g. 1x3x16x16")
    if any(d < 0 for d in dims):
        raise argparse.ArgumentTypeError(f"bad shape '{text}': negative dimension")
    return dims


def random_array(shape, seed, dtype="float32", scale=1.0):
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(shape) * scale
    if np.dtype(dtype).kind in "iu":
        values = np.round(values * 10)
        if np.dtype(dtype).kind == "u":
            values = np.abs(values)
    return values.astype(dtype)


def _save(path, array):
    with open(path, "wb") as out:
        np.lib.format.write_array(out, array, allow_pickle=False)


def cmd_random(args):
    array = random_array(args.shape, args.seed, args.dtype, args.scale)
    if args.big_endian:
        array = array.astype(array.dtype.newbyteorder(">"))
    if args.fortran:
        array = np.asfortranarray(array)
    _save(args.output, array)
    return 0


def cmd_truncate(args):
    with open(args.input, "rb") as f:
        data = f.read()
    if args.drop > len(data):
        print(f"npy_tools: {args.input}: shorter than {args.drop} bytes", file=sys.stderr)
        return 1
    with open(args.output, "wb") as f:
        f.write(data[: len(data) - args.drop])
    return 0


def cmd_show(args):
    array = np.load(args.input, allow_pickle=False)
    print(f"{args.input}: {array.dtype} {'x'.join(map(str, array.shape)) or 'scalar'}")
    flat = array.reshape(-1)
    if args.count >= 0:
        flat = flat[: args.count]
    print(np.array2string(flat, precision=6, max_line_width=1 << 20, threshold=1 << 30))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.npy_tools", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    r = sub.add_parser("random", help="seeded normal values")
    r.add_argument("--shape", type=parse_shape, required=True, help="e.g. 1x3x16x16")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--dtype", default="float32",
                   choices=["float32", "float64", "int32", "int64", "uint8", "complex64"])
    r.add_argument("--scale", type=float, default=1.0, help="standard deviation")
    r.add_argument("--fortran", action="store_true", help="store in Fortran order")
    r.add_argument("--big-endian", action="store_true", help="store big-endian")
    r.add_argument("-o", "--output", required=True)
    r.set_defaults(func=cmd_random)

    t = sub.add_parser("truncate", help="drop bytes from the end of a file")
    t.add_argument("input")
    t.add_argument("--drop", type=int, default=4)
    t.add_argument("-o", "--output", required=True)
    t.set_defaults(func=cmd_truncate)

    s = sub.add_parser("show", help="print dtype, shape and the first values")
    s.add_argument("input")
    s.add_argument("--count", type=int, default=16, help="values to print (-1: all)")
    s.set_defaults(func=cmd_show)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
