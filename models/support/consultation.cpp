#include "support/consultation.hpp"

#include <algorithm>
#include <cmath>

namespace kyosei::models {

const char* to_string(Channel channel) {
  switch (channel) {
    case self_or_family:
      return "self";
    case neighbour:
      return "neighbour";
    case minsei:
      return "minsei";
    case outreach:
      return "outreach";
    case coordinator:
      return "coordinator";
    case referral:
      return "referral";
    case channels:
      break;
  }
  return "";
}

const char* to_string(PolicyMode mode) {
  switch (mode) {
    case PolicyMode::siloed:
      return "siloed";
    case PolicyMode::transition:
      return "transition";
    case PolicyMode::jusou:
      return "jusou";
  }
  return "siloed";
}

ConsultationMetrics::ConsultationMetrics(sim::MetricRegistry& r)
    : consultations_new(r.count("consultations_new", "consultations",
                                "Consultations brought to a counter, referrals included")),
      consultations_outreach(r.count("consultations_outreach", "consultations",
                                     "Consultations reached through outreach workers")),
      referrals(r.count("referrals", "referrals", "Hand-offs of a need to another counter")),
      referrals_lost(r.count("referrals_lost", "referrals",
                             "Hand-offs after which the household never arrived (たらい回し)")),
      gap_needs_unserved(r.count("gap_needs_unserved", "households",
                                 "Consultations whose gap need no program would take")),
      cases_opened(r.count("cases_opened", "cases", "Cases opened by a counter")),
      cases_open(r.level("cases_open", "cases", "Cases in support at the sample time")),
      cases_resolved(r.count("cases_resolved", "cases", "Cases ended with the need met")),
      cases_dropped(
          r.count("cases_dropped", "cases", "Cases ended by lost contact, death or moving away")),
      wait_days_total(
          r.count("wait_days_total", "days", "Days from request to case opening, summed")),
      wait_days_mean(r.ratio("wait_days_mean", "days", "Mean days from request to case opening",
                             wait_days_total, cases_opened)),
      compound_cases_conferenced(
          r.count("compound_cases_conferenced", "cases",
                  "Compound cases planned at a support conference (支援会議)")),
      participation_placements(
          r.count("participation_placements", "persons",
                  "Residents placed in work experience, roles, salons or 居場所")),
      participating(r.level("participating", "persons", "Residents in a participation place")),
      requests_gone(r.count("requests_gone", "cases",
                            "Queued requests whose household died out or moved before opening")),
      queue_waiting(r.level("queue_waiting", "cases", "Requests waiting in counters' queues")),
      staff_hours(r.count("consultation_staff_hours", "hours",
                          "Counter staff hours on casework and conferences")),
      cost_allocation_admin_hours(
          r.count("cost_allocation_admin_hours", "hours",
                  "Staff hours splitting costs among subsidies (経費按分)")),
      needs_arising(
          r.count("needs_arising", "households", "Households whose new need awaits help")),
      hidden_households(r.level("hidden_households", "households",
                                "Households with needs not yet brought to any counter")),
      by_channel{
          r.count("consultations_self", "consultations", "Consultations by self or family"),
          r.count("consultations_neighbour", "consultations",
                  "Consultations brought by neighbours"),
          r.count("consultations_minsei", "consultations", "Consultations brought by 民生委員"),
          consultations_outreach,
          r.count("consultations_coordinator", "consultations",
                  "Consultations brought by life-support coordinators"),
          r.count("consultations_referral", "consultations", "Consultations arriving by referral")},
      opened_by_domain{
          {r.count("cases_opened_elderly", "cases", "Cases opened at the 地域包括支援センター"),
           r.count("cases_opened_disability", "cases", "Cases opened at the 基幹相談支援センター"),
           r.count("cases_opened_children", "cases", "Cases opened at 利用者支援事業"),
           r.count("cases_opened_livelihood", "cases", "Cases opened at 自立相談支援機関")}} {}

namespace {

double link_strength(const Organisations& orgs, std::size_t m, Domain a, Domain b) {
  const auto [e, found] = edge(orgs.counters[m][a], orgs.counters[m][b], orgs.graph);
  return found ? orgs.graph[e].strength : 0.0;
}

}  // namespace

ConsultationSystem::ConsultationSystem(Town& town, const TownConfig& config,
                                       const ConsultationMetrics& ids,
                                       const Organisations& organisations,
                                       const sim::StreamKey& key, const sim::Clock& clock,
                                       Redraw redraw)
    : town_(town),
      config_(config),
      c_(config.consultation),
      ids_(ids),
      orgs_(organisations),
      key_(key),
      clock_(clock),
      redraw_(std::move(redraw)) {
  for (const MunicipalityConfig& m : config.municipalities) {
    Municipality& s = municipalities_.emplace_back();
    for (const Domain d : all_domains)
      s.counters[d].capacity = m.staff.fte[d] * c_.cases.hours_per_fte_month;
    s.outreach_capacity = static_cast<int>(m.staff.outreach_fte * c_.discovery.outreach_caseload);
  }
}

// Who a case's draws belong to: its household and the needs it covers, not its index among
// the town's cases, which shifts whenever any other case opens. Twins that differ in one
// municipality's policy (common random numbers) then draw alike everywhere else.
std::uint64_t ConsultationSystem::case_identity(const Case& c) {
  return (std::uint64_t{c.household} << 8) | c.needs.bits();
}

PolicyMode ConsultationSystem::mode_on(std::size_t m, int day) const {
  const PolicyConfig& p = config_.municipalities[m].policy;
  if (p.mode == PolicyMode::siloed) return PolicyMode::siloed;
  const int year = fiscal_year(clock_, day);
  if (year >= p.adoption_year) return p.mode;
  if (year >= p.adoption_year - p.transition_years) return PolicyMode::transition;
  return PolicyMode::siloed;
}

void ConsultationSystem::ensure(std::size_t households) {
  if (pending_.size() >= households) return;
  pending_.resize(households);
  unsolved_.resize(households);
  open_cases_.resize(households, 0);
  helped_.resize(households, 0);
  discouraged_.resize(households, 0);
  accompanied_.resize(households, 0);
  discovery_.resize(households, -1);
  covering_.resize(households);
  first_case_.resize(households, Residents::none);
}

int ConsultationSystem::area_of(std::uint32_t h) const {
  return town_.household_area(h);
}
std::uint16_t ConsultationSystem::municipality_of(std::uint32_t h) const {
  return town_.household_municipality(h);
}

void ConsultationSystem::schedule(int day, Event what, std::uint32_t id) {
  if (day >= clock_.days()) return;
  events_.push({day, order_++, what, id});
}

void ConsultationSystem::start(int day) {
  ensure(town_.households.size());
  const std::vector<Needs> needs = household_needs(town_);
  for (std::uint32_t h = 0; h < needs.size(); ++h) {
    if (needs[h].empty()) continue;
    sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_episode);
    if (!draw.bernoulli(c_.episodes.initial_pending)) continue;
    pending_[h] = needs[h];
    draw_discovery(h, day);
  }
}

