//===- sim_bench.cpp - Simulator and estimator speed, in-process ----------===//
//
// The in-process side of bench/sim/run.sh (docs/performance.md):
//
//   cim-bench-sim SIM.cimb INPUT.npy EST.cimb [--repeat N] [--min-seconds S]
//
//   1. simulates SIM.cimb (one sample, its first mode) on INPUT.npy with
//      1 and 2 pixel threads, best of N, and checks the two give the same
//      outputs and event counts;
//   2. runs a plain float sgemm (blocked loops, written here; no BLAS) of
//      every crossbar layer of SIM.cimb, [pixels x K] * [K x outC], i.e. the
//      same multiply-accumulates as the simulated layers, on 1 and 2 threads,
//      best of N, and prints both rates in MAC/s and their ratio;
//   3. calls estimator::estimate (every mode) and estimator::estimateMode
//      (the first mode) on EST.cimb for at least S seconds each and prints
//      estimates per second.
//
// Every line it prints starts with "bench:" and is "key value [unit]" so
// that run.sh can tabulate it.
//
//===----------------------------------------------------------------------===//

#include "cim/Estimator/Estimator.h"
#include "cim/Kernels/Npy.h"
#include "cim/Program/Program.h"
#include "cim/Sim/Simulator.h"
#include "cim/Target/CIMB/CIMB.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace cim;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "cim-bench-sim: %s\n", message.c_str());
  std::exit(1);
}

program::Program load(const char *path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    die(std::string(path) + ": " + buffer.getError().message());
  auto program = cim::readBinary((*buffer)->getBuffer(), path);
  if (!program)
    die(llvm::toString(program.takeError()));
  return std::move(*program);
}

//===----------------------------------------------------------------------===//
// The float baseline
//===----------------------------------------------------------------------===//

/// C[M x N] = A[M x K] * B[K x N], row-major: blocks of 128 k (a 128 x N
/// panel of B stays in cache) and 4 rows of A at a time (each row of the
/// panel is loaded once per 4 rows of C); the inner loop over N is
/// contiguous and vectorizes. Rows [rowBegin, rowEnd) only.
void sgemmRows(const float *A, const float *B, float *C, int64_t K, int64_t N,
               int64_t rowBegin, int64_t rowEnd) {
  constexpr int64_t kBlock = 128;
  for (int64_t i = rowBegin; i < rowEnd; ++i)
    std::fill(C + i * N, C + (i + 1) * N, 0.0f);
  for (int64_t k0 = 0; k0 < K; k0 += kBlock) {
    int64_t k1 = std::min(K, k0 + kBlock);
    int64_t i = rowBegin;
    for (; i + 4 <= rowEnd; i += 4) {
      float *c0 = C + i * N, *c1 = c0 + N, *c2 = c1 + N, *c3 = c2 + N;
      for (int64_t k = k0; k < k1; ++k) {
        const float *b = B + k * N;
        float a0 = A[i * K + k], a1 = A[(i + 1) * K + k],
              a2 = A[(i + 2) * K + k], a3 = A[(i + 3) * K + k];
        for (int64_t j = 0; j < N; ++j) {
          float bj = b[j];
          c0[j] += a0 * bj;
          c1[j] += a1 * bj;
          c2[j] += a2 * bj;
          c3[j] += a3 * bj;
        }
      }
    }
    for (; i < rowEnd; ++i) {
      float *c = C + i * N;
      for (int64_t k = k0; k < k1; ++k) {
        const float *b = B + k * N;
        float a = A[i * K + k];
        for (int64_t j = 0; j < N; ++j)
          c[j] += a * b[j];
      }
    }
  }
}

struct Gemm {
  int64_t M, K, N;
  std::vector<float> A, B, C;
};

/// One GEMM per crossbar layer of the program, with deterministic data.
std::vector<Gemm> layerGemms(const program::Program &p, uint64_t &macs) {
  std::vector<Gemm> gemms;
  macs = 0;
  uint32_t state = 1;
  auto next = [&]() {
    state = state * 1664525u + 1013904223u;
    return float(int32_t(state >> 9) - (1 << 22)) / float(1 << 22);
  };
  for (const program::Layer &L : p.layers) {
    Gemm g{L.pixels(), L.kRows(), L.outC, {}, {}, {}};
    g.A.resize(size_t(g.M * g.K));
    g.B.resize(size_t(g.K * g.N));
    g.C.resize(size_t(g.M * g.N));
    for (float &v : g.A)
      v = next();
    for (float &v : g.B)
      v = next();
    macs += uint64_t(g.M) * uint64_t(g.K) * uint64_t(g.N);
    gemms.push_back(std::move(g));
  }
  return gemms;
}

