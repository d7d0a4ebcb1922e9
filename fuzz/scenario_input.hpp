#pragma once
// What the fuzzer feeds kyosei: a scenario as a user could write it. Leading lines of the
// form `--set key.path=value` are assignments, as on the command line; the rest is the YAML.
// Reading, resolving (arms, sweeps, --set) and preparing every arm's model must either
// succeed or throw InputError: anything else (a crash, another exception, a sanitizer report,
// a hang) is a bug. Shared by the libFuzzer target and the regression test of its crashers.

#include <string>
#include <string_view>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/scenario.hpp"

namespace kyosei::fuzz {

inline void check_scenario_input(std::string_view data) {
  static const models::TownModelLoader loader;
  std::vector<sim::Assignment> sets;
  constexpr std::string_view flag = "--set ";
  while (data.substr(0, flag.size()) == flag) {
    const std::size_t end = std::min(data.find('\n'), data.size());
    const std::string text(data.substr(flag.size(), end - flag.size()));
    sets.push_back({text, "--set " + text});
    data.remove_prefix(std::min(end + 1, data.size()));
  }
  try {
    const sim::PreparedScenario scenario = sim::prepare_scenario(
        sim::resolve_scenario(sim::parse_yaml(std::string(data), "fuzz.yaml"), sets), loader);
    (void)scenario;
  } catch (const sim::InputError&) {
    // Bad input, reported as such: what the loader is for.
  }
}

}  // namespace kyosei::fuzz
