#pragma once
// What the engine asks of a model. Three roles are kept apart (as in FLAME GPU 2 and
// Arbor's recipes): a ModelLoader reads and validates a scenario arm into an ArmModel, the
// frozen description of that arm; an ArmModel instantiates one Replicate per random
// stream; a Replicate is the running state, whose day is an ordered list of phases.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/ledger.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/results.hpp"
#include "kyosei/sim/schedule.hpp"

namespace kyosei::sim {

// Engine settings every scenario carries, read by the engine before the model's keys.
struct RunSettings {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  Date start_date;
  int years = 0;
  int days = 0;  // [days] simulated: `years` calendar years from start_date
  int replicates = 0;
  int interval_days = 0;        // [days] between output samples
  bool counterfactual = false;  // add each arm's twin without adoption (common random numbers)

  bool operator==(const RunSettings&) const = default;
};

class Replicate {
 public:
  virtual ~Replicate() = default;
  // Declares the day's phases in order; tasks record counts into `recorder`.
  virtual void describe_step(Schedule& schedule, MetricRecorder& recorder) = 0;
  // Sets level metrics for the sample being taken (called at day 0 and each interval end).
  virtual void observe(MetricRecorder& recorder) const = 0;
  // Numbers describing the start of the run (e.g. the social graph's mean degree); asked
  // of arm 0, replicate 0 only, before the first step.
  virtual void annotate(std::vector<Annotation>& out) const { (void)out; }
  // The run's fiscal ledger, if the model keeps one (read once the run is over).
  virtual const LedgerBook* ledger() const { return nullptr; }
  // Writes the model's network at the start as GraphML. Asked of arm 0, replicate 0 only.
  virtual void export_graph(const std::string& path) const {
    throw InputError(path + ": this model has no graph to export");
  }
  // Checkpoints: everything that changes as the replicate runs. `load` is called on a
  // replicate freshly instantiated with the same key and described, so what never changes
  // after the start (a static graph, configuration) need not be written.
  virtual void save(Saver& out) const {
    (void)out;
    throw InputError("this model cannot write checkpoints");
  }
  virtual void load(Loader& in) {
    (void)in;
    throw InputError("this model cannot read checkpoints");
  }
};

class ArmModel {
 public:
  virtual ~ArmModel() = default;
  virtual const RegionTable& regions() const = 0;
  virtual const MetricRegistry& metrics() const = 0;
  virtual std::unique_ptr<Replicate> instantiate(const StreamKey& key,
                                                 const Clock& clock) const = 0;
  // Peak bytes one simulation of `days` days holds (memory.hpp); 0 when unknown.
  virtual std::uint64_t estimated_bytes(int days) const {
    (void)days;
    return 0;
  }
  // Programs and payers of the fiscal ledger; empty when the model keeps none.
  virtual LedgerLayout ledger_layout() const { return {}; }
  // Fixed properties of each region (one value per region, in regions() order), written to
  // `/traits`. `kyosei evaluate` needs `adoption_year` (fiscal year, 0 for never).
  struct Trait {
    TraitInfo info;
    std::vector<double> values;
  };
  virtual std::vector<Trait> traits() const { return {}; }
  // True when some policy is adopted in this arm, so that its counterfactual twin differs.
  virtual bool adopts() const { return false; }
};

class ModelLoader {
 public:
  virtual ~ModelLoader() = default;
  // Reads every model key of one arm's resolved scenario; throws InputError on bad input.
  virtual std::unique_ptr<ArmModel> load(const ConfigReader& scenario,
                                         const RunSettings& settings) const = 0;
  // The scenario `kyosei run` uses when given none, and the name it reports it under.
  virtual std::string_view default_scenario() const = 0;
  virtual std::string default_scenario_source() const = 0;
  // Metrics `kyosei compare` and `kyosei run` show when none are named.
  virtual std::vector<std::string> key_outcomes() const = 0;
  // Turns one arm's resolved scenario into its counterfactual: the same arm with the policy
  // adopted nowhere. Models without a policy to withhold refuse.
  virtual void make_counterfactual(ConfigNode& arm) const {
    (void)arm;
    throw InputError("this model has no policy to withhold (counterfactual)");
  }
};

}  // namespace kyosei::sim
