#pragma once
// The welfare model's validated scenario: typed structs the loader fills from YAML. Units
// ride in trailing comments; the defaults and their sources live in scenarios/*.yaml and
// in models/src/town_loader.cpp.

#include <string>
#include <vector>

namespace kyosei::models {

// 重層的支援体制整備事業 or not: decides which needs a counter accepts (eligibility).
enum class PolicyMode {
  siloed,  // each counter serves its own attribute (属性) only
  jusou,   // every counter accepts any consultation regardless of attribute or generation
};

const char* to_string(PolicyMode mode);

struct AreaConfig {
  std::string name;    // daily-life area (日常生活圏域, layer 2)
  double share = 0.0;  // [fraction] of the municipality's residents; shares sum to 1
};

// One consultation counter (for now the municipality's 地域包括支援センター).
struct CounterConfig {
  double staff_fte = 0.0;            // [FTE] professionals handling consultations
  double cases_per_staff_day = 0.0;  // [cases / FTE / working day] intakes a staff member opens
};

struct MunicipalityConfig {
  std::string name;
  long population = 0;       // [persons] at the start date
  double age65_share = 0.0;  // [fraction] residents aged 65+
  double age75_share = 0.0;  // [fraction] residents aged 75+
  std::vector<AreaConfig> areas;
  CounterConfig counter;
};

// Age-dependent hazard of a new need (a problem someone takes to a counter).
struct NeedsConfig {
  double incidence_under65 = 0.0;  // [needs / person / year]
  double incidence_65to74 = 0.0;   // [needs / person / year]
  double incidence_75plus = 0.0;   // [needs / person / year]
};

struct ReferralConfig {
  double loss_probability =
      0.0;  // [probability] a hand-off to another counter is lost (たらい回し)
};

struct TownConfig {
  PolicyMode mode = PolicyMode::siloed;
  NeedsConfig needs;
  ReferralConfig referral;
  std::vector<MunicipalityConfig> municipalities;
};

}  // namespace kyosei::models
