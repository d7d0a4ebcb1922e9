// Counterfactual twins (`run --counterfactual`) and selection into adoption: the twin draws
// its arm's random numbers and differs from it only once a municipality adopts; adoption
// order follows the traits a scenario weights.
#include <gtest/gtest.h>

#include "scenario_runs.hpp"

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/scenario.hpp"
#include "town/town_model.hpp"

using namespace kyosei;

namespace {

// Four small towns: one adopts in FY2022, one in FY2023, two never.
const char* four_towns = R"(
name: four-towns
seed: 5
start_date: 2021-04-01
years: 3
replicates: 2
policy: {mode: siloed}
municipalities:
  - {name: early, population: 4000, age65_share: 0.35, age75_share: 0.2,
     areas: [{name: a, share: 1}], policy: {mode: jusou, adoption_year: 2022}}
  - {name: late, population: 4000, age65_share: 0.35, age75_share: 0.2,
     areas: [{name: a, share: 1}], policy: {mode: jusou, adoption_year: 2023}}
  - {name: never1, population: 4000, age65_share: 0.35, age75_share: 0.2,
     areas: [{name: a, share: 1}]}
  - {name: never2, population: 4000, age65_share: 0.35, age75_share: 0.2,
     areas: [{name: a, share: 1}]}
arms:
  - name: rollout
  - name: nobody
    overrides: {policy.never_adopt: true}
)";

std::size_t region_named(const sim::Results& r, const std::string& name) {
  for (std::size_t i = 0; i < r.regions.size(); ++i)
    if (r.regions[i].name == name) return i;
  ADD_FAILURE() << "no region " << name;
  return 0;
}

TEST(Counterfactual, EachAdoptingArmGetsATwinThatSharesItsRandomNumbers) {
  const sim::Results r = runs::run_yaml(four_towns, {"counterfactual=true"});
  ASSERT_EQ(r.arms, (std::vector<std::string>{"rollout", "nobody", "rollout~twin"}));
  EXPECT_EQ(r.counterfactual_of, (std::vector<std::int32_t>{-1, -1, 0}));
  // Until the first adoption (1 April 2022, day 365) the twin is the arm, bit for bit: every
  // metric, region and replicate. After it, the adopting town differs.
  bool differs_after = false;
  for (std::size_t m = 0; m < r.metrics.size(); ++m)
    for (std::size_t rep = 0; rep < 2; ++rep)
      for (std::size_t t = 0; t < r.times.size(); ++t)
        for (std::size_t g = 0; g < r.regions.size(); ++g) {
          const double arm = r.series[m][r.index(0, rep, t, g)];
          const double twin = r.series[m][r.index(2, rep, t, g)];
          if (r.times[t] <= 365)
            ASSERT_EQ(arm, twin) << r.metrics[m].name << " day " << r.times[t];
          else
            differs_after |= arm != twin;
        }
  EXPECT_TRUE(differs_after);
  const int consultations = r.metric_index("cases_opened");
  ASSERT_GE(consultations, 0);
  double arm = 0, twin = 0;
  const std::size_t early = region_named(r, "early");
  for (std::size_t t = 0; t < r.times.size(); ++t)
    if (r.times[t] > 365) {
      arm += r.series[static_cast<std::size_t>(consultations)][r.index(0, 0, t, early)];
      twin += r.series[static_cast<std::size_t>(consultations)][r.index(2, 0, t, early)];
    }
  EXPECT_NE(arm, twin);
}

TEST(Counterfactual, TwinsLeaveTheOtherArmsResultsUnchanged) {
  const sim::Results with = runs::run_yaml(four_towns, {"counterfactual=true"});
  const sim::Results without = runs::run_yaml(four_towns, {});
  ASSERT_EQ(without.arms.size(), 2u);
  EXPECT_EQ(without.counterfactual_of, (std::vector<std::int32_t>{-1, -1}));
  for (std::size_t m = 0; m < with.metrics.size(); ++m)
    for (std::size_t k = 0; k < without.series[m].size(); ++k)
      ASSERT_EQ(with.series[m][k], without.series[m][k]) << with.metrics[m].name;
}

