#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kyosei/sim/graph.hpp"
#include "kyosei/sim/random.hpp"

using namespace kyosei::sim;

TEST(StaticGraph, StoresEachTieBothWaysWithoutLoopsOrRepeats) {
  const StaticGraph g = make_static_graph(5, {{0, 1}, {1, 0}, {2, 2}, {1, 2}, {0, 1}});
  EXPECT_EQ(num_vertices(g), 5u);
  EXPECT_EQ(num_edges(g), 4u);  // 0-1 and 1-2, both directions
  std::vector<VertexId> of1;
  for (auto e : boost::make_iterator_range(out_edges(VertexId{1}, g))) of1.push_back(target(e, g));
  EXPECT_EQ(of1, (std::vector<VertexId>{0, 2}));
  EXPECT_EQ(out_degree(VertexId{2}, g), 1u);
}

TEST(StaticGraph, DoesNotDependOnTheOrderOfTies) {
  const StaticGraph a = make_static_graph(4, {{0, 1}, {2, 3}, {1, 3}});
  const StaticGraph b = make_static_graph(4, {{3, 1}, {3, 2}, {1, 0}});
  for (VertexId v = 0; v < 4; ++v) {
    std::vector<VertexId> na, nb;
    for (auto e : boost::make_iterator_range(out_edges(v, a))) na.push_back(target(e, a));
    for (auto e : boost::make_iterator_range(out_edges(v, b))) nb.push_back(target(e, b));
    EXPECT_EQ(na, nb) << "vertex " << v;
  }
}

TEST(StaticGraph, SummaryCountsComponentsIsolatesAndDegree) {
  // Two triangles and an isolated vertex.
  const StaticGraph g = make_static_graph(7, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}});
  const GraphSummary s = summarize(g);
  EXPECT_EQ(s.ties, 6u);
  EXPECT_EQ(s.components, 3u);
  EXPECT_EQ(s.isolated, 1u);
  EXPECT_EQ(s.largest_component, 3u);
  EXPECT_DOUBLE_EQ(s.mean_degree, 12.0 / 7.0);
}

TEST(DynamicGraph, AddsAndRemovesEdgesWithProperties) {
  struct Org {
    std::string name;
  };
  struct Link {
    double strength = 0;
  };
  DynamicGraph<Org, Link> g;
  const auto a = add_vertex(Org{"包括"}, g);
  const auto b = add_vertex(Org{"社協"}, g);
  const auto [e, added] = add_edge(a, b, Link{0.5}, g);
  ASSERT_TRUE(added);
  g[e].strength += 0.25;
  EXPECT_DOUBLE_EQ(g[edge(b, a, g).first].strength, 0.75);  // undirected
  remove_edge(a, b, g);
  EXPECT_EQ(num_edges(g), 0u);
}

TEST(StaticGraph, NeighbourListsAreSortedForAnyInputOrder) {
  std::vector<std::pair<VertexId, VertexId>> ties;
  Stream draw(StreamKey{3, 0, 0}, 0, 0, 0);
  for (int k = 0; k < 5000; ++k)
    ties.emplace_back(static_cast<VertexId>(draw.below(500)),
                      static_cast<VertexId>(draw.below(500)));
  const StaticGraph g = make_static_graph(500, ties);
  std::size_t directed = 0;
  for (VertexId v = 0; v < 500; ++v) {
    const auto [first, last] = adjacent_vertices(v, g);
    EXPECT_TRUE(std::is_sorted(first, last));
    EXPECT_EQ(std::adjacent_find(first, last), last) << "repeated neighbour of " << v;
    for (auto u = first; u != last; ++u) {
      EXPECT_NE(*u, v);
      const auto [bf, bl] = adjacent_vertices(*u, g);
      EXPECT_TRUE(std::binary_search(bf, bl, v)) << "tie " << v << "-" << *u << " not symmetric";
    }
    directed += static_cast<std::size_t>(last - first);
  }
  EXPECT_EQ(directed, num_edges(g));
}

TEST(StaticGraph, ClusteringOfATriangleWithATailMatchesNetworkx) {
  // Triangle 0-1-2 plus 2-3: networkx average_clustering = (1 + 1 + 1/3 + 0) / 4.
  const StaticGraph g = make_static_graph(4, {{0, 1}, {1, 2}, {2, 0}, {2, 3}});
  EXPECT_DOUBLE_EQ(average_clustering(g), (1.0 + 1.0 + 1.0 / 3.0) / 4.0);
}
