// Memory planning (DESIGN.md §7): a run that cannot fit is refused before it allocates, with
// the estimate in the message; one that fits only partly runs fewer simulations at once,
// with the same results.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "memory.hpp"

using namespace kyosei;
namespace fs = std::filesystem;

namespace {

sim::PreparedScenario default_with(const std::vector<std::string>& sets) {
  static const models::TownModelLoader loader;
  std::vector<sim::Assignment> assignments;
  for (const std::string& s : sets) assignments.push_back({s, "test"});
  return sim::prepare_scenario(
      sim::resolve_scenario(sim::parse_yaml(loader.default_scenario(), "default"), assignments),
      loader);
}

}  // namespace

TEST(Memory, EstimateGrowsWithResidentsAndYears) {
  const sim::PreparedScenario small = default_with({"years=1"});
  const sim::PreparedScenario large =
      default_with({"years=1", "municipalities.0.population=480000"});
  const sim::PreparedScenario longer = default_with({"years=30"});
  const auto bytes = [](const sim::PreparedScenario& s) -> std::uint64_t {
    const auto* estimate = sim::capability<sim::EstimatesMemory>(*s.arms[0].model);
    EXPECT_NE(estimate, nullptr) << "the town model estimates its memory";
    return estimate ? estimate->estimated_bytes(s.settings.days) : 0;
  };
  EXPECT_GT(bytes(small), 48'000u * 100);  // at least the measured ~100 bytes per resident
  EXPECT_NEAR(static_cast<double>(bytes(large)) / static_cast<double>(bytes(small)),
              480000.0 / 48234.0, 0.05);
  EXPECT_GT(bytes(longer), bytes(small));
}

TEST(Memory, PlanRunsFewerSimulationsAtOnceOrRefuses) {
  const sim::PreparedScenario s = default_with({"years=1", "replicates=4"});
  const auto* estimate = sim::capability<sim::EstimatesMemory>(*s.arms[0].model);
  ASSERT_NE(estimate, nullptr);
  const std::uint64_t one = estimate->estimated_bytes(s.settings.days);
  // 8 simulations starting from 4 warm-ups: 12 states when memory allows.
  EXPECT_EQ(app::plan_memory(s, 8, 4, 0).concurrent, 12);  // no limit known
  EXPECT_EQ(app::plan_memory(s, 8, 4, 1ull << 40).concurrent, 12);
  EXPECT_EQ(app::plan_memory(s, 8, 4, (64ull << 20) + 3 * one + one / 2).concurrent, 3);
  EXPECT_THROW(app::plan_memory(s, 8, 4, one / 2), sim::InputError);
  // Room for one simulation but not for it and its warm-up's copied state: refused, unless
  // there is no warm-up.
  const std::uint64_t one_and_a_half = (64ull << 20) + one + one / 2;
  EXPECT_EQ(app::plan_memory(s, 8, 0, one_and_a_half).concurrent, 1);
  try {
    app::plan_memory(s, 8, 4, one_and_a_half);
    ADD_FAILURE() << "a warm-up that cannot be copied was planned";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("set warmup_years: 0"), std::string::npos) << e.what();
  }
}

TEST(Memory, SimulationsInWavesGiveTheSameResults) {
  const sim::PreparedScenario s = default_with({"years=1", "replicates=3"});
  const sim::Results all = sim::run_scenario(s, {.threads = 2});
  // One state at a time (arms after each other, the warm-up's copy aside), two (the same),
  // three (a replicate's warm-up copy and both its arms at once).
  for (int states : {1, 2, 3}) {
    sim::RunOptions waves_of{.threads = 2};
    waves_of.concurrent = states;
    const sim::Results waves = sim::run_scenario(s, waves_of);
    EXPECT_EQ(all.series, waves.series) << states;
    EXPECT_EQ(all.ledger, waves.ledger) << states;
  }
}

TEST(Memory, TheCommandLineRefusesBeforeAllocating) {
  const fs::path dir = fs::temp_directory_path() / ("kyosei-mem-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string cmd = "cd '" + dir.string() + "' && '" + KYOSEI_BINARY +
                          "' run --memory-gb 0.05 -o big.h5 >out.txt 2>err.txt";
  const int status = std::system(cmd.c_str());
  std::stringstream err;
  err << std::ifstream(dir / "err.txt").rdbuf();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << err.str();
  EXPECT_NE(err.str().find("needs an estimated"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("0.05 GB is available"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(dir / "big.h5"));
  fs::remove_all(dir);
}

TEST(Memory, MoreResidentsThanIdsCanNameAreRefused) {
  std::string yaml =
      "name: huge\nseed: 1\nstart_date: 2021-04-01\nyears: 1\nreplicates: 1\n"
      "policy: {mode: siloed}\nmunicipalities:\n";
  for (int m = 0; m < 41; ++m)
    yaml += "  - {name: m" + std::to_string(m) +
            ", population: 50000000, age65_share: 0.3, age75_share: 0.15, areas: [{name: a, "
            "share: 1}]}\n";
  static const models::TownModelLoader loader;
  try {
    sim::prepare_scenario(sim::resolve_scenario(sim::parse_yaml(yaml, "huge.yaml"), {}), loader);
    FAIL() << "2.05 billion residents were accepted";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("at most 2,000,000,000"), std::string::npos) << e.what();
  }
}
