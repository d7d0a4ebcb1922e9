#pragma once
// Memory planning before a run allocates anything (DESIGN.md §7): each arm's model estimates
// the peak bytes of one simulation; the run then starts only as many simulations at once as
// the memory it may use holds, and a scenario of which not even one simulation fits is
// refused with the estimate in the message.

#include <cstdint>

#include "kyosei/sim/scenario.hpp"

namespace kyosei::app {

// Large blocks (a town's arrays) always come from and go back to the system. glibc otherwise
// raises its mmap threshold after each large free, so a finished simulation's arrays (a
// warm-up's town) stay in one thread's heap, where the arms built next on other threads cannot
// reuse them: city1m's peak was 375 MB against 279 MB with this. Call once, before any run.
void return_large_blocks_to_the_system();

// Bytes this process may use: the machine's MemAvailable, or its cgroup's limit less what the
// cgroup already uses when that is lower. 0 when neither can be read.
std::uint64_t available_memory();

struct MemoryPlan {
  std::uint64_t per_simulation = 0;  // [bytes] the largest arm's estimate
  std::uint64_t results = 0;         // [bytes] the series and ledger gathered for the file
  std::uint64_t available = 0;       // [bytes]
  // Simulation states held at once, a warm-up's state copied for its arms counting as one
  // (sim::RunOptions::concurrent): all that the run needs when memory allows.
  int concurrent = 1;
};

// Plans `simulations` simulations and the `warmups` they start from within `available` bytes
// (0: no limit known, so no limit). Throws InputError when one simulation alone does not fit,
// or, with warm-ups, one simulation and the warm-up's copy of its state.
MemoryPlan plan_memory(const sim::PreparedScenario& scenario, std::size_t simulations,
                       std::size_t warmups, std::uint64_t available);

}  // namespace kyosei::app
