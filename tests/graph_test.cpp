// The residents' graph as it lives: isolation follows the ties, arrivals and people who meet
// at community places form ties, and ties end with those who leave. Each mechanism alone.
#include <gtest/gtest.h>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "population/dynamics.hpp"
#include "population/migration.hpp"
#include "population/population.hpp"
#include "scenario_runs.hpp"

using namespace kyosei;
using namespace kyosei::models;

namespace {

const char* town_yaml = R"(
policy: {mode: siloed}
municipalities:
  - name: town
    population: 6000
    age65_share: 0.30
    age75_share: 0.16
    areas: [{name: a, share: 0.6}, {name: b, share: 0.4}]
)";

struct Built {
  TownConfig config;
  TownRegions regions;
  Town town;
};

Built build() {
  sim::ConfigNode tree = sim::parse_yaml(town_yaml, "town.yaml");
  sim::KeyTracker tracker;
  sim::RunSettings settings;
  settings.start_date = *sim::parse_date("2021-04-01");
  Built b{read_town_config(sim::ConfigReader(tree, "", tracker), settings), {}, {}};
  b.regions = build_regions(b.config);
  b.town = build_town(b.config, b.regions, sim::StreamKey{1, 0, 0});
  return b;
}

// An adult in a private household with at least two ties outside it.
std::uint32_t sociable_adult(const Town& town) {
  const Residents& r = town.residents;
  for (std::uint32_t i = 0; i < r.size(); ++i)
    if (r.age[i] >= 20 && r.outside_ties[i] >= 2 &&
        static_cast<HouseholdType>(town.households.type[r.household[i]]) != HouseholdType::facility)
      return i;
  return Residents::none;
}

const char* small_town = R"(
name: still
seed: 5
start_date: 2021-04-01
years: 4
replicates: 2
warmup_years: 0
policy: {mode: siloed, adoption_year: 2021}
municipalities:
  - name: town
    population: 8000
    age65_share: 0.35
    age75_share: 0.20
    areas: [{name: north, share: 0.5}, {name: south, share: 0.5}]
)";

// A metric at the scenario-wide total, summed over replicates of arm 0, at sample t.
double at_sample(const sim::Results& r, const std::string& metric, std::size_t t) {
  const int m = r.metric_index(metric);
  EXPECT_GE(m, 0) << metric;
  double sum = 0;
  for (std::size_t rep = 0; m >= 0 && rep < static_cast<std::size_t>(r.replicates); ++rep)
    sum += r.series[static_cast<std::size_t>(m)][r.index(0, rep, t, 0)];
  return sum;
}

}  // namespace

// Isolation is a property of the graph: the resident stays connected while one tie outside
// the household remains, and becomes isolated when the last one ends.
TEST(LivingTies, AResidentWhoseLastOutsideTieEndsBecomesIsolated) {
  Built b = build();
  Town& town = b.town;
  const std::uint32_t i = sociable_adult(town);
  ASSERT_NE(i, Residents::none);
  ASSERT_FALSE(town.residents.has(i, isolated));
  std::vector<std::uint32_t> outside;
  town.ties.for_each(i, [&](std::uint32_t j) {
    if (town.residents.household[j] != town.residents.household[i]) outside.push_back(j);
  });
  ASSERT_EQ(outside.size(), town.residents.outside_ties[i]);
  for (std::size_t k = 0; k + 1 < outside.size(); ++k) {
    ASSERT_TRUE(untie(town, i, outside[k]));
    EXPECT_FALSE(refresh_isolation(town, i)) << "still " << outside.size() - k - 1 << " left";
  }
  ASSERT_TRUE(untie(town, i, outside.back()));
  EXPECT_TRUE(refresh_isolation(town, i)) << "the last outside tie ended";
  EXPECT_TRUE(town.residents.has(i, isolated));
  EXPECT_EQ(outside_ties(town, i), 0u);
  // A new tie ends it.
  ASSERT_TRUE(tie(town, i, outside.front()));
  refresh_isolation(town, i);
  EXPECT_FALSE(town.residents.has(i, isolated));
}

