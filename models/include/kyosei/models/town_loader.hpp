#pragma once
// The welfare model as the engine sees it: reads a scenario arm into a TownConfig and
// builds the arm's model; also provides the embedded default scenario.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/model.hpp"

namespace kyosei::models {

// Reads the model's keys of one arm; throws sim::InputError with a located message. A
// counterfactual arm (sim::ArmRole) is read as written, then no municipality adopts.
TownConfig read_town_config(const sim::ConfigReader& scenario, const sim::RunSettings& settings,
                            const sim::ArmRole& role = {});

class TownModelLoader final : public sim::ModelLoader, public sim::ChecksAgainstPublished {
 public:
  std::unique_ptr<sim::ArmModel> load(const sim::ConfigReader& scenario,
                                      const sim::RunSettings& settings,
                                      const sim::ArmRole& role) const override;
  std::string_view default_scenario() const override;
  std::string default_scenario_source() const override { return "<embedded>/default.yaml"; }
  // Key outcomes; municipalities adopt 重層 by fiscal year (`/traits/adoption_year`, with
  // 移行準備 as anticipation); the municipal payer's cost per resident.
  sim::ModelDescription description() const override;
  // models/assumptions.yaml: every value the model assumes, with the range it may take.
  std::string_view assumptions() const override;
  // The baseline's published statistics (../shared/data/parameters.md): care certification by
  // age, level shares, benefit per first-category insured, withdrawal, livelihood
  // consultations, salon participation, elders living alone, 民生委員 rounds, and Hagi's
  // register population (published_checks.cpp).
  std::vector<sim::PublishedCheck> published_checks(const sim::Results& first_arm) const override;
};

}  // namespace kyosei::models
