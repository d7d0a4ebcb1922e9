#pragma once
// Unit costs of the fiscal ledger (yen). The statutory payer shares are fixed in
// models/fiscal/fiscal.cpp beside the laws that set them.

#include <array>

namespace kyosei::models {

struct FiscalConfig {
  double counter_staff_cost = 0;        // [yen / FTE / year] a counter professional
  double outreach_staff_cost = 0;       // [yen / FTE / year]
  double collaboration_staff_cost = 0;  // [yen / FTE / year]
  double sc_cost_layer1 = 0;            // [yen / SC / year]
  double sc_cost_layer2 = 0;            // [yen / SC / year]
  double sc_standard_layer1 = 0;        // [yen / municipality / year] grant ceiling (the seed)
  double sc_standard_layer2 = 0;        // [yen / daily-life area / year] grant ceiling (the seed)
  double council_meeting_cost = 0;      // [yen / meeting]
  double participation_place_cost = 0;  // [yen / place / year] places open to anyone (重層)
  double program_place_cost = 0;        // [yen / place / year] existing programs' places
  double prefectural_backup_cost = 0;  // [yen / year] per municipality backed (重層 or 移行準備)
  std::array<double, 7> care_monthly{};  // [yen / month] benefits by level 要支援1..要介護5
  double care_use_rate = 0;              // [fraction] of certified residents using services
  double admin_wage_per_hour = 0;        // [yen / hour] staff time on 経費按分
  bool operator==(const FiscalConfig&) const = default;
};

}  // namespace kyosei::models