/// Seconds for all GEMMs, rows split into `threads` contiguous ranges.
double runGemms(std::vector<Gemm> &gemms, unsigned threads) {
  auto start = Clock::now();
  for (Gemm &g : gemms) {
    if (threads <= 1) {
      sgemmRows(g.A.data(), g.B.data(), g.C.data(), g.K, g.N, 0, g.M);
      continue;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      int64_t begin = g.M * t / threads, end = g.M * (t + 1) / threads;
      pool.emplace_back(sgemmRows, g.A.data(), g.B.data(), g.C.data(), g.K,
                        g.N, begin, end);
    }
    for (std::thread &t : pool)
      t.join();
  }
  return secondsSince(start);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<const char *> positional;
  int repeat = 3;
  double minSeconds = 2;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--min-seconds") && i + 1 < argc)
      minSeconds = std::atof(argv[++i]);
    else
      positional.push_back(argv[i]);
  }
  if (positional.size() != 3)
    die("usage: cim-bench-sim SIM.cimb INPUT.npy EST.cimb [--repeat N] "
        "[--min-seconds S]");

  program::Program simProgram = load(positional[0]);
  auto input = kernels::readNpy(positional[1]);
  if (!input)
    die(llvm::toString(input.takeError()));
  std::string inputName;
  for (const program::TensorDesc &t : simProgram.tensors)
    if (t.role == program::TensorRole::Input)
      inputName = t.name;
  std::map<std::string, kernels::Tensor> inputs{{inputName, *input}};

  // 1. The simulator, one sample, 1 and 2 pixel threads.
  double simSeconds[3] = {0, 0, 0};
  std::vector<kernels::Tensor> outputs[3];
  estimator::EventCounts counts[3];
  uint64_t macs = 0;
  for (unsigned threads = 1; threads <= 2; ++threads)
    for (int r = 0; r < repeat; ++r) {
      sim::SimOptions options;
      options.threads = threads;
      auto start = Clock::now();
      auto result = sim::simulate(simProgram, inputs, options);
      double s = secondsSince(start);
      if (!result)
        die(llvm::toString(result.takeError()));
      if (r == 0 || s < simSeconds[threads])
        simSeconds[threads] = s;
      outputs[threads] = std::move(result->outputs);
      counts[threads] = result->report.total.counts;
      macs = counts[threads].macs;
    }
  bool same = counts[1] == counts[2] &&
              outputs[1].size() == outputs[2].size();
  for (size_t i = 0; same && i < outputs[1].size(); ++i)
    same = outputs[1][i].data.size() == outputs[2][i].data.size() &&
           !std::memcmp(outputs[1][i].data.data(), outputs[2][i].data.data(),
                        outputs[1][i].data.size() * sizeof(float));
  std::printf("bench: sim_model %s\n", simProgram.modelName.c_str());
  std::printf("bench: sim_mode %s\n", simProgram.modes.empty()
                                          ? "default"
                                          : simProgram.modes[0].name.c_str());
  std::printf("bench: sim_macs %llu\n", (unsigned long long)macs);
  std::printf("bench: sim_adc_conversions %llu\n",
              (unsigned long long)counts[1].adcConversions);
  std::printf("bench: sim_seconds_t1 %.3f s\n", simSeconds[1]);
  std::printf("bench: sim_seconds_t2 %.3f s\n", simSeconds[2]);
  std::printf("bench: sim_threads_identical %s\n", same ? "yes" : "NO");

  // 2. The float sgemm of the same layers.
  uint64_t gemmMacs = 0;
  std::vector<Gemm> gemms = layerGemms(simProgram, gemmMacs);
  double gemmSeconds[3] = {0, 0, 0};
  for (unsigned threads = 1; threads <= 2; ++threads)
    for (int r = 0; r < repeat; ++r) {
      double s = runGemms(gemms, threads);
      if (r == 0 || s < gemmSeconds[threads])
        gemmSeconds[threads] = s;
    }
  double check = 0;
  for (const Gemm &g : gemms)
    check += g.C.empty() ? 0 : g.C[g.C.size() / 2];
  std::printf("bench: sgemm_macs %llu\n", (unsigned long long)gemmMacs);
  std::printf("bench: sgemm_checksum %.6g\n", check);
  for (unsigned threads = 1; threads <= 2; ++threads) {
    double simRate = double(macs) / simSeconds[threads];
    double gemmRate = double(gemmMacs) / gemmSeconds[threads];
    std::printf("bench: sgemm_seconds_t%u %.3f s\n", threads,
                gemmSeconds[threads]);
    std::printf("bench: sim_mac_rate_t%u %.4g MAC/s\n", threads, simRate);
    std::printf("bench: sgemm_mac_rate_t%u %.4g MAC/s\n", threads, gemmRate);
    std::printf("bench: sim_over_sgemm_t%u %.3f\n", threads,
                simRate / gemmRate);
  }

  // 3. The estimator.
  program::Program estProgram = load(positional[2]);
  std::printf("bench: est_model %s\n", estProgram.modelName.c_str());
  std::printf("bench: est_modes %zu\n", estProgram.modes.size());
  double sink = 0;
  auto rate = [&](auto &&estimateOnce) {
    auto start = Clock::now();
    uint64_t n = 0;
    double s = 0;
    do {
      for (int i = 0; i < 100; ++i)
        sink += estimateOnce();
      n += 100;
      s = secondsSince(start);
    } while (s < minSeconds);
    return double(n) / s;
  };
  double all = rate([&] {
    return estimator::estimate(estProgram).modes[0].total.energyPj;
  });
  double one = rate([&] {
    return estimator::estimateMode(estProgram, 0).total.energyPj;
  });
  std::printf("bench: est_all_modes_per_s %.0f\n", all);
  std::printf("bench: est_one_mode_per_s %.0f\n", one);
  std::printf("bench: est_checksum %.6g\n", sink > 0 ? 1.0 : 0.0);
  return same ? 0 : 1;
}
