// GraphML export of the community graph (Boost's write_graphml), for networkx and Gephi:
// living residents (age, sex, area, household, conditions), households and the organisation
// graph (counters, 民生委員, coordinators, councils, resources, with full names) as nodes with
// attribute `kind`; resident ties with kind household / neighbour / acquaintance, and member,
// watched_by, referral and other organisation edges.
#include <boost/graph/graphml.hpp>
#include <fstream>

#include "community/organisations.hpp"
#include "kyosei/sim/errors.hpp"
#include "town/town_model.hpp"

namespace kyosei::models {

namespace {

// Every node carries every attribute (GraphML declares them once); organisations leave the
// residents' ones empty.
struct Node {
  std::string kind;
  std::string name;
  int age = -1;            // [years] residents only
  std::string sex;         // "female" | "male"
  std::string area;        // daily-life area (region name)
  int household = -1;      // household id
  std::string conditions;  // space-separated: certified, disabled, withdrawn, isolated, hardship
};
struct Edge {
  std::string kind;
};
using ExportGraph = sim::DynamicGraph<Node, Edge>;

std::string conditions_of(const Residents& r, std::uint32_t i) {
  std::string out;
  const auto add = [&](bool on, const char* word) {
    if (on) out += (out.empty() ? "" : " ") + std::string(word);
  };
  add(r.care[i] != care_none, "certified");
  add(r.has(i, disabled), "disabled");
  add(r.withdrawal[i] != withdrawal_none, "withdrawn");
  add(r.has(i, isolated), "isolated");
  add(r.has(i, hardship), "hardship");
  return out;
}

void add_part(const GraphPart& part, std::size_t resident_base, std::size_t household_base,
              ExportGraph& g) {
  const Town& town = *part.town;
  const Organisations& orgs = *part.organisations;
  const sim::RegionTable& regions = *part.regions;
  const Residents& r = town.residents;
  const Households& hh = town.households;
  // Living residents as they are now, with the ties they hold.
  std::vector<std::size_t> vertex(r.size(), 0);
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    vertex[i] =
        add_vertex(Node{"resident", "resident " + std::to_string(resident_base + i), r.age[i],
                        r.has(i, female) ? "female" : "male", regions.info(town.area_of(i)).name,
                        static_cast<int>(household_base + r.household[i]), conditions_of(r, i)},
                   g);
  }
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    town.ties.for_each(i, [&](std::uint32_t j) {
      if (j < i) return;  // each undirected tie once
      const char* kind = r.household[i] == r.household[j] ? "household"
                         : hh.neighbourhood[r.household[i]] == hh.neighbourhood[r.household[j]]
                             ? "neighbour"
                             : "acquaintance";
      add_edge(vertex[i], vertex[j], Edge{kind}, g);
    });
  }

  // The organisation graph as it stands, with full names, then households with their members
  // and 民生委員.
  const std::size_t org_base = num_vertices(g);
  for (auto v : boost::make_iterator_range(vertices(orgs.graph))) {
    const OrgNode& o = orgs.graph[v];
    const std::string where = regions.info(o.region).name;
    const std::string name = o.name.empty() ? std::string(to_string(o.kind)) + " of " + where
                                            : o.name + " (" + where + ")";
    add_vertex(Node{to_string(o.kind), name}, g);
  }
  for (auto e : boost::make_iterator_range(edges(orgs.graph)))
    add_edge(org_base + source(e, orgs.graph), org_base + target(e, orgs.graph),
             Edge{orgs.graph[e].kind}, g);
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (hh.members[h] == 0) continue;
    const bool facility = static_cast<HouseholdType>(hh.type[h]) == HouseholdType::facility;
    const std::size_t household =
        add_vertex(Node{facility ? "facility" : "household",
                        "household " + std::to_string(household_base + h)},
                   g);
    if (!facility)
      add_edge(household, org_base + orgs.minsei_of_neighbourhood[hh.neighbourhood[h]],
               Edge{"watched_by"}, g);
    town.for_each_member(
        h, [&](std::uint32_t m) { add_edge(vertex[m], household, Edge{"member"}, g); });
  }
}

}  // namespace

void write_graphml(const std::vector<GraphPart>& parts, const std::string& path) {
  ExportGraph g;
  // Residents and households are numbered through the parts, in their order (one part: as
  // its town numbers them).
  std::size_t resident_base = 0, household_base = 0;
  for (const GraphPart& part : parts) {
    add_part(part, resident_base, household_base, g);
    resident_base += part.town->residents.size();
    household_base += part.town->households.size();
  }
  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.property("kind", get(&Node::kind, g));
  properties.property("name", get(&Node::name, g));
  properties.property("age", get(&Node::age, g));
  properties.property("sex", get(&Node::sex, g));
  properties.property("area", get(&Node::area, g));
  properties.property("household", get(&Node::household, g));
  properties.property("conditions", get(&Node::conditions, g));
  properties.property("kind", get(&Edge::kind, g));
  std::ofstream out(path);
  if (!out) throw sim::InputError(path + ": cannot write the graph");
  boost::write_graphml(out, g, properties, true);
  if (!out) throw std::runtime_error(path + ": writing the graph failed");
}

}  // namespace kyosei::models
