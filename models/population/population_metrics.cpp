#include "population/population_metrics.hpp"

#include <numeric>
#include <string>

namespace kyosei::models {

namespace {

// One level per age span: `<what>_<name>`, described as "<long_name> <span>".
template <std::size_t N>
std::array<sim::MetricId, N> by_age(sim::MetricRegistry& r, const std::string& what,
                                    const std::string& long_name,
                                    const std::array<const char*, N>& names,
                                    const std::array<const char*, N>& spans) {
  std::array<sim::MetricId, N> out;
  for (std::size_t k = 0; k < N; ++k)
    out[k] = r.level(what + "_" + names[k], "persons", long_name + " " + spans[k]);
  return out;
}

constexpr std::array<const char*, 6> band_spans = {"65-69", "70-74", "75-79",
                                                   "80-84", "85-89", "90 or over"};
constexpr std::array<const char*, 3> group_spans = {"65-74", "75-84", "85 or over"};

std::array<sim::MetricId, 6> bands(sim::MetricRegistry& r, const std::string& what,
                                   const std::string& long_name) {
  return by_age(r, what, long_name, validation_band_names, band_spans);
}

std::array<sim::MetricId, 3> groups(sim::MetricRegistry& r, const std::string& what,
                                    const std::string& long_name) {
  return by_age(r, what, long_name, care_group_names, group_spans);
}

}  // namespace

PopulationMetrics::PopulationMetrics(sim::MetricRegistry& r)
    : population(r.level("population", "persons", "Residents at the sample time")),
      households(
          r.level("households", "households", "Private households with at least one resident")),
      in_facility(r.level("in_facility", "persons", "Residents living in a care facility")),
      age65(r.level("age65", "persons", "Residents aged 65 or over")),
      age75(r.level("age75", "persons", "Residents aged 75 or over")),
      age65_share(
          r.ratio("age65_share", "1", "Share of residents aged 65 or over", age65, population)),
      age75_share(
          r.ratio("age75_share", "1", "Share of residents aged 75 or over", age75, population)),
      care_certified(r.level("care_certified", "persons",
                             "Residents certified for long-term care (要支援1-要介護5)")),
      certified65(r.level("care_certified65", "persons", "Certified residents aged 65 or over")),
      care_certification_rate(r.ratio(
          "care_certification_rate", "1",
          "Certified residents 65+ over residents 65+ (介護保険事業状況報告)", certified65, age65)),
      certified_at_level{r.level("certified_support1", "persons", "Residents at 要支援1"),
                         r.level("certified_support2", "persons", "Residents at 要支援2"),
                         r.level("certified_care1", "persons", "Residents at 要介護1"),
                         r.level("certified_care2", "persons", "Residents at 要介護2"),
                         r.level("certified_care3", "persons", "Residents at 要介護3"),
                         r.level("certified_care4", "persons", "Residents at 要介護4"),
                         r.level("certified_care5", "persons", "Residents at 要介護5")},
      withdrawn(r.level("withdrawn", "persons",
                        "Residents in withdrawal (ひきこもり, broad definition)")),
      isolated(r.level("isolated", "persons",
                       "Residents with no regular contact outside their household")),
      disabled(r.level("disabled", "persons", "Residents with a disability")),
      hardship(r.level("hardship", "persons", "Residents in livelihood hardship (生活困窮)")),
      carers(
          r.level("carers", "persons", "Adults living with a household member certified for care")),
      compound_households(
          r.level("compound_households", "households",
                  "Households whose needs span two or more domains or include a gap need")),
      households_single_elderly(
          r.level("households_single_elderly", "households", "Elderly living alone")),
      households_8050(r.level("households_8050", "households",
                              "A parent 75+ with a withdrawn child 40-64 in the household (8050)")),
      households_double_care(
          r.level("households_double_care", "households",
                  "Households with a child under 6 and a member certified for care")),
      households_isolated(r.level("households_isolated", "households",
                                  "Households whose every member is isolated")),
      residents_in_band(bands(r, "residents", "Residents aged")),
      certified_in_band(bands(r, "certified", "Certified residents aged")),
      residents_in_group(groups(r, "residents", "Residents aged")),
      support_in_group(groups(r, "support", "Residents at 要支援1-2 aged")),
      care_in_group(groups(r, "care", "Residents at 要介護1-5 aged")),
      residents_15_39(r.level("residents_15_39", "persons", "Residents aged 15-39")),
      withdrawn_15_39(r.level("withdrawn_15_39", "persons", "Residents aged 15-39 in withdrawal")),
      residents_40_64(r.level("residents_40_64", "persons", "Residents aged 40-64")),
      withdrawn_40_64(r.level("withdrawn_40_64", "persons", "Residents aged 40-64 in withdrawal")),
      men65(r.level("men65", "persons", "Men aged 65 or over")),
      men65_alone(r.level("men65_alone", "persons", "Men aged 65 or over living alone")),
      women65(r.level("women65", "persons", "Women aged 65 or over")),
      women65_alone(r.level("women65_alone", "persons", "Women aged 65 or over living alone")),
      deaths(r.count("deaths", "persons", "Deaths")),
      births(r.count("births", "persons", "Births")),
      moved_away(r.count("moved_away", "persons", "Residents who moved out of the municipality")),
      moved_in(r.count("moved_in", "persons", "Residents who moved in")),
      moved_within(r.count("moved_within", "persons",
                           "Residents who moved in from another municipality of the scenario")),
      certifications_new(
          r.count("certifications_new", "persons", "Residents newly certified for care")),
      ties_formed(r.count("ties_formed", "ties", "Ties formed between residents")),
      ties_ended(r.count("ties_ended", "ties",
                         "Ties that faded (not counting those of residents who died or left)")) {
  graph_components = r.level("graph_components", "components",
                             "Connected components of the residents' graph, each counted in the "
                             "region of one of its residents");
  graph_largest =
      r.level("graph_largest", "persons",
              "Residents in the largest component, counted in the region of one of them");
  graph_largest_share =
      r.ratio("graph_largest_share", "1", "Share of residents in the largest component",
              graph_largest, population);
  graph_degree_sum = r.level("graph_degree_sum", "ties", "Ties of the region's residents, summed");
  graph_mean_degree =
      r.ratio("graph_mean_degree", "ties", "Mean ties per resident", graph_degree_sum, population);
  graph_clustering_sum =
      r.level("graph_clustering_sum", "1", "Local clustering coefficients of residents, summed");
  graph_clustering = r.ratio("graph_clustering", "1",
                             "Average clustering of residents (networkx's average_clustering)",
                             graph_clustering_sum, population);
}

namespace {

// Residents by age, care level and condition.
void observe_residents(const Town& town, const PopulationMetrics& ids, std::size_t regions,
                       sim::MetricRecorder& recorder) {
  const Residents& r = town.residents;
  enum Level {
    people,
    old65,
    old75,
    certified,
    certified65_,
    withdrawn_,
    isolated_,
    disabled_,
    hardship_,
    carers_,
    levels
  };
  std::vector<std::array<double, levels>> at(regions, std::array<double, levels>{});
  std::vector<std::array<double, 7>> by_level(regions, std::array<double, 7>{});
  // Validation levels: bands 65-69..90+ (residents, certified), groups 65-74..85+
  // (residents, 要支援, 要介護), then 15-39 and 40-64 (residents, withdrawn), men and women 65+
  // (all, alone).
  constexpr std::size_t band0 = 0, group0 = 12, young = 21, sexes = 25, validation = 29;
  std::vector<std::array<double, validation>> v(regions, std::array<double, validation>{});
  const Households& hh = town.households;
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    const auto area = static_cast<std::size_t>(town.area_of(i));  // three lookups: once
    auto& a = at[area];
    a[people] += 1;
    a[old65] += r.age[i] >= 65;
    a[old75] += r.age[i] >= 75;
    if (r.care[i] != care_none) {
      a[certified] += 1;
      a[certified65_] += r.age[i] >= 65;
      by_level[area][r.care[i] - 1] += 1;
    }
    a[withdrawn_] += r.withdrawal[i] != withdrawal_none;
    a[isolated_] += r.has(i, isolated);
    a[disabled_] += r.has(i, disabled);
    a[hardship_] += r.has(i, hardship);
    a[carers_] += r.burden[i] > 0;
    auto& w = v[area];
    const int age = r.age[i];
    if (const int b = validation_band(age); b >= 0) {
      w[band0 + 2 * static_cast<std::size_t>(b)] += 1;
      w[band0 + 2 * static_cast<std::size_t>(b) + 1] += r.care[i] != care_none;
      const std::size_t g = group0 + 3 * static_cast<std::size_t>(care_age_group(age));
      w[g] += 1;
      w[g + 1] += r.care[i] == support1 || r.care[i] == support2;
      w[g + 2] += r.care[i] >= care1;
      const bool alone =
          hh.members[r.household[i]] == 1 &&
          static_cast<HouseholdType>(hh.type[r.household[i]]) != HouseholdType::facility;
      const std::size_t sex = sexes + (r.has(i, female) ? 2 : 0);
      w[sex] += 1;
      w[sex + 1] += alone;
    }
    const bool withdrawn = r.withdrawal[i] != withdrawal_none;
    if (age >= 15 && age <= 39) w[young] += 1, w[young + 1] += withdrawn;
    if (age >= 40 && age <= 64) w[young + 2] += 1, w[young + 3] += withdrawn;
  }
  for (std::size_t g = 0; g < regions; ++g) {
    const int region = static_cast<int>(g);
    recorder.set(ids.population, region, at[g][people]);
    recorder.set(ids.age65, region, at[g][old65]);
    recorder.set(ids.age75, region, at[g][old75]);
    recorder.set(ids.care_certified, region, at[g][certified]);
    recorder.set(ids.certified65, region, at[g][certified65_]);
    for (std::size_t l = 0; l < 7; ++l)
      recorder.set(ids.certified_at_level[l], region, by_level[g][l]);
    recorder.set(ids.withdrawn, region, at[g][withdrawn_]);
    recorder.set(ids.isolated, region, at[g][isolated_]);
    recorder.set(ids.disabled, region, at[g][disabled_]);
    recorder.set(ids.hardship, region, at[g][hardship_]);
    recorder.set(ids.carers, region, at[g][carers_]);
    const auto& w = v[g];
    for (std::size_t b = 0; b < 6; ++b) {
      recorder.set(ids.residents_in_band[b], region, w[band0 + 2 * b]);
      recorder.set(ids.certified_in_band[b], region, w[band0 + 2 * b + 1]);
    }
    for (std::size_t k = 0; k < 3; ++k) {
      recorder.set(ids.residents_in_group[k], region, w[group0 + 3 * k]);
      recorder.set(ids.support_in_group[k], region, w[group0 + 3 * k + 1]);
      recorder.set(ids.care_in_group[k], region, w[group0 + 3 * k + 2]);
    }
    recorder.set(ids.residents_15_39, region, w[young]);
    recorder.set(ids.withdrawn_15_39, region, w[young + 1]);
    recorder.set(ids.residents_40_64, region, w[young + 2]);
    recorder.set(ids.withdrawn_40_64, region, w[young + 3]);
    recorder.set(ids.men65, region, w[sexes]);
    recorder.set(ids.men65_alone, region, w[sexes + 1]);
    recorder.set(ids.women65, region, w[sexes + 2]);
    recorder.set(ids.women65_alone, region, w[sexes + 3]);
  }
}

// Private households by type, and residents of care facilities.
void observe_households(const Town& town, const std::vector<Needs>& needs,
                        const PopulationMetrics& ids, std::size_t regions,
                        sim::MetricRecorder& recorder) {
  const Residents& r = town.residents;
  const Households& hh = town.households;
  enum HouseholdLevel {
    present,
    compound,
    single_elderly,
    eighty_fifty,
    double_care,
    all_isolated,
    household_levels
  };
  std::vector<std::array<double, household_levels>> hat(regions,
                                                        std::array<double, household_levels>{});
  std::vector<double> in_facility(regions, 0.0);
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (hh.members[h] == 0) continue;
    if (static_cast<HouseholdType>(hh.type[h]) == HouseholdType::facility) {
      in_facility[static_cast<std::size_t>(town.household_area(h))] += hh.members[h];
      continue;
    }
    auto& a = hat[static_cast<std::size_t>(town.household_area(h))];
    a[present] += 1;
    a[compound] += needs[h].compound();
    bool parent75 = false, withdrawn_child = false, every_isolated = true;
    int elders = 0;
    town.for_each_member(h, [&](std::uint32_t m) {
      elders += r.age[m] >= 65;
      parent75 |= r.age[m] >= 75;
      withdrawn_child |= r.age[m] >= 40 && r.age[m] <= 64 && r.withdrawal[m] != withdrawal_none;
      every_isolated &= r.has(m, isolated);
    });
    a[single_elderly] += hh.members[h] == 1 && elders == 1;
    a[eighty_fifty] += parent75 && withdrawn_child;
    a[double_care] += needs[h].has(Domain::children) && needs[h].has(Domain::elderly);
    a[all_isolated] += every_isolated;
  }
  for (std::size_t g = 0; g < regions; ++g) {
    const int region = static_cast<int>(g);
    recorder.set(ids.households, region, hat[g][present]);
    recorder.set(ids.in_facility, region, in_facility[g]);
    recorder.set(ids.compound_households, region, hat[g][compound]);
    recorder.set(ids.households_single_elderly, region, hat[g][single_elderly]);
    recorder.set(ids.households_8050, region, hat[g][eighty_fifty]);
    recorder.set(ids.households_double_care, region, hat[g][double_care]);
    recorder.set(ids.households_isolated, region, hat[g][all_isolated]);
  }
}

}  // namespace