TEST(Counterfactual, TheFileRecordsEachMunicipalitysAdoptionYear) {
  const sim::Results r = runs::run_yaml(four_towns, {"counterfactual=true", "years=1"});
  const int k = r.trait_index("adoption_year");
  ASSERT_GE(k, 0);
  const auto year = [&](std::size_t arm, const std::string& region) {
    return r.trait_values[static_cast<std::size_t>(k)]
                         [arm * r.regions.size() + region_named(r, region)];
  };
  EXPECT_EQ(year(0, "early"), 2022);
  EXPECT_EQ(year(0, "late"), 2023);
  EXPECT_EQ(year(0, "never1"), 0);
  EXPECT_EQ(year(0, "early/a"), 2022);  // areas carry their municipality's
  EXPECT_EQ(year(1, "early"), 0);       // the arm where nobody adopts
  EXPECT_EQ(year(2, "early"), 0);       // the twin
  for (std::size_t g = 0; g < r.regions.size(); ++g)
    if (r.regions[g].level == "total") {
      EXPECT_TRUE(std::isnan(r.trait_values[static_cast<std::size_t>(k)][g]));  // not a town
    }
  for (const char* trait :
       {"transition_year", "population", "age65_share", "elderly_fte_per_1000_65"})
    EXPECT_GE(r.trait_index(trait), 0) << trait;
}

TEST(Counterfactual, ANameTakenByAnArmIsRefused) {
  const std::string yaml = std::string(four_towns) + "  - name: rollout~twin\n";
  EXPECT_THROW(runs::run_yaml(yaml.c_str(), {"counterfactual=true", "years=1"}), sim::InputError);
}

// The YAML of Tottori's 19 municipalities from the table, 5 adopting in FY2021 and 5 more in
// FY2022; `extra` is more of the `municipalities_from` section.
std::string tottori_yaml(const std::string& extra = "") {
  return std::string(R"(
name: tottori
seed: 1
start_date: 2021-04-01
years: 1
replicates: 1
municipalities_from:
  csv: )") +
         KYOSEI_SOURCE_DIR + R"(/scenarios/data/municipalities.csv
  prefecture: 鳥取県
  adoption:
    cumulative: {2021: 5, 2022: 10}
)" + extra;
}

// The municipalities the loader reads from tottori_yaml(extra) after `--set` of each of `sets`.
std::vector<models::MunicipalityConfig> tottori(const std::vector<std::string>& sets,
                                                const std::string& extra = "") {
  static const models::TownModelLoader loader;
  std::vector<sim::Assignment> assignments;
  for (const std::string& s : sets) assignments.push_back({s, "--set " + s});
  const sim::PreparedScenario s = sim::prepare_scenario(
      sim::resolve_scenario(sim::parse_yaml(tottori_yaml(extra), "tottori.yaml"), assignments),
      loader);
  return dynamic_cast<const models::TownModel&>(*s.arms[0].model).config().municipalities;
}

