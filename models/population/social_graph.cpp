// The residents' social graph: household ties (everyone in a household), kin ties (an
// elderly household and an adult child's household elsewhere in town), and neighbour ties
// as a Watts–Strogatz small world inside each neighbourhood, a share of them rewired to
// weak ties across the elementary-school district. Isolated residents have no tie outside
// their household and withdrawn residents none to neighbours.
#include <algorithm>
#include <atomic>
#include <bit>
#include <map>
#include <mutex>

#include "kyosei/sim/parallel.hpp"

#include "population/dynamics.hpp"
#include "population/population.hpp"

namespace kyosei::models {

namespace {

using Tie = std::pair<sim::VertexId, sim::VertexId>;

// Residents grouped by a key (CSR-style): members of group g are ids[start[g]..start[g+1]).
struct Groups {
  std::vector<std::size_t> start;
  std::vector<std::uint32_t> ids;
  std::size_t size(std::size_t g) const { return start[g + 1] - start[g]; }
  const std::uint32_t* begin(std::size_t g) const { return ids.data() + start[g]; }
};

template <class KeyOf>
Groups group_by(std::size_t groups, const std::vector<std::uint32_t>& members, KeyOf key_of) {
  Groups out;
  out.start.assign(groups + 1, 0);
  for (std::uint32_t i : members) ++out.start[key_of(i) + 1];
  for (std::size_t g = 0; g < groups; ++g) out.start[g + 1] += out.start[g];
  out.ids.resize(members.size());
  std::vector<std::size_t> fill(out.start.begin(), out.start.end() - 1);
  for (std::uint32_t i : members) out.ids[fill[key_of(i)]++] = i;
  return out;
}

bool outgoing(const Town& town, std::uint32_t i) {
  return town.residents.has(i, alive) && !town.residents.has(i, isolated);
}

}  // namespace

namespace {

sim::StaticGraph link_residents(const Town& town, const TownConfig& config,
                                const sim::StreamKey& key) {
  const Residents& r = town.residents;
  const Households& hh = town.households;
  const TiesConfig& t = config.ties;
  std::vector<Tie> family;  // household and kin ties

  // Household ties: every pair of members.
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (static_cast<HouseholdType>(hh.type[h]) == HouseholdType::facility) continue;
    std::vector<std::uint32_t> members;
    town.for_each_member(h, [&](std::uint32_t m) { members.push_back(m); });
    for (std::size_t a = 0; a < members.size(); ++a)
      for (std::size_t b = a + 1; b < members.size(); ++b)
        family.emplace_back(members[a], members[b]);
  }

