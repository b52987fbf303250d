# -*- Python -*-
# lit configuration for cim. Run through ctest (see test/CMakeLists.txt).

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "CIM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cim_obj_root, "test")

llvm_config.use_default_substitutions()
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%cim_src", config.cim_src_root))
config.substitutions.append(("%onnx_testdata", "/usr/share/libonnx-testdata/data/node"))
config.environment["PYTHONPATH"] = os.path.join(config.cim_src_root, "python")
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.cim_tools_dir, append_path=True)
tool_dirs = [config.cim_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["cim-opt", "cim-translate", "cim-sim", "cim-onnx-conformance", "FileCheck",
     "not", "split-file"],
    tool_dirs)

# ONNX Runtime for Node, installed by scripts/install-ort.sh into the build
# tree (or where CIM_ORT_NODE_PATH points): tests comparing against it
# require the 'ort' feature.
import shutil
ort_node_path = os.environ.get(
    "CIM_ORT_NODE_PATH", os.path.join(config.cim_obj_root, "ort", "node_modules"))
if shutil.which("node") and os.path.isdir(os.path.join(ort_node_path, "onnxruntime-node")):
    config.available_features.add("ort")
config.substitutions.append(("%ort_node_path", ort_node_path))
