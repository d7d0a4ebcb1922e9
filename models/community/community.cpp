#include "community/community.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "kyosei/sim/growth.hpp"
#include "support/consultation.hpp"

namespace kyosei::models {

const char* to_string(ResourceType type) {
  static const char* names[] = {"salon",           "watching_over", "mobility_help",
                                "housework_help",  "meal_delivery", "child_hub",
                                "work_experience", "ibasho",        "cafe_treasure"};
  return type < resource_types ? names[type] : "";
}

const char* to_string(MemberCategory category) {
  static const char* names[] = {"shakyo",
                                "houkatsu",
                                "minsei_iin",
                                "neighbourhood_association",
                                "npo",
                                "volunteers",
                                "elderly_club",
                                "silver_centre",
                                "companies_shops",
                                "cooperatives",
                                "welfare_corporations",
                                "medical_care",
                                "police_fire",
                                "transport",
                                "disability_counter",
                                "children_counter",
                                "livelihood_counter"};
  return category < member_categories ? names[category] : "";
}

const char* to_string(Activity activity) {
  static const char* names[] = {
      "needs_assessment",      "information_sharing",   "resource_inventory",
      "resource_development",  "provider_training",     "matching",
      "provider_coordination", "company_collaboration", "care_meetings"};
  return activity < activities ? names[activity] : "";
}

namespace {

constexpr std::uint32_t none = Residents::none;

std::uint64_t poisson_of(sim::Stream& draw, double mean) {
  return mean > 0 ? draw.poisson(mean) : 0;
}

}  // namespace

CommunitySystem::CommunitySystem(Town& town, const TownConfig& config, const TownRegions& regions,
                                 const CommunityMetrics& ids, Organisations& organisations,
                                 ConsultationSystem& consultation, const sim::StreamKey& key,
                                 Redraw redraw, Meet meet)
    : town_(town),
      config_(config),
      c_(config.community),
      ids_(ids),
      orgs_(organisations),
      consultation_(consultation),
      key_(key),
      redraw_(std::move(redraw)),
      meet_(std::move(meet)) {
  areas_of_.resize(config.municipalities.size());
  for (std::size_t m = 0; m < config.municipalities.size(); ++m) {
    const MunicipalityConfig& mc = config.municipalities[m];
    layer1_.push_back(0);  // take_up_posts() fills in the posts
    layer1_vertices_.emplace_back();
    layer1_council_.push_back(none);
    meetings_.push_back(0);
    municipality_region_.push_back(regions.municipality_region[m]);
    for (std::size_t a = 0; a < mc.areas.size(); ++a) {
      Area area;
      area.region = regions.area_region[m][a];
      area.municipality = static_cast<std::uint16_t>(m);
      area.share = mc.areas[a].share;
      area.project.fill(-1.0);
      areas_of_[m].push_back(areas_.size());
      if (area_of_region_.size() <= static_cast<std::size_t>(area.region))
        area_of_region_.resize(static_cast<std::size_t>(area.region) + 1, 0);
      area_of_region_[static_cast<std::size_t>(area.region)] = areas_.size();
      areas_.push_back(std::move(area));
    }
  }
}

std::size_t CommunitySystem::area_index(int region) const {
  return area_of_region_[static_cast<std::size_t>(region)];
}

// Coordinators and councils join the organisation graph: SCs attend the 包括's 地域ケア会議;
// councils link their member agencies, the area's SC and its 民生委員.
void CommunitySystem::take_up_posts() {
  for (std::size_t m = 0; m < areas_of_.size(); ++m) {
    const MunicipalityConfig& mc = config_.municipalities[m];
    const std::uint32_t houkatsu = orgs_.counters[m][Domain::elderly];
    const int region = municipality_region_[m];
    layer1_[m] = mc.sc_layer1;
    std::vector<std::uint32_t>& layer1 = layer1_vertices_[m];
    while (static_cast<int>(layer1.size()) < layer1_[m]) {
      layer1.push_back(static_cast<std::uint32_t>(
          add_vertex(OrgNode{OrgKind::coordinator,
                             mc.name + "/SC1-" + std::to_string(layer1.size() + 1), region},
                     orgs_.graph)));
      add_edge(layer1.back(), houkatsu, OrgLink{"care_meeting", 0.3}, orgs_.graph);
      if (layer1_council_[m] != none)
        add_edge(layer1_council_[m], layer1.back(), OrgLink{"member", 0.5}, orgs_.graph);
    }
    if (mc.council_layer1 && layer1_council_[m] == none) {
      const auto council = static_cast<std::uint32_t>(
          add_vertex(OrgNode{OrgKind::council, mc.name + "/協議体", region}, orgs_.graph));
      layer1_council_[m] = council;
      for (std::uint32_t sc : layer1) add_edge(council, sc, OrgLink{"member", 0.5}, orgs_.graph);
      for (std::uint32_t counter : orgs_.counters[m])
        add_edge(council, counter, OrgLink{"member", 0.5}, orgs_.graph);
    }
    for (std::size_t a : areas_of_[m]) {
      Area& area = areas_[a];
      area.coordinators = mc.sc_layer2_per_area;
      area.council = mc.council_layer2;
      while (static_cast<int>(area.sc_vertices.size()) < area.coordinators) {
        const auto sc = static_cast<std::uint32_t>(
            add_vertex(OrgNode{OrgKind::coordinator, "SC2", area.region}, orgs_.graph));
        add_edge(sc, houkatsu, OrgLink{"care_meeting", 0.3}, orgs_.graph);
        area.sc_vertices.push_back(sc);
        if (area.sc_vertex == none) {
          area.sc_vertex = sc;
          if (area.council_vertex != none)
            add_edge(area.council_vertex, sc, OrgLink{"member", 0.5}, orgs_.graph);
        }
      }
      if (area.council && area.council_vertex == none) {
        area.council_vertex = static_cast<std::uint32_t>(
            add_vertex(OrgNode{OrgKind::council, "協議体", area.region}, orgs_.graph));
        if (area.sc_vertex != none)
          add_edge(area.council_vertex, area.sc_vertex, OrgLink{"member", 0.5}, orgs_.graph);
        add_edge(area.council_vertex, houkatsu, OrgLink{"member", 0.5}, orgs_.graph);
      }
    }
  }
  for (std::size_t n = 0; n < town_.neighbourhoods.size(); ++n) {  // 民生委員 sit on councils
    const std::size_t a = area_index(town_.neighbourhoods.area[n]);
    const std::uint32_t v = orgs_.minsei_of_neighbourhood[n];
    if (areas_[a].council_vertex != none && !edge(areas_[a].council_vertex, v, orgs_.graph).second)
      add_edge(areas_[a].council_vertex, v, OrgLink{"member", 0.5}, orgs_.graph);
  }
}

void CommunitySystem::refresh_candidates() {
  const Residents& r = town_.residents;
  const std::vector<std::size_t>& area_of_region = area_of_region_;
  // Counted first, so that each list holds what it needs and no more (a year's lists are a
  // few bytes per resident, kept all year).
  std::vector<std::array<std::size_t, 3>> sizes(areas_.size(), {0, 0, 0});
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    auto& n = sizes[area_of_region[static_cast<std::size_t>(town_.area_of(i))]];
    n[0] += r.age[i] >= 60 && r.care[i] < care1 + 2;
    n[1] += r.age[i] >= 15 && r.age[i] < 60;
  }
  for (std::uint32_t h = 0; h < town_.households.size(); ++h)
    if (town_.households.members[h] > 0 &&
        static_cast<HouseholdType>(town_.households.type[h]) != HouseholdType::facility)
      ++sizes[area_of_region[static_cast<std::size_t>(town_.household_area(h))]][2];
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    Area& area = areas_[a];
    for (auto [list, n] : {std::pair{&area.elders, sizes[a][0]},
                           {&area.younger, sizes[a][1]},
                           {&area.households, sizes[a][2]}}) {
      list->clear();
      if (list->capacity() > n + n / 8 + 16) list->shrink_to_fit();
      list->reserve(n);
    }
  }
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    Area& area = areas_[area_of_region[static_cast<std::size_t>(town_.area_of(i))]];
    if (r.age[i] >= 60 && r.care[i] < care1 + 2) area.elders.push_back(i);
    if (r.age[i] >= 15 && r.age[i] < 60) area.younger.push_back(i);
  }
  for (std::uint32_t h = 0; h < town_.households.size(); ++h)
    if (town_.households.members[h] > 0 &&
        static_cast<HouseholdType>(town_.households.type[h]) != HouseholdType::facility)
      areas_[area_of_region[static_cast<std::size_t>(town_.household_area(h))]]
          .households.push_back(h);
  sim::grow_to(resource_of_, r.size(), none);
}

