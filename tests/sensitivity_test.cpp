// `kyosei sensitivity` on a tiny town: a parameter that drives the outcome ranks first, one
// that cannot gets an index whose interval holds 0, the points share their random numbers,
// an interrupted study resumes to the same file, and bad `uncertain:` entries are located.
#include <algorithm>
#include <set>

#include "cli_fixture.hpp"
#include "kyosei/io/study.hpp"
#include "kyosei/sim/config.hpp"

using kyosei::testing::Cli;
using kyosei::testing::Outcome;

namespace {

// Casework by the elderly counter's staff (cases need staff hours) against a wage that only
// prices administrative time: the wage cannot change a caseload.
const std::string town = R"(name: study
seed: 9
start_date: 2021-04-01
years: 2
replicates: 2
municipalities:
  - name: town
    population: 8000
    age65_share: 0.35
    age75_share: 0.19
    areas: [{name: a1, share: 1.0}]
arms:
  - name: siloed
  - name: jusou
    overrides: {policy.mode: jusou}
uncertain:
  municipalities.0.staff.elderly_fte: {low: 0.2, high: 6, reason: casework capacity}
  fiscal.admin_wage_per_hour: {low: 1000, high: 5000, reason: a price of staff time}
)";

class Sensitivity : public Cli {
 protected:
  kyosei::io::Study study(const std::string& file) { return kyosei::io::read_study(dir_ / file); }
  static double index_of(const kyosei::io::Study& s, const std::string& path, std::size_t c = 0) {
    for (std::size_t i = 0; i < s.parameters.size(); ++i)
      if (s.parameters[i].path == path) return s.indices[i * s.index_columns.size() + c];
    ADD_FAILURE() << path << " is not in the study";
    return 0;
  }
};

}  // namespace

TEST_F(Sensitivity, TheDrivingParameterRanksFirstAndTheInertOneHoldsZero) {
  write("town.yaml", town);
  const Outcome o =
      kyosei("sensitivity town.yaml --metric cases_resolved --points 6 --threads 2 -o s.h5");
  ASSERT_EQ(o.code, 0) << o.err;
  const kyosei::io::Study s = study("s.h5");
  ASSERT_EQ(s.index_columns.front(), "mu_star");
  ASSERT_EQ(s.point_count(), 6u * 3u);  // trajectories × (parameters + 1)
  const double staff = index_of(s, "municipalities.0.staff.elderly_fte");
  const double wage = index_of(s, "fiscal.admin_wage_per_hour");
  EXPECT_GT(staff, 0);
  EXPECT_EQ(wage, 0);
  EXPECT_LE(index_of(s, "fiscal.admin_wage_per_hour", 1), 0);  // interval low
  EXPECT_GE(index_of(s, "fiscal.admin_wage_per_hour", 2), 0);  // interval high
  // printed ranked: the staff row comes before the wage row
  EXPECT_LT(o.out.find("staff.elderly_fte"), o.out.find("admin_wage_per_hour")) << o.out;
  // the wage, alone of the two, moves nothing: every point that differs from another only
  // in the wage (Morris steps) has the very same replicate values, as common random numbers
  // promise; a step in staff changes them
  const std::size_t width = s.arms.size() * std::size_t(s.replicates);
  std::size_t wage_steps = 0, staff_steps_that_moved = 0;
  for (std::size_t p = 1; p < s.point_count(); ++p) {
    if (s.groups[p] != s.groups[p - 1]) continue;
    const bool staff_moved = s.design[p * 2] != s.design[(p - 1) * 2];
    const bool same = std::equal(s.values.begin() + std::ptrdiff_t(p * width),
                                 s.values.begin() + std::ptrdiff_t((p + 1) * width),
                                 s.values.begin() + std::ptrdiff_t((p - 1) * width));
    if (!staff_moved) {
      ++wage_steps;
      EXPECT_TRUE(same) << "point " << p;
    } else if (!same) {
      ++staff_steps_that_moved;
    }
  }
  EXPECT_EQ(wage_steps, 6u);
  EXPECT_GT(staff_steps_that_moved, 0u);
  const Outcome info = kyosei("info s.h5");
  EXPECT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("Morris screening, 6 trajectories"), std::string::npos) << info.out;
  const Outcome compare = kyosei("compare s.h5");
  EXPECT_EQ(compare.code, 0) << compare.err;
  EXPECT_NE(compare.out.find("replicate 95%"), std::string::npos) << compare.out;
  // the report's section: a tornado of the indices and the bands, from the study
  ASSERT_EQ(kyosei("run town.yaml --set years=1 --replicates 1 -q -o run.h5").code, 0);
  const Outcome report = kyosei("report run.h5 -o r.html --sensitivity s.h5");
  ASSERT_EQ(report.code, 0) << report.err;
  const std::string page = kyosei::testing::slurp(dir_ / "r.html");
  EXPECT_NE(page.find("Which assumptions drive the answer"), std::string::npos);
  EXPECT_NE(page.find("replicate 95% interval"), std::string::npos);
  EXPECT_EQ(kyosei("report run.h5 -o r2.html --sensitivity run.h5").code, 2);  // not a study
}