void ConsultationSystem::need_arises(std::uint32_t h, Needs needs, int day,
                                     sim::MetricRecorder& recorder) {
  ensure(town_.households.size());
  if (town_.households.members[h] == 0) return;
  // A case in progress takes in what it already covers; under 重層 it covers the household.
  const bool whole = open_cases_[h] > 0 && mode_on(municipality_of(h), day) == PolicyMode::jusou;
  if (whole) return;
  const Needs fresh = needs.without(pending_[h]).without(covering_[h]);
  if (fresh.empty()) return;
  if (pending_[h].empty() && !accompanied_[h]) recorder.add(ids_.needs_arising, area_of(h), 1);
  pending_[h] |= fresh;
  if (!accompanied_[h]) draw_discovery(h, day);
}

// The household's chance to seek help: its most willing adult's propensity.
double ConsultationSystem::propensity(std::uint32_t h) const {
  double best = 0;
  town_.for_each_member(h, [&](std::uint32_t m) {
    if (town_.residents.age[m] >= 15)
      best = std::max(best, town_.residents.help_seeking[m] / 255.0);
  });
  return best;
}

// The competing hazards [1/year] by which household h's pending need is discovered: by the
// household itself (help-seeking, lowered by stigma for gap needs and after being turned
// away, raised by ties to helped households), by neighbours (not if all are isolated) and by
// 民生委員 (more often with someone 65+).
ConsultationSystem::DiscoveryHazards ConsultationSystem::discovery_hazards(std::uint32_t h) const {
  const DiscoveryConfig& d = c_.discovery;
  const Residents& r = town_.residents;
  bool elder = false, all_isolated = true;
  int helped_ties = 0;
  town_.for_each_member(h, [&](std::uint32_t m) {
    elder |= r.age[m] >= 65;
    all_isolated &= r.has(m, isolated);
    if (m < num_vertices(town_.ties))
      for (auto e : boost::make_iterator_range(out_edges(m, town_.ties))) {
        const std::uint32_t other = r.household[target(e, town_.ties)];
        helped_ties += other != h && other < helped_.size() && helped_[other];
      }
  });
  DiscoveryHazards z;
  z.stigma = pending_[h].domains().empty() ? d.gap_stigma : 1.0;
  z.seek = propensity(h);
  z.self = d.self_seek_rate * z.seek * z.stigma * (discouraged_[h] ? 0.3 : 1.0) *
           (1.0 + d.helped_tie_bonus * std::min(helped_ties, 3));
  z.neighbour = all_isolated ? 0.0 : d.neighbour_notice_rate;
  z.minsei = elder ? d.minsei_notice_elderly : d.minsei_notice_other;
  return z;
}

