// `kyosei run`: signals, progress, checkpoints, the memory plan, MPI and the file.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>

#include "commands.hpp"
#include "interrupt.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/checkpoint.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/notes.hpp"
#include "kyosei/sim/runner.hpp"
#include "memory.hpp"
#include "summary.hpp"

namespace kyosei::app {

namespace {

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

}  // namespace

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
        const sim::Workload mine = sim::workload(scenario, cluster.rank(), cluster.size());
        const std::uint64_t budget =
            args.memory_gb > 0
                ? static_cast<std::uint64_t>(args.memory_gb * 1e9)
                : available_memory() / static_cast<std::uint64_t>(cluster.local_size());
        memory = plan_memory(scenario, mine.simulations, mine.warmups, budget);
        if (memory.concurrent < static_cast<int>(std::min<std::size_t>(
                                    mine.simulations, static_cast<std::size_t>(args.threads))))
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
        sim::RunOptions options{args.threads, &stop_requested, &progress, args.export_graph,
                                args.export_graph_day};
        options.checkpoint = checkpoint ? &*checkpoint : nullptr;
        options.resume = !args.resume.empty();
        options.stop_after_days = args.stop_after_days;
        options.concurrent = memory.concurrent;
        options.rank = cluster.rank();
        options.ranks = cluster.size();
        ProgressLine line(
            progress,
            cluster.root() ? sim::workload(scenario, cluster.rank(), cluster.size()).days : 0);
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

}  // namespace kyosei::app
