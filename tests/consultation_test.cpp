// Consultation support, each mechanism alone in a tiny town: eligibility, referral losses,
// queues, conferences, outreach, participation, 経費按分, staggered adoption, and every case
// accounted for.
#include <gtest/gtest.h>

#include "scenario_runs.hpp"

#include <cmath>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "support/consultation.hpp"
#include "town/town_model.hpp"

using namespace kyosei;
using namespace kyosei::models;

namespace {

const char* tiny_town = R"(
name: tiny-town
seed: 11
start_date: 2021-04-01
years: 3
replicates: 2
policy: {mode: siloed, adoption_year: 2021}
municipalities:
  - name: town
    population: 12000
    age65_share: 0.35
    age75_share: 0.20
    areas: [{name: north, share: 0.5}, {name: south, share: 0.5}]
)";

sim::Results run(const std::vector<std::string>& sets) {
  return runs::run_yaml(tiny_town, sets);
}

using runs::total;

// Only one kind of need arises: a gap need (withdrawal without hardship).
const std::vector<std::string> gap_needs_only{"consultation.episodes.care_onset=0",
                                              "consultation.episodes.care_worsening=0",
                                              "consultation.episodes.disability_onset=0",
                                              "consultation.episodes.hardship_onset=0",
                                              "consultation.episodes.birth=0",
                                              "consultation.episodes.heavy_burden=0",
                                              "consultation.episodes.isolation_alone=0",
                                              "consultation.episodes.initial_pending=0",
                                              "consultation.episodes.withdrawal_onset=1",
                                              "population.conditions.low_income=0",
                                              "population.dynamics.withdrawal_onset=0.05"};

std::vector<std::string> with(std::vector<std::string> sets,
                              std::initializer_list<std::string> more) {
  sets.insert(sets.end(), more);
  return sets;
}

}  // namespace

TEST(SiloedCounter, LeavesAGapNeedUnservedThatJusouServes) {
  const sim::Results siloed = run(gap_needs_only);
  const sim::Results jusou = run(with(gap_needs_only, {"policy.mode=jusou"}));
  EXPECT_GT(total(siloed, "gap_needs_unserved"), 20);
  EXPECT_EQ(total(jusou, "gap_needs_unserved"), 0);
  // Siloed, a gap need alone opens no case at all; under 重層 it does.
  EXPECT_EQ(total(siloed, "cases_opened"), 0);
  EXPECT_GT(total(jusou, "cases_opened"), 20);
  // The rule is the counters' own: a combined counter takes every attribute, but no program
  // names a gap need, so it too leaves it unserved.
  const sim::Results combined = run(with(gap_needs_only, {"policy.combined_counter=true"}));
  EXPECT_GT(total(combined, "gap_needs_unserved"), 20);
  EXPECT_EQ(total(combined, "cases_opened"), 0);
}

TEST(ReferralChain, LosesTheExpectedShareAndMoreAtEachFurtherHandOff) {
  // Households with needs in all four attributes, brought to the 包括: three hand-offs, lost
  // with 0.3, 0.3 × 1.5 and 0.3 × 1.5².
  sim::ConfigNode tree = sim::parse_yaml(tiny_town, "tiny-town.yaml");
  static const TownModelLoader loader;
  const sim::PreparedScenario scenario =
      sim::prepare_scenario(sim::resolve_scenario(tree, {{"years=1", "test"}}), loader);
  const auto& model = dynamic_cast<const TownModel&>(*scenario.arms[0].model);
  const sim::Clock clock(scenario.settings.start_date, scenario.settings.days);
  Town town = build_town(model.config(), model.town_regions(), sim::StreamKey{5, 0, 0});
  sim::MetricRecorder recorder(model.metrics(), model.regions());
  const Organisations orgs = build_organisations(town, model.config(), model.town_regions());
  ConsultationSystem system(town, model.config(), model.consultation_ids(), orgs,
                            sim::StreamKey{5, 0, 0}, clock, [](std::uint32_t, int) {});
  const Needs all = DomainSet::all();
  int households = 0;
  for (std::uint32_t h = 0; h < town.households.size(); ++h) {
    if (town.households.members[h] == 0) continue;
    system.need_arises(h, all, 10, recorder);
    system.consult(h, self_or_family, 10, recorder);
    ++households;
  }
  recorder.sample();
  const auto metric = [&](const char* name) {
    return recorder.history(*model.metrics().find(name))[0];  // sample 0, region 0 = total
  };
  EXPECT_EQ(metric("referrals"), 3.0 * households);
  const double expected = (0.3 + 0.45 + 0.675) * households;
  EXPECT_NEAR(metric("referrals_lost"), expected, 4 * std::sqrt(expected));
}

