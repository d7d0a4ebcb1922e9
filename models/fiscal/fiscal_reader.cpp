#include "town/config_reading.hpp"

namespace kyosei::models {

using sim::ConfigReader;

FiscalConfig read_fiscal(const ConfigReader& r) {
  FiscalConfig o;
  const auto yen = [&](std::string_view key, double fallback) {
    return r.number_or(key, fallback, 0, 1e13);
  };
  o.counter_staff_cost = yen("counter_staff_cost", 5'500'000);    // assumption: salary and overhead
  o.outreach_staff_cost = yen("outreach_staff_cost", 5'500'000);  // assumption
  o.collaboration_staff_cost = yen("collaboration_staff_cost", 6'000'000);  // assumption
  // SC posts funded at the standard amounts (the seed: 8,000千円 per municipality, 4,000千円
  // per daily-life area), one SC each: an assumption that municipalities budget to the grant.
  o.sc_cost_layer1 = yen("sc_cost_layer1", 8'000'000);
  o.sc_cost_layer2 = yen("sc_cost_layer2", 4'000'000);
  o.sc_standard_layer1 = yen("sc_standard_layer1", 8'000'000);            // the seed
  o.sc_standard_layer2 = yen("sc_standard_layer2", 4'000'000);            // the seed
  o.council_meeting_cost = yen("council_meeting_cost", 30'000);           // assumption
  o.participation_place_cost = yen("participation_place_cost", 300'000);  // assumption
  o.program_place_cost = yen("program_place_cost", 300'000);              // assumption
  o.prefectural_backup_cost = yen("prefectural_backup_cost", 1'000'000);  // assumption
  // Monthly benefits by level, calibrated so that FY2022's certified population (要支援1 0.97 m,
  // 2 0.95 m, 要介護1 1.45 m, 2 1.17 m, 3 0.93 m, 4 0.90 m, 5 0.59 m) at care_use_rate gives
  // ¥10.51 tn, ¥278k per first-category insured (介護保険事業状況報告 FY2022).
  const double monthly[7] = {18'000, 30'000, 109'000, 145'000, 230'000, 278'000, 327'000};
  const char* keys[7] = {"care_support1", "care_support2", "care_care1", "care_care2",
                         "care_care3",    "care_care4",    "care_care5"};
  const ConfigReader care = r.section_or_empty("care_monthly");
  for (int k = 0; k < 7; ++k) o.care_monthly[k] = care.number_or(keys[k], monthly[k], 0, 1e8);
  o.care_use_rate = unit(r, "care_use_rate", 0.85);  // assumption: recipients over certified
  o.admin_wage_per_hour = yen("admin_wage_per_hour", 3'000);  // assumption
  return o;
}

}  // namespace kyosei::models
