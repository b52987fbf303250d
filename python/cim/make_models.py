"""make_models.py: write one of the cim.models builders to an .onnx file.

    /usr/bin/python3 -m cim.make_models small_cnn -o small_cnn.onnx
    /usr/bin/python3 -m cim.make_models --list
"""

import argparse
import sys

from cim import models


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.make_models", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="model builder name (see --list)")
    parser.add_argument("-o", "--output", help="output .onnx path")
    parser.add_argument("--list", action="store_true", help="print the builder names and exit")
    args = parser.parse_args(argv)

    if args.list:
        for name in sorted(models.BUILDERS):
            print(f"{name}: {models.BUILDERS[name].__doc__.splitlines()[0]}")
        return 0
    if not args.name or not args.output:
        parser.error("a model name and -o OUTPUT are required")
    try:
        model = models.build(args.name)
    except KeyError as err:
        print(f"cim.make_models: {err.args[0]}", file=sys.stderr)
        return 1
    # SerializeToString of a proto without map fields is deterministic, so the
    # same builder always yields the same file.
    with open(args.output, "wb") as out:
        out.write(model.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
