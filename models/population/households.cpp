// Household assembly. A municipality's residents are first fixed as exact counts by sex and
// age (the reshaped pyramid, so 65+ and 75+ shares hold to a resident), then drawn out of
// that pool role by role: elderly first (alone, as couples, in 8050 or multigeneration
// households), then working-age households (singles, couples, couples and single parents
// with children), and anyone left is placed last. Each municipality draws from its own
// stream, so municipalities are assembled in parallel and joined in order.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "kyosei/sim/growth.hpp"
#include "kyosei/sim/parallel.hpp"

#include "population/age_pyramid.hpp"
#include "population/population.hpp"

namespace kyosei::models {

const char* to_string(HouseholdType type) {
  switch (type) {
    case HouseholdType::single_elderly:
      return "single_elderly";
    case HouseholdType::elderly_couple:
      return "elderly_couple";
    case HouseholdType::eighty_fifty:
      return "8050";
    case HouseholdType::multigeneration:
      return "multigeneration";
    case HouseholdType::couple_with_children:
      return "couple_with_children";
    case HouseholdType::single_parent:
      return "single_parent";
    case HouseholdType::couple:
      return "couple";
    case HouseholdType::single_adult:
      return "single_adult";
    case HouseholdType::facility:
      return "facility";
    case HouseholdType::count:
      break;
  }
  return "other";
}

void Residents::reserve(std::size_t n) {
  age.reserve(n);
  flags.reserve(n);
  care.reserve(n);
  withdrawal.reserve(n);
  burden.reserve(n);
  help_seeking.reserve(n);
  reserved.reserve(n);
  outside_ties.reserve(n);
  household.reserve(n);
  next_member.reserve(n);
}

std::uint32_t Residents::add(std::uint8_t age_years, bool is_female, std::uint32_t household_id) {
  if (age.size() == age.capacity()) reserve(age.size() + age.size() / 8 + 16);  // growth.hpp
  age.push_back(age_years);
  flags.push_back(static_cast<std::uint8_t>(alive | (is_female ? female : 0)));
  care.push_back(care_none);
  withdrawal.push_back(withdrawal_none);
  burden.push_back(0);
  help_seeking.push_back(0);
  reserved.push_back(0);
  outside_ties.push_back(0);
  household.push_back(household_id);
  next_member.push_back(none);
  return static_cast<std::uint32_t>(age.size() - 1);
}

namespace {

constexpr int max_age = 110;

struct Person {
  int age;
  bool woman;
};

// Residents not yet placed, by sex and single year of age.
class AgePool {
 public:
  AgePool(const AgeMix& mix, long population, double age65_share, double age75_share,
          sim::Stream& draw) {
    // Exact counts per group (under 65, 65-74, 75+) so the shares hold to a resident, then
    // per (sex, band) inside each group by largest remainder, then single years spread
    // evenly inside each band.
    const long n65 = std::lround(age65_share * static_cast<double>(population));
    const long n75 = std::lround(age75_share * static_cast<double>(population));
    const long group_total[3] = {population - n65, n65 - n75, n75};
    const int group_first[4] = {0, age_band(65), age_band(75), age_bands};
    std::array<long, 2 * age_bands> cells{};
    for (int g = 0; g < 3; ++g) {
      std::array<double, 2 * age_bands> weights{};
      for (int b = group_first[g]; b < group_first[g + 1]; ++b) {
        weights[b] = mix.men[b];
        weights[age_bands + b] = mix.women[b];
      }
      double sum = 0;
      for (double w : weights) sum += w;
      if (sum <= 0)  // a pyramid without anyone in this group: spread it evenly
        for (int b = group_first[g]; b < group_first[g + 1]; ++b)
          weights[b] = weights[age_bands + b] = 1.0;
      const auto part = largest_remainder(weights, group_total[g]);
      for (int c = 0; c < 2 * age_bands; ++c) cells[c] += part[c];
    }
    for (int s = 0; s < 2; ++s)
      for (int b = 0; b < age_bands; ++b) {
        const long n = cells[s * age_bands + b];
        const int first = b * 5, width = b == age_bands - 1 ? 6 : 5;  // 100+ spans 100-105
        for (long k = 0; k < n; ++k)
          ++count_[s][first + static_cast<int>((k + draw.below(width)) % width)];
      }
  }

