#include "support/consultation.hpp"

#include <algorithm>
#include <cmath>

namespace kyosei::models {

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
  municipalities_.resize(config.municipalities.size());
  take_up_staff();
}

void ConsultationSystem::take_up_staff() {
  for (std::size_t k = 0; k < municipalities_.size(); ++k) {
    const MunicipalityConfig& m = config_.municipalities[k];
    Municipality& s = municipalities_[k];
    for (const Domain d : all_domains)
      s.counters[d].capacity = m.staff.fte[d] * c_.cases.hours_per_fte_month;
    s.outreach_capacity = static_cast<int>(m.staff.outreach_fte * c_.discovery.outreach_caseload);
    s.collaboration_capacity = m.staff.collaboration_fte * c_.cases.hours_per_fte_month;
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
  if (households > pending_.capacity()) {  // an eighth more (sim/growth.hpp), not twice
    const std::size_t room = std::max(households, pending_.capacity() + pending_.capacity() / 8);
    pending_.reserve(room), unsolved_.reserve(room), open_cases_.reserve(room);
    helped_.reserve(room), discouraged_.reserve(room), accompanied_.reserve(room);
    followed_until_.reserve(room), followed_by_.reserve(room), discovery_.reserve(room);
    covering_.reserve(room), first_case_.reserve(room), waiting_plan_.reserve(room);
  }
  pending_.resize(households);
  unsolved_.resize(households);
  open_cases_.resize(households, 0);
  helped_.resize(households, 0);
  discouraged_.resize(households, 0);
  accompanied_.resize(households, 0);
  followed_until_.resize(households, -1);
  followed_by_.resize(households, Domain::elderly);
  discovery_.resize(households, -1);
  covering_.resize(households);
  first_case_.resize(households, Residents::none);
  waiting_plan_.resize(households, Residents::none);
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
  refresh_rounds();
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
  // A case in progress takes in what it already covers; where counters take every attribute
  // and the gap (重層), it covers the household.
  const IntakeRules rules = intake_rules(municipality_of(h), day);
  if (open_cases_[h] > 0 && rules.any_attribute && rules.gap) return;
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

// A household on a 民生委員's round: how much of the round's visits it gets (elders first);
// none in a care facility.
double ConsultationSystem::round_weight(std::uint32_t h, bool elder) const {
  if (!on_minsei_round(town_, h)) return 0;
  return elder ? c_.discovery.minsei_elder_weight : 1.0;
}

// Each 民生委員 updates the register of their round monthly: who lives there and who is 65+.
// (round_weight for every household, from one pass over the residents.)
void ConsultationSystem::refresh_rounds() {
  round_weight_.assign(num_vertices(orgs_.graph), 0.0);
  const Households& hh = town_.households;
  const Residents& r = town_.residents;
  static thread_local std::vector<std::uint8_t> elder;
  elder.assign(hh.size(), 0);
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (r.age[i] >= 65 && r.has(i, alive)) elder[r.household[i]] = 1;
  for (std::uint32_t h = 0; h < hh.size(); ++h)
    round_weight_[orgs_.minsei_of_neighbourhood[hh.neighbourhood[h]]] += round_weight(h, elder[h]);
}

// The competing hazards [1/year] by which household h's pending need is discovered: by the
// household itself (help-seeking, lowered by stigma for gap needs and after being turned
// away, raised by ties to helped households), by the people its members are tied to (each tie
// to someone 15+ elsewhere, more from the same neighbourhood: an isolated household has none)
// and by its 民生委員's visits (more often with someone 65+, rarer on a longer round).
ConsultationSystem::DiscoveryHazards ConsultationSystem::discovery_hazards(std::uint32_t h,
                                                                           int day) const {
  const DiscoveryConfig& d = c_.discovery;
  const Residents& r = town_.residents;
  const Households& hh = town_.households;
  int helped_ties = 0;
  bool elder = false;   // someone 65+ lives there (the 民生委員 visit more often)
  double noticing = 0;  // [1/year] over the members' ties
  town_.for_each_member(h, [&](std::uint32_t m) {
    elder |= r.age[m] >= 65;
    town_.ties.for_each(m, [&](std::uint32_t j) {
      const std::uint32_t other = r.household[j];
      if (other == h || !r.has(j, alive)) return;
      helped_ties += other < helped_.size() && helped_[other];
      // An isolated resident has no tie outside the household; one whose ties still stand
      // is noticed through them.
      if (r.age[j] >= 15)
        noticing += hh.neighbourhood[other] == hh.neighbourhood[h] ? d.notice_per_tie_nearby
                                                                   : d.notice_per_tie_elsewhere;
    });
  });
  DiscoveryHazards z;
  z.stigma = pending_[h].domains().empty() ? d.gap_stigma : 1.0;
  z.seek = propensity(h);
  z.self = d.self_seek_rate * z.seek * z.stigma * (discouraged_[h] ? 0.3 : 1.0) *
           (1.0 + d.helped_tie_bonus * std::min(helped_ties, 3));
  z.neighbour = noticing;
  const std::uint32_t post = orgs_.minsei_of_neighbourhood[hh.neighbourhood[h]];
  const double round = post < round_weight_.size() ? round_weight_[post] : 0.0;
  if (round > 0)
    z.minsei =
        d.minsei_visits_month * 12.0 * round_weight(h, elder) / round * d.minsei_notice_per_visit;
  if (followed_until_[h] >= day) z.contact = d.accompaniment_contacts_month * 12.0;
  return z;
}

void ConsultationSystem::draw_discovery(std::uint32_t h, int day) {
  const DiscoveryHazards z = discovery_hazards(h, day);
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_discovery);
  const double wait = draw.exponential(z.total() / 365.25);  // [days]
  discovery_[h] =
      wait < static_cast<double>(clock_.days() - day - 1) ? day + 1 + static_cast<int>(wait) : -1;
  if (discovery_[h] >= 0) schedule(discovery_[h], Event::discovery, h);
}

void ConsultationSystem::discover(std::uint32_t h, int day, sim::MetricRecorder& recorder) {
  const DiscoveryConfig& d = c_.discovery;
  // Who discovered it, in proportion to the same hazards that timed the discovery.
  const DiscoveryHazards z = discovery_hazards(h, day);
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_channel);
  const double u = draw.uniform() * z.total();
  // A contact of 伴走 found it: the worker who keeps in touch brings the household back.
  if (u >= z.self + z.neighbour + z.minsei) return consult(h, accompaniment, day, recorder);
  const Channel channel = u < z.self                 ? self_or_family
                          : u < z.self + z.neighbour ? neighbour
                                                     : minsei;
  if (channel == self_or_family) return consult(h, channel, day, recorder);

  // Someone else noticed. Under 重層 the signal reaches outreach workers, who accompany the
  // household until it is ready; otherwise the household is told where to go and goes only
  // if willing, the more so the less stigma.
  const std::uint16_t m = municipality_of(h);
  Municipality& state = municipalities_[m];
  if (intake_rules(m, day).outreach && state.outreach_used < state.outreach_capacity) {
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
                                               Channel channel, int day, std::uint32_t plan) {
  const auto id = static_cast<std::uint32_t>(cases_.size());
  cases_.push_back(
      {h, area_of(h), municipality_of(h), needs, counter, static_cast<std::uint8_t>(channel), day,
       needs.compound() ? c_.cases.hours_compound_month : c_.cases.hours_single_month});
  cases_.back().plan = plan;
  municipalities_[municipality_of(h)].counters[counter].queue.push_back(id);
  cases_.back().next_of_household = first_case_[h];
  first_case_[h] = id;
  ++open_cases_[h];
  covering_[h] |= needs;
  return id;
}

ConsultationSystem::IntakeRules ConsultationSystem::intake_rules(std::uint16_t m, int day) const {
  const PolicyMode mode = mode_on(m, day);
  const bool jusou = mode == PolicyMode::jusou;
  const bool combined = config_.municipalities[m].policy.combined_counter;
  return {.any_attribute = jusou || combined,
          .gap = jusou,
          .joint_plans = mode != PolicyMode::siloed,
          .cost_allocation = combined && !jusou,
          .widened_places = jusou,
          .outreach = jusou};
}

// The counter a household turns to first: the attribute its most pressing need belongs to; a
// gap need alone goes to livelihood support if someone of working age withdrew, else to the
// 包括.
Domain ConsultationSystem::first_counter(std::uint32_t h, Needs needs) const {
  for (const Domain d : {Domain::elderly, Domain::disability, Domain::livelihood, Domain::children})
    if (needs.has(d)) return d;
  bool withdrawn_adult = false;
  town_.for_each_member(h, [&](std::uint32_t r) {
    withdrawn_adult |=
        town_.residents.withdrawal[r] != withdrawal_none && town_.residents.age[r] < 65;
  });
  return withdrawn_adult ? Domain::livelihood : Domain::elderly;
}

// A household's needs meet the counters' rules: the counter it turns to takes what it accepts
// (its own attribute; every attribute and the gap under 重層), hands the rest on, and a gap
// need no counter accepts goes unserved. A compound household goes to a support conference
// where the mode holds them and a collaboration team exists (plans.cpp), which hands each
// attribute to its counter directly.
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
  const IntakeRules rules = intake_rules(m, day);
  const Domain first = first_counter(h, needs);
  const bool gap_taken = needs.gap() && rules.gap;
  Needs unsolved{};
  if (needs.gap() && !gap_taken) {  // no program names it, and no counter takes it
    recorder.add(ids_.gap_needs_unserved, area, 1);
    unsolved |= gap_need;
  }

  // A conference joins the agencies a household's needs touch: two or more (a gap need alone
  // is the lead counter's).
  const bool several_agencies = needs.count() >= 2;  // its domains and the gap
  if (several_agencies && rules.joint_plans && municipalities_[m].collaboration_capacity > 0) {
    request_plan(h, Needs{needs.domains(), gap_taken}, first, channel, day);
    unsolved_[h] = unsolved;
    return;
  }
  const DomainSet covered = rules.any_attribute ? needs.domains() : needs.domains() & first;
  if (rules.cost_allocation) {  // 経費按分: the other attributes' share of the case
    const int others = covered.without(first).size();
    recorder.add(ids_.cost_allocation_admin_hours, area,
                 others * c_.cases.allocation_hours_per_case);
    if (fiscal_)
      fiscal_->book(
          program_cost_allocation_admin, shares::municipal_only, area,
          others * c_.cases.allocation_hours_per_case * config_.fiscal.admin_wage_per_hour, day,
          recorder);
  }
  const Needs taken{covered, gap_taken};
  if (!taken.empty()) open_request(h, taken, first, channel, day);
  int hand_offs = 0;
  sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_consult);
  for (const Domain d : all_domains) {
    if (!needs.has(d) || covered.contains(d)) continue;
    ++hand_offs;
    recorder.add(ids_.referrals, area, 1);
    // The better the two counters know each other (link strength, 0.5 for strangers;
    // councils and coordinators raise it), the less a hand-off is lost.
    const double strength = link_strength(orgs_, m, first, d);
    const double loss = std::min(1.0, c_.referral.loss_probability *
                                          std::pow(c_.referral.loss_growth, hand_offs - 1) *
                                          (1.0 - strength) / 0.5);
    if (draw.bernoulli(loss)) {
      recorder.add(ids_.referrals_lost, area, 1);
      unsolved |= d;
      continue;
    }
    recorder.add(ids_.consultations_new, area, 1);
    recorder.add(ids_.by_channel[referral], area, 1);
    open_request(h, d, d, referral, day);
  }
  unsolved_[h] = unsolved;
  if (taken.empty() && open_cases_[h] == 0) {
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

void ConsultationSystem::step(int day, bool working_day, sim::MetricRecorder& recorder) {
  ensure(town_.households.size());
  today_ = day;
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
      case Event::plan_review:
        review_plan(e.id, day, recorder);
        break;
      case Event::placement_ends:
        end_placement(e.id, day, recorder);
        break;
      case Event::accompaniment_ends:
        end_accompaniment(e.id, day);
        break;
    }
  }
  if (working_day) {
    open_plans(day, recorder);
    open_cases(day, recorder);
  }
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
  observe_plans(recorder);
  for (std::uint32_t h = 0; h < accompanied_.size(); ++h)
    if (town_.households.members[h] > 0 && (accompanied_[h] || followed_until_[h] >= today_))
      recorder.add(ids_.accompanied, area_of(h), 1);
}

