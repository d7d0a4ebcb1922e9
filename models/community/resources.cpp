// Community resources (part of CommunitySystem): who can provide and what a resident would
// come to, a resource's creation and closing, joining and leaving, and the monthly churn of
// providers and participants; the law that funds each type.
#include <algorithm>
#include <cmath>

#include "community/community.hpp"

namespace kyosei::models {

// Each resource type's funding law: elderly services through 総合事業 (home-care rates),
// child-rearing hubs through 子ども・子育て支援交付金, work experience through 就労準備支援,
// 居場所 through 生活困窮者支援等のための地域づくり事業.
const Shares& community_shares(ResourceType type) {
  switch (type) {
    case child_hub:
      return shares::child_support;
    case work_experience:
      return shares::work_preparation;
    case ibasho:
      return shares::community_livelihood;
    default:
      return shares::home_care;
  }
}

bool CommunitySystem::can_provide(std::uint32_t i) const {
  const Residents& r = town_.residents;
  return r.has(i, alive) && r.age[i] >= 60 && r.age[i] < 85 && r.care[i] == care_none &&
         !r.has(i, isolated) && r.withdrawal[i] == withdrawal_none;
}

// What a resident would come to: help at home for light care needs, watching-over for an
// elder alone, otherwise a salon; under 60 (reached through 重層's multi-field platform), a
// 居場所 for the withdrawn, work experience for those in hardship without work, a child-rearing
// hub for a parent of a child under 6, and nothing for the others (resource_types).
ResourceType CommunitySystem::wanted_by(std::uint32_t i) const {
  const Residents& r = town_.residents;
  if (r.age[i] < 60) {
    if (r.withdrawal[i] != withdrawal_none) return ibasho;
    if (r.has(i, hardship) && !r.has(i, employed)) return work_experience;
    bool young_child = false;
    town_.for_each_member(r.household[i], [&](std::uint32_t m) { young_child |= r.age[m] < 6; });
    return young_child && r.age[i] >= 18 ? child_hub : resource_types;
  }
  if (r.care[i] == support1 || r.care[i] == support2)
    return r.age[i] >= 80 ? mobility_help : housework_help;
  if (town_.households.members[r.household[i]] == 1 && r.age[i] >= 75) return watching_over;
  return salon;
}

std::uint32_t CommunitySystem::create(std::size_t a, ResourceType type, bool treasure, int day,
                                      sim::MetricRecorder* recorder) {
  Area& area = areas_[a];
  const ResourceTypeConfig& rc = c_.resources[type];
  if (area.pool.size() < static_cast<std::size_t>(rc.min_providers)) return Residents::none;
  Resource res{type, static_cast<std::uint32_t>(a), treasure, true, {}, {}};
  res.identity = (std::uint64_t{res.area} << 32) | area.resources.size();
  for (int k = 0; k < rc.min_providers; ++k) {
    res.providers.push_back(area.pool.back());
    area.pool.pop_back();
  }
  const std::uint32_t found_by = area.sc_vertex != Residents::none
                                     ? area.sc_vertex
                                     : orgs_.counters[area.municipality][Domain::elderly];
  res.vertex = static_cast<std::uint32_t>(
      add_vertex(OrgNode{OrgKind::resource, to_string(type), area.region}, orgs_.graph));
  add_edge(res.vertex, found_by, OrgLink{treasure ? "found_by" : "supported_by", 0.5}, orgs_.graph);
  resources_.push_back(std::move(res));
  area.resources.push_back(static_cast<std::uint32_t>(resources_.size() - 1));
  if (recorder) {
    if (fiscal_)
      fiscal_->book(program_community_building, community_shares(type), area.region,
                    rc.startup_cost, day, *recorder);
    recorder->add(ids_.resources_created, area.region, 1);
    if (treasure) recorder->add(ids_.treasures_found, area.region, 1);
  }
  return static_cast<std::uint32_t>(resources_.size() - 1);
}

void CommunitySystem::close(std::uint32_t id, int day, sim::MetricRecorder& recorder) {
  Resource& res = resources_[id];
  res.active = false;
  recorder.add(ids_.resources_closed, areas_[res.area].region, 1);
  for (std::uint32_t i : res.participants) leave(i, day);
  res.participants.clear();
  for (std::uint32_t p : res.providers)  // providers go back to the pool, still trained
    if (placed_at(p, id))
      leave(p, day);  // a placed volunteer's role ends with the salon
    else if (can_provide(p))
      areas_[res.area].pool.push_back(p);
  res.providers.clear();
}

bool CommunitySystem::join(std::uint32_t i, std::uint32_t r, int day) {
  Residents& residents = town_.residents;
  if (residents.has(i, participating) || !residents.has(i, alive)) return false;
  Resource& res = resources_[r];
  if (res.participants.size() >= static_cast<std::size_t>(c_.resources[res.type].capacity))
    return false;
  if (resource_of_.size() <= i) resource_of_.resize(residents.size(), Residents::none);
  res.participants.push_back(i);
  resource_of_[i] = r;
  residents.set(i, participating, true);
  redraw_(i, day);
  return true;
}

void CommunitySystem::leave(std::uint32_t i, int day) {
  resource_of_[i] = Residents::none;
  if (town_.residents.has(i, participating)) {
    town_.residents.set(i, participating, false);
    if (town_.residents.has(i, alive)) redraw_(i, day);
  }
}

template <class Take>
std::uint32_t CommunitySystem::near(std::uint32_t i, Take&& take) {
  const std::size_t home = area_index(town_.area_of(i));
  auto in_area = [&](std::size_t a) {
    for (const std::uint32_t id : areas_[a].resources)
      if (resources_[id].active && take(id)) return id;
    return Residents::none;
  };
  if (const std::uint32_t id = in_area(home); id != Residents::none) return id;
  for (const std::size_t a : areas_of_[areas_[home].municipality])
    if (a != home)
      if (const std::uint32_t id = in_area(a); id != Residents::none) return id;
  return Residents::none;
}

std::uint32_t CommunitySystem::join_near(std::uint32_t i, ResourceType type, int day) {
  return near(i, [&](std::uint32_t id) { return resources_[id].type == type && join(i, id, day); });
}

// A placed volunteer helps while able, isolated or not (the role is the contact), and counts
// as taking part: the effects of participation apply.
std::uint32_t CommunitySystem::help_near(std::uint32_t i, int day) {
  Residents& r = town_.residents;
  if (r.has(i, participating) || !r.has(i, alive)) return Residents::none;
  return near(i, [&](std::uint32_t id) {
    Resource& res = resources_[id];
    const auto spare = static_cast<std::size_t>(c_.resources[res.type].min_providers) + 1;
    if (res.type != salon || res.providers.size() > spare) return false;
    if (resource_of_.size() <= i) resource_of_.resize(r.size(), Residents::none);
    res.providers.push_back(i);
    resource_of_[i] = id;
    r.set(i, participating, true);
    redraw_(i, day);
    return true;
  });
}

bool CommunitySystem::release(std::uint32_t i, std::uint32_t r, int day) {
  if (!placed_at(i, r)) return false;
  std::erase(resources_[r].participants, i);
  std::erase(resources_[r].providers, i);
  leave(i, day);
  return true;
}

// A resident-run resource's month on its own: its regulars bring in others from the area, and
// when it is down to its minimum of helpers (or below), a regular able to help steps up.
void CommunitySystem::sustain(std::uint32_t id, sim::Stream& draw, int day) {
  Resource& res = resources_[id];
  const ResourceTypeConfig& rc = c_.resources[res.type];
  const Area& area = areas_[res.area];
  if (rc.recruitment > 0 && !area.elders.empty()) {
    // Each regular brings in people they know among the area's elders: as many fewer as the
    // elders have become fewer since the start (the rate is calibrated on the start's town).
    const double elders = area.elders_at_start > 0 ? static_cast<double>(area.elders.size()) /
                                                         static_cast<double>(area.elders_at_start)
                                                   : 1.0;
    const double mean =
        static_cast<double>(res.participants.size()) * rc.recruitment * elders / 12.0;
    const std::uint64_t asked = mean > 0 ? draw.poisson(mean) : 0;
    for (std::uint64_t k = 0; k < asked; ++k) {
      const std::uint32_t i = area.elders[draw.below(area.elders.size())];
      if (wanted_by(i) == res.type || res.type == salon) join(i, id, day);
    }
  }
  const auto spare = static_cast<std::size_t>(rc.min_providers) + 1;
  if (rc.provider_recruitment > 0 && res.providers.size() < spare &&
      draw.bernoulli(1.0 - std::exp(-rc.provider_recruitment / 12.0))) {
    const auto helper = std::find_if(res.participants.begin(), res.participants.end(),
                                     [&](std::uint32_t i) { return can_provide(i); });
    if (helper != res.participants.end()) {
      const std::uint32_t i = *helper;
      res.participants.erase(helper);
      leave(i, day);
      res.providers.push_back(i);
    }
  }
}

// People who meet at a place get to know each other: each participant or helper forms ties
// with others there at place_tie_rate a year.
void CommunitySystem::mingle(const Resource& res, int day, sim::MetricRecorder& recorder) {
  const std::size_t n = res.participants.size() + res.providers.size();
  if (n < 2 || !meet_) return;
  const auto member = [&](std::uint64_t k) {
    return k < res.participants.size() ? res.participants[k]
                                       : res.providers[k - res.participants.size()];
  };
  sim::Stream draw(key_, res.identity, static_cast<std::uint64_t>(day), purpose_place_ties);
  const std::uint64_t meetings =
      draw.poisson(static_cast<double>(n) * config_.ties.place_tie_rate / 12.0);
  for (std::uint64_t k = 0; k < meetings; ++k) {
    const std::uint64_t a = draw.below(n), b = draw.below(n - 1);
    meet_(member(a), member(b < a ? b : b + 1), day, recorder);
  }
}

void CommunitySystem::churn(int day, sim::MetricRecorder& recorder) {
  const Residents& r = town_.residents;
  const double tire = 1.0 - std::exp(-c_.provider_leave_rate / 12.0);
  const double drift = 1.0 - std::exp(-c_.participant_leave_rate / 12.0);
  const double shut = 1.0 - std::exp(-c_.treasure_close_rate / 12.0);
  for (std::uint32_t id = 0; id < resources_.size(); ++id) {
    Resource& res = resources_[id];
    if (!res.active) continue;
    sim::Stream draw(key_, res.identity, static_cast<std::uint64_t>(day), purpose_resource);
    Area& area = areas_[res.area];
    std::erase_if(res.providers, [&](std::uint32_t p) {
      const bool volunteer = placed_at(p, id);
      const bool able = volunteer ? r.has(p, alive) && r.care[p] == care_none : can_provide(p);
      const bool gone = !able || draw.bernoulli(tire);
      if (gone && volunteer) leave(p, day);
      return gone;
    });
    const auto needed = static_cast<std::size_t>(c_.resources[res.type].min_providers);
    while (res.providers.size() < needed && !area.pool.empty()) {
      res.providers.push_back(area.pool.back());
      area.pool.pop_back();
    }
    std::erase_if(res.participants, [&](std::uint32_t i) {
      const bool gone = !r.has(i, alive) || r.care[i] >= care1 + 2 || draw.bernoulli(drift);
      if (gone) leave(i, day);
      return gone;
    });
    sustain(id, draw, day);
    mingle(res, day, recorder);
    if (res.providers.size() < needed || (res.treasure && draw.bernoulli(shut)))
      close(id, day, recorder);
  }
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    sim::Stream draw(key_, a, static_cast<std::uint64_t>(day), purpose_provider);
    std::erase_if(areas_[a].pool,
                  [&](std::uint32_t p) { return !can_provide(p) || draw.bernoulli(tire); });
  }
}

}  // namespace kyosei::models
