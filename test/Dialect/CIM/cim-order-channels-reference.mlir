// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -m cim.npy_tools random --shape 1x6x6x2 --seed 3 -o %t/x.npy
// RUN: cim-sim %s --reference --input=x:%t/x.npy --output-dir=%t/before
// RUN: cim-opt %s --cim-order-channels -o %t/ordered.mlir
// RUN: cim-sim %t/ordered.mlir --reference --input=x:%t/x.npy --output-dir=%t/after
// RUN: %python -m cim.compare %t/before %t/after --atol 1e-5 | FileCheck %s --check-prefix=SAME
// RUN: FileCheck %s < %t/ordered.mlir

// Reordering channels does not change what the function computes: the float
// reference of the module before and after cim-order-channels agree (up to
// the order of float summation). conv1 and conv2 reach the next layer
// through a ReLU and a pool, fc1 through a ReLU; the flatten before fc1
// moves its K rows in groups of conv2's channels. fc2 is the classifier.

// SAME: PASS y.npy
// SAME: 1 passed, 0 failed

// Every hidden layer changed order: the biases show it (L1 norms 4.93 8.01
// 6.12 6.62 for conv1: order 1 3 2 0; 6.82 8.26 7.1 9.12 8.94 for conv2:
// order 3 4 1 2 0; 4.72 3.58 4.8 4.62 4.08 4.04 for fc1: order 2 0 3 4 5 1).
// CHECK-LABEL: func.func @main
// CHECK: %[[B1:.*]] = "tosa.const"() <{values = dense<[-0.00999999977, 7.000000e-02, 1.300000e-01, -5.000000e-02]> : tensor<4xf32>}>
// CHECK: cim.conv2d %{{.*}}, %{{.*}}, %[[B1]] {{.*}}layer = "conv1"
// CHECK: %[[B2:.*]] = "tosa.const"() <{values = dense<[-0.00999999977, 0.000000e+00, 2.000000e-02, 0.000000e+00, 1.100000e-01]> : tensor<5xf32>}>
// CHECK: cim.conv2d %{{.*}}, %{{.*}}, %[[B2]] {{.*}}layer = "conv2"
// CHECK: %[[B3:.*]] = "tosa.const"() <{values = dense<[-1.200000e-01, -1.200000e-01, 1.100000e-01, 1.100000e-01, 1.100000e-01, 0.00999999977]> : tensor<6xf32>}>
// CHECK: cim.matmul %{{.*}}, %{{.*}}, %[[B3]] {layer = "fc1", relu}
// CHECK: cim.matmul %{{.*}}, %{{.*}}, %{{.*}} {layer = "fc2"}
func.func @main(%x: tensor<1x6x6x2xf32> {cim.name = "x"}) -> (tensor<1x1x3xf32> {cim.name = "y"}) {
  %w1 = "tosa.const"() <{values = dense<[[[[0.00, 0.15], [-0.14, -0.45], [-0.23, -0.50]], [[0.03, 0.67], [-0.25, -0.31], [0.24, 0.18]], [[0.05, -0.47], [-0.01, 0.35], [-0.67, -0.23]]], [[[-0.95, -0.64], [-0.92, -0.12], [-0.63, 0.14]], [[0.08, -0.09], [-1.26, -0.27], [-0.02, 0.06]], [[-0.77, -0.24], [-0.49, -0.40], [0.53, -0.40]]], [[[-0.02, 0.44], [-0.29, -0.06], [0.06, 0.03]], [[-0.61, 0.04], [0.68, -0.77], [0.43, 0.06]], [[-0.32, 1.00], [0.38, -0.60], [0.04, 0.29]]], [[[-0.09, 0.34], [-0.03, 0.33], [0.72, -0.34]], [[0.10, -0.23], [0.06, -0.59], [-0.29, -0.10]], [[0.45, 0.57], [-0.66, -0.40], [0.32, -1.00]]]]> : tensor<4x3x3x2xf32>}> : () -> tensor<4x3x3x2xf32>
  %b1 = "tosa.const"() <{values = dense<[-0.05, -0.01, 0.13, 0.07]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[-0.10, -0.11, -0.08, 0.46], [-0.13, -0.09, 0.11, -0.04], [-0.06, -0.33, -0.00, -0.13]], [[0.35, 0.20, -0.01, 0.20], [-0.10, 0.32, -0.00, 0.18], [-0.39, 0.10, -0.51, -0.61]], [[-0.09, -0.27, 0.05, 0.67], [-0.25, -0.19, 0.06, 0.15], [-0.05, -0.06, 0.21, 0.16]]], [[[-0.31, -0.02, 0.01, -0.32], [0.08, -0.26, 0.29, 0.06], [0.03, -0.18, -0.04, -0.60]], [[-0.34, 0.11, -0.64, 0.25], [-0.52, 0.23, -0.25, 0.23], [0.04, -0.46, 0.37, 0.43]], [[-0.02, -0.08, -0.05, -0.29], [0.33, -0.16, -0.02, -0.24], [-0.19, -0.38, 0.38, -0.05]]], [[[0.29, 0.00, -0.21, -0.10], [-0.17, 0.00, -0.11, -0.09], [-0.41, -0.24, 0.50, -0.20]], [[-0.32, 0.10, 0.42, -0.44], [-0.06, -0.19, -0.53, 0.22], [-0.01, 0.02, -0.23, 0.14]], [[-0.16, -0.04, -0.33, -0.36], [0.40, -0.15, 0.09, -0.01], [-0.13, -0.15, 0.19, -0.09]]], [[[-0.05, 0.01, 0.35, 0.20], [0.11, -0.17, -0.41, 0.28], [0.29, -0.04, 0.16, 0.23]], [[0.25, 0.28, -0.14, 0.45], [-0.37, 0.26, 0.15, 0.26], [0.56, 0.45, -0.34, -0.51]], [[0.25, -0.30, -0.00, 0.25], [-0.49, -0.63, 0.08, 0.01], [-0.07, 0.01, -0.26, -0.45]]], [[[-0.05, -0.29, -0.49, 0.15], [-0.02, 0.12, -0.30, -0.20], [-0.30, -0.27, 0.06, -0.23]], [[0.11, 0.10, 0.61, -0.42], [0.27, -0.03, -0.00, -0.43], [-0.14, 0.22, -0.02, 0.02]], [[-0.09, 0.35, -0.01, -0.66], [-0.21, -0.59, -0.98, -0.16], [0.40, 0.01, -0.35, -0.28]]]]> : tensor<5x3x3x4xf32>}> : () -> tensor<5x3x3x4xf32>
  %b2 = "tosa.const"() <{values = dense<[0.11, 0.02, 0.00, -0.01, 0.00]> : tensor<5xf32>}> : () -> tensor<5xf32>
  %w3 = "tosa.const"() <{values = dense<[[0.24, 0.17, 0.06, -0.31, 0.15, -0.21], [0.33, -0.38, -0.04, -0.00, -0.40, 0.52], [0.44, -0.14, 0.23, 0.11, -0.78, 0.08], [-0.02, 0.02, -0.32, -0.08, -0.05, 0.36], [0.10, -0.00, 0.46, -0.17, -0.12, -0.55], [0.47, 0.29, 0.28, 0.20, 0.03, 0.06], [-0.08, -0.06, 0.02, 0.45, 0.17, -0.02], [-0.17, -0.19, 0.48, 0.15, 0.02, -0.10], [-0.33, -0.02, 0.26, -0.12, -0.07, -0.07], [0.03, -0.48, -0.07, -0.26, 0.27, -0.23], [0.17, 0.46, -0.09, -0.18, 0.06, -0.00], [-0.30, 0.14, 0.60, -0.08, -0.06, -0.31], [0.10, -0.37, -0.33, 0.38, -0.27, 0.32], [0.46, 0.08, 0.17, 0.59, -0.06, -0.18], [-0.41, 0.01, 0.44, 0.29, -0.28, -0.26], [-0.15, 0.09, -0.06, 0.06, 0.09, -0.09], [-0.01, 0.06, -0.03, 0.15, 0.56, 0.18], [0.02, -0.51, 0.12, -0.58, -0.42, 0.26], [0.21, -0.04, -0.51, -0.11, -0.20, 0.19], [0.68, 0.07, -0.23, -0.35, -0.02, -0.05]]> : tensor<20x6xf32>}> : () -> tensor<20x6xf32>
  %b3 = "tosa.const"() <{values = dense<[-0.12, 0.01, -0.12, 0.11, 0.11, 0.11]> : tensor<6xf32>}> : () -> tensor<6xf32>
  %w4 = "tosa.const"() <{values = dense<[[-0.24, 0.26, -0.07], [-0.19, -0.17, -0.65], [-0.72, 0.40, -0.10], [0.11, 0.50, -0.87], [-0.39, 0.09, 0.20], [-0.19, 0.51, 0.11]]> : tensor<6x3xf32>}> : () -> tensor<6x3xf32>
  %b4 = "tosa.const"() <{values = dense<[-0.12, -0.09, 0.08]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu} : (tensor<1x6x6x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p1 = tosa.avg_pool2d %c1, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x4xf32>
  %c2 = cim.conv2d %p1, %w2, %b2 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<5x3x3x4xf32>, tensor<5xf32>) -> tensor<1x3x3x5xf32>
  %r2 = tosa.clamp %c2 {min_val = 0.0 : f32, max_val = 3.4028235e38 : f32} : (tensor<1x3x3x5xf32>) -> tensor<1x3x3x5xf32>
  %p2 = tosa.max_pool2d %r2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x5xf32>) -> tensor<1x2x2x5xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 20]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %p2, %s : (tensor<1x2x2x5xf32>, !tosa.shape<3>) -> tensor<1x1x20xf32>
  %h = cim.matmul %f, %w3, %b3 {layer = "fc1", relu} : (tensor<1x1x20xf32>, tensor<20x6xf32>, tensor<6xf32>) -> tensor<1x1x6xf32>
  %y = cim.matmul %h, %w4, %b4 {layer = "fc2"} : (tensor<1x1x6xf32>, tensor<6x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
