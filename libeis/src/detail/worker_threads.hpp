// Private to libeis: runs a loop body on the calling thread plus (threads − 1) std::threads,
// each pulling indices 0..count−1 from a shared atomic counter. Used by the batch APIs
// (evaluate_sweep, fit_batch); every index is processed exactly once and by one thread, so
// results written per index do not depend on the thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <eis/detail/to_text.hpp>
#include <eis/error.hpp>

namespace eis::detail {

/// The check of a batch API's `threads` option (0 or 1 = the calling thread, n > 1 = n threads).
/// @throws eis::InvalidArgument for a negative count.
inline void check_thread_count(int threads) {
  if (threads < 0) {
    throw InvalidArgument("threads must be >= 0, got " + eis::detail::to_text(threads));
  }
}

/// Calls body(next) once per thread, where next is the shared std::atomic<std::size_t> index
/// counter; body loops `for (std::size_t i; (i = next++) < count;)`. body must not throw
/// (catch per index and store the exception). threads ≤ 1 runs body on the calling thread only.
template <class Body>
void run_on_threads(std::size_t count, int threads, const Body& body) {
  std::atomic<std::size_t> next{0};
  const std::size_t extra =
      threads <= 1 || count <= 1 ? 0 : std::min(count, static_cast<std::size_t>(threads)) - 1;
  if (extra == 0) {
    body(next);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(extra);
  try {
    for (std::size_t t = 0; t < extra; ++t) {
      pool.emplace_back([&body, &next] { body(next); });
    }
  } catch (...) {
    // Could not start a thread: the ones running finish the work with this one.
    body(next);
    for (auto& thread : pool) {
      thread.join();
    }
    return;
  }
  body(next);
  for (auto& thread : pool) {
    thread.join();
  }
}

}  // namespace eis::detail
