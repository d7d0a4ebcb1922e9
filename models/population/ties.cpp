#include "population/ties.hpp"

#include <algorithm>
#include <atomic>
#include <bit>

#include "kyosei/sim/growth.hpp"
#include "kyosei/sim/parallel.hpp"

namespace kyosei::models {

void LiveTies::attach(std::shared_ptr<const sim::StaticGraph> base,
                      std::shared_ptr<const std::vector<std::uint16_t>> triangles) {
  base_ = std::move(base);
  base_row_ = base_->m_forward.m_rowstart.data();
  base_column_ = base_->m_forward.m_column.data();
  base_vertices_ = static_cast<std::uint32_t>(num_vertices(*base_));
  ended_.assign((num_edges(*base_) + 63) / 64, 0);
  extra_row_.clear();
  extra_column_.clear();
  recent_.clear();
  recent_ends_ = 0;
  recent_bits_.clear();
  triangles_ = *triangles;
  base_triangles_ = std::move(triangles);
}

// Triangles of the start: for each tie i-j, the residents both are tied to (rows of the start
// are sorted, so a merge finds them); each triangle through i is seen from both its other
// corners. Vertices are independent, so blocks of them run in parallel.
std::vector<std::uint16_t> LiveTies::count_triangles(const sim::StaticGraph& graph) {
  const auto n = static_cast<std::uint32_t>(num_vertices(graph));
  const std::uint32_t* row = graph.m_forward.m_rowstart.data();
  const std::uint32_t* column = graph.m_forward.m_column.data();
  // Each triangle i < j < k once, from its lowest vertex: i's neighbours above j that are also
  // j's (both lists sorted), credited to all three. Counts are integers, so the atomic adds of
  // parallel blocks give the same totals in any order.
  std::vector<std::uint32_t> counts(n, 0);
  sim::for_each_block(n, [&](std::size_t begin, std::size_t end) {
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      const std::uint32_t* above_i =
          std::upper_bound(column + row[i], column + row[i + 1], i);  // neighbours > i
      std::uint32_t own = 0;
      for (const std::uint32_t* p = above_i; p < column + row[i + 1]; ++p) {
        const std::uint32_t j = *p;
        const std::uint32_t* a = p + 1;  // i's neighbours above j
        const std::uint32_t* b = std::upper_bound(column + row[j], column + row[j + 1], j);
        std::uint32_t closed = 0;  // triangles i-j-k with k > j
        while (a < column + row[i + 1] && b < column + row[j + 1]) {
          if (*a < *b) {
            ++a;
          } else if (*b < *a) {
            ++b;
          } else {
            std::atomic_ref<std::uint32_t>(counts[*a]).fetch_add(1, std::memory_order_relaxed);
            ++closed, ++a, ++b;
          }
        }
        if (closed) {
          own += closed;
          std::atomic_ref<std::uint32_t>(counts[j]).fetch_add(closed, std::memory_order_relaxed);
        }
      }
      if (own) std::atomic_ref<std::uint32_t>(counts[i]).fetch_add(own, std::memory_order_relaxed);
    }
  });
  std::vector<std::uint16_t> triangles(n);
  for (std::uint32_t v = 0; v < n; ++v)
    triangles[v] = static_cast<std::uint16_t>(std::min<std::uint32_t>(counts[v], 0xFFFF));
  return triangles;
}

void LiveTies::update_triangles(std::uint32_t i, std::uint32_t j, int by) {
  static thread_local std::vector<std::uint32_t> near;
  near.clear();
  for_each(i, [&](std::uint32_t k) { near.push_back(k); });
  std::sort(near.begin(), near.end());
  const std::uint32_t top = std::max(i, j) + 1;
  if (triangles_.size() < top) sim::grow_to(triangles_, top, std::uint16_t{0});
  for_each(j, [&](std::uint32_t k) {
    if (k == i || !std::binary_search(near.begin(), near.end(), k)) return;
    for (const std::uint32_t v : {k, i, j})
      triangles_[v] = static_cast<std::uint16_t>(triangles_[v] + by);
  });
}

void LiveTies::set_ended(std::uint32_t k, bool on) {
  const std::uint64_t bit = std::uint64_t{1} << (k & 63);
  ended_[k >> 6] = on ? ended_[k >> 6] | bit : ended_[k >> 6] & ~bit;
}

// Rows of the start are sorted, so j is found by binary search.
std::uint32_t LiveTies::base_entry(std::uint32_t i, std::uint32_t j) const {
  if (i >= base_vertices() || j >= base_vertices()) return none;
  const auto& row = base_->m_forward.m_rowstart;
  const auto& column = base_->m_forward.m_column;
  const auto first = column.begin() + row[i], last = column.begin() + row[i + 1];
  const auto it = std::lower_bound(first, last, j);
  return it != last && *it == j ? static_cast<std::uint32_t>(it - column.begin()) : none;
}

std::uint32_t LiveTies::extra_entry(std::uint32_t i, std::uint32_t j) const {
  if (i + 1 >= extra_row_.size()) return none;
  for (std::uint32_t k = extra_row_[i]; k < extra_row_[i + 1]; ++k)
    if (extra_column_[k] == j) return k;
  return none;
}

