// The kyosei command line as a user meets it: the binary run as a process.
#include "cli_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using kyosei::testing::Cli;
using kyosei::testing::Outcome;
using kyosei::testing::slurp;

TEST_F(Cli, DefaultRunPrintsTheComparisonAndWritesTheFile) {
  const Outcome o = kyosei("run --replicates 2 --set years=1 -o out.h5");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("siloed"), std::string::npos);
  EXPECT_NE(o.out.find("jusou"), std::string::npos);
  EXPECT_NE(o.out.find("consultations_new"), std::string::npos);
  EXPECT_TRUE(exists("out.h5"));
  const Outcome info = kyosei("info out.h5");
  EXPECT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("hagi-default"), std::string::npos);
  EXPECT_NE(info.out.find("萩市/須佐"), std::string::npos);
  const Outcome compare = kyosei("compare out.h5 --metric referrals_lost");
  EXPECT_EQ(compare.code, 0) << compare.err;
  EXPECT_NE(compare.out.find("jusou - siloed"), std::string::npos);
  EXPECT_EQ(kyosei("compare out.h5 --metric no_such_metric").code, 2);
  const Outcome budget = kyosei("budget out.h5");
  EXPECT_EQ(budget.code, 0) << budget.err;
  for (const char* word :
       {"new_functions", "sc_councils", "care_benefits", "national", "municipal cost per resident"})
    EXPECT_NE(budget.out.find(word), std::string::npos) << word;
  const Outcome csv = kyosei("budget out.h5 --csv");
  EXPECT_EQ(csv.out.rfind("arm,fiscal_year,program,payer,yen\n", 0), 0u) << csv.out.substr(0, 80);
}