GraphCensus take_graph_census(const Town& town, std::size_t regions, int day) {
  const Residents& r = town.residents;
  const auto n = static_cast<std::uint32_t>(r.size());
  GraphCensus c;
  c.day = day;
  for (auto* v : {&c.components, &c.largest, &c.degree_sum, &c.clustering_sum})
    v->assign(regions, 0.0);
  // Union by size, one array per thread (kept: a city's is megabytes): a root holds minus
  // its component's size, any other resident its parent.
  static thread_local std::vector<std::int32_t> parent;
  parent.assign(n, -1);
  const auto find = [&](std::uint32_t x) {
    while (parent[x] >= 0) {
      const auto up = static_cast<std::uint32_t>(parent[x]);
      if (parent[up] >= 0) parent[x] = parent[up];
      x = up;
    }
    return x;
  };
  static thread_local std::vector<std::uint32_t> row;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!r.has(i, alive)) continue;
    row.clear();
    town.ties.for_each(i, [&](std::uint32_t j) { row.push_back(j); });
    std::uint32_t root = find(i);
    for (const std::uint32_t j : row) {
      if (j < i) continue;  // each tie once
      std::uint32_t other = find(j);
      if (other == root) continue;
      if (parent[root] > parent[other]) std::swap(root, other);  // root is the larger
      parent[root] += parent[other];
      parent[other] = static_cast<std::int32_t>(root);
    }
    const auto area = static_cast<std::size_t>(town.area_of(i));
    const std::size_t degree = row.size();
    c.degree_sum[area] += static_cast<double>(degree);
    if (degree < 2) continue;
    const double pairs = static_cast<double>(degree) * static_cast<double>(degree - 1) / 2;
    c.clustering_sum[area] += town.ties.triangles(i) / pairs;
  }
  // Each component in the area of its lowest-numbered resident (the first of it met here),
  // which does not depend on the order ties were joined in.
  static thread_local std::vector<std::uint8_t> met;
  met.assign(n, 0);
  std::int32_t largest = 0;
  std::uint32_t largest_first = Residents::none;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!r.has(i, alive)) continue;
    const std::uint32_t root = find(i);
    if (met[root]) continue;
    met[root] = 1;
    c.components[static_cast<std::size_t>(town.area_of(i))] += 1;
    if (-parent[root] > largest) largest = -parent[root], largest_first = i;
  }
  if (largest_first != Residents::none)
    c.largest[static_cast<std::size_t>(town.area_of(largest_first))] = largest;
  return c;
}

