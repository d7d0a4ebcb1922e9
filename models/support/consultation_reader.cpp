#include "town/config_reading.hpp"

namespace kyosei::models {

using sim::ConfigReader;

ConsultationConfig read_consultation(const ConfigReader& r) {
  ConsultationConfig o;
  // Which condition changes bring a need to a counter: assumptions.
  const ConfigReader e = r.section_or_empty("episodes");
  o.episodes.care_onset = unit(e, "care_onset", 0.5);
  o.episodes.care_worsening = unit(e, "care_worsening", 0.3);
  o.episodes.disability_onset = unit(e, "disability_onset", 0.5);
  // Calibrated (calibration/baseline_result.yaml) to about 15 new livelihood consultations per
  // 100,000 residents a month (MHLW 支援状況調査 FY2015-17).
  o.episodes.hardship_onset = unit(e, "hardship_onset", 0.3849);
  o.episodes.withdrawal_onset = unit(e, "withdrawal_onset", 0.7);
  o.episodes.birth = unit(e, "birth", 0.3);
  o.episodes.heavy_burden = unit(e, "heavy_burden", 0.4);
  o.episodes.isolation_alone = unit(e, "isolation_alone", 0.5);
  o.episodes.initial_pending = unit(e, "initial_pending", 0.25);
  // Discovery: assumptions, shaped by the seed's point that isolated and withdrawn people do
  // not come in and that 民生委員 and neighbours notice.
  const ConfigReader d = r.section_or_empty("discovery");
  o.discovery.self_seek_rate = rate(d, "self_seek_rate", 1.5);
  o.discovery.gap_stigma = factor(d, "gap_stigma", 0.3);
  o.discovery.helped_tie_bonus = factor(d, "helped_tie_bonus", 0.25);
  // Assumptions, set so that a household's neighbours and kin notice at about 0.2 a year
  // (the flat rate they replace); someone nearby sees more than kin elsewhere hear.
  o.discovery.notice_per_tie_nearby = rate(d, "notice_per_tie_nearby", 0.035);
  o.discovery.notice_per_tie_elsewhere = rate(d, "notice_per_tie_elsewhere", 0.018);
  // Assumptions: about fourteen visits a month (one every other working day), elders first (the
  // 民生委員's 見守り), and one visit in two to a household with a pending need notices it.
  o.discovery.minsei_visits_month = d.number_or("minsei_visits_month", 14, 0, 1000);
  o.discovery.minsei_elder_weight = d.number_or("minsei_elder_weight", 4, 1, 100);
  o.discovery.minsei_notice_per_visit = unit(d, "minsei_notice_per_visit", 0.5);
  o.discovery.outreach_trust_days = d.number_or("outreach_trust_days", 90, 1, 3650);
  o.discovery.outreach_caseload = static_cast<int>(d.integer_or("outreach_caseload", 15, 1, 1000));
  // Assumption: counters keep in touch for about half a year after a case (伴走型支援), which
  // cuts the chance that a need returns by a third.
  o.discovery.accompaniment_days = d.number_or("accompaniment_days", 180, 0, 3650);
  o.discovery.accompaniment_relapse = d.number_or("accompaniment_relapse", 0.67, 0, 1);
  // Assumption: a monthly contact (a call or visit) of half an hour.
  o.discovery.accompaniment_contacts_month = d.number_or("accompaniment_contacts_month", 1, 0, 100);
  o.discovery.accompaniment_hours_month = d.number_or("accompaniment_hours_month", 0.5, 0, 1000);
  const ConfigReader f = r.section_or_empty("referral");
  o.referral.loss_probability = unit(f, "loss_probability", 0.30);  // assumption (たらい回し)
  o.referral.loss_growth = factor(f, "loss_growth", 1.5);           // assumption
  // Casework: assumptions on hours and durations.
  const ConfigReader c = r.section_or_empty("cases");
  o.cases.hours_per_fte_month = c.number_or("hours_per_fte_month", 120, 1, 744);
  o.cases.hours_single_month = c.number_or("hours_single_month", 3, 0.01, 744);
  o.cases.hours_compound_month = c.number_or("hours_compound_month", 6, 0.01, 744);
  o.cases.conference_hours = c.number_or("conference_hours", 1.5, 0, 100);
  // Assumption, below the 43% of employment support who gain work or income (MHLW
  // 行政事業レビュー 2024): a participant of working age leaves the place for work.
  o.cases.placement_employment = c.number_or("placement_employment", 0.25, 0, 1);
  // Assumption: a plan's coordination takes its team about an hour a month (so one FTE holds
  // about 120 plans); plans are reviewed quarterly (重層的支援体制整備事業 実施要綱: plans are
  // reviewed and closed).
  o.cases.plan_hours_month = c.number_or("plan_hours_month", 1.0, 0.01, 744);
  o.cases.review_days = c.number_or("review_days", 91, 1, 3660);
  o.cases.support_days_single = c.number_or("support_days_single", 90, 1, 3650);
  o.cases.support_days_compound = c.number_or("support_days_compound", 180, 1, 3650);
  o.cases.dropout_rate = rate(c, "dropout_rate", 0.5);
  o.cases.relapse_probability = unit(c, "relapse_probability", 0.2);
  o.cases.relapse_per_unsolved = factor(c, "relapse_per_unsolved", 1.0);
  o.cases.allocation_hours_per_case = c.number_or("allocation_hours_per_case", 1.0, 0, 100);
  o.cases.participation_days = c.number_or("participation_days", 365, 1, 3650);
  return o;
}

}  // namespace kyosei::models
