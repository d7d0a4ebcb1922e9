#pragma once
// Consultation support (包括的相談支援): the four counters, discovery, referral, cases, and
// the functions 重層 adds (multi-agency collaboration, outreach, participation support).

#include <cstddef>
#include <cstdint>

#include "kyosei/models/domain.hpp"

namespace kyosei::models {

enum class PolicyMode {
  siloed,      // each counter serves its own attribute (属性) only
  transition,  // 移行準備: still siloed, but compound cases already go to support conferences
  jusou,       // 重層: every counter accepts any household; conferences, outreach, participation
};
const char* to_string(PolicyMode mode);

// A municipality's policy: the mode it moves to and from which fiscal year.
struct PolicyConfig {
  PolicyMode mode = PolicyMode::siloed;
  int adoption_year = 0;          // fiscal year the mode starts; siloed before it
  int transition_years = 0;       // fiscal years of 移行準備 just before adoption
  bool combined_counter = false;  // siloed: counters accept other attributes anyway, without an
                                  // integrated grant, so staff split costs (経費按分)
  bool operator==(const PolicyConfig&) const = default;
};

struct CounterStaff {
  PerDomain<double> fte{};       // [FTE] on casework at the four counters, one per attribute:
                                 // 包括, 基幹相談支援, 利用者支援, 自立相談支援
  double outreach_fte = 0;       // [FTE] アウトリーチ等継続的支援 (重層 only)
  double collaboration_fte = 0;  // [FTE] 多機関協働 (重層 and 移行準備)
  // Placements held at once: participation support (参加支援, 重層 only) places anyone whose
  // need no program names; existing programs (就労準備, 総合事業's 見守り, 介護予防 volunteers,
  // 地域居住支援) place only those their own rules accept. Each placement also needs room
  // at a real place: a community resource, or one of the housing-support places.
  int participation_places = 0;    // [placements] 参加支援's caseload
  int program_places = 0;          // [placements] existing programs' caseload
  int housing_support_places = 0;  // [households] 居住支援 (support to find and keep a home)
  bool operator==(const CounterStaff&) const = default;
};

// Participation support's placements (参加支援), by the kind of place they lead to.
enum class Placement : std::uint8_t {
  work_experience,  // 就労体験, at a work-experience resource
  volunteer,        // a volunteer role at a salon
  ibasho,           // 居場所
  housing_support,  // 居住支援, at one of the municipality's housing-support places
  watching_over,    // 見守り
  count
};
inline constexpr std::size_t placement_kinds = static_cast<std::size_t>(Placement::count);
const char* to_string(Placement kind);

// Which condition changes bring a need to a counter, as probabilities.
struct EpisodeConfig {
  double care_onset = 0;        // newly certified (elderly)
  double care_worsening = 0;    // care level up (elderly)
  double disability_onset = 0;  // (disability)
  double hardship_onset = 0;    // (livelihood)
  double withdrawal_onset = 0;  // (gap unless also in hardship)
  double birth = 0;             // child-rearing support (children)
  double heavy_burden = 0;      // a carer's own burden (gap)
  double isolation_alone = 0;   // an elder living alone cut off: self-neglect (gap)
  double initial_pending = 0;   // share of households with needs at the start still unmet
  bool operator==(const EpisodeConfig&) const = default;
};

struct DiscoveryConfig {
  double self_seek_rate = 0;    // [1/year] households seeking help, at propensity 1
  double gap_stigma = 1;        // [×] on seeking help for a gap need
  double helped_tie_bonus = 0;  // [×] more per tie to a household that was helped (max 3)
  // Noticing along ties: each tie of a member to a resident (15+) of another household
  // brings a pending need at this rate, more from someone who lives in the same
  // neighbourhood (自治会) and sees the household than from kin or friends elsewhere.
  double notice_per_tie_nearby = 0;     // [1/year]
  double notice_per_tie_elsewhere = 0;  // [1/year]
  // 民生委員 visit the households of their round, those with someone 65+ minsei_elder_weight
  // times as often as others, and a visit notices a pending need with minsei_notice_per_visit.
  double minsei_visits_month = 0;      // [visits / month] per 民生委員
  double minsei_elder_weight = 1;      // [×]
  double minsei_notice_per_visit = 0;  // [probability]
  double outreach_trust_days = 0;      // [days] mean accompaniment before a hidden case opens
  int outreach_caseload = 0;           // households one outreach FTE accompanies at once
  // 伴走: after a resolved case under 重層, the counter that held it keeps in touch for
  // accompaniment_days if it has the hours (accompaniment_hours_month of its own), with
  // accompaniment_contacts_month contacts, each of which may find a returning need; a need
  // returns at accompaniment_relapse × its chance.
  double accompaniment_days = 0;            // [days]
  double accompaniment_relapse = 1;         // [×] on the relapse probability while accompanied
  double accompaniment_contacts_month = 0;  // [contacts / month]
  double accompaniment_hours_month = 0;     // [hours / month] of the counter per household
  bool operator==(const DiscoveryConfig&) const = default;
};

struct ReferralConfig {
  double loss_probability = 0;  // [probability] the first hand-off is lost (たらい回し)
  double loss_growth = 1;       // [×] on the loss probability for each further hand-off
  bool operator==(const ReferralConfig&) const = default;
};

struct CaseConfig {
  double hours_per_fte_month = 0;    // [hours] casework an FTE gives a month
  double hours_single_month = 0;     // [hours / month] a case of one domain
  double hours_compound_month = 0;   // [hours / month] a case of several domains or a gap
  double conference_hours = 0;       // [hours] per agency at a support conference (支援会議)
  double support_days_single = 0;    // [days] mean support until resolution
  double support_days_compound = 0;  // [days]
  double dropout_rate = 0;           // [1/year] lost contact
  double relapse_probability = 0;    // a resolved domain's need returns
  double relapse_per_unsolved = 0;   // [×] more for each domain left unsolved
  double allocation_hours_per_case = 0;  // [hours] of 経費按分 per case outside the own attribute
  double participation_days = 0;         // [days] mean stay in a participation place
  double placement_employment = 0;       // [probability] a working-age participant leaves for work
  // 多機関協働: the collaboration team's hours an open joint plan takes a month (its share of
  // coordination and of the review conferences), and the days between reviews.
  double plan_hours_month = 0;  // [hours / month]
  double review_days = 0;       // [days]
  bool operator==(const CaseConfig&) const = default;
};

struct ConsultationConfig {
  EpisodeConfig episodes;
  DiscoveryConfig discovery;
  ReferralConfig referral;
  CaseConfig cases;
  bool operator==(const ConsultationConfig&) const = default;
};

}  // namespace kyosei::models