  // Takes someone aged [lo, hi] (of sex `woman` unless nullopt), chosen with probability
  // proportional to who is left; nullopt when nobody fits.
  std::optional<Person> take(int lo, int hi, std::optional<bool> woman, sim::Stream& draw) {
    lo = std::max(lo, 0);
    hi = std::min(hi, max_age);
    long total = 0;
    for (int s = 0; s < 2; ++s)
      if (!woman || *woman == (s == 1))
        for (int a = lo; a <= hi; ++a) total += count_[s][a];
    if (total <= 0) return std::nullopt;
    long pick = static_cast<long>(draw.below(static_cast<std::uint64_t>(total)));
    for (int s = 0; s < 2; ++s) {
      if (woman && *woman != (s == 1)) continue;
      for (int a = lo; a <= hi; ++a) {
        if (pick < count_[s][a]) {
          --count_[s][a];
          return Person{a, s == 1};
        }
        pick -= count_[s][a];
      }
    }
    return std::nullopt;
  }

  long left(int lo, int hi) const {
    long n = 0;
    for (int s = 0; s < 2; ++s)
      for (int a = std::max(lo, 0); a <= std::min(hi, max_age); ++a) n += count_[s][a];
    return n;
  }

 private:
  static std::array<long, 2 * age_bands> largest_remainder(
      const std::array<double, 2 * age_bands>& w, long total) {
    double sum = 0;
    for (double x : w) sum += x;
    std::array<long, 2 * age_bands> out{};
    std::array<std::pair<double, int>, 2 * age_bands> rest{};
    long given = 0;
    for (int i = 0; i < 2 * age_bands; ++i) {
      const double exact = sum > 0 ? w[i] / sum * static_cast<double>(total) : 0;
      out[i] = static_cast<long>(std::floor(exact));
      given += out[i];
      // Cells without weight never get a remainder; ties go to the lower index.
      rest[i] = {w[i] > 0 ? exact - std::floor(exact) : -1.0, -i};
    }
    std::sort(rest.begin(), rest.end(), std::greater<>());
    for (int k = 0; given < total; ++k, ++given) ++out[-rest[k % (2 * age_bands)].second];
    return out;
  }

  std::array<std::array<long, max_age + 1>, 2> count_{};
};

// One municipality's households and residents with local ids.
struct Part {
  Residents residents;
  std::vector<std::uint8_t> household_type;
  std::vector<std::uint32_t> household_first;
  std::vector<std::uint32_t> household_members;
  std::vector<std::uint8_t> household_withdrawn_child;  // 8050: the child is withdrawn
  std::vector<std::uint32_t> withdrawn;                 // residents made withdrawn here

