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
  // Counts.
  sim::MetricId deaths, births, moved_away, moved_in, certifications_new;
};

// Sets the population's levels in each of `regions` regions. `needs` holds each household's
// needs (support's rules decide them) for the compound and double-care households.
void observe_population(const Town& town, const std::vector<Needs>& needs,
                        const PopulationMetrics& ids, std::size_t regions,
                        sim::MetricRecorder& recorder);

}  // namespace kyosei::models
