#include "kyosei/models/town_loader.hpp"

#include <cmath>
#include <filesystem>
#include <unordered_set>

#include "kyosei/sim/errors.hpp"
#include "population/age_pyramid.hpp"
#include "town/municipality_table.hpp"
#include "town/town_model.hpp"

namespace kyosei::embedded {
std::string_view default_scenario();  // generated from scenarios/default.yaml
}

namespace kyosei::models {

namespace {

using sim::ConfigReader;

double unit(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 1.0);
}
double rate(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 50.0);  // [1/year]
}
double factor(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 100.0);  // [×]
}

// A table by 5-year age band written as ranges, e.g. `{65-69: 0.028, 90+: 0.727}`. Bands not
// named keep the fallback's value.
AgeBandTable age_table(const ConfigReader& r, std::string_view key, AgeBandTable table,
                       double max = 1.0) {
  const sim::ConfigNode* node = r.raw(key);
  if (!node || node->kind == sim::ConfigNode::Kind::null) return table;
  if (!node->is_mapping()) r.fail(key, "expected a mapping of age ranges such as 65-69 or 90+");
  std::array<bool, age_bands> named{};
  for (const auto& [range, value] : node->pairs) {
    const std::string path = r.path_of(key) + "." + range;
    int lo = -1, hi = -1;
    if (!range.empty() && range.back() == '+') {
      lo = std::atoi(range.c_str());
      hi = 104;
    } else if (const auto dash = range.find('-'); dash != std::string::npos) {
      lo = std::atoi(range.substr(0, dash).c_str());
      hi = std::atoi(range.substr(dash + 1).c_str());
    }
    if (lo < 0 || hi < lo || lo % 5 != 0 || (hi + 1) % 5 != 0 ||
        range.find_first_not_of("0123456789-+") != std::string::npos)
      throw sim::InputError(value.key_where, path,
                            "expected an age range on 5-year bands, such as 65-69, 15-39 or 90+");
    const int first = age_band(lo), last = std::min(age_band(hi), age_bands - 1);
    if (value.kind != sim::ConfigNode::Kind::scalar)
      throw sim::InputError(value.where, path, "expected a number");
    char* end = nullptr;
    const double x = std::strtod(value.scalar.c_str(), &end);
    if (end == value.scalar.c_str() || *end != '\0' || !std::isfinite(x) || x < 0 || x > max)
      throw sim::InputError(
          value.where, path,
          "expected a number from 0 to " + std::to_string(max) + ", got '" + value.scalar + "'");
    for (int b = first; b <= last; ++b) {
      if (named[b]) throw sim::InputError(value.key_where, path, "overlaps another age range");
      named[b] = true;
      table[b] = x;
    }
  }
  return table;
}

AgeBandTable bands(std::initializer_list<std::pair<int, double>> from_age) {
  // Steps: each (age, value) holds from that age to the next listed one.
  AgeBandTable t{};
  for (int b = 0; b < age_bands; ++b)
    for (const auto& [age, value] : from_age)
      if (b * 5 >= age) t[b] = value;
  return t;
}

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
  s.document("elderly_fte", "0.5 × 3 × residents 65+ / 4,500");
  s.document("disability_fte", "residents / 25,000");
  s.document("children_fte", "residents / 30,000");
  s.document("livelihood_fte", "residents / 25,000");
  s.document("outreach_fte", "residents / 25,000");
  s.document("collaboration_fte", "residents / 50,000");
  s.document("participation_places", "residents / 1,000");
  s.document("program_places", "residents / 2,000");
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

