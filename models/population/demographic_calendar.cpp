#include "population/demographic_calendar.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <utility>

#include "kyosei/sim/growth.hpp"
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
      on_event_(std::move(on_event)) {
  for (std::uint32_t m = 0; m < config.municipalities.size(); ++m) scenario_index_.push_back(m);
}

void DemographicCalendar::set_migration(const Migration* migration,
                                        std::vector<std::uint32_t> scenario_index) {
  migration_ = migration;
  scenario_index_ = std::move(scenario_index);
}

void DemographicCalendar::new_year(int day) {
  Residents& r = town_.residents;
  if (!clock_.warming_up(day))  // the warm-up's population holds still
    sim::for_each_block(r.size(), [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) {
        if (!r.has(i, alive) || r.age[i] >= 110) continue;
        // Turning 15 without a tie outside the household begins a spell of isolation (no
        // counter hears of it: the needs isolation brings are an elder's).
        if (++r.age[i] == 15 && refresh_isolation(town_, static_cast<std::uint32_t>(i)))
          begin_spell(static_cast<std::uint32_t>(i), day);
      }
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
  sim::grow_to(next_event_, town_.residents.size(), never);
  sim::grow_to(next_tie_, town_.residents.size(), never);
  const bool still = clock_.warming_up(day);
  const auto wait_until = [&](double wait) {
    return wait < static_cast<double>(horizon - day) ? day + static_cast<int>(wait) : never;
  };
  sim::for_each_block(town_.residents.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const auto id = static_cast<std::uint32_t>(i);
      const Hazards h = hazards_of(town_, config_, id, still);
      double total = 0;
      for (double x : h) total += x;
      next_event_[i] =
          wait_until(sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_transition)
                         .exponential(total));
      next_tie_[i] =
          still
              ? never
              : wait_until(sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_tie_clock)
                               .exponential(tie_hazards_of(town_, config_, id).total()));
    }
  });
  for (std::uint32_t i = 0; i < next_event_.size(); ++i) {
    calendar_.schedule(next_event_[i], i);
    calendar_.schedule(next_tie_[i], i | tie_clock);
  }
  count_leavers(day, horizon);
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

void DemographicCalendar::draw_next_tie(std::uint32_t i, int day, sim::Purpose purpose) {
  // The warm-up holds the graph still: ties neither fade nor form.
  const double rate = clock_.warming_up(day) ? 0.0 : tie_hazards_of(town_, config_, i).total();
  const double wait =
      sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose).exponential(rate);  // [days]
  const int from = day + 1;
  next_tie_[i] =
      wait < static_cast<double>(clock_.days() - from) ? from + static_cast<int>(wait) : never;
  calendar_.schedule(next_tie_[i], i | tie_clock);
}

void DemographicCalendar::redraw(std::uint32_t i, int day) {
  if (!town_.residents.has(i, alive)) return;
  draw_next(i, day);
  draw_next_tie(i, day, purpose_tie_clock_after);
}

// Departures expected at today's hazards (whole households where a parent takes them along),
// for the year's arrivals, which are planned once every partition knows the others' (what
// lands from them is not to come from outside as well).
void DemographicCalendar::count_leavers(int day, int horizon) {
  plan_day_ = day;
  plan_horizon_ = horizon;
  plan_due_ = true;
  const std::size_t n_munis = config_.municipalities.size();
  leaving_.assign(n_munis, 0);
  people_.assign(n_munis, 0);
  if (clock_.warming_up(day)) return;  // nobody moves in while the population holds still
  const Residents& r = town_.residents;
  std::vector<std::uint8_t> with_children(town_.households.size(), 0);  // a member under 15
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (r.has(i, alive) && r.age[i] < 15) with_children[r.household[i]] = 1;
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    const std::uint16_t m = town_.municipality_of(i);
    people_[m] += 1;
    leaving_[m] += expected_departures(town_, config_, i,  // [persons / year]
                                       with_children[r.household[i]] != 0);
  }
}