// A household moving in: members are tied to each other, and each adult (not reserved) meets
// `arrival_ties` people of the neighbourhood; with none to meet, arrivals start isolated.
TEST(LivingTies, AnArrivalGetsTies) {
  Built b = build();
  for (const int ties : {2, 0}) {
    b.config.ties.arrival_ties = ties;
    Town town = b.town;
    const std::size_t before = town.residents.size();
    std::vector<std::uint32_t> touched;
    const int came = arrive(town, b.config, 0, 10, 1, sim::StreamKey{1, 0, 0}, touched);
    ASSERT_GT(came, 0);
    for (const std::uint32_t j : touched) recount_outside_ties(town, j);
    for (std::size_t i = before; i < town.residents.size(); ++i) {
      const auto id = static_cast<std::uint32_t>(i);
      EXPECT_EQ(town.ties.degree(id) - outside_ties(town, id), static_cast<std::size_t>(came - 1))
          << "tied to the household";
      if (town.residents.age[id] >= 15 && !town.residents.reserved[id]) {
        if (ties > 0)
          EXPECT_GE(outside_ties(town, id), 1u) << "arrival " << id;
        else
          EXPECT_EQ(outside_ties(town, id), 0u);
      }
    }
  }
}

// Ties end with those who leave: a resident's death ends every tie, and each former partner's
// count of outside ties falls by one.
TEST(LivingTies, TiesEndWithTheDead) {
  Built b = build();
  Town& town = b.town;
  const std::uint32_t i = sociable_adult(town);
  std::vector<std::pair<std::uint32_t, int>> partners;
  town.ties.for_each(i, [&](std::uint32_t j) {
    if (town.residents.household[j] != town.residents.household[i])
      partners.emplace_back(j, town.residents.outside_ties[j]);
  });
  const Change c = apply(town, b.config, i, Transition::death, 10, sim::StreamKey{1, 0, 0});
  EXPECT_EQ(town.ties.degree(i), 0u);
  for (const auto& [j, had] : partners) {
    EXPECT_EQ(town.residents.outside_ties[j], had - 1) << "partner " << j;
    EXPECT_NE(std::find(c.touched.begin(), c.touched.end(), j), c.touched.end());
  }
}

// People who meet at a salon or 居場所 form ties there: with no other way to form one, ties
// form only while place_tie_rate allows.
TEST(LivingTies, ParticipantsOfCommunityPlacesFormTies) {
  const std::vector<std::string> only_places{"seed=3", "years=2",
                                             "population.ties.formation_rate=0"};
  const double at_places = runs::total(runs::run_yaml(small_town, only_places), "ties_formed");
  std::vector<std::string> none = only_places;
  none.push_back("population.ties.place_tie_rate=0");
  EXPECT_GT(at_places, 10);
  EXPECT_EQ(runs::total(runs::run_yaml(small_town, none), "ties_formed"), 0);
}

// The warm-up holds the graph still with the rest of the population: three years of it leave
// the start date with the graph as built (the same census and isolated as without a warm-up),
// while the first four years of the run change it.
TEST(LivingTies, TheWarmUpHoldsTheGraphStill) {
  const sim::Results cold = runs::run_yaml(small_town, {"years=4"});
  const sim::Results warm = runs::run_yaml(small_town, {"years=4", "warmup_years=3"});
  for (const char* m : {"graph_mean_degree", "graph_components", "graph_clustering", "isolated"})
    EXPECT_EQ(at_sample(warm, m, 0), at_sample(cold, m, 0)) << m;
  const std::size_t last = warm.times.size() - 1;
  EXPECT_NE(at_sample(warm, "graph_clustering", last), at_sample(warm, "graph_clustering", 0));
  EXPECT_GT(runs::total(warm, "ties_ended"), 0);
}

// Spells of isolation are kept to with isolation_persistent: when every spell is kept, those
// isolated at the start stay so but for deaths and moves (and a rare tie); when none is, they
// form ties as anyone does and most have left isolation after four years.
TEST(LivingTies, KeptSpellsOfIsolationLastAndOthersPass) {
  const auto kept_after_four_years = [](const char* persistent) {
    const sim::Results r = runs::run_yaml(
        small_town, {std::string("population.conditions.isolation_persistent=") + persistent});
    return at_sample(r, "isolated", r.times.size() - 1) / at_sample(r, "isolated", 0);
  };
  const double all_kept = kept_after_four_years("1");
  const double none_kept = kept_after_four_years("0");
  EXPECT_GT(all_kept, 0.7);   // 0.80 measured: about a fifth die or move away
  EXPECT_LT(none_kept, 0.6);  // 0.38 measured
  EXPECT_GT(all_kept, none_kept + 0.25);
}