  std::uint32_t open(HouseholdType type) {
    household_type.push_back(static_cast<std::uint8_t>(type));
    household_first.push_back(Residents::none);
    household_members.push_back(0);
    return static_cast<std::uint32_t>(household_type.size() - 1);
  }
  std::uint32_t join(std::uint32_t household, const Person& p) {
    const std::uint32_t id = residents.add(static_cast<std::uint8_t>(p.age), p.woman, household);
    residents.next_member[id] = household_first[household];
    household_first[household] = id;
    ++household_members[household];
    return id;
  }
  std::size_t households() const { return household_type.size(); }
};

// Children for a household whose younger parent is `parent_age`: the first one always, more
// with mean `mean_children`, each aged so the parent was 20-45 at birth.
void add_children(Part& part, std::uint32_t household, int parent_age, double mean_children,
                  AgePool& pool, sim::Stream& draw) {
  const std::uint64_t n = 1 + draw.poisson(std::max(0.0, mean_children - 1.0));
  for (std::uint64_t k = 0; k < n; ++k) {
    const auto child =
        pool.take(parent_age - 45, std::min(parent_age - 20, 19), std::nullopt, draw);
    if (!child) break;
    part.join(household, *child);
  }
}

Part assemble_municipality(const MunicipalityConfig& m, const TownConfig& config,
                           const sim::StreamKey& key, std::uint64_t index) {
  const HouseholdConfig& h = config.households;
  const ConditionsConfig& c = config.conditions;
  sim::Stream draw(key, index, 0, purpose_household);
  AgePool pool(reshape(config.pyramid, m.age65_share, m.age75_share), m.population, m.age65_share,
               m.age75_share, draw);
  Part part;
  part.residents.reserve(static_cast<std::size_t>(m.population));

  // 8050 households expected: withdrawn residents 40-64 living with a parent 75+.
  const double n40to64 = static_cast<double>(pool.left(40, 64));
  long eighty_fifty_left =
      std::lround(n40to64 * c.withdrawal_40to64 * h.withdrawn_40to64_with_parent);

  // Elderly households.
  // Couples take two elders per draw, so the chance per draw that gives the published share
  // of elders living alone is share × (1 + c) / (1 + share × c), c the couple chance.
  const auto per_draw = [&](double share) {
    return share * (1 + h.elderly_in_couple) / (1 + share * h.elderly_in_couple);
  };
  const double alone_men = per_draw(h.elderly_alone_men),
               alone_women = per_draw(h.elderly_alone_women);
  while (auto elder = pool.take(65, max_age, std::nullopt, draw)) {
    const double alone = elder->woman ? alone_women : alone_men;
    if (draw.bernoulli(alone)) {
      part.join(part.open(HouseholdType::single_elderly), *elder);
      continue;
    }
    if (draw.bernoulli(h.elderly_in_couple)) {
      auto partner = pool.take(std::max(65, elder->age - 7), elder->age + 7, !elder->woman, draw);
      if (!partner) partner = pool.take(65, max_age, !elder->woman, draw);
      const std::uint32_t hh =
          part.open(partner ? HouseholdType::elderly_couple : HouseholdType::single_elderly);
      part.join(hh, *elder);
      if (partner) part.join(hh, *partner);
      continue;
    }
    if (elder->age >= 75 && eighty_fifty_left > 0) {
      const auto child = pool.take(std::max(40, elder->age - 40), std::min(64, elder->age - 20),
                                   std::nullopt, draw);
      if (child) {
        const std::uint32_t hh = part.open(HouseholdType::eighty_fifty);
        part.join(hh, *elder);
        part.withdrawn.push_back(part.join(hh, *child));
        --eighty_fifty_left;
        continue;
      }
    }
    // Living with an adult child's family: the child, perhaps a spouse and grandchildren.
    const std::uint32_t hh = part.open(HouseholdType::multigeneration);
    part.join(hh, *elder);
    const auto child =
        pool.take(std::max(20, elder->age - 40), std::min(64, elder->age - 22), std::nullopt, draw);
    if (!child) continue;
    part.join(hh, *child);
    int younger = child->age;
    if (draw.bernoulli(0.6)) {  // assumption: most co-resident children are married
      if (const auto spouse =
              pool.take(child->age - 5, std::min(64, child->age + 5), !child->woman, draw)) {
        part.join(hh, *spouse);
        younger = std::min(younger, spouse->age);
      }
    }
    if (younger <= 55 && draw.bernoulli(0.5))
      add_children(part, hh, younger, h.mean_children, pool, draw);
  }

  // Working-age households.
  while (auto adult = pool.take(20, 64, std::nullopt, draw)) {
    const double u = draw.uniform();
    HouseholdType type = HouseholdType::couple;
    if (u < h.adults_single)
      type = HouseholdType::single_adult;
    else if (u < h.adults_single + h.couples_with_children)
      type = HouseholdType::couple_with_children;
    else if (u < h.adults_single + h.couples_with_children + h.single_parents)
      type = HouseholdType::single_parent;

    std::optional<Person> partner;
    if (type == HouseholdType::couple || type == HouseholdType::couple_with_children) {
      partner = pool.take(adult->age - 5, std::min(64, adult->age + 5), !adult->woman, draw);
      if (!partner) type = HouseholdType::single_adult;
    }
    int younger = partner ? std::min(adult->age, partner->age) : adult->age;
    const bool with_children =
        type == HouseholdType::couple_with_children || type == HouseholdType::single_parent;
    if (with_children && (younger > 60 || pool.left(younger - 45, std::min(younger - 20, 19)) == 0))
      type = partner ? HouseholdType::couple : HouseholdType::single_adult;
    const std::uint32_t hh = part.open(type);
    part.join(hh, *adult);
    if (partner) part.join(hh, *partner);
    if (type == HouseholdType::couple_with_children || type == HouseholdType::single_parent)
      add_children(part, hh, younger, h.mean_children, pool, draw);
  }

  // Anyone left (young people without a fitting parent): 18-19 live alone, the youngest join
  // a household with children, else any household with an adult.
  std::vector<std::uint32_t> families;
  for (std::uint32_t hh = 0; hh < part.households(); ++hh) {
    const auto t = static_cast<HouseholdType>(part.household_type[hh]);
    if (t == HouseholdType::couple_with_children || t == HouseholdType::single_parent ||
        t == HouseholdType::multigeneration)
      families.push_back(hh);
  }
  while (auto young = pool.take(0, 19, std::nullopt, draw)) {
    if (young->age >= 18 || part.households() == 0) {
      part.join(part.open(HouseholdType::single_adult), *young);
    } else if (!families.empty()) {
      part.join(families[draw.below(families.size())], *young);
    } else {
      part.join(static_cast<std::uint32_t>(draw.below(part.households())), *young);
    }
  }
  return part;
}

}  // namespace

void assemble_households(Town& town, const TownConfig& config, const TownRegions& regions,
                         const sim::StreamKey& key) {
  const std::size_t n_munis = config.municipalities.size();
  std::vector<Part> parts(n_munis);
  sim::for_each_block(
      n_munis,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t m = begin; m < end; ++m)
          parts[m] = assemble_municipality(config.municipalities[m], config, key, m);
      },
      1);

  Residents& r = town.residents;
  Households& hh = town.households;
  Neighbourhoods& nb = town.neighbourhoods;
  std::size_t residents = 0, households = 0;
  for (const Part& part : parts) {
    residents += part.residents.size();
    households += part.households();
  }
  r.reserve(residents);
  hh.first.reserve(households);
  hh.type.reserve(households);
  hh.members.reserve(households);
  hh.low_income.reserve(households);
  hh.neighbourhood.reserve(households);
  for (std::size_t m = 0; m < n_munis; ++m) {
    Part& part = parts[m];
    const MunicipalityConfig& muni = config.municipalities[m];
    const auto resident_offset = static_cast<std::uint32_t>(r.size());
    const auto household_offset = static_cast<std::uint32_t>(hh.size());
    auto shift = [](std::uint32_t id, std::uint32_t by) {
      return id == Residents::none ? id : id + by;
    };

    // Households to areas by the area shares; then neighbourhoods of about
    // households_per_neighbourhood each, grouped into school districts, per area.
    const std::size_t n_areas = muni.areas.size();
    std::vector<std::vector<std::uint32_t>> in_area(n_areas);
    std::vector<double> cumulative;
    double sum = 0;
    for (const AreaConfig& a : muni.areas) cumulative.push_back(sum += a.share);
    for (std::uint32_t h = 0; h < part.households(); ++h) {
      sim::Stream draw(key, household_offset + h, 0, purpose_household_area);
      const double u = draw.uniform() * sum;
      const auto k = std::min<std::size_t>(
          static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                   cumulative.begin()),
          n_areas - 1);
      in_area[k].push_back(h);
    }
    hh.neighbourhood.resize(hh.size() + part.households());
    for (std::size_t a = 0; a < n_areas; ++a) {
      const std::size_t per =
          static_cast<std::size_t>(config.households.households_per_neighbourhood);
      const std::size_t n_nb = std::max<std::size_t>(1, (in_area[a].size() + per / 2) / per);
      const std::size_t districts =
          std::min<std::size_t>(n_nb, static_cast<std::size_t>(muni.school_districts_per_area));
      const auto first_nb = static_cast<std::uint32_t>(nb.size());
      for (std::size_t k = 0; k < n_nb; ++k) {
        nb.area.push_back(regions.area_region[m][a]);
        nb.municipality.push_back(static_cast<std::uint16_t>(m));
        nb.school_district.push_back(town.school_districts +
                                     static_cast<std::uint32_t>(k * districts / n_nb));
      }
      town.school_districts += static_cast<std::uint32_t>(districts);
      for (std::size_t j = 0; j < in_area[a].size(); ++j)
        hh.neighbourhood[household_offset + in_area[a][j]] =
            first_nb + static_cast<std::uint32_t>(j * n_nb / in_area[a].size());
    }

    for (std::uint32_t h = 0; h < part.households(); ++h) {
      hh.first.push_back(shift(part.household_first[h], resident_offset));
      hh.type.push_back(part.household_type[h]);
      hh.members.push_back(part.household_members[h]);
      hh.low_income.push_back(0);
    }
    const Residents& pr = part.residents;
    r.age.insert(r.age.end(), pr.age.begin(), pr.age.end());
    r.flags.insert(r.flags.end(), pr.flags.begin(), pr.flags.end());
    r.care.insert(r.care.end(), pr.care.begin(), pr.care.end());
    r.withdrawal.insert(r.withdrawal.end(), pr.withdrawal.begin(), pr.withdrawal.end());
    r.burden.insert(r.burden.end(), pr.burden.begin(), pr.burden.end());
    r.help_seeking.insert(r.help_seeking.end(), pr.help_seeking.begin(), pr.help_seeking.end());
    r.reserved.insert(r.reserved.end(), pr.reserved.begin(), pr.reserved.end());
    r.outside_ties.insert(r.outside_ties.end(), pr.outside_ties.begin(), pr.outside_ties.end());
    for (std::uint32_t h : pr.household) r.household.push_back(h + household_offset);
    for (std::uint32_t n : pr.next_member) r.next_member.push_back(shift(n, resident_offset));
    for (std::uint32_t w : part.withdrawn) r.withdrawal[w + resident_offset] = nearby_shops;
    part = Part{};  // release as we go: a nation is large
  }
}