void ConsultationSystem::draw_discovery(std::uint32_t h, int day) {
  const DiscoveryHazards z = discovery_hazards(h);
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_discovery);
  const double wait = draw.exponential(z.total() / 365.25);  // [days]
  discovery_[h] =
      wait < static_cast<double>(clock_.days() - day - 1) ? day + 1 + static_cast<int>(wait) : -1;
  if (discovery_[h] >= 0) schedule(discovery_[h], Event::discovery, h);
}

void ConsultationSystem::discover(std::uint32_t h, int day, sim::MetricRecorder& recorder) {
  const DiscoveryConfig& d = c_.discovery;
  // Who discovered it, in proportion to the same hazards that timed the discovery.
  const DiscoveryHazards z = discovery_hazards(h);
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_channel);
  const double u = draw.uniform() * z.total();
  const Channel channel = u < z.self                 ? self_or_family
                          : u < z.self + z.neighbour ? neighbour
                                                     : minsei;
  if (channel == self_or_family) return consult(h, channel, day, recorder);

  // Someone else noticed. Under 重層 the signal reaches outreach workers, who accompany the
  // household until it is ready; otherwise the household is told where to go and goes only
  // if willing, the more so the less stigma.
  const std::uint16_t m = municipality_of(h);
  Municipality& state = municipalities_[m];
  if (mode_on(m, day) == PolicyMode::jusou && state.outreach_used < state.outreach_capacity) {
    ++state.outreach_used;
    accompanied_[h] = 1;
    const double trust = draw.exponential(1.0 / std::max(1.0, d.outreach_trust_days));
    schedule(day + 1 + static_cast<int>(trust), Event::trust_built, h);
    return;
  }
  if (draw.bernoulli(z.seek * z.stigma + (1 - z.seek) * 0.2))
    return consult(h, channel, day, recorder);
  draw_discovery(h, day);  // not yet; perhaps later
}

std::uint32_t ConsultationSystem::open_request(std::uint32_t h, Needs needs, Domain counter,
                                               Channel channel, bool conference, int day) {
  const bool compound = conference || needs.compound();
  const auto id = static_cast<std::uint32_t>(cases_.size());
  cases_.push_back({h, area_of(h), municipality_of(h), needs, counter,
                    static_cast<std::uint8_t>(channel), conference, day,
                    compound ? c_.cases.hours_compound_month : c_.cases.hours_single_month});
  municipalities_[municipality_of(h)].counters[counter].queue.push_back(id);
  cases_.back().next_of_household = first_case_[h];
  first_case_[h] = id;
  ++open_cases_[h];
  covering_[h] |= needs;
  return id;
}

