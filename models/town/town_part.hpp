#pragma once
// One partition of a simulation: a municipality with its residents, households, counters,
// coordinators, councils, resources and ledger. Municipalities share nothing but the
// scenario's settings (ties, counters' catchments, coordinators and councils all stay within
// one), so a simulation is a list of partitions that step side by side (town_model.cpp) and
// exchange, in a fixed order, only what crosses them. A partition numbers its entities from 0
// and draws from its own streams (StreamKey::partition); it counts into a recorder and books
// into a ledger of its own, over its own regions, which the simulation adds up.

#include <cstdint>
#include <memory>
#include <vector>

#include "community/community.hpp"
#include "community/community_metrics.hpp"
#include "community/organisations.hpp"
#include "fiscal/fiscal.hpp"
#include "fiscal/monthly_costs.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/schedule.hpp"
#include "population/demographic_calendar.hpp"
#include "population/population.hpp"
#include "population/population_metrics.hpp"
#include "support/consultation.hpp"
#include "support/consultation_metrics.hpp"

namespace kyosei::models {

// What the partitions of a scenario share: its metrics and the facts that depend on the whole
// scenario, not on one municipality.
struct ScenarioParts {
  const sim::MetricRegistry* registry = nullptr;
  const PopulationMetrics* population = nullptr;
  const ConsultationMetrics* consultation = nullptr;
  const CommunityMetrics* community = nullptr;
  const FiscalMetrics* fiscal = nullptr;
  const Migration* migration = nullptr;  // moves between the scenario's municipalities
  int census_days = 0;  // [days] between graph censuses (graph_census_days of the scenario)
  bool several_municipalities = false;  // the prefecture backs up those that adopt 重層
};

// A partition's settings: the scenario's configuration with its municipality alone, and its
// own region tree (total, the municipality, its areas) laid onto the scenario's.
struct Partition {
  std::uint32_t index = 0;  // the municipality's index in the scenario: its streams' partition
  TownConfig config;
  TownRegions regions;
  std::vector<int> scenario_region;  // [region of the partition] -> the scenario's region
};

// Partition m of `config`, whose regions are `scenario` (build_regions of the whole).
Partition partition_of(const TownConfig& config, const TownRegions& scenario, std::size_t m);

class TownPart {
 public:
  TownPart(const Partition& partition, const ScenarioParts& shared, const sim::StreamKey& key,
           const sim::Clock& clock);
  TownPart(const TownPart&) = delete;
  TownPart& operator=(const TownPart&) = delete;

  // The phases of the day (town_model.cpp describes them in order).
  void new_year(int day);
  void resident_events(int day);
  void arrivals(int day);
  void consultation(int day, bool working_day);
  void coordinators_and_councils(int day);
  void outreach_and_rounds(int day);
  void monthly_costs(int day);

  // Day 0: the first year's events are drawn, counters and community open.
  void start();
  // The year's arrivals from outside, once the departures of every partition are known
  // (DemographicCalendar::plan_due): what this one's municipality expects from the others.
  bool plan_due() const { return calendar_.plan_due(); }
  double leaving() const { return calendar_.leaving().front(); }  // [persons / year]
  void plan_arrivals(double inflow) { calendar_.plan_arrivals({inflow}); }
  // Households bound for other partitions since the last call, and those bound here.
  std::vector<Move> take_outbox() { return calendar_.take_outbox(); }
  void receive(Move move) { calendar_.receive(std::move(move)); }
  // Level metrics into the partition's recorder.
  void observe();
  // Adds the partition's counts to the simulation's recorder and empties its own.
  void hand_over_counts(sim::MetricRecorder& to) {
    to.take_open(recorder_, partition_.scenario_region);
  }

  const Partition& partition() const { return partition_; }
  const Town& town() const { return town_; }
  const Organisations& organisations() const { return organisations_; }
  const sim::LedgerBook& ledger() const { return fiscal_.ledger(); }
  sim::MetricRecorder& recorder() { return recorder_; }

  // Takes over a warm-up of another arm of the same town: this arm's staff and posts.
  void take_up_posts();

  // Everything that changes as the town runs (checkpoints); the rest is rebuilt from the key.
  // The calendar archives, in order, each resident's next event, the day buckets, this
  // year's arrivals and the next of them: the layout checkpoints have always had.
  template <class A>
  void archive(A& a) {
    a(town_, organisations_, fiscal_, calendar_, consultation_, community_, next_day_, census_);
    a(recorder_);
  }

 private:
  void after_event(const ResidentEvent& event, int day, sim::MetricRecorder& recorder);

  const Partition& partition_;
  const ScenarioParts& shared_;
  const sim::StreamKey key_;      // the scenario's, with this partition's streams
  sim::MetricRecorder recorder_;  // over the partition's regions
  Town town_;
  Organisations organisations_;
  Fiscal fiscal_;
  DemographicCalendar calendar_;
  ConsultationSystem consultation_;
  CommunitySystem community_;
  MonthlyCosts monthly_costs_;  // no state of its own
  int output_start_;            // [day] the start date: a warm-up runs before it
  int days_;                    // [day] the last
  int next_day_ = 0;            // [day] of a sample taken now
  GraphCensus census_;          // the latest, which the graph's series show
};

}  // namespace kyosei::models
