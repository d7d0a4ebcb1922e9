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

namespace kyosei::sim {

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
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); },
      tbb::simple_partitioner{});
}

// Folds [0, n) block by block (map(begin, end, acc) -> acc) and joins blocks with
// combine(left, right), both in an order fixed by n and grain alone.
template <class T, class Map, class Combine>
requires BlockReduction<Map, T> && std::invocable<Combine&, T, T> T deterministic_reduce(
    std::size_t n, T identity, Map&& map, Combine&& combine, std::size_t grain = default_grain) {
  if (n == 0) return identity;
  return tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::size_t>(0, n, grain), identity,
      [&](const tbb::blocked_range<std::size_t>& r, T acc) {
        return map(r.begin(), r.end(), std::move(acc));
      },
      [&](T left, T right) { return combine(std::move(left), std::move(right)); },
      tbb::simple_partitioner{});
}

}  // namespace kyosei::sim
