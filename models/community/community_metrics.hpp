#pragma once
// The community group of metrics: resources, providers, matches, council meetings and
// coordinators' hours; declared once per arm in the registry.

#include <array>

#include "kyosei/models/community_config.hpp"
#include "kyosei/sim/metrics.hpp"

namespace kyosei::models {

struct CommunityMetrics {
  explicit CommunityMetrics(sim::MetricRegistry& registry);
  sim::MetricId resources_active, resources_created, resources_closed, treasures_found, providers,
      providers_trained, matches, council_meetings, projects_started, sc_hours, sc_referrals,
      salon_participants_65;
  std::array<sim::MetricId, resource_types> active_by_type;        // resources_active_<type>
  std::array<sim::MetricId, resource_types> participants_by_type;  // participants_<type>
};

}  // namespace kyosei::models
