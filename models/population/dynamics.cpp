#include "population/dynamics.hpp"

#include <algorithm>

namespace kyosei::models {

namespace {

constexpr double per_day = 1.0 / 365.25;

// A resident dies or moves away: their ties end with them.
void leave(Town& town, std::uint32_t i, Change& change) {
  town.residents.set(i, alive, false);
  std::uint32_t& members = town.households.members[town.residents.household[i]];
  if (members > 0) --members;
  untie_all(town, i, change.touched);
}

// A resident moved from household `from` to another: who is inside the household changed for
// their ties, and living with an elder (or no longer) changes the members' hazards of moving
// away (a care facility's residents have none of that).
void moved_household(Town& town, std::uint32_t i, std::uint32_t from, Change& change) {
  for (const std::uint32_t h : {from, town.residents.household[i]})
    if (static_cast<HouseholdType>(town.households.type[h]) != HouseholdType::facility)
      town.for_each_member(h, [&](std::uint32_t m) { change.rehoused.push_back(m); });
  change.rehoused.push_back(i);
  change.touched.push_back(i);
  recount_outside_ties(town, i);
  town.ties.for_each(i, [&](std::uint32_t j) {
    change.touched.push_back(j);
    recount_outside_ties(town, j);
  });
}

}  // namespace

// Someone i could get to know: with closure_share a friend's friend, else a resident of a
// household in the same neighbourhood; none if no one is found.
std::uint32_t new_acquaintance(const Town& town, const TiesConfig& t, std::uint32_t i,
                               sim::Stream& draw) {
  const Residents& r = town.residents;
  const auto fits = [&](std::uint32_t j) {
    return j != i && r.has(j, alive) && r.age[j] >= t.min_age_for_neighbour_ties &&
           r.household[j] != r.household[i] && r.withdrawal[j] < rarely_leaves_home &&
           !town.ties.tied(i, j);
  };
  // The reserved accept a new tie with formation_reserved.
  const auto accepts = [&](std::uint32_t j) {
    return !r.reserved[j] || draw.bernoulli(t.formation_reserved);
  };
  if (draw.bernoulli(t.closure_share)) {
    static thread_local std::vector<std::uint32_t> friends, theirs;
    friends.clear();
    town.ties.for_each(i, [&](std::uint32_t j) { friends.push_back(j); });
    if (!friends.empty()) {
      const std::uint32_t f = friends[draw.below(friends.size())];
      theirs.clear();
      town.ties.for_each(f, [&](std::uint32_t j) { theirs.push_back(j); });
      // One of the friend's ties who fits, uniformly: a few tries at random (most fit, and
      // each check reads the candidate's state), then all of them.
      for (int attempt = 0; attempt < 4; ++attempt)
        if (const std::uint32_t j = theirs[draw.below(theirs.size())]; fits(j))
          return accepts(j) ? j : Residents::none;
      std::erase_if(theirs, [&](std::uint32_t j) { return !fits(j); });
      if (!theirs.empty()) {
        const std::uint32_t j = theirs[draw.below(theirs.size())];
        return accepts(j) ? j : Residents::none;
      }
    }
  }
  const std::vector<std::uint32_t>& near =
      town.households_in(town.households.neighbourhood[r.household[i]]);
  for (int attempt = 0; attempt < 8 && !near.empty(); ++attempt) {
    const std::uint32_t h = near[draw.below(near.size())];
    static thread_local std::vector<std::uint32_t> members;
    members.clear();
    town.for_each_member(h, [&](std::uint32_t j) {
      if (fits(j)) members.push_back(j);
    });
    if (!members.empty()) {
      const std::uint32_t j = members[draw.below(members.size())];
      return accepts(j) ? j : Residents::none;
    }
  }
  return Residents::none;
}

std::size_t outside_ties(const Town& town, std::uint32_t i) {
  std::size_t n = 0;
  const std::uint32_t h = town.residents.household[i];
  town.ties.for_each(i, [&](std::uint32_t j) { n += town.residents.household[j] != h; });
  return n;
}

void recount_outside_ties(Town& town, std::uint32_t i) {
  town.residents.outside_ties[i] =
      static_cast<std::uint8_t>(std::min<std::size_t>(outside_ties(town, i), 255));
}

bool tie(Town& town, std::uint32_t i, std::uint32_t j) {
  if (!town.ties.form(i, j)) return false;
  Residents& r = town.residents;
  if (r.household[i] != r.household[j])
    for (const std::uint32_t v : {i, j})
      if (r.outside_ties[v] < 255) ++r.outside_ties[v];
  return true;
}

namespace {

// v's tie to a resident of household `other` has ended: one outside tie fewer if it was one.
void lost_tie(Town& town, std::uint32_t v, std::uint32_t other) {
  Residents& r = town.residents;
  if (r.household[v] == other) return;
  if (r.outside_ties[v] == 255)
    recount_outside_ties(town, v);  // it had saturated
  else if (r.outside_ties[v] > 0)
    --r.outside_ties[v];
}

}  // namespace

bool untie(Town& town, std::uint32_t i, std::uint32_t j) {
  if (!town.ties.end(i, j)) return false;
  lost_tie(town, i, town.residents.household[j]);
  lost_tie(town, j, town.residents.household[i]);
  return true;
}

void untie_all(Town& town, std::uint32_t i, std::vector<std::uint32_t>& partners) {
  const std::uint32_t h = town.residents.household[i];
  town.ties.end_all(i, [&](std::uint32_t j) {
    lost_tie(town, j, h);
    partners.push_back(j);
  });
  town.residents.outside_ties[i] = 0;
}

bool refresh_isolation(Town& town, std::uint32_t i) {
  Residents& r = town.residents;
  const bool was = r.has(i, isolated);
  const std::size_t outside = r.has(i, alive) ? r.outside_ties[i] : 0;
  // Residents of a care facility live among its staff and residents: not isolated.
  const bool now =
      r.has(i, alive) && r.age[i] >= 15 &&
      static_cast<HouseholdType>(town.households.type[r.household[i]]) != HouseholdType::facility &&
      outside == 0;
  r.set(i, isolated, now);
  return now && !was;
}

TieHazards tie_hazards_of(const Town& town, const TownConfig& config, std::uint32_t i) {
  const Residents& r = town.residents;
  TieHazards h;
  // From the age residents know their neighbours (6: school), as the graph at the start has
  // it. Ties fade one at a time; new ones form, more while taking part somewhere, fewer from
  // 75 and in withdrawal, none for those who rarely leave home.
  const TiesConfig& t = config.ties;
  if (!r.has(i, alive) || r.age[i] < t.min_age_for_neighbour_ties) return h;
  h.ends = r.outside_ties[i] * t.fade_rate * per_day;
  if (r.withdrawal[i] < rarely_leaves_home && r.outside_ties[i] < 255)
    h.forms = t.formation_rate * (r.age[i] >= 75 ? t.formation_old : 1.0) *
              (r.reserved[i] ? t.formation_reserved : 1.0) *
              (r.withdrawal[i] != withdrawal_none ? 0.5 : 1.0) *
              (r.has(i, participating) ? config.dynamics.participation_isolation_recovery : 1.0) *
              per_day;
  return h;
}

void derive_care_flows(const ConditionsConfig& conditions, DynamicsConfig& dynamics) {
  for (int g = 0; g < 3; ++g) {
    std::array<double, 8> share{};  // [fraction] of the group's certified, by level
    const double support = conditions.support_share_of_certified[static_cast<std::size_t>(g)];
    share[support1] = share[support2] = support / 2;  // as care_level_for draws them
    for (int k = 0; k < 5; ++k)
      share[static_cast<std::size_t>(care1 + k)] =
          (1 - support) * conditions.care_level_mix[static_cast<std::size_t>(k)];
    std::array<double, 8>& entry = dynamics.care_entry_mix[static_cast<std::size_t>(g)];
    std::array<double, 8>& down = dynamics.care_improvement[static_cast<std::size_t>(g)];
    entry.fill(0);
    down.fill(0);
    double total = 0;
    for (int l = support1; l <= care5; ++l)
      total += entry[static_cast<std::size_t>(l)] =
          share[static_cast<std::size_t>(l)] *
          (l >= care1 + 2 ? dynamics.mortality_care_factor : 1);
    for (double& e : entry) e = total > 0 ? e / total : 0;
    for (int l = support1 + 1; l <= care5; ++l) {
      const double above = share[static_cast<std::size_t>(l)];
      down[static_cast<std::size_t>(l)] =
          above > 0 ? dynamics.care_worsening * share[static_cast<std::size_t>(l - 1)] / above : 0;
    }
  }
}

Hazards hazards_of(const Town& town, const TownConfig& config, std::uint32_t i,
                   bool holding_still) {
  const Residents& r = town.residents;
  const DynamicsConfig& d = config.dynamics;
  Hazards h{};
  if (!r.has(i, alive)) return h;
  const int age = r.age[i];
  const int band = age_band(age);
  const bool woman = r.has(i, female);
  const bool participates = r.has(i, participating);
  const bool supported_now = r.has(i, supported);
  auto at = [&](Transition t) -> double& { return h[static_cast<std::size_t>(t)]; };

  at(Transition::death) = (woman ? d.mortality_women : d.mortality_men)[band] *
                          (r.care[i] >= care1 + 2 ? d.mortality_care_factor : 1.0);
  const double prevention = participates ? d.participation_care_worsening : 1.0;
  if (r.care[i] == care_none) {
    at(Transition::care_up) = d.care_onset[band] * prevention;
  } else {
    if (r.care[i] < care5) at(Transition::care_up) = d.care_worsening * prevention;
    at(Transition::care_down) =
        d.care_improvement[static_cast<std::size_t>(care_age_group(age))][r.care[i]];
  }
  if (r.care[i] >= care1 + 2 &&
      static_cast<HouseholdType>(town.households.type[r.household[i]]) != HouseholdType::facility)
    at(Transition::enter_facility) = d.facility_entry;
  if (!r.has(i, disabled)) at(Transition::disability) = d.disability_onset[band];
  if (r.withdrawal[i] == withdrawal_none) {
    if (age >= 15 && age <= 64) at(Transition::withdraw) = d.withdrawal_onset;
  } else {
    at(Transition::recover_from_withdrawal) =
        d.withdrawal_recovery * (supported_now ? d.support_withdrawal_recovery : 1.0) *
        (participates ? d.participation_withdrawal_recovery : 1.0);
  }
  if (age >= 18 && town.households.low_income[r.household[i]]) {
    if (!r.has(i, hardship))
      at(Transition::hardship_begins) = d.hardship_onset;
    else
      at(Transition::hardship_ends) =
          d.hardship_recovery * (supported_now ? d.support_hardship_recovery : 1.0);
  }
  if (woman) at(Transition::birth) = d.fertility[band];
  double move = d.out_migration[band];
  if (age < 65 && move > 0 &&
      static_cast<HouseholdType>(town.households.type[r.household[i]]) != HouseholdType::facility) {
    bool with_elder = false;
    town.for_each_member(r.household[i], [&](std::uint32_t m) { with_elder |= r.age[m] >= 65; });
    if (with_elder) move *= d.out_migration_with_elder;
  }
  at(Transition::move_away) = move;
  if (holding_still) {
    if (static_cast<HouseholdType>(town.households.type[r.household[i]]) == HouseholdType::facility)
      return Hazards{};
    at(Transition::death) = at(Transition::birth) = at(Transition::move_away) =
        at(Transition::enter_facility) = 0.0;
  }
  for (double& x : h) x *= per_day;
  return h;
}

bool moves_household(const Town& town, std::uint32_t i) {
  const Residents& r = town.residents;
  bool with_children = false;
  town.for_each_member(r.household[i], [&](std::uint32_t m) { with_children |= r.age[m] < 15; });
  return takes_household_along(r.age[i], with_children);
}

double expected_departures(const Town& town, const TownConfig& config, std::uint32_t i,
                           bool household_has_children) {
  const double move = hazards_of(town, config, i)[static_cast<std::size_t>(Transition::move_away)];
  if (move <= 0) return 0;
  return move * 365.25 *
         (takes_household_along(town.residents.age[i], household_has_children)
              ? town.households.members[town.residents.household[i]]
              : 1.0);
}

Transition pick(const Hazards& h, double u) {
  double total = 0;
  for (double x : h) total += x;
  double target = u * total;
  for (std::size_t t = 0; t < transitions; ++t) {
    if (target < h[t]) return static_cast<Transition>(t);
    target -= h[t];
  }
  for (std::size_t t = transitions; t-- > 0;)  // rounding at the top end: the last possible one
    if (h[t] > 0) return static_cast<Transition>(t);
  return Transition::count;
}

namespace {

// An elder left alone moves in with a working-age household of the same municipality
// (standing for an adult child's), found by keyed rejection sampling.
void join_family(Town& town, std::uint32_t elder, int day, const sim::StreamKey& key,
                 Change& change) {
  const Households& hh = town.households;
  const std::uint16_t m = town.municipality_of(elder);
  sim::Stream draw(key, elder, static_cast<std::uint64_t>(day), purpose_join_family);
  for (int attempt = 0; attempt < 64; ++attempt) {
    const auto h = static_cast<std::uint32_t>(draw.below(hh.size()));
    const auto type = static_cast<HouseholdType>(hh.type[h]);
    const bool working_age = type == HouseholdType::couple_with_children ||
                             type == HouseholdType::couple || type == HouseholdType::single_adult;
    if (working_age && hh.members[h] > 0 && town.household_municipality(h) == m) {
      const std::uint32_t from = town.residents.household[elder];
      move_to_household(town, elder, h);
      // Living together: the elder is tied to everyone in the household (kin).
      town.for_each_member(h, [&](std::uint32_t member) {
        if (member != elder) town.ties.form(elder, member);
      });
      moved_household(town, elder, from, change);
      refresh_caregiving(town, from);
      refresh_caregiving(town, h);
      return;
    }
  }
}

}  // namespace

Change apply(Town& town, const TownConfig& config, std::uint32_t i, Transition what, int day,
             const sim::StreamKey& key) {
  Residents& r = town.residents;
  Change change{what};
  const std::uint32_t h = r.household[i];
  switch (what) {
    case Transition::death: {
      leave(town, i, change);
      refresh_caregiving(town, h);
      std::uint32_t survivor = Residents::none;
      if (town.households.members[h] == 1 &&
          static_cast<HouseholdType>(town.households.type[h]) != HouseholdType::facility)
        town.for_each_member(h, [&](std::uint32_t m) { survivor = m; });
      if (survivor != Residents::none && r.age[survivor] >= 65 &&
          sim::Stream(key, survivor, static_cast<std::uint64_t>(day), purpose_join_family)
              .bernoulli(config.dynamics.widowed_join_family))
        join_family(town, survivor, day, key, change);
      break;
    }
    case Transition::care_up:
      if (r.care[i] == care_none) {  // certified: at a level drawn from the age group's entry mix
        const auto& mix =
            config.dynamics.care_entry_mix[static_cast<std::size_t>(care_age_group(r.age[i]))];
        double u =
            sim::Stream(key, i, static_cast<std::uint64_t>(day), purpose_care_entry).uniform();
        std::uint8_t level = care5;
        for (std::uint8_t l = support1; l < care5; ++l) {
          if (u < mix[l]) {
            level = l;
            break;
          }
          u -= mix[l];
        }
        r.care[i] = level;
      } else {
        ++r.care[i];
      }
      refresh_caregiving(town, h);
      break;
    case Transition::care_down:
      --r.care[i];
      refresh_caregiving(town, h);
      break;
    case Transition::enter_facility:
      move_to_household(town, i, facility_for(town, i));
      moved_household(town, i, h, change);
      refresh_caregiving(town, h);
      break;
    case Transition::disability:
      r.set(i, disabled, true);
      break;
    case Transition::withdraw:
      r.withdrawal[i] = hobbies_only;
      r.set(i, employed, false);
      break;
    case Transition::recover_from_withdrawal:
      r.withdrawal[i] = withdrawal_none;
      break;
    case Transition::tie_ends: {
      std::vector<std::uint32_t> outside;
      town.ties.for_each(i, [&](std::uint32_t j) {
        if (r.household[j] != h) outside.push_back(j);
      });
      if (outside.empty()) break;
      sim::Stream draw(key, i, static_cast<std::uint64_t>(day), purpose_tie_change);
      const std::uint32_t j = outside[draw.below(outside.size())];
      untie(town, i, j);
      change.touched.push_back(j);
      break;
    }
    case Transition::tie_forms: {
      sim::Stream draw(key, i, static_cast<std::uint64_t>(day), purpose_tie_change);
      const std::uint32_t j = new_acquaintance(town, config.ties, i, draw);
      if (j != Residents::none && tie(town, i, j)) change.touched.push_back(j);
      break;
    }
    case Transition::became_isolated:
      break;
    case Transition::hardship_begins:
      r.set(i, hardship, true);
      break;
    case Transition::hardship_ends:
      r.set(i, hardship, false);
      break;
    case Transition::birth: {
      sim::Stream draw(key, i, static_cast<std::uint64_t>(day), purpose_newborn);
      const std::uint32_t baby = r.add(0, draw.bernoulli(0.488), h);  // sex ratio at birth 1.05
      town.for_each_member(h, [&](std::uint32_t m) { tie(town, baby, m); });
      r.next_member[baby] = town.households.first[h];
      town.households.first[h] = baby;
      ++town.households.members[h];
      change.newborn = baby;
      break;
    }
    case Transition::move_away: {
      if (moves_household(town, i)) {
        std::vector<std::uint32_t> family;
        town.for_each_member(h, [&](std::uint32_t m) { family.push_back(m); });
        for (std::uint32_t m : family) leave(town, m, change);
        change.departed = static_cast<int>(family.size());
      } else {
        leave(town, i, change);
        refresh_caregiving(town, h);
        change.departed = 1;
      }
      break;
    }
    case Transition::count:
      break;
  }
  return change;
}

}  // namespace kyosei::models
