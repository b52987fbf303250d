// RUN: cim-translate --emit-cimbin %s -o %t.cimb
// RUN: cim-translate --import-cimbin %t.cimb -o %t.mlir
// RUN: cim-translate --emit-cimbin %t.mlir -o %t2.cimb
// RUN: cmp %t.cimb %t2.cimb
// RUN: FileCheck %s --input-file=%t.mlir

// emit -> import -> emit gives identical bytes: every record, every double
// and every instruction symbol (carried as a name location) survives the text
// form of the binary.

// CHECK-LABEL: module attributes {cimisa.arch = "{\22adc\22:
// CHECK-SAME: cimisa.buffer_elements = 1024 : i64, cimisa.model = "tiny", cimisa.producer = "cim test"}
// CHECK: cimisa.tensor @t0 input [1, 4, 4, 2] offset 0 {name = "x"}
// CHECK: cimisa.tensor @t3 constant [4] offset 112 value dense<[1.000000e-01, -2.500000e+00, 0.333333343, 1.401300e-45]> : tensor<4xf32> {name = "c"}
// CHECK: cimisa.layer @l0 conv2d offset {{{.*}}bias = array<f64: -0.000000e+00, 1.000000e+300, -0.14285714285714285, 0.000000e+00>
// CHECK-SAME: out_scale = array<f64: 1.000000e-01, 0.33333333333333331, 2.500000e-07, 7.000000e+00>
// CHECK: cimisa.tile @l0 block 1 rows 16 to 18 cols 0 to 4 slice 1 offset core 0 array 0 at 16, 4
// CHECK: cimisa.array core 0 array 0 levels dense<1> : tensor<128x128xui8>
// CHECK: cimisa.mode @full weight_bits [4] input_bits [8]
// CHECK: cimisa.core 0 {
// CHECK-NEXT: cimisa.set_mode @w2a4 loc(#[[UNKNOWN:loc[0-9]*]])
// CHECK-NEXT: cimisa.adc_set @l0 bits 6 range 384 loc(#[[CONV:loc[0-9]+]])
// CHECK-NEXT: cimisa.quant @l0, @t0 loc(#[[CONV]])
// CHECK: cimisa.max_pool @t1 -> @t2 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] loc(#[[POOL:loc[0-9]+]])
// CHECK: cimisa.core 1 {
// CHECK: cimisa.avg_pool @t5 -> @t9 kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad
// CHECK: cimisa.halt
// CHECK-DAG: #[[CONV]] = loc("conv1")
// CHECK-DAG: #[[POOL]] = loc("pool1")

