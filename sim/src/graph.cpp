#include "kyosei/sim/graph.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/range/iterator_range.hpp>

#include "kyosei/sim/parallel.hpp"

namespace kyosei::sim {

namespace {

// Walks a compacted CSR (rows of `column` delimited by `offset`) as sorted (source, target)
// pairs, so Boost can fill its own arrays without a materialised edge list.
class RowEdgeIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = std::pair<VertexId, VertexId>;
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type*;
  using reference = const value_type&;

  RowEdgeIterator(const std::vector<VertexId>& offset, const std::vector<VertexId>& column,
                  VertexId edge)
      : offset_(&offset), column_(&column), edge_(edge) {
    settle();
  }
  reference operator*() const { return current_; }
  pointer operator->() const { return &current_; }
  RowEdgeIterator& operator++() {
    ++edge_;
    settle();
    return *this;
  }
  RowEdgeIterator operator++(int) {
    RowEdgeIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const RowEdgeIterator& other) const { return edge_ == other.edge_; }

 private:
  void settle() {
    if (edge_ >= column_->size()) return;
    while ((*offset_)[current_.first + 1] <= edge_) ++current_.first;
    current_.second = (*column_)[edge_];
  }
  const std::vector<VertexId>* offset_;
  const std::vector<VertexId>* column_;
  VertexId edge_;
  value_type current_{0, 0};
};

}  // namespace

StaticGraph make_static_graph(VertexId vertices, std::vector<std::pair<VertexId, VertexId>> ties) {
  // Counting sort by source (both directions), then sort and deduplicate each row: O(edges)
  // plus small per-row sorts, instead of one global sort. Every array is 32-bit and the rows
  // are compacted in place, so the peak is the directed column twice (ours and Boost's) and
  // never a list of (source, target) pairs beside it: a large model's peak memory is set here.
  if (2 * ties.size() >= std::numeric_limits<VertexId>::max())
    throw std::length_error("make_static_graph: more than 2^31 ties");
  std::vector<VertexId> offset(static_cast<std::size_t>(vertices) + 1, 0);
  for (const auto& [a, b] : ties)
    if (a != b) {
      ++offset[a + 1];
      ++offset[b + 1];
    }
  for (std::size_t v = 0; v < vertices; ++v) offset[v + 1] += offset[v];
  std::vector<VertexId> column(offset.back());
  {
    std::vector<VertexId> fill(offset.begin(), offset.end() - 1);
    for (const auto& [a, b] : ties)
      if (a != b) {
        column[fill[a]++] = b;
        column[fill[b]++] = a;
      }
  }
  ties.clear();
  ties.shrink_to_fit();

  std::vector<VertexId> kept(vertices, 0);
  for_each_block(vertices, [&](std::size_t begin, std::size_t end) {
    for (std::size_t v = begin; v < end; ++v) {
      const auto first = column.begin() + static_cast<std::ptrdiff_t>(offset[v]);
      const auto last = column.begin() + static_cast<std::ptrdiff_t>(offset[v + 1]);
      std::sort(first, last);
      kept[v] = static_cast<VertexId>(std::unique(first, last) - first);
    }
  });
  // Compact the deduplicated rows forward; a row never moves past its old start.
  VertexId write = 0;
  for (std::size_t v = 0; v < vertices; ++v) {
    const VertexId read = offset[v];
    offset[v] = write;
    std::copy_n(column.begin() + static_cast<std::ptrdiff_t>(read), kept[v],
                column.begin() + static_cast<std::ptrdiff_t>(write));
    write += kept[v];
  }
  offset[vertices] = write;
  column.resize(write);
  kept.clear();
  kept.shrink_to_fit();
  return StaticGraph(boost::edges_are_sorted, RowEdgeIterator(offset, column, 0),
                     RowEdgeIterator(offset, column, write), vertices, write);
}

GraphSummary combine(const std::vector<GraphSummary>& parts) {
  if (parts.size() == 1) return parts.front();
  GraphSummary s;
  double clustering = 0;  // [vertices]
  for (const GraphSummary& p : parts) {
    s.vertices += p.vertices;
    s.ties += p.ties;
    s.isolated += p.isolated;
    s.components += p.components;
    s.largest_component = std::max(s.largest_component, p.largest_component);
    clustering += p.clustering * static_cast<double>(p.vertices);
  }
  if (s.vertices == 0) return s;
  s.mean_degree = 2.0 * static_cast<double>(s.ties) / static_cast<double>(s.vertices);
  s.clustering = clustering / static_cast<double>(s.vertices);
  return s;
}

GraphSummary summarize(const StaticGraph& graph, const std::vector<std::uint16_t>* triangles) {
  GraphSummary s;
  s.vertices = num_vertices(graph);
  s.ties = num_edges(graph) / 2;
  s.mean_degree =
      s.vertices ? static_cast<double>(num_edges(graph)) / static_cast<double>(s.vertices) : 0;
  for (VertexId v = 0; v < s.vertices; ++v)
    if (out_degree(v, graph) == 0) ++s.isolated;
  if (s.vertices == 0) return s;
  // Components by union-find with path halving: 4 bytes per vertex, where a depth-first
  // search keeps a stack as deep as the largest component (tens of MB for a city).
  std::vector<VertexId> parent(s.vertices);
  std::iota(parent.begin(), parent.end(), VertexId{0});
  const auto root = [&](VertexId v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (VertexId v = 0; v < s.vertices; ++v)
    for (const VertexId w : boost::make_iterator_range(adjacent_vertices(v, graph)))
      if (const VertexId a = root(v), b = root(w); a != b) parent[std::max(a, b)] = std::min(a, b);
  std::vector<VertexId> size(s.vertices, 0);
  for (VertexId v = 0; v < s.vertices; ++v) {
    const VertexId r = root(v);
    if (size[r]++ == 0) ++s.components;
    s.largest_component = std::max<std::size_t>(s.largest_component, size[r]);
  }
  s.clustering = triangles ? average_clustering(graph, *triangles) : average_clustering(graph);
  return s;
}

double average_clustering(const StaticGraph& graph, const std::vector<std::uint16_t>& triangles) {
  const std::size_t n = num_vertices(graph);
  if (n == 0) return 0;
  if (triangles.size() != n) throw std::invalid_argument("triangles do not match the graph");
  // The same sum, in the same blocks, as counting each vertex's tied neighbour pairs.
  const double sum = deterministic_reduce(
      n, 0.0,
      [&](std::size_t begin, std::size_t end, double acc) {
        for (std::size_t v = begin; v < end; ++v) {
          const auto k = static_cast<std::size_t>(out_degree(static_cast<VertexId>(v), graph));
          if (k < 2) continue;
          acc += 2.0 * static_cast<double>(triangles[v]) / static_cast<double>(k * (k - 1));
        }
        return acc;
      },
      [](double a, double b) { return a + b; }, 1024);
  return sum / static_cast<double>(n);
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
