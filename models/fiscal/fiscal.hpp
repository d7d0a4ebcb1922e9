#pragma once
// The fiscal ledger of the welfare model: every cost booked to a program and split among
// payers (national, prefecture, municipal, insurance premiums) by the statutory shares.
// Periodic costs (staff, coordinators, resources, care benefits) are booked monthly from
// the model's state; event costs (a resource's start-up, hours of 経費按分) when they arise.

#include <array>
#include <cstdint>

#include "kyosei/models/domain.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/ledger.hpp"
#include "kyosei/sim/metrics.hpp"

namespace kyosei::models {

enum Program : std::uint8_t {
  program_consultation,        // 包括的相談支援事業, each law's own rates
  program_community_building,  // 地域づくり事業 and resources, each law's own rates
  program_new_functions,       // 多機関協働, アウトリーチ, 参加支援 (重層)
  program_transition,          // 移行準備事業
  program_prefectural_backup,  // 都道府県後方支援
  program_sc_councils,         // 生活支援体制整備 (SCs, councils) within the grant ceiling
  program_care_benefits,       // long-term-care benefits
  program_cost_allocation_admin,  // staff hours of 経費按分
  program_municipal_own,          // what the municipality pays above a grant's ceiling
  programs
};
enum Payer : std::uint8_t { national, prefecture, municipal, insurance_premiums, payers };
using Shares = std::array<double, payers>;

sim::LedgerLayout ledger_layout();

// Statutory shares (fiscal.cpp cites each).
namespace shares {
extern const Shares comprehensive_support;  // 包括的支援事業 (包括, SCs and councils)
extern const Shares home_care;              // 介護給付 (居宅) and 総合事業
extern const Shares facility_care;          // 介護給付 (施設)
extern const Shares disability_support;     // 地域生活支援事業
extern const Shares child_support;          // 子ども・子育て支援交付金
extern const Shares livelihood_support;     // 自立相談支援事業 負担金
extern const Shares work_preparation;       // 就労準備支援 and the like
extern const Shares community_livelihood;  // 生活困窮者支援等のための地域づくり事業
extern const Shares new_functions;         // 重層 new functions: 1/2, 1/4, 1/4
extern const Shares transition;            // 移行準備事業: 3/4, -, 1/4
extern const Shares prefectural_backup;  // 3/4, 1/4
extern const Shares municipal_only;
}  // namespace shares
// The shares of the consultation counter of a domain, by its own law.
const Shares& counter_shares(Domain domain);

struct FiscalMetrics {
  explicit FiscalMetrics(sim::MetricRegistry& registry);
  sim::MetricId cost_total, care_benefit_cost;
  std::array<sim::MetricId, payers> by_payer;  // cost_national, ...
};

class Fiscal {
 public:
  Fiscal(const sim::RegionTable& regions, const sim::Clock& clock, const FiscalMetrics& ids);

  // Books `yen` on `day` at `region` to `program`, split by `split`.
  void book(Program program, const Shares& split, int region, double yen, int day,
            sim::MetricRecorder& recorder);
  const sim::LedgerBook& ledger() const { return ledger_; }
  template <class A>
  void archive(A& a) {
    a(ledger_);
  }

 private:
  sim::Clock clock_;
  const FiscalMetrics& ids_;
  sim::LedgerBook ledger_;
};

}  // namespace kyosei::models
