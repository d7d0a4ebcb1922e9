#pragma once
// The welfare model of one scenario arm: the town that wires the parts together. Its
// population (population/), the support counters and the rules that turn conditions into
// needs (support/), coordinators, councils and the organisation graph (community/), and the
// ledger (fiscal/) each keep their own state and metrics. A replicate holds one partition per
// municipality (town_part.hpp), each owning one of each, and steps them side by side in the
// order of the day (town_model.cpp).

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "community/community_metrics.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/model.hpp"
#include "kyosei/sim/spread.hpp"
#include "population/population.hpp"
#include "population/population_metrics.hpp"
#include "support/consultation_metrics.hpp"
#include "town/town_part.hpp"

namespace kyosei::models {

class TownModel final : public sim::ArmModel,
                        public sim::EstimatesMemory,
                        public sim::HasLedger,
                        public sim::HasTraits,
                        public sim::HasTreatment,
                        public sim::SharesWarmup,
                        public sim::SpreadsOverRanks {
 public:
  explicit TownModel(TownConfig config);
  // Partitions point at the model's metrics: it stays where it was built.
  TownModel(const TownModel&) = delete;
  TownModel& operator=(const TownModel&) = delete;

  const sim::RegionTable& regions() const override { return regions_.table; }
  const sim::MetricRegistry& metrics() const override { return registry_; }
  std::unique_ptr<sim::Replicate> instantiate(const sim::StreamKey& key,
                                              const sim::Clock& clock) const override;

  const TownConfig& config() const { return config_; }
  const TownRegions& town_regions() const { return regions_; }
  const PopulationMetrics& population_ids() const { return population_ids_; }
  const ConsultationMetrics& consultation_ids() const { return consultation_ids_; }
  const CommunityMetrics& community_ids() const { return community_ids_; }
  const FiscalMetrics& fiscal_ids() const { return fiscal_ids_; }
  // One per municipality, in the scenario's order, and what they share.
  const std::vector<Partition>& partitions() const;
  const ScenarioParts& scenario_parts() const { return scenario_parts_; }
  const Migration& migration() const { return migration_; }
  // Spread over ranks, rank `rank` of `ranks` steps the partitions from this one to the next
  // rank's: contiguous runs of about equal residents.
  std::size_t first_partition_of(int rank, int ranks) const;
  std::size_t parts() const override { return config_.municipalities.size(); }
  std::unique_ptr<sim::Replicate> instantiate_spread(const sim::StreamKey& key,
                                                     const sim::Clock& clock,
                                                     const sim::RankGroup& group) const override;
  sim::LedgerLayout ledger_layout() const override { return models::ledger_layout(); }
  std::uint64_t estimated_bytes(int days) const override;
  std::vector<sim::Trait> traits() const override;  // town_traits.cpp
  // Some municipality adopts 重層 or prepares for it (town_traits.cpp).
  bool treats() const override;
  // Arms of the same town share a warm-up: they may differ in the standing settings a
  // replicate takes up when it starts from another arm's warm-up (policy, staff,
  // coordinators, councils) and in the fiscal rules (nothing is booked in a warm-up), not in
  // anything else (town_model.cpp).
  bool warms_up_as(const sim::ArmModel& other) const override;

 private:
  TownConfig config_;
  TownRegions regions_;
  sim::MetricRegistry registry_;
  // Registered in this order, which is the order of the metrics in the output.
  PopulationMetrics population_ids_;
  ConsultationMetrics consultation_ids_;
  CommunityMetrics community_ids_;
  FiscalMetrics fiscal_ids_;
  mutable std::vector<Partition> partitions_;  // partitions(): built on first use
  mutable std::once_flag partitioned_;
  Migration migration_;
  ScenarioParts scenario_parts_;
};

struct Organisations;
// A town's part of the community graph: its residents and organisations, named by its regions.
struct GraphPart {
  const Town* town = nullptr;
  const Organisations* organisations = nullptr;
  const sim::RegionTable* regions = nullptr;
};
// Writes the community graph of the parts (a partition each) as GraphML (graph_export.cpp):
// residents, households, counters and 民生委員 as nodes with attribute `kind`; ties with
// attribute `kind`.
void write_graphml(const std::vector<GraphPart>& parts, const std::string& path);

}  // namespace kyosei::models
