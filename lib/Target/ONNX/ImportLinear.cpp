//===- ImportLinear.cpp - Gemm and MatMul ---------------------------------===//
//
// A constant right-hand side becomes the linear-layer form that
// convert-tosa-to-cim matches (see emitLinear); two data operands become a
// batched tosa.matmul.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

Value Importer::emitLinear(Location loc, Tensor &a, const ConstData &b,
                           bool transposedB, float alpha,
                           llvm::ArrayRef<float> colScale,
                           StringRef weightName, int64_t k, int64_t m,
                           const ConstData *bias,
                           llvm::ArrayRef<int64_t> outShape) {
  int64_t rows = a.shape.empty() ? 1 : numElements(a.shape) / k;
  // B as stored, and the permutation that makes it [K, M] in one pass.
  Shape bShape;
  SmallVector<int32_t, 4> perm;
  Value aValue;
  if (a.layout == Layout::FlatNHWC && a.shape.size() == 2) {
    // Rows of the weight follow the NCHW flattening; the data is NHWC
    // flattened, so reorder the rows to match: [C,H,W,M] -> [H,W,C,M]
    // ([M,C,H,W] -> [H,W,C,M] for a transposed B).
    int64_t c = a.chw[0], h = a.chw[1], w = a.chw[2];
    bShape = transposedB ? Shape{m, c, h, w} : Shape{c, h, w, m};
    perm = transposedB ? SmallVector<int32_t, 4>{2, 3, 1, 0}
                       : SmallVector<int32_t, 4>{1, 2, 0, 3};
    aValue = a.value;
  } else {
    bShape = transposedB ? Shape{m, k} : Shape{k, m};
    perm = transposedB ? SmallVector<int32_t, 4>{1, 0}
                       : SmallVector<int32_t, 4>{0, 1};
    aValue = onnxData(a, loc);
  }
  Value a3 = reshape(aValue, {1, rows, k}, loc);
  Value b3 = makePermutedConst(
      {1, k, m}, bShape, b.values(), perm, b.raw, weightName, loc,
      [&](llvm::MutableArrayRef<float> km) {
        if (alpha != 1.0f)
          for (float &v : km)
            v *= alpha;
        if (!colScale.empty())
          for (size_t i = 0; i < km.size(); ++i)
            km[i] *= colScale[i % m];
      });
  Value mm = tosa::MatMulOp::create(builder, loc, f32({1, rows, m}), a3, b3);
  Value result = reshape(mm, {rows, m}, loc);
  if (bias) {
    Value b = makeConst(bias->shape, bias->data, bias->raw, bias->name, loc);
    result = tosa::AddOp::create(builder, loc, f32({rows, m}), result, b);
  }
  return reshape(result, outShape, loc);
}

FailureOr<Value> Importer::emitBatchMatMul(const onnx::NodeProto &node,
                                           Location loc, Value a, Shape aShape,
                                           Value b, Shape bShape,
                                           Shape &outShape) {
  if (aShape.empty() || bShape.empty())
    return nodeError(loc, node) << "operands must have rank >= 1";
  // Vectors are matrices with a dimension that disappears afterwards.
  bool aVec = aShape.size() == 1, bVec = bShape.size() == 1;
  if (aVec)
    aShape.insert(aShape.begin(), 1);
  if (bVec)
    bShape.push_back(1);
  int64_t n = aShape[aShape.size() - 2], k = aShape.back();
  int64_t m = bShape.back();
  if (bShape[bShape.size() - 2] != k)
    return nodeError(loc, node)
           << "inner dimensions differ: " << shapeStr(aShape) << " x "
           << shapeStr(bShape);
  Shape batchA(aShape.begin(), aShape.end() - 2);
  Shape batchB(bShape.begin(), bShape.end() - 2);
  Shape batch;
  if (!broadcastShapes(batchA, batchB, batch))
    return nodeError(loc, node)
           << "batch dimensions " << shapeStr(batchA) << " and "
           << shapeStr(batchB) << " do not broadcast";
  int64_t total = numElements(batch);
  Value result;
  if (numElements(batchB) == 1) {
    // B is one matrix: fold A's batch into its rows.
    int64_t rows = numElements(batchA) * n;
    Value a3 = reshape(a, {1, rows, k}, loc);
    Value b3 = reshape(b, {1, k, m}, loc);
    result = tosa::MatMulOp::create(builder, loc, f32({1, rows, m}), a3, b3);
  } else {
    // Broadcast both to the full batch (tosa.tile), then one matmul.
    auto expand = [&](Value v, const Shape &own, int64_t r,
                      int64_t c) -> Value {
      Shape padded(batch.size() - own.size(), 1);
      padded.append(own.begin(), own.end());
      Shape full(padded);
      full.append({r, c});
      v = reshape(v, full, loc);
      if (padded != batch) {
        Shape multiples, tiled;
        for (auto [p, want] : llvm::zip(padded, batch)) {
          multiples.push_back(p == want ? 1 : want);
          tiled.push_back(want);
        }
        multiples.append({1, 1});
        tiled.append({r, c});
        v = tosa::TileOp::create(builder, loc, f32(tiled), v,
                                 makeShape(multiples, loc));
      }
      return reshape(v, {total, r, c}, loc);
    };
    Value a3 = expand(a, batchA, n, k), b3 = expand(b, batchB, k, m);
    result = tosa::MatMulOp::create(builder, loc, f32({total, n, m}), a3, b3);
  }
  outShape = batch;
  if (!aVec)
    outShape.push_back(n);
  if (!bVec)
    outShape.push_back(m);
  return reshape(result, outShape, loc);
}

