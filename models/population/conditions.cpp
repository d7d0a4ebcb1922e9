// Conditions at the start: care levels, withdrawal, disability, income and hardship,
// employment, isolation and help-seeking, each drawn per resident (or household) from
// the published prevalences in the scenario, keyed by the resident's id.
#include <algorithm>
#include <cmath>

#include "kyosei/sim/parallel.hpp"
#include "population/dynamics.hpp"
#include "population/population.hpp"

namespace kyosei::models {

namespace {

std::uint8_t care_level_for(int age, const ConditionsConfig& c, sim::Stream& draw) {
  if (!draw.bernoulli(c.certification[age_band(age)])) return care_none;
  const double support = c.support_share_of_certified[age < 75 ? 0 : age < 85 ? 1 : 2];
  if (draw.bernoulli(support)) return draw.bernoulli(0.5) ? support1 : support2;
  double u = draw.uniform();
  for (int level = 0; level < 5; ++level) {
    if (u < c.care_level_mix[level]) return static_cast<std::uint8_t>(care1 + level);
    u -= c.care_level_mix[level];
  }
  return care5;
}

std::uint8_t severity_for(const ConditionsConfig& c, sim::Stream& draw) {
  double u = draw.uniform();
  for (int s = 0; s < 4; ++s) {
    if (u < c.withdrawal_severity[s]) return static_cast<std::uint8_t>(hobbies_only + s);
    u -= c.withdrawal_severity[s];
  }
  return rarely_leaves_room;
}

// Of residents isolated at the start, the share in a spell they keep to. Spells are of that
// kind with isolation_persistent; one seen at a given moment is more likely a long one
// (length-biased), so the share among the isolated is p/ρ_R over p/ρ_R + (1-p)/ρ_U, with ρ the
// rate a spell of each kind ends at: a tie forming (the resident's own attempts and as often
// someone else's, the reserved accepting with formation_reserved), death or moving away.
double persistent_at_start(const TownConfig& config, int age, bool woman) {
  const TiesConfig& t = config.ties;
  const DynamicsConfig& d = config.dynamics;
  const int band = age_band(age);
  const double leaving =
      (woman ? d.mortality_women : d.mortality_men)[band] + d.out_migration[band];
  const double forming = 2 * t.formation_rate * (age >= 75 ? t.formation_old : 1.0);
  const double p = config.conditions.isolation_persistent;
  const double kept = p / (forming * t.formation_reserved + leaving);  // [years] per spell
  const double passing = (1 - p) / (forming + leaving);
  return kept + passing > 0 ? kept / (kept + passing) : p;
}

void draw_conditions(Town& town, const TownConfig& config, std::uint32_t i, sim::Stream& draw,
                     double withdrawal_40to64) {
  const ConditionsConfig& c = config.conditions;
  Residents& r = town.residents;
  const Households& hh = town.households;
  const int age = r.age[i];
  const bool woman = r.has(i, female);
  r.care[i] = age >= 40 ? care_level_for(age, c, draw) : std::uint8_t{care_none};

  double withdraw = 0;
  if (age >= 15 && age <= 39) withdraw = c.withdrawal_15to39;
  if (age >= 40 && age <= 64) withdraw = withdrawal_40to64;
  const bool withdrawn = r.withdrawal[i] != withdrawal_none || draw.bernoulli(withdraw);
  r.withdrawal[i] = withdrawn ? severity_for(c, draw) : std::uint8_t{withdrawal_none};

  r.set(i, disabled, draw.bernoulli(c.disability[age_band(age)]));
  const bool poor = hh.low_income[r.household[i]] != 0;
  r.set(i, hardship, age >= 18 && poor && draw.bernoulli(c.hardship_given_low_income));
  const double work = age >= 15 && age <= 64 ? c.employment_15to64
                      : age >= 65            ? c.employment_65plus
                                             : 0;
  r.set(i, employed, !withdrawn && draw.bernoulli(work));

  // No outside contact: withdrawal at home or in one's room always; otherwise elderly living
  // alone more often than other adults.
  const bool alone =
      static_cast<HouseholdType>(hh.type[r.household[i]]) == HouseholdType::single_elderly;
  const double isolation = age < 15 ? 0 : alone ? c.isolation_elderly_alone : c.isolation_others;
  r.set(i, isolated, r.withdrawal[i] >= rarely_leaves_home || draw.bernoulli(isolation));
  // Those drawn isolated keep to themselves: the graph gives them no outside ties at the start
  // (social_graph.cpp), and they form new ones rarely (dynamics.cpp).
  r.reserved[i] = r.has(i, isolated) && (r.withdrawal[i] >= rarely_leaves_home ||
                                         draw.bernoulli(persistent_at_start(config, age, woman)))
                      ? 1
                      : 0;

  // Help-seeking: around the mean, lower for men, isolation and withdrawal (stigma).
  double seek = std::clamp(c.help_seeking_mean + 0.15 * draw.normal(), 0.0, 1.0);
  if (!woman) seek *= 0.8;
  if (r.has(i, isolated)) seek *= 0.6;
  if (withdrawn) seek *= 0.5;
  r.help_seeking[i] = static_cast<std::uint8_t>(std::lround(seek * 255.0));
}

}  // namespace

void assign_resident_conditions(Town& town, const TownConfig& config, std::uint32_t i,
                                const sim::StreamKey& key, int day) {
  sim::Stream draw(key, i, static_cast<std::uint64_t>(day), purpose_conditions);
  draw_conditions(town, config, i, draw, config.conditions.withdrawal_40to64);
}

void assign_conditions(Town& town, const TownConfig& config, const sim::StreamKey& key) {
  const ConditionsConfig& c = config.conditions;
  Residents& r = town.residents;
  Households& hh = town.households;

  for (std::size_t h = 0; h < hh.size(); ++h) {
    sim::Stream draw(key, h, 0, purpose_household_income);
    hh.low_income[h] = draw.bernoulli(c.low_income) ? 1 : 0;
  }

  // Withdrawal among 40-64 tops up the 8050 children so the band's prevalence holds.
  const std::size_t n_munis = config.municipalities.size();
  std::vector<double> n40(n_munis, 0), w40(n_munis, 0);
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (r.age[i] >= 40 && r.age[i] <= 64) {
      n40[town.municipality_of(i)] += 1;
      if (r.withdrawal[i] != withdrawal_none) w40[town.municipality_of(i)] += 1;
    }
  std::vector<double> top_up(n_munis, 0);
  for (std::size_t m = 0; m < n_munis; ++m)
    top_up[m] = n40[m] > w40[m]
                    ? std::max(0.0, (c.withdrawal_40to64 * n40[m] - w40[m]) / (n40[m] - w40[m]))
                    : 0;

  sim::for_each_block(r.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      sim::Stream draw(key, i, 0, purpose_conditions);
      draw_conditions(town, config, static_cast<std::uint32_t>(i), draw,
                      top_up[town.municipality_of(static_cast<std::uint32_t>(i))]);
    }
  });
  update_caregiving(town);
}

void refresh_caregiving(Town& town, std::uint32_t household) {
  // A care facility's residents (要介護3+, certified until death) carry no burden: nothing to
  // walk (its member list is long and keeps those who died).
  if (static_cast<HouseholdType>(town.households.type[household]) == HouseholdType::facility)
    return;
  Residents& r = town.residents;
  std::uint8_t need = 0;  // the heaviest care need in the household
  town.for_each_member(household, [&](std::uint32_t m) {
    if (r.care[m] >= care1 + 2)
      need = 2;
    else if (r.care[m] != care_none)
      need = std::max<std::uint8_t>(need, 1);
  });
  town.for_each_member(household, [&](std::uint32_t m) {
    r.burden[m] = r.age[m] >= 18 && r.care[m] == care_none ? need : 0;
  });
}

void update_caregiving(Town& town) {
  sim::for_each_block(town.households.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t h = begin; h < end; ++h)
      refresh_caregiving(town, static_cast<std::uint32_t>(h));
  });
}

}  // namespace kyosei::models
