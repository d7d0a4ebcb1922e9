#include "kyosei/sim/graph.hpp"

#include <algorithm>

#include <boost/graph/connected_components.hpp>

namespace kyosei::sim {

StaticGraph make_static_graph(VertexId vertices, std::vector<std::pair<VertexId, VertexId>> ties) {
  std::vector<std::pair<VertexId, VertexId>> directed;
  directed.reserve(ties.size() * 2);
  for (const auto& [a, b] : ties) {
    if (a == b) continue;
    directed.emplace_back(a, b);
    directed.emplace_back(b, a);
  }
  ties.clear();
  ties.shrink_to_fit();
  std::sort(directed.begin(), directed.end());
  directed.erase(std::unique(directed.begin(), directed.end()), directed.end());
  return StaticGraph(boost::edges_are_sorted, directed.begin(), directed.end(), vertices);
}

GraphSummary summarize(const StaticGraph& graph) {
  GraphSummary s;
  s.vertices = num_vertices(graph);
  s.ties = num_edges(graph) / 2;
  s.mean_degree =
      s.vertices ? static_cast<double>(num_edges(graph)) / static_cast<double>(s.vertices) : 0;
  for (VertexId v = 0; v < s.vertices; ++v)
    if (out_degree(v, graph) == 0) ++s.isolated;
  if (s.vertices == 0) return s;
  // The graph is symmetric, so components over out-edges are the undirected components.
  std::vector<VertexId> component(s.vertices);
  s.components = static_cast<std::size_t>(boost::connected_components(
      graph,
      boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, graph))));
  std::vector<std::size_t> sizes(s.components, 0);
  for (VertexId c : component) s.largest_component = std::max(s.largest_component, ++sizes[c]);
  return s;
}

}  // namespace kyosei::sim
