#include "population/demographic_calendar.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "kyosei/sim/parallel.hpp"

namespace kyosei::models {

DemographicCalendar::DemographicCalendar(Town& town, const TownConfig& config,
                                         const PopulationMetrics& ids, const sim::StreamKey& key,
                                         const sim::Clock& clock, OnEvent on_event)
    : town_(town),
      config_(config),
      ids_(ids),
      key_(key),
      clock_(clock),
      on_event_(std::move(on_event)) {}

void DemographicCalendar::new_year(int day) {
  Residents& r = town_.residents;
  if (!clock_.warming_up(day))  // the warm-up's population holds still
    sim::for_each_block(r.size(), [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i)
        if (r.has(i, alive) && r.age[i] < 110) ++r.age[i];
    });
  update_caregiving(town_);
  draw_year(day);
}

void DemographicCalendar::draw_year(int day) {
  const sim::Date today = clock_.date(day);
  const sim::Date next_january{today.year() + std::chrono::years{1}, std::chrono::January,
                               std::chrono::day{1}};
  const int horizon = std::min(clock_.day_of(next_january), clock_.days());
  calendar_.reset(day, horizon);
  next_event_.resize(town_.residents.size(), never);
  sim::for_each_block(town_.residents.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const Hazards h =
          hazards_of(town_, config_, static_cast<std::uint32_t>(i), clock_.warming_up(day));
      double total = 0;
      for (double x : h) total += x;
      sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_transition);
      const double wait = draw.exponential(total);
      next_event_[i] =
          wait < static_cast<double>(horizon - day) ? day + static_cast<int>(wait) : never;
    }
  });
  for (std::uint32_t i = 0; i < next_event_.size(); ++i) calendar_.schedule(next_event_[i], i);
  plan_arrivals(day, horizon);
}

// Files resident i's next event, drawn on `day` from its hazards, from the next day on.
void DemographicCalendar::draw_next(std::uint32_t i, int day) {
  const Hazards h = hazards_of(town_, config_, i, clock_.warming_up(day));
  double total = 0;
  for (double x : h) total += x;
  sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_transition_after_event);
  const double wait = draw.exponential(total);  // [days]; infinite when nothing can happen
  const int from = day + 1;
  next_event_[i] =
      wait < static_cast<double>(clock_.days() - from) ? from + static_cast<int>(wait) : never;
  calendar_.schedule(next_event_[i], i);
}

void DemographicCalendar::redraw(std::uint32_t i, int day) {
  if (town_.residents.has(i, alive)) draw_next(i, day);
}

// Households moving in over [day, horizon): departures expected at today's hazards (whole
// households where a parent takes them along) plus the municipality's net migration, as a
// Poisson number of persons, so a net rate r gives r on average and 0 gives no net loss.
void DemographicCalendar::plan_arrivals(int day, int horizon) {
  arrivals_.clear();
  next_arrival_ = 0;
  if (clock_.warming_up(day)) return;  // nobody moves in while the population holds still
  const std::size_t n_munis = config_.municipalities.size();
  std::vector<double> leaving(n_munis, 0), people(n_munis, 0);
  const Residents& r = town_.residents;
  std::vector<std::uint8_t> with_children(town_.households.size(), 0);  // a member under 15
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (r.has(i, alive) && r.age[i] < 15) with_children[r.household[i]] = 1;
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    const std::uint16_t m = town_.municipality_of(i);
    people[m] += 1;
    leaving[m] += expected_departures(town_, config_, i,  // [persons / year]
                                      with_children[r.household[i]] != 0);
  }
  const double years = static_cast<double>(horizon - day) / 365.25;
  for (std::size_t m = 0; m < n_munis; ++m) {
    const double persons =
        std::max(0.0, leaving[m] + config_.municipalities[m].net_migration_rate * people[m]);
    sim::Stream draw(key_, m, static_cast<std::uint64_t>(day), purpose_arrivals);
    const std::uint64_t households = draw.poisson(persons * years / arrival_household_size);
    for (std::uint64_t k = 0; k < households; ++k)
      arrivals_.push_back(
          {day + static_cast<int>(draw.below(static_cast<std::uint64_t>(horizon - day))),
           static_cast<std::uint32_t>(m), k});
  }
  std::sort(arrivals_.begin(), arrivals_.end());
}

