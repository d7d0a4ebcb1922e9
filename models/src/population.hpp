#pragma once
// Residents as structure-of-arrays, built from a municipality's age shares, and the
// regions they live in. Behaviour lives in free functions over these arrays.

#include <cstdint>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"

namespace kyosei::models {

// Stable tags of every random draw the welfare model makes (the `purpose` counter word).
enum Purpose : sim::Purpose {
  purpose_age = 1,
  purpose_area = 2,
  purpose_need_time = 3,
  purpose_need_time_after_need = 4,
  purpose_referral = 5,
};

// The region tree: total -> municipalities -> daily-life areas, and where each lies.
struct TownRegions {
  sim::RegionTable table;
  std::vector<int> municipality_region;       // [municipality] -> region index
  std::vector<std::vector<int>> area_region;  // [municipality][area] -> region index
};

TownRegions build_regions(const TownConfig& config);

struct Residents {
  std::vector<std::uint8_t> age;            // [years]
  std::vector<std::int32_t> area;           // region index of the daily-life area
  std::vector<std::uint16_t> municipality;  // index into TownConfig::municipalities

  std::size_t size() const { return age.size(); }
};

// Residents of every municipality, ids in municipality order. Ages follow the 65+ and 75+
// shares (uniform within 0-64, 65-74 and 75-94); areas follow the area shares.
Residents build_residents(const TownConfig& config, const TownRegions& regions,
                          const sim::StreamKey& key);

// Everyone is a year older on 1 January.
void age_one_year(Residents& residents);

}  // namespace kyosei::models