int graph_census_days(const TownConfig& config) {
  if (config.ties.census_days >= 0) return config.ties.census_days;
  long residents = 0;
  for (const MunicipalityConfig& m : config.municipalities) residents += m.population;
  return residents <= 250'000 ? 0 : 365;
}

bool graph_census_due(const GraphCensus& last, int day, int last_day, int every) {
  return every <= 0 || last.day < 0 || day >= last_day || day - last.day >= every;
}

namespace {

void record_graph_census(const GraphCensus& c, const PopulationMetrics& ids,
                         sim::MetricRecorder& recorder) {
  for (std::size_t g = 0; g < c.components.size(); ++g) {
    const int region = static_cast<int>(g);
    recorder.add(ids.graph_components, region, c.components[g]);
    recorder.add(ids.graph_largest, region, c.largest[g]);
    recorder.add(ids.graph_degree_sum, region, c.degree_sum[g]);
    recorder.add(ids.graph_clustering_sum, region, c.clustering_sum[g]);
  }
}

}  // namespace

void observe_population(const Town& town, const std::vector<Needs>& needs,
                        const GraphCensus& census, const PopulationMetrics& ids,
                        std::size_t regions, sim::MetricRecorder& recorder) {
  observe_residents(town, ids, regions, recorder);
  observe_households(town, needs, ids, regions, recorder);
  record_graph_census(census, ids, recorder);
}

}  // namespace kyosei::models