TEST_F(Sensitivity, ADifferenceBetweenArmsIsTheOutcome) {
  write("town.yaml", town);
  const Outcome o = kyosei(
      "sensitivity town.yaml --metric cases_opened --difference jusou --method sobol --points 8 "
      "-o d.h5");
  ASSERT_EQ(o.code, 0) << o.err;
  const kyosei::io::Study s = study("d.h5");
  EXPECT_EQ(s.difference, "siloed");
  EXPECT_EQ(s.arm, "jusou");
  ASSERT_EQ(s.point_count(), 8u * (2 + 2));
  const std::size_t reps = std::size_t(s.replicates), width = 2 * reps;
  for (std::size_t p = 0; p < s.point_count(); ++p) {
    double sum = 0;
    for (std::size_t r = 0; r < reps; ++r)
      sum += s.values[p * width + reps + r] - s.values[p * width + r];
    EXPECT_DOUBLE_EQ(s.outcome[p], sum / double(reps)) << p;
  }
  EXPECT_EQ(s.index_columns.front(), "total");
  EXPECT_NE(o.out.find("jusou − siloed"), std::string::npos) << o.out;
}

TEST_F(Sensitivity, AnInterruptedStudyResumesToTheSameFile) {
  write("town.yaml", town);
  const std::string study_args = "sensitivity town.yaml --metric cases_resolved --points 4 ";
  ASSERT_EQ(kyosei(study_args + "-o whole.h5").code, 0);
  const Outcome first = kyosei(study_args + "--stop-after-points 5 -o part.h5");
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_FALSE(exists("part.h5"));
  EXPECT_TRUE(exists("part.h5.journal"));
  EXPECT_NE(first.err.find("5 of 12 points simulated"), std::string::npos) << first.err;
  const Outcome second = kyosei(study_args + "-o part.h5");
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.err.find("5 already done"), std::string::npos) << second.err;
  EXPECT_FALSE(exists("part.h5.journal"));
  const kyosei::io::Study whole = study("whole.h5"), resumed = study("part.h5");
  EXPECT_EQ(whole.values, resumed.values);
  EXPECT_EQ(whole.indices, resumed.indices);
  // a finished study rerun simulates nothing; another study's journal is not used
  const Outcome again = kyosei(study_args + "-o part.h5");
  EXPECT_NE(again.err.find("12 already done"), std::string::npos) << again.err;
  ASSERT_EQ(kyosei(study_args + "--stop-after-points 2 -o other.h5").code, 0);
  const Outcome changed =
      kyosei("sensitivity town.yaml --metric cases_opened --points 4 -o other.h5");
  ASSERT_EQ(changed.code, 0) << changed.err;
  EXPECT_NE(changed.err.find("belongs to another study"), std::string::npos) << changed.err;
  EXPECT_TRUE(exists("other.h5.journal.old"));  // kept, not overwritten
  EXPECT_FALSE(exists("other.h5.journal"));
}

