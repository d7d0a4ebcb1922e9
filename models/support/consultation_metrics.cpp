#include "support/consultation_metrics.hpp"

#include <string>

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
    case accompaniment:
      return "accompaniment";
    case channels:
      break;
  }
  return "";
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
                  "Residents placed by participation support, every kind (placements_<kind>)")),
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
          r.count("consultations_referral", "consultations", "Consultations arriving by referral"),
          r.count("consultations_accompaniment", "consultations",
                  "Returning needs found by the contacts of 伴走 after a case")},
      opened_by_domain{
          {r.count("cases_opened_elderly", "cases", "Cases opened at the 地域包括支援センター"),
           r.count("cases_opened_disability", "cases", "Cases opened at the 基幹相談支援センター"),
           r.count("cases_opened_children", "cases", "Cases opened at 利用者支援事業"),
           r.count("cases_opened_livelihood", "cases", "Cases opened at 自立相談支援機関")}},
      conferences_held(r.count("conferences_held", "conferences",
                               "Support conferences held (重層的支援会議: plans and reviews)")),
      collaboration_hours(
          r.count("collaboration_hours", "hours",
                  "Hours of the 多機関協働 team and member agencies at conferences")),
      plans_open(r.level("plans_open", "plans", "Joint support plans open (多機関協働)")),
      plans_waiting(r.level("plans_waiting", "plans",
                            "Compound households waiting for a support conference")),
      plan_parts(r.count("plan_parts", "cases",
                         "Parts of joint plans taken by the counters the needs touch")),
      outreach_found_unreported(r.count(
          "outreach_found_unreported", "households",
          "Households with hidden needs that outreach rounds found, nobody having reported them")),
      accompanied(r.level("accompanied", "households",
                          "Households accompanied: outreach building trust, or 伴走 after a case")),
      reemployed(r.count("reemployed", "persons", "Residents 15-64 back in work after support")),
      plans_by_lead{
          {r.level("plans_by_lead_elderly", "plans", "Open plans led by the 地域包括支援センター"),
           r.level("plans_by_lead_disability", "plans",
                   "Open plans led by the 基幹相談支援センター"),
           r.level("plans_by_lead_children", "plans", "Open plans led by 利用者支援事業"),
           r.level("plans_by_lead_livelihood", "plans", "Open plans led by 自立相談支援機関")}} {
  static constexpr std::array<const char*, placement_kinds> described{
      "Placements in work experience (就労体験)", "Placements in volunteer roles at salons",
      "Placements in 居場所", "Placements in housing support (居住支援)",
      "Placements in watching-over (見守り)"};
  for (std::size_t k = 0; k < placement_kinds; ++k)
    placements_by_kind[k] = r.count(
        std::string("placements_") + to_string(static_cast<Placement>(k)), "persons", described[k]);
}

}  // namespace kyosei::models