// The message of the InputError reading tottori_yaml(extra) throws, or "" when it throws none.
std::string tottori_error(const std::string& extra) {
  try {
    tottori({}, extra);
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "";
}

// The 1-based line of tottori_yaml(extra) on which `text` starts.
int line_of(const std::string& extra, const std::string& text) {
  const std::string yaml = tottori_yaml(extra);
  return 1 + static_cast<int>(
                 std::count(yaml.begin(), yaml.begin() + static_cast<long>(yaml.find(text)), '\n'));
}

int adopted_by(const models::MunicipalityConfig& m) {
  return m.policy.mode == models::PolicyMode::jusou ? m.policy.adoption_year : 0;
}

TEST(AdoptionSelection, SizeWeightedFirstAdoptersAreTheLargest) {
  const auto munis = tottori({"municipalities_from.adoption.selection.size=10",
                              "municipalities_from.adoption.selection.readiness=0"});
  ASSERT_EQ(munis.size(), 19u);
  std::vector<long> first, rest;
  for (const auto& m : munis) (adopted_by(m) == 2021 ? first : rest).push_back(m.population);
  ASSERT_EQ(first.size(), 5u);
  EXPECT_GT(*std::min_element(first.begin(), first.end()),
            *std::max_element(rest.begin(), rest.end()));
  int by_2022 = 0;
  for (const auto& m : munis) by_2022 += adopted_by(m) != 0;
  EXPECT_EQ(by_2022, 10);
}

TEST(AdoptionSelection, StaffingAndAgeingWeightsFollowOverrides) {
  // 八頭町 gets more 包括 staff and 日南町 an older population than the rest.
  const auto munis =
      tottori({"municipalities_from.adoption.selection.staffing=10",
               "municipalities_from.adoption.selection.ageing=-10",
               "municipalities_from.adoption.selection.readiness=0",
               "municipalities_from.overrides=[{name: 八頭町, staff: {elderly_fte: 20}}, "
               "{name: 日南町, age65_share: 0.55, age75_share: 0.35}]"});
  int checked = 0;
  for (const auto& m : munis) {
    if (m.name == "八頭町") {
      EXPECT_EQ(adopted_by(m), 2021);
      ++checked;
    }
    if (m.name == "日南町") {
      EXPECT_EQ(adopted_by(m), 0);  // the oldest adopts last
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2);
}

TEST(AdoptionSelection, ReadinessDrawsReorderWithoutChangingCounts) {
  const auto base = tottori({});
  const auto other = tottori({"municipalities_from.adoption.selection.draw=3"});
  int moved = 0, adopters = 0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    moved += adopted_by(base[i]) != adopted_by(other[i]);
    adopters += adopted_by(other[i]) != 0;
  }
  EXPECT_GT(moved, 0);
  EXPECT_EQ(adopters, 10);
}

TEST(MunicipalityTable, RowsAreTypedFromTheTableWithTheirYamlOnTop) {
  const auto munis =
      tottori({"municipalities_from.adoption.cumulative={2021: 19}"},
              "  defaults: {net_migration_rate: -0.01, policy.transition_years: 1}\n"
              "  overrides:\n"
              "    - {name: 日南町, policy: {mode: siloed}, age65_share: 0.5, age75_share: 0.3}\n");
  ASSERT_EQ(munis.size(), 19u);
  int adopters = 0;
  for (const auto& m : munis) {
    EXPECT_EQ(m.net_migration_rate, -0.01) << m.name;  // the table's defaults, for every row
    double shares = 0;
    for (const models::AreaConfig& a : m.areas) shares += a.share;
    EXPECT_NEAR(shares, 1.0, 1e-12) << m.name;
    EXPECT_EQ(m.areas.size(), static_cast<std::size_t>(std::max(
                                  1L, std::lround(static_cast<double>(m.population) / 20000.0))));
    EXPECT_EQ(m.staff.fte[models::Domain::elderly],
              models::default_elderly_fte(m.age65_share * static_cast<double>(m.population)))
        << m.name;  // staff follow the ages as read
    if (m.name == "日南町") {
      EXPECT_EQ(m.policy.mode, models::PolicyMode::siloed);  // its own policy wins the schedule
      EXPECT_EQ(m.age65_share, 0.5);
      continue;
    }
    EXPECT_NEAR(m.age65_share, 0.286, 0.001) << m.name;  // the national mix
    EXPECT_EQ(m.policy.transition_years, 1) << m.name;   // the defaults win the schedule's 0
    adopters += adopted_by(m) == 2021;
  }
  EXPECT_EQ(adopters, 18);
}

TEST(MunicipalityTable, ABadRowOverrideIsRefusedWhereItIsWritten) {
  const std::string extra = "  overrides:\n    - {name: 八頭町, staff: {elderly_fte: -1}}\n";
  EXPECT_EQ(tottori_error(extra), "tottori.yaml:" + std::to_string(line_of(extra, "    - {name")) +
                                      ":46: municipalities_from.staff.elderly_fte: must be at "
                                      "least 0, got -1");
  const std::string defaults = "  defaults:\n    policy: {mode: jusu}\n";
  EXPECT_EQ(tottori_error(defaults),
            "tottori.yaml:" + std::to_string(line_of(defaults, "    policy")) +
                ":20: municipalities_from.policy.mode: expected one of siloed, transition, jusou, "
                "got 'jusu'");
}

TEST(MunicipalityTable, AnUnknownRowKeyIsRefusedWhereItIsWritten) {
  const std::string extra = "  overrides:\n    - {name: 八頭町, stafff: {elderly_fte: 1}}\n";
  const std::string message = tottori_error(extra);
  EXPECT_EQ(message.rfind("tottori.yaml:" + std::to_string(line_of(extra, "    - {name")) +
                              ":25: municipalities_from.stafff: unknown key",
                          0),
            0u)
      << message;
  EXPECT_NE(tottori_error("  defaults: {coordinators: {layer3: 1}}\n")
                .find("municipalities_from.coordinators.layer3: unknown key"),
            std::string::npos);
  EXPECT_NE(
      tottori_error("  defaults: 3\n").find("municipalities_from.defaults: expected a mapping"),
      std::string::npos);
}

// The shipped table's lines: its header, then the rows whose prefecture is `prefecture`.
std::vector<std::string> table_lines(const std::string& prefecture) {
  std::ifstream in(std::string(KYOSEI_SOURCE_DIR) + "/scenarios/data/municipalities.csv");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (lines.empty() || line.find("," + prefecture + ",") != std::string::npos)
      lines.push_back(line);
  return lines;
}

// Writes `lines` to a table file of this process and gives its path.
std::string write_table(const std::string& name, const std::vector<std::string>& lines) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("kyosei-table-" + std::to_string(getpid()) + "-" + name);
  std::ofstream out(path);
  for (const std::string& line : lines) out << line << "\n";
  return path.string();
}

