// The synthetic town: prevalences at the start, household structure, the social graph and
// the demographic dynamics, each checked on a town built from a tiny scenario.
#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include <cmath>
#include <map>

#include "community/organisations.hpp"
#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "population/dynamics.hpp"
#include "population/population.hpp"
#include "town/town_model.hpp"

using namespace kyosei;
using namespace kyosei::models;

namespace {

std::string town_yaml(long population) {
  return R"(
policy: {mode: siloed}
municipalities:
  - name: town
    population: )" +
         std::to_string(population) + R"(
    age65_share: 0.30
    age75_share: 0.16
    areas: [{name: a, share: 0.6}, {name: b, share: 0.4}]
)";
}

TownConfig config_from(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  sim::ConfigNode tree = sim::parse_yaml(yaml, "town.yaml");
  for (const std::string& s : sets) sim::apply_assignment(tree, s, "--set " + s);
  sim::KeyTracker tracker;
  sim::RunSettings settings;
  settings.start_date = *sim::parse_date("2021-04-01");
  const TownConfig config = read_town_config(sim::ConfigReader(tree, "", tracker), settings);
  tracker.reject_unknown(tree);
  return config;
}

struct Built {
  TownConfig config;
  TownRegions regions;
  Town town;
};

Built build(long population, std::uint64_t seed = 1, const std::vector<std::string>& sets = {}) {
  Built b{config_from(town_yaml(population), sets), {}, {}};
  b.regions = build_regions(b.config);
  b.town = build_town(b.config, b.regions, sim::StreamKey{seed, 0, 0});
  return b;
}

const Built& hundred_thousand() {
  static const Built b = build(100'000);
  return b;
}

}  // namespace

TEST(TownPopulation, MatchesTheScenariosSizeAndAgeSharesExactly) {
  const Town& t = hundred_thousand().town;
  long n = 0, n65 = 0, n75 = 0;
  for (std::size_t i = 0; i < t.residents.size(); ++i) {
    n += 1;
    n65 += t.residents.age[i] >= 65;
    n75 += t.residents.age[i] >= 75;
  }
  EXPECT_EQ(n, 100'000);
  EXPECT_EQ(n65, 30'000);
  EXPECT_EQ(n75, 16'000);
}

TEST(TownPopulation, EveryResidentIsInExactlyOneHousehold) {
  const Town& t = hundred_thousand().town;
  std::vector<int> seen(t.residents.size(), 0);
  for (std::uint32_t h = 0; h < t.households.size(); ++h) {
    std::uint32_t members = 0;
    for (std::uint32_t r = t.households.first[h]; r != Residents::none;
         r = t.residents.next_member[r]) {
      ++seen[r];
      EXPECT_EQ(t.residents.household[r], h);
      ++members;
    }
    EXPECT_EQ(members, t.households.members[h]) << "household " << h;
  }
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], 1) << "resident " << i;
}

TEST(TownPopulation, PrevalencesAreNearTheirPublishedTargets) {
  const Built& b = hundred_thousand();
  const Residents& r = b.town.residents;
  std::map<int, std::pair<double, double>> certified;  // band -> (certified, people)
  double n15 = 0, w15 = 0, n40 = 0, w40 = 0, alone = 0, elders = 0, poor = 0;
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    const int age = r.age[i];
    if (age >= 65) {
      auto& c = certified[age_band(std::min(age, 90))];
      c.first += r.care[i] != care_none;
      c.second += 1;
      elders += 1;
      alone += b.town.households.members[r.household[i]] == 1;
    }
    if (age >= 15 && age <= 39) (n15 += 1, w15 += r.withdrawal[i] != withdrawal_none);
    if (age >= 40 && age <= 64) (n40 += 1, w40 += r.withdrawal[i] != withdrawal_none);
    poor += b.town.households.low_income[r.household[i]];
  }
  // Sep 2020 certification by age (90+ pooled into the 90 band).
  const std::map<int, double> want{{13, 0.028}, {14, 0.055}, {15, 0.124},
                                   {16, 0.264}, {17, 0.481}, {18, 0.727}};
  for (const auto& [band, rate] : want) {
    const auto [c, n] = certified[band];
    EXPECT_NEAR(c / n, rate, 4 * std::sqrt(rate * (1 - rate) / n) + 0.005) << "band " << band * 5;
  }
  EXPECT_NEAR(w15 / n15, 0.0205, 0.004);
  EXPECT_NEAR(w40 / n40, 0.0202, 0.004);
  // Elderly living alone: men 15.0%, women 22.1% (about 19% together), before facility moves.
  EXPECT_NEAR(alone / elders, 0.19, 0.035);
  EXPECT_NEAR(poor / static_cast<double>(r.size()), 0.154, 0.02);
}

