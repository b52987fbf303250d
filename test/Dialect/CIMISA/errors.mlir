// RUN: cim-opt %s --split-input-file --verify-diagnostics

// One case per verifier rule of the cimisa dialect; the comment above each
// case says why the rule exists.
// The binary's header fields live on the module only.
// expected-error @below {{'cimisa.model' belongs on a module}}
cimisa.tensor @x input [1] offset 0 {name = "x", cimisa.model = "m"}

// -----

// The arch is hashed as text: it must be a string.
// expected-error @below {{'cimisa.arch' must be a string}}
module attributes {cimisa.arch = 3 : i64} {}

// -----

// The buffer size is an element count.
// expected-error @below {{'cimisa.buffer_elements' must be a non-negative i64 element count}}
module attributes {cimisa.buffer_elements = -1 : i64} {}

// -----

// Misspelled attributes would be dropped silently by the binary writer.
// expected-error @below {{unknown cimisa attribute 'cimisa.modle'}}
module attributes {cimisa.modle = "m"} {}

// -----

// Shapes are element counts.
// expected-error @below {{'shape' entries must be >= 0, got [1, -4]}}
cimisa.tensor @x input [1, -4] offset 0 {name = "x"}

// -----

// The binary stores a constant's values with its descriptor.
// expected-error @below {{a constant tensor needs a 'value'}}
cimisa.tensor @c constant [2] offset 0 {name = "c"}

// -----

// Only constants are initialized by the loader.
// expected-error @below {{only a constant tensor may carry a 'value'}}
cimisa.tensor @c input [2] offset 0 value dense<1.0> : tensor<2xf32> {name = "c"}

// -----

// The loader copies exactly numel(shape) values.
// expected-error @below {{'value' has 3 elements but the shape [2] has 2}}
cimisa.tensor @c constant [2] offset 0 value dense<1.0> : tensor<3xf32> {name = "c"}

// -----

// Sizes of a convolution are positive.
// expected-error @below {{'input' entries must be >= 1, got [1, 4, 0, 2]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 0, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// Padding is added, never removed.
// expected-error @below {{'pads' entries must be >= 0, got [1, -1, 1, 1]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, -1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// The simulator runs a matmul as a 1x1 convolution.
// expected-error @below {{a matmul layer is a 1x1 convolution over [batch, rows, 1, K]: kernel, inW and outW must be 1}}
cimisa.layer @l0 matmul offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// The output size follows from input, kernel, stride, padding and dilation.
// expected-error @below {{output width 3 does not match the convolution, which gives 4}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 3, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// Input codes are at most 16 bits.
// expected-error @below {{'input_bits' = 17 is outside [1, 16]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 17 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// A signed weight needs a sign bit and a magnitude bit.
// expected-error @below {{'weight_bits' = 1 is outside [2, 16]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 1 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// A cell holds at most 8 bits (levels are ui8).
// expected-error @below {{'cell_bits' = 9 is outside [1, 8]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 9 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// A DAC step cannot carry more bits than the input has.
// expected-error @below {{'dac_bits' = 9 is outside [1, 8]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 9 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// Column sums are converted with at most 32 bits.
// expected-error @below {{'adc_bits' = 0 is outside [1, 32]}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 0 : i64, adc_range = 384 : i64}

// -----

// Row blocks partition the im2col rows.
// expected-error @below {{'rows_per_block' must be positive}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 0 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// A signed input needs a sign bit and a magnitude bit.
// expected-error @below {{a signed input needs at least 2 'input_bits'}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 1 : i64, input_signed, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// Quantization divides by the input scale.
// expected-error @below {{'input_scale' must be finite and positive}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 0.0 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// The epilogue scales and biases every output channel.
// expected-error @below {{'out_scale' and 'bias' need one value per output channel (4), got 4 and 1}}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

// -----

// A tile holds at least one row.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{row range [4, 4) is empty}}
cimisa.tile @l0 block 0 rows 4 to 4 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0

// -----

// A tile holds at least one column.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{column range [3, 1) is empty}}
cimisa.tile @l0 block 0 rows 0 to 4 cols 3 to 1 slice 0 offset core 0 array 0 at 0, 0

// -----

// A tile belongs to a layer of the module.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{'layer' refers to @nope, which is not defined}}
cimisa.tile @nope block 0 rows 0 to 4 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0

// -----

