// GraphML export of the community graph (Boost's write_graphml), for networkx and Gephi:
// residents, households and the organisation graph (the four counters of each
// municipality, 民生委員) as nodes with attribute `kind`; resident ties with kind
// household / neighbour / acquaintance, and member, watched_by and referral edges.
#include <boost/graph/graphml.hpp>
#include <fstream>

#include "community/organisations.hpp"
#include "kyosei/sim/errors.hpp"
#include "town/town_model.hpp"

namespace kyosei::models {

namespace {

struct Node {
  std::string kind;
  std::string name;
};
struct Edge {
  std::string kind;
};
using ExportGraph = sim::DynamicGraph<Node, Edge>;

}  // namespace

void write_graphml(const Town& town, const Organisations& orgs, const std::string& path) {
  const Residents& r = town.residents;
  const Households& hh = town.households;
  const auto residents = static_cast<std::uint32_t>(num_vertices(*town.ties));
  ExportGraph g(residents);
  for (std::uint32_t i = 0; i < residents; ++i) g[i] = {"resident", ""};
  for (std::uint32_t i = 0; i < residents; ++i)
    for (auto e : boost::make_iterator_range(out_edges(i, *town.ties))) {
      const std::uint32_t j = target(e, *town.ties);
      if (j < i) continue;  // each undirected tie once
      const char* kind = r.household[i] == r.household[j] ? "household"
                         : hh.neighbourhood[r.household[i]] == hh.neighbourhood[r.household[j]]
                             ? "neighbour"
                             : "acquaintance";
      add_edge(i, j, Edge{kind}, g);
    }

  // The organisation graph as it stands, then households with their members and 民生委員.
  const std::size_t org_base = num_vertices(g);
  for (auto v : boost::make_iterator_range(vertices(orgs.graph)))
    add_vertex(Node{to_string(orgs.graph[v].kind), orgs.graph[v].name}, g);
  for (auto e : boost::make_iterator_range(edges(orgs.graph)))
    add_edge(org_base + source(e, orgs.graph), org_base + target(e, orgs.graph),
             Edge{orgs.graph[e].kind}, g);
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (hh.members[h] == 0 || hh.first[h] >= residents) continue;  // formed after the start
    const bool facility = static_cast<HouseholdType>(hh.type[h]) == HouseholdType::facility;
    const std::size_t household = add_vertex(Node{facility ? "facility" : "household", ""}, g);
    if (!facility)
      add_edge(household, org_base + orgs.minsei_of_neighbourhood[hh.neighbourhood[h]],
               Edge{"watched_by"}, g);
    town.for_each_member(h, [&](std::uint32_t m) {
      if (m < residents) add_edge(m, household, Edge{"member"}, g);
    });
  }

  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.property("kind", get(&Node::kind, g));
  properties.property("name", get(&Node::name, g));
  properties.property("kind", get(&Edge::kind, g));
  std::ofstream out(path);
  if (!out) throw sim::InputError(path + ": cannot write the graph");
  boost::write_graphml(out, g, properties, true);
  if (!out) throw std::runtime_error(path + ": writing the graph failed");
}

}  // namespace kyosei::models
