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
#include <tbb/task.h>
#include <tbb/task_group.h>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace kyosei::sim {

// ThreadSanitizer cannot see oneTBB's own synchronisation (Debian's libtbb is not
// instrumented), so in TSan builds every parallel construct declares the edges TBB
// guarantees: what precedes the construct happens before each task, and each task happens
// before what follows the construct. Both ends are scopes, so they hold when a task throws
// (an interrupted run) too. In other builds it is empty and free.
class HandOver {
 public:
  HandOver() { release(&before_); }
  ~HandOver() { acquire(&after_); }  // the construct has returned or thrown
  HandOver(const HandOver&) = delete;
  HandOver& operator=(const HandOver&) = delete;

  // Held by each task for its duration.
  class Task {
   public:
    explicit Task(const HandOver& owner) : owner_(owner) { acquire(&owner_.before_); }
    ~Task() { release(&owner_.after_); }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

   private:
    const HandOver& owner_;
  };

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
  char before_ = 0;
  mutable char after_ = 0;  // addresses TSan keys its clocks by
};

// Default number of entities per block: large enough to amortise scheduling, small enough
// to balance a few thousand entities over a handful of cores.
inline constexpr std::size_t default_grain = 4096;

template <class F>
concept BlockBody = std::invocable<F&, std::size_t, std::size_t>;

template <class F, class T>
concept BlockReduction = requires(F& f, std::size_t b, std::size_t e, T acc) {
  { f(b, e, acc) } -> std::convertible_to<T>;
};

// Every loop runs in a context of its own. By default oneTBB binds a nested loop to the one
// around it, and when a task of the outer loop throws (an interrupted run, a damaged
// checkpoint) the inner loops still running return early without a word, leaving their work
// half done for the code after them. Isolated, an inner loop always finishes or throws.
// True inside a task whose loop is being cancelled (another of its tasks threw): a long task
// (a whole simulation) checks it at its step boundaries and gives up, since the loop will
// throw the first task's exception and drop what the others make.
inline bool cancelled() {
  tbb::task_group_context* context = tbb::task::current_context();
  return context && context->is_group_execution_cancelled();
}

// Calls body(begin, end) on disjoint blocks covering [0, n). Blocks may run concurrently.
template <BlockBody Body>
void for_each_block(std::size_t n, Body&& body, std::size_t grain = default_grain) {
  if (n == 0) return;
  const HandOver hand_over;
  tbb::task_group_context context(tbb::task_group_context::isolated);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) {
        const HandOver::Task task(hand_over);
        body(r.begin(), r.end());
      },
      tbb::simple_partitioner{}, context);
}

// Folds [0, n) block by block (map(begin, end, acc) -> acc) and joins blocks with
// combine(left, right), both in an order fixed by n and grain alone.
template <class T, class Map, class Combine>
requires BlockReduction<Map, T> && std::invocable<Combine&, T, T> T deterministic_reduce(
    std::size_t n, T identity, Map&& map, Combine&& combine, std::size_t grain = default_grain) {
  if (n == 0) return identity;
  const HandOver hand_over;
  tbb::task_group_context context(tbb::task_group_context::isolated);
  T result = tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::size_t>(0, n, grain), identity,
      [&](const tbb::blocked_range<std::size_t>& r, T acc) {
        const HandOver::Task task(hand_over);
        return map(r.begin(), r.end(), std::move(acc));
      },
      [&](T left, T right) {
        const HandOver::Task task(hand_over);
        return combine(std::move(left), std::move(right));
      },
      tbb::simple_partitioner{}, context);
  return result;
}

}  // namespace kyosei::sim
