#pragma once
// Municipalities from a table (`municipalities_from:`), for prefectures and the nation: rows
// of a CSV such as scenarios/data/municipalities.csv become municipality entries, with daily-
// life areas by size, the national age mix unless a row's overrides say otherwise, and
// optional coverage of coordinators and councils and a staggered adoption schedule assigned
// by a fixed, seed-independent ranking of municipality codes.

#include <vector>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"

namespace kyosei::models {

// Expands the `municipalities_from` section into municipality mappings, each located at its
// CSV row, ready for the same reading as municipalities written out in the scenario. Blank
// populations are reported on stderr and filled with their prefecture's mean.
std::vector<sim::ConfigNode> municipalities_from_table(const sim::ConfigReader& spec,
                                                       double national_age65,
                                                       double national_age75);

}  // namespace kyosei::models
