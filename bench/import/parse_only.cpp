//===- parse_only.cpp - Time protobuf alone parsing an ONNX model ---------===//
//
// The baseline of the import benchmark (bench/import/run.sh): read an .onnx
// file into memory and parse it into onnx::ModelProto with the same protobuf
// and onnx_proto libraries the importer links, and nothing else.
//
//   parse_only MODEL.onnx [--repeat N]
//
// Prints one line per run: file size, read time, parse time (seconds), and
// the counts of nodes and initializers as a check that the parse is real.
//
//===----------------------------------------------------------------------===//

#include "onnx/onnx_pb.h"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 2 && !(argc == 4 && std::strcmp(argv[2], "--repeat") == 0)) {
    std::fprintf(stderr, "usage: parse_only MODEL.onnx [--repeat N]\n");
    return 2;
  }
  int repeat = argc == 4 ? std::atoi(argv[3]) : 1;
  if (repeat < 1) {
    std::fprintf(stderr, "parse_only: --repeat needs a positive count\n");
    return 2;
  }
  for (int run = 0; run < repeat; ++run) {
    auto start = std::chrono::steady_clock::now();
    std::ifstream in(argv[1], std::ios::binary | std::ios::ate);
    if (!in) {
      std::fprintf(stderr, "parse_only: cannot open %s\n", argv[1]);
      return 1;
    }
    std::string bytes(static_cast<size_t>(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      std::fprintf(stderr, "parse_only: cannot read %s\n", argv[1]);
      return 1;
    }
    double readSeconds = secondsSince(start);
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
      std::fprintf(stderr, "parse_only: %s is over the 2 GB protobuf limit\n",
                   argv[1]);
      return 1;
    }
    start = std::chrono::steady_clock::now();
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      std::fprintf(stderr, "parse_only: %s: not an ONNX model\n", argv[1]);
      return 1;
    }
    double parseSeconds = secondsSince(start);
    std::printf("parse_only: %zu bytes, read %.4f s, parse %.4f s, %d nodes, "
                "%d initializers\n",
                bytes.size(), readSeconds, parseSeconds,
                model.graph().node_size(), model.graph().initializer_size());
  }
  return 0;
}
