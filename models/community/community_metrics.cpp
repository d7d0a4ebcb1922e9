#include "community/community_metrics.hpp"

#include <string>

namespace kyosei::models {

CommunityMetrics::CommunityMetrics(sim::MetricRegistry& r)
    : resources_active(r.level("resources_active", "resources", "Community resources running")),
      resources_created(r.count("resources_created", "resources", "Resources developed or found")),
      resources_closed(r.count("resources_closed", "resources", "Resources that folded")),
      treasures_found(r.count("treasures_found", "resources",
                              "Existing places found and re-used as resources (お宝)")),
      providers(r.level("providers", "persons", "Trained providers (担い手), placed or not")),
      providers_trained(
          r.count("providers_trained", "persons", "Residents trained into providers")),
      matches(r.count("matches", "persons", "Residents matched with a resource by coordinators")),
      council_meetings(r.count("council_meetings", "meetings", "Council (協議体) meetings held")),
      projects_started(r.count("projects_started", "projects",
                               "Resource-development projects a council started")),
      sc_hours(r.count("sc_hours", "hours", "Life-support coordinator (SC) working hours")),
      sc_referrals(r.count("sc_referrals", "consultations",
                           "Hidden needs coordinators found and brought to a counter")),
      salon_participants_65(r.level("salon_participants_65", "persons",
                                    "Residents 65+ taking part in a salon (通いの場)")),
      active_by_type{},
      participants_by_type{} {
  for (std::uint8_t t = 0; t < resource_types; ++t)
    active_by_type[t] = r.level(
        std::string("resources_active_") + to_string(static_cast<ResourceType>(t)), "resources",
        std::string("Resources running of type ") + to_string(static_cast<ResourceType>(t)));
  for (std::uint8_t t = 0; t < resource_types; ++t)
    participants_by_type[t] =
        r.level(std::string("participants_") + to_string(static_cast<ResourceType>(t)), "persons",
                std::string("Participants of resources of type ") +
                    to_string(static_cast<ResourceType>(t)));
}

}  // namespace kyosei::models
