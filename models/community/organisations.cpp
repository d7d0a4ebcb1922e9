#include "community/organisations.hpp"

namespace kyosei::models {

const char* counter_name(Domain domain) {
  switch (domain) {
    case Domain::elderly:
      return "地域包括支援センター";
    case Domain::disability:
      return "基幹相談支援センター";
    case Domain::children:
      return "利用者支援事業";
    case Domain::livelihood:
      return "自立相談支援機関";
  }
  return "";
}

const char* to_string(OrgKind kind) {
  switch (kind) {
    case OrgKind::agency:
      return "agency";
    case OrgKind::minsei_iin:
      return "minsei_iin";
    case OrgKind::coordinator:
      return "coordinator";
    case OrgKind::council:
      return "council";
    case OrgKind::resource:
      return "resource";
  }
  return "";
}

std::size_t Organisations::count(OrgKind kind) const {
  std::size_t n = 0;
  for (auto v : boost::make_iterator_range(vertices(graph))) n += graph[v].kind == kind;
  return n;
}

Organisations build_organisations(const Town& town, const TownConfig& config,
                                  const TownRegions& regions) {
  Organisations o;
  const std::size_t n_munis = config.municipalities.size();
  o.counters.resize(n_munis);
  for (std::size_t m = 0; m < n_munis; ++m) {
    for (const Domain d : all_domains)
      o.counters[m][d] = static_cast<std::uint32_t>(
          add_vertex(OrgNode{OrgKind::agency, config.municipalities[m].name + "/" + counter_name(d),
                             regions.municipality_region[m]},
                     o.graph));
    for_each_domain_pair([&](Domain a, Domain b) {
      add_edge(o.counters[m][a], o.counters[m][b], OrgLink{"referral", 0.5},
               o.graph);  // assumption
    });
  }

  // Households per neighbourhood at the start, then 民生委員 over consecutive
  // neighbourhoods of an area until each has about `minsei_households`.
  const Neighbourhoods& nb = town.neighbourhoods;
  std::vector<std::uint32_t> households(nb.size(), 0);
  for (std::uint32_t h = 0; h < town.households.size(); ++h)
    if (static_cast<HouseholdType>(town.households.type[h]) != HouseholdType::facility)
      ++households[town.households.neighbourhood[h]];
  o.minsei_of_neighbourhood.resize(nb.size());
  std::uint32_t load = 0;
  std::int32_t area = -1;
  std::uint32_t volunteer = 0;
  for (std::size_t n = 0; n < nb.size(); ++n) {
    if (nb.area[n] != area || load >= static_cast<std::uint32_t>(config.ties.minsei_households)) {
      area = nb.area[n];
      load = 0;
      volunteer =
          static_cast<std::uint32_t>(add_vertex(OrgNode{OrgKind::minsei_iin, "", area}, o.graph));
      add_edge(volunteer, o.counters[nb.municipality[n]][Domain::elderly], OrgLink{"referral", 0.5},
               o.graph);
    }
    o.minsei_of_neighbourhood[n] = volunteer;
    load += households[n];
  }
  return o;
}

}  // namespace kyosei::models
