// Circuit evaluation speed (issue 10): the library's general evaluator against the hand-written
// structure-of-arrays kernel for R0-p(R1,CPE1)-p(R2,CPE2)-CPE3 (eis/circuit/reference_kernel.hpp)
// in the same binary, for 16..16384 frequencies; circuits of 1..10 elements; the Jacobian.
// Counters: "ns_per_point"; in BM_RatioLibraryToReference "ratio" = library time / reference
// time per point (ln ω precomputed for both; "ratio_with_log" when the library computes it per
// call) and in BM_RatioJacobianToEvaluate "ratio" = Jacobian time / evaluation time, both timed
// interleaved in one run (thread CPU time) so that machine load affects both sides alike.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <eis/circuit/evaluate.hpp>
#include <eis/circuit/reference_kernel.hpp>

namespace {

// Reference parameters: bulk 1e5 Ω / n = 0.92, grain boundary 2e5 Ω / n = 0.8, electrode
// CPE 1e-6 S sⁿ / n = 0.85, series 50 Ω.
const std::vector<double> three_arc_params{50.0, 1e5, 1.1e-11, 0.92, 2e5, 3.4e-9, 0.8, 1e-6, 0.85};

struct Grid {
  std::vector<double> omega;
  std::vector<double> ln_omega;
};

// n log-spaced angular frequencies from 2π·7 MHz down to 2π·0.1 Hz.
Grid log_grid(std::size_t n) {
  Grid g;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    const double f = 7e6 * std::pow(0.1 / 7e6, t);
    g.omega.push_back(2.0 * 3.141592653589793 * f);
    g.ln_omega.push_back(std::log(g.omega.back()));
  }
  return g;
}

