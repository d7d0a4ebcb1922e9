#pragma once
// The organisation graph: consultation counters and 民生委員 (later also coordinators,
// councils and resources) on an adjacency list whose edges (referral links with a
// strength) change as the model runs. Households join it through their neighbourhood's
// 民生委員 (an array, not vertices: a nation has some fifty million households).

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/range/iterator_range.hpp>

#include "kyosei/models/domain.hpp"
#include "kyosei/sim/graph.hpp"
#include "population/population.hpp"

namespace kyosei::models {

// The consultation counter of each attribute (属性) in the siloed system, e.g.
// 地域包括支援センター.
const char* counter_name(Domain domain);

enum class OrgKind : std::uint8_t { agency, minsei_iin, coordinator, council, resource };
const char* to_string(OrgKind kind);

struct OrgNode {
  OrgKind kind = OrgKind::agency;
  std::string name;
  std::int32_t region = 0;  // municipality (agencies) or daily-life area (民生委員)
  template <class A>
  void archive(A& a) {
    a(kind, name, region);
  }
};

struct OrgLink {
  std::string kind;       // "referral"
  double strength = 0.0;  // [0, 1] how well the two know each other
  template <class A>
  void archive(A& a) {
    a(kind, strength);
  }
};

using OrgGraph = sim::DynamicGraph<OrgNode, OrgLink>;

struct Organisations {
  OrgGraph graph;
  std::size_t count(OrgKind kind) const;
  std::vector<PerDomain<std::uint32_t>> counters;      // [municipality][domain] -> vertex
  std::vector<std::uint32_t> minsei_of_neighbourhood;  // [neighbourhood] -> vertex

  // The graph as its vertices and its edges in insertion order: re-adding them in that order
  // gives every vertex the same neighbour order, which referrals walk.
  template <class A>
  void archive(A& a) {
    std::vector<OrgNode> nodes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    std::vector<OrgLink> links;
    if constexpr (!A::loading) {
      for (const auto v : boost::make_iterator_range(vertices(graph))) nodes.push_back(graph[v]);
      for (const auto e : boost::make_iterator_range(edges(graph))) {
        ends.emplace_back(static_cast<std::uint32_t>(source(e, graph)),
                          static_cast<std::uint32_t>(target(e, graph)));
        links.push_back(graph[e]);
      }
    }
    a(nodes, ends, links, counters, minsei_of_neighbourhood);
    if constexpr (A::loading) {
      graph = OrgGraph(nodes.size());
      for (std::size_t v = 0; v < nodes.size(); ++v) graph[v] = std::move(nodes[v]);
      for (std::size_t k = 0; k < ends.size(); ++k)
        add_edge(ends[k].first, ends[k].second, std::move(links[k]), graph);
    }
  }
};

// Counters of each municipality refer to each other (strength `referral_strength`); each
// 民生委員 has a round of about `minsei_round_town` or `minsei_round_city` households (whole
// neighbourhoods of one daily-life area) and refers to the municipality's 地域包括支援センター.
Organisations build_organisations(const Town& town, const TownConfig& config,
                                  const TownRegions& regions);
// Shares each area's households among its 民生委員 again (at the start, and at each 一斉改選,
// every `minsei_term_years`): posts follow the households there now.
void allot_minsei_rounds(Organisations& o, const Town& town, const TownConfig& config);

}  // namespace kyosei::models