// A tile's layer must be a cimisa.layer.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
// expected-error @below {{'layer' refers to @x, which is a 'cimisa.tensor', not a 'cimisa.layer'}}
cimisa.tile @x block 0 rows 0 to 4 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0

// -----

// kRows = 18 and 16 rows per block give 2 row blocks.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{row block 2 is out of range: the layer has 2 row blocks}}
cimisa.tile @l0 block 2 rows 0 to 4 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0

// -----

// Row block 1 covers im2col rows [16, 18).
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{rows [8, 18) lie outside row block 1 = [16, 18)}}
cimisa.tile @l0 block 1 rows 8 to 18 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0

// -----

// Columns are output channels.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{columns end at 5 beyond the layer's 4 output channels}}
cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 5 slice 0 offset core 0 array 0 at 0, 0

// -----

// 4 stored bits in 2-bit cells give 2 slices.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{slice 2 is out of range: the layer has 2 slices}}
cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 2 offset core 0 array 0 at 0, 0

// -----

// Offset layers have offset tiles; differential layers positive/negative ones.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{a 'positive' tile cannot belong to a layer of the 'offset' scheme}}
cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 positive core 0 array 0 at 0, 0

// -----

// Cell levels are stored as unsigned bytes.
// expected-error @below {{'levels' must hold ui8 cell levels, got 'i32'}}
cimisa.array core 0 array 0 levels dense<0> : tensor<2x2xi32>

// -----

// A mode has one entry per layer.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{needs one 'weight_bits' and one 'input_bits' entry per layer (1), got 2 and 1}}
cimisa.mode @m weight_bits [4, 4] input_bits [8]

// -----

// A mode can only drop weight bits the layer stores.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): weight bits 5 outside [1, 4]}}
cimisa.mode @m weight_bits [5] input_bits [8]

// -----

// A mode can only drop input bits the layer has.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): input bits 0 outside [1, 8]}}
cimisa.mode @m weight_bits [4] input_bits [0]

// -----

// Switching off weight bits switches off whole cells: 3 of 4 bits would cut
// a 2-bit cell slice.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): 3 active weight bits of 4 would cut a 2-bit cell slice}}
cimisa.mode @m weight_bits [3] input_bits [8]

// -----

// A mode cannot compute more output channels than the layer has.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): 5 active channels of 4}}
cimisa.mode @m weight_bits [4] input_bits [8] {channels = array<i64: 5>}

// -----

// The input period divides the im2col rows (3 x 3 x 2 = 18).
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): input period 4 does not divide the 18 rows}}
cimisa.mode @m weight_bits [4] input_bits [8] {input_channels = array<i64: 1>, input_period = array<i64: 4>}

// -----

// Every optional field has one entry per layer.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{needs one 'digital_planes' entry per layer (1), got 2}}
cimisa.mode @m weight_bits [4] input_bits [8] {digital_planes = array<i64: 1, 1>}

// -----

// The hybrid boundary cannot lie beyond the layer's bit planes (8 input
// cycles x 2 slices of 2 bits: significances 0..9).
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): 11 digital planes (0 when salient): the layer has 10}}
cimisa.mode @m weight_bits [4] input_bits [8] {digital_planes = array<i64: 11>}

// -----

// Saliency needs both a threshold and its planes.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{cannot run layer "l0" ('conv1'): a saliency threshold and salient planes go together}}
cimisa.mode @m weight_bits [4] input_bits [8] {saliency_threshold = array<i64: 10>}

// -----

// Tile ADC settings come with one entry per tile of the module.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0
// expected-error @below {{needs one 'tile_adc_bits' and one 'tile_adc_range' entry per tile (1), got 2 and 2}}
cimisa.mode @m weight_bits [4] input_bits [8] {tile_adc_bits = array<i64: 4, 4>, tile_adc_range = array<i64: 60, 60>}

// -----

// A tile ADC setting has at most 16 bits.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0
// expected-error @below {{tile 0: ADC setting of 17 bits, range 60 (expected 0..16 bits, 0 = the layer's, and a non-negative range)}}
cimisa.mode @m weight_bits [4] input_bits [8] {tile_adc_bits = array<i64: 17>, tile_adc_range = array<i64: 60>}

// -----

