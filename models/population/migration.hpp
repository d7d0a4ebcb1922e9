#pragma once
// Who moves in, and moves between the scenario's municipalities. A resident leaving a
// municipality (move_away: with the household where a parent takes it along) goes to another
// municipality of the same prefecture with probability `moves_within_prefecture` (住民基本台帳
// 人口移動報告: 53% of moves between municipalities), else to one of another prefecture, each
// chosen by its population. Where that municipality is in the scenario the household lands
// there as it was (ages, care levels, disabilities, withdrawal, hardship), in a neighbourhood
// of its own, while its cases close where it left; otherwise it leaves the scenario. Arrivals
// from outside shrink by what a municipality expects from the others, so each keeps its net
// migration. Municipalities are partitions of one simulation (town/town_part.hpp): a move is
// what crosses them, handed over once a day in a fixed order.

#include <cstdint>
#include <optional>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/random.hpp"
#include "population/population.hpp"

namespace kyosei::models {

// One resident of a moving household, as they were when they left.
struct Mover {
  std::uint8_t age = 0, flags = 0, care = 0, withdrawal = 0, help_seeking = 0, reserved = 0;
  template <class A>
  void archive(A& a) {
    a(age, flags, care, withdrawal, help_seeking, reserved);
  }
};

// A household (or the one resident of it who moves) on its way to another municipality.
struct Move {
  std::uint32_t from = 0, to = 0;  // municipalities of the scenario
  std::uint32_t household = 0;     // its id where it lived: with `from`, it keys the move's draws
  std::uint8_t type = 0, low_income = 0;
  std::vector<Mover> people;
  template <class A>
  void archive(A& a) {
    a(from, to, household, type, low_income, people);
  }
};

// Destinations over the scenario's municipalities (their prefectures and populations at the
// start); the same for every partition.
class Migration {
 public:
  explicit Migration(const TownConfig& scenario);

  // Where someone leaving municipality m goes: a municipality of the scenario, or none (they
  // leave it). Takes three words of `draw` whatever happens.
  std::optional<std::uint32_t> destination(std::uint32_t m, sim::Stream& draw) const;
  // [persons / year] each municipality can expect from the others, given each one's
  // expected leavers [persons / year]: the sum over sources of leavers times the chance of
  // landing there. Summed in a fixed order.
  std::vector<double> inflow(const std::vector<double>& leaving) const;
  // Some moves can land in the scenario.
  bool any() const { return any_; }

 private:
  // A municipality drawn by population from places [lo, hi) of `by_prefecture_`, skipping
  // places [skip_begin, skip_end), for u in [0, 1).
  std::uint32_t pick(std::size_t lo, std::size_t hi, std::size_t skip_begin, std::size_t skip_end,
                     double u) const;

  double within_ = 0;
  std::vector<int> prefecture_;      // [municipality] -> index, -1: unknown
  std::vector<double> population_;   // [municipality] [persons] at the start
  std::vector<double> same_total_;   // [municipality] rest of its prefecture [persons]
  std::vector<double> other_total_;  // [municipality] rest of the country [persons]
  std::vector<std::size_t> slot_;    // [municipality] -> its place in `by_prefecture_`
  // Municipalities of known prefecture, grouped by prefecture, and their populations summed.
  std::vector<std::uint32_t> by_prefecture_;
  std::vector<double> cumulative_;
  std::vector<std::size_t> block_begin_, block_end_;  // [prefecture] in `by_prefecture_`
  std::vector<double> held_;                          // [prefecture] scenario's [persons]
  double known_ = 0;                                  // [persons] of known prefecture
  bool any_ = false;
};

// The residents of `i`'s move away (its household where it takes it along) as they are, bound
// for `to` from `from`.
Move moving_out(const Town& town, std::uint32_t i, std::uint32_t from, std::uint32_t to);

// A household moving in from outside: a young single, a young couple, or a couple with
// children, in a neighbourhood of municipality `m`, tied to each other, each member 6+ getting
// to know `ties.arrival_ties` residents nearby (added to `touched`). Returns the number of
// residents who arrived.
int arrive(Town& town, const TownConfig& config, std::size_t m, int day, std::uint64_t serial,
           const sim::StreamKey& key, std::vector<std::uint32_t>& touched);
// A household moving in from another municipality of the scenario, into a neighbourhood of
// municipality `m`, as `move` carries it; otherwise settled as arrive() settles. Returns the
// residents who arrived.
int move_in(Town& town, const TownConfig& config, std::size_t m, const Move& move, int day,
            const sim::StreamKey& key, std::vector<std::uint32_t>& touched);

}  // namespace kyosei::models
