"""cim: Python side of the compute-in-memory compiler (model builders, tools)."""

# Submodules are imported on demand (`import cim.models`) so that importing the
# package stays cheap and does not require onnx for users of other submodules.
__all__ = ["models", "make_models"]
