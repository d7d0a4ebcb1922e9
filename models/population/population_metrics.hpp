#pragma once
// The population group of metrics: residents, ageing, care certification, conditions and
// household types (levels at each sample), and the demographic events between (counts).

#include <array>
#include <cstddef>
#include <vector>

#include "kyosei/models/domain.hpp"
#include "kyosei/sim/metrics.hpp"
#include "population/population.hpp"

namespace kyosei::models {

struct PopulationMetrics {
  explicit PopulationMetrics(sim::MetricRegistry& registry);

  // Levels.
  sim::MetricId population, households, in_facility, age65, age75, age65_share, age75_share;
  sim::MetricId care_certified, certified65, care_certification_rate;
  std::array<sim::MetricId, 7> certified_at_level;  // 要支援1..要介護5
  sim::MetricId withdrawn, isolated, disabled, hardship, carers;
  sim::MetricId compound_households, households_single_elderly, households_8050,
      households_double_care, households_isolated;
  // Levels for validation against published figures (`kyosei check`): residents and the
  // certified by 5-year band 65-69 .. 90+; residents, 要支援 and 要介護 by group 65-74,
  // 75-84, 85+; withdrawal at 15-39 and 40-64; men and women 65+, and those living alone.
  std::array<sim::MetricId, 6> residents_in_band, certified_in_band;
  std::array<sim::MetricId, 3> residents_in_group, support_in_group, care_in_group;
  sim::MetricId residents_15_39, withdrawn_15_39, residents_40_64, withdrawn_40_64;
  sim::MetricId men65, men65_alone, women65, women65_alone;
  // The residents' graph (alive residents and their ties): connected components, the largest
  // one's share of residents, mean degree, average clustering (networkx's definition).
  sim::MetricId graph_components, graph_largest_share, graph_mean_degree, graph_clustering;
  sim::MetricId graph_largest, graph_degree_sum, graph_clustering_sum;  // the ratios' parts
  // Counts.
  sim::MetricId deaths, births, moved_away, moved_in, moved_within, certifications_new;
  sim::MetricId ties_formed, ties_ended;
};

// The names the validation levels carry after their subject (`residents_65_69`,
// `support_85plus`), for the bands below and the groups of care_age_group.
inline constexpr std::array<const char*, 6> validation_band_names = {"65_69", "70_74", "75_79",
                                                                     "80_84", "85_89", "90plus"};
inline constexpr std::array<const char*, 3> care_group_names = {"65_74", "75_84", "85plus"};

// The validation bands: 65-69 .. 85-89 and 90+ (index 0-5), -1 below 65.
inline int validation_band(int age) {
  return age < 65 ? -1 : age >= 90 ? 5 : (age - 65) / 5;
}

// A census of the residents' graph among the living, by region: components (each counted in
// the area of its lowest-numbered resident), the largest one's size (in the area of its
// lowest-numbered resident), degrees and local clustering summed. It walks every tie, so a
// large town takes one only every `population.ties.census_days` (graph_census_due).
struct GraphCensus {
  int day = -1;  // [day] it was taken, -1 before the first
  std::vector<double> components, largest, degree_sum, clustering_sum;  // [region]
  template <class A>
  void archive(A& a) {
    a(day, components, largest, degree_sum, clustering_sum);
  }
};
GraphCensus take_graph_census(const Town& town, std::size_t regions, int day);
// Whether a sample on `day` takes a new census: at the first sample, at the last (`last_day`),
// and once `every` days have passed since the last census (every sample when `every` <= 0).
bool graph_census_due(const GraphCensus& last, int day, int last_day, int every);
// `population.ties.census_days`, or by size: every sample up to 250,000 residents, else yearly.
int graph_census_days(const TownConfig& config);

// Sets the population's levels in each of `regions` regions. `needs` holds each household's
// needs (support's rules decide them) for the compound and double-care households; the graph's
// series come from `census`, the latest census.
void observe_population(const Town& town, const std::vector<Needs>& needs,
                        const GraphCensus& census, const PopulationMetrics& ids,
                        std::size_t regions, sim::MetricRecorder& recorder);

}  // namespace kyosei::models
