#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "evaluation.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/io/study.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/notes.hpp"
#include "memory.hpp"
#include "sensitivity.hpp"
#include "shards.hpp"
#include "summary.hpp"

namespace kyosei::app {

namespace {

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
            << sim::to_string(s.settings.sampling) << "\n"
            << "  warm-up    "
            << (s.settings.warmup_years > 0
                    ? std::to_string(s.settings.warmup_years) + " years before the start, " +
                          std::to_string(s.warmups.size()) + " per replicate (shared by arms)"
                    : std::string("none"))
            << "\n"
            << "  replicates " << s.settings.replicates << ", seed " << s.settings.seed << "\n"
            << "  regions    " << first.regions().size() << ", metrics " << first.metrics().size()
            << "\n";
  return 0;
}

// The report is drawn by the analysis package (analysis/kyosei_analysis) with Debian's
// python3-matplotlib, with a section on a sensitivity study when one is given.
int command_report(const std::string& in, const std::string& out, const std::string& baseline,
                   const std::string& sensitivity) {
  const sim::Results results = read_whole_run(in);      // a missing or foreign file is bad input
  if (!baseline.empty()) arm_index(results, baseline);  // an unknown arm, named at its flag
  if (!sensitivity.empty()) io::read_study(sensitivity);
  io::check_output_path(out);
  std::string arguments = "kyosei_analysis.report " + shell_quoted(in) + " " + shell_quoted(out);
  if (!baseline.empty()) arguments += " --baseline " + shell_quoted(baseline);
  if (!sensitivity.empty()) arguments += " --sensitivity " + shell_quoted(sensitivity);
  run_analysis(arguments);
  std::cout << "wrote " << out << "\n";
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv, const sim::ModelLoader& loader) {
  return_large_blocks_to_the_system();
  Cluster cluster(argc, argv);
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
                      "Write the community graph of arm 0, replicate 0 as GraphML, at the end");
  run_cmd
      ->add_option("--export-graph-day", run.export_graph_day,
                   "Export the graph after this many days from the start date instead (0: the "
                   "start)")
      ->check(CLI::NonNegativeNumber);
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
  run_cmd->add_option("--shard", run.shard,
                      "I/N: run the I-th of N shares of the simulations into a partial file "
                      "(a job array's task; kyosei merge joins them; a finished one is skipped)");

  std::string validate_path;
  std::vector<std::string> validate_sets;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario without running it");
  validate_cmd->add_option("scenario", validate_path, "Scenario YAML file (default: embedded)");
  bool validate_keys = false;
  validate_cmd->add_flag("--keys", validate_keys,
                         "List every key the scenario's reading asks for, with type and default");
  validate_cmd->add_option("--set", validate_sets, "Override a scenario value: key.path=value")
      ->allow_extra_args(false);

  std::string check_path;
  std::vector<std::string> check_sets;
  int check_threads = run.threads;
  bool check_csv = false;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Run a scenario's first arm and compare it with published statistics");
  check_cmd->add_option("scenario", check_path, "Scenario YAML file (default: embedded)");
  check_cmd->add_option("--set", check_sets, "Override a scenario value: key.path=value")
      ->allow_extra_args(false);
  check_cmd->add_option("--threads", check_threads, "Worker threads (results do not depend on it)")
      ->capture_default_str();
  check_cmd->add_flag("--csv", check_csv, "One CSV row per figure");