// Bits and ranges of tile ADC settings go together.
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
// expected-error @below {{needs both 'tile_adc_bits' and 'tile_adc_range' or neither}}
cimisa.mode @m weight_bits [4] input_bits [8] {tile_adc_bits = array<i64: 4>}

// -----

// Each core runs one stream.
cimisa.core 0 {
  cimisa.halt
}
// expected-error @below {{core 0 already has an instruction stream}}
cimisa.core 0 {
  cimisa.halt
}

// -----

// Every stream ends with halt.
cimisa.core 0 {
  // expected-error @below {{block with no terminator}}
  cimisa.barrier
}

// -----

// Halt appears only at the end of a stream.
cimisa.core 0 {
  // expected-error @below {{must be the last operation in the parent block}}
  cimisa.halt
  cimisa.barrier
  cimisa.halt
}

// -----

// Instructions live inside a core.
// expected-error @below {{expects parent op 'cimisa.core'}}
cimisa.barrier

// -----

// set_mode names a mode.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'mode' refers to @l0, which is a 'cimisa.layer', not a 'cimisa.mode'}}
  cimisa.set_mode @l0
  cimisa.halt
}

// -----

// The ADC resolution is at most 32 bits.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'bits' failed to satisfy constraint}}
  cimisa.adc_set @l0 bits 0 range 384
  cimisa.halt
}

// -----

// quant reads batch*inH*inW*inC values.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{input @y has 64 elements; the layer reads batch*inH*inW*inC = 32}}
  cimisa.quant @l0, @y
  cimisa.halt
}

// -----

// mvm runs one of the layer's row blocks.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{row block 2 is out of range: the layer has 2 row blocks}}
  cimisa.mvm @l0 block 2
  cimisa.halt
}

// -----

// epilogue writes pixels*outC values.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{output @x has 32 elements; the layer writes pixels*outC = 64}}
  cimisa.epilogue @l0, @x
  cimisa.halt
}

// -----

// Pooling windows are non-empty.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'kernel' entries must be >= 1, got [0, 2]}}
  cimisa.max_pool @y -> @p kernel [0, 2] strides [2, 2] pads [0, 0, 0, 0]
  cimisa.halt
}

// -----

// Pooling runs on NHWC tensors.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}
cimisa.tensor @q intermediate [64] offset 200 {name = "q"}
cimisa.core 0 {
  // expected-error @below {{input @q must be NHWC (rank 4), got [64]}}
  cimisa.max_pool @q -> @p kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
  cimisa.halt
}

// -----

// The pooling window fits the padded input.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{the window is larger than the padded input}}
  cimisa.avg_pool @y -> @p kernel [5, 5] strides [1, 1] pads [0, 0, 0, 0]
  cimisa.halt
}

// -----

// The pooled shape follows from window, stride and padding.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{output @p has shape [1, 2, 2, 4]; pooling gives [1, 3, 3, 4]}}
  cimisa.max_pool @y -> @p kernel [2, 2] strides [1, 1] pads [0, 0, 0, 0]
  cimisa.halt
}

// -----

// Element-wise operands broadcast like numpy.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{shapes [1, 4, 4, 2] and [1, 2, 2, 4] do not broadcast}}
  cimisa.add @x, @p -> @p
  cimisa.halt
}

// -----

// The output of an element-wise op has the broadcast shape.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{output @y has shape [1, 4, 4, 4]; the broadcast shape is [1, 2, 2, 4]}}
  cimisa.mul @p, @p -> @y
  cimisa.halt
}

// -----

// relu and copy keep the element count.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{input @x has 32 elements, output @y has 64}}
  cimisa.relu @x -> @y
  cimisa.halt
}

// -----

// perm has one entry per input dimension.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'perm' has 3 entries; the input has rank 4}}
  cimisa.transpose @p -> @p perm [0, 2, 1]
  cimisa.halt
}

// -----

// perm is a permutation.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'perm' [0, 1, 1, 3] is not a permutation of [0, 4)}}
  cimisa.transpose @p -> @p perm [0, 1, 1, 3]
  cimisa.halt
}

// -----

// The transposed shape permutes the input shape.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{output @y has shape [1, 4, 4, 4]; the transpose gives [1, 2, 4, 4]}}
  cimisa.transpose @x -> @y perm [0, 3, 1, 2]
  cimisa.halt
}

// -----

// Sends and receives cross cores.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{core 0 cannot talk to itself}}
  cimisa.send @x to 0 token 1
  cimisa.halt
}

