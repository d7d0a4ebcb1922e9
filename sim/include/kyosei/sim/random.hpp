#pragma once
// Counter-based random streams. A draw is a pure function of who draws it and why: (seed, arm,
// replicate) select the Philox key, (entity, day, purpose) the counter. No generator state lives
// outside the small Stream object a caller builds on the spot, so results cannot depend on thread
// count, rank count, scheduling or the order in which entities are visited.
//
// All transforms below are our own code on top of Random123's integer-to-real helpers:
// std:: distributions are implementation-defined and would change results between standard
// libraries. Results still rely on the platform's std::log/exp/sqrt/cos (glibc on Debian).

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

// Random123 is third-party C-style code: when it is found outside a system include directory
// (a vendored copy), these are the warnings of our policy that it trips.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <Random123/philox.h>
#include <Random123/uniform.hpp>
#pragma GCC diagnostic pop

namespace kyosei::sim {

// Identifies the random numbers of one replicate: the user's seed, a family and the replicate.
// The runner gives every arm of a scenario family 0, so that within a replicate all arms draw
// the same numbers for the same entity, day and purpose (common random numbers) and differ
// only where their settings make them differ. Other families are for draws that must never
// coincide with a simulation's.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t family = 0;
  std::uint32_t replicate = 0;
  // The part of a simulation split into partitions (a town of the scenario, say) whose
  // entities these are: entities are numbered within their partition, so each draws from a
  // stream of its own. Partition 0 draws what an unsplit simulation draws.
  std::uint32_t partition = 0;
};

// Why a draw is made: a stable tag per purpose (models define their own constants). Changing a
// tag changes every draw made under it, so tags are part of a model's reproducibility contract.
using Purpose = std::uint32_t;

namespace detail {
// log(k!) for a non-negative integer k held in a double. Our own, rather than std::lgamma,
// because glibc's lgamma writes the global `signgam` (a data race when worker threads draw) and
// its last bits are not specified; the rejection samplers only need ~1e-14 relative accuracy.
double log_factorial(double k);
}  // namespace detail

// All draws for one (key, entity, day, purpose): Philox4x64-10 with key {seed, arm<<32 | replicate}
// and counter {entity, day, partition<<32 | purpose, block}, block counting 0,1,2,... as 64-bit
// words are consumed (4 words per block). No stored generator state outside this small object; the
// same identity always gives the same sequence, whichever thread or order asks.
//
// A Stream is meant to be built where it is used (construction only copies six words; Philox
// runs on the first draw) and dropped afterwards. Copying one duplicates its future draws.
// Two draws with the same identity are the same draw: a caller who needs several independent
// draws under one identity takes them from one Stream object, in a fixed order.
class Stream {
 public:
  using Philox = r123::Philox4x64;  // Philox4x64 with the default 10 rounds

  Stream(const StreamKey& key, std::uint64_t entity, std::uint64_t day, Purpose purpose)
      : key_{{key.seed, (std::uint64_t{key.family} << 32) | key.replicate}},
        counter_{{entity, day, (std::uint64_t{key.partition} << 32) | purpose, 0}},
        block_{{0, 0, 0, 0}} {}

  // The next raw 64-bit word: word i of the stream is word i % 4 of the Philox block i / 4.
  std::uint64_t next_u64() {
    if (used_ == kWordsPerBlock) {
      block_ = Philox{}(counter_, key_);
      ++counter_.v[3];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  // Open interval (0, 1), one word. u01fixedpt rather than u01: for 64-bit input u01 can round up
  // to exactly 1.0 (and -log(1 - u) would then be infinite); u01fixedpt returns odd multiples of
  // 2^-53, never 0, 0.5 or 1, so log(u) is finite and |u - 0.5| > 0 in the rejection samplers.
  double uniform() { return r123::u01fixedpt<double>(next_u64()); }

  // [lo, hi) up to rounding of lo + (hi - lo) * u; one word.
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // One word, always: a probability that reaches 0 or 1 (a policy switched off, a hazard capped)
  // must not shift the draws that follow in the same stream, or two runs that differ only in that
  // parameter would lose their common random numbers everywhere downstream.
  bool bernoulli(double p) { return uniform() < p; }

  // Mean 1/rate. rate <= 0 means "never": +infinity, still after one word, for the same alignment
  // reason as bernoulli. The largest finite result is about 36.7 / rate (u >= 2^-53).
  double exponential(double rate) {
    const double e = -std::log(uniform());
    if (!(rate > 0.0)) return std::numeric_limits<double>::infinity();
    return e / rate;
  }

  // Uniform integer in [0, n), unbiased; n == 0 -> 0 (one word consumed). Lemire's
  // multiply-and-reject: one multiply on the common path, and the rare rejection removes the bias
  // that a plain modulo or multiply-shift leaves for n that do not divide 2^64.
  std::uint64_t below(std::uint64_t n) {
    std::uint64_t high = 0;
    std::uint64_t low = mulhilo64(next_u64(), n, &high);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) low = mulhilo64(next_u64(), n, &high);
    }
    return high;
  }

