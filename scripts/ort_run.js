#!/usr/bin/env node
// ort_run.js - run an ONNX model with ONNX Runtime on .npy inputs.
//
//   NODE_PATH=build/ort/node_modules node scripts/ort_run.js model.onnx \
//       --input=NAME:x.npy... --output-dir=D [--graph-optimization=LEVEL]
//
// LEVEL is ONNX Runtime's graphOptimizationLevel: all (the default),
// extended, basic or disabled. QDQ models need 'disabled' to be run node by
// node as ONNX defines them: the other levels already rewrite QDQ graphs
// ('extended' and 'all' fuse DequantizeLinear -> Conv -> QuantizeLinear into
// integer kernels that requantize with their own rounding), which moves
// some values by a quantization step.
// Writes every graph output to D/<name>.npy as float32 (C order), naming
// files like cim-sim does: characters other than letters, digits, '.', '-'
// and '_' become '_'. Inputs are read as float32 (from float32, float64,
// int32, int64 or uint8 .npy files). This is the independent reference the
// float executor is tested against; install the runtime with
// scripts/install-ort.sh. Exit status 1 with one line on stderr on error.
'use strict';

const fs = require('fs');
const path = require('path');

function fail(message) {
  process.stderr.write(`ort_run.js: ${message}\n`);
  process.exit(1);
}

const DTYPES = {
  '<f4': [4, (b, o) => b.readFloatLE(o)],
  '<f8': [8, (b, o) => b.readDoubleLE(o)],
  '<i4': [4, (b, o) => b.readInt32LE(o)],
  '<i8': [8, (b, o) => Number(b.readBigInt64LE(o))],
  '|u1': [1, (b, o) => b.readUInt8(o)],
};

function readNpy(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    fail(`${file}: cannot read: ${err.message}`);
  }
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY')
    fail(`${file}: not a .npy file`);
  const major = bytes[6];
  const lenSize = major === 1 ? 2 : 4;
  const headerLen = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = 8 + lenSize + headerLen;
  if (start > bytes.length) fail(`${file}: truncated .npy header`);
  const header = bytes.toString('latin1', 8 + lenSize, start);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) fail(`${file}: malformed .npy header`);
  if (fortran[1] === 'True') fail(`${file}: fortran_order arrays are not supported`);
  const dtype = DTYPES[descr[1]];
  if (!dtype) fail(`${file}: unsupported dtype '${descr[1]}'`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length)
      .map((s) => parseInt(s, 10));
  const count = dims.reduce((a, b) => a * b, 1);
  const [size, read] = dtype;
  if (bytes.length - start !== count * size)
    fail(`${file}: expected ${count * size} bytes of data, found ${bytes.length - start}`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; ++i) data[i] = read(bytes, start + i * size);
  return {dims, data};
}

function npyBytes(dims, data) {
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  const body = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; ++i) body.writeFloatLE(Number(data[i]), i * 4);
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), body]);
}

function fileNameFor(name) {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

async function main() {
  const args = process.argv.slice(2);
  let model = null;
  let outputDir = '.';
  const inputs = [];
  let optimization = 'all';
  for (const arg of args) {
    if (arg.startsWith('--input=')) {
      const spec = arg.slice('--input='.length);
      const colon = spec.indexOf(':');
      if (colon <= 0) fail(`--input expects NAME:FILE.npy, got '${spec}'`);
      inputs.push([spec.slice(0, colon), spec.slice(colon + 1)]);
    } else if (arg.startsWith('--graph-optimization=')) {
      optimization = arg.slice('--graph-optimization='.length);
      if (!['all', 'extended', 'basic', 'disabled'].includes(optimization))
        fail(`--graph-optimization expects all, extended, basic or disabled, got '${optimization}'`);
    } else if (arg.startsWith('--output-dir=')) {
      outputDir = arg.slice('--output-dir='.length);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
          'usage: ort_run.js model.onnx --input=NAME:x.npy... [--output-dir=D] ' +
          '[--graph-optimization=all|extended|basic|disabled]\n');
      return;
    } else if (!arg.startsWith('-') && model === null) {
      model = arg;
    } else {
      fail(`unknown argument '${arg}'`);
    }
  }
  if (model === null) fail('no model given');

  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (err) {
    fail('onnxruntime-node is not installed (run scripts/install-ort.sh and ' +
         'set NODE_PATH to its node_modules)');
  }

  let session;
  try {
    session = await ort.InferenceSession.create(
        model, {graphOptimizationLevel: optimization});
  } catch (err) {
    fail(`${model}: ${err.message}`);
  }
  const feeds = {};
  for (const [name, file] of inputs) {
    if (!session.inputNames.includes(name))
      fail(`unknown input '${name}'; the model's inputs are: ${session.inputNames.join(', ')}`);
    const t = readNpy(file);
    feeds[name] = new ort.Tensor('float32', t.data, t.dims);
  }
  for (const name of session.inputNames)
    if (!(name in feeds)) fail(`missing input '${name}'`);

  let results;
  try {
    results = await session.run(feeds);
  } catch (err) {
    fail(`${model}: ${err.message}`);
  }
  fs.mkdirSync(outputDir, {recursive: true});
  for (const name of session.outputNames) {
    const t = results[name];
    const file = path.join(outputDir, fileNameFor(name) + '.npy');
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, npyBytes(t.dims, t.data));
    fs.renameSync(tmp, file);
  }
}

main().catch((err) => fail(err.message));