namespace {

HouseholdConfig read_households(const ConfigReader& h) {
  HouseholdConfig o;
  o.elderly_alone_men = unit(h, "elderly_alone_men", 0.150);  // 高齢社会白書 2024, 2020 figure
  o.elderly_alone_women = unit(h, "elderly_alone_women", 0.221);  // same
  // Of 65+ not living alone, those in couple-only households: approx. from households with a
  // 65+ member (国民生活基礎調査 2019: alone 28.8%, couple only 32.1%, with children 20.5%).
  o.elderly_in_couple = unit(h, "elderly_in_couple", 0.55);
  o.withdrawn_40to64_with_parent = unit(h, "withdrawn_40to64_with_parent", 0.30);  // assumption
  // Working-age households by family type, approx. from the 2020 census (世帯の家族類型).
  o.adults_single = unit(h, "adults_single", 0.40);
  o.couples_with_children = unit(h, "couples_with_children", 0.35);
  o.single_parents = unit(h, "single_parents", 0.08);
  if (o.adults_single + o.couples_with_children + o.single_parents > 1.0)
    h.fail("single_parents", "adults_single + couples_with_children + single_parents exceed 1");
  o.mean_children = h.number_or("mean_children", 1.7, 1.0, 6.0);  // assumption near TFR history
  o.households_per_neighbourhood =
      static_cast<int>(h.integer_or("households_per_neighbourhood", 80, 5, 5000));  // assumption
  return o;
}

ConditionsConfig read_conditions(const ConfigReader& c) {
  ConditionsConfig o;
  // 要介護認定率 by age, Sep 2020 (介護保険部会 materials; parameters.md).
  o.certification = age_table(c, "certification",
                              bands({{0, 0.0},
                                     {65, 0.028},
                                     {70, 0.055},
                                     {75, 0.124},
                                     {80, 0.264},
                                     {85, 0.481},
                                     {90, 0.727}}));
  // 要支援 among certified, from support/care shares 1.4/3.0, 6.0/11.6, 14.0/44.5 (白書 2025).
  const double support[3] = {1.4 / 4.4, 6.0 / 17.6, 14.0 / 58.5};
  const char* support_keys[3] = {"support_share_65to74", "support_share_75to84",
                                 "support_share_85plus"};
  for (int i = 0; i < 3; ++i)
    o.support_share_of_certified[i] = unit(c, support_keys[i], support[i]);
  // 要介護1..5 mix, approx. FY2022 (介護保険事業状況報告: 1.45, 1.17, 0.93, 0.90, 0.59 million).
  const double mix[5] = {0.288, 0.232, 0.185, 0.179, 0.117};
  const char* mix_keys[5] = {"care1_share", "care2_share", "care3_share", "care4_share",
                             "care5_share"};
  double sum = 0;
  for (int i = 0; i < 5; ++i) sum += o.care_level_mix[i] = unit(c, mix_keys[i], mix[i]);
  if (std::fabs(sum - 1.0) > 0.01) c.fail("care5_share", "care1_share..care5_share must sum to 1");
  for (double& share : o.care_level_mix) share /= sum;  // rounding in published shares
  // ひきこもり, broad definition: Cabinet Office survey 2022 (published Mar 2023).
  o.withdrawal_15to39 = unit(c, "withdrawal_15to39", 0.0205);
  o.withdrawal_40to64 = unit(c, "withdrawal_40to64", 0.0202);
  // Severity mix of ages 15-39 (0.95, 0.74, 0.30, 0.06 %), same survey.
  const double severity[4] = {0.95 / 2.05, 0.74 / 2.05, 0.30 / 2.05, 0.06 / 2.05};
  const char* severity_keys[4] = {"severity_hobbies_only", "severity_nearby_shops",
                                  "severity_rarely_leaves_home", "severity_rarely_leaves_room"};
  sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += o.withdrawal_severity[i] = unit(c, severity_keys[i], severity[i]);
  if (std::fabs(sum - 1.0) > 1e-3)
    c.fail("severity_rarely_leaves_room", "severity shares must sum to 1");
  // Disability by age, approx. from 障害者白書 2023 (about 9% of residents, most of them 65+).
  o.disability = age_table(c, "disability", bands({{0, 0.03}, {20, 0.05}, {65, 0.15}}));
  // 施設サービス受給者 (~0.95 m) over residents at 要介護3-5 (~2.4 m), FY2022
  // (介護保険事業状況報告).
  o.facility_share = unit(c, "facility_share", 0.40);
  o.low_income = unit(c, "low_income", 0.154);  // relative poverty 2021, 国民生活基礎調査 2022
  o.hardship_given_low_income = unit(c, "hardship_given_low_income", 0.20);  // assumption
  o.employment_15to64 = unit(c, "employment_15to64", 0.784);                 // 労働力調査 2022
  o.employment_65plus = unit(c, "employment_65plus", 0.252);                 // 労働力調査 2022
  o.isolation_elderly_alone =
      unit(c, "isolation_elderly_alone", 0.15);             // assumption (内閣府 surveys)
  o.isolation_others = unit(c, "isolation_others", 0.02);   // assumption
  o.help_seeking_mean = unit(c, "help_seeking_mean", 0.5);  // assumption
  return o;
}

DynamicsConfig read_dynamics(const ConfigReader& d) {
  DynamicsConfig o;
  // Death rates, approx. from the 2020 abridged life table (令和2年簡易生命表, nqx).
  o.mortality_men = age_table(d, "mortality_men",
                              bands({{0, 0.0004},
                                     {5, 0.0001},
                                     {15, 0.0003},
                                     {25, 0.0005},
                                     {35, 0.0009},
                                     {45, 0.0019},
                                     {55, 0.0045},
                                     {60, 0.0070},
                                     {65, 0.0110},
                                     {70, 0.0175},
                                     {75, 0.0290},
                                     {80, 0.0500},
                                     {85, 0.0920},
                                     {90, 0.1650},
                                     {95, 0.2800},
                                     {100, 0.4000}}),
                              1.0);
  o.mortality_women = age_table(d, "mortality_women",
                                bands({{0, 0.0004},
                                       {5, 0.0001},
                                       {15, 0.0002},
                                       {25, 0.0003},
                                       {35, 0.0005},
                                       {45, 0.0011},
                                       {55, 0.0024},
                                       {60, 0.0032},
                                       {65, 0.0048},
                                       {70, 0.0078},
                                       {75, 0.0140},
                                       {80, 0.0270},
                                       {85, 0.0540},
                                       {90, 0.1080},
                                       {95, 0.2050},
                                       {100, 0.3500}}),
                                1.0);
  o.mortality_care_factor = factor(d, "mortality_care_factor", 2.0);  // assumption
  // Age-specific fertility, approx. 2020 人口動態統計 (TFR 1.33).
  o.fertility = age_table(d, "fertility",
                          bands({{0, 0.0},
                                 {15, 0.002},
                                 {20, 0.025},
                                 {25, 0.075},
                                 {30, 0.095},
                                 {35, 0.058},
                                 {40, 0.013},
                                 {45, 0.0005},
                                 {50, 0.0}}),
                          1.0);
  // Onset of certification: assumption, calibrated so that Hagi's certification rate of
  // residents 65+ stays near its start (18.6%) and rises slowly as the town ages, under the
  // mortality, worsening and improvement rates here.
  o.care_onset = age_table(
      d, "care_onset",
      bands(
          {{0, 0.0}, {65, 0.004}, {70, 0.008}, {75, 0.018}, {80, 0.0375}, {85, 0.07}, {90, 0.12}}),
      5.0);
  o.care_worsening = rate(d, "care_worsening", 0.20);      // assumption
  o.care_improvement = rate(d, "care_improvement", 0.04);  // assumption
  // Assumption: keeps about 40% of residents at 要介護3+ in facilities (facility_share).
  o.facility_entry = rate(d, "facility_entry", 0.20);
  // Assumption: keeps the share of elders living alone rising slowly, as it has nationally
  // (men 11.1% → 15.0%, women 20.3% → 22.1% of 65+ from 2010 to 2020, 高齢社会白書).
  o.widowed_join_family = unit(d, "widowed_join_family", 0.7);
  // Acquiring a disability, by age: assumption keeping prevalence near the start's.
  o.disability_onset =
      age_table(d, "disability_onset", bands({{0, 0.001}, {20, 0.002}, {65, 0.012}}), 1.0);
  // ひきこもり: stationary prevalence onset / (onset + recovery) near 2%.
  o.withdrawal_recovery = rate(d, "withdrawal_recovery", 0.15);  // assumption
  o.withdrawal_onset = rate(d, "withdrawal_onset", 0.0031);      // assumption: 2% at stationarity
  o.isolation_onset = rate(d, "isolation_onset", 0.004);         // assumption
  o.isolation_recovery = rate(d, "isolation_recovery", 0.10);    // assumption
  o.hardship_onset = rate(d, "hardship_onset", 0.0375);          // assumption: 20% of low income
  o.hardship_recovery = rate(d, "hardship_recovery", 0.15);      // assumption
  // Leaving the town by age: young adults leave for study and work (assumption, shaped like
  // 住民基本台帳人口移動報告 profiles of rural towns). Children leave with a parent.
  o.out_migration = age_table(
      d, "out_migration",
      bands({{0, 0.0}, {15, 0.05}, {20, 0.08}, {25, 0.05}, {30, 0.03}, {40, 0.01}, {65, 0.005}}),
      1.0);
  // Adult children living with a parent 65+ rarely move away (co-resident carers).
  o.out_migration_with_elder = factor(d, "out_migration_with_elder", 0.2);          // assumption
  o.participation_care_worsening = factor(d, "participation_care_worsening", 0.8);  // assumption
  o.participation_isolation_recovery = factor(d, "participation_isolation_recovery", 3.0);
  o.support_withdrawal_recovery = factor(d, "support_withdrawal_recovery", 2.0);
  o.support_hardship_recovery = factor(d, "support_hardship_recovery", 2.0);
  return o;
}

TiesConfig read_ties(const ConfigReader& t) {
  TiesConfig o;
  o.neighbour_ties = static_cast<int>(t.integer_or("neighbour_ties", 4, 0, 40));  // assumption
  if (o.neighbour_ties % 2) t.fail("neighbour_ties", "must be even (a ring lattice)");
  o.weak_tie_share = unit(t, "weak_tie_share", 0.10);    // assumption (Watts–Strogatz rewiring)
  o.kin_tie_elderly = unit(t, "kin_tie_elderly", 0.50);  // assumption
  o.min_age_for_neighbour_ties =
      static_cast<int>(t.integer_or("min_age_for_neighbour_ties", 6, 0, 100));
  // 民生委員 cover 70-200 households in towns (全民児連, Dec 2025).
  o.minsei_households = static_cast<int>(t.integer_or("minsei_households", 150, 10, 10000));
  return o;
}

}  // namespace

