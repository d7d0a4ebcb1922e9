#include "memory.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/runner.hpp"

namespace kyosei::app {

namespace {

// A number from the first line of `path` ("max" or unreadable: nothing).
std::uint64_t read_number(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return 0;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {
    return 0;
  }
}

std::string gigabytes(std::uint64_t bytes) {
  std::ostringstream out;
  out.precision(bytes < 10'000'000'000ull ? 2 : 3);
  out << static_cast<double>(bytes) / 1e9 << " GB";
  return out.str();
}

}  // namespace

void return_large_blocks_to_the_system() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);  // [bytes] glibc's default, now fixed
#endif
}

std::uint64_t available_memory() {
  std::uint64_t available = 0;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    std::uint64_t kib = 0;
    meminfo >> kib;
    if (key == "MemAvailable:") available = kib * 1024;
    meminfo.ignore(1 << 10, '\n');
  }
  // cgroup v2: a container's limit can be far below the machine's memory.
  const std::uint64_t limit = read_number("/sys/fs/cgroup/memory.max");
  const std::uint64_t used = read_number("/sys/fs/cgroup/memory.current");
  if (limit > 0) {
    const std::uint64_t left = limit > used ? limit - used : 0;
    available = available == 0 ? left : std::min(available, left);
  }
  return available;
}

MemoryPlan plan_memory(const sim::PreparedScenario& scenario, std::size_t simulations,
                       std::size_t warmups, std::uint64_t available) {
  MemoryPlan plan;
  plan.available = available;
  for (const sim::PreparedArm& arm : scenario.arms)
    if (const sim::EstimatesMemory* estimate = sim::capability<sim::EstimatesMemory>(*arm.model))
      plan.per_simulation =
          std::max(plan.per_simulation, estimate->estimated_bytes(scenario.settings.days));
  const sim::ArmModel& first = *scenario.arms.front().model;
  const std::uint64_t samples = static_cast<std::uint64_t>(sim::sample_days(scenario).size());
  plan.results = first.metrics().size() * first.regions().size() * samples * scenario.arms.size() *
                 static_cast<std::uint64_t>(scenario.settings.replicates) * sizeof(double);
  // A warm-up's state, copied for its arms, is at most what a simulation holds (measured about
  // 50 bytes per resident against 98-127).
  const std::uint64_t copies = warmups > 0 ? 1 : 0;
  const int wanted = static_cast<int>(std::max<std::size_t>(1, simulations + warmups));
  plan.concurrent = wanted;
  if (available == 0 || plan.per_simulation == 0) return plan;
  const std::uint64_t fixed = plan.results + (64ull << 20);  // program, libraries, scenario
  if (fixed + plan.per_simulation > available)
    throw sim::InputError(
        "scenario '" + scenario.settings.name + "' needs an estimated " +
        gigabytes(fixed + plan.per_simulation) + " for one simulation (" +
        gigabytes(plan.per_simulation) + " of state at its peak, " + gigabytes(fixed) +
        " for results and the program); " + gigabytes(available) +
        " is available: run fewer municipalities or a smaller population, or use a "
        "larger machine (--memory-gb sets what kyosei may use)");
  if (fixed + (1 + copies) * plan.per_simulation > available)
    throw sim::InputError("scenario '" + scenario.settings.name + "' needs an estimated " +
                          gigabytes(fixed + 2 * plan.per_simulation) +
                          " for one simulation and its warm-up's state (" +
                          gigabytes(plan.per_simulation) + " each at most); " +
                          gigabytes(available) +
                          " is available: set warmup_years: 0, or use a larger machine "
                          "(--memory-gb sets what kyosei may use)");
  plan.concurrent = static_cast<int>(std::min<std::uint64_t>(
      static_cast<std::uint64_t>(wanted), (available - fixed) / plan.per_simulation));
  return plan;
}

}  // namespace kyosei::app