// Households moving in from outside over the year counted: departures expected plus the
// municipality's net migration, less what it expects from the scenario's other
// municipalities, as a Poisson number of persons, so a net rate r gives r on average and 0
// gives no net loss.
void DemographicCalendar::plan_arrivals(const std::vector<double>& inflow) {
  plan_due_ = false;
  arrivals_.clear();
  next_arrival_ = 0;
  const int day = plan_day_, horizon = plan_horizon_;
  if (clock_.warming_up(day)) return;  // nobody moves in while the population holds still
  const double years = static_cast<double>(horizon - day) / 365.25;
  for (std::size_t m = 0; m < leaving_.size(); ++m) {
    const double persons = std::max(
        0.0, leaving_[m] + config_.municipalities[m].net_migration_rate * people_[m] - inflow[m]);
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
  // Households from the scenario's other municipalities, in the order they were handed over.
  for (const Move& move : inbox_) {
    const auto local = std::find(scenario_index_.begin(), scenario_index_.end(), move.to);
    if (local == scenario_index_.end())
      throw std::logic_error("a move was handed to a partition that is not its destination");
    const std::size_t before = town_.residents.size();
    std::vector<std::uint32_t> touched;
    move_in(town_, config_, static_cast<std::size_t>(local - scenario_index_.begin()), move, day,
            key_, touched);
    sim::grow_to(next_event_, town_.residents.size(), never);
    sim::grow_to(next_tie_, town_.residents.size(), never);
    for (std::size_t i = before; i < town_.residents.size(); ++i) {
      const int area = town_.area_of(static_cast<std::uint32_t>(i));
      recorder.add(ids_.moved_in, area, 1);
      recorder.add(ids_.moved_within, area, 1);
    }
    ties_changed(touched, day, recorder);
    for (std::size_t i = before; i < town_.residents.size(); ++i)
      redraw(static_cast<std::uint32_t>(i), day);
  }
  inbox_.clear();
  while (next_arrival_ < arrivals_.size() && arrivals_[next_arrival_].day == day) {
    const Arrival& a = arrivals_[next_arrival_++];
    const std::size_t before = town_.residents.size();
    std::vector<std::uint32_t> touched;
    arrive(town_, config_, a.municipality, day, a.serial, key_, touched);
    sim::grow_to(next_event_, town_.residents.size(), never);
    sim::grow_to(next_tie_, town_.residents.size(), never);
    for (std::size_t i = before; i < town_.residents.size(); ++i)
      recorder.add(ids_.moved_in, town_.area_of(static_cast<std::uint32_t>(i)), 1);
    ties_changed(touched, day, recorder);
    for (std::size_t i = before; i < town_.residents.size(); ++i)
      redraw(static_cast<std::uint32_t>(i), day);
  }
}

// Residents whose ties changed: isolation follows the graph (a resident left with no tie
// outside the household reports becoming isolated), and their tie clocks are drawn again (the
// rate of fading follows the number of ties). Each resident once, in the order given.
void DemographicCalendar::ties_changed(std::vector<std::uint32_t>& touched, int day,
                                       sim::MetricRecorder& recorder) {
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  Residents& r = town_.residents;
  for (const std::uint32_t j : touched) {
    if (!r.has(j, alive)) continue;
    const bool was_isolated = r.has(j, isolated);
    if (refresh_isolation(town_, j)) {
      begin_spell(j, day);
      on_event_({j, r.household[j], Transition::became_isolated, false}, day, recorder);
    } else if (was_isolated && !r.has(j, isolated)) {
      r.reserved[j] = r.withdrawal[j] >= rarely_leaves_home;
    }
    if (j < next_tie_.size()) draw_next_tie(j, day, purpose_tie_clock_after);
  }
}

// Each spell of isolation is one the resident keeps to (forming ties rarely) with
// isolation_persistent, as at the start; a tie again ends it.
void DemographicCalendar::begin_spell(std::uint32_t i, int day) {
  town_.residents.reserved[i] =
      sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_isolation_episode)
          .bernoulli(config_.conditions.isolation_persistent);
}

void DemographicCalendar::tie_formed(std::uint32_t a, std::uint32_t b, int day,
                                     sim::MetricRecorder& recorder) {
  const Residents& r = town_.residents;
  if (clock_.warming_up(day)) return;  // the warm-up holds the graph still
  if (!r.has(a, alive) || !r.has(b, alive) || !tie(town_, a, b)) return;
  recorder.add(ids_.ties_formed, town_.area_of(a), 1);
  std::vector<std::uint32_t> touched{a, b};
  ties_changed(touched, day, recorder);
}

