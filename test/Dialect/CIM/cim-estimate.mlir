// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8,w4a4 lower=false" --convert-cim-to-isa --cim-estimate=report=%t.json | FileCheck %s
// RUN: %python -c "import json, sys; r = json.load(open('%t.json')); m = {x['name']: x['total'] for x in r['modes']}; sys.exit(0 if m['w4a4']['energy_pj'] < m['w8a8']['energy_pj'] and m['w4a4']['adc_conversions'] * 4 == m['w8a8']['adc_conversions'] else 1)"
// RUN: FileCheck %s --check-prefix=JSON < %t.json

// The totals of every mode as a module attribute, for tests and later
// passes. w4a4 keeps half the slices and half the input cycles: a quarter of
// the conversions.
// CHECK: module attributes {cim.estimate = {w4a4 = {adc_conversions = 48 : i64, area_mm2 = {{.*}} : f64, array_activations = 8 : i64, energy_pj = {{.*}} : f64, latency_ns = {{.*}} : f64}, w8a8 = {adc_conversions = 192 : i64, area_mm2 = {{.*}} : f64, array_activations = 32 : i64,
// The report file follows DESIGN §10.
// JSON: "arch": "tiny"
// JSON: "modes": [
// JSON: "energy_pj_by": {
// JSON: "adc":
// JSON: "layers": [
// JSON: "name": "fc"
func.func @main(%x: tensor<1x1x16xf32> {cim.name = "x"}) -> (tensor<1x1x3xf32> {cim.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = "tosa.const"() <{values = dense<0.25> : tensor<1x16x3xf32>}> : () -> tensor<1x16x3xf32>
  %y = tosa.matmul %x, %m, %zp, %zp : (tensor<1x1x16xf32>, tensor<1x16x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  return %y : tensor<1x1x3xf32>
}
