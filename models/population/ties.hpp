#pragma once
// Residents' ties as they live: the graph built at the start is an immutable CSR shared by the
// simulations of one town (the static bulk), and each simulation keeps what changed beside it:
// one bit per CSR entry for ties that ended, and the ties formed since (births, arrivals,
// people meeting at community places, new acquaintances): the recent ones in a small hash
// table (constant time to add or end one), compacted now and then into rows of the
// simulation's own. A tie is undirected and held at both ends. Memory: 1/8 byte per CSR entry,
// 2 bytes per resident for triangle counts and 4 for the compact rows, 4 bytes per end of a
// compacted tie and at most 16 per end of a recent one.

#include <cstdint>
#include <memory>
#include <vector>

#include "kyosei/sim/graph.hpp"

namespace kyosei::models {

class LiveTies {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;

  // The graph at the start, every tie of it active, with its triangles (count_triangles).
  void attach(std::shared_ptr<const sim::StaticGraph> base,
              std::shared_ptr<const std::vector<std::uint16_t>> triangles);
  static std::vector<std::uint16_t> count_triangles(const sim::StaticGraph& graph);
  const std::shared_ptr<const sim::StaticGraph>& base() const { return base_; }
  // The start's triangles through each resident (count_triangles of base()).
  const std::vector<std::uint16_t>& base_triangles() const { return *base_triangles_; }

  // Calls f(j) for each resident j tied to i now.
  template <class F>
  void for_each(std::uint32_t i, F&& f) const {
    // Local copies of the arrays' addresses: f may write anywhere, and the compiler would
    // otherwise reload them for every tie.
    if (i < base_vertices_) {
      const std::uint32_t* column = base_column_;
      const std::uint64_t* ended = ended_.data();
      for (std::uint32_t k = base_row_[i], last = base_row_[i + 1]; k < last; ++k)
        if (!((ended[k >> 6] >> (k & 63)) & 1u)) f(column[k]);
    }
    if (i + 1 < extra_row_.size()) {
      const std::uint32_t* column = extra_column_.data();
      for (std::uint32_t k = extra_row_[i], last = extra_row_[i + 1]; k < last; ++k)
        if (column[k] != none) f(column[k]);
    }
    if (has_recent(i))
      for (std::size_t s = slot(i); recent_[s].from != none; s = (s + 1) & mask())
        if (recent_[s].from == i) f(recent_[s].to);
  }
  std::size_t degree(std::uint32_t i) const;
  bool tied(std::uint32_t i, std::uint32_t j) const;
  // A tie between i and j begins (an ended one of the start revives); false if they are
  // already tied or i == j.
  bool form(std::uint32_t i, std::uint32_t j);
  // The tie between i and j ends; false if there was none.
  bool end(std::uint32_t i, std::uint32_t j);
  // Every tie of i ends (i dies or moves away); calls f(j) for each former partner. The
  // triangles are taken off in one pass: each partner's ties are walked once.
  template <class F>
  void end_all(std::uint32_t i, F&& f) {
    static thread_local std::vector<std::uint32_t> partners;
    partners.clear();
    for_each(i, [&](std::uint32_t j) { partners.push_back(j); });
    drop_triangles_of(i, partners);
    for (const std::uint32_t j : partners) {
      unlink(i, j);
      f(j);
    }
  }
  // Ties of the start still active, and ties formed since (each counted once).
  std::size_t active_ties() const;
  // Moves the recent ties into the compact rows, dropping those that ended (done by itself
  // when the recent ones outnumber 4096 or one resident in 8).
  void compact();
  // Triangles through i: pairs of i's ties that are tied to each other. Kept up as ties form
  // and end (each change costs its two ends' degrees), for the clustering coefficient.
  std::uint32_t triangles(std::uint32_t i) const {
    return i < triangles_.size() ? triangles_[i] : 0;
  }

  template <class A>
  void archive(A& a) {
    a(ended_, extra_row_, extra_column_, recent_, recent_ends_, recent_bits_, triangles_);
  }

 private:
  // One end of a recent tie; `from` is the key (none: an empty slot).
  struct End {
    std::uint32_t from = none, to = none;
    template <class A>
    void archive(A& a) {
      a(from, to);
    }
  };
  std::uint32_t base_vertices() const { return base_vertices_; }
  bool has_recent(std::uint32_t i) const {
    return (i >> 6) < recent_bits_.size() && ((recent_bits_[i >> 6] >> (i & 63)) & 1u);
  }
  std::size_t mask() const { return recent_.size() - 1; }
  // Where i's recent ends begin to be probed (Fibonacci hashing; the table's size is a power
  // of two).
  std::size_t slot(std::uint32_t i) const {
    return static_cast<std::size_t>((std::uint64_t{i} * 0x9E3779B97F4A7C15ull) >> 32) & mask();
  }
  std::size_t find_recent(std::uint32_t i, std::uint32_t j) const;  // its slot, or none
  void insert_recent(End e);
  void erase_recent(std::size_t at);  // backward-shift deletion: no tombstones
  bool ended(std::uint32_t k) const { return (ended_[k >> 6] >> (k & 63)) & 1u; }
  void set_ended(std::uint32_t k, bool on);
  std::uint32_t base_entry(std::uint32_t i, std::uint32_t j) const;   // CSR index, or none
  std::uint32_t extra_entry(std::uint32_t i, std::uint32_t j) const;  // or none
  // Adds `by` to the triangles the tie i-j closes (through each common neighbour).
  void update_triangles(std::uint32_t i, std::uint32_t j, int by);
  // Takes off every triangle through i, whose ties (to `partners`) are about to end.
  void drop_triangles_of(std::uint32_t i, std::vector<std::uint32_t> partners);
  // Ends the tie i-j at both ends, leaving the triangles as they are; false if there was none.
  bool unlink(std::uint32_t i, std::uint32_t j);

  std::shared_ptr<const sim::StaticGraph> base_;
  // The base graph's rows (held by base_), read on every walk.
  const std::uint32_t* base_row_ = nullptr;
  const std::uint32_t* base_column_ = nullptr;
  std::uint32_t base_vertices_ = 0;
  std::vector<std::uint64_t> ended_;  // one bit per CSR entry
  // Ties formed before the last compaction: a CSR of this simulation's own (none: ended).
  std::vector<std::uint32_t> extra_row_, extra_column_;
  // Ties formed since, both ends: linear probing, at most half full (empty until the first).
  std::vector<End> recent_;
  std::uint32_t recent_ends_ = 0;
  std::vector<std::uint64_t> recent_bits_;  // [resident] may have a recent tie
  std::vector<std::uint16_t> triangles_;    // [resident]
  std::shared_ptr<const std::vector<std::uint16_t>> base_triangles_;
};

}  // namespace kyosei::models