/// Gemm's C as the [1, M] (or [N, M]) bias of emitLinear, beta folded in.
static ConstData gemmBias(const ConstData &c, int64_t n, int64_t m,
                          float beta) {
  Shape padded(2 - c.shape.size(), 1);
  padded.append(c.shape.begin(), c.shape.end());
  std::vector<float> rows(n * m);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j)
      rows[i * m + j] = beta * c.data[(padded[0] == 1 ? 0 : i) * padded[1] +
                                      (padded[1] == 1 ? 0 : j)];
  ConstData bias = c;
  // Keep one row when all rows agree: the [1, M] vector that linear-layer
  // patterns expect.
  if (padded[0] == 1 || n == 1) {
    bias.shape = {1, m};
    rows.resize(m);
  } else {
    bias.shape = {n, m};
  }
  bias.data = std::move(rows);
  return bias;
}

LogicalResult Importer::lowerGemm(const onnx::NodeProto &node, Location loc) {
  bool transA = intAttr(node, "transA", 0) != 0;
  bool transB = intAttr(node, "transB", 0) != 0;
  float alpha = floatAttr(node, "alpha", 1.0f);
  float beta = floatAttr(node, "beta", 1.0f);
  FailureOr<Tensor *> a = getTensor(node.input(0), loc, node);
  if (failed(a))
    return failure();
  bool constB = !values.count(node.input(1)) && isConstant(node.input(1));
  Shape bShape;
  std::optional<ConstData> b;
  Tensor *bData = nullptr;
  if (constB) {
    // Read in place: emitLinear writes it, as [K, M], once into its blob.
    FailureOr<ConstData> c =
        readConstant(node.input(1), loc, node, /*copy=*/false);
    if (failed(c))
      return failure();
    b = std::move(*c);
    bShape = b->shape;
  } else {
    FailureOr<Tensor *> t = getTensor(node.input(1), loc, node);
    if (failed(t))
      return failure();
    bData = *t;
    bShape = bData->shape;
  }
  Shape aShape = (*a)->shape;
  if (aShape.size() != 2 || bShape.size() != 2)
    return nodeError(loc, node)
           << "A and B must be 2-D, got " << shapeStr(aShape) << " and "
           << shapeStr(bShape);
  int64_t n = transA ? aShape[1] : aShape[0];
  int64_t k = transA ? aShape[0] : aShape[1];
  int64_t bk = transB ? bShape[1] : bShape[0];
  int64_t m = transB ? bShape[0] : bShape[1];
  if (bk != k)
    return nodeError(loc, node)
           << "A" << (transA ? "^T" : "") << " has " << k << " columns but B"
           << (transB ? "^T" : "") << " has " << bk << " rows";

  // C: a constant (beta folded in) or a data value.
  std::optional<ConstData> bias;
  Tensor *cData = nullptr;
  if (hasInput(node, 2)) {
    StringRef cName = node.input(2);
    Shape cShape, full;
    if (!values.count(cName) && isConstant(cName)) {
      FailureOr<ConstData> c = readConstant(cName, loc, node);
      if (failed(c))
        return failure();
      cShape = c->shape;
      if (broadcastShapes(cShape, {n, m}, full) && full == Shape{n, m})
        bias = gemmBias(*c, n, m, beta);
    } else {
      FailureOr<Tensor *> t = getTensor(cName, loc, node);
      if (failed(t))
        return failure();
      cData = *t;
      cShape = cData->shape;
    }
    if (!broadcastShapes(cShape, {n, m}, full) || full != Shape{n, m} ||
        cShape.size() > 2)
      return nodeError(loc, node) << "C of shape " << shapeStr(cShape)
                                  << " does not broadcast to " << n << "x" << m;
  }

  std::string outName = node.output(0);
  Value result;
  if (constB) {
    // B as [K, M], alpha folded in (by emitLinear).
    std::string weightName = b->name + (transB ? ".kxm" : "");
    std::vector<float> colScale;
    // A BatchNormalization reading only this Gemm scales its columns.
    const onnx::NodeProto *bn =
        cData ? nullptr : foldableBatchNorm(node.output(0), m);
    if (bn) {
      auto affine = batchNormAffine(*bn, nodeLoc(*bn), m);
      if (failed(affine))
        return failure();
      colScale = affine->first;
      weightName += ".bn";
      if (!bias) {
        bias.emplace();
        bias->shape = {1, m};
        bias->data.assign(m, 0.0f);
      } else if (!bias->name.empty()) {
        bias->name += ".bn";
      }
      int64_t rows = bias->shape[0];
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < m; ++j)
          bias->data[i * m + j] =
              bias->data[i * m + j] * affine->first[j] + affine->second[j];
      absorbed.insert(bn);
      outName = bn->output(0);
    }
    Tensor aT;
    Tensor *aIn = *a;
    if (transA) {
      aT.shape = {n, k};
      aT.value = transpose(inLayout(**a, Layout::ONNX, loc), {1, 0}, loc);
      aIn = &aT;
    }
    result = emitLinear(loc, *aIn, *b, transB, alpha, colScale, weightName, k,
                        m, bias ? &*bias : nullptr, {n, m});
  } else {
    Value av = inLayout(**a, Layout::ONNX, loc);
    if (transA)
      av = transpose(av, {1, 0}, loc);
    Value bv = inLayout(*bData, Layout::ONNX, loc);
    if (transB)
      bv = transpose(bv, {1, 0}, loc);
    Shape outShape;
    FailureOr<Value> mm =
        emitBatchMatMul(node, loc, av, {n, k}, bv, {k, m}, outShape);
    if (failed(mm))
      return failure();
    result = *mm;
    if (alpha != 1.0f)
      result = mul(result, scalarConst(alpha, 2, loc), loc);
    if (bias)
      result = tosa::AddOp::create(
          builder, loc, f32({n, m}), result,
          makeConst(bias->shape, bias->data, bias->raw, bias->name, loc));
  }
  if (cData) {
    Shape padded(2 - cData->shape.size(), 1);
    padded.append(cData->shape.begin(), cData->shape.end());
    Value c = onnxData(*cData, loc, padded);
    if (beta != 1.0f)
      c = mul(c, scalarConst(beta, 2, loc), loc);
    result = tosa::AddOp::create(builder, loc, f32({n, m}), result, c);
  }
  Tensor out;
  out.shape = {n, m};
  out.value = result;
  values[outName] = std::move(out);
  return success();
}