TEST_F(Cli, ExportsTheCommunityGraphAsGraphml) {
  const Outcome o = kyosei(
      "run --replicates 1 --set years=1 --set municipalities.0.population=3000 -q -o g.h5 "
      "--export-graph town.graphml");
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string graph = slurp(dir_ / "town.graphml");
  for (const char* kind : {"resident", "household", "agency", "minsei_iin", "neighbour", "member"})
    EXPECT_NE(graph.find(std::string(">") + kind + "<"), std::string::npos) << kind;
  const Outcome info = kyosei("info g.h5");
  EXPECT_NE(info.out.find("/graph"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("mean_degree"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("clustering_coefficient"), std::string::npos) << info.out;
}

TEST_F(Cli, ValidateAcceptsTheShippedScenarios) {
  for (const auto& entry : fs::directory_iterator(fs::path(KYOSEI_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const Outcome o = kyosei("validate '" + entry.path().string() + "'");
    EXPECT_EQ(o.code, 0) << entry.path() << "\n" << o.err;
  }
}

TEST_F(Cli, YamlSyntaxErrorIsLocated) {
  write("syntax.yaml", "name: broken\nyears: [1, 2\n");
  expect_bad_input("run syntax.yaml", "syntax.yaml:");
}

TEST_F(Cli, UnknownKeyIsNamedWithItsLine) {
  write("unknown.yaml", default_yaml() + "\nno_such_key: 1\n");
  expect_bad_input("run unknown.yaml", "no_such_key: unknown key");
}

TEST_F(Cli, WrongTypeIsNamed) {
  std::string yaml = default_yaml();
  yaml.replace(yaml.find("years: 10"), 9, "years: ten");
  write("type.yaml", yaml);
  expect_bad_input("run type.yaml", "years: expected an integer, got 'ten'");
}

TEST_F(Cli, OutOfRangeValuesAreRefused) {
  expect_bad_input("run --set years=-1", "--set years=-1: years: must be at least 1");
  expect_bad_input("run --replicates 0", "--replicates 0: replicates: must be at least 1");
  expect_bad_input("run --threads 0", "threads: must be between 1 and 4096");
}

TEST_F(Cli, UnknownSetPathIsNamed) {
  expect_bad_input("run --set no.such.path=1", "no.such.path");
}

TEST_F(Cli, MissingScenarioFileIsNamed) {
  expect_bad_input("run nope.yaml", "nope.yaml");
}

TEST_F(Cli, UnwritableOutputPathIsRefusedBeforeRunning) {
  const Outcome o = kyosei("run -o no/such/dir/out.h5");
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("no/such/dir"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

TEST_F(Cli, UnknownFlagIsBadInput) {
  const Outcome o = kyosei("run --no-such-flag");
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.rfind("kyosei: error: ", 0), 0u) << o.err;
}

TEST_F(Cli, InfoOnAMissingOrForeignFileIsBadInput) {
  EXPECT_EQ(kyosei("info missing.h5").code, 2);
  write("text.h5", "not hdf5");
  EXPECT_EQ(kyosei("info text.h5").code, 2);
}

TEST_F(Cli, SigintStopsTheRunWithExit130AndNoFile) {
  // A long run, interrupted shortly after it starts.
  const std::string cmd =
      std::string("cd '") + dir_.string() + "' && ('" + KYOSEI_BINARY +
      "' run --set years=200 --replicates 8 --threads 1 -o long.h5 "
      ">out.txt 2>err.txt & pid=$!; "
      // Wait until kyosei catches SIGINT (bit 1 of SigCgt) so the test
      // cannot race the handler's installation.
      "for i in $(seq 200); do m=$(awk '/SigCgt/{print $2}' /proc/$pid/status); "
      "[ $((0x$m & 2)) -ne 0 ] && break; sleep 0.05; done; "
      "sleep 0.2; kill -INT $pid; wait $pid)";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << slurp(dir_ / "err.txt");
  EXPECT_FALSE(any_file_like("long.h5"));
}

TEST_F(Cli, ScenarioReferenceHoldsEveryKeyTheLoaderReads) {
  const std::string reference = slurp(fs::path(KYOSEI_SOURCE_DIR) / "docs/scenarios.md");
  for (const auto& entry : fs::directory_iterator(fs::path(KYOSEI_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const Outcome o = kyosei("validate --keys '" + entry.path().string() + "'");
    ASSERT_EQ(o.code, 0) << o.err;
    std::istringstream rows(o.out);
    std::string row;
    while (std::getline(rows, row))
      EXPECT_NE(reference.find(row + "\n"), std::string::npos)
          << "docs/scenarios.md lacks the row (regenerate it with kyosei validate --keys):\n"
          << row;
  }
}

TEST_F(Cli, SweepGridExpandsIntoOneArmPerCombination) {
  write("sweep.yaml", default_yaml().substr(0, default_yaml().find("arms:")) +
                          "sweep:\n  grid:\n    community.councils.meetings_per_year: [4, 12]\n"
                          "    policy.mode: [siloed, jusou]\n");
  const Outcome o = kyosei("validate sweep.yaml");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("meetings_per_year=4,mode=siloed, meetings_per_year=4,mode=jusou, "
                       "meetings_per_year=12,mode=siloed, meetings_per_year=12,mode=jusou"),
            std::string::npos)
      << o.out;
}

TEST_F(Cli, CompareWritesCsvWithQuotedArmNames) {
  write("sweep.yaml", default_yaml().substr(0, default_yaml().find("arms:")) +
                          "sweep:\n  grid:\n    community.councils.meetings_per_year: [4, 12]\n"
                          "    policy.mode: [siloed]\n");
  ASSERT_EQ(kyosei("run sweep.yaml --replicates 2 --set years=1 -q -o s.h5").code, 0);
  const Outcome csv = kyosei("compare s.h5 --csv --metric council_meetings");
  EXPECT_EQ(csv.code, 0) << csv.err;
  EXPECT_NE(csv.out.find(",\"meetings_per_year=4,mode=siloed\","), std::string::npos) << csv.out;
}

TEST_F(Cli, EvaluateShowsTheThreeEstimatorsBesideTheTrueEffect) {
  std::string yaml =
      "name: eight-towns\nseed: 3\nstart_date: 2021-04-01\nyears: 3\nreplicates: 2\n"
      "policy: {mode: siloed}\nmunicipalities:\n";
  const char* adoption[] = {"2022", "2022", "2023", "2023", "", "", "", ""};
  for (int i = 0; i < 8; ++i)
    yaml +=
        "  - {name: t" + std::to_string(i) +
        ", population: 2500, age65_share: 0.35, age75_share: 0.2, areas: [{name: a, "
        "share: 1}]" +
        (*adoption[i] ? std::string(", policy: {mode: jusou, adoption_year: ") + adoption[i] + "}"
                      : std::string()) +
        "}\n";
  write("towns.yaml", yaml);
  ASSERT_EQ(kyosei("run towns.yaml --counterfactual -q -o cf.h5").code, 0);
  const Outcome o = kyosei("evaluate cf.h5 --metric hidden_households");
  ASSERT_EQ(o.code, 0) << o.err;
  for (const char* text :
       {"true effects from its twin base~twin", "naive: adopters - others, FY2023",
        "two-way fixed effects DiD", "Callaway-Sant'Anna, all post-adoption years",
        "per 1,000 residents", "event study", "adoption by fiscal year: never 4 2022 2 2023 2"})
    EXPECT_NE(o.out.find(text), std::string::npos) << text << "\n" << o.out;

  const Outcome csv = kyosei("evaluate cf.h5 --metric hidden_households --csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(
      csv.out.rfind("arm,replicate,estimator,event_time,estimate,se,lower,upper,truth,units\n", 0),
      0u);
  std::istringstream lines(csv.out);
  std::string line;
  int naive = 0, twfe = 0, event_rows = 0;
  while (std::getline(lines, line)) {
    naive += line.rfind("base,", 0) == 0 && line.find(",naive,,") != std::string::npos;
    twfe += line.find(",twfe,,") != std::string::npos;
    event_rows += line.find(",callaway_santanna,-") != std::string::npos ||
                  line.find(",callaway_santanna,0,") != std::string::npos;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.size() > 8 && fields[2] == "naive") {
      EXPECT_FALSE(fields[8].empty()) << "no truth: " << line;
    }
  }
  EXPECT_EQ(naive, 2);  // one per replicate
  EXPECT_EQ(twfe, 2);
  EXPECT_GE(event_rows, 4);  // years -1 (2023 cohort) and 0 (both), per replicate

  const Outcome bad = kyosei("evaluate cf.h5 --metric no_such_metric");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("no metric named 'no_such_metric'"), std::string::npos) << bad.err;
  const Outcome covariate = kyosei("evaluate cf.h5 --metric withdrawn --covariate nope");
  EXPECT_EQ(covariate.code, 2);
  EXPECT_NE(covariate.err.find("no trait 'nope'"), std::string::npos) << covariate.err;
  EXPECT_EQ(kyosei("evaluate cf.h5 --metric withdrawn --covariate age65_share").code, 0);

  // The report asks the binary for the same estimates and charts the event study.
  const Outcome report = kyosei("report cf.h5 -o report.html");
  ASSERT_EQ(report.code, 0) << report.err;
  const std::string html = slurp(dir_ / "report.html");
  const std::size_t section = html.find("estimators beside the true effect");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(html.find("two-way fixed effects DiD", section), std::string::npos);
  EXPECT_NE(html.find("data:image/png", section), std::string::npos);  // the event study
  EXPECT_EQ(html.find("kyosei evaluate failed"), std::string::npos);

  ASSERT_EQ(kyosei("run towns.yaml -q --set years=2 -o plain.h5").code, 0);
  const Outcome plain = kyosei("evaluate plain.h5 --metric hidden_households");
  EXPECT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.out.find("no counterfactual twin"), std::string::npos) << plain.out;
}

namespace {

// The lines of `text` from the first that starts with `from` up to (not including) the first
// after it that starts with `to`.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  std::istringstream in(text);
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line.rfind(from, 0) == 0) inside = true;
    if (inside && line.rfind(to, 0) == 0) break;
    if (inside) out += line + "\n";
  }
  return out;
}

}  // namespace