struct Chosen {
  int adoption_year, sc_layer1, sc_layer2_per_area;
  bool council_layer1, council_layer2;
  bool operator==(const Chosen&) const = default;
};

// Who adopts when and who has coordinators and councils, by name.
std::map<std::string, Chosen> chosen(const std::vector<models::MunicipalityConfig>& munis) {
  std::map<std::string, Chosen> out;
  for (const auto& m : munis)
    out[m.name] = {adopted_by(m), m.sc_layer1, m.sc_layer2_per_area, m.council_layer1,
                   m.council_layer2};
  return out;
}

const char* half_coverage =
    "municipalities_from.coverage={sc_layer1: 0.5, sc_layer1_two_or_more: 0.25, sc_layer2: 0.5, "
    "sc_layer2_two_or_more: 0.25, council_layer1: 0.5, council_layer2: 0.3}";

TEST(MunicipalityTable, RanksComeFromTheCodeAloneNotTheSeedOrTheRowOrder) {
  const auto shipped = chosen(tottori({half_coverage}));
  ASSERT_EQ(shipped.size(), 19u);
  // The rows reversed, with other prefectures' rows between them, and another seed.
  std::vector<std::string> lines = table_lines("鳥取県");
  std::reverse(lines.begin() + 1, lines.end());
  const std::vector<std::string> others = table_lines("島根県");
  lines.insert(lines.begin() + 5, others.begin() + 1, others.end());
  const std::string path = write_table("reordered.csv", lines);
  const auto reordered =
      chosen(tottori({half_coverage, "seed=99", "municipalities_from.csv=" + path}));
  std::filesystem::remove(path);
  EXPECT_EQ(reordered, shipped);
  // And they are platform-independent (keyed Philox draws, no std::hash): the first adopters
  // and the municipalities with two layer-1 coordinators are the same on every compiler.
  std::set<std::string> first, two_sc;
  for (const auto& [name, c] : shipped) {
    if (c.adoption_year == 2021) first.insert(name);
    if (c.sc_layer1 == 2) two_sc.insert(name);
  }
  EXPECT_EQ(first, (std::set<std::string>{"倉吉市", "日南町", "江府町", "米子市", "若桜町"}));
  EXPECT_EQ(two_sc, (std::set<std::string>{"三朝町", "八頭町", "江府町", "湯梨浜町", "若桜町"}));
  int covered = 0;
  for (const auto& [name, c] : shipped) covered += c.sc_layer1 > 0;
  EXPECT_EQ(covered, 10);  // 0.5 of 19: places 0 to 9, below 9.5
}

TEST(MunicipalityTable, ACodeThatIsNoNumberOrRepeatsIsRefusedAtItsLine) {
  std::vector<std::string> lines = table_lines("鳥取県");
  lines[3].replace(0, lines[3].find(','), "31A002");
  const std::string bad = write_table("bad-code.csv", lines);
  std::string message;
  try {
    tottori({"municipalities_from.csv=" + bad});
  } catch (const sim::InputError& e) {
    message = e.what();
  }
  EXPECT_EQ(message, bad + ":4:1: code: '31A002' is not a numeric municipality code");
  lines = table_lines("鳥取県");
  lines[5].replace(0, lines[5].find(','), lines[2].substr(0, lines[2].find(',')));
  const std::string twice = write_table("repeated-code.csv", lines);
  message.clear();
  try {
    tottori({"municipalities_from.csv=" + twice});
  } catch (const sim::InputError& e) {
    message = e.what();
  }
  EXPECT_EQ(message, twice + ":6:1: code: " + lines[2].substr(0, lines[2].find(',')) +
                         " is also the code on line 3");
  std::filesystem::remove(bad);
  std::filesystem::remove(twice);
}

}  // namespace
