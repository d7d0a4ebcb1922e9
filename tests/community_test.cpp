// Coordinators, councils and community resources, each mechanism alone in a tiny town.
#include <gtest/gtest.h>

#include "scenario_runs.hpp"

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"

using namespace kyosei;

namespace {

const char* tiny_town = R"(
name: tiny-community
seed: 21
start_date: 2021-04-01
years: 4
replicates: 2
municipalities:
  - name: town
    population: 15000
    age65_share: 0.38
    age75_share: 0.21
    areas: [{name: east, share: 0.5}, {name: west, share: 0.5}]
)";

sim::Results run(const std::vector<std::string>& sets) {
  return runs::run_yaml(tiny_town, sets);
}

using runs::total;

double at_end(const sim::Results& r, const std::string& metric) {
  const int m = r.metric_index(metric);
  double sum = 0;
  for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
    sum += r.series[m][r.index(0, rep, r.times.size() - 1, 0)];
  return sum;
}

}  // namespace

TEST(Coordinators, WithNoneNothingIsFoundDevelopedOrMatched) {
  const sim::Results r =
      run({"community.coordinators.layer1=0", "community.coordinators.layer2_per_area=0"});
  EXPECT_EQ(total(r, "sc_hours"), 0);
  EXPECT_EQ(total(r, "resources_created"), 0);
  EXPECT_EQ(total(r, "treasures_found"), 0);
  EXPECT_EQ(total(r, "matches"), 0);
  EXPECT_EQ(total(r, "providers_trained"), 0);
}

TEST(Coordinators, MoreHoursDevelopAndFindMore) {
  const sim::Results few = run({"community.coordinators.hours_per_month=20"});
  const sim::Results many = run({"community.coordinators.hours_per_month=160"});
  EXPECT_GT(total(many, "sc_hours"), total(few, "sc_hours"));
  EXPECT_GT(total(many, "resources_created"), total(few, "resources_created"));
  EXPECT_GT(total(many, "matches"), total(few, "matches"));
}

TEST(ResourceInventory, FindsATreasureOnlyWhereACandidatePlaceExists) {
  const sim::Results none = run({"community.candidate_places_per_1000=0",
                                 "community.coordinators.activity_share.company_collaboration=0"});
  EXPECT_EQ(total(none, "treasures_found"), 0);
  const sim::Results some = run({"community.candidate_places_per_1000=5"});
  EXPECT_GT(total(some, "treasures_found"), 0);
}

TEST(Council, WithoutATransportMemberNeverCreatesMobilityHelp) {
  const std::vector<std::string> base{"community.resources.mobility_help.per_1000_at_start=0",
                                      "community.councils.issue_threshold=2",
                                      "community.coordinators.hours_per_month=160"};
  auto with_members = [&](const std::string& members) {
    std::vector<std::string> sets = base;
    sets.push_back("community.councils.members=" + members);
    return run(sets);
  };
  const sim::Results without = with_members("[neighbourhood_association, elderly_club, shakyo]");
  EXPECT_EQ(at_end(without, "resources_active_mobility_help"), 0);
  const sim::Results with =
      with_members("[neighbourhood_association, elderly_club, shakyo, transport]");
  EXPECT_GT(at_end(with, "resources_active_mobility_help"), 0);
}

TEST(Council, MeetingsStrengthenReferralsSoFewerHandOffsAreLost) {
  const std::string members =
      "community.councils.members=[houkatsu, disability_counter, "
      "children_counter, livelihood_counter, minsei_iin]";
  const sim::Results none =
      run({"community.councils.layer1=false", "community.councils.layer2=false",
           "community.coordinators.strength_per_hour=0"});
  const sim::Results often =
      run({members, "community.councils.meetings_per_year=12",
           "community.councils.strength_gain=0.3", "community.coordinators.strength_per_hour=0"});
  EXPECT_EQ(total(none, "council_meetings"), 0);
  EXPECT_GT(total(often, "council_meetings"), 0);
  EXPECT_LT(total(often, "referrals_lost") / total(often, "referrals"),
            0.7 * total(none, "referrals_lost") / total(none, "referrals"));
}

TEST(Providers, LeavingFoldsResources) {
  const sim::Results tiring =
      run({"community.provider_leave_rate=12", "community.coordinators.trainee_uptake=0"});
  EXPECT_GT(total(tiring, "resources_closed"), 0);
  const sim::Results steady =
      run({"community.provider_leave_rate=0", "community.treasure_close_rate=0",
           "population.dynamics.mortality_men={0-104: 0}",
           "population.dynamics.mortality_women={0-104: 0}",
           "population.dynamics.care_onset={0-104: 0}",
           "population.dynamics.out_migration={0-104: 0}", "population.ties.fade_rate=0"});
  EXPECT_EQ(total(steady, "resources_closed"), 0);
}