// The README's table is what `make run` prints (`kyosei run -o kyosei-default.h5`): numbers a
// planner reads come from the binary, regenerated whenever the model changes them.
TEST_F(Cli, TheReadmesTableIsWhatMakeRunPrints) {
  const Outcome o = kyosei("run -o kyosei-default.h5");
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string printed = between(o.out, "Scenario '", "wrote ");
  const std::string readme = between(slurp(fs::path(KYOSEI_SOURCE_DIR) / "README.md"),
                                     "Scenario 'hagi-default'", "wrote ");
  ASSERT_FALSE(printed.empty());
  EXPECT_EQ(readme, printed) << "regenerate the README's table from `make run`";
}

// The baseline: the scenario names the arm others are compared with, the file keeps it, and
// `compare --baseline` reads against another; an arm nobody has is refused where it is named.
TEST_F(Cli, CompareShowsEveryOtherArmMinusTheBaseline) {
  const Outcome run = kyosei("run -q --replicates 4 --set years=1 --set baseline=jusou -o b.h5");
  ASSERT_EQ(run.code, 0) << run.err;
  const Outcome scenario = kyosei("compare b.h5 --metric hidden_households");
  EXPECT_NE(scenario.out.find("siloed - jusou"), std::string::npos) << scenario.out;
  EXPECT_NE(scenario.out.find("differences paired by replicate"), std::string::npos);
  EXPECT_NE(scenario.out.find("precision: about 9 replicates would halve"), std::string::npos)
      << scenario.out;
  const Outcome flag = kyosei("compare b.h5 --metric hidden_households --baseline siloed");
  EXPECT_NE(flag.out.find("jusou - siloed"), std::string::npos) << flag.out;
  EXPECT_EQ(flag.out.find("siloed - jusou"), std::string::npos);
  const Outcome csv = kyosei("compare b.h5 --metric population --csv");
  EXPECT_NE(csv.out.find(",baseline,diff_from_baseline,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("population,persons,at end,jusou,"), std::string::npos);
  const Outcome unknown = kyosei("compare b.h5 --baseline nobody");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("--baseline nobody: no arm named 'nobody' (arms: siloed, jusou)"),
            std::string::npos)
      << unknown.err;
  const Outcome bad = kyosei("run -q --set baseline=nobody -o c.h5");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("baseline: no arm is named 'nobody'"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir_ / "c.h5"));
}

