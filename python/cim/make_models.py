"""make_models.py: write one of the cim.models builders to an .onnx file.

    /usr/bin/python3 -m cim.make_models small_cnn -o small_cnn.onnx
    /usr/bin/python3 -m cim.make_models --list
    /usr/bin/python3 -m cim.make_models --all DIR     # every model, DIR/NAME.onnx
    /usr/bin/python3 -m cim.make_models small_cnn -o m.onnx --external-data weights.bin
"""

import argparse
import os
import sys

import onnx

from cim import models


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.make_models", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="model builder name (see --list)")
    parser.add_argument("-o", "--output", help="output .onnx path")
    parser.add_argument("--list", action="store_true", help="print the builder names and exit")
    parser.add_argument("--all", metavar="DIR", help="write every model to DIR/NAME.onnx")
    parser.add_argument("--external-data", metavar="LOCATION",
                        help="store every initializer in LOCATION, a path relative to the "
                             "output's folder (ONNX external data)")
    args = parser.parse_args(argv)

    if args.list:
        for name in sorted(models.BUILDERS):
            print(f"{name}: {models.BUILDERS[name].__doc__.splitlines()[0]}")
        return 0
    if args.all:
        os.makedirs(args.all, exist_ok=True)
        for name in sorted(models.BUILDERS):
            _write(models.build(name), os.path.join(args.all, name + ".onnx"))
        return 0
    if not args.name or not args.output:
        parser.error("a model name and -o OUTPUT are required")
    try:
        model = models.build(args.name)
    except KeyError as err:
        print(f"cim.make_models: {err.args[0]}", file=sys.stderr)
        return 1
    if args.external_data:
        # Every initializer, however small, in one file: what exporters do for
        # models over 2 GB, and what the importer's loader is tested with.
        onnx.save_model(model, args.output, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=args.external_data, size_threshold=0)
        return 0
    _write(model, args.output)
    return 0


def _write(model, path):
    # SerializeToString of a proto without map fields is deterministic, so the
    # same builder always yields the same file.
    with open(path, "wb") as out:
        out.write(model.SerializeToString())


if __name__ == "__main__":
    sys.exit(main())
