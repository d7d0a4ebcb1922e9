// Joint support plans under 重層 (part of ConsultationSystem): 多機関協働. A compound
// household's request waits for a support conference (重層的支援会議) as the collaboration
// team's hours allow (collaboration_fte × hours_per_fte_month, each open plan taking
// plan_hours_month of them); at the conference the counters its needs touch join, each taking
// its own part as a case in its own queue, worked from its own hours, and the lead counter
// (the one the household turned to) takes the gap need no program names. Plans are reviewed
// every review_days and close when every part has ended. Without collaboration staff no
// conference is held, and compound households wait.
#include <algorithm>

#include "support/consultation.hpp"

namespace kyosei::models {

void ConsultationSystem::request_plan(std::uint32_t h, Needs needs, Domain lead, Channel channel,
                                      int day) {
  const auto id = static_cast<std::uint32_t>(plans_.size());
  plans_.push_back(
      {h, area_of(h), municipality_of(h), needs, lead, static_cast<std::uint8_t>(channel), day});
  municipalities_[municipality_of(h)].plan_queue.push_back(id);
  waiting_plan_[h] = id;
  ++open_cases_[h];  // the request stands for the household's parts until the conference
  covering_[h] |= needs;
}

void ConsultationSystem::open_plans(int day, sim::MetricRecorder& recorder) {
  for (Municipality& m : municipalities_) {
    while (!m.plan_queue.empty()) {
      const std::uint32_t id = m.plan_queue.front();
      Plan& p = plans_[id];
      const std::uint32_t h = p.household;
      if (town_.households.members[h] == 0) {  // nobody left to plan for
        m.plan_queue.pop_front();
        p.state = Plan::State::closed;
        waiting_plan_[h] = Residents::none;
        --open_cases_[h];
        recompute_covering(h);
        recorder.add(ids_.requests_gone, p.region, 1);
        continue;
      }
      if (m.collaboration_used + c_.cases.plan_hours_month > m.collaboration_capacity) break;
      m.plan_queue.pop_front();
      m.collaboration_used += c_.cases.plan_hours_month;
      p.state = Plan::State::open;
      p.opened = day;
      waiting_plan_[h] = Residents::none;
      --open_cases_[h];
      // Each counter whose attribute the needs touch takes its own part; the lead takes the
      // gap need, which no program names.
      const DomainSet domains = p.needs.domains();
      for (const Domain d : all_domains)
        if (domains.contains(d)) {
          open_request(h, Needs(d), d, referral, p.requested, id);
          ++p.parts_open;
        }
      if (p.needs.gap()) {
        open_request(h, gap_need, p.lead, referral, p.requested, id);
        ++p.parts_open;
      }
      recompute_covering(h);
      recorder.add(ids_.plan_parts, p.region, p.parts_open);
      const int agencies = std::max(2, static_cast<int>(p.parts_open));
      recorder.add(ids_.conferences_held, p.region, 1);
      recorder.add(ids_.compound_cases_conferenced, p.region, 1);
      recorder.add(ids_.collaboration_hours, p.region, agencies * c_.cases.conference_hours);
      recorder.add(ids_.staff_hours, p.region, agencies * c_.cases.conference_hours);
      schedule(day + static_cast<int>(c_.cases.review_days), Event::plan_review, id);
    }
  }
}

void ConsultationSystem::review_plan(std::uint32_t id, int day, sim::MetricRecorder& recorder) {
  const Plan& p = plans_[id];
  if (p.state != Plan::State::open) return;
  const int agencies = std::max(2, static_cast<int>(p.parts_open));
  recorder.add(ids_.conferences_held, p.region, 1);
  recorder.add(ids_.collaboration_hours, p.region, agencies * c_.cases.conference_hours);
  recorder.add(ids_.staff_hours, p.region, agencies * c_.cases.conference_hours);
  schedule(day + static_cast<int>(c_.cases.review_days), Event::plan_review, id);
}

void ConsultationSystem::part_ended(std::uint32_t id, sim::MetricRecorder&) {
  Plan& p = plans_[id];
  if (p.state != Plan::State::open || p.parts_open == 0) return;
  if (--p.parts_open > 0) return;
  p.state = Plan::State::closed;  // every part has ended: the plan is closed
  municipalities_[p.municipality].collaboration_used -= c_.cases.plan_hours_month;
}

void ConsultationSystem::observe_plans(sim::MetricRecorder& recorder) const {
  for (const Municipality& m : municipalities_)
    for (const std::uint32_t id : m.plan_queue)
      recorder.add(ids_.plans_waiting, plans_[id].region, 1);
  for (const Plan& p : plans_)
    if (p.state == Plan::State::open) {
      recorder.add(ids_.plans_open, p.region, 1);
      recorder.add(ids_.plans_by_lead[p.lead], p.region, 1);
    }
}

}  // namespace kyosei::models