TEST(TownPopulation, EightyFiftyHouseholdsPairAParent75WithAWithdrawnChild40To64) {
  // As assembled, before residents at 要介護3+ move into care facilities.
  const Built& b = hundred_thousand();
  Town t;
  assemble_households(t, b.config, b.regions, sim::StreamKey{1, 0, 0});
  assign_conditions(t, b.config, sim::StreamKey{1, 0, 0});
  int found = 0;
  for (std::uint32_t h = 0; h < t.households.size(); ++h) {
    if (static_cast<HouseholdType>(t.households.type[h]) != HouseholdType::eighty_fifty) continue;
    ++found;
    bool parent = false, child = false;
    for (std::uint32_t r = t.households.first[h]; r != Residents::none;
         r = t.residents.next_member[r]) {
      parent |= t.residents.age[r] >= 75;
      child |= t.residents.age[r] >= 40 && t.residents.age[r] <= 64 &&
               t.residents.withdrawal[r] != withdrawal_none;
    }
    EXPECT_TRUE(parent && child) << "household " << h;
  }
  // 0.3 of the withdrawn 40-64 (2.02% of about 33,000) live with a parent 75+.
  EXPECT_NEAR(found, 0.3 * 0.0202 * 33000, 80);
}

TEST(TownPopulation, HouseholdSizeIsPlausible) {
  const Town& t = hundred_thousand().town;
  double households = 0;
  for (std::uint32_t h = 0; h < t.households.size(); ++h)
    households += t.households.members[h] > 0 &&
                  static_cast<HouseholdType>(t.households.type[h]) != HouseholdType::facility;
  const double size = static_cast<double>(t.residents.size()) / households;
  EXPECT_GT(size, 1.9);
  EXPECT_LT(size, 2.7);
}

TEST(SocialGraph, IsSymmetricWithoutSelfLoopsAndIsolatedResidentsOnlyTieAtHome) {
  const Town& t = hundred_thousand().town;
  const sim::StaticGraph& g = *t.ties.base();
  ASSERT_EQ(num_vertices(g), t.residents.size());
  std::size_t degree_sum = 0;
  for (sim::VertexId v = 0; v < num_vertices(g); ++v) {
    const auto [first, last] = adjacent_vertices(v, g);
    degree_sum += static_cast<std::size_t>(last - first);
    for (auto u = first; u != last; ++u) {
      ASSERT_NE(*u, v);
      const auto [uf, ul] = adjacent_vertices(*u, g);
      ASSERT_TRUE(std::binary_search(uf, ul, v));
      if (t.residents.has(v, isolated)) {
        EXPECT_EQ(t.residents.household[v], t.residents.household[*u]) << "isolated " << v;
      }
    }
  }
  // Household ties (about 1.2 each) + 4 ring ties + a few kin ties.
  const double mean = static_cast<double>(degree_sum) / static_cast<double>(num_vertices(g));
  EXPECT_GT(mean, 4.0);
  EXPECT_LT(mean, 7.5);
}

TEST(SocialGraph, WithdrawnResidentsHaveFewerTies) {
  const Town& t = hundred_thousand().town;
  double withdrawn = 0, nw = 0, others = 0, no = 0;
  for (sim::VertexId v = 0; v < num_vertices(*t.ties.base()); ++v) {
    if (t.residents.age[v] < 15 || t.residents.age[v] > 64) continue;
    const auto d = static_cast<double>(out_degree(v, *t.ties.base()));
    if (t.residents.withdrawal[v] != withdrawal_none)
      (withdrawn += d, nw += 1);
    else
      (others += d, no += 1);
  }
  EXPECT_LT(withdrawn / nw, 0.5 * others / no);
}