void CommunitySystem::start(int day) {
  refresh_candidates();
  for (Area& area : areas_) area.elders_at_start = area.elders.size();
  take_up_posts();
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    Area& area = areas_[a];
    sim::Stream draw(key_, a, static_cast<std::uint64_t>(day), purpose_community);
    const double people = static_cast<double>(area.households.size()) * 2.1;  // [persons], about
    area.candidate_places =
        static_cast<int>(poisson_of(draw, c_.candidate_places_per_1000 * people / 1000.0));
    // Providers trained before the start, then the resources that existed.
    const double elders65 = static_cast<double>(area.elders.size());
    const auto trained =
        static_cast<std::size_t>(std::lround(c_.providers_per_1000_65 * elders65 / 1000.0));
    for (std::size_t k = 0; k < trained * 4 && area.pool.size() < trained && !area.elders.empty();
         ++k) {
      const std::uint32_t i = area.elders[draw.below(area.elders.size())];
      if (can_provide(i) && std::find(area.pool.begin(), area.pool.end(), i) == area.pool.end())
        area.pool.push_back(i);
    }
    for (std::uint8_t t = 0; t < resource_types; ++t) {
      const auto type = static_cast<ResourceType>(t);
      const auto n = poisson_of(draw, c_.resources[t].per_1000_at_start * people / 1000.0);
      for (std::uint64_t k = 0; k < n; ++k) {
        const std::uint32_t r = create(a, type, false, day, nullptr);
        if (r == none) continue;
        // Regulars at the start: salons and the like as full as their capacity allows.
        for (int s = 0;
             s < c_.resources[t].capacity * 3 &&
             resources_[r].participants.size() < static_cast<std::size_t>(c_.resources[t].capacity);
             ++s) {
          if (area.elders.empty()) break;
          const std::uint32_t i = area.elders[draw.below(area.elders.size())];
          if (wanted_by(i) == type || type == salon) join(i, r, day);
        }
      }
    }
  }
}

