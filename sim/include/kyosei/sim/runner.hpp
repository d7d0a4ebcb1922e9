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

namespace kyosei::sim {

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
  int rank = 0;             // this process's rank among `ranks` sharing the scenario (MPI)
  int ranks = 1;            // it runs only the simulations owner_of assigns it; the rest stay zero
};

// The rank that runs simulation `run` (arm × replicates + replicate) among `ranks`: round
// robin, so arms and replicates spread evenly and simulation 0 stays on the root.
inline int owner_of(std::size_t run, int ranks) {
  return static_cast<int>(run % static_cast<std::size_t>(ranks));
}

// Runs this rank's simulations. With a warm-up, each replicate first simulates each warm-up
// group's warm-up once (PreparedScenario::warmups), from warmup_years before start_date
// to it, and every arm of the group continues from that state; samples, counts and the
// ledger begin at start_date.
Results run_scenario(const PreparedScenario& scenario, const RunOptions& options);

// What rank `rank` of `ranks` runs: its simulations, the warm-ups they start from (one per
// replicate and warm-up group) and the days simulated in all, warm-ups included (progress).
struct Workload {
  std::size_t simulations = 0;
  std::size_t warmups = 0;
  long days = 0;  // [days]
};
Workload workload(const PreparedScenario& scenario, int rank, int ranks);

// The days the scenario's samples are taken, from start_date (its output.interval;
// accounting years start in the month of the first arm's ledger, January without one).
std::vector<int> sample_days(const PreparedScenario& scenario);

// The time now as ISO 8601 UTC, e.g. "2026-11-26T19:00:00Z" (a file's created_utc).
std::string utc_now();

// Fills provenance, dimensions and metric descriptions, with every series value zero.
Results empty_results(const PreparedScenario& scenario, int threads);

}  // namespace kyosei::sim