void ConsultationSystem::consult(std::uint32_t h, Channel channel, int day,
                                 sim::MetricRecorder& recorder) {
  const int area = area_of(h);
  recorder.add(ids_.consultations_new, area, 1);
  recorder.add(ids_.by_channel[channel], area, 1);
  const Needs needs = pending_[h];
  pending_[h] = {};
  discovery_[h] = -1;
  discouraged_[h] = 0;
  if (needs.empty()) return;
  const std::uint16_t m = municipality_of(h);
  const PolicyMode mode = mode_on(m, day);
  const bool compound = needs.compound();

  // The counter a household turns to first: the attribute its most pressing need belongs
  // to; a gap need alone goes to livelihood support if someone of working age withdrew,
  // else to the 包括.
  Domain first = Domain::elderly;
  if (needs.has(Domain::elderly))
    first = Domain::elderly;
  else if (needs.has(Domain::disability))
    first = Domain::disability;
  else if (needs.has(Domain::livelihood))
    first = Domain::livelihood;
  else if (needs.has(Domain::children))
    first = Domain::children;
  else {
    bool withdrawn_adult = false;
    town_.for_each_member(h, [&](std::uint32_t r) {
      withdrawn_adult |=
          town_.residents.withdrawal[r] != withdrawal_none && town_.residents.age[r] < 65;
    });
    first = withdrawn_adult ? Domain::livelihood : Domain::elderly;
  }

  if (mode == PolicyMode::jusou) {  // 属性を問わない受け止め: one case for the whole household
    open_request(h, needs, first, channel, compound, day);
    unsolved_[h] = {};
    return;
  }
  // Siloed (and 移行準備): each counter takes its own attribute. A combined counter takes
  // every attribute but must split its costs among the subsidies (経費按分).
  const bool combined = config_.municipalities[m].policy.combined_counter;
  DomainSet covered = needs.domains() & first;
  if (combined) {
    covered = needs.domains();
    const int others = covered.without(first).size();
    recorder.add(ids_.cost_allocation_admin_hours, area,
                 others * c_.cases.allocation_hours_per_case);
    if (fiscal_)
      fiscal_->book(
          program_cost_allocation_admin, shares::municipal_only, area,
          others * c_.cases.allocation_hours_per_case * config_.fiscal.admin_wage_per_hour, day,
          recorder);
  }
  Needs unsolved{DomainSet{}, needs.gap()};
  // 移行準備: compound households already meet at a support conference, which hands each
  // attribute to its counter directly, so nothing is lost on the way.
  const bool conference = mode == PolicyMode::transition && compound;
  if (!covered.empty()) open_request(h, covered, first, channel, conference, day);
  int hand_offs = 0;
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_consult);
  for (const Domain d : all_domains) {
    if (!needs.has(d) || covered.contains(d)) continue;
    ++hand_offs;
    recorder.add(ids_.referrals, area, 1);
    // The better the two counters know each other (link strength, 0.5 for strangers;
    // councils and coordinators raise it), the less a hand-off is lost.
    const double strength = link_strength(orgs_, m, first, d);
    const double loss = conference
                            ? 0.0
                            : std::min(1.0, c_.referral.loss_probability *
                                                std::pow(c_.referral.loss_growth, hand_offs - 1) *
                                                (1.0 - strength) / 0.5);
    if (draw.bernoulli(loss)) {
      recorder.add(ids_.referrals_lost, area, 1);
      unsolved |= d;
      continue;
    }
    recorder.add(ids_.consultations_new, area, 1);
    recorder.add(ids_.by_channel[referral], area, 1);
    open_request(h, d, d, referral, conference, day);
  }
  if (needs.gap()) recorder.add(ids_.gap_needs_unserved, area, 1);
  unsolved_[h] = unsolved;
  if (covered.empty() && open_cases_[h] == 0) {
    // Turned away with nothing: the household may try again, less willingly.
    discouraged_[h] = 1;
    pending_[h] = unsolved;
    draw_discovery(h, day);
  }
}

bool ConsultationSystem::coordinator_visit(std::uint32_t h, int day,
                                           sim::MetricRecorder& recorder) {
  ensure(town_.households.size());
  if (pending_[h].empty() || accompanied_[h] || town_.households.members[h] == 0) return false;
  // Assumption: seven in ten households agree to go with the coordinator.
  if (!sim::Stream(key_, h, static_cast<std::uint64_t>(day), purpose_coordinator).bernoulli(0.7))
    return false;
  consult(h, coordinator, day, recorder);
  return true;
}

void ConsultationSystem::set_supported(std::uint32_t h, bool on, int day) {
  town_.for_each_member(h, [&](std::uint32_t r) {
    if (town_.residents.has(r, supported) == on) return;
    town_.residents.set(r, supported, on);
    redraw_(r, day);
  });
}

