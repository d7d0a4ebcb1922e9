#pragma once
// The demographic calendar: when each resident's next event happens and which households
// move in this year. Once a year (1 January, and the start) everyone's next event is drawn
// from their hazards up to the next 1 January, and the year's arrivals are planned; an event
// that fires is applied and its resident's next one drawn, so cost follows events, not
// resident-days. Support and participation change hazards: they ask for a redraw.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/calendar.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "population/dynamics.hpp"
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

  // 1 January: everyone ages a year, carers' burdens follow, and the year is drawn.
  void new_year(int day);
  // Everyone's next event up to the next 1 January (or the end), and the year's arrivals.
  void draw_year(int day);
  // Today's events: each is applied, reported, counted, and its resident's next one drawn.
  void resident_events(int day, sim::MetricRecorder& recorder);
  // Today's arriving households, with their residents' first events.
  void arrivals(int day, sim::MetricRecorder& recorder);
  // Resident `i`'s hazards changed on `day` (support, participation): its next events again.
  void redraw(std::uint32_t i, int day);
  // Residents a and b form a tie (met at a community place, say); isolation and hazards follow.
  void tie_formed(std::uint32_t a, std::uint32_t b, int day, sim::MetricRecorder& recorder);

  template <class A>
  void archive(A& a) {
    a(next_event_, next_tie_, calendar_, arrivals_, next_arrival_);
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
  void plan_arrivals(int day, int horizon);

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
};

}  // namespace kyosei::models