void CommunitySystem::strengthen(std::uint32_t a, std::uint32_t b, double gain) {
  const auto [e, found] = edge(a, b, orgs_.graph);
  if (!found) {
    add_edge(a, b, OrgLink{"referral", std::min(1.0, 0.3 + gain)}, orgs_.graph);
    return;
  }
  double& s = orgs_.graph[e].strength;
  s = std::min(1.0, s + gain * (1.0 - s));
}

bool CommunitySystem::feasible(ResourceType type) const {
  for (const auto& group : c_.resources[type].requires_any_of) {
    bool met = false;
    for (MemberCategory needed : group)
      met |= std::find(c_.councils.members.begin(), c_.councils.members.end(), needed) !=
             c_.councils.members.end();
    if (!met) return false;
  }
  return !c_.resources[type].requires_any_of.empty();  // found, not developed: treasures
}

void CommunitySystem::work(std::size_t a, double hours, int day, sim::MetricRecorder& recorder) {
  Area& area = areas_[a];
  const CoordinatorConfig& sc = c_.coordinators;
  if (hours <= 0) return;
  recorder.add(ids_.sc_hours, area.region, hours);
  const auto share = [&](Activity activity) { return hours * sc.activity_share[activity]; };
  sim::Stream draw(key_, a, static_cast<std::uint64_t>(day), purpose_coordinator);

  // Needs assessment: visit households; bring hidden needs to a counter and pool what
  // residents would use into the area's demand.
  const auto visits = poisson_of(draw, share(needs_assessment) / sc.assessment_hours_per_household);
  for (std::uint64_t v = 0; v < visits && !area.households.empty(); ++v) {
    const std::uint32_t h = area.households[draw.below(area.households.size())];
    if (town_.households.members[h] == 0) continue;
    if (consultation_.coordinator_visit(h, day, recorder))
      recorder.add(ids_.sc_referrals, area.region, 1);
    town_.for_each_member(h, [&](std::uint32_t i) {
      const Residents& r = town_.residents;
      if (r.has(i, participating)) return;
      if (r.age[i] >= 65)
        area.demand[wanted_by(i)] += 1;
      else if (r.age[i] < 6)
        area.demand[child_hub] += 1;
      else if (r.withdrawal[i] != withdrawal_none)
        area.demand[ibasho] += 1;
      else if (r.has(i, hardship))
        area.demand[work_experience] += 1;
    });
  }
  // Information sharing and 地域ケア会議: the counters come to know each other and the SC.
  const double gain = sc.strength_per_hour * (share(information_sharing) + share(care_meetings));
  const auto& counters = orgs_.counters[area.municipality];
  for_each_domain_pair([&](Domain x, Domain y) { strengthen(counters[x], counters[y], gain); });
  // Company collaboration brings shops and companies into view as candidate places.
  area.candidate_places += static_cast<int>(
      poisson_of(draw, share(company_collaboration) / (2.0 * sc.inventory_hours_per_find)));
  // Resource inventory: finding existing places to re-use, only where candidates remain.
  const auto finds = poisson_of(draw, share(resource_inventory) / sc.inventory_hours_per_find);
  for (std::uint64_t f = 0; f < finds && area.candidate_places > 0; ++f) {
    --area.candidate_places;
    create(a, cafe_treasure, true, day, &recorder);
  }
  // Provider training: active elders become providers (担い手).
  const auto sessions = poisson_of(draw, share(provider_training) / sc.training_hours_per_session);
  for (std::uint64_t s = 0;
       s < sessions * static_cast<std::uint64_t>(sc.trainees_per_session) && !area.elders.empty();
       ++s) {
    const std::uint32_t i = area.elders[draw.below(area.elders.size())];
    if (!can_provide(i) || !draw.bernoulli(sc.trainee_uptake)) continue;
    if (std::find(area.pool.begin(), area.pool.end(), i) != area.pool.end()) continue;
    area.pool.push_back(i);
    recorder.add(ids_.providers_trained, area.region, 1);
  }
  // Resource development: projects the councils started advance; one is created when its
  // hours are done and providers are there to run it.
  int projects = 0;
  for (double p : area.project) projects += p >= 0;
  for (std::uint8_t t = 0; t < resource_types && projects > 0; ++t) {
    if (area.project[t] < 0) continue;
    area.project[t] += share(resource_development) / projects;
    if (area.project[t] >= sc.development_hours &&
        create(a, static_cast<ResourceType>(t), false, day, &recorder) != none)
      area.project[t] = -1;
  }
  // Matching: residents to resources with room; unmet wishes pool into demand.
  const auto tries = poisson_of(draw, share(matching) / sc.matching_hours_per_match);
  std::erase_if(area.resources, [&](std::uint32_t r) { return !resources_[r].active; });
  const std::vector<std::uint32_t>& here = area.resources;
  // Under 重層 the multi-field platform joins the four fields' community programs: coordinators
  // match residents of every age, not only elders (生活支援体制整備's own).
  const bool platform = consultation_.mode_on(area.municipality, day) == PolicyMode::jusou;
  const std::size_t pool = area.elders.size() + (platform ? area.younger.size() : 0);
  for (std::uint64_t k = 0; k < tries && pool > 0; ++k) {
    const std::uint64_t pick = draw.below(pool);
    const std::uint32_t i =
        pick < area.elders.size() ? area.elders[pick] : area.younger[pick - area.elders.size()];
    if (!town_.residents.has(i, alive) || town_.residents.has(i, participating)) continue;
    const ResourceType want = wanted_by(i);
    if (want == resource_types) continue;  // nothing this resident would come to
    bool matched = false;
    for (std::uint32_t r : here)
      if ((resources_[r].type == want || (want == salon && resources_[r].type == cafe_treasure)) &&
          join(i, r, day)) {
        matched = true;
        break;
      }
    if (matched)
      recorder.add(ids_.matches, area.region, 1);
    else
      area.demand[want] += 1;
  }
}

