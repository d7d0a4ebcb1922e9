#include "fiscal/fiscal.hpp"

namespace kyosei::models {

namespace shares {
// 介護保険法 第122条の2, 第123条 (9th period): 包括的支援事業 and 任意事業 — first-category
// premiums 23%, national 38.5%, prefecture 19.25%, municipality 19.25%.
const Shares comprehensive_support{0.385, 0.1925, 0.1925, 0.23};
// 介護保険法: home-care benefits and 介護予防・日常生活支援総合事業 — premiums 50% (first 23%,
// second 27%), national 25%, prefecture 12.5%, municipality 12.5%.
const Shares home_care{0.25, 0.125, 0.125, 0.5};
// Facility benefits: national 20%, prefecture 17.5%, municipality 12.5%, premiums 50%.
const Shares facility_care{0.20, 0.175, 0.125, 0.5};
// 障害者総合支援法 地域生活支援事業費等補助金: national up to 1/2, prefecture up to 1/4.
const Shares disability_support{0.5, 0.25, 0.25, 0.0};
// 子ども・子育て支援交付金 (利用者支援事業, 地域子育て支援拠点事業): one third each.
const Shares child_support{1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, 0.0};
// 生活困窮者自立支援法: 自立相談支援事業 負担金 3/4 national (cities with a welfare office).
const Shares livelihood_support{0.75, 0.0, 0.25, 0.0};
// 就労準備支援事業 and similar: national 2/3.
const Shares work_preparation{2.0 / 3.0, 0.0, 1.0 / 3.0, 0.0};
// 生活困窮者支援等のための地域づくり事業: national 1/2 (assumption for the rest: municipality).
const Shares community_livelihood{0.5, 0.0, 0.5, 0.0};
// 重層的支援体制整備事業 new functions (the seed): national 1/2, prefecture 1/4, municipality 1/4.
const Shares new_functions{0.5, 0.25, 0.25, 0.0};
// 移行準備事業 (the seed): national 3/4, municipality 1/4.
const Shares transition{0.75, 0.0, 0.25, 0.0};
// 都道府県後方支援 (the seed): national 3/4, prefecture 1/4.
const Shares prefectural_backup{0.75, 0.25, 0.0, 0.0};
const Shares municipal_only{0.0, 0.0, 1.0, 0.0};
}  // namespace shares

const Shares& counter_shares(Domain domain) {
  switch (domain) {
    case Domain::elderly:
      return shares::comprehensive_support;  // 地域包括支援センター
    case Domain::disability:
      return shares::disability_support;  // 基幹相談支援センター
    case Domain::children:
      return shares::child_support;  // 利用者支援事業
    case Domain::livelihood:
      return shares::livelihood_support;  // 自立相談支援機関
  }
  return shares::municipal_only;
}

sim::LedgerLayout ledger_layout() {
  return {
      {"consultation", "community_building", "new_functions", "transition", "prefectural_backup",
       "sc_councils", "care_benefits", "cost_allocation_admin", "municipal_own"},
      {"national", "prefecture", "municipal", "insurance_premiums"},
      "yen",
      fiscal_year_first_month};
}

FiscalMetrics::FiscalMetrics(sim::MetricRegistry& r)
    : cost_total(r.count("cost_total", "yen", "All costs booked, every program and payer")),
      care_benefit_cost(r.count("care_benefit_cost", "yen", "Long-term-care benefits")),
      by_payer{r.count("cost_national", "yen", "Costs paid by the national government"),
               r.count("cost_prefecture", "yen", "Costs paid by the prefecture"),
               r.count("cost_municipal", "yen", "Costs paid by the municipality"),
               r.count("cost_insurance_premiums", "yen", "Costs paid from insurance premiums")} {}

Fiscal::Fiscal(const sim::RegionTable& regions, const sim::Clock& clock, const FiscalMetrics& ids)
    : clock_(clock), ids_(ids), ledger_(ledger_layout(), regions, clock) {}

void Fiscal::book(Program program, const Shares& split, int region, double yen, int day,
                  sim::MetricRecorder& recorder) {
  if (yen == 0 || clock_.warming_up(day)) return;  // the warm-up spends nothing on record
  const int year = fiscal_year(clock_, day);
  for (std::uint8_t p = 0; p < payers; ++p) {
    const double part = yen * split[p];
    if (part == 0) continue;
    ledger_.add(year, region, program, p, part);
    recorder.add(ids_.by_payer[p], region, part);
    recorder.add(ids_.cost_total, region, part);
  }
  if (program == program_care_benefits) recorder.add(ids_.care_benefit_cost, region, yen);
}

}  // namespace kyosei::models
