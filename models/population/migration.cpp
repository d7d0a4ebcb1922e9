#include "population/migration.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "population/dynamics.hpp"

namespace kyosei::models {

Migration::Migration(const TownConfig& scenario)
    : within_(scenario.dynamics.moves_within_prefecture) {
  const std::size_t n = scenario.municipalities.size();
  prefecture_.assign(n, -1);
  population_.assign(n, 0);
  same_total_.assign(n, 0);
  other_total_.assign(n, 0);
  slot_.assign(n, 0);
  std::map<std::string, int> index;  // prefecture -> its index, in order of first appearance
  std::vector<std::vector<std::uint32_t>> members;
  for (std::size_t m = 0; m < n; ++m) {
    const MunicipalityConfig& mc = scenario.municipalities[m];
    population_[m] = static_cast<double>(mc.population);
    if (mc.prefecture.empty()) continue;
    const auto [it, fresh] = index.try_emplace(mc.prefecture, static_cast<int>(members.size()));
    if (fresh) members.emplace_back();
    prefecture_[m] = it->second;
    members[static_cast<std::size_t>(it->second)].push_back(static_cast<std::uint32_t>(m));
    same_total_[m] = static_cast<double>(mc.prefecture_population - mc.population);
    other_total_[m] =
        scenario.dynamics.national_population - static_cast<double>(mc.prefecture_population);
  }
  double sum = 0;
  for (const std::vector<std::uint32_t>& block : members) {
    block_begin_.push_back(by_prefecture_.size());
    double held = 0;
    for (const std::uint32_t m : block) {
      slot_[m] = by_prefecture_.size();
      by_prefecture_.push_back(m);
      sum += population_[m];
      held += population_[m];
      cumulative_.push_back(sum);
    }
    block_end_.push_back(by_prefecture_.size());
    held_.push_back(held);
  }
  known_ = sum;
  any_ = by_prefecture_.size() > 1;
}

std::uint32_t Migration::pick(std::size_t lo, std::size_t hi, std::size_t skip_begin,
                              std::size_t skip_end, double u) const {
  const auto sum_before = [&](std::size_t k) { return k == 0 ? 0.0 : cumulative_[k - 1]; };
  const double start = sum_before(lo), before = sum_before(skip_begin),
               skipped = sum_before(skip_end) - before;
  double target = start + u * (sum_before(hi) - start - skipped);
  if (target >= before) target += skipped;  // past the skipped block
  auto k = static_cast<std::size_t>(
      std::upper_bound(cumulative_.begin() + static_cast<std::ptrdiff_t>(lo),
                       cumulative_.begin() + static_cast<std::ptrdiff_t>(hi), target) -
      cumulative_.begin());
  k = std::min(k, hi - 1);  // rounding at the top end
  if (k >= skip_begin && k < skip_end) k = skip_end < hi ? skip_end : skip_begin - 1;
  return by_prefecture_[k];
}

std::optional<std::uint32_t> Migration::destination(std::uint32_t m, sim::Stream& draw) const {
  const double u_class = draw.uniform(), u_land = draw.uniform(), u_pick = draw.uniform();
  const int p = prefecture_[m];
  if (p < 0 || !any_) return std::nullopt;
  const auto q = static_cast<std::size_t>(p);
  if (u_class < within_) {
    // Another municipality of the prefecture: the scenario holds `held` of the `same_total_`.
    const double held = held_[q] - population_[m];
    if (held <= 0 || u_land * same_total_[m] >= held) return std::nullopt;
    return pick(block_begin_[q], block_end_[q], slot_[m], slot_[m] + 1, u_pick);  // not m
  }
  const double held = known_ - held_[q];  // the scenario's part of the rest of the country
  if (held <= 0 || u_land * other_total_[m] >= held) return std::nullopt;
  return pick(0, by_prefecture_.size(), block_begin_[q], block_end_[q], u_pick);
}

std::vector<double> Migration::inflow(const std::vector<double>& leaving) const {
  const std::size_t n = population_.size();
  std::vector<double> out(n, 0.0);
  if (!any_) return out;
  // Per unit of a destination's population: what each source sends it, by class.
  std::vector<double> same(held_.size(), 0.0), other(held_.size(), 0.0);
  double other_all = 0;
  std::vector<double> same_own(n, 0.0);  // a source's own share, which it does not send itself
  for (const std::uint32_t a : by_prefecture_) {
    const auto q = static_cast<std::size_t>(prefecture_[a]);
    if (same_total_[a] > 0) {
      same_own[a] = within_ * leaving[a] / same_total_[a];
      same[q] += same_own[a];
    }
    if (other_total_[a] > 0) {
      const double o = (1 - within_) * leaving[a] / other_total_[a];
      other[q] += o;
      other_all += o;
    }
  }
  for (const std::uint32_t b : by_prefecture_) {
    const auto q = static_cast<std::size_t>(prefecture_[b]);
    out[b] = population_[b] * ((same[q] - same_own[b]) + (other_all - other[q]));
  }
  return out;
}

Move moving_out(const Town& town, std::uint32_t i, std::uint32_t from, std::uint32_t to) {
  const Residents& r = town.residents;
  const std::uint32_t h = r.household[i];
  Move move{from, to, h, town.households.type[h], town.households.low_income[h], {}};
  const auto add = [&](std::uint32_t k) {
    // What was the resident's own: support and places stay behind, isolation follows the
    // ties they make.
    const auto own =
        static_cast<std::uint8_t>(r.flags[k] & (alive | female | employed | disabled | hardship));
    move.people.push_back(
        {r.age[k], own, r.care[k], r.withdrawal[k], r.help_seeking[k], r.reserved[k]});
  };
  if (moves_household(town, i)) {
    town.for_each_member(h, add);
  } else {  // alone: a household of one where it lands
    add(i);
    move.type = static_cast<std::uint8_t>(r.age[i] >= 65 ? HouseholdType::single_elderly
                                                         : HouseholdType::single_adult);
  }
  return move;
}

namespace {

// A new, empty household in a random neighbourhood of municipality m (its neighbourhoods are
// contiguous), or none when it has none.
std::uint32_t open_household(Town& town, std::size_t m, sim::Stream& draw) {
  const auto& muni = town.neighbourhoods.municipality;
  const auto first =
      static_cast<std::size_t>(std::lower_bound(muni.begin(), muni.end(), m) - muni.begin());
  const auto last =
      static_cast<std::size_t>(std::upper_bound(muni.begin(), muni.end(), m) - muni.begin());
  if (first == last) return Residents::none;
  Households& hh = town.households;
  const auto h = static_cast<std::uint32_t>(hh.size());
  hh.make_room();
  hh.neighbourhood.push_back(static_cast<std::uint32_t>(first + draw.below(last - first)));
  hh.first.push_back(Residents::none);
  hh.members.push_back(0);
  hh.low_income.push_back(0);
  hh.type.push_back(0);
  return h;
}

std::uint32_t join(Town& town, std::uint32_t h, int age, bool woman) {
  const std::uint32_t id = town.residents.add(static_cast<std::uint8_t>(age), woman, h);
  town.residents.next_member[id] = town.households.first[h];
  town.households.first[h] = id;
  ++town.households.members[h];
  return id;
}

// Members tie to each other; each 6+ (and not reserved) gets to know `arrival_ties` residents
// nearby, with no one yet to be introduced by.
void settle(Town& town, const TownConfig& config, std::uint32_t h, int day,
            const sim::StreamKey& key, std::vector<std::uint32_t>& touched) {
  refresh_caregiving(town, h);
  std::vector<std::uint32_t> members;
  town.for_each_member(h, [&](std::uint32_t id) { members.push_back(id); });
  for (std::size_t a = 0; a < members.size(); ++a)
    for (std::size_t b = a + 1; b < members.size(); ++b) tie(town, members[a], members[b]);
  TiesConfig nearby = config.ties;
  nearby.closure_share = 0;
  for (const std::uint32_t id : members) {
    if (town.residents.age[id] < config.ties.min_age_for_neighbour_ties ||
        town.residents.reserved[id])
      continue;
    sim::Stream meet(key, id, static_cast<std::uint64_t>(day), purpose_arrival_ties);
    for (int k = 0; k < config.ties.arrival_ties; ++k) {
      const std::uint32_t j = new_acquaintance(town, nearby, id, meet);
      if (j != Residents::none && tie(town, id, j)) touched.push_back(j);
    }
    touched.push_back(id);
  }
}

}  // namespace

int arrive(Town& town, const TownConfig& config, std::size_t m, int day, std::uint64_t serial,
           const sim::StreamKey& key, std::vector<std::uint32_t>& touched) {
  sim::Stream draw(key, (static_cast<std::uint64_t>(m) << 32) | serial,
                   static_cast<std::uint64_t>(day), purpose_arrivals);
  const std::uint32_t h = open_household(town, m, draw);
  if (h == Residents::none) return 0;
  Households& hh = town.households;
  hh.low_income[h] = draw.bernoulli(config.conditions.low_income) ? 1 : 0;
  // Assumption: arrivals are half young singles, a quarter couples, a quarter families.
  const double u = draw.uniform();
  const auto type = u < 0.5    ? HouseholdType::single_adult
                    : u < 0.75 ? HouseholdType::couple
                               : HouseholdType::couple_with_children;
  hh.type[h] = static_cast<std::uint8_t>(type);
  const auto arrives = [&](int age, bool woman) {
    assign_resident_conditions(town, config, join(town, h, age, woman), key, day);
  };
  const int adult = 20 + static_cast<int>(draw.below(20));
  const bool woman = draw.bernoulli(0.5);
  arrives(adult, woman);
  if (type != HouseholdType::single_adult)
    arrives(std::max(20, adult - 2 + static_cast<int>(draw.below(5))), !woman);
  if (type == HouseholdType::couple_with_children) {
    const std::uint64_t children = 1 + draw.below(2);
    for (std::uint64_t c = 0; c < children; ++c) {
      // Two statements: the order of draws is part of the results, and the order in which a
      // call's arguments are evaluated is not specified (GCC and Clang differ).
      const bool girl = draw.bernoulli(0.488);
      const int age = static_cast<int>(
          draw.below(static_cast<std::uint64_t>(std::max(1, std::min(15, adult - 20)))));
      arrives(age, girl);
    }
  }
  settle(town, config, h, day, key, touched);
  return static_cast<int>(hh.members[h]);
}

int move_in(Town& town, const TownConfig& config, std::size_t m, const Move& move, int day,
            const sim::StreamKey& key, std::vector<std::uint32_t>& touched) {
  sim::Stream draw(key, (static_cast<std::uint64_t>(move.from) << 32) | move.household,
                   static_cast<std::uint64_t>(day), purpose_move_in);
  const std::uint32_t h = open_household(town, m, draw);
  if (h == Residents::none) return 0;
  town.households.low_income[h] = move.low_income;
  town.households.type[h] = move.type;
  Residents& r = town.residents;
  for (const Mover& p : move.people) {
    const std::uint32_t id = join(town, h, p.age, (p.flags & female) != 0);
    r.flags[id] = p.flags;
    r.care[id] = p.care;
    r.withdrawal[id] = p.withdrawal;
    r.help_seeking[id] = p.help_seeking;
    r.reserved[id] = p.reserved;
  }
  settle(town, config, h, day, key, touched);
  // Isolation follows the ties they hold here, for everyone who came.
  town.for_each_member(h, [&](std::uint32_t id) { touched.push_back(id); });
  return static_cast<int>(town.households.members[h]);
}

}  // namespace kyosei::models