module attributes {cimisa.arch = "{\"adc\":{\"bits\":8,\"columns_per_adc\":128,\"curve\":[{\"area_um2\":361,\"bits\":4,\"energy_pj\":0.79000000000000004},{\"area_um2\":476.91000000000003,\"bits\":5,\"energy_pj\":0.98999999999999999},{\"area_um2\":626.90999999999997,\"bits\":6,\"energy_pj\":1.2},{\"area_um2\":845.17999999999995,\"bits\":7,\"energy_pj\":1.4199999999999999},{\"area_um2\":1200,\"bits\":8,\"energy_pj\":1.6699999999999999},{\"area_um2\":1827.9000000000001,\"bits\":9,\"energy_pj\":1.97},{\"area_um2\":3002,\"bits\":10,\"energy_pj\":2.3799999999999999}],\"kind\":\"sar\",\"sample_rate_gsps\":1.28},\"array\":{\"active_rows\":128,\"area_um2\":25,\"cell_bits\":2,\"cell_read_energy_pj\":0.00183,\"cols\":128,\"polarity\":\"offset\",\"read_latency_ns\":100,\"rows\":128},\"buffer\":{\"area_um2\":9786.6700000000001,\"bytes\":65536,\"bytes_per_ns\":38.399999999999999,\"energy_pj_per_byte\":2.02},\"dac\":{\"area_um2\":0.16600000000000001,\"bits\":1,\"energy_pj\":0.39100000000000001},\"description\":\"ISAAC-like ReRAM accelerator (Shafiee et al., ISCA 2016): 128x128 crossbars of 2-bit cells, 1-bit DACs, one 8-bit 1.28 GS/s SAR ADC per array, 8 arrays per in-situ multiply-accumulate unit (IMA, one core here), 168 tiles x 12 IMAs, 32 nm.\",\"device\":\"reram\",\"digital\":{\"accumulator_bits\":16,\"area_um2\":315,\"clock_ghz\":1.2,\"op_energy_pj\":0.33300000000000002,\"shift_add_area_um2\":60,\"shift_add_energy_pj\":0.021000000000000001},\"hierarchy\":{\"arrays_per_core\":8,\"cores\":2016},\"name\":\"isaac\",\"noc\":{\"energy_pj_per_byte\":0.64800000000000002,\"latency_ns\":5},\"sources\":{\"adc.bits\":\"REFERENCE.md §5.1: ISAAC Table I, 8-bit ADC\",\"adc.columns_per_adc\":\"REFERENCE.md §5.1: one ADC per array converts its 128 bit-lines sequentially\",\"adc.curve\":\"REFERENCE.md §5.1: ISAAC ADC resolution scaling, 32 nm, 4..10 bits (Accelergy-Project/hwcomponents-library isaac.py, IsaacADC comment)\",\"adc.sample_rate_gsps\":\"REFERENCE.md §5.1: 1.28 GS/s ADC per array (128 conversions per 100 ns read)\",\"array.active_rows\":\"REFERENCE.md §5.1: ISAAC drives all 128 rows of a crossbar in one read (9-bit column sums before encoding, §9 lossless-bits formula)\",\"array.area_um2\":\"REFERENCE.md §5.1: ISAAC Table I, 8 arrays 0.0002 mm^2 -> 25 um^2 per array (PUMA crossbar 2.5e-5 mm^2, §5.3, agrees)\",\"array.cell_bits\":\"REFERENCE.md §5.1: ISAAC Table I, 2 bits/cell\",\"array.cell_read_energy_pj\":\"REFERENCE.md §5.1: derived 1.83 fJ per (1-bit input x 2-bit cell) cell-MAC (mimarsinan isaac_constants_research.md §1.3)\",\"array.cols\":\"REFERENCE.md §5.1: ISAAC Table I, memristor array 128x128\",\"array.read_latency_ns\":\"REFERENCE.md §5.1: ISAAC dataflow facts, crossbar read cycle of 100 ns\",\"array.rows\":\"REFERENCE.md §5.1: ISAAC Table I, memristor array 128x128 (Shafiee et al., ISCA 2016, via dyigitpolat/mimarsinan isaac_constants_research.md §1.1)\",\"buffer.area_um2\":\"REFERENCE.md §5.1: 1/12 of the tile eDRAM 0.083 mm^2 plus the IMA's IR 2 KB 0.0021 mm^2 and OR 256 B 0.00077 mm^2 -> 9786.67 um^2 [computed]\",\"buffer.bytes\":\"REFERENCE.md §5.1: ISAAC tile eDRAM buffer 64 KB\",\"buffer.bytes_per_ns\":\"REFERENCE.md §5.1: 256-bit eDRAM bus at 1.2 GHz -> 38.4 B/ns [computed]\",\"buffer.energy_pj_per_byte\":\"REFERENCE.md §5.1: derived eDRAM energy ~2.02 pJ/B (mimarsinan isaac_constants_research.md §1.3)\",\"dac.area_um2\":\"REFERENCE.md §5.1: Accelergy hwcomponents-library isaac.py, 1-bit DAC 0.166 um^2 (Table I 0.00017 mm^2 / 1024)\",\"dac.bits\":\"REFERENCE.md §5.1: ISAAC Table I, 1-bit DACs\",\"dac.energy_pj\":\"REFERENCE.md §5.1: derived 0.391 pJ per 1-bit DAC row drive (4 mW x 100 ns / 1024)\",\"digital.accumulator_bits\":\"REFERENCE.md §5.1 and §9: ISAAC 16-bit shift-and-add\",\"digital.area_um2\":\"REFERENCE.md §5.1: ISAAC Table I, per-IMA S+A x4 0.00024 mm^2 plus 1/12 of the tile's sigmoid, S+A and MaxPool (0.0009 mm^2) -> 315 um^2 [computed]\",\"digital.clock_ghz\":\"REFERENCE.md §5.1: ISAAC tile at 1.2 GHz\",\"digital.op_energy_pj\":\"REFERENCE.md §5.1: ISAAC tile MaxPool unit 0.4 mW at 1.2 GHz, one element op per cycle -> 0.333 pJ [computed]\",\"digital.shift_add_area_um2\":\"REFERENCE.md §5.1: Accelergy hwcomponents-library isaac.py, shift-add 60 um^2\",\"digital.shift_add_energy_pj\":\"REFERENCE.md §5.1: Accelergy hwcomponents-library isaac.py, 16-bit shift-add 0.021 pJ\",\"hierarchy.arrays_per_core\":\"REFERENCE.md §5.1: ISAAC Table I, 8 arrays per IMA (one IMA is one core here)\",\"hierarchy.cores\":\"REFERENCE.md §5.1: 168 tiles x 12 IMAs per tile = 2016 IMAs\",\"noc.energy_pj_per_byte\":\"REFERENCE.md §5.1: Accelergy hwcomponents-library isaac.py, router 20.74 pJ per 256-bit transfer -> 0.648 pJ/B [computed]\",\"noc.latency_ns\":\"REFERENCE.md §5.3: PUMA constants.py, 5 ns per packet (HyperTransport link)\",\"technology.node_nm\":\"REFERENCE.md §5.1: ISAAC 32 nm (Accelergy hwcomponents-library isaac.py)\"},\"technology\":{\"node_nm\":32}}", cimisa.model = "tiny", cimisa.producer = "cim test", cimisa.buffer_elements = 1024 : i64} {
  cimisa.tensor @t0 input [1, 4, 4, 2] offset 0 {name = "x"}
  cimisa.tensor @t1 intermediate [1, 4, 4, 4] offset 32 {name = "conv"}
  cimisa.tensor @t2 intermediate [1, 2, 2, 4] offset 96 {name = "pool"}
  cimisa.tensor @t3 constant [4] offset 112 value dense<[1.000000e-01, -2.500000e+00, 0.333333343, 1.401300e-45]> : tensor<4xf32> {name = "c"}
  cimisa.tensor @t4 intermediate [1, 2, 2, 4] offset 116 {name = "sum"}
  cimisa.tensor @t5 intermediate [1, 2, 2, 4] offset 132 {name = "act"}
  cimisa.tensor @t6 intermediate [1, 4, 2, 2] offset 148 {name = "nchw"}
  cimisa.tensor @t7 intermediate [16] offset 164 {name = "flat"}
  cimisa.tensor @t8 intermediate [16] offset 180 {name = "prod"}
  cimisa.tensor @t9 output [1, 2, 2, 4] offset 196 {name = "avg"}
  cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.000000e-01 : f64, input_signed, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.000000e-01, 0.33333333333333331, 2.500000e-07, 7.000000e+00>, bias = array<f64: -0.000000e+00, 1.000000e+300, -0.14285714285714285, 0.000000e+00>, relu, adc_bits = 8 : i64, adc_range = 384 : i64}
  cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0
  cimisa.tile @l0 block 1 rows 16 to 18 cols 0 to 4 slice 1 offset core 0 array 0 at 16, 4
  cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 1 offset core 0 array 0 at 0, 4
  cimisa.tile @l0 block 1 rows 16 to 18 cols 0 to 4 slice 0 offset core 0 array 0 at 16, 0
  cimisa.array core 0 array 0 levels dense<1> : tensor<128x128xui8>
  cimisa.mode @full weight_bits [4] input_bits [8]
  cimisa.mode @w2a4 weight_bits [2] input_bits [4]
  cimisa.core 0 {
    cimisa.set_mode @w2a4
    cimisa.adc_set @l0 bits 6 range 384 loc("conv1")
    cimisa.quant @l0, @t0 loc("conv1")
    cimisa.mvm @l0 block 0 loc("conv1")
    cimisa.mvm @l0 block 1 loc("conv1")
    cimisa.epilogue @l0, @t1 loc("conv1")
    cimisa.max_pool @t1 -> @t2 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] loc("pool1")
    cimisa.add @t2, @t3 -> @t4 loc("add1")
    cimisa.send @t4 to 1 token 7
    cimisa.barrier
    cimisa.halt
  }
  cimisa.core 1 {
    cimisa.recv @t4 from 0 token 7
    cimisa.relu @t4 -> @t5 loc("relu1")
    cimisa.transpose @t5 -> @t6 perm [0, 3, 1, 2] loc("tr1")
    cimisa.copy @t6 -> @t7
    cimisa.mul @t7, @t7 -> @t8
    cimisa.avg_pool @t5 -> @t9 kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad
    cimisa.barrier
    cimisa.halt
  }
}
