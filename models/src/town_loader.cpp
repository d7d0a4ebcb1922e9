#include "kyosei/models/town_loader.hpp"

#include <cmath>

#include "town_model.hpp"

namespace kyosei::embedded {
std::string_view default_scenario();  // generated from scenarios/default.yaml
}

namespace kyosei::models {

const char* to_string(PolicyMode mode) {
  return mode == PolicyMode::jusou ? "jusou" : "siloed";
}

namespace {

MunicipalityConfig read_municipality(const sim::ConfigReader& m) {
  MunicipalityConfig out;
  out.name = m.text("name");
  if (out.name.empty() || out.name.find('/') != std::string::npos)
    m.fail("name", "must be non-empty and contain no '/'");
  out.population = static_cast<long>(m.integer("population", 1, 50'000'000));  // [persons]
  out.age65_share = m.number("age65_share", 0.0, 1.0);
  out.age75_share = m.number("age75_share", 0.0, 1.0);
  if (out.age75_share > out.age65_share)
    m.fail("age75_share", "must not exceed age65_share (everyone 75+ is also 65+)");

  double total = 0;
  for (const sim::ConfigReader& a : m.sections("areas")) {
    AreaConfig area{a.text("name"), a.number("share", 0.0, 1.0)};
    if (area.name.empty() || area.name.find('/') != std::string::npos)
      a.fail("name", "must be non-empty and contain no '/'");
    for (const AreaConfig& other : out.areas)
      if (other.name == area.name) a.fail("name", "another area of this municipality has it");
    total += area.share;
    out.areas.push_back(std::move(area));
  }
  if (out.areas.empty()) m.fail("areas", "a municipality needs at least one daily-life area");
  if (std::fabs(total - 1.0) > 1e-6)
    m.fail("areas", "area shares must sum to 1, they sum to " + std::to_string(total));

  const sim::ConfigReader c = m.section("counter");
  out.counter.staff_fte = c.number("staff_fte", 0.0, 10'000.0);
  out.counter.cases_per_staff_day = c.number("cases_per_staff_day", 0.0, 100.0);
  return out;
}

}  // namespace

TownConfig read_town_config(const sim::ConfigReader& scenario) {
  TownConfig out;
  const sim::ConfigReader policy = scenario.section("policy");
  out.mode = policy.choice("mode", {"siloed", "jusou"}) == "jusou" ? PolicyMode::jusou
                                                                   : PolicyMode::siloed;
  const sim::ConfigReader needs = scenario.section("needs");
  out.needs.incidence_under65 = needs.number("incidence_under65", 0.0, 10.0);
  out.needs.incidence_65to74 = needs.number("incidence_65to74", 0.0, 10.0);
  out.needs.incidence_75plus = needs.number("incidence_75plus", 0.0, 10.0);
  const sim::ConfigReader referral = scenario.section("referral");
  out.referral.loss_probability = referral.number("loss_probability", 0.0, 1.0);

  for (const sim::ConfigReader& m : scenario.sections("municipalities")) {
    MunicipalityConfig muni = read_municipality(m);
    for (const MunicipalityConfig& other : out.municipalities)
      if (other.name == muni.name) m.fail("name", "another municipality has this name");
    out.municipalities.push_back(std::move(muni));
  }
  if (out.municipalities.empty())
    scenario.fail("municipalities", "a scenario needs at least one municipality");
  return out;
}

std::unique_ptr<sim::ArmModel> TownModelLoader::load(const sim::ConfigReader& scenario,
                                                     const sim::RunSettings&) const {
  return std::make_unique<TownModel>(read_town_config(scenario));
}

std::string_view TownModelLoader::default_scenario() const {
  return embedded::default_scenario();
}

std::vector<std::string> TownModelLoader::key_outcomes() const {
  return {"population",     "age65_share",  "consultations_new", "referrals",
          "referrals_lost", "cases_opened", "wait_days_mean",    "queue_waiting"};
}

}  // namespace kyosei::models