// A list of council member categories, by name.
std::vector<MemberCategory> categories(const ConfigReader& r, std::string_view key,
                                       std::vector<MemberCategory> fallback) {
  const sim::ConfigNode* node = r.raw(key);
  if (!node || node->kind == sim::ConfigNode::Kind::null) return fallback;
  if (node->kind != sim::ConfigNode::Kind::sequence)
    r.fail(key, "expected a list of member categories");
  std::vector<MemberCategory> out;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const sim::ConfigNode& item = node->items[i];
    int found = -1;
    std::string known;
    for (int c = 0; c < member_categories; ++c) {
      if (item.kind == sim::ConfigNode::Kind::scalar &&
          item.scalar == to_string(static_cast<MemberCategory>(c)))
        found = c;
      known += (c ? ", " : "") + std::string(to_string(static_cast<MemberCategory>(c)));
    }
    if (found < 0)
      throw sim::InputError(item.where, r.path_of(key) + "." + std::to_string(i),
                            "unknown member category '" + item.scalar + "' (known: " + known + ")");
    out.push_back(static_cast<MemberCategory>(found));
  }
  return out;
}

CommunityConfig read_community(const ConfigReader& r) {
  CommunityConfig o;
  const ConfigReader s = r.section_or_empty("coordinators");
  CoordinatorConfig& sc = o.coordinators;
  // The seed (FY2020): layer-1 SCs in 97.3% of municipalities, layer-2 in 72.6%.
  sc.layer1 = static_cast<int>(s.integer_or("layer1", 1, 0, 1000));
  sc.layer2_per_area = static_cast<int>(s.integer_or("layer2_per_area", 1, 0, 100));
  // SC affiliation, FY2022 interim survey (the seed): 社協 58.1% at layer 1.
  const std::string affiliation =
      s.choice_or("affiliation", "shakyo",
                  {"shakyo", "houkatsu_direct", "houkatsu_contracted", "npo", "municipality"});
  sc.affiliation = affiliation == "houkatsu_direct"       ? Affiliation::houkatsu_direct
                   : affiliation == "houkatsu_contracted" ? Affiliation::houkatsu_contracted
                   : affiliation == "npo"                 ? Affiliation::npo
                   : affiliation == "municipality"        ? Affiliation::municipality
                                                          : Affiliation::shakyo;
  sc.hours_per_month = s.number_or("hours_per_month", 80, 0, 744);  // assumption: part-time roles
  // Time by activity in proportion to the share of layer-2 SCs doing each (the seed, FY2022
  // interim): assessment 91.6, sharing 81.6, inventory 85.7, development 63.8, training 54.7,
  // matching 61.0, coordination 40.1, companies 37.7; 地域ケア会議 30 (assumption).
  const double seed_share[activities] = {91.6, 81.6, 85.7, 63.8, 54.7, 61.0, 40.1, 37.7, 30.0};
  const ConfigReader a = s.section_or_empty("activity_share");
  double total = 0;
  for (std::uint8_t k = 0; k < activities; ++k)
    total += sc.activity_share[k] =
        a.number_or(to_string(static_cast<Activity>(k)), seed_share[k], 0, 1e6);  // weights
  if (total <= 0) s.fail("activity_share", "activity shares must not all be zero");
  for (double& x : sc.activity_share) x /= total;
  sc.assessment_hours_per_household = s.number_or("assessment_hours_per_household", 1.5, 0.01, 100);
  sc.inventory_hours_per_find = s.number_or("inventory_hours_per_find", 60, 0.1, 10000);
  sc.development_hours = s.number_or("development_hours", 120, 1, 10000);
  sc.training_hours_per_session = s.number_or("training_hours_per_session", 6, 0.1, 1000);
  sc.trainees_per_session = static_cast<int>(s.integer_or("trainees_per_session", 8, 0, 1000));
  sc.trainee_uptake = unit(s, "trainee_uptake", 0.3);
  sc.matching_hours_per_match = s.number_or("matching_hours_per_match", 2, 0.01, 1000);
  sc.strength_per_hour = s.number_or("strength_per_hour", 0.0002, 0, 1);  // assumption

  const ConfigReader c = r.section_or_empty("councils");
  // The seed (FY2020): councils at layer 1 in 93.4% of municipalities, layer 2 in 64.7%.
  o.councils.layer1 = c.boolean_or("layer1", true);
  o.councils.layer2 = c.boolean_or("layer2", true);
  o.councils.meetings_per_year =
      static_cast<int>(c.integer_or("meetings_per_year", 6, 0, 52));  // assumption
  // Hagi's 地域ささえあい協議体 (the seed): 町内会長, volunteer groups, 老人クラブ, welfare
  // workers, the police box, post office and shops; with the 社協 and 包括 as in most councils.
  o.councils.members = categories(c, "members",
                                  {neighbourhood_association, volunteers, elderly_club, shakyo,
                                   houkatsu, minsei_iin, police_fire, companies_shops});
  o.councils.strength_gain = c.number_or("strength_gain", 0.005, 0, 1);     // assumption
  o.councils.issue_threshold = c.number_or("issue_threshold", 20, 0, 1e6);  // assumption

  // Resource types: capacity, providers, yen, and who must sit on a council to develop one.
  // Salons: 145,641 通いの場 for ~125 m residents, most with 1-20 participants (FY2022, MHLW);
  // 地域子育て支援拠点 ~7,900 sites. Costs and other densities are assumptions.
  struct Default {
    ResourceType type;
    int capacity, providers;
    double running, startup, per_1000;
    std::vector<std::vector<MemberCategory>> requires_any_of;
  };
  const Default defaults[] = {
      {salon,
       20,
       2,
       200'000,
       100'000,
       1.17,
       {{neighbourhood_association, elderly_club, shakyo, volunteers}}},
      {watching_over, 30, 2, 100'000, 50'000, 0.2, {{companies_shops, minsei_iin}}},
      {mobility_help, 15, 3, 600'000, 300'000, 0.05, {{transport, volunteers, silver_centre}}},
      {housework_help, 15, 3, 300'000, 100'000, 0.1, {{silver_centre, volunteers, npo}}},
      {meal_delivery, 30, 3, 800'000, 300'000, 0.05, {{cooperatives, welfare_corporations, npo}}},
      {child_hub, 20, 2, 1'000'000, 500'000, 0.064, {{npo, shakyo, children_counter_member}}},
      {work_experience,
       5,
       1,
       500'000,
       200'000,
       0.02,
       {{companies_shops, welfare_corporations, silver_centre}}},
      {ibasho, 15, 2, 400'000, 200'000, 0.05, {{npo, shakyo, volunteers}}},
      {cafe_treasure, 10, 0, 20'000, 10'000, 0.0, {}},
  };
  const ConfigReader res = r.section_or_empty("resources");
  for (const Default& d : defaults) {
    const ConfigReader t = res.section_or_empty(to_string(d.type));
    ResourceTypeConfig& rc = o.resources[d.type];
    rc.capacity = static_cast<int>(t.integer_or("capacity", d.capacity, 1, 100000));
    rc.min_providers = static_cast<int>(t.integer_or("min_providers", d.providers, 0, 1000));
    rc.running_cost = t.number_or("running_cost", d.running, 0, 1e12);  // [yen / year]
    rc.startup_cost = t.number_or("startup_cost", d.startup, 0, 1e12);  // [yen]
    rc.per_1000_at_start = t.number_or("per_1000_at_start", d.per_1000, 0, 1000);
    rc.requires_any_of = d.requires_any_of;
    if (const sim::ConfigNode* node = t.raw("requires_any_of");
        node && node->kind == sim::ConfigNode::Kind::sequence) {
      rc.requires_any_of.clear();
      for (std::size_t g = 0; g < node->items.size(); ++g) {
        sim::KeyTracker scratch;
        sim::ConfigNode wrap(sim::ConfigNode::Kind::mapping, node->where);
        wrap.key_where = {};
        wrap.pairs.emplace_back("group", node->items[g]);
        rc.requires_any_of.push_back(
            categories(sim::ConfigReader(
                           wrap, t.path_of("requires_any_of") + "." + std::to_string(g), scratch),
                       "group", {}));
      }
    }
  }
  o.candidate_places_per_1000 =
      r.number_or("candidate_places_per_1000", 2.0, 0, 1000);                   // assumption
  o.provider_leave_rate = rate(r, "provider_leave_rate", 0.15);                 // assumption
  o.providers_per_1000_65 = r.number_or("providers_per_1000_65", 20, 0, 1000);  // assumption
  o.participant_leave_rate = rate(r, "participant_leave_rate", 0.3);            // assumption
  o.strength_decay = rate(r, "strength_decay", 0.2);                            // assumption
  o.treasure_close_rate = rate(r, "treasure_close_rate", 0.05);                 // assumption
  return o;
}

FiscalConfig read_fiscal(const ConfigReader& r) {
  FiscalConfig o;
  const auto yen = [&](std::string_view key, double fallback) {
    return r.number_or(key, fallback, 0, 1e13);
  };
  o.counter_staff_cost = yen("counter_staff_cost", 5'500'000);    // assumption: salary and overhead
  o.outreach_staff_cost = yen("outreach_staff_cost", 5'500'000);  // assumption
  o.collaboration_staff_cost = yen("collaboration_staff_cost", 6'000'000);  // assumption
  // SC posts funded at the standard amounts (the seed: 8,000千円 per municipality, 4,000千円
  // per daily-life area), one SC each: an assumption that municipalities budget to the grant.
  o.sc_cost_layer1 = yen("sc_cost_layer1", 8'000'000);
  o.sc_cost_layer2 = yen("sc_cost_layer2", 4'000'000);
  o.sc_standard_layer1 = yen("sc_standard_layer1", 8'000'000);            // the seed
  o.sc_standard_layer2 = yen("sc_standard_layer2", 4'000'000);            // the seed
  o.council_meeting_cost = yen("council_meeting_cost", 30'000);           // assumption
  o.participation_place_cost = yen("participation_place_cost", 300'000);  // assumption
  o.program_place_cost = yen("program_place_cost", 300'000);              // assumption
  o.prefectural_backup_cost = yen("prefectural_backup_cost", 1'000'000);  // assumption
  // Monthly benefits by level, calibrated so that FY2022's certified population (要支援1 0.97 m,
  // 2 0.95 m, 要介護1 1.45 m, 2 1.17 m, 3 0.93 m, 4 0.90 m, 5 0.59 m) at care_use_rate gives
  // ¥10.51 tn, ¥278k per first-category insured (介護保険事業状況報告 FY2022).
  const double monthly[7] = {18'000, 30'000, 109'000, 145'000, 230'000, 278'000, 327'000};
  const char* keys[7] = {"care_support1", "care_support2", "care_care1", "care_care2",
                         "care_care3",    "care_care4",    "care_care5"};
  const ConfigReader care = r.section_or_empty("care_monthly");
  for (int k = 0; k < 7; ++k) o.care_monthly[k] = care.number_or(keys[k], monthly[k], 0, 1e8);
  o.care_use_rate = unit(r, "care_use_rate", 0.85);  // assumption: recipients over certified
  o.admin_wage_per_hour = yen("admin_wage_per_hour", 3'000);  // assumption
  return o;
}

ConsultationConfig read_consultation(const ConfigReader& r) {
  ConsultationConfig o;
  // Which condition changes bring a need to a counter: assumptions.
  const ConfigReader e = r.section_or_empty("episodes");
  o.episodes.care_onset = unit(e, "care_onset", 0.5);
  o.episodes.care_worsening = unit(e, "care_worsening", 0.3);
  o.episodes.disability_onset = unit(e, "disability_onset", 0.5);
  o.episodes.hardship_onset = unit(e, "hardship_onset", 0.8);
  o.episodes.withdrawal_onset = unit(e, "withdrawal_onset", 0.7);
  o.episodes.birth = unit(e, "birth", 0.3);
  o.episodes.heavy_burden = unit(e, "heavy_burden", 0.4);
  o.episodes.isolation_alone = unit(e, "isolation_alone", 0.5);
  o.episodes.initial_pending = unit(e, "initial_pending", 0.25);
  // Discovery: assumptions, shaped by the seed's point that isolated and withdrawn people do
  // not come in and that 民生委員 and neighbours notice.
  const ConfigReader d = r.section_or_empty("discovery");
  o.discovery.self_seek_rate = rate(d, "self_seek_rate", 1.5);
  o.discovery.gap_stigma = factor(d, "gap_stigma", 0.3);
  o.discovery.helped_tie_bonus = factor(d, "helped_tie_bonus", 0.25);
  o.discovery.neighbour_notice_rate = rate(d, "neighbour_notice_rate", 0.2);
  o.discovery.minsei_notice_elderly = rate(d, "minsei_notice_elderly", 0.4);
  o.discovery.minsei_notice_other = rate(d, "minsei_notice_other", 0.1);
  o.discovery.outreach_trust_days = d.number_or("outreach_trust_days", 90, 1, 3650);
  o.discovery.outreach_caseload = static_cast<int>(d.integer_or("outreach_caseload", 15, 1, 1000));
  const ConfigReader f = r.section_or_empty("referral");
  o.referral.loss_probability = unit(f, "loss_probability", 0.30);  // assumption (たらい回し)
  o.referral.loss_growth = factor(f, "loss_growth", 1.5);           // assumption
  // Casework: assumptions on hours and durations.
  const ConfigReader c = r.section_or_empty("cases");
  o.cases.hours_per_fte_month = c.number_or("hours_per_fte_month", 120, 1, 744);
  o.cases.hours_single_month = c.number_or("hours_single_month", 3, 0.01, 744);
  o.cases.hours_compound_month = c.number_or("hours_compound_month", 6, 0.01, 744);
  o.cases.conference_hours = c.number_or("conference_hours", 1.5, 0, 100);
  o.cases.support_days_single = c.number_or("support_days_single", 90, 1, 3650);
  o.cases.support_days_compound = c.number_or("support_days_compound", 180, 1, 3650);
  o.cases.dropout_rate = rate(c, "dropout_rate", 0.5);
  o.cases.relapse_probability = unit(c, "relapse_probability", 0.2);
  o.cases.relapse_per_unsolved = factor(c, "relapse_per_unsolved", 1.0);
  o.cases.allocation_hours_per_case = c.number_or("allocation_hours_per_case", 1.0, 0, 100);
  o.cases.participation_days = c.number_or("participation_days", 365, 1, 3650);
  return o;
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

sim::ModelDescription TownModelLoader::description() const {
  sim::ModelDescription d;
  d.regions_key = "municipalities";
  d.size_metric = "population";
  d.per_resident_funder = "municipal";
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
