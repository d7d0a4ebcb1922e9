// Checkpoints (DESIGN.md §7): a simulation saved part-way and loaded into a fresh one ends
// exactly where the uninterrupted one does; the command line stops, resumes and refuses
// checkpoints that are not this run's.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "kyosei/io/hdf5.hpp"
#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "kyosei/sim/simulation.hpp"

namespace fs = std::filesystem;
using namespace kyosei;

namespace {

// The embedded default (Hagi, siloed and 重層 with its transition year), three years.
sim::PreparedScenario default_for(int years) {
  static const models::TownModelLoader loader;
  return sim::prepare_scenario(
      sim::resolve_scenario(sim::parse_yaml(loader.default_scenario(), "default"),
                            {{"years=" + std::to_string(years), "test"}}),
      loader);
}

void expect_same_histories(const sim::Simulation& a, const sim::Simulation& b,
                           const sim::MetricRegistry& metrics, const std::string& what) {
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const sim::MetricId id{static_cast<std::uint32_t>(m)};
    EXPECT_EQ(a.recorder().history(id), b.recorder().history(id))
        << metrics.infos()[m].name << " " << what;
  }
  const auto* ledger_a = sim::capability<sim::KeepsLedger>(a.state());
  const auto* ledger_b = sim::capability<sim::KeepsLedger>(b.state());
  ASSERT_NE(ledger_a, nullptr);
  ASSERT_NE(ledger_b, nullptr);
  EXPECT_EQ(ledger_a->ledger().rolled_up(), ledger_b->ledger().rolled_up()) << what;
}

}  // namespace

TEST(Checkpoint, ASimulationResumedMidYearEndsBitIdentical) {
  const sim::PreparedScenario s = default_for(3);
  const sim::Clock clock(s.settings.start_date, s.settings.days);
  for (std::size_t arm = 0; arm < s.arms.size(); ++arm) {
    const sim::ArmModel& model = *s.arms[arm].model;
    const sim::StreamKey key{s.settings.seed, static_cast<std::uint32_t>(arm), 0};
    sim::Simulation whole(model, key, clock, sim::sample_days(s));
    whole.run_until(s.settings.days);

    for (int stop : {1, 200, 400, 730}) {  // a day in, mid-year, across the 重層 start
      sim::Simulation first(model, key, clock, sim::sample_days(s));
      first.run_until(stop);
      std::stringstream bytes;
      sim::Saver out(bytes);
      first.save(out);
      const auto size = static_cast<std::uint64_t>(bytes.str().size());

      sim::Simulation second(model, key, clock, sim::sample_days(s));
      sim::Loader in(bytes, size, "memory");
      second.load(in);
      EXPECT_EQ(in.left(), 0u);
      EXPECT_EQ(second.day(), stop);
      second.run_until(s.settings.days);
      expect_same_histories(
          whole, second, model.metrics(),
          "arm " + std::to_string(arm) + " resumed at day " + std::to_string(stop));
    }
  }
}

TEST(Checkpoint, ATruncatedStateIsRefusedNotReadPastItsEnd) {
  const sim::PreparedScenario s = default_for(1);
  const sim::Clock clock(s.settings.start_date, s.settings.days);
  const sim::StreamKey key{s.settings.seed, 0, 0};
  sim::Simulation first(*s.arms[0].model, key, clock, sim::sample_days(s));
  first.run_until(50);
  std::stringstream bytes;
  sim::Saver out(bytes);
  first.save(out);
  const std::string whole = bytes.str();
  for (std::size_t keep : {std::size_t{3}, whole.size() / 2, whole.size() - 1}) {
    std::stringstream part(whole.substr(0, keep));
    sim::Simulation second(*s.arms[0].model, key, clock, sim::sample_days(s));
    sim::Loader in(part, keep, "part");
    EXPECT_THROW(second.load(in), sim::InputError) << keep << " of " << whole.size();
  }
}

namespace {

class CheckpointCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kyosei-ckpt-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int kyosei(const std::string& args) {
    const std::string cmd =
        "cd '" + dir_.string() + "' && '" + KYOSEI_BINARY + "' " + args + " >out.txt 2>err.txt";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void expect_same_series(const std::string& a, const std::string& b) {
    const sim::Results x = io::read_hdf5(dir_ / a), y = io::read_hdf5(dir_ / b);
    ASSERT_EQ(x.series.size(), y.series.size());
    for (std::size_t m = 0; m < x.series.size(); ++m)
      EXPECT_EQ(x.series[m], y.series[m]) << x.metrics[m].name;
    EXPECT_EQ(x.ledger, y.ledger);
    EXPECT_EQ(x.scenario_yaml, y.scenario_yaml);
  }