void LiveTies::compact() {
  // The recent ends in order of `from` (then `to`: a row's order must not depend on the
  // table's history, so that a compacted town equals one restored from its archive).
  std::vector<End> ends;
  ends.reserve(recent_ends_);
  for (const End& e : recent_)
    if (e.from != none) ends.push_back(e);
  std::sort(ends.begin(), ends.end(), [](const End& a, const End& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  const std::uint32_t n = std::max<std::uint32_t>(
      extra_row_.empty() ? 0 : static_cast<std::uint32_t>(extra_row_.size() - 1),
      ends.empty() ? 0 : ends.back().from + 1);
  std::vector<std::uint32_t> row(n + 1, 0), column;
  column.reserve(ends.size() + static_cast<std::size_t>(
                                   std::count_if(extra_column_.begin(), extra_column_.end(),
                                                 [](std::uint32_t c) { return c != none; })));
  auto next = ends.begin();
  for (std::uint32_t i = 0; i < n; ++i) {
    row[i] = static_cast<std::uint32_t>(column.size());
    if (i + 1 < extra_row_.size())
      for (std::uint32_t k = extra_row_[i]; k < extra_row_[i + 1]; ++k)
        if (extra_column_[k] != none) column.push_back(extra_column_[k]);
    for (; next != ends.end() && next->from == i; ++next) column.push_back(next->to);
  }
  row[n] = static_cast<std::uint32_t>(column.size());
  extra_row_ = std::move(row);
  extra_column_ = std::move(column);
  std::vector<End>().swap(recent_);
  recent_ends_ = 0;
  std::fill(recent_bits_.begin(), recent_bits_.end(), 0);
}

std::size_t LiveTies::find_recent(std::uint32_t i, std::uint32_t j) const {
  if (!has_recent(i)) return none;
  for (std::size_t s = slot(i); recent_[s].from != none; s = (s + 1) & mask())
    if (recent_[s].from == i && recent_[s].to == j) return s;
  return none;
}

void LiveTies::insert_recent(End e) {
  if (2 * (recent_ends_ + 1) > recent_.size()) {  // keep it at most half full
    std::vector<End> old(std::max<std::size_t>(64, 2 * recent_.size()));
    old.swap(recent_);
    recent_ends_ = 0;
    for (const End& o : old)
      if (o.from != none) insert_recent(o);
  }
  std::size_t s = slot(e.from);
  while (recent_[s].from != none) s = (s + 1) & mask();
  recent_[s] = e;
  ++recent_ends_;
}

void LiveTies::erase_recent(std::size_t at) {
  // Later entries of the probe run move back into the hole unless their own slot lies
  // (cyclically) after the hole, so every probe still finds them.
  std::size_t hole = at;
  for (std::size_t s = (at + 1) & mask(); recent_[s].from != none; s = (s + 1) & mask()) {
    const std::size_t home = slot(recent_[s].from);
    const bool stays = hole <= s ? hole < home && home <= s : hole < home || home <= s;
    if (stays) continue;
    recent_[hole] = recent_[s];
    hole = s;
  }
  recent_[hole] = End{};
  --recent_ends_;
}

std::size_t LiveTies::degree(std::uint32_t i) const {
  std::size_t n = 0;
  for_each(i, [&](std::uint32_t) { ++n; });
  return n;
}

bool LiveTies::tied(std::uint32_t i, std::uint32_t j) const {
  if (const std::uint32_t k = base_entry(i, j); k != none) return !ended(k);
  if (extra_entry(i, j) != none) return true;
  return find_recent(i, j) != none;
}

bool LiveTies::form(std::uint32_t i, std::uint32_t j) {
  if (i == j || tied(i, j)) return false;
  update_triangles(i, j, +1);  // before: neither end lists the other yet
  if (const std::uint32_t k = base_entry(i, j); k != none) {  // a tie of the start revives
    set_ended(k, false);
    set_ended(base_entry(j, i), false);
    return true;
  }
  insert_recent(End{i, j});
  insert_recent(End{j, i});
  for (const std::uint32_t v : {i, j}) {
    if (recent_bits_.size() <= (v >> 6)) recent_bits_.resize((v >> 6) + 1, 0);
    recent_bits_[v >> 6] |= std::uint64_t{1} << (v & 63);
  }
  if (recent_ends_ > std::max<std::size_t>(4096, base_vertices() / 8)) compact();
  return true;
}

bool LiveTies::end(std::uint32_t i, std::uint32_t j) {
  if (!unlink(i, j)) return false;
  update_triangles(i, j, -1);  // after: neither end lists the other any more
  return true;
}

void LiveTies::drop_triangles_of(std::uint32_t i, std::vector<std::uint32_t> partners) {
  if (i >= triangles_.size()) return;
  std::sort(partners.begin(), partners.end());
  // A triangle i-j-k loses one at j (seen walking j's ties) and one at k (walking k's).
  for (const std::uint32_t j : partners) {
    std::uint32_t through_i = 0;
    for_each(j, [&](std::uint32_t k) {
      through_i += k != i && std::binary_search(partners.begin(), partners.end(), k);
    });
    if (j < triangles_.size())
      triangles_[j] = static_cast<std::uint16_t>(triangles_[j] - through_i);
  }
  triangles_[i] = 0;
}

bool LiveTies::unlink(std::uint32_t i, std::uint32_t j) {
  if (const std::uint32_t k = base_entry(i, j); k != none) {
    if (ended(k)) return false;
    set_ended(k, true);
    set_ended(base_entry(j, i), true);
  } else if (const std::uint32_t e = extra_entry(i, j); e != none) {
    extra_column_[e] = none;
    extra_column_[extra_entry(j, i)] = none;
  } else {
    const std::size_t at = find_recent(i, j);
    if (at == none) return false;
    erase_recent(at);
    erase_recent(find_recent(j, i));
  }
  return true;
}

std::size_t LiveTies::active_ties() const {
  std::size_t ends = num_edges(*base_);
  for (const std::uint64_t word : ended_) ends -= static_cast<std::size_t>(std::popcount(word));
  ends += recent_ends_;
  for (const std::uint32_t c : extra_column_) ends += c != none;
  return ends / 2;
}

}  // namespace kyosei::models