void ConsultationSystem::outreach_round(int day, sim::MetricRecorder& recorder) {
  ensure(town_.households.size());
  const Residents& r = town_.residents;
  const Households& hh = town_.households;
  std::vector<std::vector<std::uint32_t>> flagged(municipalities_.size());
  for (std::uint32_t h = 0; h < pending_.size(); ++h) {
    if (pending_[h].empty() || accompanied_[h] || hh.members[h] == 0) continue;
    const std::uint16_t m = municipality_of(h);
    if (!intake_rules(m, day).outreach) continue;
    bool parent75 = false, withdrawn_child = false, alone_isolated = false, poor_withdrawn = false;
    town_.for_each_member(h, [&](std::uint32_t i) {
      parent75 |= r.age[i] >= 75;
      withdrawn_child |= r.age[i] >= 40 && r.age[i] <= 64 && r.withdrawal[i] != withdrawal_none;
      alone_isolated |= hh.members[h] == 1 && r.age[i] >= 65 && r.has(i, isolated);
      poor_withdrawn |= r.has(i, hardship) && r.withdrawal[i] != withdrawal_none;
    });
    if ((parent75 && withdrawn_child) || alone_isolated || poor_withdrawn) flagged[m].push_back(h);
  }
  const DiscoveryConfig& d = c_.discovery;
  for (std::size_t m = 0; m < municipalities_.size(); ++m) {
    Municipality& state = municipalities_[m];
    const int room = state.outreach_capacity - state.outreach_used;
    if (room <= 0 || flagged[m].empty()) continue;
    // Each flagged household is visited with the same chance, so the round is spread over
    // the town rather than taken in the records' order.
    const double visit =
        std::min(1.0, static_cast<double>(room) / static_cast<double>(flagged[m].size()));
    for (const std::uint32_t h : flagged[m]) {
      if (state.outreach_used >= state.outreach_capacity) break;
      sim::Stream draw(key_, h, static_cast<std::uint64_t>(day), purpose_outreach_round);
      if (!draw.bernoulli(visit)) continue;
      ++state.outreach_used;
      accompanied_[h] = 1;
      recorder.add(ids_.outreach_found_unreported, area_of(h), 1);
      const double trust = draw.exponential(1.0 / std::max(1.0, d.outreach_trust_days));
      schedule(day + 1 + static_cast<int>(trust), Event::trust_built, h);
    }
  }
}

}  // namespace kyosei::models