// Participation support: a place for a withdrawn or isolated member (or one in hardship).
// Existing programs take only the eligible (hardship); 重層 widens places to anyone.
void ConsultationSystem::place(std::uint32_t h, bool anyone, int day,
                               sim::MetricRecorder& recorder) {
  Residents& r = town_.residents;
  const MunicipalityConfig& mc = config_.municipalities[municipality_of(h)];
  Municipality& state = municipalities_[municipality_of(h)];
  town_.for_each_member(h, [&](std::uint32_t m) {
    if (r.has(m, participating) || r.age[m] < 15) return;
    const bool gap = r.withdrawal[m] != withdrawal_none || r.has(m, isolated);
    const bool eligible = r.has(m, hardship);
    if (!gap && !eligible) return;
    Event leave = Event::leave_place;
    if (anyone && state.places_used < mc.staff.participation_places) {
      ++state.places_used;
    } else if (eligible && state.program_used < mc.staff.program_places) {
      ++state.program_used;
      leave = Event::leave_program;
    } else {
      return;
    }
    r.set(m, participating, true);
    redraw_(m, day);
    recorder.add(ids_.participation_placements, area_of(h), 1);
    sim::Stream draw(key_, m, static_cast<std::uint64_t>(day), purpose_place);
    schedule(
        day + 1 +
            static_cast<int>(draw.exponential(1.0 / std::max(1.0, c_.cases.participation_days))),
        leave, m);
  });
}

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
        if (c.conference) {
          const int agencies = std::max(2, c.needs.domains().size() + 1);
          recorder.add(ids_.compound_cases_conferenced, c.region, 1);
          recorder.add(ids_.staff_hours, c.region, agencies * c_.cases.conference_hours);
        }
        set_supported(c.household, true, day);
        const PolicyMode mode = mode_on(m, day);
        place(c.household, mode == PolicyMode::jusou, day, recorder);
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
  covering_[h] = {};
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
  if (open_cases_[c.household] == 0) set_supported(c.household, false, day);
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
  const double relapse = std::min(
      1.0, c_.cases.relapse_probability * (1.0 + c_.cases.relapse_per_unsolved * unsolved));
  if (draw.bernoulli(relapse))
    need_arises(h, c.needs | unsolved_[h], day, recorder);
  else if (unsolved)
    need_arises(h, unsolved_[h], day, recorder);
}

void ConsultationSystem::household_gone(std::uint32_t h, int day, sim::MetricRecorder& recorder) {
  if (h >= open_cases_.size() || open_cases_[h] == 0) return;
  // In the order they were requested; queued ones leave their queue when it reaches them.
  std::vector<std::uint32_t> open;
  for (std::uint32_t id = first_case_[h]; id != Residents::none; id = cases_[id].next_of_household)
    if (cases_[id].state == Case::State::open) open.push_back(id);
  for (auto id = open.rbegin(); id != open.rend(); ++id) close(*id, false, day, recorder);
}

void ConsultationSystem::step(int day, bool working_day, sim::MetricRecorder& recorder) {
  ensure(town_.households.size());
  while (!events_.empty() && events_.top().day == day) {
    const Scheduled e = events_.top();
    events_.pop();
    switch (e.what) {
      case Event::discovery:
        if (discovery_[e.id] == day && !pending_[e.id].empty() &&
            town_.households.members[e.id] > 0)
          discover(e.id, day, recorder);
        break;
      case Event::trust_built: {
        Municipality& state = municipalities_[municipality_of(e.id)];
        --state.outreach_used;
        accompanied_[e.id] = 0;
        if (!pending_[e.id].empty() && town_.households.members[e.id] > 0)
          consult(e.id, outreach, day, recorder);
        break;
      }
      case Event::case_end:
        end_case(e.id / 2, e.id % 2 == 1, day, recorder);
        break;
      case Event::leave_place:
      case Event::leave_program: {
        Municipality& state = municipalities_[town_.municipality_of(e.id)];
        (e.what == Event::leave_place ? state.places_used : state.program_used) -= 1;
        if (town_.residents.has(e.id, alive)) {
          town_.residents.set(e.id, participating, false);
          redraw_(e.id, day);
        }
        break;
      }
    }
  }
  if (working_day) open_cases(day, recorder);
}

void ConsultationSystem::observe(sim::MetricRecorder& recorder) const {
  for (const std::uint32_t id : open_list_) recorder.add(ids_.cases_open, cases_[id].region, 1);
  for (const Municipality& m : municipalities_)
    for (const Counter& counter : m.counters)
      for (const std::uint32_t id : counter.queue)
        recorder.add(ids_.queue_waiting, cases_[id].region, 1);
  for (std::uint32_t h = 0; h < pending_.size(); ++h)
    if (!pending_[h].empty() && town_.households.members[h] > 0)
      recorder.add(ids_.hidden_households, area_of(h), 1);
  for (std::uint32_t i = 0; i < town_.residents.size(); ++i)
    if (town_.residents.has(i, participating) && town_.residents.has(i, alive))
      recorder.add(ids_.participating, town_.area_of(i), 1);
}

}  // namespace kyosei::models
