#pragma once
// One simulation: an arm's model instantiated for one replicate, stepped day by day and
// sampled at the end of every output interval. Running in chunks (run_until(100), then
// run_until(365)) gives exactly what one run_until(365) gives. Days are the clock's: with a
// warm-up, the first sample is taken at output_start(), and nothing counted before it is
// kept. A simulation may continue from another's snapshot (the warm-up every arm of a
// replicate starts from).

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "kyosei/sim/model.hpp"
#include "kyosei/sim/spread.hpp"

namespace kyosei::sim {

// Sample times [days since start]: 0, then every `interval` days, and the last day even
// when the run is not a whole number of intervals.
std::vector<int> sample_days(int days, int interval);
// Sample times of `sampling` over the clock's days: 0, each day that starts a period (months,
// quarters, accounting years starting in `year_first_month`) and the last day.
std::vector<int> sample_days(const Clock& clock, const Sampling& sampling,
                             unsigned year_first_month);

class Simulation {
 public:
  // `samples`: the days a sample is taken (sample_days), output_start() first. With `spread`
  // (of more than one rank), this rank's share of the simulation (spread.hpp): the model must
  // spread; the group's ranks construct and step their simulations together.
  Simulation(const ArmModel& model, const StreamKey& key, const Clock& clock,
             std::vector<int> samples, const RankGroup* spread = nullptr);

  // The replicate's state now, for a simulation of the same key and clock to continue from
  // (its model must be Checkpointable).
  std::string snapshot() const;
  // Takes over `snapshot`'s day and state, as if this simulation had run until then; a
  // sample due that day (the first) is taken. Called before the first run_until.
  void continue_from(const std::string& snapshot);

  // Steps until `day` (at most the clock's end). Checks `stop` at every step boundary and
  // throws Interrupted when it is set, or when the parallel loop running this simulation is
  // being cancelled (parallel.hpp); adds one to `progress` per simulated day.
  void run_until(int day, const std::atomic<bool>* stop = nullptr,
                 std::atomic<long>* progress = nullptr);

  // The engine's part of a checkpoint (day, samples so far) and the replicate's.
  void save(Saver& out) const;
  void load(Loader& in);

  int day() const { return day_; }
  const MetricRecorder& recorder() const { return recorder_; }
  const Schedule& schedule() const { return schedule_; }
  const Replicate& state() const { return *state_; }

 private:
  Clock clock_;
  std::vector<int> samples_;
  std::size_t next_sample_ = 0;
  MetricRecorder recorder_;
  std::unique_ptr<Replicate> state_;
  Schedule schedule_;
  int day_ = 0;

  void sample_if_due();
};

}  // namespace kyosei::sim
