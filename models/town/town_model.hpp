#pragma once
// The welfare model of one scenario arm: the synthetic town and its dynamics, and (for
// now) one consultation counter per municipality. State lives in arrays (population.hpp),
// behaviour in functions over them (households, conditions, social graph, dynamics),
// metrics go through the registry.

#include <memory>
#include <vector>

#include "community/community.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/domain.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/model.hpp"
#include "population/population.hpp"
#include "support/consultation_metrics.hpp"

namespace kyosei::models {

struct TownMetrics {
  explicit TownMetrics(sim::MetricRegistry& registry);

  // Population (levels unless noted).
  sim::MetricId population, households, in_facility, age65, age75, age65_share, age75_share;
  sim::MetricId care_certified, certified65, care_certification_rate;
  std::array<sim::MetricId, 7> certified_at_level;  // 要支援1..要介護5
  sim::MetricId withdrawn, isolated, disabled, hardship, carers;
  sim::MetricId compound_households, households_single_elderly, households_8050,
      households_double_care, households_isolated;
  sim::MetricId deaths, births, moved_away, moved_in, certifications_new;  // counts
};

class TownModel final : public sim::ArmModel,
                        public sim::EstimatesMemory,
                        public sim::HasLedger,
                        public sim::HasTraits,
                        public sim::HasTreatment {
 public:
  explicit TownModel(TownConfig config);

  const sim::RegionTable& regions() const override { return regions_.table; }
  const sim::MetricRegistry& metrics() const override { return registry_; }
  std::unique_ptr<sim::Replicate> instantiate(const sim::StreamKey& key,
                                              const sim::Clock& clock) const override;

  const TownConfig& config() const { return config_; }
  const TownRegions& town_regions() const { return regions_; }
  const TownMetrics& ids() const { return ids_; }
  const ConsultationMetrics& consultation_ids() const { return consultation_ids_; }
  const CommunityMetrics& community_ids() const { return community_ids_; }
  const FiscalMetrics& fiscal_ids() const { return fiscal_ids_; }
  sim::LedgerLayout ledger_layout() const override { return models::ledger_layout(); }
  std::uint64_t estimated_bytes(int days) const override;
  std::vector<sim::Trait> traits() const override;  // town_traits.cpp
  // Some municipality adopts 重層 or prepares for it (town_traits.cpp).
  bool treats() const override;

 private:
  TownConfig config_;
  TownRegions regions_;
  sim::MetricRegistry registry_;
  TownMetrics ids_;
  ConsultationMetrics consultation_ids_;
  CommunityMetrics community_ids_;
  FiscalMetrics fiscal_ids_;
};

struct Organisations;
// Writes the town's community graph as GraphML (graph_export.cpp): residents, households,
// counters and 民生委員 as nodes with attribute `kind`; ties with attribute `kind`.
void write_graphml(const Town& town, const Organisations& organisations, const std::string& path);

// Each household's needs now (town_model.cpp; exposed for tests): elderly if someone is
// certified for long-term care, disability if someone has one, children for a child under 6,
// livelihood for someone in hardship; a gap for withdrawal without hardship, a carer's heavy
// burden or an isolated elder living alone (self-neglect risk). None in a care facility.
std::vector<Needs> household_needs(const Town& town);

}  // namespace kyosei::models
