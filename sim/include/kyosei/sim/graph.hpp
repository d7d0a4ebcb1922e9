#pragma once
// Graph types on Boost.Graph. Large static graphs (say, people's social ties) are compressed
// sparse row graphs with 32-bit indices: 4 bytes per vertex plus 4 per directed edge, and an
// undirected tie is stored in both directions. Small graphs whose edges change (say, between
// organisations) are adjacency lists.

#include <cstdint>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace kyosei::sim {

using VertexId = std::uint32_t;

// Undirected ties stored as a symmetric directed CSR graph.
using StaticGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, VertexId, VertexId>;

// A changing graph with per-vertex and per-edge properties of the model's choosing.
template <class VertexProperties, class EdgeProperties>
using DynamicGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                           VertexProperties, EdgeProperties>;

// Builds a symmetric CSR graph over `vertices` from undirected pairs: self-loops and
// repeated pairs are dropped, both directions stored, neighbours sorted. The result depends
// only on the set of pairs, never on their order; neighbour lists are sorted.
StaticGraph make_static_graph(VertexId vertices, std::vector<std::pair<VertexId, VertexId>> ties);

struct GraphSummary {
  std::size_t vertices = 0;
  std::size_t ties = 0;        // undirected
  double mean_degree = 0;      // [ties per vertex]
  std::size_t isolated = 0;    // vertices without ties
  std::size_t components = 0;  // connected components, isolated vertices included
  std::size_t largest_component = 0;
  double clustering = 0;  // average local clustering coefficient
};

// With `triangles` (each vertex's, as many as 65,535), the clustering coefficient is read from
// them rather than counted again.
GraphSummary summarize(const StaticGraph& graph,
                       const std::vector<std::uint16_t>* triangles = nullptr);
// The summary of a graph made of disjoint parts with these summaries (a simulation split
// into partitions): counts add, the largest component is the largest part's, and the means
// are weighted by vertices. One part's is returned as it is.
GraphSummary combine(const std::vector<GraphSummary>& parts);

// Mean over vertices of the share of a vertex's neighbour pairs that are tied (networkx's
// average_clustering; vertices with fewer than two ties count as 0).
double average_clustering(const StaticGraph& graph);
// The same from each vertex's triangles (tied pairs of its neighbours), counted beforehand.
double average_clustering(const StaticGraph& graph, const std::vector<std::uint16_t>& triangles);

}  // namespace kyosei::sim