  // Kin ties: an elderly household's eldest member and an adult of a working-age household
  // of the same municipality.
  const std::size_t n_munis = config.municipalities.size();
  std::vector<std::vector<std::uint32_t>> adults_of(n_munis);
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    const auto type = static_cast<HouseholdType>(hh.type[h]);
    if (type == HouseholdType::couple_with_children || type == HouseholdType::couple ||
        type == HouseholdType::single_adult || type == HouseholdType::single_parent)
      if (hh.first[h] != Residents::none && outgoing(town, hh.first[h]))
        adults_of[town.household_municipality(h)].push_back(hh.first[h]);
  }
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    const auto type = static_cast<HouseholdType>(hh.type[h]);
    if (type != HouseholdType::single_elderly && type != HouseholdType::elderly_couple) continue;
    const std::uint32_t elder = hh.first[h];
    const auto& adults = adults_of[town.household_municipality(h)];
    sim::Stream draw(key, h, 0, purpose_ties);
    if (elder == Residents::none || adults.empty() || !outgoing(town, elder) ||
        !draw.bernoulli(t.kin_tie_elderly))
      continue;
    family.emplace_back(elder, adults[draw.below(adults.size())]);
  }

  // Neighbour ties, per neighbourhood, among residents old enough and not withdrawn.
  std::vector<std::uint32_t> sociable;
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (outgoing(town, i) && r.withdrawal[i] == withdrawal_none &&
        r.age[i] >= t.min_age_for_neighbour_ties)
      sociable.push_back(i);
  const auto neighbourhood_of = [&](std::uint32_t i) { return hh.neighbourhood[r.household[i]]; };
  const Groups by_nb = group_by(town.neighbourhoods.size(), sociable, neighbourhood_of);
  const Groups by_district = group_by(town.school_districts, sociable, [&](std::uint32_t i) {
    return town.neighbourhoods.school_district[neighbourhood_of(i)];
  });
  const std::size_t half = static_cast<std::size_t>(t.neighbour_ties / 2);
  std::vector<std::vector<Tie>> local(town.neighbourhoods.size());
  const auto link_neighbourhood = [&](std::size_t nb) {
    const std::size_t n = by_nb.size(nb);
    if (n < 2) return;
    // Ring order: by a keyed draw per resident, so the lattice does not follow households.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> ring;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = by_nb.begin(nb)[k];
      ring.emplace_back(sim::Stream(key, i, 0, purpose_ties).next_u64(), i);
    }
    std::sort(ring.begin(), ring.end());
    // How far along the ring each resident reaches: Poisson with mean half, so that degrees
    // spread as the ties' own fading and forming spread them (about Poisson over a decade)
    // rather than all sitting at neighbour_ties; no one is left without a neighbour by it.
    std::vector<std::uint32_t> reach(n), reached(n, 0);
    std::vector<sim::Stream> draws;
    draws.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      draws.emplace_back(key, ring[k].second, 1, purpose_ties);
      reach[k] = static_cast<std::uint32_t>(
          std::min<std::uint64_t>(draws[k].poisson(static_cast<double>(half)), n - 1));
      for (std::size_t step = 1; step <= reach[k]; ++step) ++reached[(k + step) % n];
    }
    if (half > 0)
      for (std::size_t k = 0; k < n; ++k)
        if (reach[k] == 0 && reached[k] == 0) reach[k] = 1;
    const std::size_t district = town.neighbourhoods.school_district[nb];
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t a = ring[k].second;
      sim::Stream& draw = draws[k];
      for (std::size_t step = 1; step <= reach[k]; ++step) {  // repeats merge later
        std::uint32_t b = ring[(k + step) % n].second;
        if (draw.bernoulli(t.weak_tie_share) && by_district.size(district) > 1)
          b = by_district.begin(district)[draw.below(by_district.size(district))];
        if (b != a && r.household[a] != r.household[b]) local[nb].emplace_back(a, b);
      }
    }
  };
  sim::for_each_block(
      town.neighbourhoods.size(),
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t nb = begin; nb < end; ++nb) link_neighbourhood(nb);
      },
      8);
  // One exact allocation for all ties (growing a vector this size would double its peak);
  // each part is freed once copied.
  std::size_t count = family.size();
  for (const auto& part : local) count += part.size();
  std::vector<Tie> ties;
  ties.reserve(count);
  ties.insert(ties.end(), family.begin(), family.end());
  std::vector<Tie>().swap(family);
  for (auto& part : local) {
    ties.insert(ties.end(), part.begin(), part.end());
    std::vector<Tie>().swap(part);
  }
  return sim::make_static_graph(static_cast<sim::VertexId>(r.size()), std::move(ties));
}

// A digest of everything link_residents reads: the stream key, the ties' settings and the
// town's arrays. Towns with equal digests get the same graph.
struct Digest {
  std::uint64_t a = 0x9E3779B97F4A7C15ull, b = 0xC2B2AE3D27D4EB4Full;
  void add(std::uint64_t x) {
    a = (a ^ x) * 0xFF51AFD7ED558CCDull;
    a ^= a >> 33;
    b = (b + x) * 0xC4CEB9FE1A85EC53ull;
    b ^= b >> 29;
  }
  template <class T>
  void add(const std::vector<T>& v) {
    add(v.size());
    for (const T& x : v) add(static_cast<std::uint64_t>(x));
  }
  auto operator<=>(const Digest&) const = default;
};

