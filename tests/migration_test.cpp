// Moves between the scenario's municipalities (models/population/migration.hpp): where movers
// go, what a destination expects from them, and that a household arrives as it left.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "population/dynamics.hpp"
#include "population/migration.hpp"
#include "population/population.hpp"

using namespace kyosei;
using namespace kyosei::models;

namespace {

// A, B, C of prefecture p (20,000 residents in all), D of q (50,000), E of none; a country of
// a million.
TownConfig five_towns() {
  TownConfig c;
  c.dynamics.moves_within_prefecture = 0.6;
  c.dynamics.national_population = 1'000'000;
  const auto add = [&](const char* name, long population, const char* prefecture, long whole) {
    MunicipalityConfig m;
    m.name = name;
    m.population = population;
    m.prefecture = prefecture;
    m.prefecture_population = whole;
    c.municipalities.push_back(m);
  };
  add("A", 1000, "p", 20000);
  add("B", 3000, "p", 20000);
  add("C", 6000, "p", 20000);
  add("D", 10000, "q", 50000);
  add("E", 5000, "", 0);
  return c;
}

}  // namespace

TEST(Migration, MoversGoByPopulationAndTheInflowIsWhatLands) {
  const Migration migration(five_towns());
  // From A: within p (0.6) to B or C by population among the 19,000 others of p; else (0.4)
  // to D's 10,000 of the 980,000 outside p. Nobody goes to A itself or to E.
  const std::map<std::uint32_t, double> expected = {
      {1, 0.6 * 3000 / 19000}, {2, 0.6 * 6000 / 19000}, {3, 0.4 * 10000 / 980000}};
  constexpr int draws = 400'000;
  std::map<std::uint32_t, int> landed;
  for (int k = 0; k < draws; ++k) {
    sim::Stream draw(sim::StreamKey{1}, static_cast<std::uint64_t>(k), 0, 1);
    if (const auto to = migration.destination(0, draw)) ++landed[*to];
  }
  for (const auto& [to, count] : landed) EXPECT_TRUE(expected.contains(to)) << "went to " << to;
  std::vector<double> leaving = {1, 0, 0, 0, 0};  // [persons / year] from A alone
  const std::vector<double> inflow = migration.inflow(leaving);
  EXPECT_EQ(inflow[0], 0);
  EXPECT_EQ(inflow[4], 0);
  for (const auto& [to, p] : expected) {
    const double sd = std::sqrt(p * (1 - p) / draws);
    EXPECT_NEAR(static_cast<double>(landed[to]) / draws, p, 4 * sd) << to;
    EXPECT_NEAR(inflow[to], p, 1e-15) << to;
  }
  // Movers of no known prefecture leave, and none land among them.
  for (int k = 0; k < 1000; ++k) {
    sim::Stream draw(sim::StreamKey{2}, static_cast<std::uint64_t>(k), 0, 1);
    EXPECT_FALSE(migration.destination(4, draw));
  }
  // A country that is only these towns: everyone leaving p lands in D.
  TownConfig small = five_towns();
  small.dynamics.national_population = 20000 + 10000;
  for (MunicipalityConfig& m : small.municipalities)
    if (m.prefecture == "q") m.prefecture_population = 10000;
  EXPECT_NEAR(Migration(small).inflow(leaving)[3], 0.4, 1e-15);
}

TEST(Migration, AHouseholdArrivesAsItLeft) {
  const char* yaml = R"(
policy: {mode: siloed}
municipalities:
  - {name: here, population: 3000, age65_share: 0.3, age75_share: 0.15, areas: [{name: a, share: 1}]}
)";
  sim::ConfigNode tree = sim::parse_yaml(yaml, "town.yaml");
  sim::KeyTracker tracker;
  sim::RunSettings settings;
  settings.start_date = *sim::parse_date("2021-04-01");
  const TownConfig config = read_town_config(sim::ConfigReader(tree, "", tracker), settings);
  const TownRegions regions = build_regions(config);
  Town from = build_town(config, regions, sim::StreamKey{1});
  Town to = build_town(config, regions, sim::StreamKey{2});
  // Someone alone, made distinctive: certified at 要介護2, withdrawn, disabled, in hardship.
  Residents& r = from.residents;
  std::uint32_t i = 0;
  while (!(r.has(i, alive) && from.households.members[r.household[i]] == 1 && r.age[i] >= 20 &&
           r.age[i] < 65))
    ++i;
  r.care[i] = care1 + 1;
  r.withdrawal[i] = rarely_leaves_home;
  r.set(i, disabled, true);
  r.set(i, hardship, true);
  r.set(i, supported, true);
  const Move move = moving_out(from, i, 0, 1);
  ASSERT_EQ(move.people.size(), 1u);
  const std::size_t before = to.residents.size();
  std::vector<std::uint32_t> touched;
  ASSERT_EQ(move_in(to, config, 0, move, 30, sim::StreamKey{2}, touched), 1);
  ASSERT_EQ(to.residents.size(), before + 1);
  const auto j = static_cast<std::uint32_t>(before);
  EXPECT_EQ(to.residents.age[j], r.age[i]);
  EXPECT_EQ(to.residents.care[j], care1 + 1);
  EXPECT_EQ(to.residents.withdrawal[j], rarely_leaves_home);
  EXPECT_TRUE(to.residents.has(j, disabled));
  EXPECT_TRUE(to.residents.has(j, hardship));
  EXPECT_EQ(to.residents.has(j, female), r.has(i, female));
  EXPECT_FALSE(to.residents.has(j, supported)) << "support stays where it was given";
  EXPECT_EQ(to.households.members[to.residents.household[j]], 1u);
  EXPECT_NE(std::find(touched.begin(), touched.end(), j), touched.end());
}
