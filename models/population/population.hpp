#pragma once
// The synthetic town: geography (municipality > daily-life area > elementary-school
// district > neighbourhood > household), residents as structure-of-arrays, and the
// community graph. Behaviour lives in free functions over these arrays (households.cpp,
// conditions.cpp, social_graph.cpp, dynamics.cpp).

#include <cstdint>
#include <memory>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/graph.hpp"
#include "kyosei/sim/growth.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "population/ties.hpp"

namespace kyosei::models {

// Stable tags of every random draw the welfare model makes (the `purpose` counter word).
enum Purpose : sim::Purpose {
  purpose_referral = 5,
  purpose_household = 10,  // household assembly, keyed by municipality and step
  purpose_household_area = 11,
  purpose_conditions = 12,  // initial conditions of a resident
  purpose_ties = 13,
  purpose_transition = 14,  // next event time and kind of a resident
  purpose_arrivals = 15,    // in-migration of a municipality
  purpose_newborn = 16,
  purpose_household_income = 17,
  purpose_transition_after_event = 18,
  purpose_transition_kind = 19,
  purpose_facility = 20,
  purpose_join_family = 21,
  purpose_episode = 22,            // does a condition change bring a need to a counter
  purpose_discovery = 23,          // when and how a household's need is discovered
  purpose_consult = 24,            // referrals and their losses
  purpose_case = 25,               // case duration and outcome
  purpose_place = 26,              // participation places
  purpose_outcome = 27,            // effects of a resolved case
  purpose_channel = 28,            // who brings a discovered need
  purpose_community = 29,          // resources, providers and candidate places at the start
  purpose_coordinator = 30,        // a coordinator's month in an area
  purpose_resource = 31,           // a resource's month: providers tiring, participants leaving
  purpose_provider = 32,           // trained providers waiting in an area's pool
  purpose_care_entry = 33,         // the level a new certification enters at
  purpose_outreach_round = 34,     // which flagged households outreach visits this month
  purpose_tie_change = 35,         // which tie fades, whom a resident gets to know
  purpose_arrival_ties = 36,       // whom an arriving adult gets to know
  purpose_place_ties = 37,         // who meets whom at a community place this month
  purpose_tie_clock = 38,          // when a resident's ties next change, drawn for the year
  purpose_tie_clock_after = 39,    // the same, drawn again after a change
  purpose_tie_kind = 40,           // whether that change is a tie fading or forming
  purpose_isolation_episode = 41,  // whether a resident just isolated keeps to themselves
  purpose_move_in = 42,            // where a household from another municipality settles
  purpose_move_destination = 43,   // where a resident moving away goes
};

enum class HouseholdType : std::uint8_t {
  single_elderly,
  elderly_couple,
  eighty_fifty,  // a parent 75+ with a withdrawn child 40-64 (8050)
  multigeneration,
  couple_with_children,
  single_parent,
  couple,
  single_adult,
  facility,  // a care facility (特養 and the like): residents at 要介護3+ who moved in
  count
};
const char* to_string(HouseholdType type);

// Care levels: none, 要支援1-2, 要介護1-5.
enum CareLevel : std::uint8_t { care_none = 0, support1 = 1, support2 = 2, care1 = 3, care5 = 7 };

// Withdrawal (ひきこもり) severity, mildest first; 0 = not withdrawn.
enum Withdrawal : std::uint8_t {
  withdrawal_none = 0,
  hobbies_only,
  nearby_shops,
  rarely_leaves_home,
  rarely_leaves_room
};

enum ResidentFlag : std::uint8_t {
  alive = 1,  // present in the town (not dead, not moved away)
  female = 2,
  employed = 4,
  disabled = 8,
  hardship = 16,       // livelihood hardship (生活困窮)
  isolated = 32,       // no regular contact outside the household
  participating = 64,  // in a salon, role or place (set by later model parts)
  supported = 128,     // receiving support from a counter (set by later model parts)
};

struct Residents {
  std::vector<std::uint8_t> age;         // [years]
  std::vector<std::uint8_t> flags;       // ResidentFlag bits
  std::vector<std::uint8_t> care;        // CareLevel
  std::vector<std::uint8_t> withdrawal;  // Withdrawal
  std::vector<std::uint8_t>
      burden;  // caregiver burden: 0 none, 1 light (要支援/要介護1-2), 2 heavy
  std::vector<std::uint8_t> help_seeking;  // [1/255] propensity to seek help
  // 1: keeps to themself (drawn with the isolation shares): forms and accepts new ties rarely,
  // so isolation, a property of the graph, lasts for some.
  std::vector<std::uint8_t> reserved;
  // [ties] to residents of other households (at most 255; no new tie forms beyond): kept by
  // refresh_isolation whenever a resident's ties or household change.
  std::vector<std::uint8_t> outside_ties;
  std::vector<std::uint32_t> household;
  std::vector<std::uint32_t> next_member;  // next resident of the same household, or `none`

  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  std::size_t size() const { return age.size(); }
  template <class A>
  void archive(A& a) {
    a(age, flags, care, withdrawal, burden, help_seeking, reserved, outside_ties, household,
      next_member);
  }
  bool has(std::size_t i, ResidentFlag f) const { return (flags[i] & f) != 0; }
  void set(std::size_t i, ResidentFlag f, bool on) {
    flags[i] = static_cast<std::uint8_t>(on ? (flags[i] | f) : (flags[i] & ~f));
  }
  void reserve(std::size_t n);  // capacity for n residents in every array
  // Appends a resident; returns its id.
  std::uint32_t add(std::uint8_t age_years, bool is_female, std::uint32_t household_id);
};

struct Households {
  std::vector<std::uint32_t> first;  // first resident of the member list
  std::vector<std::uint32_t> neighbourhood;
  std::vector<std::uint8_t> type;        // HouseholdType at formation
  std::vector<std::uint8_t> low_income;  // 1 in the lowest income band
  std::vector<std::uint32_t> members;    // [persons] present

