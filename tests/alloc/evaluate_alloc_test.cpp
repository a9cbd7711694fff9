// Proves that CircuitEvaluator::evaluate never allocates (issue 3, CONVENTIONS.md §9): this
// executable replaces the global operator new/delete with counting versions (which is why it
// lives in its own folder, i.e. its own test executable) and checks that the count does not
// move across evaluate() calls for any number of frequencies.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include <gtest/gtest.h>

#include <eis/circuit/evaluate.hpp>

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

TEST(CircuitEvaluatorAllocation, CountingAllocatorSeesAllocations) {
  const std::size_t before = allocations.load();
  auto* v = new std::vector<double>(100);
  delete v;
  EXPECT_GE(allocations.load(), before + 2);  // the counter works
}

TEST(CircuitEvaluatorAllocation, EvaluateNeverAllocates) {
  eis::CircuitEvaluator evaluator{
      eis::parse_circuit("L0-R0-p(R1,CPE1)-p(R2-Wo2,C2)-p(Zarc3,Ha3,G3)-Ws4-W4")};
  const std::vector<double> params{1e-7, 10.0, 1e5,  1e-10, 0.9,   1e4, 100.0,
                                   1.0,  1e-8, 1e3,  1e-4,  0.8,   1e3, 1e-5,
                                   0.7,  0.5,  50.0, 1e-3,  200.0, 0.1, 3.0};
  ASSERT_EQ(params.size(), evaluator.circuit().parameter_count());
  for (const std::size_t n : {0u, 1u, 63u, 64u, 65u, 1000u, 100000u}) {
    std::vector<double> omega(n);
    for (std::size_t i = 0; i < n; ++i) {
      omega[i] = 1e-3 * static_cast<double>(i + 1);
    }
    std::vector<eis::Complex> z(n);
    std::vector<eis::Complex> jac(n * params.size());
    const std::size_t before = allocations.load();
    evaluator.evaluate(omega, params, z);
    evaluator.evaluate(omega, params, z, jac);
    evaluator.evaluate(omega, std::span(params).first(3), z);  // precondition violation path
    EXPECT_EQ(allocations.load(), before) << "N = " << n;
  }
}

}  // namespace