Digest digest_of(const Town& town, const TownConfig& config, const sim::StreamKey& key) {
  Digest d;
  d.add(key.seed), d.add(key.family), d.add(key.replicate);
  const TiesConfig& t = config.ties;
  d.add(static_cast<std::uint64_t>(t.neighbour_ties));
  d.add(static_cast<std::uint64_t>(t.min_age_for_neighbour_ties));
  d.add(std::bit_cast<std::uint64_t>(t.weak_tie_share));
  d.add(std::bit_cast<std::uint64_t>(t.kin_tie_elderly));
  d.add(config.municipalities.size());
  const Residents& r = town.residents;
  d.add(r.age), d.add(r.flags), d.add(r.withdrawal), d.add(r.household), d.add(r.next_member);
  const Households& h = town.households;
  d.add(h.first), d.add(h.neighbourhood), d.add(h.type);
  d.add(town.neighbourhoods.school_district), d.add(town.neighbourhoods.municipality);
  d.add(town.school_districts);
  return d;
}

}  // namespace

namespace {
std::atomic<std::size_t> graphs_built{0};
}  // namespace

std::size_t social_graphs_built() {
  return graphs_built.load();
}

// Arms that continue from one warm-up build the same town, so the graph is built once and
// shared while any simulation holds it (its bulk is most of a town's memory).
void build_social_graph(Town& town, const TownConfig& config, const sim::StreamKey& key) {
  // The graph with its triangles (each simulation starts from a copy of those).
  struct Base {
    sim::StaticGraph graph;
    std::vector<std::uint16_t> triangles;
  };
  static std::mutex mutex;
  static std::map<Digest, std::weak_ptr<const Base>> built;
  const auto attach = [&](std::shared_ptr<const Base> base) {
    town.ties.attach(std::shared_ptr<const sim::StaticGraph>(base, &base->graph),
                     std::shared_ptr<const std::vector<std::uint16_t>>(base, &base->triangles));
  };
  const Digest digest = digest_of(town, config, key);
  {
    const std::lock_guard lock(mutex);
    if (const auto it = built.find(digest); it != built.end())
      if (auto shared = it->second.lock()) return attach(std::move(shared));
  }
  auto base = std::make_shared<Base>();
  ++graphs_built;
  base->graph = link_residents(town, config, key);
  base->triangles = LiveTies::count_triangles(base->graph);
  const std::lock_guard lock(mutex);
  std::erase_if(built, [](const auto& entry) { return entry.second.expired(); });
  built[digest] = base;
  attach(std::move(base));
}

Town build_town(const TownConfig& config, const TownRegions& regions, const sim::StreamKey& key) {
  Town town;
  assemble_households(town, config, regions, key);
  assign_conditions(town, config, key);
  place_in_facilities(town, config, key);
  build_social_graph(town, config, key);
  // Isolation is a property of the graph from the first day (each resident's own fields only:
  // blocks run in parallel).
  sim::for_each_block(town.residents.size(), [&](std::size_t begin, std::size_t end) {
    for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
      recount_outside_ties(town, i);
      refresh_isolation(town, i);
    }
  });
  return town;
}

std::size_t memory_bytes(const Town& town) {
  const auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  const Residents& r = town.residents;
  const Households& h = town.households;
  const Neighbourhoods& n = town.neighbourhoods;
  return bytes(r.age) + bytes(r.flags) + bytes(r.care) + bytes(r.withdrawal) + bytes(r.burden) +
         bytes(r.help_seeking) + bytes(r.reserved) + bytes(r.outside_ties) + bytes(r.household) +
         bytes(r.next_member) + bytes(h.first) + bytes(h.neighbourhood) + bytes(h.type) +
         bytes(h.low_income) + bytes(h.members) + bytes(n.area) + bytes(n.school_district) +
         bytes(n.municipality) + bytes(town.facility) +
         (num_vertices(*town.ties.base()) + 1 + num_edges(*town.ties.base())) *
             sizeof(sim::VertexId);
}

TownRegions build_regions(const TownConfig& config) {
  TownRegions out;
  const int total = out.table.add("total", "total", sim::RegionTable::no_parent);
  for (const MunicipalityConfig& m : config.municipalities) {
    const int muni = out.table.add(m.name, "municipality", total);
    out.municipality_region.push_back(muni);
    std::vector<int>& areas = out.area_region.emplace_back();
    for (const AreaConfig& a : m.areas)
      areas.push_back(out.table.add(m.name + "/" + a.name, "area", muni));
  }
  return out;
}

}  // namespace kyosei::models
