// RUN: cim-opt %s --verify-diagnostics --cim-map-crossbars
// RUN: not cim-opt %s --cim-set-arch=arch=isaac --cim-map-crossbars=adc-bits=9 2>&1 | FileCheck %s --check-prefix=BITS

// Every mapping decision depends on the target.
// expected-error @+1 {{no target: the module needs a 'cim.arch' attribute}}
module {
  func.func @main() {
    return
  }
}
// The ADC can run at fewer bits than it was built with, never at more.
// BITS: error: cim-map-crossbars: adc-bits=9 exceeds the target's 8-bit ADC
