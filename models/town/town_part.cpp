#include "town/town_part.hpp"

#include <stdexcept>

#include "support/needs.hpp"

namespace kyosei::models {

Partition partition_of(const TownConfig& config, const TownRegions& scenario, std::size_t m) {
  Partition p;
  p.index = static_cast<std::uint32_t>(m);
  p.config = config;
  p.config.municipalities = {config.municipalities[m]};
  p.regions = build_regions(p.config);
  // The partition's tree is the total, then the municipality and its areas, which lie in the
  // same order after the municipality's region in the scenario's tree.
  const int first = scenario.municipality_region[m];
  p.scenario_region.resize(p.regions.table.size());
  for (std::size_t r = 0; r < p.scenario_region.size(); ++r)
    p.scenario_region[r] = r == 0 ? 0 : first + static_cast<int>(r) - 1;
  for (std::size_t r = 1; r < p.scenario_region.size(); ++r)
    if (scenario.table.info(p.scenario_region[r]).name !=
        p.regions.table.info(static_cast<int>(r)).name)
      throw std::logic_error("a partition's regions do not lie in the scenario's order");
  return p;
}

TownPart::TownPart(const Partition& partition, const ScenarioParts& shared,
                   const sim::StreamKey& scenario_key, const sim::Clock& clock)
    : partition_(partition),
      shared_(shared),
      key_{scenario_key.seed, scenario_key.family, scenario_key.replicate, partition.index},
      recorder_(*shared.registry, partition.regions.table),
      town_(build_town(partition.config, partition.regions, key_)),
      organisations_(build_organisations(town_, partition.config, partition.regions)),
      fiscal_(partition.regions.table, clock, *shared.fiscal),
      calendar_(town_, partition.config, *shared.population, key_, clock,
                [this](const ResidentEvent& event, int day, sim::MetricRecorder& recorder) {
                  after_event(event, day, recorder);
                }),
      consultation_(town_, partition.config, *shared.consultation, organisations_, key_, clock,
                    [this](std::uint32_t resident, int day) { calendar_.redraw(resident, day); }),
      community_(
          town_, partition.config, partition.regions, *shared.community, organisations_,
          consultation_, key_,
          [this](std::uint32_t resident, int day) { calendar_.redraw(resident, day); },
          [this](std::uint32_t a, std::uint32_t b, int day, sim::MetricRecorder& rec) {
            calendar_.tie_formed(a, b, day, rec);
          }),
      monthly_costs_(partition.config, partition.regions, town_, consultation_, community_, fiscal_,
                     shared.several_municipalities),
      output_start_(clock.output_start()),
      days_(clock.days()) {
  consultation_.set_fiscal(&fiscal_);
  community_.set_fiscal(&fiscal_);
  consultation_.set_places(&community_);
  calendar_.set_migration(shared.migration, {partition.index});
}

void TownPart::new_year(int day) {
  // 一斉改選: 民生委員 posts follow the households every term (counted from the first
  // simulated year, a warm-up's included).
  if (day > 0 && day / 365 % partition_.config.ties.minsei_term_years == 0) {
    allot_minsei_rounds(organisations_, town_, partition_.config);
    consultation_.refresh_rounds();  // the new rounds' registers, before today's visits
  }
  // start() drew the first year; at the start date after a warm-up, so does the calendar
  // (the town given at the start date is not a year older on it)
  if (day == 0 || day == output_start_) return;
  calendar_.new_year(day);
  community_.refresh_candidates();
}

void TownPart::resident_events(int day) {
  next_day_ = day + 1;  // a sample after today's steps is tomorrow's
  calendar_.resident_events(day, recorder_);
}

void TownPart::arrivals(int day) {
  calendar_.arrivals(day, recorder_);
}

void TownPart::consultation(int day, bool working_day) {
  consultation_.step(day, working_day, recorder_);
}

void TownPart::coordinators_and_councils(int day) {
  community_.month(day, recorder_);
}

void TownPart::outreach_and_rounds(int day) {
  consultation_.refresh_rounds();
  consultation_.outreach_round(day, recorder_);
}

void TownPart::monthly_costs(int day) {
  monthly_costs_.book(day, community_.take_meetings(), recorder_);
}

void TownPart::start() {
  calendar_.draw_year(0);
  consultation_.start(0);
  community_.start(0);
}

void TownPart::observe() {
  if (graph_census_due(census_, next_day_, days_, shared_.census_days))
    census_ = take_graph_census(town_, partition_.regions.table.size(), next_day_);
  observe_population(town_, household_needs(town_), census_, *shared_.population,
                     partition_.regions.table.size(), recorder_);
  consultation_.observe(recorder_);
  community_.observe(recorder_);
}

void TownPart::take_up_posts() {
  consultation_.take_up_staff();
  community_.take_up_posts();
}

// A resident's event was applied: support hears of the change, and of a household that is
// gone.
void TownPart::after_event(const ResidentEvent& event, int day, sim::MetricRecorder& recorder) {
  consultation_.condition_changed(event.resident, event.what, event.was_uncertified, day, recorder);
  if (town_.households.members[event.household] == 0)
    consultation_.household_gone(event.household, day, recorder);
}

}  // namespace kyosei::models