TEST(TownPopulation, IsTheSameForTheSameKeyAtAnyThreadCount) {
  auto built_with = [](int threads) {
    tbb::task_arena arena(threads);
    return arena.execute([] { return build(20'000, 7); });
  };
  // The graph's ties as a list, built by each thread count in turn: a town alive at the same
  // time would share the first one's graph.
  const auto ties_of = [](const sim::StaticGraph& g) {
    std::vector<std::pair<sim::VertexId, sim::VertexId>> out;
    for (auto e : boost::make_iterator_range(edges(g)))
      out.emplace_back(source(e, g), target(e, g));
    return out;
  };
  std::vector<std::pair<sim::VertexId, sim::VertexId>> ties_one;
  {
    const Built first = built_with(1);
    ties_one = ties_of(*first.town.ties.base());
  }
  const Built one = built_with(1), two = built_with(2);
  EXPECT_EQ(one.town.residents.age, two.town.residents.age);
  EXPECT_EQ(one.town.residents.flags, two.town.residents.flags);
  EXPECT_EQ(one.town.residents.household, two.town.residents.household);
  EXPECT_EQ(ties_of(*two.town.ties.base()), ties_one);
  const Built other = build(20'000, 8);
  EXPECT_NE(one.town.residents.age, other.town.residents.age);
}

// Towns built from the same inputs share one immutable graph while either is alive (the arms
// of a warm-up); another key builds its own.
TEST(SocialGraph, IsSharedByTownsBuiltFromTheSameInputs) {
  const Built one = build(5'000, 7), same = build(5'000, 7), other = build(5'000, 8);
  EXPECT_EQ(one.town.ties.base().get(), same.town.ties.base().get());
  EXPECT_NE(one.town.ties.base().get(), other.town.ties.base().get());
}

TEST(Hazards, ParticipationLowersCareWorseningAndSupportSpeedsRecovery) {
  Built b = build(2'000);
  Residents& r = b.town.residents;
  std::uint32_t elder = 0;
  while (r.age[elder] < 75 || r.care[elder] == care_none || r.care[elder] == care5) ++elder;
  const double before =
      hazards_of(b.town, b.config, elder)[static_cast<std::size_t>(Transition::care_up)];
  r.set(elder, participating, true);
  const double after =
      hazards_of(b.town, b.config, elder)[static_cast<std::size_t>(Transition::care_up)];
  EXPECT_DOUBLE_EQ(after, before * b.config.dynamics.participation_care_worsening);
  EXPECT_LT(after, before);
}

TEST(Hazards, PickFollowsTheHazardsShares) {
  Hazards h{};
  h[static_cast<std::size_t>(Transition::death)] = 1;
  h[static_cast<std::size_t>(Transition::move_away)] = 3;
  EXPECT_EQ(pick(h, 0.10), Transition::death);
  EXPECT_EQ(pick(h, 0.30), Transition::move_away);
  EXPECT_EQ(pick(h, 0.999999), Transition::move_away);
}

// Households on each 民生委員's round (non-facility households at the start).
std::map<std::uint32_t, std::uint32_t> rounds(const Built& b, const Organisations& o) {
  std::map<std::uint32_t, std::uint32_t> watched;
  for (std::uint32_t h = 0; h < b.town.households.size(); ++h) {
    if (static_cast<HouseholdType>(b.town.households.type[h]) == HouseholdType::facility) continue;
    const std::uint32_t v = o.minsei_of_neighbourhood[b.town.households.neighbourhood[h]];
    EXPECT_EQ(o.graph[v].kind, OrgKind::minsei_iin);
    ++watched[v];
  }
  return watched;
}

TEST(Organisations, FourCountersPerMunicipalityAndAMinseiIinForEveryNeighbourhood) {
  const Built& b = hundred_thousand();
  const Organisations o = build_organisations(b.town, b.config, b.regions);
  ASSERT_EQ(o.counters.size(), 1u);
  // Each counter refers to the other three; the 包括 also hears from every 民生委員.
  for (const Domain d : {Domain::disability, Domain::children, Domain::livelihood})
    EXPECT_EQ(out_degree(o.counters[0][d], o.graph), 3u);
  EXPECT_GT(out_degree(o.counters[0][Domain::elderly], o.graph), 3u);
  EXPECT_FALSE(rounds(b, o).empty());
}

// A city's 民生委員 have rounds of 220-440 households, a town's or village's 70-200 (全民児連):
// the municipality's name says which (町, 村: a town), unless `kind` does.
TEST(Organisations, MinseiRoundsAreWithinThePublishedRangeForTownsAndCities) {
  const Built& city = hundred_thousand();
  ASSERT_FALSE(city.config.municipalities[0].town);
  for (const auto& [v, n] :
       rounds(city, build_organisations(city.town, city.config, city.regions))) {
    EXPECT_GE(n, 220u) << "民生委員 " << v;
    EXPECT_LE(n, 440u) << "民生委員 " << v;
  }
  std::string yaml = town_yaml(20'000);
  yaml.replace(yaml.find("name: town"), 10, "name: 阿武町");
  Built town{config_from(yaml), {}, {}};
  ASSERT_TRUE(town.config.municipalities[0].town);
  town.regions = build_regions(town.config);
  town.town = build_town(town.config, town.regions, sim::StreamKey{1, 0, 0});
  const auto town_rounds = rounds(town, build_organisations(town.town, town.config, town.regions));
  for (const auto& [v, n] : town_rounds) {
    EXPECT_GE(n, 70u) << "民生委員 " << v;
    EXPECT_LE(n, 200u) << "民生委員 " << v;
  }
  // Smaller rounds: more 民生委員 per household in the town.
  EXPECT_GT(
      static_cast<double>(town_rounds.size()) / static_cast<double>(town.town.households.size()),
      2.0 / 440);
  // `kind` overrides the name.
  yaml.replace(yaml.find("name: 阿武町"), std::string("name: 阿武町").size(),
               "name: 阿武町\n    kind: city");
  EXPECT_FALSE(config_from(yaml).municipalities[0].town);
}

// The care-level flows hold the published mix: entries replace each level's deaths (share ×
// mortality factor), and the rate down from each level balances the worsening into it.
TEST(CareFlows, EntriesReplaceDeathsAndNoNetFlowRunsBetweenLevels) {
  ConditionsConfig c;
  c.support_share_of_certified = {0.32, 0.34, 0.24};
  c.care_level_mix = {0.3, 0.25, 0.18, 0.15, 0.12};
  DynamicsConfig d;
  d.care_worsening = 0.2;
  d.mortality_care_factor = 2.0;
  derive_care_flows(c, d);
  for (int g = 0; g < 3; ++g) {
    std::array<double, 8> share{};
    const double s = c.support_share_of_certified[static_cast<std::size_t>(g)];
    share[support1] = share[support2] = s / 2;
    for (int k = 0; k < 5; ++k) share[care1 + k] = (1 - s) * c.care_level_mix[k];
    double entries = 0, deaths = 0;
    for (int l = support1; l <= care5; ++l) deaths += share[l] * (l >= care1 + 2 ? 2.0 : 1.0);
    for (int l = support1; l <= care5; ++l) {
      entries += d.care_entry_mix[g][l];
      EXPECT_NEAR(d.care_entry_mix[g][l], share[l] * (l >= care1 + 2 ? 2.0 : 1.0) / deaths, 1e-12);
      if (l < care5) {
        EXPECT_NEAR(d.care_worsening * share[l], d.care_improvement[g][l + 1] * share[l + 1],
                    1e-12);
      }
    }
    EXPECT_NEAR(entries, 1.0, 1e-12);
    EXPECT_EQ(d.care_improvement[g][support1], 0.0) << "a certification ends by death";
  }
  // The oldest enter more severe than the youngest (their mix is heavier).
  EXPECT_GT(d.care_entry_mix[2][care5], d.care_entry_mix[0][care5]);
}

// At each 一斉改選 the posts follow the households: a town that lost half its households keeps
// its 民生委員 vertices but needs only about half of them, and their rounds stay in range.
TEST(Organisations, MinseiPostsFollowTheHouseholdsAtEachTerm) {
  Built b = build(100'000);
  Organisations o = build_organisations(b.town, b.config, b.regions);
  const std::size_t posts = rounds(b, o).size();
  for (std::uint32_t h = 0; h < b.town.households.size(); h += 2) b.town.households.members[h] = 0;
  allot_minsei_rounds(o, b.town, b.config);
  std::map<std::uint32_t, std::uint32_t> now;
  for (std::uint32_t h = 0; h < b.town.households.size(); ++h)
    if (b.town.households.members[h] > 0 &&
        static_cast<HouseholdType>(b.town.households.type[h]) != HouseholdType::facility)
      ++now[o.minsei_of_neighbourhood[b.town.households.neighbourhood[h]]];
  const auto expected = static_cast<double>(posts);
  EXPECT_NEAR(static_cast<double>(now.size()), expected / 2, expected * 0.1);
  for (const auto& [v, n] : now) {
    EXPECT_GE(n, 220u * 0.9) << "民生委員 " << v;
    EXPECT_LE(n, 440u) << "民生委員 " << v;
  }
  EXPECT_EQ(o.count(OrgKind::minsei_iin), posts) << "vacant posts are kept, none added";
}
