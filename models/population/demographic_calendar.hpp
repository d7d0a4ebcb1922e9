#pragma once
// The demographic calendar: when each resident's next event happens and which households
// move in this year. Once a year (1 January, and the start) everyone's next event is drawn
// from their hazards up to the next 1 January, and the year's arrivals are planned; an event
// that fires is applied and its resident's next one drawn, so cost follows events, not
// resident-days. Support and participation change hazards: they ask for a redraw.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/calendar.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "population/dynamics.hpp"
#include "population/migration.hpp"
#include "population/population.hpp"
#include "population/population_metrics.hpp"

namespace kyosei::models {

// An event that fired, as the rest of the town hears of it.
struct ResidentEvent {
  std::uint32_t resident;
  std::uint32_t household;  // the resident's household before the event
  Transition what;
  bool was_uncertified;  // before the event
};

class DemographicCalendar {
 public:
  // Told of each event once it is applied, before its counts are recorded.
  using OnEvent = std::function<void(const ResidentEvent& event, int day, sim::MetricRecorder&)>;

  DemographicCalendar(Town& town, const TownConfig& config, const PopulationMetrics& ids,
                      const sim::StreamKey& key, const sim::Clock& clock, OnEvent on_event);

  // Moves between municipalities go by `migration` (the scenario's), this calendar's
  // municipalities being `scenario_index` of the scenario's (by default, all of them).
  void set_migration(const Migration* migration, std::vector<std::uint32_t> scenario_index);

  // 1 January: everyone ages a year, carers' burdens follow, and the year is drawn.
  void new_year(int day);
  // Everyone's next event up to the next 1 January (or the end), and the departures the
  // year's arrivals answer (plan_due).
  void draw_year(int day);
  // Today's events: each is applied, reported, counted, and its resident's next one drawn; a
  // household bound for another municipality of the scenario goes to the outbox.
  void resident_events(int day, sim::MetricRecorder& recorder);
  // The year was drawn and its arrivals from outside are still to plan: `leaving()` holds each
  // municipality's expected departures [persons / year], and plan_arrivals takes what each
  // can expect from the scenario's others [persons / year].
  bool plan_due() const { return plan_due_; }
  const std::vector<double>& leaving() const { return leaving_; }
  void plan_arrivals(const std::vector<double>& inflow);
  // Households leaving for another municipality since the outbox was last taken, in order,
  // and those handed here, which arrive first in today's arrivals.
  std::vector<Move> take_outbox() { return std::exchange(outbox_, {}); }
  void receive(Move move) { inbox_.push_back(std::move(move)); }
  // Today's arriving households, from the scenario's other municipalities and from outside,
  // with their residents' first events.
  void arrivals(int day, sim::MetricRecorder& recorder);
  // Resident `i`'s hazards changed on `day` (support, participation): its next events again.
  void redraw(std::uint32_t i, int day);
  // Residents a and b form a tie (met at a community place, say); isolation and hazards follow.
  void tie_formed(std::uint32_t a, std::uint32_t b, int day, sim::MetricRecorder& recorder);

  template <class A>
  void archive(A& a) {
    a(next_event_, next_tie_, calendar_, arrivals_, next_arrival_);
    // What lives within a day is empty between days, where states are saved; a state taken
    // over replaces what this calendar drew when it started.
    if constexpr (A::loading) {
      plan_due_ = false;
      outbox_.clear();
      inbox_.clear();
    }
  }

 private:
  struct Arrival {
    int day;
    std::uint32_t municipality;
    std::uint64_t serial;
    auto operator<=>(const Arrival&) const = default;
  };
  static constexpr double arrival_household_size = 1.875;  // [persons] mean of arrive()'s mix
  static constexpr int never = -1;
  // Marks a calendar entry for a resident's tie clock (residents are numbered below 2^31).
  static constexpr std::uint32_t tie_clock = 0x80000000u;

  // Resident i's next event after `day`, and the next change of its ties.
  void draw_next(std::uint32_t i, int day);
  void draw_next_tie(std::uint32_t i, int day, sim::Purpose purpose);
  void tie_event(std::uint32_t i, int day, sim::MetricRecorder& recorder);
  void begin_spell(std::uint32_t i, int day);  // i has just become isolated
  void ties_changed(std::vector<std::uint32_t>& touched, int day, sim::MetricRecorder& recorder);
  void count_leavers(int day, int horizon);

  Town& town_;
  const TownConfig& config_;
  const PopulationMetrics& ids_;
  sim::StreamKey key_;
  sim::Clock clock_;
  OnEvent on_event_;
  std::vector<int> next_event_;  // [day] of each resident's next event, or `never`
  std::vector<int> next_tie_;    // [day] of each resident's next tie change, or `never`
  sim::DayCalendar calendar_;
  std::vector<Arrival> arrivals_;  // this year's, by day
  std::size_t next_arrival_ = 0;
  // Within a day, never across one (nothing a checkpoint holds): the year's departures until
  // arrivals are planned, and the moves on their way.
  bool plan_due_ = false;
  int plan_day_ = 0, plan_horizon_ = 0;   // [day] the year counted
  std::vector<double> leaving_, people_;  // [persons / year], [persons] by municipality
  const Migration* migration_ = nullptr;
  std::vector<std::uint32_t> scenario_index_;  // [municipality] -> the scenario's
  std::vector<Move> outbox_, inbox_;
};

}  // namespace kyosei::models