// One replicate has no spread: values alone, and the reason.
TEST_F(Cli, CompareOfOneReplicateShowsValuesWithoutIntervals) {
  ASSERT_EQ(kyosei("run -q --replicates 1 --set years=1 -o one.h5").code, 0);
  const Outcome o = kyosei("compare one.h5 --metric population");
  EXPECT_NE(o.out.find("no interval: a spread needs 2 replicates or more"), std::string::npos)
      << o.out;
  const std::string row = o.out.substr(o.out.find("\npopulation [persons]") + 1);
  EXPECT_EQ(row.find(", "), std::string::npos) << row;  // no "[low, high]"
  EXPECT_EQ(o.out.find("precision:"), std::string::npos);
}

// `compare --over-time --csv` is the same routine at every sample: its last sample of a level
// is what `compare` reports "at end" (the report's bands and kyosei_analysis use it).
TEST_F(Cli, CompareOverTimeEndsWhereCompareDoes) {
  ASSERT_EQ(kyosei("run -q --replicates 3 --set years=1 -o t.h5").code, 0);
  const Outcome end = kyosei("compare t.h5 --metric population --csv");
  const Outcome time = kyosei("compare t.h5 --metric population --over-time --csv");
  ASSERT_EQ(time.code, 0) << time.err;
  // The total's rows for jusou; the last is day 365.
  std::istringstream rows(time.out);
  std::string row, last;
  while (std::getline(rows, row))
    if (row.rfind("population,persons,total,total,jusou,", 0) == 0) last = row;
  ASSERT_EQ(last.rfind("population,persons,total,total,jusou,365,", 0), 0u) << last;
  // From mean on, the same numbers as compare's row for jusou.
  const std::string tail =
      last.substr(std::string("population,persons,total,total,jusou,365,").size());
  const std::size_t at = end.out.find("population,persons,at end,jusou,");
  ASSERT_NE(at, std::string::npos) << end.out;
  const std::string from_compare =
      end.out.substr(at + std::string("population,persons,at end,jusou,").size());
  EXPECT_EQ(from_compare.substr(0, from_compare.find('\n')), tail);
  EXPECT_EQ(kyosei("compare t.h5 --over-time").code, 2);  // rows per sample: CSV only
}

