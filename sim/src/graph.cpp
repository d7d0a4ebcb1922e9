#include "kyosei/sim/graph.hpp"

#include <algorithm>

#include <boost/graph/connected_components.hpp>

#include "kyosei/sim/parallel.hpp"

namespace kyosei::sim {

StaticGraph make_static_graph(VertexId vertices, std::vector<std::pair<VertexId, VertexId>> ties) {
  // Counting sort by source (both directions), then sort and deduplicate each row: O(edges)
  // plus small per-row sorts, instead of one global sort.
  std::vector<std::size_t> offset(static_cast<std::size_t>(vertices) + 1, 0);
  for (const auto& [a, b] : ties)
    if (a != b) {
      ++offset[a + 1];
      ++offset[b + 1];
    }
  for (std::size_t v = 0; v < vertices; ++v) offset[v + 1] += offset[v];
  std::vector<VertexId> column(offset.back());
  {
    std::vector<std::size_t> fill(offset.begin(), offset.end() - 1);
    for (const auto& [a, b] : ties)
      if (a != b) {
        column[fill[a]++] = b;
        column[fill[b]++] = a;
      }
  }
  ties.clear();
  ties.shrink_to_fit();

  std::vector<std::size_t> kept(vertices, 0);
  for_each_block(vertices, [&](std::size_t begin, std::size_t end) {
    for (std::size_t v = begin; v < end; ++v) {
      const auto first = column.begin() + static_cast<std::ptrdiff_t>(offset[v]);
      const auto last = column.begin() + static_cast<std::ptrdiff_t>(offset[v + 1]);
      std::sort(first, last);
      kept[v] = static_cast<std::size_t>(std::unique(first, last) - first);
    }
  });
  std::vector<VertexId> sources, targets;
  std::size_t total = 0;
  for (std::size_t v = 0; v < vertices; ++v) total += kept[v];
  sources.reserve(total);
  targets.reserve(total);
  for (std::size_t v = 0; v < vertices; ++v)
    for (std::size_t k = 0; k < kept[v]; ++k) {
      sources.push_back(static_cast<VertexId>(v));
      targets.push_back(column[offset[v] + k]);
    }
  column.clear();
  column.shrink_to_fit();
  return StaticGraph(boost::construct_inplace_from_sources_and_targets, sources, targets, vertices);
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
  s.clustering = average_clustering(graph);
  return s;
}

double average_clustering(const StaticGraph& graph) {
  // Neighbour lists are sorted, so each pair of a vertex's neighbours is looked up by binary
  // search in the smaller list. Vertices of degree below 2 count as 0, as in networkx.
  const std::size_t n = num_vertices(graph);
  if (n == 0) return 0;
  const double sum = deterministic_reduce(
      n, 0.0,
      [&](std::size_t begin, std::size_t end, double acc) {
        for (std::size_t v = begin; v < end; ++v) {
          const auto [first, last] = adjacent_vertices(static_cast<VertexId>(v), graph);
          const auto k = static_cast<std::size_t>(last - first);
          if (k < 2) continue;
          std::size_t links = 0;
          for (auto i = first; i != last; ++i) {
            const auto [ni_first, ni_last] = adjacent_vertices(*i, graph);
            for (auto j = i + 1; j != last; ++j) links += std::binary_search(ni_first, ni_last, *j);
          }
          acc += 2.0 * static_cast<double>(links) / static_cast<double>(k * (k - 1));
        }
        return acc;
      },
      [](double a, double b) { return a + b; }, 1024);
  return sum / static_cast<double>(n);
}

}  // namespace kyosei::sim
