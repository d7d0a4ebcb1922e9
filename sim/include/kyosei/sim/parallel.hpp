#pragma once
// Parallel loops over structure-of-arrays stores. Ranges are cut into blocks whose bounds
// depend only on the length and the grain, never on the number of threads, and reductions
// combine blocks in a fixed tree: results are bit-identical at any thread count.

#include <concepts>
#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/partitioner.h>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace kyosei::sim {

// ThreadSanitizer cannot see oneTBB's own synchronisation (Debian's libtbb is not
// instrumented), so in TSan builds every parallel construct declares the edges TBB
// guarantees: what precedes the construct happens before each task, and each task happens
// before what follows the construct (`joined`). In other builds it is empty and free.
class HandOver {
 public:
  HandOver() { release(&before_); }
  void task_begins() const { acquire(&before_); }
  void task_ends() const { release(&after_); }
  void joined() const { acquire(&after_); }

 private:
#if defined(__SANITIZE_THREAD__)
  static void acquire(const char* sync) {
    __tsan_acquire(const_cast<char*>(sync));
  }
  static void release(const char* sync) {
    __tsan_release(const_cast<char*>(sync));
  }
#else
  static void acquire(const char*) {}
  static void release(const char*) {}
#endif
  char before_ = 0, after_ = 0;  // addresses TSan keys its clocks by
};

// Default number of entities per block: large enough to amortise scheduling, small enough
// to balance a town of a few thousand residents over a handful of cores.
inline constexpr std::size_t default_grain = 4096;

template <class F>
concept BlockBody = std::invocable<F&, std::size_t, std::size_t>;

template <class F, class T>
concept BlockReduction = requires(F& f, std::size_t b, std::size_t e, T acc) {
  { f(b, e, acc) } -> std::convertible_to<T>;
};

// Calls body(begin, end) on disjoint blocks covering [0, n). Blocks may run concurrently.
template <BlockBody Body>
void for_each_block(std::size_t n, Body&& body, std::size_t grain = default_grain) {
  if (n == 0) return;
  const HandOver hand_over;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) {
        hand_over.task_begins();
        body(r.begin(), r.end());
        hand_over.task_ends();
      },
      tbb::simple_partitioner{});
  hand_over.joined();
}

// Folds [0, n) block by block (map(begin, end, acc) -> acc) and joins blocks with
// combine(left, right), both in an order fixed by n and grain alone.
template <class T, class Map, class Combine>
requires BlockReduction<Map, T> && std::invocable<Combine&, T, T> T deterministic_reduce(
    std::size_t n, T identity, Map&& map, Combine&& combine, std::size_t grain = default_grain) {
  if (n == 0) return identity;
  const HandOver hand_over;
  T result = tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::size_t>(0, n, grain), identity,
      [&](const tbb::blocked_range<std::size_t>& r, T acc) {
        hand_over.task_begins();
        T out = map(r.begin(), r.end(), std::move(acc));
        hand_over.task_ends();
        return out;
      },
      [&](T left, T right) {
        hand_over.task_begins();
        T out = combine(std::move(left), std::move(right));
        hand_over.task_ends();
        return out;
      },
      tbb::simple_partitioner{});
  hand_over.joined();
  return result;
}

}  // namespace kyosei::sim
