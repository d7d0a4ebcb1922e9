#include "kyosei/models/town_loader.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <unordered_set>

#include "kyosei/sim/errors.hpp"
#include "population/age_pyramid.hpp"
#include "town/config_reading.hpp"
#include "town/municipality_table.hpp"
#include "town/town_model.hpp"

namespace kyosei::embedded {
std::string_view default_scenario();  // generated from scenarios/default.yaml
std::string_view assumptions();       // generated from models/assumptions.yaml
}  // namespace kyosei::embedded

namespace kyosei::models {

namespace {

// [years] of warm-up a scenario gets unless it sets warmup_years: how long the default town's
// queues, open cases and hidden needs take to settle from the start's empty counters
// (docs/comparisons.md, measured).
constexpr int default_warmup_years = 5;

using sim::ConfigReader;

PolicyConfig read_policy(const ConfigReader& p, const PolicyConfig& fallback) {
  PolicyConfig o = fallback;
  if (p.has("mode")) {
    const std::string mode = p.choice("mode", {"siloed", "transition", "jusou"});
    o.mode = mode == "jusou"        ? PolicyMode::jusou
             : mode == "transition" ? PolicyMode::transition
                                    : PolicyMode::siloed;
  }
  o.adoption_year = static_cast<int>(p.integer_or("adoption_year", o.adoption_year, 1900, 2200));
  p.document("adoption_year", "the start's fiscal year (scenario), else the scenario's policy");
  p.document("mode", "siloed (scenario), else the scenario's policy");
  p.document("transition_years", "0 (scenario), else the scenario's policy");
  p.document("combined_counter", "false (scenario), else the scenario's policy");
  o.transition_years =
      static_cast<int>(p.integer_or("transition_years", o.transition_years, 0, 10));
  o.combined_counter = p.boolean_or("combined_counter", o.combined_counter);
  return o;
}

// Each prefecture's population: the table's, or what the scenario's municipalities of it hold,
// which it cannot be less than; nor more than the country's.
void settle_prefectures(TownConfig& out, const ConfigReader& scenario) {
  std::map<std::string, long> held;  // prefecture -> residents of the scenario in it
  for (const MunicipalityConfig& m : out.municipalities)
    if (!m.prefecture.empty()) held[m.prefecture] += m.population;
  for (MunicipalityConfig& m : out.municipalities) {
    if (m.prefecture.empty()) continue;
    const long in_scenario = held[m.prefecture];
    if (m.prefecture_population == 0) m.prefecture_population = in_scenario;
    if (m.prefecture_population < in_scenario)
      scenario.fail("municipalities",
                    m.name + ": prefecture_population " + std::to_string(m.prefecture_population) +
                        " is less than the scenario's municipalities of " + m.prefecture +
                        " hold (" + std::to_string(in_scenario) + ")");
    if (static_cast<double>(m.prefecture_population) > out.dynamics.national_population)
      scenario.fail("population.dynamics.national_population",
                    "less than " + m.prefecture + "'s population (" +
                        std::to_string(m.prefecture_population) + ")");
  }
}

}  // namespace

MunicipalityConfig municipality_defaults(const PolicyConfig& policy,
                                         const CommunityConfig& community) {
  MunicipalityConfig out;
  out.school_districts_per_area = 3;
  out.net_migration_rate = 0.0;
  out.policy = policy;
  out.sc_layer1 = community.coordinators.layer1;
  out.sc_layer2_per_area = community.coordinators.layer2_per_area;
  out.council_layer1 = community.councils.layer1;
  out.council_layer2 = community.councils.layer2;
  return out;
}

MunicipalityConfig read_municipality(const ConfigReader& m, MunicipalityConfig base,
                                     MunicipalityIdentity identity) {
  const bool own = identity == MunicipalityIdentity::required;
  MunicipalityConfig out = std::move(base);
  out.name = own ? m.text("name") : m.text_or("name", out.name);
  if (out.name.empty() || out.name.find('/') != std::string::npos)
    m.fail("name", "must be non-empty and contain no '/'");
  out.population = static_cast<long>(
      own ? m.integer("population", 1, 50'000'000)
          : m.integer_or("population", out.population, 1, 50'000'000));  // [persons]
  if (out.population < 1 || out.population > 50'000'000)  // a base's own, not read here
    m.fail("population", "must be from 1 to 50000000, got " + std::to_string(out.population));
  out.age65_share =
      own ? m.number("age65_share", 0.0, 1.0) : m.number_or("age65_share", out.age65_share, 0, 1);
  out.age75_share =
      own ? m.number("age75_share", 0.0, 1.0) : m.number_or("age75_share", out.age75_share, 0, 1);
  if (out.age75_share > out.age65_share)
    m.fail("age75_share", "must not exceed age65_share (everyone 75+ is also 65+)");
  out.school_districts_per_area = static_cast<int>(
      m.integer_or("school_districts_per_area", out.school_districts_per_area, 1, 1000));
  out.net_migration_rate = m.number_or("net_migration_rate", out.net_migration_rate, -0.2, 0.2);
  out.prefecture = m.text_or("prefecture", out.prefecture);
  m.document("prefecture", "none (a table row: its own); without one, movers leave the scenario");
  out.prefecture_population = static_cast<long>(
      m.integer_or("prefecture_population", out.prefecture_population, 0, 2'000'000'000));
  m.document("prefecture_population",
             "0: what the scenario's municipalities of the prefecture hold (a table row: the "
             "table's)");
  // A town or village (町村) by its name's last character unless `kind` says.
  const auto ends_with = [&](std::string_view suffix) {
    return out.name.size() >= suffix.size() &&
           out.name.compare(out.name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const std::string kind = m.text_or(
      "kind", own || m.has("name") ? (ends_with("町") || ends_with("村") ? "town" : "city")
                                   : (out.town ? "town" : "city"));
  if (kind != "town" && kind != "city")
    m.fail("kind", "must be town (町村) or city (市, 区), got '" + kind + "'");
  out.town = kind == "town";

  if (own || m.has("areas")) {
    out.areas.clear();
    for (const ConfigReader& a : m.sections("areas")) {
      AreaConfig area{a.text("name"), a.number("share", 0.0, 1.0)};
      if (area.name.empty() || area.name.find('/') != std::string::npos)
        a.fail("name", "must be non-empty and contain no '/'");
      for (const AreaConfig& other : out.areas)
        if (other.name == area.name) a.fail("name", "another area of this municipality has it");
      out.areas.push_back(std::move(area));
    }
  }
  double total = 0;
  for (const AreaConfig& area : out.areas) total += area.share;
  if (out.areas.empty()) m.fail("areas", "a municipality needs at least one daily-life area");
  if (std::fabs(total - 1.0) > 1e-6)
    m.fail("areas", "area shares must sum to 1, they sum to " + std::to_string(total));

  // Consultation staff [FTE on casework]. Defaults scale with the town: 包括 by its norm
  // (default_elderly_fte), the others are assumptions per resident.
  const double n65 = out.age65_share * static_cast<double>(out.population);
  const double people = static_cast<double>(out.population);
  const ConfigReader s = m.section_or_empty("staff");
  out.staff.fte[Domain::elderly] = s.number_or("elderly_fte", default_elderly_fte(n65), 0.0, 1e5);
  out.staff.fte[Domain::disability] = s.number_or("disability_fte", people / 25000.0, 0.0, 1e5);
  out.staff.fte[Domain::children] = s.number_or("children_fte", people / 30000.0, 0.0, 1e5);
  out.staff.fte[Domain::livelihood] = s.number_or("livelihood_fte", people / 25000.0, 0.0, 1e5);
  out.staff.outreach_fte = s.number_or("outreach_fte", people / 25000.0, 0.0, 1e5);
  out.staff.collaboration_fte = s.number_or("collaboration_fte", people / 50000.0, 0.0, 1e5);
  out.staff.participation_places = static_cast<int>(
      s.integer_or("participation_places", std::lround(people / 1000.0), 0, 10'000'000));
  out.staff.program_places =
      static_cast<int>(s.integer_or("program_places", std::lround(people / 2000.0), 0, 10'000'000));
  out.staff.housing_support_places = static_cast<int>(
      s.integer_or("housing_support_places", std::lround(people / 10000.0), 0, 10'000'000));
  s.document("elderly_fte", "0.5 × 3 × residents 65+ / 4,500");
  s.document("disability_fte", "residents / 25,000");
  s.document("children_fte", "residents / 30,000");
  s.document("livelihood_fte", "residents / 25,000");
  s.document("outreach_fte", "residents / 25,000");
  s.document("collaboration_fte", "residents / 50,000");
  s.document("participation_places", "residents / 1,000");
  s.document("program_places", "residents / 2,000");
  s.document("housing_support_places", "residents / 10,000");
  out.policy = read_policy(m.section_or_empty("policy"), out.policy);
  const ConfigReader sc = m.section_or_empty("coordinators");
  out.sc_layer1 = static_cast<int>(sc.integer_or("layer1", out.sc_layer1, 0, 1000));
  out.sc_layer2_per_area =
      static_cast<int>(sc.integer_or("layer2_per_area", out.sc_layer2_per_area, 0, 100));
  const ConfigReader councils = m.section_or_empty("councils");
  out.council_layer1 = councils.boolean_or("layer1", out.council_layer1);
  out.council_layer2 = councils.boolean_or("layer2", out.council_layer2);
  sc.document("layer1", "community.coordinators.layer1");
  sc.document("layer2_per_area", "community.coordinators.layer2_per_area");
  councils.document("layer1", "community.councils.layer1");
  councils.document("layer2", "community.councils.layer2");
  return out;
}

TownConfig read_town_config(const ConfigReader& scenario, const sim::RunSettings& settings,
                            const sim::ArmRole& role) {
  TownConfig out;
  PolicyConfig policy;
  policy.adoption_year = fiscal_year(settings.start_date);
  policy = read_policy(scenario.section_or_empty("policy"), policy);
  const ConfigReader population = scenario.section_or_empty("population");
  if (population.has("age_pyramid")) {
    // Relative to the scenario file that names it.
    const sim::ConfigNode* node = population.raw("age_pyramid");
    std::filesystem::path path = population.text("age_pyramid");
    if (path.is_relative() && node->where.line > 0)
      path = std::filesystem::path(node->where.source).parent_path() / path;
    try {
      out.pyramid = load_age_pyramid(path.string());
    } catch (const sim::InputError& e) {
      population.fail("age_pyramid", e.what());
    }
  } else {
    out.pyramid = national_age_pyramid_2020();
  }
  out.households = read_households(population.section_or_empty("households"));
  out.conditions = read_conditions(population.section_or_empty("conditions"));
  out.dynamics = read_dynamics(population.section_or_empty("dynamics"));
  derive_care_flows(out.conditions, out.dynamics);
  out.ties = read_ties(population.section_or_empty("ties"));

  out.consultation = read_consultation(scenario.section_or_empty("consultation"));
  out.community = read_community(scenario.section_or_empty("community"));
  out.fiscal = read_fiscal(scenario.section_or_empty("fiscal"));

  // Municipalities written out, and/or taken from a table; all are read the same way.
  const MunicipalityConfig fallback = municipality_defaults(policy, out.community);
  const std::vector<ConfigReader> listed =
      scenario.sections("municipalities", !scenario.has("municipalities_from"));
  scenario.document("municipalities", "required unless municipalities_from");
  std::unordered_set<std::string> names;
  for (const ConfigReader& m : listed) {
    MunicipalityConfig muni = read_municipality(m, fallback, MunicipalityIdentity::required);
    if (!names.insert(muni.name).second) m.fail("name", "another municipality has this name");
    out.municipalities.push_back(std::move(muni));
  }
  if (const auto from = scenario.optional_section("municipalities_from")) {
    double n = 0, n65 = 0, n75 = 0;
    for (int b = 0; b < age_bands; ++b) {
      const double people = out.pyramid.men[b] + out.pyramid.women[b];
      n += people;
      n65 += b >= age_band(65) ? people : 0;
      n75 += b >= age_band(75) ? people : 0;
    }
    for (TableMunicipality& row : municipalities_from_table(*from, fallback, n65 / n, n75 / n)) {
      if (!names.insert(row.config.name).second)
        throw sim::InputError(row.name_where, "municipalities_from.name",
                              "another municipality has this name");
      out.municipalities.push_back(std::move(row.config));
    }
  }
  // `policy.never_adopt` (an arm where nobody adopts, whatever the schedule says) and the
  // counterfactual twin of `kyosei run --counterfactual`: every municipality stays siloed.
  if (scenario.section_or_empty("policy").boolean_or("never_adopt", false) || role.counterfactual)
    for (MunicipalityConfig& m : out.municipalities) m.policy.mode = PolicyMode::siloed;
  if (out.municipalities.empty())
    scenario.fail("municipalities", "a scenario needs at least one municipality");
  settle_prefectures(out, scenario);
  double residents = 0;
  for (const MunicipalityConfig& m : out.municipalities)
    residents += static_cast<double>(m.population);
  if (residents > 2e9)  // resident ids are 32-bit, with room for births and arrivals
    scenario.fail("municipalities", std::to_string(static_cast<long long>(residents)) +
                                        " residents in all; at most 2,000,000,000");
  return out;
}

std::unique_ptr<sim::ArmModel> TownModelLoader::load(const ConfigReader& scenario,
                                                     const sim::RunSettings& settings,
                                                     const sim::ArmRole& role) const {
  return std::make_unique<TownModel>(read_town_config(scenario, settings, role));
}

std::string_view TownModelLoader::default_scenario() const {
  return embedded::default_scenario();
}

std::string_view TownModelLoader::assumptions() const {
  return embedded::assumptions();
}

sim::ModelDescription TownModelLoader::description() const {
  sim::ModelDescription d;
  d.regions_key = "municipalities";
  d.size_metric = "population";
  d.per_capita_funder = "municipal";
  d.warmup_years = default_warmup_years;
  d.treatment = {"municipality", "adoption_year", "transition_year", fiscal_year_first_month};
  d.key_outcomes = {"population",
                    "care_certification_rate",
                    "withdrawn",
                    "isolated",
                    "compound_households",
                    "hidden_households",
                    "consultations_new",
                    "consultations_outreach",
                    "referrals_lost",
                    "gap_needs_unserved",
                    "cases_opened",
                    "cases_resolved",
                    "compound_cases_conferenced",
                    "participation_placements",
                    "wait_days_mean",
                    "resources_active",
                    "salon_participants_65",
                    "cost_total",
                    "cost_municipal"};
  return d;
}

}  // namespace kyosei::models