TEST(CounterQueue, WaitsGrowAsArrivalsApproachCapacity) {
  const std::vector<std::string> elderly_only{
      "consultation.episodes.disability_onset=0", "consultation.episodes.hardship_onset=0",
      "consultation.episodes.withdrawal_onset=0", "consultation.episodes.birth=0",
      "consultation.episodes.heavy_burden=0",     "consultation.episodes.isolation_alone=0",
      "consultation.episodes.initial_pending=0",  "consultation.episodes.care_onset=1",
      "consultation.episodes.care_worsening=1"};
  auto wait = [&](const char* fte) {
    const sim::Results r =
        run(with(elderly_only, {std::string("municipalities.0.staff.elderly_fte=") + fte}));
    return total(r, "wait_days_total") / total(r, "cases_opened");
  };
  // About 140 requests a year, each holding 3 of the counter's hours a month for about
  // 90 days: 2 FTE (240 hours) is ample; 0.6 and 0.4 FTE approach and pass capacity.
  const double ample = wait("2"), tight = wait("0.6"), cut = wait("0.4");
  EXPECT_LT(ample, 2.0);
  EXPECT_GT(tight, ample);
  EXPECT_GT(cut, tight);
  EXPECT_EQ(
      total(run(with(elderly_only, {"municipalities.0.staff.elderly_fte=0"})), "cases_opened"), 0);
}

TEST(SupportConference, ConvenesForCompoundHouseholdsOnlyUnderJusouOrTransition) {
  EXPECT_EQ(total(run({}), "compound_cases_conferenced"), 0);
  EXPECT_GT(total(run({"policy.mode=jusou"}), "compound_cases_conferenced"), 0);
  // 移行準備 conferences compound households too, and hands attributes on without loss.
  const sim::Results transition = run({"policy.mode=transition"});
  EXPECT_GT(total(transition, "compound_cases_conferenced"), 0);
  EXPECT_EQ(total(transition, "referrals_lost"), 0);
}

// 多機関協働: the collaboration team's hours are the conferences' capacity. With the team every
// plan is split into parts at the counters its needs touch, each worked from that counter's
// hours (a gap need, which no program names, is one part at the lead counter). Without it no
// conference is held: the counter a household turned to carries all of it alone.
TEST(MultiAgencyPlans, NeedTheCollaborationTeamAndSplitTheWorkAmongCounters) {
  const sim::Results none =
      run({"policy.mode=jusou", "municipalities.0.staff.collaboration_fte=0"});
  EXPECT_EQ(total(none, "conferences_held"), 0);
  EXPECT_EQ(total(none, "plan_parts"), 0);
  EXPECT_EQ(total(none, "plans_open"), 0);
  EXPECT_EQ(total(none, "plans_waiting"), 0);

  const sim::Results team = run({"policy.mode=jusou"});
  const double plans = total(team, "compound_cases_conferenced");
  EXPECT_GT(plans, 0);
  EXPECT_GE(total(team, "plan_parts"), plans);
  EXPECT_GT(total(team, "plan_parts"), 1.1 * plans) << "plans split among counters";
  EXPECT_GT(total(team, "conferences_held"), plans) << "open plans are reviewed";
  double open = 0, led = 0;
  for (std::size_t t = 0; t < team.times.size(); ++t) {
    open += team.series[team.metric_index("plans_open")][team.index(0, 0, t, 0)];
    for (const char* d : {"elderly", "disability", "children", "livelihood"})
      led +=
          team.series[team.metric_index(std::string("plans_by_lead_") + d)][team.index(0, 0, t, 0)];
  }
  EXPECT_GT(open, 0);
  EXPECT_EQ(led, open) << "every open plan has one lead agency";
  // The parts go to the counters by need: the counters most compound households do not turn
  // to first open more cases than when the first counter carries them alone.
  EXPECT_GT(total(team, "cases_opened_disability") + total(team, "cases_opened_livelihood"),
            total(none, "cases_opened_disability") + total(none, "cases_opened_livelihood"));
  // A smaller team holds fewer plans at once, so compound households wait longer.
  const sim::Results small =
      run({"policy.mode=jusou", "municipalities.0.staff.collaboration_fte=0.05"});
  EXPECT_GT(total(small, "wait_days_total") / total(small, "cases_opened"),
            total(team, "wait_days_total") / total(team, "cases_opened"));
  // Siloed counters hold no plans.
  EXPECT_EQ(total(run({}), "conferences_held"), 0);
}

