#pragma once
// The commands of the command line, shared between cli.cpp (parsing, validate, report and the
// file commands) and run_command.cpp (`kyosei run`).

#include <algorithm>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cluster.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/model.hpp"
#include "kyosei/sim/scenario.hpp"

namespace kyosei::app {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::string replicates;
  std::string seed;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> sets;
  std::string export_graph;
  int export_graph_day = -1;  // [days from the start date] -1: the end
  bool quiet = false;
  std::string checkpoint;  // directory to checkpoint into
  std::string resume;      // directory to resume from (and keep checkpointing into)
  int stop_after_days = 0;
  double memory_gb = 0;         // [GB] memory the run may use; 0: what the machine has available
  bool counterfactual = false;  // add each arm's twin without adoption
  std::string shard;            // "I/N": run only the I-th of N shares of the simulations
};

// `kyosei run`: reads, checks and plans the scenario on every rank, runs this rank's
// simulations, gathers them on the root and writes the file there.
int command_run(const RunArgs& args, const sim::ModelLoader& loader, Cluster& cluster);

// The scenario at `path` (the model's embedded default when empty) with `assignments` applied.
sim::ScenarioSource load_source(const std::string& path,
                                const std::vector<sim::Assignment>& assignments,
                                const sim::ModelLoader& loader);

// `kyosei check` (check.cpp): the scenario's first arm alone, compared with the model's
// published figures; `heading` receives the line that says what was run.
std::vector<sim::PublishedCheck> run_checks(const std::string& path,
                                            const std::vector<sim::Assignment>& assignments,
                                            int threads, const sim::ModelLoader& loader,
                                            std::string* heading);
bool within(const sim::PublishedCheck& check);  // the model's mean lies in the band
std::string format_checks(const std::string& heading,
                          const std::vector<sim::PublishedCheck>& checks, bool csv);
int command_check(const std::string& path, const std::vector<std::string>& sets, int threads,
                  bool csv, const sim::ModelLoader& loader);

// The model's key outcomes that `results` holds.
std::vector<std::string> default_outcomes(const sim::Results& results,
                                          const sim::ModelLoader& loader);

// Runs `python3 -m ARGUMENTS` of the analysis package (analysis/kyosei_analysis, Debian's
// /usr/bin/python3; KYOSEI_ANALYSIS_DIR and KYOSEI_PYTHON override them) with `input` on its
// standard input, and returns its standard output; with no input, both stay the terminal's.
// Throws std::runtime_error naming the command when it fails.
std::string run_analysis(const std::string& arguments, const std::string& input = {});
std::string shell_quoted(const std::string& text);  // 'text' for /bin/sh

// Runs `body` and maps what it throws to the exit statuses of DESIGN.md: 2 for bad input,
// 130 for an interrupt, 1 for anything else. `speak` says whether this process reports it
// (under MPI every rank meets the same bad input; only the root need say so).
template <class Body>
int guarded(Body&& body, bool speak = true, const std::string& who = "") {
  try {
    return body();
  } catch (const sim::InputError& e) {
    if (speak) std::cerr << "kyosei: error" << who << ": " << e.what() << "\n";
    return 2;
  } catch (const sim::Interrupted&) {
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "kyosei: error" << who << ": " << e.what()
              << "\n";  // always: it may be this rank's alone
    return 1;
  }
}

}  // namespace kyosei::app