  // Poisson(mean), exact. Small means (the daily-hazard case) use inversion: one word, and a
  // slightly larger mean never yields a smaller count from the same stream, which keeps
  // sensitivity runs smooth. Its cost grows with the mean, so from mean 10 we switch to Hörmann's
  // PTRS (transformed rejection with squeeze): 2.2-2.7 words and usually no logarithm per draw,
  // however large the mean. mean <= 0 (or NaN) -> 0 after one word. The mean must be finite.
  std::uint64_t poisson(double mean) {
    if (mean >= kPoissonRejectionMean) return poisson_ptrs(mean);
    const double u0 = uniform();
    if (!(mean > 0.0)) return 0;
    return poisson_inversion(mean, u0);
  }

  // Binomial(n, p), exact. p > 0.5 is drawn as n - Binomial(n, 1 - p) so that both methods only
  // see p <= 0.5, where their cost depends on the smaller mean. n * min(p, 1 - p) < 10 uses
  // inversion (one word, almost always); larger means use Hörmann's BTRS, 2.2-2.9 words per draw
  // whatever n. Degenerate p (<= 0, >= 1; NaN counts as 0) and n == 0 take one word, like
  // bernoulli.
  std::uint64_t binomial(std::uint64_t n, double p) {
    const bool mirrored = p > 0.5;
    const double q = mirrored ? 1.0 - p : p;  // the smaller of p and 1 - p
    std::uint64_t k = 0;
    if (n == 0 || !(q > 0.0)) {
      next_u64();
    } else if (static_cast<double>(n) * q >= kBinomialRejectionMean) {
      k = binomial_btrs(n, q);
    } else {
      k = binomial_inversion(n, q);
    }
    return mirrored ? n - k : k;
  }

  // Standard normal by Box–Muller, exactly two words per call. The sine partner is discarded on
  // purpose: caching it would make a draw depend on how many normals were taken before it, and
  // make word positions in the stream depend on call parity. |result| <= ~8.57 (u >= 2^-53).
  double normal() {
    const double u1 = uniform();  // separate statements: the order of draws is part of the
    const double u2 = uniform();  // contract, and operand evaluation order is unspecified
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  double normal(double mean, double sd) { return mean + sd * normal(); }

 private:
  static constexpr unsigned kWordsPerBlock = 4;
  static constexpr double kPoissonRejectionMean = 10.0;   // Hörmann's range for PTRS
  static constexpr double kBinomialRejectionMean = 10.0;  // Hörmann's range for BTRS

  // Sequential search from 0 with the pmf recurrence. Float rounding can leave u a hair above
  // the summed pmf; the terms then underflow and we draw a fresh u, i.e. we reject an event of
  // probability ~1e-16 instead of returning an arbitrary far-tail value.
  std::uint64_t poisson_inversion(double mean, double u) {
    const double p0 = std::exp(-mean);
    double p = p0;
    std::uint64_t k = 0;
    while (u > p) {
      u -= p;
      ++k;
      p *= mean / static_cast<double>(k);
      if (!(p > 0.0)) {
        u = uniform();
        p = p0;
        k = 0;
      }
    }
    return k;
  }

  // As poisson_inversion; q <= 0.5, n * q < 10, so q^n >= e^-14 never underflows.
  std::uint64_t binomial_inversion(std::uint64_t n, double q) {
    const double nd = static_cast<double>(n);
    const double odds = q / (1.0 - q);
    const double a = (nd + 1.0) * odds;
    const double p0 = std::exp(nd * std::log1p(-q));
    double u = uniform();
    double p = p0;
    std::uint64_t k = 0;
    while (u > p) {
      u -= p;
      ++k;
      p *= a / static_cast<double>(k) - odds;
      if (k > n || !(p > 0.0)) {
        u = uniform();
        p = p0;
        k = 0;
      }
    }
    return k;
  }

  std::uint64_t poisson_ptrs(double mean);                 // random.cpp
  std::uint64_t binomial_btrs(std::uint64_t n, double q);  // random.cpp; q <= 0.5

  Philox::key_type key_;
  Philox::ctr_type counter_;  // {entity, day, purpose, next block}
  Philox::ctr_type block_;    // the current block's words
  unsigned used_ = kWordsPerBlock;
};

}  // namespace kyosei::sim
