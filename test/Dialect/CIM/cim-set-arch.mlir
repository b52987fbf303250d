// RUN: cim-opt %s --cim-set-arch=arch=isaac | FileCheck %s
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json | FileCheck %s --check-prefix=FILE
// RUN: not cim-opt %s --cim-set-arch=arch=%t.missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not cim-opt %s --cim-set-arch 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: %python -c "import json; a = json.load(open('%S/Inputs/tiny.json')); a['array']['colums'] = 8; json.dump(a, open('%t.bad.json', 'w'))"
// RUN: not cim-opt %s --cim-set-arch=arch=%t.bad.json 2>&1 | FileCheck %s --check-prefix=BADKEY

// The target travels with the module as a dictionary with the file's keys.
// CHECK: module attributes {cim.arch = #cim.arch<"isaac", {adc = {bits = 8 : i64
// CHECK-SAME: array = {active_rows = 128 : i64,{{.*}} cell_bits = 2 : i64,{{.*}} cols = 128 : i64, polarity = "offset",{{.*}} rows = 128 : i64}
// CHECK-SAME: hierarchy = {arrays_per_core = 8 : i64, cores = 2016 : i64}
// FILE: #cim.arch<"tiny", {{.*}}rows = 8 : i64
// MISSING: error: {{.*}}missing.json: cannot read arch file
// EMPTY: error: cim-set-arch needs arch=NAME
// A bad file names the file and the key.
// BADKEY: error: {{.*}}bad.json: {{.*}}'array.colums'
func.func @main() {
  return
}
