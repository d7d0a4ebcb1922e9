#pragma once
// The consultation group of metrics (DESIGN.md §5) with per-channel and per-counter
// breakdowns; declared once per arm in the registry.

#include <array>
#include <cstdint>

#include "kyosei/models/consultation_config.hpp"
#include "kyosei/models/domain.hpp"
#include "kyosei/sim/metrics.hpp"

namespace kyosei::models {

// How a consultation reached a counter.
enum Channel : std::uint8_t {
  self_or_family,
  neighbour,
  minsei,
  outreach,
  coordinator,
  referral,
  accompaniment,  // a contact of 伴走 after a case found a returning need
  channels
};
const char* to_string(Channel channel);

struct ConsultationMetrics {
  explicit ConsultationMetrics(sim::MetricRegistry& registry);
  sim::MetricId consultations_new, consultations_outreach, referrals, referrals_lost,
      gap_needs_unserved, cases_opened, cases_open, cases_resolved, cases_dropped, wait_days_total,
      wait_days_mean, compound_cases_conferenced, participation_placements, participating,
      requests_gone, queue_waiting, staff_hours, cost_allocation_admin_hours, needs_arising,
      hidden_households;
  std::array<sim::MetricId, channels> by_channel;  // consultations_<channel>
  PerDomain<sim::MetricId> opened_by_domain;       // cases_opened_<domain> (the lead counter)
  // 多機関協働 under 重層: conferences (the first and each review), the collaboration team's
  // hours, plans open and waiting for a conference, open plans by lead agency.
  sim::MetricId conferences_held, collaboration_hours, plans_open, plans_waiting, plan_parts;
  // Outreach under 重層: households found by its rounds that nobody had reported, households
  // accompanied (trust being built, or kept in touch after a case: 伴走); residents back in
  // work after support.
  sim::MetricId outreach_found_unreported, accompanied, reemployed;
  PerDomain<sim::MetricId> plans_by_lead;  // plans_by_lead_<domain>
  // Participation support's placements by kind (placements_<kind>).
  std::array<sim::MetricId, placement_kinds> placements_by_kind{};
};

}  // namespace kyosei::models
