#pragma once
// The welfare model's validated scenario: typed structs the loader fills from YAML. Units
// ride in trailing comments; defaults and their sources live in scenarios/*.yaml (every
// knob is shown in scenarios/hagi.yaml) and in models/town/town_loader.cpp.

#include <array>
#include <string>
#include <vector>

#include "kyosei/models/community_config.hpp"
#include "kyosei/models/consultation_config.hpp"
#include "kyosei/models/fiscal_config.hpp"
#include "kyosei/sim/clock.hpp"

namespace kyosei::models {

// Japan's fiscal year (地方自治法 第208条): April to March, named by the year it starts in.
// Adoption, transition and the ledger all count in it.
inline constexpr unsigned fiscal_year_first_month = 4;  // April
inline int fiscal_year(const sim::Date& date) {
  return sim::accounting_year(date, fiscal_year_first_month);
}
inline int fiscal_year(const sim::Clock& clock, int day) {
  return clock.accounting_year(day, fiscal_year_first_month);
}

// A value per 5-year age band 0-4, 5-9, ..., 95-99, 100+ (21 bands).
inline constexpr int age_bands = 21;
using AgeBandTable = std::array<double, age_bands>;
inline int age_band(int age) {
  return age >= 100 ? age_bands - 1 : age / 5;
}

// Residents by sex and 5-year band, e.g. the 2020 census pyramid.
struct AgePyramid {
  AgeBandTable men{};
  AgeBandTable women{};
  std::string source;  // file it came from, for messages and output
  bool operator==(const AgePyramid&) const = default;
};

struct AreaConfig {
  std::string name;    // daily-life area (日常生活圏域, layer 2)
  double share = 0.0;  // [fraction] of the municipality's households; shares sum to 1
  bool operator==(const AreaConfig&) const = default;
};

// The default 包括 casework staff of a municipality [FTE]: the norm of three professionals per
// 3,000-6,000 residents 65+ (施行規則 第140条の66), half their time on consultation (assumption).
inline double default_elderly_fte(double residents65) {
  return 0.5 * 3.0 * residents65 / 4500.0;
}

struct MunicipalityConfig {
  std::string name;
  long population = 0;                // [persons] at the start date
  double age65_share = 0.0;           // [fraction] residents aged 65+
  double age75_share = 0.0;           // [fraction] residents aged 75+
  int school_districts_per_area = 0;  // elementary-school districts in each daily-life area
  std::vector<AreaConfig> areas;
  CounterStaff staff;
  PolicyConfig policy;
  int sc_layer1 = 0;                // life-support coordinators for the whole municipality
  int sc_layer2_per_area = 0;       // per daily-life area
  bool council_layer1 = false;      // a municipal council (協議体)
  bool council_layer2 = false;      // a council in every daily-life area
  double net_migration_rate = 0.0;  // [1/year] arrivals minus departures per resident
  bool town = false;  // a town or village (町村), whose 民生委員 have smaller rounds than a city's
  // Its prefecture (都道府県), for moves between the scenario's municipalities; empty: unknown,
  // and its movers leave the scenario. A table's rows carry theirs.
  std::string prefecture;
  long prefecture_population = 0;  // [persons] the whole prefecture's (the table's rows, or set)
  bool operator==(const MunicipalityConfig&) const = default;
};

// How households are formed (shares of people or households by type).
struct HouseholdConfig {
  double elderly_alone_men = 0.0;    // [fraction] of men 65+ living alone
  double elderly_alone_women = 0.0;  // [fraction] of women 65+ living alone
  double elderly_in_couple = 0.0;    // [fraction] of other 65+ living as a couple only
  double withdrawn_40to64_with_parent =
      0.0;                     // [fraction] of withdrawn 40-64 living with a parent 75+ (8050)
  double adults_single = 0.0;  // [fraction] of working-age households that are one person
  double couples_with_children = 0.0;  // [fraction] of working-age households: couple + children
  double single_parents = 0.0;  // [fraction] of working-age households: one parent + children
  double mean_children = 0.0;   // [children] per household with children
  int households_per_neighbourhood = 0;  // [households] in a neighbourhood association (自治会)
  bool operator==(const HouseholdConfig&) const = default;
};

// Prevalence of conditions at the start.
struct ConditionsConfig {
  AgeBandTable certification{};  // [fraction] certified for long-term care by age band
  std::array<double, 3>
      support_share_of_certified{};  // [fraction] 要支援 among certified: 65-74, 75-84, 85+
  std::array<double, 5> care_level_mix{};  // [fraction] 要介護1..5 among 要介護 (sums to 1)
  double withdrawal_15to39 = 0.0;          // [fraction] in ひきこもり (broad definition)
  double withdrawal_40to64 = 0.0;          // [fraction]
  std::array<double, 4> withdrawal_severity{};  // [fraction] hobbies only, nearby shops, home, room
  AgeBandTable disability{};                    // [fraction] with a disability by age band
  double facility_share = 0.0;  // [fraction] of residents at 要介護3+ living in a care facility
  double low_income = 0.0;      // [fraction] in the lowest income band (relative poverty)
  double hardship_given_low_income =
      0.0;                         // [fraction] of low-income residents in livelihood hardship
  double employment_15to64 = 0.0;  // [fraction] employed
  double employment_65plus = 0.0;  // [fraction] employed
  double isolation_elderly_alone =
      0.0;                        // [fraction] of elderly living alone without outside contact
  double isolation_others = 0.0;  // [fraction] of other adults without outside contact
  // [fraction] of spells of isolation that the resident keeps to (forming and accepting ties
  // rarely until one forms); in the others they form ties as anyone does
  double isolation_persistent = 1.0;
  double help_seeking_mean = 0.0;  // [probability] propensity to seek help, before stigma
  bool operator==(const ConditionsConfig&) const = default;
};

// Yearly hazards of change (transitions draw event times from these).
struct DynamicsConfig {
  AgeBandTable mortality_men{};        // [1/year] by age band
  AgeBandTable mortality_women{};      // [1/year]
  double mortality_care_factor = 1.0;  // [×] mortality of residents at 要介護3 or above
  AgeBandTable fertility{};            // [births / woman / year] by mother's age band
  AgeBandTable care_onset{};           // [1/year] uncertified residents becoming certified
  double care_worsening = 0.0;         // [1/year] certified residents moving up one level
  // Derived from the published level mix (derive_care_flows), by age group 65-74, 75-84, 85+
  // and care level (index = CareLevel, 1-7): the level a new certification enters at
  // [fraction], and the rate of moving down one level [1/year] (none out of 要支援1: a
  // certification ends by death).
  std::array<std::array<double, 8>, 3> care_entry_mix{};
  std::array<std::array<double, 8>, 3> care_improvement{};
  double facility_entry = 0.0;  // [1/year] residents at 要介護3+ moving into a care facility
  double widowed_join_family =
      0.0;  // [probability] an elder left alone by a death moves in with family
  AgeBandTable disability_onset{};        // [1/year] residents acquiring a disability, by age band
  double withdrawal_onset = 0.0;          // [1/year] residents 15-64 entering ひきこもり
  double withdrawal_recovery = 0.0;       // [1/year]
  double hardship_onset = 0.0;            // [1/year] low-income residents entering hardship
  double hardship_recovery = 0.0;         // [1/year]
  AgeBandTable out_migration{};           // [1/year] residents leaving the town by age band
  double out_migration_with_elder = 1.0;  // [×] for residents under 65 living with someone 65+
  // Where those who leave go (population/migration.hpp): another municipality of the same
  // prefecture with this probability, else one of another prefecture, each chosen by its
  // population in `national_population`; one in the scenario is where they land.
  double moves_within_prefecture = 0.0;  // [fraction] of movers between municipalities
  double national_population = 0.0;      // [persons] the country's, weighing destinations
  // How outside influences scale hazards: participation (salons, roles) and support received.
  double participation_care_worsening = 1.0;       // [hazard ratio] on care onset and worsening
  double participation_isolation_recovery = 1.0;   // [×]
  double support_withdrawal_recovery = 1.0;        // [×]
  double participation_withdrawal_recovery = 1.0;  // [×] while in a place (参加支援's outcome)
  double support_hardship_recovery = 1.0;          // [×]
  bool operator==(const DynamicsConfig&) const = default;
};

// The care-level flows that hold the published level mix among the certified of each age
// group: a new certification enters at level l with probability proportional to the level's
// share times its mortality factor (so entries replace the deaths at each level), and the
// rate down from level l+1 balances the worsening from l (w × share_l = down_{l+1} ×
// share_{l+1}), so that no net flow runs between levels.
void derive_care_flows(const ConditionsConfig& conditions, DynamicsConfig& dynamics);

// An age's group in the published level mix: 0 for 65-74 (and younger), 1 for 75-84, 2 for 85+.
inline int care_age_group(int age) {
  return age < 75 ? 0 : age < 85 ? 1 : 2;
}

// The community graph.
struct TiesConfig {
  int neighbour_ties = 0;       // [ties] ring-lattice ties per resident in a neighbourhood (even)
  double weak_tie_share = 0.0;  // [fraction] of neighbour ties rewired across the school district
  double kin_tie_elderly =
      0.0;  // [fraction] of elderly households with a child's household in town
  int min_age_for_neighbour_ties = 0;  // [years] younger residents tie through their household
  // [households] on one 民生委員's round, in a town or village and in a city
  int minsei_round_town = 0;
  int minsei_round_city = 0;
  int minsei_term_years = 0;  // [years] between 一斉改選, when posts follow the households
  // [days] between censuses of the graph (its series hold between them; the first and last
  // samples always take one); 0 every sample, -1 by size (every sample up to 250,000
  // residents, else yearly).
  int census_days = -1;
  // Ties as they live (from min_age_for_neighbour_ties): each tie to someone outside the
  // household fades at fade_rate (its ends each at that rate), a resident forms ties at
  // formation_rate (a friend's friend with closure_share, else someone from the
  // neighbourhood), fewer from 75 and in withdrawal; an arrival forms arrival_ties in their
  // new neighbourhood; participants of one community place form ties at place_tie_rate each.
  double fade_rate = 0;           // [1/year] per tie outside the household
  double formation_rate = 0;      // [ties / year] per resident 6+
  double formation_old = 1;       // [×] from 75
  double formation_reserved = 1;  // [×] forming and accepting ties, for the reserved
  double closure_share = 0;       // [fraction] of new ties to a friend's friend
  int arrival_ties = 0;           // [ties] per arriving resident 6+
  double place_tie_rate = 0;      // [ties / year] per participant, with co-participants
  bool operator==(const TiesConfig&) const = default;
};

struct TownConfig {
  AgePyramid pyramid;
  HouseholdConfig households;
  ConditionsConfig conditions;
  DynamicsConfig dynamics;
  TiesConfig ties;
  ConsultationConfig consultation;
  CommunityConfig community;
  FiscalConfig fiscal;
  std::vector<MunicipalityConfig> municipalities;
  bool operator==(const TownConfig&) const = default;
};

}  // namespace kyosei::models