// One of resident i's ties fades, or i gets to know someone new.
void DemographicCalendar::tie_event(std::uint32_t i, int day, sim::MetricRecorder& recorder) {
  const TieHazards h = tie_hazards_of(town_, config_, i);
  const double u =
      sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_tie_kind).uniform();
  const Transition what = u * h.total() < h.ends ? Transition::tie_ends : Transition::tie_forms;
  const std::uint32_t household = town_.residents.household[i];
  const bool uncertified = town_.residents.care[i] == care_none;
  Change change = apply(town_, config_, i, what, day, key_);
  on_event_({i, household, what, uncertified}, day, recorder);
  if (what == Transition::tie_ends)
    recorder.add(ids_.ties_ended, town_.area_of(i), 1);
  else if (!change.touched.empty())
    recorder.add(ids_.ties_formed, town_.area_of(i), 1);
  change.touched.push_back(i);
  ties_changed(change.touched, day, recorder);
}

void DemographicCalendar::resident_events(int day, sim::MetricRecorder& recorder) {
  // The warm-up is over: everyone's next event again, births, deaths and moves included.
  if (day > 0 && day == clock_.output_start()) draw_year(day);
  // Filing for later days while reading today's bucket is safe: next events start tomorrow.
  for (const std::uint32_t entry : calendar_.due(day)) {
    const std::uint32_t i = entry & ~tie_clock;
    if (!town_.residents.has(i, alive)) continue;
    if (entry & tie_clock) {
      if (next_tie_[i] == day) tie_event(i, day, recorder);
      continue;
    }
    if (next_event_[i] != day) continue;  // stale entry
    const Hazards h = hazards_of(town_, config_, i, clock_.warming_up(day));
    const Transition what = pick(
        h,
        sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_transition_kind).uniform());
    const int area = town_.area_of(i);
    const bool uncertified = town_.residents.care[i] == care_none;
    const std::uint32_t household = town_.residents.household[i];
    const double tie_rate = tie_hazards_of(town_, config_, i).total();
    // Someone moving to another municipality of the scenario goes there as they are now.
    if (what == Transition::move_away && migration_ && migration_->any()) {
      const std::uint32_t from = scenario_index_[town_.municipality_of(i)];
      sim::Stream where(key_, i, static_cast<std::uint64_t>(day), purpose_move_destination);
      if (const std::optional<std::uint32_t> to = migration_->destination(from, where))
        outbox_.push_back(moving_out(town_, i, from, *to));
    }
    // A warm-up replays care and disability events to the counters without applying them.
    Change change = clock_.warming_up(day) && replayed_in_warmup(what)
                        ? Change{what}
                        : apply(town_, config_, i, what, day, key_);
    on_event_({i, household, what, uncertified}, day, recorder);
    // The resident's next event; its tie clock only if the event changed its rate (the draw
    // it has stands otherwise: waits are memoryless).
    if (town_.residents.has(i, alive)) {
      draw_next(i, day);
      if (tie_hazards_of(town_, config_, i).total() != tie_rate)
        draw_next_tie(i, day, purpose_tie_clock_after);
    }
    ties_changed(change.touched, day, recorder);
    // Whoever the resident moved in or out with: all their hazards again.
    std::sort(change.rehoused.begin(), change.rehoused.end());
    change.rehoused.erase(std::unique(change.rehoused.begin(), change.rehoused.end()),
                          change.rehoused.end());
    for (const std::uint32_t j : change.rehoused) redraw(j, day);
    switch (what) {
      case Transition::death:
        recorder.add(ids_.deaths, area, 1);
        break;
      case Transition::care_up:
        if (uncertified) recorder.add(ids_.certifications_new, area, 1);
        break;
      case Transition::birth:
        recorder.add(ids_.births, area, 1);
        sim::grow_to(next_event_, town_.residents.size(), never);
        sim::grow_to(next_tie_, town_.residents.size(), never);
        redraw(change.newborn, day);
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