// -----

// Instructions name tensors of the module.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 4] offset 32 {name = "y"}
cimisa.tensor @p intermediate [1, 2, 2, 4] offset 96 {name = "p"}
cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.0e-01 : f64, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.0, 1.0, 1.0, 1.0>, bias = array<f64: 0.0, 0.0, 0.0, 0.0>, adc_bits = 8 : i64, adc_range = 384 : i64}

cimisa.core 0 {
  // expected-error @below {{'tensor' refers to @nope, which is not defined}}
  cimisa.recv @nope from 1 token 1
  cimisa.halt
}

// -----

// A slice lies inside its input.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 3, 3, 2] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{the block of shape [1, 3, 3, 2] at [0, 2, 0, 0] does not lie inside the input of shape [1, 4, 4, 2]}}
  cimisa.slice @x -> @y start [0, 2, 0, 0]
  cimisa.halt
}

// -----

// The inputs of a concat add up to the output along the axis.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4, 5] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{the inputs add up to 4 along axis 3; the output has 5}}
  cimisa.concat [@x, @x] -> @y axis 3
  cimisa.halt
}

// -----

// A pad needs two amounts per dimension.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 6, 6, 2] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{'pads' has 4 entries; the input of rank 4 needs 8}}
  cimisa.pad @x -> @y pads [1, 1, 1, 1] value 0.0
  cimisa.halt
}

// -----

// A reduction keeps the axis with extent 1.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [1, 4, 4] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{output @y has shape [1, 4, 4]; the reduction gives [1, 4, 4, 1]}}
  cimisa.reduce max @x -> @y axis 3
  cimisa.halt
}

// -----

// The inner extents of a digital matmul agree.
cimisa.tensor @a input [1, 4, 3] offset 0 {name = "a"}
cimisa.tensor @y output [1, 4, 4] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{cannot multiply [1, 4, 3] by [1, 4, 3]}}
  cimisa.matmul_digital @a, @a -> @y
  cimisa.halt
}

// -----

// A depthwise weight is [kH, kW, C, M] with the input's C.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @w constant [3, 3, 3, 1] offset 32 value dense<1.0> : tensor<27xf32> {name = "w"}
cimisa.tensor @b constant [2] offset 64 value dense<0.0> : tensor<2xf32> {name = "b"}
cimisa.tensor @y output [1, 4, 4, 2] offset 66 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{needs an NHWC input and a [kH, kW, C, M] weight with the input's C, got [1, 4, 4, 2] and [3, 3, 3, 1]}}
  cimisa.depthwise_conv @x, @w, @b -> @y strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
  cimisa.halt
}

// -----

// Strides of a depthwise convolution are positive.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}

cimisa.core 0 {
  // expected-error @below {{'strides' entries must be >= 1, got [0, 1]}}
  cimisa.depthwise_conv @x, @x, @x -> @x strides [0, 1] pads [1, 1, 1, 1] dilations [1, 1]
  cimisa.halt
}

// -----

// A unary function's output has the input's shape.
cimisa.tensor @x input [1, 4, 4, 2] offset 0 {name = "x"}
cimisa.tensor @y output [32] offset 32 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{output @y has shape [32]; the input has shape [1, 4, 4, 2]}}
  cimisa.unary exp @x -> @y
  cimisa.halt
}

// -----

// A branch skips instructions of its own stream, forward, and never the
// halt: a target outside the stream would run off its end.
cimisa.tensor @c intermediate [1] offset 0 {name = "c"}
cimisa.tensor @y intermediate [1] offset 1 {name = "y"}

cimisa.core 0 {
  // expected-error @below {{skips 2 instructions; only 1 follow it before the halt (branches go forward, within the stream)}}
  cimisa.br_zero @c skip 2 region 0
  cimisa.copy @c -> @y
  cimisa.halt
}

// -----

cimisa.core 0 {
  // expected-error @below {{skips 1 instructions; only 0 follow it before the halt}}
  cimisa.jump skip 1 region 0
  cimisa.halt
}

// -----

// The condition is one value: a branch reads one element.
cimisa.tensor @c intermediate [2] offset 0 {name = "c"}

cimisa.core 0 {
  // expected-error @below {{condition 'c' must have one element, has 2}}
  cimisa.br_zero @c skip 0 region 0
  cimisa.halt
}
