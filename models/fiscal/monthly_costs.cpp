#include "fiscal/monthly_costs.hpp"

#include <algorithm>
#include <array>

namespace kyosei::models {

MonthlyCosts::MonthlyCosts(const TownConfig& config, const TownRegions& regions, const Town& town,
                           const ConsultationSystem& consultation, const CommunitySystem& community,
                           Fiscal& fiscal, bool prefectural_backup)
    : config_(config),
      f_(config.fiscal),
      regions_(regions),
      town_(town),
      consultation_(consultation),
      community_(community),
      fiscal_(fiscal),
      prefectural_backup_(prefectural_backup) {}

// Every booking in a fixed order (municipality by municipality, then resources, then care):
// the ledger and the cost metrics are sums, and their last bits depend on it.
void MonthlyCosts::book(int day, const std::vector<int>& meetings, sim::MetricRecorder& recorder) {
  for (std::size_t m = 0; m < config_.municipalities.size(); ++m) {
    book_programs(m, day, recorder);
    book_coordinators_and_councils(m, meetings[m], day, recorder);
  }
  book_resources(day, recorder);
  book_care_benefits(day, recorder);
}

// Consultation staff and the programs the municipality's mode runs this month.
void MonthlyCosts::book_programs(std::size_t m, int day, sim::MetricRecorder& recorder) {
  const MunicipalityConfig& mc = config_.municipalities[m];
  const int region = regions_.municipality_region[m];
  const PolicyMode mode = consultation_.mode_on(m, day);
  // The four counters, at each law's own rates whatever the mode.
  for (const Domain d : all_domains)
    fiscal_.book(program_consultation, counter_shares(d), region,
                 mc.staff.fte[d] * f_.counter_staff_cost / 12.0, day, recorder);
  if (mode == PolicyMode::jusou)
    fiscal_.book(program_new_functions, shares::new_functions, region,
                 (mc.staff.outreach_fte * f_.outreach_staff_cost +
                  mc.staff.collaboration_fte * f_.collaboration_staff_cost +
                  mc.staff.participation_places * f_.participation_place_cost) /
                     12.0,
                 day, recorder);
  if (mode == PolicyMode::transition)
    fiscal_.book(program_transition, shares::transition, region,
                 mc.staff.collaboration_fte * f_.collaboration_staff_cost / 12.0, day, recorder);
  if (mode != PolicyMode::siloed && prefectural_backup_)
    fiscal_.book(program_prefectural_backup, shares::prefectural_backup, region,
                 f_.prefectural_backup_cost / 12.0, day, recorder);
  // Existing programs' places, housing support's among them: 就労準備支援 and 地域居住支援 are
  // both optional programs of the livelihood act, at the same rates.
  fiscal_.book(
      program_community_building, shares::work_preparation, region,
      (mc.staff.program_places + mc.staff.housing_support_places) * f_.program_place_cost / 12.0,
      day, recorder);
}

// Coordinators and councils: the grant covers up to the standard amounts; the municipality
// pays anything above on its own.
void MonthlyCosts::book_coordinators_and_councils(std::size_t m, int meetings, int day,
                                                  sim::MetricRecorder& recorder) {
  const MunicipalityConfig& mc = config_.municipalities[m];
  const int region = regions_.municipality_region[m];
  const double layer2 =
      static_cast<double>(mc.sc_layer2_per_area) * static_cast<double>(mc.areas.size());
  const double actual = (mc.sc_layer1 * f_.sc_cost_layer1 + layer2 * f_.sc_cost_layer2) / 12.0 +
                        meetings * f_.council_meeting_cost;
  const double ceiling =
      ((mc.sc_layer1 > 0 ? f_.sc_standard_layer1 : 0.0) +
       (mc.sc_layer2_per_area > 0 ? f_.sc_standard_layer2 * static_cast<double>(mc.areas.size())
                                  : 0.0)) /
      12.0;
  fiscal_.book(program_sc_councils, shares::comprehensive_support, region,
               std::min(actual, ceiling), day, recorder);
  fiscal_.book(program_municipal_own, shares::municipal_only, region,
               std::max(0.0, actual - ceiling), day, recorder);
}

// Running costs of the community resources active now, by the law that funds their type.
void MonthlyCosts::book_resources(int day, sim::MetricRecorder& recorder) {
  for (const CommunitySystem::Resource& res : community_.resources())
    if (res.active)
      fiscal_.book(program_community_building, community_shares(res.type),
                   community_.region_of(res),
                   config_.community.resources[res.type].running_cost / 12.0, day, recorder);
}

// Long-term-care benefits of every certified resident, at home or in a facility.
void MonthlyCosts::book_care_benefits(int day, sim::MetricRecorder& recorder) {
  const Residents& r = town_.residents;
  std::vector<std::array<double, 2>> care(regions_.table.size(), {0.0, 0.0});
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive) || r.care[i] == care_none) continue;
    const bool facility = static_cast<HouseholdType>(town_.households.type[r.household[i]]) ==
                          HouseholdType::facility;
    care[static_cast<std::size_t>(town_.area_of(i))][facility] +=
        f_.care_monthly[r.care[i] - 1] * f_.care_use_rate;
  }
  for (std::size_t g = 0; g < care.size(); ++g) {
    fiscal_.book(program_care_benefits, shares::home_care, static_cast<int>(g), care[g][0], day,
                 recorder);
    fiscal_.book(program_care_benefits, shares::facility_care, static_cast<int>(g), care[g][1], day,
                 recorder);
  }
}

}  // namespace kyosei::models
