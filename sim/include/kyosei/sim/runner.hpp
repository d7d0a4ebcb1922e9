#pragma once
// Runs every arm × replicate of a prepared scenario and gathers the results. Simulations
// are independent (each has its own random stream key), so they run concurrently on a
// oneTBB arena of `threads` workers while each also parallelises its own loops; results
// do not depend on the thread count.

#include <atomic>
#include <string>
#include <vector>

#include "kyosei/sim/checkpoint.hpp"
#include "kyosei/sim/results.hpp"
#include "kyosei/sim/scenario.hpp"
#include "kyosei/sim/spread.hpp"

namespace kyosei::sim {

// The rank that runs item `k` (a simulation, a study's point) among `ranks`: round robin, so
// arms and replicates spread evenly and item 0 stays on the root.
inline int owner_of(std::size_t k, int ranks) {
  return static_cast<int>(k % static_cast<std::size_t>(ranks));
}

// Which simulations (runs: arm × replicates + replicate) a process runs. A run belongs to
// shard `run % shards` (`kyosei run --shard`, one batch job each); within its shard, its k-th
// run (k = run / shards) belongs to rank group `k % groups` (MPI ranks, one group each or a few
// ranks sharing every simulation of the group, spread.hpp).
struct Placement {
  int shard = 0, shards = 1;
  int group = 0, groups = 1;
  bool in_shard(std::size_t run) const { return owner_of(run, shards) == shard; }
  // The group of this shard that runs `run` (one of the shard's).
  int group_of(std::size_t run) const {
    return owner_of(run / static_cast<std::size_t>(shards), groups);
  }
  bool runs(std::size_t run) const { return in_shard(run) && group_of(run) == group; }
};

struct RunOptions {
  int threads = 1;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: stop at a step boundary
  std::atomic<long>* progress = nullptr;    // [days] simulated so far, summed over simulations
  std::string export_graph;   // GraphML of arm 0, replicate 0, if set: at the end of its run,
  int export_graph_day = -1;  // or after this many days from the start date (0: the start)
  // Checkpoints (checkpoint.hpp): written at each year boundary, on interrupt and at the end
  // when set; with `resume`, each simulation first continues from its file there.
  const CheckpointDirectory* checkpoint = nullptr;
  bool resume = false;
  int stop_after_days = 0;  // > 0: every simulation stops there (checkpointed), unfinished
  int concurrent = 0;       // > 0: at most this many simulations at once, a warm-up's copied state
                            // counting as one (memory.hpp)
  Placement placement;      // the simulations this process runs; the rest stay zero
  // The ranks this process shares each of its simulations with, spread over them by partition
  // (spread.hpp); null: it runs them alone.
  const RankGroup* spread = nullptr;
};

// The rank that runs item `k` (a simulation, a study's point) among `ranks`: round robin, so
// arms and replicates spread evenly and item 0 stays on the root.

// Runs this rank's simulations. With a warm-up, each replicate first simulates each warm-up
// group's warm-up once (PreparedScenario::warmups), from warmup_years before start_date
// to it, and every arm of the group continues from that state; samples, counts and the
// ledger begin at start_date.
Results run_scenario(const PreparedScenario& scenario, const RunOptions& options);

// What a process placed so runs: its simulations, the warm-ups they start from (one per
// replicate and warm-up group) and the days simulated in all, warm-ups included (progress).
struct Workload {
  std::size_t simulations = 0;
  std::size_t warmups = 0;
  long days = 0;  // [days]
};
Workload workload(const PreparedScenario& scenario, const Placement& placement = {});

// The days the scenario's samples are taken, from start_date (its output.interval;
// accounting years start in the month of the first arm's ledger, January without one).
std::vector<int> sample_days(const PreparedScenario& scenario);

// The time now as ISO 8601 UTC, e.g. "2026-11-26T19:00:00Z" (a file's created_utc).
std::string utc_now();

// Fills provenance, dimensions and metric descriptions, with every series value zero.
Results empty_results(const PreparedScenario& scenario, int threads);

}  // namespace kyosei::sim