// Outreach rounds visit households the records flag (8050, elders alone and isolated,
// withdrawn adults in hardship) that nobody has reported: only under 重層, only with workers.
TEST(Outreach, RoundsFindFlaggedHouseholdsNobodyReported) {
  EXPECT_GT(total(run({"policy.mode=jusou"}), "outreach_found_unreported"), 0);
  EXPECT_EQ(total(run({}), "outreach_found_unreported"), 0);
  EXPECT_EQ(total(run({"policy.mode=jusou", "municipalities.0.staff.outreach_fte=0"}),
                  "outreach_found_unreported"),
            0);
}

// 伴走: under 重層 the counter keeps in touch after a case, from its own hours, and needs
// return less often and are found sooner.
TEST(Accompaniment, KeepsContactAfterACaseAndPreventsRelapse) {
  const std::vector<std::string> jusou{"policy.mode=jusou",
                                       "consultation.cases.relapse_probability=0.5"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), jusou.begin(), jusou.end());
    return run(extra);
  };
  const sim::Results kept = with({}), never = with({"consultation.discovery.accompaniment_days=0",
                                                    "municipalities.0.staff.outreach_fte=0"});
  EXPECT_GT(total(kept, "accompanied"), 0);
  EXPECT_EQ(total(never, "accompanied"), 0);
  // 伴走 takes the counter's own hours: a counter without them keeps in touch with nobody.
  const sim::Results no_hours = with({"consultation.discovery.accompaniment_hours_month=1000",
                                      "municipalities.0.staff.outreach_fte=0"});
  EXPECT_EQ(total(no_hours, "accompanied"), 0);
  // Its contacts find returning needs: more contacts, fewer hidden households, more brought
  // back by the counter.
  const sim::Results rare = with({"consultation.discovery.accompaniment_contacts_month=0"});
  const sim::Results often = with({"consultation.discovery.accompaniment_contacts_month=4"});
  EXPECT_LT(total(often, "hidden_households"), total(rare, "hidden_households"));
  EXPECT_GT(total(often, "consultations_accompaniment"), 0);
  EXPECT_EQ(total(rare, "consultations_accompaniment"), 0);
  const sim::Results no_effect = with({"consultation.discovery.accompaniment_relapse=1"});
  const sim::Results full_effect = with({"consultation.discovery.accompaniment_relapse=0"});
  EXPECT_LT(total(full_effect, "needs_arising"), total(no_effect, "needs_arising"));
}

// Participation support leads some working-age participants back into work.
TEST(ParticipationSupport, LeadsSomeParticipantsBackIntoWork) {
  const sim::Results none = run({"policy.mode=jusou", "consultation.cases.placement_employment=0"});
  const sim::Results all = run({"policy.mode=jusou", "consultation.cases.placement_employment=1"});
  EXPECT_GT(total(all, "reemployed"), total(none, "reemployed"));
}

TEST(Outreach, ReachesHiddenHouseholdsOnlyWithOutreachWorkers) {
  EXPECT_EQ(total(run({}), "consultations_outreach"), 0);
  EXPECT_GT(total(run({"policy.mode=jusou"}), "consultations_outreach"), 0);
  EXPECT_EQ(total(run({"policy.mode=jusou", "municipalities.0.staff.outreach_fte=0"}),
                  "consultations_outreach"),
            0);
}

// The seed's example of widening (参加支援): a livelihood work-experience place accepts a
// withdrawn adult who is not poor, under 重層 only. Each placement needs a caseload slot and
// room at a real resource.
TEST(ParticipationSupport, WidensWorkExperienceToAWithdrawnAdultWhoIsNotPoor) {
  const std::vector<std::string> work_only =
      with(gap_needs_only,
           {"community.resources.work_experience.per_1000_at_start=1",
            "community.resources.ibasho.per_1000_at_start=0",
            // and none developed: no coordinators
            "community.coordinators.layer1=0", "community.coordinators.layer2_per_area=0"});
  const sim::Results jusou = run(with(work_only, {"policy.mode=jusou"}));
  EXPECT_GT(total(jusou, "placements_work_experience"), 0);
  EXPECT_EQ(total(jusou, "placements_ibasho"), 0) << "no 居場所 exists";
  // The existing program's own slots take only the poor.
  EXPECT_EQ(total(run(with(work_only,
                           {"policy.mode=jusou", "municipalities.0.staff.participation_places=0"})),
                  "placements_work_experience"),
            0);
  // No real place, no placement.
  EXPECT_EQ(total(run(with(work_only, {"policy.mode=jusou",
                                       "community.resources.work_experience.per_1000_at_start=0"})),
                  "placements_work_experience"),
            0);
  // Siloed, no counter takes the need, and nobody is placed.
  EXPECT_EQ(total(run(work_only), "participation_placements"), 0);
}