void DemographicCalendar::arrivals(int day, sim::MetricRecorder& recorder) {
  while (next_arrival_ < arrivals_.size() && arrivals_[next_arrival_].day == day) {
    const Arrival& a = arrivals_[next_arrival_++];
    const std::size_t before = town_.residents.size();
    std::vector<std::uint32_t> touched;
    arrive(town_, config_, a.municipality, day, a.serial, key_, touched);
    next_event_.resize(town_.residents.size(), never);
    for (std::size_t i = before; i < town_.residents.size(); ++i)
      recorder.add(ids_.moved_in, town_.area_of(static_cast<std::uint32_t>(i)), 1);
    ties_changed(touched, day, recorder);
    for (std::size_t i = before; i < town_.residents.size(); ++i)
      draw_next(static_cast<std::uint32_t>(i), day);
  }
}

// Residents whose ties or household changed: isolation follows the graph (a resident left
// with no tie outside the household reports becoming isolated), and their hazards are drawn
// again. Each resident once, in the order given.
void DemographicCalendar::ties_changed(std::vector<std::uint32_t>& touched, int day,
                                       sim::MetricRecorder& recorder) {
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const std::uint32_t j : touched) {
    if (!town_.residents.has(j, alive)) continue;
    if (refresh_isolation(town_, j))
      on_event_({j, town_.residents.household[j], Transition::became_isolated, false}, day,
                recorder);
    if (j < next_event_.size()) redraw(j, day);
  }
}

void DemographicCalendar::tie_formed(std::uint32_t a, std::uint32_t b, int day,
                                     sim::MetricRecorder& recorder) {
  const Residents& r = town_.residents;
  if (!r.has(a, alive) || !r.has(b, alive) || !tie(town_, a, b)) return;
  recorder.add(ids_.ties_formed, town_.area_of(a), 1);
  std::vector<std::uint32_t> touched{a, b};
  ties_changed(touched, day, recorder);
}

void DemographicCalendar::resident_events(int day, sim::MetricRecorder& recorder) {
  // The warm-up is over: everyone's next event again, births, deaths and moves included.
  if (day > 0 && day == clock_.output_start()) draw_year(day);
  // Filing for later days while reading today's bucket is safe: next events start tomorrow.
  for (const std::uint32_t i : calendar_.due(day)) {
    if (next_event_[i] != day || !town_.residents.has(i, alive)) continue;  // stale entry
    const Hazards h = hazards_of(town_, config_, i, clock_.warming_up(day));
    const Transition what = pick(
        h,
        sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_transition_kind).uniform());
    const int area = town_.area_of(i);
    const bool uncertified = town_.residents.care[i] == care_none;
    const std::uint32_t household = town_.residents.household[i];
    // A warm-up replays care and disability events to the counters without applying them.
    const Change change = clock_.warming_up(day) && replayed_in_warmup(what)
                              ? Change{what}
                              : apply(town_, config_, i, what, day, key_);
    on_event_({i, household, what, uncertified}, day, recorder);
    if (what == Transition::tie_ends) recorder.add(ids_.ties_ended, area, 1);
    if (what == Transition::tie_forms && !change.touched.empty())
      recorder.add(ids_.ties_formed, area, 1);
    std::vector<std::uint32_t> touched = change.touched;
    touched.push_back(i);
    ties_changed(touched, day, recorder);
    switch (what) {
      case Transition::death:
        recorder.add(ids_.deaths, area, 1);
        break;
      case Transition::care_up:
        if (uncertified) recorder.add(ids_.certifications_new, area, 1);
        break;
      case Transition::birth:
        recorder.add(ids_.births, area, 1);
        next_event_.resize(town_.residents.size(), never);
        draw_next(change.newborn, day);
        break;
      case Transition::move_away:
        recorder.add(ids_.moved_away, area, change.departed);
        break;
      default:
        break;
    }
  }
  calendar_.clear(day);
}

}  // namespace kyosei::models