std::uint32_t facility_for(Town& town, std::uint32_t i) {
  const auto area = static_cast<std::size_t>(town.area_of(i));
  if (town.facility.size() <= area) town.facility.resize(area + 1, Residents::none);
  if (town.facility[area] == Residents::none) {
    Households& hh = town.households;
    town.facility[area] = static_cast<std::uint32_t>(hh.size());
    hh.make_room();
    hh.first.push_back(Residents::none);
    hh.neighbourhood.push_back(hh.neighbourhood[town.residents.household[i]]);
    hh.type.push_back(static_cast<std::uint8_t>(HouseholdType::facility));
    hh.low_income.push_back(0);
    hh.members.push_back(0);
  }
  return town.facility[area];
}

void place_in_facilities(Town& town, const TownConfig& config, const sim::StreamKey& key) {
  const std::size_t n = town.residents.size();
  for (std::uint32_t i = 0; i < n; ++i) {
    if (town.residents.care[i] < care1 + 2) continue;
    if (!sim::Stream(key, i, 0, purpose_facility).bernoulli(config.conditions.facility_share))
      continue;
    const std::uint32_t from = town.residents.household[i];
    move_to_household(town, i, facility_for(town, i));
    refresh_caregiving(town, from);
  }
}

void move_to_household(Town& town, std::uint32_t i, std::uint32_t to) {
  Residents& r = town.residents;
  Households& hh = town.households;
  const std::uint32_t from = r.household[i];
  std::uint32_t* link = &hh.first[from];
  while (*link != i) link = &r.next_member[*link];
  *link = r.next_member[i];
  if (r.has(i, alive) && hh.members[from] > 0) --hh.members[from];
  r.household[i] = to;
  r.next_member[i] = hh.first[to];
  hh.first[to] = i;
  if (r.has(i, alive)) ++hh.members[to];
}

}  // namespace kyosei::models