LogicalResult Importer::lowerMatMul(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> a = getTensor(node.input(0), loc, node);
  if (failed(a))
    return failure();
  Tensor &in = **a;
  StringRef bName = node.input(1);
  if (!values.count(bName) && isConstant(bName)) {
    FailureOr<ConstData> b = readConstant(bName, loc, node, /*copy=*/false);
    if (failed(b))
      return failure();
    // A constant B with leading ones ([1, .., K, M]) that adds no batch
    // dimensions is a plain [K, M] matrix: the linear-layer form.
    bool plain = b->shape.size() >= 2 && !in.shape.empty() &&
                 llvm::all_of(llvm::ArrayRef<int64_t>(b->shape).drop_back(2),
                              [](int64_t d) { return d == 1; }) &&
                 (b->shape.size() <= in.shape.size() || in.shape.size() == 1);
    if (plain) {
      int64_t k = b->shape[b->shape.size() - 2], m = b->shape.back();
      if (in.shape.back() != k)
        return nodeError(loc, node) << "A is " << shapeStr(in.shape)
                                    << ", B is " << shapeStr(b->shape);
      Shape outShape(in.shape.begin(), in.shape.end() - 1);
      if (in.shape.size() == 1) {
        // [K] x [K, M] -> [M], with B's extra leading ones kept.
        outShape.assign(b->shape.begin(), b->shape.end() - 2);
      }
      outShape.push_back(m);
      Tensor out;
      out.shape = outShape;
      out.value = emitLinear(loc, in, *b, /*transposedB=*/false, 1.0f, {},
                             b->name, k, m, nullptr, outShape);
      define(node, 0, std::move(out));
      return success();
    }
  }
  FailureOr<Tensor *> b = getTensor(bName, loc, node);
  if (failed(b))
    return failure();
  Shape outShape;
  FailureOr<Value> result =
      emitBatchMatMul(node, loc, onnxData(in, loc), in.shape,
                      onnxData(**b, loc), (*b)->shape, outShape);
  if (failed(result))
    return failure();
  defineValue(node, 0, *result, Layout::ONNX, outShape);
  return success();
}
