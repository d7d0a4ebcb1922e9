// One simulation split into partitions, a municipality each (models/town/town_part.hpp):
// partitions step in parallel yet give the same file at any thread count, draw their own
// streams, and share nothing but what crosses them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"

using namespace kyosei;

namespace {

// Three municipalities of different sizes; `twin` has the same settings as `east`.
const char* three_towns = R"(
name: three-towns
seed: 11
start_date: 2021-04-01
years: 1
warmup_years: 1
replicates: 1
policy: {mode: siloed}
municipalities:
  - name: east
    population: 6000
    age65_share: 0.30
    age75_share: 0.15
    areas: [{name: north, share: 0.5}, {name: south, share: 0.5}]
  - name: west
    population: 9000
    age65_share: 0.35
    age75_share: 0.18
    areas: [{name: hill, share: 1}]
  - name: twin
    population: 6000
    age65_share: 0.30
    age75_share: 0.15
    areas: [{name: north, share: 0.5}, {name: south, share: 0.5}]
)";

sim::Results run(const std::string& yaml, int threads, const std::vector<std::string>& sets = {}) {
  static const models::TownModelLoader loader;
  std::vector<sim::Assignment> assignments;
  for (const std::string& s : sets) assignments.push_back({s, "--set " + s});
  const sim::PreparedScenario scenario = sim::prepare_scenario(
      sim::resolve_scenario(sim::parse_yaml(yaml, "three-towns.yaml"), assignments), loader);
  return sim::run_scenario(scenario, {.threads = threads});
}

int region(const sim::Results& r, const std::string& name) {
  for (std::size_t i = 0; i < r.regions.size(); ++i)
    if (r.regions[i].name == name) return static_cast<int>(i);
  ADD_FAILURE() << "no region " << name;
  return 0;
}

// A metric's values over time at one region.
std::vector<double> at(const sim::Results& r, const std::string& metric, int where) {
  std::vector<double> out;
  const int m = r.metric_index(metric);
  for (std::size_t t = 0; t < r.times.size(); ++t)
    out.push_back(r.series[m][r.index(0, 0, t, static_cast<std::size_t>(where))]);
  return out;
}

}  // namespace

TEST(Partitions, OneSimulationIsBitIdenticalAtOneTwoAndFourThreads) {
  const sim::Results one = run(three_towns, 1);
  for (const int threads : {2, 4}) {
    const sim::Results many = run(three_towns, threads);
    ASSERT_EQ(one.series.size(), many.series.size());
    for (std::size_t m = 0; m < one.series.size(); ++m)
      EXPECT_EQ(one.series[m], many.series[m]) << one.metrics[m].name << " at " << threads;
    EXPECT_EQ(one.ledger, many.ledger) << threads << " threads";
    ASSERT_EQ(one.annotations.size(), many.annotations.size());
    for (std::size_t a = 0; a < one.annotations.size(); ++a)
      EXPECT_EQ(one.annotations[a].value, many.annotations[a].value) << one.annotations[a].name;
  }
}

TEST(Partitions, EachMunicipalityDrawsATownOfItsOwn) {
  // Same settings, different partitions: without a stream of its own, twin would be east's
  // clone, resident for resident.
  const sim::Results r = run(three_towns, 2);
  EXPECT_NE(at(r, "deaths", region(r, "east")), at(r, "deaths", region(r, "twin")));
  EXPECT_NE(at(r, "withdrawn", region(r, "east")), at(r, "withdrawn", region(r, "twin")));
  // Both hold their own residents, and the total is their sum.
  const std::vector<double> east = at(r, "population", region(r, "east")),
                            west = at(r, "population", region(r, "west")),
                            twin = at(r, "population", region(r, "twin")),
                            total = at(r, "population", 0);
  for (std::size_t t = 0; t < total.size(); ++t) EXPECT_EQ(total[t], east[t] + west[t] + twin[t]);
}

TEST(Partitions, TheFirstMunicipalityRunsAsItDoesAlone) {
  // Partitions share nothing here (no moves between them, siloed: no prefectural backup), and
  // the first draws the streams of an unsplit simulation: its every series is the same as in
  // a scenario of it alone.
  const std::string alone =
      std::string(three_towns).substr(0, std::string(three_towns).find("  - name: west"));
  const sim::Results whole = run(three_towns, 2), single = run(alone, 2);
  const int east = region(whole, "east");
  ASSERT_EQ(east, region(single, "east"));
  std::size_t compared = 0;
  for (std::size_t m = 0; m < whole.metrics.size(); ++m)
    for (const char* name : {"east", "east/north", "east/south"}) {
      const std::string& metric = whole.metrics[m].name;
      EXPECT_EQ(at(whole, metric, region(whole, name)), at(single, metric, region(single, name)))
          << metric << " at " << name;
      ++compared;
    }
  EXPECT_GT(compared, 300u);
}

namespace {

// Two towns of one prefecture that is nothing but them, everyone who moves going to the other.
const char* two_towns = R"(
name: two-towns
seed: 3
start_date: 2021-04-01
years: 2
replicates: 1
policy: {mode: siloed}
population:
  dynamics:
    moves_within_prefecture: 1
    out_migration: {0-104: 0.05}
municipalities:
  - name: east
    population: 8000
    age65_share: 0.30
    age75_share: 0.15
    prefecture: 山口県
    areas: [{name: north, share: 0.5}, {name: south, share: 0.5}]
  - name: west
    population: 5000
    age65_share: 0.40
    age75_share: 0.20
    prefecture: 山口県
    areas: [{name: hill, share: 1}]
)";

double total(const sim::Results& r, const std::string& metric, int where) {
  double sum = 0;
  for (const double x : at(r, metric, where)) sum += x;
  return sum;
}

}  // namespace

TEST(Partitions, AMoveBetweenTwoMunicipalitiesLandsInTheOther) {
  const sim::Results r = run(two_towns, 2);
  const int east = region(r, "east"), west = region(r, "west");
  // Every resident who left one arrived in the other, the day they left.
  EXPECT_GT(total(r, "moved_away", east), 100);
  EXPECT_EQ(total(r, "moved_within", west), total(r, "moved_away", east));
  EXPECT_EQ(total(r, "moved_within", east), total(r, "moved_away", west));
  // Arrivals from outside make up only for what the other does not send.
  EXPECT_GE(total(r, "moved_in", west), total(r, "moved_within", west));
  // The scenario keeps its residents: at the total, moves within it cancel.
  const std::vector<double> people = at(r, "population", 0);
  EXPECT_EQ(people.back() - people.front(), total(r, "births", 0) - total(r, "deaths", 0) +
                                                total(r, "moved_in", 0) -
                                                total(r, "moved_away", 0));
  // The same at 1 thread, and none without a prefecture to share.
  const sim::Results one = run(two_towns, 1);
  for (std::size_t m = 0; m < r.series.size(); ++m)
    EXPECT_EQ(r.series[m], one.series[m]) << r.metrics[m].name;
  const sim::Results apart =
      run(two_towns, 2, {"municipalities.0.prefecture=", "municipalities.1.prefecture="});
  EXPECT_EQ(total(apart, "moved_within", 0), 0);
  EXPECT_GT(total(apart, "moved_away", 0), 100);
}