  std::vector<std::string> merge_paths;
  std::string merge_out;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge",
      "Join the shards of a run (kyosei run --shard I/N) into the file one process writes");
  merge_cmd->add_option("shards", merge_paths, "Every shard's HDF5 file, in any order")->required();
  merge_cmd->add_option("-o,--output", merge_out, "HDF5 file to write")->required();

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
  std::string report_baseline, report_sensitivity;
  report_cmd->add_option("--sensitivity", report_sensitivity,
                         "A study (kyosei sensitivity) whose indices and bands the report shows");
  report_cmd->add_option("--baseline", report_baseline,
                         "Arm the others are compared with (default: the scenario's baseline)");

  SensitivityArgs sensitivity;
  sensitivity.threads = run.threads;
  CLI::App* sensitivity_cmd = app.add_subcommand(
      "sensitivity",
      "Which uncertain parameters drive an outcome: a Morris or Sobol study (OpenTURNS) over the "
      "scenario's `uncertain:` mapping, every point with the same random numbers");
  sensitivity_cmd->add_option("scenario", sensitivity.scenario, "Scenario YAML file");
  sensitivity_cmd
      ->add_option("--metric", sensitivity.metric,
                   "Outcome metric, reduced as compare "
                   "does (sum over run, at end, ...)")
      ->required();
  sensitivity_cmd->add_option("--difference", sensitivity.difference,
                              "The outcome is this arm's metric minus the baseline arm's");
  sensitivity_cmd->add_option("--arm", sensitivity.arm,
                              "Arm whose metric is the outcome (default: the baseline)");
  sensitivity_cmd->add_option("--method", sensitivity.method, "morris (screening) or sobol")
      ->check(CLI::IsMember({"morris", "sobol"}))
      ->capture_default_str();
  sensitivity_cmd->add_option("--points", sensitivity.points,
                              "Trajectories (morris, default 10) or base sample size (sobol, "
                              "default 256)");
  sensitivity_cmd->add_flag("--assumptions", sensitivity.assumptions,
                            "Add every value the model assumes, with its range "
                            "(models/assumptions.yaml)");
  sensitivity_cmd
      ->add_option("--set", sensitivity.sets, "Override a scenario value: key.path=value")
      ->allow_extra_args(false);
  sensitivity_cmd->add_option("--threads", sensitivity.threads, "Points simulated at once")
      ->capture_default_str();
  sensitivity_cmd->add_option("--memory-gb", sensitivity.memory_gb,
                              "Memory the study may use [GB] (default: what is available)");
  sensitivity_cmd->add_option("--stop-after-points", sensitivity.stop_after_points,
                              "Stop after simulating N points, keeping them for a rerun");
  sensitivity_cmd->add_option("-o,--output", sensitivity.output, "Study HDF5 file to write")
      ->required();

  std::string compare_path;
  std::vector<std::string> compare_metrics;
  CLI::App* compare_cmd =
      app.add_subcommand("compare", "Arms side by side: mean and 95% interval over replicates");
  compare_cmd->add_option("file", compare_path, "kyosei HDF5 result")->required();
  compare_cmd->add_option("--metric", compare_metrics, "Metric to compare (repeatable)")
      ->allow_extra_args(false);
  bool compare_csv = false;
  compare_cmd->add_flag("--csv", compare_csv, "One row per metric and arm, as CSV");
  bool compare_over_time = false;
  compare_cmd->add_flag("--over-time", compare_over_time,
                        "Every sample and region, not the run's reduction (with --csv)");
  std::string compare_baseline;
  compare_cmd->add_option("--baseline", compare_baseline,
                          "Arm the others are compared with (default: the scenario's baseline)");

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
  if (*sensitivity_cmd) {
    const int status =
        guarded([&] { return command_sensitivity(sensitivity, loader, cluster); }, cluster.root());
    return cluster.agree(status);
  }
  if (!cluster.root()) return 0;  // the other commands are one process's work
  const int status = guarded([&] {
    if (*validate_cmd) return command_validate(validate_path, validate_sets, validate_keys, loader);
    if (*check_cmd) return command_check(check_path, check_sets, check_threads, check_csv, loader);
    if (*merge_cmd) return command_merge(merge_paths, merge_out);
    if (*info_cmd) {
      std::cout << (io::is_study(info_path) ? format_study_info(io::read_study(info_path))
                                            : format_info(io::read_hdf5(info_path)));
      return 0;
    }
    if (*report_cmd)
      return command_report(report_path, report_out, report_baseline, report_sensitivity);
    if (*budget_cmd) {
      std::cout << format_budget(read_whole_run(budget_path), loader.description(), budget_csv);
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
          evaluate(read_whole_run(evaluate_path), evaluate_options);
      std::cout << (evaluate_csv ? format_evaluation_csv(arms)
                                 : format_evaluation(arms, evaluate_options));
      return 0;
    }
    if (*compare_cmd && io::is_study(compare_path)) {
      const io::Study study = io::read_study(compare_path);
      std::cout << format_study_indices(study) << "\n" << format_study_bands(study);
      return 0;
    }
    if (*compare_cmd) {
      const sim::Results results = read_whole_run(compare_path);
      std::optional<std::size_t> baseline;
      if (!compare_baseline.empty()) baseline = arm_index(results, compare_baseline);
      if (compare_over_time) {
        if (!compare_csv)
          throw sim::InputError(sim::Location{"--over-time"}, "",
                                "writes one row per sample and region: add --csv");
        std::cout << format_over_time_csv(
            results, compare_metrics.empty() ? default_outcomes(results, loader) : compare_metrics,
            baseline);
        return 0;
      }
      const std::vector<ComparisonRow> rows = compare_arms(
          results, compare_metrics.empty() ? default_outcomes(results, loader) : compare_metrics,
          baseline);
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
