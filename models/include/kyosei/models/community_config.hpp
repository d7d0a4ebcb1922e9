#pragma once
// Life-support system development (生活支援体制整備事業): coordinators (SC) at two layers,
// councils (協議体) and the community resources they find, create and connect.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kyosei::models {

// What a resource offers. Salons double as the 通いの場 of care prevention.
enum ResourceType : std::uint8_t {
  salon,
  watching_over,
  mobility_help,
  housework_help,
  meal_delivery,
  child_hub,
  work_experience,
  ibasho,
  cafe_treasure,
  resource_types
};
const char* to_string(ResourceType type);

// Who sits on a council, from the seed's member categories.
enum MemberCategory : std::uint8_t {
  shakyo,
  houkatsu,
  minsei_iin,
  neighbourhood_association,
  npo,
  volunteers,
  elderly_club,
  silver_centre,
  companies_shops,
  cooperatives,
  welfare_corporations,
  medical_care,
  police_fire,
  transport,
  disability_counter_member,
  children_counter_member,
  livelihood_counter_member,
  member_categories
};
const char* to_string(MemberCategory category);

// The seed's SC activities, in its order, plus attending 地域ケア会議.
enum Activity : std::uint8_t {
  needs_assessment,
  information_sharing,
  resource_inventory,
  resource_development,
  provider_training,
  matching,
  provider_coordination,
  company_collaboration,
  care_meetings,
  activities
};
const char* to_string(Activity activity);

enum class Affiliation : std::uint8_t {
  shakyo,
  houkatsu_direct,
  houkatsu_contracted,
  npo,
  municipality
};

struct ResourceTypeConfig {
  int capacity = 0;              // [participants] at once
  int min_providers = 0;         // [providers] below which it folds
  double running_cost = 0;       // [yen / year]
  double startup_cost = 0;       // [yen]
  double per_1000_at_start = 0;  // [resources per 1,000 residents] existing at the start
  // Resident-run resources (salons) sustain themselves: each participant brings in others
  // from the area at `recruitment` [1/year], and a participant able to help steps up as a
  // provider at `provider_recruitment` [1/year] while it has no more than its minimum.
  double recruitment = 0;           // [1/year] per participant
  double provider_recruitment = 0;  // [1/year] per resource short of a spare provider
  std::vector<std::vector<MemberCategory>> requires_any_of;  // each group: one member needed
  bool operator==(const ResourceTypeConfig&) const = default;
};

struct CoordinatorConfig {
  int layer1 = 0;           // SCs for the whole municipality
  int layer2_per_area = 0;  // SCs per daily-life area
  Affiliation affiliation = Affiliation::shakyo;
  double hours_per_month = 0;                       // [hours] per SC
  std::array<double, activities> activity_share{};  // of hours, sums to 1
  double assessment_hours_per_household = 0;        // [hours]
  double inventory_hours_per_find = 0;              // [hours] to find one candidate place, if any
  double development_hours = 0;                     // [hours] to create one resource
  double training_hours_per_session = 0;            // [hours]
  int trainees_per_session = 0;                     // [persons]
  double trainee_uptake = 0;                        // [probability] a trainee becomes a provider
  double matching_hours_per_match = 0;              // [hours]
  double strength_per_hour = 0;                     // link strength gained per hour of sharing
  bool operator==(const CoordinatorConfig&) const = default;
};

struct CouncilConfig {
  bool layer1 = false;
  bool layer2 = false;
  int meetings_per_year = 0;
  std::vector<MemberCategory> members;
  double strength_gain = 0;    // referral strength gained among member agencies per meeting
  double issue_threshold = 0;  // [unmet requests] pooled before a need becomes a regional issue
  bool operator==(const CouncilConfig&) const = default;
};

struct CommunityConfig {
  CoordinatorConfig coordinators;
  CouncilConfig councils;
  std::array<ResourceTypeConfig, resource_types> resources{};
  double candidate_places_per_1000 = 0;  // [places] shops, cafés, halls that could be treasures
  double provider_leave_rate = 0;        // [1/year] providers tiring or leaving
  double providers_per_1000_65 = 0;      // [providers per 1,000 residents 65+] at the start
  double participant_leave_rate = 0;     // [1/year]
  double treasure_close_rate = 0;        // [1/year] a shop or café found as a treasure closes
  double strength_decay = 0;             // [1/year] links fade without sharing
  bool operator==(const CommunityConfig&) const = default;
};

}  // namespace kyosei::models
