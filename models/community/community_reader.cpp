#include "town/config_reading.hpp"

#include <string>
#include <vector>

#include "kyosei/sim/errors.hpp"

namespace kyosei::models {

using sim::ConfigReader;

namespace {

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

}  // namespace

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
    // Salons are resident-run (通いの場: 住民主体): regulars bring friends and neighbours,
    // and a regular takes over when a helper stops (provider_recruitment: assumption; without
    // coordinators salons then thin out by about 7% a year instead of folding within three).
    const bool resident_run = d.type == salon;
    // Calibrated (calibration/baseline_result.yaml) to salon participation of people 65+
    // (6.2%, FY2022) within the range that keeps it from drifting as the town ages.
    rc.recruitment = t.number_or("recruitment", resident_run ? 0.4457 : 0.0, 0, 100);
    rc.provider_recruitment = t.number_or("provider_recruitment", resident_run ? 1.0 : 0.0, 0, 100);
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

}  // namespace kyosei::models
