// Cases at the counters (part of ConsultationSystem): opening what staff hours allow, support
// until a case is resolved or dropped, what a resolved case eases and what makes a need
// return; 伴走 after a resolved case.
#include <algorithm>
#include <cmath>

#include "support/consultation.hpp"

namespace kyosei::models {

void ConsultationSystem::open_cases(int day, sim::MetricRecorder& recorder) {
  for (std::size_t m = 0; m < municipalities_.size(); ++m) {
    for (const Domain d : all_domains) {
      Counter& counter = municipalities_[m].counters[d];
      while (!counter.queue.empty()) {
        Case& c = cases_[counter.queue.front()];
        if (town_.households.members[c.household] == 0) {  // nobody left to help
          counter.queue.pop_front();
          c.state = Case::State::closed;
          retire(static_cast<std::uint32_t>(&c - cases_.data()));
          --open_cases_[c.household];
          recompute_covering(c.household);
          recorder.add(ids_.requests_gone, c.region, 1);
          if (c.plan != Residents::none) part_ended(c.plan, recorder);
          continue;
        }
        if (counter.hours_used + c.hours > counter.capacity) break;
        counter.queue.pop_front();
        counter.hours_used += c.hours;
        c.state = Case::State::open;
        c.opened = day;
        const auto id = static_cast<std::uint32_t>(&c - cases_.data());
        c.open_slot = static_cast<std::uint32_t>(open_list_.size());
        open_list_.push_back(id);
        recorder.add(ids_.cases_opened, c.region, 1);
        recorder.add(ids_.opened_by_domain[d], c.region, 1);
        recorder.add(ids_.wait_days_total, c.region, day - c.requested);
        refresh_supported(c.household, day);
        place(c.household, c.needs, intake_rules(c.municipality, day).widened_places, day,
              recorder);
        // Support lasts an exponential time around the mean for its complexity, unless
        // contact is lost first.
        const bool compound = c.hours > c_.cases.hours_single_month;
        const double resolve =
            1.0 / (compound ? c_.cases.support_days_compound : c_.cases.support_days_single);
        const double drop = c_.cases.dropout_rate / 365.25;
        sim::Stream draw(key_, case_identity(c), static_cast<std::uint64_t>(day), purpose_case);
        const double wait = draw.exponential(resolve + drop);
        const bool resolved = draw.uniform() * (resolve + drop) < resolve;
        schedule(day + 1 + static_cast<int>(wait), Event::case_end, id * 2 + (resolved ? 1 : 0));
      }
    }
  }
}

// A household's queued and open cases are a short list threaded through the cases, so
// what it covers costs its own cases, never the town's (a nation has millions open).
void ConsultationSystem::recompute_covering(std::uint32_t h) {
  covering_[h] = waiting_plan_[h] != Residents::none ? plans_[waiting_plan_[h]].needs : Needs{};
  for (std::uint32_t id = first_case_[h]; id != Residents::none; id = cases_[id].next_of_household)
    covering_[h] |= cases_[id].needs;
}

void ConsultationSystem::retire(std::uint32_t id) {
  std::uint32_t* link = &first_case_[cases_[id].household];
  while (*link != id) link = &cases_[*link].next_of_household;
  *link = cases_[id].next_of_household;
  cases_[id].next_of_household = Residents::none;
}

void ConsultationSystem::close(std::uint32_t id, bool resolved, int day,
                               sim::MetricRecorder& recorder) {
  Case& c = cases_[id];
  c.state = Case::State::closed;
  municipalities_[c.municipality].counters[c.counter].hours_used -= c.hours;
  recorder.add(resolved ? ids_.cases_resolved : ids_.cases_dropped, c.region, 1);
  // Casework hours over the case's life, booked when it ends.
  recorder.add(ids_.staff_hours, c.region, c.hours * (day - c.opened) / 30.44);
  // Swap-and-pop: open_list_ is only ever summed, so its order does not matter.
  cases_[open_list_.back()].open_slot = c.open_slot;
  open_list_[c.open_slot] = open_list_.back();
  open_list_.pop_back();
  c.open_slot = Residents::none;
  retire(id);
  --open_cases_[c.household];
  recompute_covering(c.household);
  refresh_supported(c.household, day);
  if (c.plan != Residents::none) part_ended(c.plan, recorder);
}

void ConsultationSystem::end_case(std::uint32_t id, bool resolved, int day,
                                  sim::MetricRecorder& recorder) {
  const Case& c = cases_[id];
  if (c.state != Case::State::open) return;  // already dropped when the household left
  close(id, resolved, day, recorder);
  const std::uint32_t h = c.household;
  if (!resolved || town_.households.members[h] == 0) return;
  helped_[h] = 1;

  // A resolved case eases what it covered: livelihood support brings work or income to some
  // (43% of those in employment support, MHLW 行政事業レビュー 2024); support for a
  // withdrawn member eases the withdrawal by a step.
  Residents& r = town_.residents;
  sim::Stream draw(key_, case_identity(c), static_cast<std::uint64_t>(day), purpose_outcome);
  town_.for_each_member(h, [&](std::uint32_t m) {
    bool changed = false;
    if (c.needs.has(Domain::livelihood) && r.has(m, hardship) && draw.bernoulli(0.43)) {
      r.set(m, hardship, false);
      if (!r.has(m, employed) && r.age[m] >= 15 && r.age[m] <= 64 &&
          r.withdrawal[m] == withdrawal_none) {  // work or income: work for those who can
        r.set(m, employed, true);
        recorder.add(ids_.reemployed, c.region, 1);
      }
      changed = true;
    }
    if (c.needs.gap() && r.withdrawal[m] != withdrawal_none && draw.bernoulli(0.5)) {
      --r.withdrawal[m];
      changed = true;
    }
    if (changed) redraw_(m, day);
  });
  // What was left unsolved makes the need likelier to return.
  const int unsolved = unsolved_[h].count();
  // 伴走 under 重層: the counter keeps in touch while it has the hours, and a need returns
  // less often.
  const bool follow = intake_rules(c.municipality, day).outreach &&
                      c_.discovery.accompaniment_days > 0 &&
                      keep_in_touch(h, c.municipality, c.counter, day);
  const double relapse = std::min(1.0, c_.cases.relapse_probability *
                                           (1.0 + c_.cases.relapse_per_unsolved * unsolved) *
                                           (follow ? c_.discovery.accompaniment_relapse : 1.0));
  if (draw.bernoulli(relapse))
    need_arises(h, c.needs | unsolved_[h], day, recorder);
  else if (unsolved)
    need_arises(h, unsolved_[h], day, recorder);
}

bool ConsultationSystem::keep_in_touch(std::uint32_t h, std::uint16_t m, Domain counter, int day) {
  const int until = day + static_cast<int>(c_.discovery.accompaniment_days);
  if (followed_until_[h] < day) {  // not yet followed: the counter needs the hours
    Counter& k = municipalities_[m].counters[counter];
    const double hours = c_.discovery.accompaniment_hours_month;
    if (k.hours_used + hours > k.capacity) return false;
    k.hours_used += hours;
    followed_by_[h] = counter;
  }
  followed_until_[h] = until;  // a later case extends it, with the first counter's hours
  schedule(until, Event::accompaniment_ends, h);
  return true;
}

void ConsultationSystem::end_accompaniment(std::uint32_t h, int day) {
  if (followed_until_[h] != day) return;  // extended since
  municipalities_[municipality_of(h)].counters[followed_by_[h]].hours_used -=
      c_.discovery.accompaniment_hours_month;
  followed_until_[h] = -1;
}

void ConsultationSystem::household_gone(std::uint32_t h, int day, sim::MetricRecorder& recorder) {
  if (h >= open_cases_.size() || open_cases_[h] == 0) return;
  // In the order they were requested; queued ones leave their queue when it reaches them.
  std::vector<std::uint32_t> open;
  for (std::uint32_t id = first_case_[h]; id != Residents::none; id = cases_[id].next_of_household)
    if (cases_[id].state == Case::State::open) open.push_back(id);
  for (auto id = open.rbegin(); id != open.rend(); ++id) close(*id, false, day, recorder);
}

}  // namespace kyosei::models