void CommunitySystem::meet(std::size_t a, bool layer1, sim::MetricRecorder& recorder) {
  Area& area = areas_[a];
  ++meetings_[area.municipality];
  recorder.add(ids_.council_meetings,
               layer1 ? municipality_region_[area.municipality] : area.region, 1);
  // Information sharing among member agencies strengthens their referral links.
  std::vector<std::uint32_t> agencies;
  const auto& counters = orgs_.counters[area.municipality];
  for (MemberCategory m : c_.councils.members) {
    if (m == houkatsu) agencies.push_back(counters[Domain::elderly]);
    if (m == disability_counter_member) agencies.push_back(counters[Domain::disability]);
    if (m == children_counter_member) agencies.push_back(counters[Domain::children]);
    if (m == livelihood_counter_member || m == shakyo)
      agencies.push_back(counters[Domain::livelihood]);
  }
  std::sort(agencies.begin(), agencies.end());
  agencies.erase(std::unique(agencies.begin(), agencies.end()), agencies.end());
  for (std::size_t x = 0; x < agencies.size(); ++x)
    for (std::size_t y = x + 1; y < agencies.size(); ++y)
      strengthen(agencies[x], agencies[y], c_.councils.strength_gain);
  // Pooled needs become regional issues; feasible ones become development projects.
  const std::vector<std::size_t> scope =
      layer1 ? areas_of_[area.municipality] : std::vector<std::size_t>{a};
  for (std::uint8_t t = 0; t < resource_types; ++t) {
    const auto type = static_cast<ResourceType>(t);
    double demand = 0;
    std::size_t most = scope.front();
    for (std::size_t s : scope) {
      demand += areas_[s].demand[t];
      if (areas_[s].demand[t] > areas_[most].demand[t]) most = s;
    }
    if (demand < c_.councils.issue_threshold || !feasible(type) || areas_[most].project[t] >= 0)
      continue;
    areas_[most].project[t] = 0;
    for (std::size_t s : scope) areas_[s].demand[t] = 0;
    recorder.add(ids_.projects_started, areas_[most].region, 1);
  }
}