// Existing programs place those their rules accept in either mode: the poor in work experience,
// from the program's own slots.
TEST(ParticipationSupport, ExistingProgramsPlaceThePoorInEitherMode) {
  const std::vector<std::string> hardship{"consultation.episodes.hardship_onset=1",
                                          "community.resources.work_experience.per_1000_at_start=1",
                                          "municipalities.0.staff.participation_places=0"};
  EXPECT_GT(total(run(hardship), "placements_work_experience"), 0);
  EXPECT_EQ(total(run(with(hardship, {"municipalities.0.staff.program_places=0"})),
                  "placements_work_experience"),
            0);
}

// 見守り等居住支援: an isolated elder living alone is placed in watching-over; where none has
// room, 重層 places them in housing support with watching-over, if it has places.
TEST(ParticipationSupport, PlacesIsolatedEldersInWatchingOverOrHousingSupport) {
  const std::vector<std::string> alone{"consultation.episodes.isolation_alone=1",
                                       "population.ties.fade_rate=0.5"};
  EXPECT_GT(total(run(with(alone, {"policy.mode=jusou"})), "placements_watching_over"), 0);
  const std::vector<std::string> none =
      with(alone, {"policy.mode=jusou", "community.resources.watching_over.per_1000_at_start=0"});
  EXPECT_GT(total(run(none), "placements_housing_support"), 0);
  EXPECT_EQ(total(run(with(none, {"municipalities.0.staff.housing_support_places=0"})),
                  "placements_housing_support"),
            0);
}

// A place to go helps a withdrawn adult out of withdrawal (participation_withdrawal_recovery).
TEST(ParticipationSupport, PlacementsHelpWithdrawnAdultsRecover) {
  auto withdrawn_months = [](const char* factor) {
    const sim::Results r =
        run(with(gap_needs_only,
                 {"policy.mode=jusou", "municipalities.0.staff.participation_places=500",
                  "municipalities.0.staff.livelihood_fte=5",
                  "community.resources.ibasho.per_1000_at_start=2",
                  "community.resources.work_experience.per_1000_at_start=1",
                  std::string("population.dynamics.participation_withdrawal_recovery=") + factor}));
    return total(r, "withdrawn");
  };
  EXPECT_LT(withdrawn_months("10"), 0.97 * withdrawn_months("1"));
}

// Support reaches the person whose need is worked on: a siloed elderly case supports the
// certified parent, not a withdrawn son, so making support speed recovery from withdrawal
// changes nothing when only elders' needs come to counters.
TEST(Cases, SupportReachesThePersonWhoseNeedIsWorkedOn) {
  const std::vector<std::string> elders_only{
      "consultation.episodes.care_onset=1",       "consultation.episodes.care_worsening=1",
      "consultation.episodes.disability_onset=0", "consultation.episodes.hardship_onset=0",
      "consultation.episodes.withdrawal_onset=0", "consultation.episodes.birth=0",
      "consultation.episodes.heavy_burden=0",     "consultation.episodes.isolation_alone=0",
      "consultation.episodes.initial_pending=0",  "population.dynamics.withdrawal_onset=0.05"};
  auto withdrawn = [&](const char* factor) {
    return total(run(with(elders_only, {std::string("population.dynamics."
                                                    "support_withdrawal_recovery=") +
                                        factor})),
                 "withdrawn");
  };
  ASSERT_GT(total(run(elders_only), "cases_opened_elderly"), 20);
  EXPECT_NEAR(withdrawn("10") / withdrawn("1"), 1.0, 0.01);
}

TEST(CostAllocation, OnlyACombinedCounterWithoutTheIntegratedGrantSplitsCosts) {
  EXPECT_EQ(total(run({}), "cost_allocation_admin_hours"), 0);
  EXPECT_GT(total(run({"policy.combined_counter=true"}), "cost_allocation_admin_hours"), 0);
  EXPECT_EQ(total(run({"policy.combined_counter=true", "policy.mode=jusou"}),
                  "cost_allocation_admin_hours"),
            0);
}

