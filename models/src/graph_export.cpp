// GraphML export of the community graph (Boost's write_graphml), for networkx and Gephi:
// residents and the organisation graph (households, the four counters of each
// municipality, 民生委員 of each area) as nodes with attribute `kind`; resident ties with
// kind household / neighbour / acquaintance, and membership, watching-over and referral
// edges of the organisation graph.
#include <boost/graph/graphml.hpp>
#include <fstream>

#include "kyosei/sim/errors.hpp"
#include "town_model.hpp"

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

// The four consultation counters of the siloed system, one per attribute (属性).
constexpr const char* counters[] = {"地域包括支援センター", "基幹相談支援センター",
                                    "利用者支援事業", "自立相談支援機関"};

}  // namespace

void write_graphml(const Town& town, const TownConfig& config, const std::string& path) {
  const Residents& r = town.residents;
  const Households& hh = town.households;
  const auto residents = static_cast<std::uint32_t>(num_vertices(town.ties));
  ExportGraph g(residents);
  for (std::uint32_t i = 0; i < residents; ++i) g[i] = {"resident", ""};
  for (std::uint32_t i = 0; i < residents; ++i)
    for (auto e : boost::make_iterator_range(out_edges(i, town.ties))) {
      const std::uint32_t j = target(e, town.ties);
      if (j < i) continue;  // each undirected tie once
      const char* kind = r.household[i] == r.household[j] ? "household"
                         : hh.neighbourhood[r.household[i]] == hh.neighbourhood[r.household[j]]
                             ? "neighbour"
                             : "acquaintance";
      add_edge(i, j, Edge{kind}, g);
    }

  // Organisation graph: counters per municipality referring to each other, 民生委員 per
  // area watching over households and referring to the 包括, households with members.
  std::vector<std::array<std::size_t, 4>> counter_of(config.municipalities.size());
  for (std::size_t m = 0; m < config.municipalities.size(); ++m) {
    for (std::size_t c = 0; c < 4; ++c)
      counter_of[m][c] =
          add_vertex(Node{"agency", config.municipalities[m].name + "/" + counters[c]}, g);
    for (std::size_t a = 0; a < 4; ++a)
      for (std::size_t b = a + 1; b < 4; ++b)
        add_edge(counter_of[m][a], counter_of[m][b], Edge{"referral"}, g);
  }
  std::vector<std::vector<std::size_t>> minsei_of_area;  // 民生委員 vertices of each area
  std::vector<std::size_t> households_seen;              // per area
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (hh.members[h] == 0 || hh.first[h] >= residents) continue;  // formed after the start
    const auto nb = hh.neighbourhood[h];
    const auto area = static_cast<std::size_t>(town.neighbourhoods.area[nb]);
    if (area >= minsei_of_area.size()) {
      minsei_of_area.resize(area + 1);
      households_seen.resize(area + 1, 0);
    }
    // Each 民生委員 watches over the next `minsei_households` households of the area.
    if (households_seen[area]++ % static_cast<std::size_t>(config.ties.minsei_households) == 0) {
      const std::size_t volunteer = add_vertex(Node{"minsei_iin", ""}, g);
      add_edge(volunteer, counter_of[town.neighbourhoods.municipality[nb]][0], Edge{"referral"}, g);
      minsei_of_area[area].push_back(volunteer);
    }
    const std::size_t household = add_vertex(Node{"household", ""}, g);
    add_edge(household, minsei_of_area[area].back(), Edge{"watched_by"}, g);
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
