// `kyosei run`: signals, progress, checkpoints, the memory plan, MPI and the file.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <utility>

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

// "I/N" of --shard as (I - 1, N); none: (0, 1).
std::pair<int, int> parse_shard(const std::string& text) {
  if (text.empty()) return {0, 1};
  const auto bad = [&] {
    return sim::InputError(sim::Location{"--shard " + text}, "",
                           "expected I/N, the I-th of N shares with 1 <= I <= N (e.g. 3/10)");
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  const auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 6 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      throw bad();
    return std::stoi(part);
  };
  const int i = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
  if (i < 1 || i > n) throw bad();
  return {i - 1, n};
}

// A shard's file already holds this shard of this scenario, complete: a rerun of the job
// array skips it.
bool shard_done(const std::string& output, const sim::PreparedScenario& scenario, int shard,
                int shards) {
  if (!std::filesystem::exists(output)) return false;
  sim::Results done;
  try {
    done = io::read_hdf5(output);
  } catch (const std::exception&) {
    return false;  // not a result (a damaged file is written again)
  }
  return done.shards == shards && done.shard == shard + 1 &&
         done.scenario_yaml == sim::to_yaml(scenario.source.resolved) &&
         done.kyosei_version == KYOSEI_VERSION;
}

// How many ranks share each simulation: every rank runs whole simulations while there are as
// many as ranks; with fewer, ranks form groups that spread each over themselves (the model
// must spread, and not further than its parts). Checkpoints and graph exports are written by
// one process per simulation, so those runs keep simulations whole.
int ranks_per_simulation(const sim::PreparedScenario& scenario, const sim::Placement& shard,
                         const RunArgs& args, int ranks) {
  std::size_t simulations = 0;
  const std::size_t runs =
      scenario.arms.size() * static_cast<std::size_t>(scenario.settings.replicates);
  for (std::size_t run = 0; run < runs; ++run) simulations += shard.in_shard(run);
  if (ranks <= 1 || simulations >= static_cast<std::size_t>(ranks) || simulations == 0) return 1;
  const auto* spreads = sim::capability<sim::SpreadsOverRanks>(*scenario.arms.front().model);
  if (!spreads || spreads->parts() < 2) return 1;
  if (!args.checkpoint.empty() || !args.resume.empty() || !args.export_graph.empty()) {
    sim::note(
        "each simulation runs whole on one rank: checkpoints and graph exports are "
        "written by the rank that holds it");
    return 1;
  }
  const std::size_t per = static_cast<std::size_t>(ranks) / simulations;
  return static_cast<int>(std::min(per, spreads->parts()));
}

}  // namespace

int command_run(const RunArgs& args, const sim::ModelLoader& loader, Cluster& cluster) {
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
  // Plain ints, not a structured binding: the lambdas below capture them (Clang 14).
  const std::pair<int, int> share = parse_shard(args.shard);
  const int shard = share.first, shards = share.second;

  // Every rank reads the scenario; the root alone checks and writes the output and creates
  // the checkpoint directory, which the other ranks open once it exists.
  sim::PreparedScenario scenario;
  std::string output;
  std::optional<sim::CheckpointDirectory> checkpoint;
  MemoryPlan memory;
  int per_simulation = 1;      // ranks sharing each simulation
  constexpr int skipped = -1;  // a finished shard: nothing to do
  int status = guarded(
      [&] {
        if (!args.resume.empty()) {
          checkpoint = sim::CheckpointDirectory::open(args.resume);
          scenario = sim::prepare_scenario(resume_source(args, *checkpoint), loader);
        } else {
          scenario = sim::prepare_scenario(load_source(args.scenario, assignments, loader), loader);
        }
        output = args.output.empty() ? scenario.settings.name + ".h5" : args.output;
        if (!args.shard.empty() && shard_done(output, scenario, shard, shards)) {
          if (cluster.root())
            std::cout << "shard " << args.shard << " is already in " << output << ": skipped\n";
          return skipped;
        }
        per_simulation =
            ranks_per_simulation(scenario, cluster.placement(shard, shards), args, cluster.size());
        sim::Placement placement = cluster.placement(shard, shards);
        placement.groups = cluster.size() / per_simulation;
        placement.group = cluster.rank() / per_simulation;
        const sim::Workload mine = sim::workload(scenario, placement);
        // A rank holds its share of each simulation it spreads.
        const std::uint64_t budget =
            (args.memory_gb > 0
                 ? static_cast<std::uint64_t>(args.memory_gb * 1e9)
                 : available_memory() / static_cast<std::uint64_t>(cluster.local_size())) *
            static_cast<std::uint64_t>(per_simulation);
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
  if ((status = cluster.agree(status)) == skipped) return 0;
  if (status != 0) return status;
  cluster.form_groups(per_simulation);
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
        options.placement = cluster.placement(shard, shards);
        options.spread = cluster.spread();
        ProgressLine line(progress,
                          cluster.root() ? sim::workload(scenario, options.placement).days : 0);
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
  cluster.gather(results, cluster.placement(shard, shards));
  if (!cluster.root()) return 0;
  results.ranks = cluster.size();
  if (shards > 1 || !args.shard.empty()) {
    results.shard = shard + 1;
    results.shards = shards;
  }
  io::Hdf5File(output).write(results);
  if (!args.quiet)
    std::cout << format_comparison(results,
                                   compare_arms(results, default_outcomes(results, loader)));
  std::cout << "wrote " << output << "\n";
  return 0;
}

}  // namespace kyosei::app