void set_per_point(benchmark::State& state, std::size_t n) {
  state.SetComplexityN(static_cast<std::int64_t>(n));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["ns_per_point"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(n) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

/// Runs `kernel` once per benchmark iteration and reports the time per point.
template <class F>
void time_per_point(benchmark::State& state, std::size_t n, F&& kernel) {
  for (auto _ : state) {
    kernel();
    benchmark::ClobberMemory();
  }
  set_per_point(state, n);
}

/// The reference circuit on range(0) points with the output buffers of every kernel timed here;
/// each member function is one call whose outputs are kept from being optimised away.
struct ThreeArc {
  std::size_t n;
  Grid g = log_grid(n);
  eis::CircuitEvaluator evaluator{eis::parse_circuit(eis::reference::three_arc_circuit)};
  std::vector<eis::Complex> z = std::vector<eis::Complex>(n);
  std::vector<eis::Complex> jac = std::vector<eis::Complex>(n * three_arc_params.size());
  std::vector<double> zr = std::vector<double>(n);
  std::vector<double> zi = std::vector<double>(n);

  explicit ThreeArc(const benchmark::State& state) : n(static_cast<std::size_t>(state.range(0))) {}

  void reference() {
    eis::reference::three_arc_reference(g.ln_omega, three_arc_params, zr, zi);
    benchmark::DoNotOptimize(zr.data());
    benchmark::DoNotOptimize(zi.data());
  }
  void evaluate() {  // ln ω computed on every call
    evaluator.evaluate(g.omega, three_arc_params, z);
    benchmark::DoNotOptimize(z.data());
  }
  void evaluate_log_omega() {  // ln ω precomputed per spectrum, as the reference has it
    evaluator.evaluate_log_omega(g.omega, g.ln_omega, three_arc_params, z);
    benchmark::DoNotOptimize(z.data());
  }
  void jacobian() {
    evaluator.evaluate(g.omega, three_arc_params, z, jac);
    benchmark::DoNotOptimize(jac.data());
  }
  void jacobian_log_omega() {
    evaluator.evaluate_log_omega(g.omega, g.ln_omega, three_arc_params, z, jac);
    benchmark::DoNotOptimize(jac.data());
  }
};

// Each kernel alone on 16..16384 points: BM_Reference3Arc, BM_Evaluate3Arc, BM_Evaluate3ArcLogOmega
// (ln ω precomputed per spectrum, as the reference has it) and BM_Jacobian3Arc.
const bool three_arc_kernels_registered = [] {
  using Kernel = void (ThreeArc::*)();
  const std::pair<const char*, Kernel> kernels[] = {
      {"BM_Reference3Arc", &ThreeArc::reference},
      {"BM_Evaluate3Arc", &ThreeArc::evaluate},
      {"BM_Evaluate3ArcLogOmega", &ThreeArc::evaluate_log_omega},
      {"BM_Jacobian3Arc", &ThreeArc::jacobian}};
  for (const auto& [name, kernel] : kernels) {
    benchmark::RegisterBenchmark(name,
                                 [kernel = kernel](benchmark::State& state) {
                                   ThreeArc c(state);
                                   time_per_point(state, c.n, [&] { (c.*kernel)(); });
                                 })
        ->RangeMultiplier(4)
        ->Range(16, 16384)
        ->Complexity(benchmark::oN);
  }
  return true;
}();

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// CPU seconds of this thread for `repeat` calls of f: on the shared machine, time spent
// preempted by other processes is not counted against either side of a ratio.
template <class F>
double seconds(int repeat, F&& f) {
  const double start = thread_cpu_seconds();
  for (int r = 0; r < repeat; ++r) {
    f();
    benchmark::ClobberMemory();
  }
  return thread_cpu_seconds() - start;
}

// Library and reference timed alternately (20 calls each per benchmark iteration). "ratio":
// evaluate_log_omega (ln ω precomputed per spectrum, as the reference kernel has it) over the
// reference; "ratio_with_log": evaluate(), which computes ln ω on every call, over the reference.
void BM_RatioLibraryToReference(benchmark::State& state) {
  ThreeArc c(state);
  double library = 0.0;
  double library_with_log = 0.0;
  double reference = 0.0;
  constexpr int repeat = 20;
  for (auto _ : state) {
    library += seconds(repeat, [&] { c.evaluate_log_omega(); });
    reference += seconds(repeat, [&] { c.reference(); });
    library_with_log += seconds(repeat, [&] { c.evaluate(); });
  }
  const double calls = static_cast<double>(state.iterations()) * repeat * static_cast<double>(c.n);
  state.counters["library_ns_per_point"] = library / calls * 1e9;
  state.counters["library_with_log_ns_per_point"] = library_with_log / calls * 1e9;
  state.counters["reference_ns_per_point"] = reference / calls * 1e9;
  state.counters["ratio"] = library / reference;
  state.counters["ratio_with_log"] = library_with_log / reference;
}
BENCHMARK(BM_RatioLibraryToReference)->Arg(81)->Arg(1024)->Arg(4096)->Arg(16384);

// Jacobian (Z and ∂Z/∂p in one pass) against evaluation alone, timed alternately, both with
// ln ω precomputed.
void BM_RatioJacobianToEvaluate(benchmark::State& state) {
  ThreeArc c(state);
  double evaluation = 0.0;
  double jacobian = 0.0;
  constexpr int repeat = 20;
  for (auto _ : state) {
    evaluation += seconds(repeat, [&] { c.evaluate_log_omega(); });
    jacobian += seconds(repeat, [&] { c.jacobian_log_omega(); });
  }
  const double calls = static_cast<double>(state.iterations()) * repeat * static_cast<double>(c.n);
  state.counters["evaluate_ns_per_point"] = evaluation / calls * 1e9;
  state.counters["jacobian_ns_per_point"] = jacobian / calls * 1e9;
  state.counters["ratio"] = jacobian / evaluation;
}
BENCHMARK(BM_RatioJacobianToEvaluate)->Arg(81)->Arg(4096);

// A chain with k elements: R0, then arcs p(Ri,CPEi), and a final CPE when k is even, so
// k = 6 is the reference circuit's shape.
std::string chain(int k) {
  std::string text = "R0";
  int used = 1;
  int label = 1;
  while (used + 2 <= k) {
    const std::string i = std::to_string(label++);
    text += "-p(R" + i + ",CPE" + i + ")";
    used += 2;
  }
  if (used < k) {
    text += "-CPE" + std::to_string(label);
  }
  return text;
}

std::vector<double> chain_params(const eis::Circuit& c) {
  std::vector<double> p;
  for (const auto& parameter : c.parameters()) {
    const bool exponent = parameter.name.ends_with("_1");
    const bool q = parameter.name.ends_with("_0");
    p.push_back(exponent ? 0.85 : (q ? 1e-8 : 1e4));
  }
  return p;
}

/// Times evaluation (with `jacobian`, Z and ∂Z/∂p) of the range(0)-element chain at 1024
/// points; complexity is reported against the element count.
void time_chain(benchmark::State& state, bool jacobian) {
  const auto k = static_cast<int>(state.range(0));
  constexpr std::size_t n = 1024;
  const Grid g = log_grid(n);
  eis::CircuitEvaluator evaluator{eis::parse_circuit(chain(k))};
  const auto p = chain_params(evaluator.circuit());
  std::vector<eis::Complex> z(n);
  std::vector<eis::Complex> jac(jacobian ? n * p.size() : 0);
  time_per_point(state, n, [&] {
    if (jacobian) {
      evaluator.evaluate(g.omega, p, z, jac);
    } else {
      evaluator.evaluate(g.omega, p, z);
    }
    benchmark::DoNotOptimize(z.data());
    benchmark::DoNotOptimize(jac.data());
  });
  state.SetComplexityN(k);
}

// 1024 points, circuits of 1..10 elements: cost per point grows with the element count.
void BM_EvaluateElements(benchmark::State& state) {
  time_chain(state, false);
  state.SetLabel(chain(static_cast<int>(state.range(0))));
}
BENCHMARK(BM_EvaluateElements)->DenseRange(1, 10)->Complexity(benchmark::oN);

void BM_JacobianElements(benchmark::State& state) {
  time_chain(state, true);
}
BENCHMARK(BM_JacobianElements)->DenseRange(1, 10)->Complexity(benchmark::oN);

}  // namespace
