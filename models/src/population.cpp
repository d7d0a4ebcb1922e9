#include "population.hpp"

#include <algorithm>
#include <cmath>

#include "kyosei/sim/parallel.hpp"

namespace kyosei::models {

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

Residents build_residents(const TownConfig& config, const TownRegions& regions,
                          const sim::StreamKey& key) {
  std::size_t n = 0;
  for (const MunicipalityConfig& m : config.municipalities)
    n += static_cast<std::size_t>(m.population);
  Residents r;
  r.age.resize(n);
  r.area.resize(n);
  r.municipality.resize(n);

  std::size_t first = 0;
  for (std::size_t mi = 0; mi < config.municipalities.size(); ++mi) {
    const MunicipalityConfig& m = config.municipalities[mi];
    std::vector<double> cumulative;
    double sum = 0;
    for (const AreaConfig& a : m.areas) cumulative.push_back(sum += a.share);
    const std::vector<int>& area_of = regions.area_region[mi];
    const std::size_t count = static_cast<std::size_t>(m.population);
    // Ages are exact quotas by band (so the shares match the scenario to a resident), placed
    // at positions chosen by a keyed draw per resident: band by rank, not by chance.
    const auto n75 =
        static_cast<std::size_t>(std::llround(m.age75_share * static_cast<double>(count)));
    const auto n65 =
        static_cast<std::size_t>(std::llround(m.age65_share * static_cast<double>(count)));
    sim::for_each_block(count, [&](std::size_t begin, std::size_t end) {
      for (std::size_t j = begin; j < end; ++j) {
        const std::size_t id = first + j;
        sim::Stream age_draw(key, id, 0, purpose_age);
        if (j < n75) {
          r.age[id] = static_cast<std::uint8_t>(75 + age_draw.below(20));
        } else if (j < n65) {
          r.age[id] = static_cast<std::uint8_t>(65 + age_draw.below(10));
        } else {
          r.age[id] = static_cast<std::uint8_t>(age_draw.below(65));
        }
        sim::Stream area_draw(key, id, 0, purpose_area);
        const double v = area_draw.uniform() * sum;
        const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), v);
        const std::size_t k = std::min<std::size_t>(
            static_cast<std::size_t>(at - cumulative.begin()), cumulative.size() - 1);
        r.area[id] = area_of[k];
        r.municipality[id] = static_cast<std::uint16_t>(mi);
      }
    });
    first += count;
  }
  return r;
}

void age_one_year(Residents& residents) {
  sim::for_each_block(residents.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      if (residents.age[i] < 110) ++residents.age[i];
  });
}

}  // namespace kyosei::models
