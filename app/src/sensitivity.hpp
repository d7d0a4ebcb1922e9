#pragma once
// `kyosei sensitivity`: which assumptions drive an outcome. The scenario's `uncertain:`
// mapping (and, with --assumptions, the model's table of assumed values and their ranges)
// names the parameters; OpenTURNS draws a Morris or Saltelli design (kyosei_analysis.sensitivity);
// every point is the scenario with those values set, simulated with the scenario's seed, so
// that the points share their random numbers and differ by the parameters alone; the indices
// and their intervals come back from OpenTURNS. Finished points are kept in a journal beside
// the output, so an interrupted study resumes where it stopped.

#include <string>
#include <vector>

#include "cluster.hpp"
#include "kyosei/io/study.hpp"
#include "kyosei/sim/model.hpp"
#include "kyosei/sim/scenario.hpp"

namespace kyosei::app {

struct SensitivityArgs {
  std::string scenario;
  std::string output;
  std::string metric;
  std::string arm;         // whose metric (default: the --difference arm, else the baseline)
  std::string difference;  // the outcome is this arm minus the baseline arm
  std::string method = "morris";
  int points = 0;  // 0: 10 trajectories (morris) or 256 base points (sobol)
  bool assumptions = false;
  std::vector<std::string> sets;
  int threads = 1;
  double memory_gb = 0;
  int stop_after_points = 0;  // > 0: stop after simulating this many, as an interrupt would
};

// A parameter to vary, and the concrete key paths it sets (a `*` expanded over list items).
struct UncertainParameter {
  io::StudyParameter spec;
  std::vector<std::string> paths;
  bool integer = false;  // the key takes integers: a point's value is rounded
};

// The scenario's `uncertain:` entries, then (with `assumptions`) the model's assumed values
// the scenario does not already name, each checked against the keys the scenario reads: a
// path no reader asks for, a bad distribution or a range the key refuses is a located error.
std::vector<UncertainParameter> uncertain_parameters(const sim::ScenarioSource& source,
                                                     bool assumptions,
                                                     const sim::ModelLoader& loader);

int command_sensitivity(const SensitivityArgs& args, const sim::ModelLoader& loader,
                        const Cluster& cluster);

// `kyosei info` and `kyosei compare` for a study file: what it holds, and the outcome under
// parameter uncertainty beside replicate uncertainty.
std::string format_study_info(const io::Study& study);
std::string format_study_bands(const io::Study& study);
// The indices as the command prints them: parameter, index, low, high, and the rest.
std::string format_study_indices(const io::Study& study);

}  // namespace kyosei::app