// `kyosei check` on Hagi and on a town of the national age mix: every published figure within
// its tolerance, and docs/validation.md is exactly what it prints. A calibrated figure pushed
// off its value is caught (exit 1, OUTSIDE).
TEST_F(Cli, CheckFindsEveryFigureWithinToleranceAndValidationMdIsItsOutput) {
  const std::string doc = slurp(fs::path(KYOSEI_SOURCE_DIR) / "docs/validation.md");
  const std::string national = (fs::path(KYOSEI_SOURCE_DIR) / "scenarios/national.yaml").string();
  for (const std::string& args : {std::string("check"), "check '" + national + "'"}) {
    const Outcome o = kyosei(args);
    EXPECT_EQ(o.code, 0) << o.out << o.err;
    EXPECT_NE(o.out.find("every figure within its tolerance"), std::string::npos) << o.out;
    EXPECT_NE(doc.find("```\n" + o.out + "```"), std::string::npos)
        << "regenerate docs/validation.md from `kyosei " << args << "`";
  }
  const Outcome off = kyosei("check --set consultation.episodes.hardship_onset=1 --set years=2");
  EXPECT_EQ(off.code, 1) << off.out;
  EXPECT_NE(off.out.find("OUTSIDE"), std::string::npos) << off.out;
  const Outcome csv = kyosei("check --csv --set years=1 --set replicates=2");
  EXPECT_NE(csv.out.find("figure,units,model,low,high,published"), std::string::npos) << csv.out;
}

// The calibration script drives the binary through Optuna and records its result.
TEST_F(Cli, CalibrationRunsOptunaOverKyoseiCheckAndRecordsItsResult) {
  write("spec.yaml",
        "scenario: \"\"\nsettings: [years=1, replicates=1]\nseed: 1\ntrials: 3\n"
        "parameters:\n  consultation.episodes.hardship_onset: {low: 0.1, high: 0.9}\n"
        "targets:\n  \"livelihood (生活困窮) new consultations\": 1.0\n");
  const std::string cmd = "cd '" + dir_.string() + "' && KYOSEI_EXE='" + KYOSEI_BINARY +
                          "' PYTHONPATH='" + KYOSEI_SOURCE_DIR +
                          "/analysis' /usr/bin/python3 -m kyosei_analysis.calibrate spec.yaml "
                          ">cal.txt 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(dir_ / "cal.txt");
  const std::string result = slurp(dir_ / "spec_result.yaml");
  EXPECT_NE(result.find("consultation.episodes.hardship_onset:"), std::string::npos) << result;
  EXPECT_NE(result.find("trials: 3"), std::string::npos) << result;
}

// networkx, reading the exported graph, finds the components, mean degree and clustering that
// kyosei's own series give at the end of the run (the census of the last sample).
TEST_F(Cli, ExportedGraphAgreesWithTheGraphSeriesUnderNetworkx) {
  const Outcome run =
      kyosei("run -q -o g.h5 --replicates 1 --set years=2 --export-graph g.graphml");
  ASSERT_EQ(run.code, 0) << run.out;
  write("check.py", R"(import sys, h5py, networkx as nx
G = nx.read_graphml("g.graphml")
res = [n for n, k in nx.get_node_attributes(G, "kind").items() if k == "resident"]
sub = nx.Graph(G.subgraph(res))
f = h5py.File("g.h5", "r")
lv = [x.decode() if isinstance(x, bytes) else x for x in f["region_level"][()]]
tot = lv.index("total")
at = lambda m: float(f["series/" + m][0, 0, -1, tot])
ours = (int(at("graph_components")), at("graph_mean_degree"), at("graph_clustering"))
theirs = (nx.number_connected_components(sub), 2 * sub.number_of_edges() / len(res),
          nx.average_clustering(sub))
print(ours, theirs)
ok = ours[0] == theirs[0] and abs(ours[1] - theirs[1]) < 1e-9 and abs(ours[2] - theirs[2]) < 1e-9
a = G.nodes[res[0]]
sys.exit(0 if ok and {"age", "sex", "area", "household", "conditions"} <= set(a) else 1)
)");
  const std::string cmd = "cd '" + dir_.string() + "' && /usr/bin/python3 check.py >nx.txt 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << slurp(dir_ / "nx.txt");
}