  std::size_t size() const { return first.size(); }
  // Capacity for one more in every array (sim/growth.hpp: an eighth at a time).
  void make_room() {
    for (auto* v : {&first, &neighbourhood, &members}) sim::make_room(*v, size() + 1);
    sim::make_room(type, size() + 1);
    sim::make_room(low_income, size() + 1);
  }
  template <class A>
  void archive(A& a) {
    a(first, neighbourhood, type, low_income, members);
  }
};

struct Neighbourhoods {
  std::vector<std::int32_t> area;  // region index of the daily-life area
  std::vector<std::uint32_t> school_district;
  std::vector<std::uint16_t> municipality;
  std::size_t size() const { return area.size(); }
  template <class A>
  void archive(A& a) {
    a(area, school_district, municipality);
  }
};

// The region tree: total -> municipalities -> daily-life areas, and where each lies.
struct TownRegions {
  sim::RegionTable table;
  std::vector<int> municipality_region;       // [municipality] -> region index
  std::vector<std::vector<int>> area_region;  // [municipality][area] -> region index
};
TownRegions build_regions(const TownConfig& config);

struct Town {
  Residents residents;
  Households households;
  Neighbourhoods neighbourhoods;
  std::uint32_t school_districts = 0;
  // Residents' social graph (household, kin, neighbours, acquaintances) as it lives: the
  // graph of the start, immutable and shared by every simulation whose town was built from
  // the same inputs (the arms of a warm-up), and what changed since (ties.hpp).
  LiveTies ties;
  std::vector<std::uint32_t> facility;  // [area region] -> its care-facility household, or none

 private:
  mutable std::vector<std::vector<std::uint32_t>> households_of_neighbourhood_;
  mutable std::size_t indexed_households_ = 0;

 public:
  // What changes as the town runs; the social graph of the start is rebuilt, not archived,
  // and what changed in it is.
  template <class A>
  void archive(A& a) {
    a(residents, households, neighbourhoods, school_districts, facility, ties);
  }

  // Households of a neighbourhood (an index kept up with appended households; derived, not
  // archived).
  const std::vector<std::uint32_t>& households_in(std::uint32_t neighbourhood) const {
    if (indexed_households_ != households.size() ||
        households_of_neighbourhood_.size() != neighbourhoods.size()) {
      if (households_of_neighbourhood_.size() != neighbourhoods.size()) {
        households_of_neighbourhood_.assign(neighbourhoods.size(), {});
        indexed_households_ = 0;
      }
      for (; indexed_households_ < households.size(); ++indexed_households_)
        households_of_neighbourhood_[households.neighbourhood[indexed_households_]].push_back(
            static_cast<std::uint32_t>(indexed_households_));
    }
    return households_of_neighbourhood_[neighbourhood];
  }

  // Where a household lies: its daily-life area (a region index) and municipality.
  std::int32_t household_area(std::uint32_t household) const {
    return neighbourhoods.area[households.neighbourhood[household]];
  }
  std::uint16_t household_municipality(std::uint32_t household) const {
    return neighbourhoods.municipality[households.neighbourhood[household]];
  }
  std::int32_t area_of(std::uint32_t resident) const {
    return household_area(residents.household[resident]);
  }
  std::uint16_t municipality_of(std::uint32_t resident) const {
    return household_municipality(residents.household[resident]);
  }
  template <class F>
  void for_each_member(std::uint32_t household, F&& f) const {
    for (std::uint32_t r = households.first[household]; r != Residents::none;
         r = residents.next_member[r])
      if (residents.has(r, alive)) f(r);
  }
};

// Builds every municipality's households and residents (households.cpp), their conditions
// (conditions.cpp) and the social graph (social_graph.cpp). Deterministic in `key`.
// The care-facility household of resident i's daily-life area, opened on first use.
std::uint32_t facility_for(Town& town, std::uint32_t i);
// Moves residents at 要介護3+ into facilities with the scenario's facility_share.
void place_in_facilities(Town& town, const TownConfig& config, const sim::StreamKey& key);

// Bytes held by the town's arrays and its social graph (capacity, not size).
std::size_t memory_bytes(const Town& town);

// Moves resident `i` from its household into `to`'s member list.
void move_to_household(Town& town, std::uint32_t i, std::uint32_t to);

Town build_town(const TownConfig& config, const TownRegions& regions, const sim::StreamKey& key);

// Steps of build_town, exposed for tests.
void assemble_households(Town& town, const TownConfig& config, const TownRegions& regions,
                         const sim::StreamKey& key);
void assign_conditions(Town& town, const TownConfig& config, const sim::StreamKey& key);
void update_caregiving(Town& town);  // caregiver burden from household members' care levels
void refresh_caregiving(Town& town, std::uint32_t household);  // the same for one household
void build_social_graph(Town& town, const TownConfig& config, const sim::StreamKey& key);
// Social graphs built in this process so far (each shared while any simulation holds it).
std::size_t social_graphs_built();

}  // namespace kyosei::models
