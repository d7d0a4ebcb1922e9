#pragma once
// The welfare model of one scenario arm: the town that wires the parts together. Its
// population (population/), the support counters and the rules that turn conditions into
// needs (support/), coordinators, councils and the organisation graph (community/), and the
// ledger (fiscal/) each keep their own state and metrics; a replicate owns one of each and
// calls them in the order of the day (town_model.cpp).

#include <memory>
#include <string>
#include <vector>

#include "community/community_metrics.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/model.hpp"
#include "population/population.hpp"
#include "population/population_metrics.hpp"
#include "support/consultation_metrics.hpp"

namespace kyosei::models {

class TownModel final : public sim::ArmModel,
                        public sim::EstimatesMemory,
                        public sim::HasLedger,
                        public sim::HasTraits,
                        public sim::HasTreatment,
                        public sim::SharesWarmup {
 public:
  explicit TownModel(TownConfig config);

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
};

struct Organisations;
// Writes the town's community graph as GraphML (graph_export.cpp): residents, households,
// counters and 民生委員 as nodes with attribute `kind`; ties with attribute `kind`.
void write_graphml(const Town& town, const Organisations& organisations,
                   const sim::RegionTable& regions, const std::string& path);

}  // namespace kyosei::models
