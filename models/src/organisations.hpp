#pragma once
// The organisation graph: consultation counters and 民生委員 (later also coordinators,
// councils and resources) on an adjacency list whose edges (referral links with a
// strength) change as the model runs. Households join it through their neighbourhood's
// 民生委員 (an array, not vertices: a nation has some fifty million households).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kyosei/sim/graph.hpp"
#include "population.hpp"

namespace kyosei::models {

// The four consultation counters of the siloed system, one per attribute (属性).
enum Counter4 : std::uint8_t {
  elderly_counter,
  disability_counter,
  children_counter,
  livelihood_counter
};
const char* counter_name(Counter4 counter);  // e.g. 地域包括支援センター

enum class OrgKind : std::uint8_t { agency, minsei_iin, coordinator, council, resource };
const char* to_string(OrgKind kind);

struct OrgNode {
  OrgKind kind = OrgKind::agency;
  std::string name;
  std::int32_t region = 0;  // municipality (agencies) or daily-life area (民生委員)
};

struct OrgLink {
  std::string kind;       // "referral"
  double strength = 0.0;  // [0, 1] how well the two know each other
};

using OrgGraph = sim::DynamicGraph<OrgNode, OrgLink>;

struct Organisations {
  OrgGraph graph;
  std::size_t count(OrgKind kind) const;
  std::vector<std::array<std::uint32_t, 4>> counters;  // [municipality][Counter4] -> vertex
  std::vector<std::uint32_t> minsei_of_neighbourhood;  // [neighbourhood] -> vertex
};

// Counters of each municipality refer to each other (strength `referral_strength`); each
// 民生委員 watches over about `minsei_households` households (whole neighbourhoods) and
// refers to the municipality's 地域包括支援センター.
Organisations build_organisations(const Town& town, const TownConfig& config,
                                  const TownRegions& regions);

}  // namespace kyosei::models
