#pragma once
// The thin first welfare model: residents with ages, an age-dependent hazard of a need,
// and one consultation counter per municipality with finite staff and a queue. Later
// model parts replace and extend it in the same shape: state in arrays, behaviour in
// functions over them, metrics through the registry.

#include <memory>
#include <vector>

#include "consultation.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/model.hpp"
#include "population.hpp"

namespace kyosei::models {

struct TownMetrics {
  explicit TownMetrics(sim::MetricRegistry& registry);

  sim::MetricId population, age65, age75, age65_share, age75_share;
  sim::MetricId consultations_new, referrals, referrals_lost, cases_opened;
  sim::MetricId wait_days_total, wait_days_mean, queue_waiting;
};

class TownModel final : public sim::ArmModel {
 public:
  explicit TownModel(TownConfig config);

  const sim::RegionTable& regions() const override { return regions_.table; }
  const sim::MetricRegistry& metrics() const override { return registry_; }
  std::unique_ptr<sim::Replicate> instantiate(const sim::StreamKey& key,
                                              const sim::Clock& clock) const override;

  const TownConfig& config() const { return config_; }
  const TownRegions& town_regions() const { return regions_; }
  const TownMetrics& ids() const { return ids_; }

 private:
  TownConfig config_;
  TownRegions regions_;
  sim::MetricRegistry registry_;
  TownMetrics ids_;
};

}  // namespace kyosei::models