TEST(Resources, AreConservedInEveryRegion) {
  const sim::Results r = run({});
  const int active = r.metric_index("resources_active"),
            created = r.metric_index("resources_created"),
            closed = r.metric_index("resources_closed");
  for (std::size_t rep = 0; rep < 2; ++rep)
    for (std::size_t g = 0; g < r.regions.size(); ++g)
      for (std::size_t t = 1; t < r.times.size(); ++t)
        ASSERT_EQ(
            r.series[active][r.index(0, rep, t, g)] - r.series[active][r.index(0, rep, t - 1, g)],
            r.series[created][r.index(0, rep, t, g)] - r.series[closed][r.index(0, rep, t, g)])
            << r.regions[g].name << " sample " << t;
}

TEST(Participation, LowersCareWorseningSoFewerAreCertified) {
  // Without the care-prevention effect the same town ends with more residents certified.
  const sim::Results with = run({"population.dynamics.participation_care_worsening=0.3",
                                 "community.coordinators.hours_per_month=200"});
  const sim::Results without = run({"population.dynamics.participation_care_worsening=1",
                                    "community.coordinators.hours_per_month=200"});
  EXPECT_LT(at_end(with, "care_certified"), at_end(without, "care_certified"));
}

// Salons (通いの場) are resident-run: without coordinators they thin out slowly, because their
// regulars bring in newcomers and take over as helpers; take that away and they fold as their
// helpers tire or leave (about a sixth of them a year). Eight replicates: a town this size
// starts with about fifteen salons, and pairs of replicates keep 0.15-0.5 of them without
// regulars (0.36 over sixteen; this test asked for under a quarter from two, which held by
// chance on the replicates it had).
TEST(Salons, SustainThemselvesWithoutCoordinatorsAndFoldWithoutTheirRegulars) {
  const std::vector<std::string> no_coordinators{"years=6", "replicates=8",
                                                 "community.coordinators.layer1=0",
                                                 "community.coordinators.layer2_per_area=0"};
  std::vector<std::string> no_regulars = no_coordinators;
  no_regulars.push_back("community.resources.salon.recruitment=0");
  no_regulars.push_back("community.resources.salon.provider_recruitment=0");
  const sim::Results alone = run(no_coordinators), folding = run(no_regulars);
  const auto start = [](const sim::Results& r) {
    double sum = 0;
    for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
      sum += r.series[r.metric_index("resources_active_salon")][r.index(0, rep, 0, 0)];
    return sum;
  };
  ASSERT_GT(start(alone), 0);
  // About 7% a year: more than half remain after six years; without regulars under half, and
  // clearly fewer than with them.
  const double kept = at_end(alone, "resources_active_salon") / start(alone);
  const double kept_folding = at_end(folding, "resources_active_salon") / start(folding);
  EXPECT_GT(kept, 0.5);
  EXPECT_LT(kept_folding, 0.5);
  EXPECT_LT(kept_folding, 0.75 * kept) << "with regulars " << kept << ", without " << kept_folding;
  EXPECT_GT(at_end(alone, "salon_participants_65"), 2 * at_end(folding, "salon_participants_65"));
}

// III 地域づくり under 重層: the multi-field platform has coordinators match residents of every
// age to the resources that serve them (parents of young children to child-rearing hubs,
// withdrawn adults to 居場所, adults in hardship to work experience); siloed coordinators
// (生活支援体制整備) match elders only, so those resources get no one through them. Participation
// support's placements (II) are turned off, so that coordinators are the only way in.
TEST(MultiFieldPlatform, GivesEveryKindOfResourceItsParticipantsUnderJusouOnly) {
  const std::vector<std::string> many{"years=3",
                                      "municipalities.0.staff.program_places=0",
                                      "municipalities.0.staff.participation_places=0",
                                      "municipalities.0.staff.housing_support_places=0",
                                      "community.resources.child_hub.per_1000_at_start=1",
                                      "community.resources.ibasho.per_1000_at_start=1",
                                      "community.resources.work_experience.per_1000_at_start=1"};
  std::vector<std::string> jusou = many;
  jusou.push_back("policy.mode=jusou");
  const sim::Results platform = run(jusou), siloed = run(many);
  for (const char* kind : {"child_hub", "ibasho", "work_experience"}) {
    EXPECT_GT(total(platform, std::string("participants_") + kind), 0) << kind;
    EXPECT_EQ(total(siloed, std::string("participants_") + kind), 0) << kind;
  }
  EXPECT_GT(total(siloed, "participants_salon"), 0);
}
