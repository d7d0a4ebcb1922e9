#pragma once
// Reading a scenario's model keys, one reader per part of the model (each defined in the part's
// folder: population/population_reader.cpp, support/consultation_reader.cpp,
// community/community_reader.cpp, fiscal/fiscal_reader.cpp), and the checks they share. The
// town's loader (town_loader.cpp) calls them and reads the policy and the municipalities.

#include <initializer_list>
#include <string_view>
#include <utility>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/config_reader.hpp"

namespace kyosei::models {

// A probability or share in [0, 1], a rate in [0, 50] per year, a factor in [0, 100].
double unit(const sim::ConfigReader& r, std::string_view key, double fallback);
double rate(const sim::ConfigReader& r, std::string_view key, double fallback);    // [1/year]
double factor(const sim::ConfigReader& r, std::string_view key, double fallback);  // [×]

// A table by 5-year age band written as ranges, e.g. `{65-69: 0.028, 90+: 0.727}`. Bands not
// named keep the fallback's value.
AgeBandTable age_table(const sim::ConfigReader& r, std::string_view key, AgeBandTable table,
                       double max = 1.0);
// Steps: each (age, value) holds from that age to the next listed one.
AgeBandTable bands(std::initializer_list<std::pair<int, double>> from_age);

HouseholdConfig read_households(const sim::ConfigReader& households);
ConditionsConfig read_conditions(const sim::ConfigReader& conditions);
DynamicsConfig read_dynamics(const sim::ConfigReader& dynamics);
TiesConfig read_ties(const sim::ConfigReader& ties);
ConsultationConfig read_consultation(const sim::ConfigReader& consultation);
CommunityConfig read_community(const sim::ConfigReader& community);
FiscalConfig read_fiscal(const sim::ConfigReader& fiscal);

}  // namespace kyosei::models
