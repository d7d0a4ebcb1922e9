// Every input the fuzzer (`make fuzz`) ever crashed on stays a test: fuzz/regressions/ holds
// them, and each must now load or be refused as bad input, under the suite's sanitizers too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/scenario_input.hpp"

namespace fs = std::filesystem;

TEST(FuzzRegressions, EveryPastCrasherIsHandled) {
  const fs::path dir = fs::path(KYOSEI_SOURCE_DIR) / "fuzz" / "regressions";
  std::size_t inputs = 0;
  // Inputs name files (CSV tables) relative to the scenario directory, as the fuzzer runs.
  const fs::path here = fs::current_path();
  fs::current_path(fs::path(KYOSEI_SOURCE_DIR) / "scenarios");
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename() == "README.md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_NO_THROW(kyosei::fuzz::check_scenario_input(bytes.str())) << entry.path();
    ++inputs;
  }
  fs::current_path(here);
  EXPECT_GT(inputs, 0u);
}
