// The kyosei command line as a user meets it: the binary run as a process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kyosei-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome kyosei(const std::string& args) {
    const std::string cmd = std::string("cd '") + dir_.string() + "' && '" + KYOSEI_BINARY + "' " +
                            args + " >out.txt 2>err.txt";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir_ / "out.txt"),
            slurp(dir_ / "err.txt")};
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  bool exists(const std::string& name) const { return fs::exists(dir_ / name); }
  // Any file whose name starts with `stem` (a temporary left behind counts).
  bool any_file_like(const std::string& stem) const {
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.path().filename().string().find(stem) != std::string::npos) return true;
    return false;
  }
  std::string default_yaml() const {
    return slurp(fs::path(KYOSEI_SOURCE_DIR) / "scenarios/default.yaml");
  }

  // Bad input: exit 2, `kyosei: error:` with the expected text, and no output file.
  void expect_bad_input(const std::string& args, const std::string& expected) {
    const Outcome o = kyosei(args + " -o bad.h5");
    EXPECT_EQ(o.code, 2) << args << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("kyosei: error: ", 0), 0u) << o.err;
    EXPECT_NE(o.err.find(expected), std::string::npos)
        << "expected '" << expected << "' in: " << o.err;
    EXPECT_FALSE(any_file_like("bad.h5")) << args;
  }

  fs::path dir_;
};

}  // namespace

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