  fs::path dir_;
};

const std::string small = "--replicates 2 --set years=3 --set municipalities.0.population=8000 ";

}  // namespace

TEST_F(CheckpointCli, StopAfterDaysThenResumeGivesTheUninterruptedFile) {
  ASSERT_EQ(kyosei("run -q " + small + "-o whole.h5"), 0) << read("err.txt");
  ASSERT_EQ(kyosei("run -q " + small + "-o b.h5 --checkpoint ck --stop-after-days 500"), 0)
      << read("err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "b.h5"));
  EXPECT_NE(read("out.txt").find("kyosei run --resume ck"), std::string::npos) << read("out.txt");
  for (const char* file : {"manifest", "scenario.yaml", "arm0-rep0.ckpt", "arm1-rep1.ckpt"})
    EXPECT_TRUE(fs::exists(dir_ / "ck" / file)) << file;
  // Resume part of the way again, then to the end: still the same file.
  ASSERT_EQ(kyosei("run -q --resume ck -o b.h5 --stop-after-days 800"), 0) << read("err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "b.h5"));
  ASSERT_EQ(kyosei("run -q --resume ck -o b.h5"), 0) << read("err.txt");
  expect_same_series("whole.h5", "b.h5");
}

TEST_F(CheckpointCli, SigintLeavesACheckpointToResumeFrom) {
  // Long enough that the interrupt, sent as soon as the first yearly checkpoint appears, comes
  // well before the end; small enough for the ThreadSanitizer suite.
  const std::string run =
      "run -q --replicates 1 --set years=15 --set "
      "municipalities.0.population=20000 --threads 2 ";
  ASSERT_EQ(kyosei(run + "-o whole.h5"), 0);
  const std::string cmd =
      std::string("cd '") + dir_.string() + "' && ('" + KYOSEI_BINARY + "' " + run +
      "-o cut.h5 --checkpoint ck "
      ">out.txt 2>err.txt & pid=$!; "
      "for i in $(seq 400); do [ -e ck/arm0-rep0.ckpt ] && break; sleep 0.05; done; "
      "kill -INT $pid; wait $pid)";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 130) << read("err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "cut.h5"));
  ASSERT_EQ(kyosei("run -q --resume ck -o cut.h5"), 0) << read("err.txt");
  expect_same_series("whole.h5", "cut.h5");
}

TEST_F(CheckpointCli, ACheckpointOfAnotherRunIsRefused) {
  ASSERT_EQ(kyosei("run -q " + small + "-o b.h5 --checkpoint ck --stop-after-days 100"), 0);
  // Changing the scenario of a resumed run.
  EXPECT_EQ(kyosei("run --resume ck -o b.h5 --set years=4"), 2);
  EXPECT_NE(read("err.txt").find("cannot change it"), std::string::npos) << read("err.txt");
  // Another scenario file beside --resume.
  std::ofstream(dir_ / "other.yaml") << "name: other\n";
  EXPECT_EQ(kyosei("run other.yaml --resume ck -o b.h5"), 2);
  // Another kyosei version.
  std::string manifest = read("ck/manifest");
  manifest.replace(manifest.find("kyosei_version ") + 15, 1, "9");
  std::ofstream(dir_ / "ck" / "manifest") << manifest;
  EXPECT_EQ(kyosei("run --resume ck -o b.h5"), 2);
  EXPECT_NE(read("err.txt").find("checkpoint written by kyosei 9"), std::string::npos)
      << read("err.txt");
  // No checkpoint at all, and a damaged simulation file.
  EXPECT_EQ(kyosei("run --resume nowhere -o b.h5"), 2);
  EXPECT_EQ(kyosei("run -q " + small + "-o c.h5 --checkpoint ck2 --stop-after-days 100"), 0);
  fs::resize_file(dir_ / "ck2" / "arm0-rep0.ckpt", 1000);
  EXPECT_EQ(kyosei("run --resume ck2 -o c.h5"), 2);
  EXPECT_NE(read("err.txt").find("truncated or damaged"), std::string::npos) << read("err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "b.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "c.h5"));
  // --stop-after-days without anywhere to keep the state.
  EXPECT_EQ(kyosei("run -o d.h5 --stop-after-days 10"), 2);
}
