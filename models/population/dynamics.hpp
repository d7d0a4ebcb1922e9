#pragma once
// Residents change by competing hazards: death, care level up or down, moving into a care
// facility, disability, withdrawal onset and recovery, isolation and reconnection,
// livelihood hardship in and out, giving birth, moving away. Each resident has one next
// event, drawn from the sum of its hazards; which one happens is drawn when it fires.
// Consultation and participation change hazards through a resident's influences
// (supported, participating), whose effects the scenario sets, then call for a redraw.

#include <array>
#include <cstdint>

#include "population/population.hpp"

namespace kyosei::models {

enum class Transition : std::uint8_t {
  death,
  care_up,
  care_down,
  enter_facility,
  disability,
  withdraw,
  recover_from_withdrawal,
  tie_ends,   // one of the resident's ties outside the household fades
  tie_forms,  // the resident forms a new tie
  hardship_begins,
  hardship_ends,
  birth,
  move_away,
  became_isolated,  // never drawn: the event a tie's end that left someone isolated reports
  count
};
inline constexpr std::size_t transitions = static_cast<std::size_t>(Transition::count);
using Hazards = std::array<double, transitions>;  // [1/day] each

// A resident's ties change on a clock of their own (tie_ends, tie_forms), so that a partner's
// tie changing redraws two rates, not every hazard: nothing else depends on the ties. The
// warm-up holds them still with the rest of the population (the calendar draws none).
struct TieHazards {
  double ends = 0, forms = 0;  // [1/day]
  double total() const { return ends + forms; }
};
TieHazards tie_hazards_of(const Town& town, const TownConfig& config, std::uint32_t i);
// Every other hazard of resident `i` now. `holding_still` (the warm-up): no deaths, births,
// moves or facility entries; residents of a facility stay as they are.
Hazards hazards_of(const Town& town, const TownConfig& config, std::uint32_t i,
                   bool holding_still = false);

// What a fired transition changed, for the metrics and the schedule.
struct Change {
  Transition what = Transition::count;
  std::uint32_t newborn = Residents::none;  // birth: the new resident
  int departed = 0;  // move_away: residents who left (the whole household with young children)
  // Others whose ties changed: their isolation and tie clocks are refreshed.
  std::vector<std::uint32_t> touched;
  // Residents whose household changed (and who live with them now): all their hazards again.
  std::vector<std::uint32_t> rehoused;
};

// Resident i's ties to residents of other households now, counted along them.
std::size_t outside_ties(const Town& town, std::uint32_t i);
// Counts them again into Residents::outside_ties (after a move between households).
void recount_outside_ties(Town& town, std::uint32_t i);
// A tie between i and j forms or ends, keeping both ends' counts of outside ties; false if
// nothing changed.
bool tie(Town& town, std::uint32_t i, std::uint32_t j);
bool untie(Town& town, std::uint32_t i, std::uint32_t j);
// Every tie of i ends (i dies or leaves); the former partners are added to `partners`.
void untie_all(Town& town, std::uint32_t i, std::vector<std::uint32_t>& partners);
// Isolation is a property of the graph: a resident 15+ with no tie outside the household
// (not in a care facility), by the count kept.
// Sets the flag; true if the resident has just become isolated.
bool refresh_isolation(Town& town, std::uint32_t i);

// Applies transition `what` to resident `i` on `day`.
Change apply(Town& town, const TownConfig& config, std::uint32_t i, Transition what, int day,
             const sim::StreamKey& key);

// A parent (20+) of young children (under 15) takes the whole household when moving away;
// anyone else goes alone.
inline bool takes_household_along(int age, bool household_has_children) {
  return household_has_children && age >= 20;
}
bool moves_household(const Town& town, std::uint32_t i);
// [persons / year] expected to leave the town through resident `i`'s moving away: the
// hazard, times the household when `i` takes it along (moves_household, with whether the
// household has a child under 15 known).
double expected_departures(const Town& town, const TownConfig& config, std::uint32_t i,
                           bool household_has_children);

// Picks which transition fires from hazards, with a uniform draw u in (0, 1).
Transition pick(const Hazards& h, double u);

// Initial conditions of an arriving or newborn resident (conditions.cpp).
void assign_resident_conditions(Town& town, const TownConfig& config, std::uint32_t i,
                                const sim::StreamKey& key, int day);
// In a warm-up the population holds still: its ages, care levels and disabilities stay as the
// start's published prevalence has them, while their events still bring needs to counters.
// True for the transitions a warm-up replays that way instead of applying them.
inline bool replayed_in_warmup(Transition t) {
  return t == Transition::care_up || t == Transition::care_down || t == Transition::disability;
}

// Someone `i` could get to know: with closure_share a friend's friend, else a resident of a
// household in the same neighbourhood; none if no one is found.
std::uint32_t new_acquaintance(const Town& town, const TiesConfig& t, std::uint32_t i,
                               sim::Stream& draw);

}  // namespace kyosei::models
