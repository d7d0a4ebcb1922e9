#pragma once
// The periodic costs of a month, booked to programs and split among payers by statute. Each
// municipality's staff and programs by its policy mode that month, its coordinators and
// councils within the grant's ceiling; the community resources running; the long-term-care
// benefits of every certified resident. Event costs (a resource's start-up, hours of 経費按分)
// are booked where they arise, not here.

#include <cstddef>
#include <vector>

#include "community/community.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/metrics.hpp"
#include "population/population.hpp"
#include "support/consultation.hpp"

namespace kyosei::models {

class MonthlyCosts {
 public:
  // Reads the town, each municipality's mode (consultation) and the resources (community);
  // books into `fiscal`. `prefectural_backup`: the scenario holds several municipalities, and
  // the prefecture backs up those that adopt 重層 or prepare for it.
  MonthlyCosts(const TownConfig& config, const TownRegions& regions, const Town& town,
               const ConsultationSystem& consultation, const CommunitySystem& community,
               Fiscal& fiscal, bool prefectural_backup);

  // `meetings`: council meetings each municipality held since the last booking.
  void book(int day, const std::vector<int>& meetings, sim::MetricRecorder& recorder);

 private:
  void book_programs(std::size_t m, int day, sim::MetricRecorder& recorder);
  void book_coordinators_and_councils(std::size_t m, int meetings, int day,
                                      sim::MetricRecorder& recorder);
  void book_resources(int day, sim::MetricRecorder& recorder);
  void book_care_benefits(int day, sim::MetricRecorder& recorder);

  const TownConfig& config_;
  const FiscalConfig& f_;
  const TownRegions& regions_;
  const Town& town_;
  const ConsultationSystem& consultation_;
  const CommunitySystem& community_;
  Fiscal& fiscal_;
  bool prefectural_backup_;
};

}  // namespace kyosei::models
