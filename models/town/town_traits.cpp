// What a researcher observes about each municipality besides its outcomes (`/traits`): when
// it adopted 重層, its size, ageing and prior 包括 staffing. Daily-life areas carry their
// municipality's values (their own population); the scenario total carries the population and
// population-weighted shares, and no adoption year.

#include <limits>
#include <utility>

#include "town/town_model.hpp"

namespace kyosei::models {

namespace {

// First fiscal year in 重層 (0: never) and first in 移行準備 (0: none), as mode_on() decides.
std::pair<double, double> adoption_years(const PolicyConfig& p) {
  switch (p.mode) {
    case PolicyMode::siloed:
      return {0, 0};
    case PolicyMode::transition:
      return {0, p.adoption_year - p.transition_years};
    case PolicyMode::jusou:
      return {p.adoption_year, p.transition_years > 0 ? p.adoption_year - p.transition_years : 0};
  }
  return {0, 0};
}

}  // namespace

bool TownModel::treats() const {
  for (const MunicipalityConfig& m : config_.municipalities)
    if (m.policy.mode != PolicyMode::siloed) return true;
  return false;
}

std::vector<sim::Trait> TownModel::traits() const {
  const std::vector<sim::RegionInfo> infos = regions_.table.infos();
  const std::size_t regions = infos.size();
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> adoption(regions, none), transition(regions, none), population(regions, 0),
      age65(regions, 0), staffing(regions, 0);
  double people = 0, people65 = 0, fte = 0;
  for (std::size_t m = 0; m < config_.municipalities.size(); ++m) {
    const MunicipalityConfig& mc = config_.municipalities[m];
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::pair<double, double> years = adoption_years(mc.policy);
    const double adopted = years.first, prepared = years.second;
    const double residents = static_cast<double>(mc.population);
    const double residents65 = mc.age65_share * residents;
    const double per_1000_65 = residents65 > 0 ? 1000 * mc.staff.fte[Domain::elderly] / residents65
                                               : 0;  // [FTE per 1,000 residents 65+]
    auto set = [&](std::size_t r, double share) {
      adoption[r] = adopted;
      transition[r] = prepared;
      population[r] = share * residents;
      age65[r] = mc.age65_share;
      staffing[r] = per_1000_65;
    };
    set(static_cast<std::size_t>(regions_.municipality_region[m]), 1.0);
    for (std::size_t a = 0; a < mc.areas.size(); ++a)
      set(static_cast<std::size_t>(regions_.area_region[m][a]), mc.areas[a].share);
    people += residents;
    people65 += residents65;
    fte += mc.staff.fte[Domain::elderly];
  }
  for (std::size_t r = 0; r < regions; ++r)
    if (infos[r].level == "total") {
      population[r] = people;
      age65[r] = people > 0 ? people65 / people : 0;
      staffing[r] = people65 > 0 ? 1000 * fte / people65 : 0;
    }
  return {{{"adoption_year", "1", "fiscal year the municipality adopts 重層 (0: never)"},
           std::move(adoption)},
          {{"transition_year", "1", "first fiscal year of 移行準備 before adoption (0: none)"},
           std::move(transition)},
          {{"population", "persons", "residents at the start"}, std::move(population)},
          {{"age65_share", "1", "share of residents aged 65+ at the start"}, std::move(age65)},
          {{"elderly_fte_per_1000_65", "FTE per 1000 persons",
            "prior 包括 casework staff per 1,000 residents 65+"},
           std::move(staffing)}};
}

}  // namespace kyosei::models