TEST(Adoption, StartsInTheAdoptionFiscalYear) {
  const sim::Results r = run({"policy.mode=jusou", "policy.adoption_year=2023"});
  const int m = r.metric_index("compound_cases_conferenced");
  double before = 0, after = 0;
  for (std::size_t t = 0; t < r.times.size(); ++t) {
    const double v = r.series[m][r.index(0, 0, t, 0)];
    (r.times[t] <= 730 ? before : after) += v;  // FY2021 and FY2022 run to day 730
  }
  EXPECT_EQ(before, 0);
  EXPECT_GT(after, 0);
}

TEST(Cases, AreConservedInEveryRegionArmAndReplicate) {
  for (const char* mode : {"policy.mode=siloed", "policy.mode=jusou"}) {
    const sim::Results r = run({mode});
    const int open = r.metric_index("cases_open"), opened = r.metric_index("cases_opened"),
              resolved = r.metric_index("cases_resolved"),
              dropped = r.metric_index("cases_dropped");
    for (std::size_t rep = 0; rep < 2; ++rep)
      for (std::size_t g = 0; g < r.regions.size(); ++g)
        for (std::size_t t = 1; t < r.times.size(); ++t) {
          const double change =
              r.series[open][r.index(0, rep, t, g)] - r.series[open][r.index(0, rep, t - 1, g)];
          const double flow = r.series[opened][r.index(0, rep, t, g)] -
                              r.series[resolved][r.index(0, rep, t, g)] -
                              r.series[dropped][r.index(0, rep, t, g)];
          ASSERT_EQ(change, flow) << mode << " region " << r.regions[g].name << " sample " << t;
        }
  }
}

TEST(Cases, SupportedResidentsRecoverFasterFromHardship) {
  // While a case is open its household is supported, which multiplies the hazard of leaving
  // hardship; with support made ten times as effective the town spends fewer resident-months
  // in hardship than with support that changes nothing.
  auto hardship_months = [](const char* factor) {
    const sim::Results r =
        run({"policy.mode=jusou", "consultation.episodes.hardship_onset=1",
             std::string("population.dynamics.support_hardship_recovery=") + factor});
    const int m = r.metric_index("hardship");
    double sum = 0;
    for (std::size_t rep = 0; rep < 2; ++rep)
      for (std::size_t t = 1; t < r.times.size(); ++t) sum += r.series[m][r.index(0, rep, t, 0)];
    return sum;
  };
  EXPECT_LT(hardship_months("10"), 0.97 * hardship_months("1"));
}

// Neighbours and kin notice along ties: without neighbour and kin ties hardly anyone outside
// the household brings a need (household ties do not count), and fewer ties bring fewer.
TEST(Noticing, TravelsAlongTiesAndStopsWithoutThem) {
  // Ties form as people meet: without forming new ones, the start's ties are all there is.
  const std::vector<std::string> no_new_ties{"population.ties.formation_rate=0",
                                             "population.ties.arrival_ties=0",
                                             "population.ties.place_tie_rate=0"};
  const sim::Results tied = run(no_new_ties);
  const sim::Results fewer = run(with(no_new_ties, {"population.ties.neighbour_ties=2"}));
  const sim::Results none = run(
      with(no_new_ties, {"population.ties.neighbour_ties=0", "population.ties.kin_tie_elderly=0"}));
  EXPECT_GT(total(tied, "consultations_neighbour"), 20);
  EXPECT_LT(total(fewer, "consultations_neighbour"), 0.8 * total(tied, "consultations_neighbour"));
  // Only the ties of those who moved in with family remain (former housemates stay tied).
  EXPECT_LT(total(none, "consultations_neighbour"), 0.05 * total(tied, "consultations_neighbour"));
  // With no rate per tie, ties carry nothing.
  EXPECT_EQ(total(run({"consultation.discovery.notice_per_tie_nearby=0",
                       "consultation.discovery.notice_per_tie_elsewhere=0"}),
                  "consultations_neighbour"),
            0);
}

// 民生委員 notice through the visits of their rounds: no visits, no 民生委員 consultations; a
// longer round (fewer 民生委員 for the same households) means fewer visits to each and fewer
// needs brought.
TEST(MinseiRounds, NoticeThroughVisitsThatLongerRoundsSpreadThinner) {
  const sim::Results usual = run({});
  EXPECT_GT(total(usual, "consultations_minsei"), 20);
  EXPECT_EQ(total(run({"consultation.discovery.minsei_visits_month=0"}), "consultations_minsei"),
            0);
  const sim::Results long_rounds = run({"population.ties.minsei_round_city=1000"});
  EXPECT_LT(total(long_rounds, "consultations_minsei"), 0.6 * total(usual, "consultations_minsei"));
}