TEST_F(Sensitivity, BadUncertainEntriesAreLocated) {
  const auto with = [&](const std::string& entry) {
    std::string yaml = town.substr(0, town.find("uncertain:")) + "uncertain:\n  " + entry + "\n";
    write("bad.yaml", yaml);
    return kyosei("sensitivity bad.yaml --metric cases_resolved --points 2 -o bad.h5");
  };
  const auto expect_bad = [&](const std::string& entry, const std::string& expected) {
    const Outcome o = with(entry);
    EXPECT_EQ(o.code, 2) << entry << "\n" << o.err;
    EXPECT_NE(o.err.find(expected), std::string::npos) << o.err;
    EXPECT_FALSE(any_file_like("bad.h5"));
  };
  expect_bad("fiscal.no_such_key: {low: 1, high: 2, reason: r}",
             "bad.yaml:17:3: uncertain.fiscal.no_such_key: not a key the scenario's model reads");
  expect_bad("fiscal.admin_wage_per_hour: {low: 5, high: 2, reason: r}",
             "uncertain.fiscal.admin_wage_per_hour.high: must be above low");
  expect_bad("fiscal.admin_wage_per_hour: {low: 1, high: 2}", "reason");
  expect_bad("fiscal.admin_wage_per_hour: {low: 1, high: 2, reason: r, sigma: 3}", "sigma");
  expect_bad("municipalities.0.staff.elderly_fte: {low: 1, high: 1e9, reason: r}",
             "uncertain.municipalities.0.staff.elderly_fte = 1000000000");
  expect_bad("fiscal.admin_wage_per_hour: {distribution: cauchy, low: 1, high: 2, reason: r}",
             "distribution");
  // a run ignores `uncertain:`: it simulates the values the scenario sets
  write("town.yaml", town);
  EXPECT_EQ(kyosei("run town.yaml --set years=1 --replicates 1 -q -o run.h5").code, 0);
}

TEST_F(Sensitivity, TheModelsAssumptionsAreKeysWithTheirValueInRange) {
  // --assumptions adds every assumed value the scenario has; each must be accepted at its
  // low and its high (the study checks both ends before it simulates anything)
  write("town.yaml", town);
  const Outcome o = kyosei(
      "sensitivity town.yaml --assumptions --metric cases_resolved --points 1 "
      "--stop-after-points 1 -o a.h5");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("over 76 parameters"), std::string::npos) << o.err;
}

TEST(Assumptions, EachRangeHoldsTheValueHagiAssumes) {
  namespace sim = kyosei::sim;
  const std::string root = KYOSEI_SOURCE_DIR;
  const sim::ConfigNode table = sim::load_yaml_file(root + "/models/assumptions.yaml");
  const sim::ConfigNode hagi = sim::load_yaml_file(root + "/scenarios/hagi.yaml");
  const sim::ConfigNode* entries = table.find("uncertain");
  ASSERT_NE(entries, nullptr);
  for (const auto& [path, range] : entries->pairs) {
    const sim::ConfigNode* at = &hagi;
    std::string rest = path;
    while (at && !rest.empty()) {
      const std::size_t dot = rest.find('.');
      const std::string key = rest.substr(0, dot);
      if (key == "*")
        at = at->items.empty() ? nullptr : &at->items.front();  // Hagi's one municipality
      else
        at = at->find(key);
      rest = dot == std::string::npos ? "" : rest.substr(dot + 1);
    }
    ASSERT_NE(at, nullptr) << path << " is not shown in scenarios/hagi.yaml";
    const double value = std::stod(at->scalar);
    EXPECT_LE(std::stod(range.find("low")->scalar), value) << path;
    EXPECT_GE(std::stod(range.find("high")->scalar), value) << path;
    EXPECT_FALSE(range.find("reason")->scalar.empty()) << path;
  }
}

TEST(Assumptions, EveryScalarAssumptionOfTheParameterPageHasARange) {
  // docs/parameters.md marks each assumed value; those the table leaves out are named here,
  // with the reason models/assumptions.yaml gives
  namespace sim = kyosei::sim;
  const std::string root = KYOSEI_SOURCE_DIR;
  const sim::ConfigNode table = sim::load_yaml_file(root + "/models/assumptions.yaml");
  std::set<std::string> ranged;
  for (const auto& entry : table.find("uncertain")->pairs) ranged.insert(entry.first);
  const std::set<std::string> left_out{"population.ties.neighbour_ties"};  // even values only
  std::ifstream page(root + "/docs/parameters.md");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(page, line)) {
    if (!line.starts_with("| `") || line.find("ssumption") == std::string::npos) continue;
    const std::string key = line.substr(3, line.find('`', 3) - 3);
    const std::string value = line.substr(line.find("| ", 3) + 2);
    if (value.starts_with("{") || value.starts_with("[")) continue;  // a table by age
    if (key.starts_with("municipalities.")) continue;  // the town's own terms (see the table)
    ++rows;
    EXPECT_TRUE(ranged.count(key) || left_out.count(key)) << key << " has no range";
  }
  EXPECT_GT(rows, 60u);
}