void CommunitySystem::month(int day, sim::MetricRecorder& recorder) {
  churn(day, recorder);
  // Links between counters fade back towards how well strangers refer (0.5) unless renewed.
  const double keep = std::exp(-c_.strength_decay / 12.0);
  for (const auto& counters : orgs_.counters)
    for_each_domain_pair([&](Domain x, Domain y) {
      const auto [e, found] = edge(counters[x], counters[y], orgs_.graph);
      if (found) orgs_.graph[e].strength = 0.5 + (orgs_.graph[e].strength - 0.5) * keep;
    });
  const CoordinatorConfig& sc = c_.coordinators;
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    const double layer1_hours =
        layer1_[areas_[a].municipality] * sc.hours_per_month * areas_[a].share;
    work(a, areas_[a].coordinators * sc.hours_per_month + layer1_hours, day, recorder);
  }
  // Councils meet `meetings_per_year` times, spread over the months.
  const int per_year = c_.councils.meetings_per_year;
  const bool due = per_year > 0 && (month_ + 1) * per_year / 12 > month_ * per_year / 12;
  if (due) {
    for (std::size_t a = 0; a < areas_.size(); ++a)
      if (areas_[a].council) meet(a, false, recorder);
    for (std::size_t m = 0; m < areas_of_.size(); ++m)
      if (config_.municipalities[m].council_layer1 && !areas_of_[m].empty())
        meet(areas_of_[m].front(), true, recorder);
  }
  ++month_;
}

void CommunitySystem::observe(sim::MetricRecorder& recorder) const {
  for (const Resource& res : resources_) {
    if (!res.active) continue;
    const int region = areas_[res.area].region;
    recorder.add(ids_.resources_active, region, 1);
    recorder.add(ids_.active_by_type[res.type], region, 1);
    recorder.add(ids_.providers, region, static_cast<double>(res.providers.size()));
    recorder.add(ids_.participants_by_type[res.type], region,
                 static_cast<double>(res.participants.size()));
    if (res.type == salon)
      for (std::uint32_t i : res.participants)
        recorder.add(ids_.salon_participants_65, region, town_.residents.age[i] >= 65);
  }
  for (const Area& area : areas_)
    recorder.add(ids_.providers, area.region, static_cast<double>(area.pool.size()));
}

}  // namespace kyosei::models
