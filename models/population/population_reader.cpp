#include "town/config_reading.hpp"

#include <cmath>

namespace kyosei::models {

using sim::ConfigReader;

HouseholdConfig read_households(const ConfigReader& h) {
  HouseholdConfig o;
  o.elderly_alone_men = unit(h, "elderly_alone_men", 0.150);  // 高齢社会白書 2024, 2020 figure
  // Calibrated (calibration/baseline_result.yaml): the assembly input at which 22.1% of women
  // 65+ live alone (高齢社会白書 2024, 2020 figure); widows added by assembly make up the rest.
  o.elderly_alone_women = unit(h, "elderly_alone_women", 0.1599);
  // Of 65+ not living alone, those in couple-only households: approx. from households with a
  // 65+ member (国民生活基礎調査 2019: alone 28.8%, couple only 32.1%, with children 20.5%).
  o.elderly_in_couple = unit(h, "elderly_in_couple", 0.55);
  o.withdrawn_40to64_with_parent = unit(h, "withdrawn_40to64_with_parent", 0.30);  // assumption
  // Working-age households by family type, approx. from the 2020 census (世帯の家族類型).
  o.adults_single = unit(h, "adults_single", 0.40);
  o.couples_with_children = unit(h, "couples_with_children", 0.35);
  o.single_parents = unit(h, "single_parents", 0.08);
  if (o.adults_single + o.couples_with_children + o.single_parents > 1.0)
    h.fail("single_parents", "adults_single + couples_with_children + single_parents exceed 1");
  o.mean_children = h.number_or("mean_children", 1.7, 1.0, 6.0);  // assumption near TFR history
  o.households_per_neighbourhood =
      static_cast<int>(h.integer_or("households_per_neighbourhood", 80, 5, 5000));  // assumption
  return o;
}

ConditionsConfig read_conditions(const ConfigReader& c) {
  ConditionsConfig o;
  // 要介護認定率 by age, Sep 2020 (介護保険部会 materials; parameters.md).
  o.certification = age_table(c, "certification",
                              bands({{0, 0.0},
                                     {65, 0.028},
                                     {70, 0.055},
                                     {75, 0.124},
                                     {80, 0.264},
                                     {85, 0.481},
                                     {90, 0.727}}));
  // 要支援 among certified, from support/care shares 1.4/3.0, 6.0/11.6, 14.0/44.5 (白書 2025).
  const double support[3] = {1.4 / 4.4, 6.0 / 17.6, 14.0 / 58.5};
  const char* support_keys[3] = {"support_share_65to74", "support_share_75to84",
                                 "support_share_85plus"};
  for (int i = 0; i < 3; ++i)
    o.support_share_of_certified[i] = unit(c, support_keys[i], support[i]);
  // 要介護1..5 mix, approx. FY2022 (介護保険事業状況報告: 1.45, 1.17, 0.93, 0.90, 0.59 million).
  const double mix[5] = {0.288, 0.232, 0.185, 0.179, 0.117};
  const char* mix_keys[5] = {"care1_share", "care2_share", "care3_share", "care4_share",
                             "care5_share"};
  double sum = 0;
  for (int i = 0; i < 5; ++i) sum += o.care_level_mix[i] = unit(c, mix_keys[i], mix[i]);
  if (std::fabs(sum - 1.0) > 0.01) c.fail("care5_share", "care1_share..care5_share must sum to 1");
  for (double& share : o.care_level_mix) share /= sum;  // rounding in published shares
  // ひきこもり, broad definition: Cabinet Office survey 2022 (published Mar 2023).
  o.withdrawal_15to39 = unit(c, "withdrawal_15to39", 0.0205);
  o.withdrawal_40to64 = unit(c, "withdrawal_40to64", 0.0202);
  // Severity mix of ages 15-39 (0.95, 0.74, 0.30, 0.06 %), same survey.
  const double severity[4] = {0.95 / 2.05, 0.74 / 2.05, 0.30 / 2.05, 0.06 / 2.05};
  const char* severity_keys[4] = {"severity_hobbies_only", "severity_nearby_shops",
                                  "severity_rarely_leaves_home", "severity_rarely_leaves_room"};
  sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += o.withdrawal_severity[i] = unit(c, severity_keys[i], severity[i]);
  if (std::fabs(sum - 1.0) > 1e-3)
    c.fail("severity_rarely_leaves_room", "severity shares must sum to 1");
  // Disability by age, approx. from 障害者白書 2023 (about 9% of residents, most of them 65+).
  o.disability = age_table(c, "disability", bands({{0, 0.03}, {20, 0.05}, {65, 0.15}}));
  // 施設サービス受給者 (~0.95 m) over residents at 要介護3-5 (~2.4 m), FY2022
  // (介護保険事業状況報告).
  o.facility_share = unit(c, "facility_share", 0.40);
  o.low_income = unit(c, "low_income", 0.154);  // relative poverty 2021, 国民生活基礎調査 2022
  o.hardship_given_low_income = unit(c, "hardship_given_low_income", 0.20);  // assumption
  o.employment_15to64 = unit(c, "employment_15to64", 0.784);                 // 労働力調査 2022
  o.employment_65plus = unit(c, "employment_65plus", 0.252);                 // 労働力調査 2022
  o.isolation_elderly_alone =
      unit(c, "isolation_elderly_alone", 0.15);            // assumption (内閣府 surveys)
  o.isolation_others = unit(c, "isolation_others", 0.02);  // assumption
  // Assumption: some spells of isolation last (those who keep to themselves), in others
  // residents drift in and out as ties end and form. Set so that Hagi's isolated share
  // follows its ageing over ten years (3.8% -> 4.4%; the start's shares by living arrangement
  // applied to year ten's population give 4.3%).
  o.isolation_persistent = unit(c, "isolation_persistent", 0.45);
  o.help_seeking_mean = unit(c, "help_seeking_mean", 0.5);  // assumption
  return o;
}

DynamicsConfig read_dynamics(const ConfigReader& d) {
  DynamicsConfig o;
  // Death rates, approx. from the 2020 abridged life table (令和2年簡易生命表, nqx).
  o.mortality_men = age_table(d, "mortality_men",
                              bands({{0, 0.0004},
                                     {5, 0.0001},
                                     {15, 0.0003},
                                     {25, 0.0005},
                                     {35, 0.0009},
                                     {45, 0.0019},
                                     {55, 0.0045},
                                     {60, 0.0070},
                                     {65, 0.0110},
                                     {70, 0.0175},
                                     {75, 0.0290},
                                     {80, 0.0500},
                                     {85, 0.0920},
                                     {90, 0.1650},
                                     {95, 0.2800},
                                     {100, 0.4000}}),
                              1.0);
  o.mortality_women = age_table(d, "mortality_women",
                                bands({{0, 0.0004},
                                       {5, 0.0001},
                                       {15, 0.0002},
                                       {25, 0.0003},
                                       {35, 0.0005},
                                       {45, 0.0011},
                                       {55, 0.0024},
                                       {60, 0.0032},
                                       {65, 0.0048},
                                       {70, 0.0078},
                                       {75, 0.0140},
                                       {80, 0.0270},
                                       {85, 0.0540},
                                       {90, 0.1080},
                                       {95, 0.2050},
                                       {100, 0.3500}}),
                                1.0);
  o.mortality_care_factor = factor(d, "mortality_care_factor", 2.0);  // assumption
  // Age-specific fertility, approx. 2020 人口動態統計 (TFR 1.33).
  o.fertility = age_table(d, "fertility",
                          bands({{0, 0.0},
                                 {15, 0.002},
                                 {20, 0.025},
                                 {25, 0.075},
                                 {30, 0.095},
                                 {35, 0.058},
                                 {40, 0.013},
                                 {45, 0.0005},
                                 {50, 0.0}}),
                          1.0);
  // Onset of certification: assumption, calibrated so that Hagi's certification rate of
  // residents 65+ stays near its start (18.6%) and rises slowly as the town ages, under the
  // mortality, worsening and improvement rates here.
  o.care_onset = age_table(
      d, "care_onset",
      bands(
          {{0, 0.0}, {65, 0.004}, {70, 0.008}, {75, 0.018}, {80, 0.0375}, {85, 0.07}, {90, 0.12}}),
      5.0);
  o.care_worsening = rate(d, "care_worsening", 0.20);  // assumption
  if (d.has("care_improvement"))                       // the key before derive_care_flows
    d.fail("care_improvement",
           "now derived from the published level mix and care_worsening (docs/population.md)");
  // Assumption: keeps about 40% of residents at 要介護3+ in facilities (facility_share).
  o.facility_entry = rate(d, "facility_entry", 0.20);
  // Assumption: keeps the share of elders living alone rising slowly, as it has nationally
  // (men 11.1% → 15.0%, women 20.3% → 22.1% of 65+ from 2010 to 2020, 高齢社会白書).
  o.widowed_join_family = unit(d, "widowed_join_family", 0.7);
  // Acquiring a disability, by age: assumption keeping prevalence near the start's.
  o.disability_onset =
      age_table(d, "disability_onset", bands({{0, 0.001}, {20, 0.002}, {65, 0.012}}), 1.0);
  // ひきこもり: stationary prevalence onset / (onset + recovery) near 2%.
  o.withdrawal_recovery = rate(d, "withdrawal_recovery", 0.15);  // assumption
  o.withdrawal_onset = rate(d, "withdrawal_onset", 0.0031);      // assumption: 2% at stationarity
  o.hardship_onset = rate(d, "hardship_onset", 0.0375);          // assumption: 20% of low income
  o.hardship_recovery = rate(d, "hardship_recovery", 0.15);      // assumption
  // Leaving the town by age: young adults leave for study and work (assumption, shaped like
  // 住民基本台帳人口移動報告 profiles of rural towns). Children leave with a parent.
  o.out_migration = age_table(
      d, "out_migration",
      bands({{0, 0.0}, {15, 0.05}, {20, 0.08}, {25, 0.05}, {30, 0.03}, {40, 0.01}, {65, 0.005}}),
      1.0);
  // Adult children living with a parent 65+ rarely move away (co-resident carers).
  o.out_migration_with_elder = factor(d, "out_migration_with_elder", 0.2);  // assumption
  // 住民基本台帳人口移動報告 2020 (総務省統計局, Jan 2021): of 5,255,721 moves between
  // municipalities, 2,791,729 stayed within the prefecture (0.531).
  o.moves_within_prefecture = unit(d, "moves_within_prefecture", 0.531);
  // 2020 census (国勢調査, 総務省統計局): Japan's population, 126,146,099.
  o.national_population = d.number_or("national_population", 126'146'099, 1, 2e9);
  // Social participation and incident functional disability (要介護認定) in JAGES cohorts:
  // hazard ratios of roughly 0.5-0.9 (Kanamori et al. 2014, PLoS One 9:e99638; Hikichi et
  // al. 2015, J Epidemiol Community Health 69:905); 0.8 sits inside that range.
  o.participation_care_worsening = factor(d, "participation_care_worsening", 0.8);
  if (o.participation_care_worsening > 1.0)
    d.fail("participation_care_worsening", "a hazard ratio of participation: at most 1");
  o.participation_isolation_recovery = factor(d, "participation_isolation_recovery", 3.0);
  o.support_withdrawal_recovery = factor(d, "support_withdrawal_recovery", 2.0);
  // Assumption: a place to go halves the time to leave withdrawal, as support does.
  o.participation_withdrawal_recovery = factor(d, "participation_withdrawal_recovery", 2.0);
  o.support_hardship_recovery = factor(d, "support_hardship_recovery", 2.0);
  return o;
}

TiesConfig read_ties(const ConfigReader& t) {
  TiesConfig o;
  o.neighbour_ties = static_cast<int>(t.integer_or("neighbour_ties", 4, 0, 40));  // assumption
  if (o.neighbour_ties % 2) t.fail("neighbour_ties", "must be even (a ring lattice)");
  o.weak_tie_share = unit(t, "weak_tie_share", 0.10);    // assumption (Watts–Strogatz rewiring)
  o.kin_tie_elderly = unit(t, "kin_tie_elderly", 0.50);  // assumption
  o.min_age_for_neighbour_ties =
      static_cast<int>(t.integer_or("min_age_for_neighbour_ties", 6, 0, 100));
  // 民生委員 rounds: 70-200 households in towns and villages, 220-440 in cities (全民児連,
  // Dec 2025): the middle of each range.
  o.minsei_round_town = static_cast<int>(t.integer_or("minsei_round_town", 135, 10, 10000));
  o.minsei_round_city = static_cast<int>(t.integer_or("minsei_round_city", 330, 10, 10000));
  // 民生委員 serve three-year terms; at each 一斉改選 the posts are set from the households
  // (民生委員法 §10; the 定数 follow the 配置基準 above).
  o.minsei_term_years = static_cast<int>(t.integer_or("minsei_term_years", 3, 1, 100));
  // A census walks every tie (about 90 ms for a million residents): a city's is yearly.
  o.census_days = static_cast<int>(t.integer_or("census_days", -1, -1, 3660));
  // Assumptions: a tie to someone outside the household would last about fifty years
  // without renewal (most end sooner, when someone dies or moves), and new ones form so that
  // the mean degree and the isolated share hold near the start's over ten years (measured on
  // Hagi: isolated 3.3% -> 3.3%, mean degree 5.6 -> 5.5).
  o.fade_rate = t.number_or("fade_rate", 0.02, 0, 10);
  o.formation_rate = t.number_or("formation_rate", 0.15, 0, 100);
  o.formation_old = t.number_or("formation_old", 0.75, 0, 10);
  o.formation_reserved = unit(t, "formation_reserved", 0.05);
  o.closure_share = unit(t, "closure_share", 0.5);
  o.arrival_ties = static_cast<int>(t.integer_or("arrival_ties", 2, 0, 40));
  o.place_tie_rate = t.number_or("place_tie_rate", 0.3, 0, 100);
  return o;
}

}  // namespace kyosei::models
