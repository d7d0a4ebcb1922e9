#include "community/organisations.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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

// 民生委員 rounds: each daily-life area gets as many posts as its households fill rounds of
// the municipality's size (a town's or a city's), at least one, and its neighbourhoods, in
// order, are shared among them by households, so that rounds are even. Posts the area had
// are kept (in order) and those it no longer needs stay vacant; more are added if needed.
void allot_minsei_rounds(Organisations& o, const Town& town, const TownConfig& config) {
  const Neighbourhoods& nb = town.neighbourhoods;
  std::vector<std::uint32_t> households(nb.size(), 0);
  for (std::uint32_t h = 0; h < town.households.size(); ++h)
    if (town.households.members[h] > 0 &&
        static_cast<HouseholdType>(town.households.type[h]) != HouseholdType::facility)
      ++households[town.households.neighbourhood[h]];
  std::map<std::int32_t, std::vector<std::uint32_t>> of_area, posts_of;  // area -> ...
  for (std::uint32_t n = 0; n < nb.size(); ++n) of_area[nb.area[n]].push_back(n);
  for (auto v : boost::make_iterator_range(vertices(o.graph)))
    if (o.graph[v].kind == OrgKind::minsei_iin)
      posts_of[o.graph[v].region].push_back(static_cast<std::uint32_t>(v));
  o.minsei_of_neighbourhood.resize(nb.size());
  for (const auto& [area, members] : of_area) {
    const std::uint16_t m = nb.municipality[members.front()];
    const double round = config.municipalities[m].town ? config.ties.minsei_round_town
                                                       : config.ties.minsei_round_city;
    double total = 0;
    for (const std::uint32_t n : members) total += households[n];
    const auto posts = static_cast<std::size_t>(std::max(1.0, std::round(total / round)));
    std::vector<std::uint32_t>& post = posts_of[area];
    while (post.size() < posts) {
      const auto v =
          static_cast<std::uint32_t>(add_vertex(OrgNode{OrgKind::minsei_iin, "", area}, o.graph));
      add_edge(v, o.counters[m][Domain::elderly], OrgLink{"referral", 0.5}, o.graph);
      post.push_back(v);
    }
    double before = 0;  // households of the area's earlier neighbourhoods
    for (const std::uint32_t n : members) {
      const double middle = total > 0 ? (before + households[n] / 2.0) / total : 0;
      o.minsei_of_neighbourhood[n] =
          post[std::min(posts - 1, static_cast<std::size_t>(middle * static_cast<double>(posts)))];
      before += households[n];
    }
  }
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

  allot_minsei_rounds(o, town, config);
  return o;
}

}  // namespace kyosei::models
