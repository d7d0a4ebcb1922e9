#include "cli.hpp"

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "cluster.hpp"
#include "evaluation.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/checkpoint.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/notes.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "memory.hpp"
#include "summary.hpp"

namespace kyosei::app {

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
  stop_requested.store(true);
}

// Routes SIGINT and SIGTERM to a flag the simulations check at each step boundary, and
// restores the previous handlers when the run is over.
class StopSignals {
 public:
  StopSignals() {
    stop_requested.store(false);
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// Prints progress on stderr twice a second while a run is going, only on a terminal.
class ProgressLine {
 public:
  ProgressLine(const std::atomic<long>& done, long total)
      : enabled_(isatty(STDERR_FILENO) == 1 && total > 0),
        thread_([this, &done, total](std::stop_token stop) {
          if (!enabled_) return;
          while (!stop.stop_requested()) {
            const long d = done.load(std::memory_order_relaxed);
            std::fprintf(stderr, "\rkyosei: %3ld%% simulated (%ld of %ld simulation-days)",
                         100 * d / total, d, total);
            std::fflush(stderr);
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
          }
        }) {}
  ~ProgressLine() {
    thread_.request_stop();
    thread_.join();
    if (enabled_) std::fprintf(stderr, "\r%72s\r", "");
  }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  bool enabled_;
  std::jthread thread_;
};

struct RunArgs {
  std::string scenario;
  std::string output;
  std::string replicates;
  std::string seed;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> sets;
  std::string export_graph;
  bool quiet = false;
  std::string checkpoint;  // directory to checkpoint into
  std::string resume;      // directory to resume from (and keep checkpointing into)
  int stop_after_days = 0;
  double memory_gb = 0;         // [GB] memory the run may use; 0: what the machine has available
  bool counterfactual = false;  // add each arm's twin without adoption
};

// A resumed run's scenario is the checkpoint's: nothing may change it. A scenario file given
// beside --resume must resolve to the same text, so the wrong file is caught, not ignored.
sim::ScenarioSource resume_source(const RunArgs& args, const sim::CheckpointDirectory& checkpoint) {
  if (!args.sets.empty() || !args.seed.empty() || !args.replicates.empty() || args.counterfactual)
    throw sim::InputError(sim::Location{"--resume " + args.resume}, "",
                          "a resumed run continues its checkpoint's scenario; --set, --seed, "
                          "--replicates and --counterfactual cannot change it");
  if (!args.scenario.empty()) {
    const sim::ScenarioSource given = sim::resolve_scenario(sim::load_yaml_file(args.scenario), {});
    if (sim::scenario_digest(sim::to_yaml(given.resolved)) != checkpoint.digest())
      throw sim::InputError(args.scenario + ": not the scenario of checkpoint " +
                            checkpoint.dir().string() + " (its scenario.yaml differs)");
  }
  return sim::resolve_scenario(
      sim::parse_yaml(checkpoint.scenario_yaml(), (checkpoint.dir() / "scenario.yaml").string()),
      {});
}

sim::ScenarioSource load_source(const std::string& path,
                                const std::vector<sim::Assignment>& assignments,
                                const sim::ModelLoader& loader) {
  sim::ConfigNode tree =
      path.empty() ? sim::parse_yaml(loader.default_scenario(), loader.default_scenario_source())
                   : sim::load_yaml_file(path);
  return sim::resolve_scenario(std::move(tree), assignments);
}

std::vector<std::string> default_outcomes(const sim::Results& results,
                                          const sim::ModelLoader& loader) {
  std::vector<std::string> names;
  for (const std::string& name : loader.description().key_outcomes)
    if (results.metric_index(name) >= 0) names.push_back(name);
  return names;
}

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

int command_run(const RunArgs& args, const sim::ModelLoader& loader, const Cluster& cluster) {
  if (args.threads < 1 || args.threads > 4096)
    throw sim::InputError(sim::Location{"--threads " + std::to_string(args.threads)}, "threads",
                          "must be between 1 and 4096");
  std::vector<sim::Assignment> assignments;
  if (!args.seed.empty()) assignments.push_back({"seed=" + args.seed, "--seed " + args.seed});
  if (!args.replicates.empty())
    assignments.push_back({"replicates=" + args.replicates, "--replicates " + args.replicates});
  for (const std::string& set : args.sets) assignments.push_back({set, "--set " + set});
  if (args.counterfactual) assignments.push_back({"counterfactual=true", "--counterfactual"});

  if (args.stop_after_days < 0 ||
      (args.stop_after_days > 0 && args.checkpoint.empty() && args.resume.empty()))
    throw sim::InputError(
        sim::Location{"--stop-after-days " + std::to_string(args.stop_after_days)}, "",
        "needs --checkpoint DIR (or --resume DIR) to keep what was simulated, and a "
        "number of days of at least 1");
  if (!args.checkpoint.empty() && !args.resume.empty() && args.checkpoint != args.resume)
    throw sim::InputError(sim::Location{"--checkpoint " + args.checkpoint}, "",
                          "a resumed run keeps checkpointing into its --resume directory");

  // Every rank reads the scenario; the root alone checks and writes the output and creates
  // the checkpoint directory, which the other ranks open once it exists.
  sim::PreparedScenario scenario;
  std::string output;
  std::optional<sim::CheckpointDirectory> checkpoint;
  MemoryPlan memory;
  int status = guarded(
      [&] {
        if (!args.resume.empty()) {
          checkpoint = sim::CheckpointDirectory::open(args.resume);
          scenario = sim::prepare_scenario(resume_source(args, *checkpoint), loader);
        } else {
          scenario = sim::prepare_scenario(load_source(args.scenario, assignments, loader), loader);
        }
        output = args.output.empty() ? scenario.settings.name + ".h5" : args.output;
        std::size_t mine = 0;
        const std::size_t runs =
            scenario.arms.size() * static_cast<std::size_t>(scenario.settings.replicates);
        for (std::size_t run = 0; run < runs; ++run)
          mine += sim::owner_of(run, cluster.size()) == cluster.rank();
        const std::uint64_t budget =
            args.memory_gb > 0
                ? static_cast<std::uint64_t>(args.memory_gb * 1e9)
                : available_memory() / static_cast<std::uint64_t>(cluster.local_size());
        memory = plan_memory(scenario, args.threads, mine, budget);
        if (memory.concurrent <
            static_cast<int>(std::min<std::size_t>(mine, static_cast<std::size_t>(args.threads))))
          sim::note("running " + std::to_string(memory.concurrent) + " simulation" +
                    (memory.concurrent == 1 ? "" : "s") +
                    " at a time to stay within the memory available");
        if (cluster.root()) {
          io::check_output_path(output);
          if (!args.export_graph.empty()) io::check_output_path(args.export_graph);
          if (!args.checkpoint.empty() && args.resume.empty())
            checkpoint = sim::CheckpointDirectory::create(args.checkpoint,
                                                          sim::to_yaml(scenario.source.resolved));
        }
        return 0;
      },
      cluster.root());
  if ((status = cluster.agree(status)) != 0) return status;
  if (!checkpoint && !args.checkpoint.empty())
    checkpoint = sim::CheckpointDirectory::open(args.checkpoint);

  std::atomic<long> progress{0};
  sim::Results results;
  const std::string who =
      cluster.size() > 1 ? " (rank " + std::to_string(cluster.rank()) + ")" : "";
  status = guarded(
      [&] {
        StopSignals signals;
        long total = 0;
        const std::size_t runs =
            scenario.arms.size() * static_cast<std::size_t>(scenario.settings.replicates);
        for (std::size_t run = 0; run < runs; ++run)
          if (sim::owner_of(run, cluster.size()) == cluster.rank()) total += scenario.settings.days;
        ProgressLine line(progress, cluster.root() ? total : 0);
        sim::RunOptions options{args.threads, &stop_requested, &progress, args.export_graph};
        options.checkpoint = checkpoint ? &*checkpoint : nullptr;
        options.resume = !args.resume.empty();
        options.stop_after_days = args.stop_after_days;
        options.concurrent = memory.concurrent;
        options.rank = cluster.rank();
        options.ranks = cluster.size();
        results = sim::run_scenario(scenario, options);
        if (stop_requested.load()) throw sim::Interrupted();
        return 0;
      },
      true, who);
  if ((status = cluster.agree(status)) != 0) {
    if (status == 130 && cluster.root()) std::cerr << "kyosei: interrupted; no output written\n";
    return status;
  }
  if (args.stop_after_days > 0 && args.stop_after_days < scenario.settings.days) {
    if (cluster.root())
      std::cout << "stopped after " << args.stop_after_days << " of " << scenario.settings.days
                << " simulated days; checkpoint in " << checkpoint->dir().string()
                << "\nresume with: kyosei run --resume " << checkpoint->dir().string() << " -o "
                << output << "\n";
    return 0;
  }
  cluster.gather(results);
  if (!cluster.root()) return 0;
  results.ranks = cluster.size();
  io::Hdf5File(output).write(results);
  if (!args.quiet)
    std::cout << format_comparison(results,
                                   compare_arms(results, default_outcomes(results, loader)));
  std::cout << "wrote " << output << "\n";
  return 0;
}

int command_validate(const std::string& path, const std::vector<std::string>& sets, bool keys,
                     const sim::ModelLoader& loader) {
  std::vector<sim::Assignment> assignments;
  for (const std::string& set : sets) assignments.push_back({set, "--set " + set});
  const sim::PreparedScenario s =
      sim::prepare_scenario(load_source(path, assignments, loader), loader);
  if (keys) {  // rows of the scenario reference, docs/scenarios.md
    for (const auto& [key, doc] : s.source.keys)
      std::cout << "| `" << key << "` | " << doc.type << " | " << doc.fallback << " |\n";
    return 0;
  }
  const sim::ArmModel& first = *s.arms.front().model;
  std::cout << (path.empty() ? loader.default_scenario_source() : path) << ": ok\n"
            << "  scenario   " << s.settings.name << "\n"
            << "  arms       ";
  for (std::size_t a = 0; a < s.arms.size(); ++a) std::cout << (a ? ", " : "") << s.arms[a].name;
  std::cout << "\n  period     " << s.settings.years << " years (" << s.settings.days
            << " days) from " << sim::format_date(s.settings.start_date) << ", sampled every "
            << s.settings.interval_days << " days\n"
            << "  replicates " << s.settings.replicates << ", seed " << s.settings.seed << "\n"
            << "  regions    " << first.regions().size() << ", metrics " << first.metrics().size()
            << "\n";
  return 0;
}

// The report is drawn by the analysis package (analysis/kyosei_analysis) with Debian's
// python3-matplotlib; KYOSEI_ANALYSIS_DIR and KYOSEI_PYTHON override where they are.
int command_report(const std::string& in, const std::string& out) {
  io::read_hdf5(in);  // a missing or foreign file is bad input, named here
  io::check_output_path(out);
  const char* dir = std::getenv("KYOSEI_ANALYSIS_DIR");
  const char* python = std::getenv("KYOSEI_PYTHON");
  const std::string analysis = dir ? dir : KYOSEI_ANALYSIS_DIR;
  const std::string interpreter = python ? python : "/usr/bin/python3";
  auto quoted = [](const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  // The report asks this binary for `evaluate --csv`: one implementation of the estimators.
  std::error_code no_exe;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", no_exe).string();
  const std::string command = "PYTHONPATH=" + quoted(analysis) + " KYOSEI_EXE=" + quoted(self) +
                              " " + quoted(interpreter) + " -m kyosei_analysis.report " +
                              quoted(in) + " " + quoted(out);
  const int status = std::system(command.c_str());
  if (status != 0) throw std::runtime_error("the report failed (" + command + ")");
  std::cout << "wrote " << out << "\n";
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv, const sim::ModelLoader& loader) {
  const Cluster cluster(argc, argv);
  sim::mute_notes(!cluster.root());
  CLI::App app{"kyosei: an agent-based simulator of Japan's regional support systems", "kyosei"};
  app.set_version_flag("--version", KYOSEI_VERSION);
  app.require_subcommand(1);

  RunArgs run;
  run.threads = std::max(1, run.threads / cluster.local_size());  // ranks share the machine
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Run a scenario (the embedded default when none is given) and write HDF5 results");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file");
  run_cmd->add_option("-o,--output", run.output, "Output HDF5 file (default: <scenario name>.h5)");
  run_cmd->add_option("--replicates", run.replicates, "Replicates per arm (overrides scenario)");
  run_cmd->add_option("--threads", run.threads, "Worker threads (results do not depend on it)")
      ->capture_default_str();
  run_cmd->add_option("--seed", run.seed, "Random seed (overrides scenario)");
  run_cmd->add_option("--set", run.sets, "Override a scenario value: key.path=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_option("--export-graph", run.export_graph,
                      "Write the community graph of arm 0, replicate 0 at the start as GraphML");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Do not print the comparison table");
  run_cmd->add_option("--checkpoint", run.checkpoint,
                      "Directory for checkpoints: at each simulated year and on Ctrl-C");
  run_cmd->add_option("--stop-after-days", run.stop_after_days,
                      "Stop after N simulated days, leaving a checkpoint and no output");
  run_cmd->add_option("--memory-gb", run.memory_gb,
                      "Memory the run may use [GB] (default: what the machine has available)");
  run_cmd->add_flag("--counterfactual", run.counterfactual,
                    "Add each arm's twin in which no municipality adopts (same random numbers)");
  run_cmd->add_option("--resume", run.resume,
                      "Continue the run checkpointed in DIR (its scenario; keeps checkpointing)");

  std::string validate_path;
  std::vector<std::string> validate_sets;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario without running it");
  validate_cmd->add_option("scenario", validate_path, "Scenario YAML file (default: embedded)");
  bool validate_keys = false;
  validate_cmd->add_flag("--keys", validate_keys,
                         "List every key the scenario's reading asks for, with type and default");
  validate_cmd->add_option("--set", validate_sets, "Override a scenario value: key.path=value")
      ->allow_extra_args(false);

  std::string info_path;
  CLI::App* info_cmd = app.add_subcommand("info", "Describe a result file");
  info_cmd->add_option("file", info_path, "kyosei HDF5 result")->required();

  std::string budget_path;
  bool budget_csv = false;
  CLI::App* budget_cmd = app.add_subcommand(
      "budget", "Costs per arm and fiscal year by program and payer (mean over replicates)");
  budget_cmd->add_option("file", budget_path, "kyosei HDF5 result")->required();
  budget_cmd->add_flag("--csv", budget_csv, "One row per arm, fiscal year, program and payer");

  std::string report_path, report_out;
  CLI::App* report_cmd =
      app.add_subcommand("report", "A self-contained HTML report of a result (Python, matplotlib)");
  report_cmd->add_option("file", report_path, "kyosei HDF5 result")->required();
  report_cmd->add_option("-o,--output", report_out, "HTML file to write")->required();

  std::string compare_path;
  std::vector<std::string> compare_metrics;
  CLI::App* compare_cmd =
      app.add_subcommand("compare", "Arms side by side: mean and 95% interval over replicates");
  compare_cmd->add_option("file", compare_path, "kyosei HDF5 result")->required();
  compare_cmd->add_option("--metric", compare_metrics, "Metric to compare (repeatable)")
      ->allow_extra_args(false);
  bool compare_csv = false;
  compare_cmd->add_flag("--csv", compare_csv, "One row per metric and arm, as CSV");

  std::string evaluate_path, evaluate_comparison = "not-yet";
  EvaluationOptions evaluate_options;
  int evaluate_anticipation = -1;
  bool evaluate_csv = false, evaluate_totals = false;
  CLI::App* evaluate_cmd = app.add_subcommand(
      "evaluate",
      "Estimate the effect of adoption as a researcher would (naive, TWFE, Callaway-Sant'Anna) "
      "beside the true effect from counterfactual twins");
  evaluate_cmd->add_option("file", evaluate_path, "kyosei HDF5 result")->required();
  evaluate_cmd->add_option("--metric", evaluate_options.metric, "Outcome metric")->required();
  evaluate_cmd
      ->add_option("--arm", evaluate_options.arms,
                   "Arm to evaluate (repeatable; default: every arm with a twin)")
      ->allow_extra_args(false);
  evaluate_cmd
      ->add_option("--covariate", evaluate_options.covariates,
                   "Municipal trait to adjust Callaway-Sant'Anna for (repeatable): "
                   "log_population, age65_share, elderly_fte_per_1000_65, ...")
      ->allow_extra_args(false);
  evaluate_cmd->add_option("--anticipation", evaluate_anticipation,
                           "Years before adoption already affected (default: the longest "
                           "移行準備 in the file)");
  evaluate_cmd
      ->add_option("--comparison", evaluate_comparison,
                   "Comparison municipalities: not-yet (adopted) or never")
      ->check(CLI::IsMember({"not-yet", "never"}))
      ->capture_default_str();
  evaluate_cmd->add_flag("--totals", evaluate_totals,
                         "Outcomes as totals, not per 1,000 residents");
  evaluate_cmd->add_flag("--csv", evaluate_csv,
                         "One row per arm, replicate, estimator and event time, as CSV");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "kyosei: error: " << e.what() << "\nRun 'kyosei --help' for usage.\n";
    return 2;
  }

  if (*run_cmd) {
    return guarded([&] { return command_run(run, loader, cluster); });
  }
  if (!cluster.root()) return 0;  // the other commands are one process's work
  const int status = guarded([&] {
    if (*validate_cmd) return command_validate(validate_path, validate_sets, validate_keys, loader);
    if (*info_cmd) {
      std::cout << format_info(io::read_hdf5(info_path));
      return 0;
    }
    if (*report_cmd) return command_report(report_path, report_out);
    if (*budget_cmd) {
      std::cout << format_budget(io::read_hdf5(budget_path), loader.description(), budget_csv);
      return 0;
    }
    if (*evaluate_cmd) {
      evaluate_options.comparison =
          evaluate_comparison == "never" ? Comparison::never_adopted : Comparison::not_yet_adopted;
      if (evaluate_anticipation >= 0) evaluate_options.anticipation = evaluate_anticipation;
      evaluate_options.per_1000 = !evaluate_totals;
      evaluate_options.file = evaluate_path;
      const sim::ModelDescription model = loader.description();
      evaluate_options.treatment = model.treatment;
      evaluate_options.size_metric = model.size_metric;
      const std::vector<ArmEvaluation> arms =
          evaluate(io::read_hdf5(evaluate_path), evaluate_options);
      std::cout << (evaluate_csv ? format_evaluation_csv(arms)
                                 : format_evaluation(arms, evaluate_options));
      return 0;
    }
    if (*compare_cmd) {
      const sim::Results results = io::read_hdf5(compare_path);
      const std::vector<ComparisonRow> rows = compare_arms(
          results, compare_metrics.empty() ? default_outcomes(results, loader) : compare_metrics);
      std::cout << (compare_csv ? format_comparison_csv(results, rows)
                                : format_comparison(results, rows));
      return 0;
    }
    return 1;
  });
  if (status == 130) std::cerr << "kyosei: interrupted\n";
  return status;
}

}  // namespace kyosei::app
