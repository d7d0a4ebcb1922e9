#pragma once
// From YAML text to validated arms. Order: parse -> apply `--set` assignments in the order
// given -> split the `arms` list off the base -> each arm = base + its overrides -> the
// engine reads its settings and the model its keys -> any key nobody read is an error.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "kyosei/sim/model.hpp"

namespace kyosei::sim {

// `key.path=value` and where it came from (`--set years=5`, `--replicates 4`).
struct Assignment {
  std::string text;
  std::string origin;
};

struct ArmSource {
  std::string name;
  std::string description;
  ConfigNode tree;  // the base without `arms`, with this arm's overrides merged in
};

struct ScenarioSource {
  // The base after assignments, `arms` included: stored as `/scenario`. Its `uncertain`
  // mapping, what `kyosei sensitivity` varies, is read by no arm: a run uses the values set.
  ConfigNode resolved;
  std::vector<ArmSource> arms;
  std::map<std::string, KeyDoc> keys;  // every key read, for the scenario reference
};

// Applies assignments and resolves arms. A scenario without `arms` has one arm, `base`.
ScenarioSource resolve_scenario(ConfigNode base, const std::vector<Assignment>& assignments);

// Reads the engine's keys (name, description, seed, start_date, years, warmup_years,
// replicates, output); `warmup_years` defaults to the model's (ModelDescription).
RunSettings read_run_settings(const ConfigReader& scenario, int default_warmup_years);

struct PreparedArm {
  std::string name;
  std::unique_ptr<ArmModel> model;
  int counterfactual_of = -1;  // a twin: the arm whose treatment it withholds
  int warmup = -1;             // its warm-up (PreparedScenario::warmups); -1 without one
};

struct PreparedScenario {
  ScenarioSource source;
  RunSettings settings;
  std::vector<PreparedArm> arms;
  int baseline = 0;  // index of the arm the others are compared with (settings.baseline)
  // With warmup_years > 0: the models the warm-ups run, each an arm read as its
  // counterfactual (its treatment withheld), the baseline's first; arms that can start
  // from one model's warm-up (SharesWarmup: the same town) share it, and every replicate
  // warms up each once.
  std::vector<std::unique_ptr<ArmModel>> warmups;
};

// Validates every arm with `loader`. Arms must agree on run settings, regions and metrics,
// since they share the file's dimensions. With `counterfactual: true`, each arm that applies
// a treatment gets a twin appended, `<arm>~twin`, read as its counterfactual (ArmRole), with
// the arm's random numbers. With a warm-up, groups the arms by warm-up. Throws InputError
// with a located message.
PreparedScenario prepare_scenario(ScenarioSource source, const ModelLoader& loader);

}  // namespace kyosei::sim
