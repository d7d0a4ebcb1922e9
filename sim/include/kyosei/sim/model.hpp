#pragma once
// What the engine asks of a model. Three roles are kept apart (as in FLAME GPU 2 and
// Arbor's recipes): a ModelLoader reads and validates a scenario arm into an ArmModel, the
// frozen description of that arm; an ArmModel instantiates one Replicate per random
// stream; a Replicate is the running state, whose day is an ordered list of phases.
//
// Every model has those three. What only some models can do (keep a ledger, describe their
// regions by traits, withhold a treatment for a counterfactual, write checkpoints, export a
// graph) is a small capability interface of its own, which a model's class derives from or
// not; the engine asks for one with `capability<C>(object)` and treats a null answer as
// "this model cannot", with a message at the place that needed it.

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

// When output samples are taken (`output.interval`): on the first day of each calendar month,
// each quarter (January, April, July, October) or each accounting year (the month the model's
// ledger starts its year in; January without a ledger), or every `days` days. The first sample
// is the start, the last the end; counts are summed over the days in between.
struct Sampling {
  enum class Every { month, quarter, accounting_year, days };
  Every every = Every::month;
  int days = 0;  // [days] Every::days only
  bool operator==(const Sampling&) const = default;
};
std::string to_string(const Sampling& sampling);  // "month", "quarter", "fiscal_year", "30 days"

// Engine settings every scenario carries, read by the engine before the model's keys.
struct RunSettings {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  Date start_date;
  int years = 0;
  int days = 0;  // [days] simulated: `years` calendar years from start_date
  // Years simulated before start_date, without output or ledger, so that the run starts in
  // the state its dynamics hold (0: none); warmup_days is their length [days].
  int warmup_years = 0;
  int warmup_days = 0;  // [days]
  int replicates = 0;
  Sampling sampling;
  bool counterfactual = false;  // add each arm's twin with its treatment withheld
  std::string baseline;         // the arm others are compared with; empty: the first

  bool operator==(const RunSettings&) const = default;

  // The simulations' clock: day 0 starts the warm-up, output_start() is start_date.
  Clock clock() const {
    return Clock(years_before(start_date, warmup_years), warmup_days + days, warmup_days);
  }
  // The output's clock: day 0 is start_date (the days of `/time`).
  Clock output_clock() const { return Clock(start_date, days); }
};

// What the engine says about the arm it asks a loader to read.
struct ArmRole {
  // A counterfactual twin: the arm as written, with every treatment its model applies
  // withheld (the loader decides what that means), drawing the arm's random numbers.
  bool counterfactual = false;
};

// The capability `C` of `object`, or null when its model does not have it.
template <class C, class T>
const C* capability(const T& object) {
  return dynamic_cast<const C*>(&object);
}
template <class C, class T>
C* capability(T& object) {
  return dynamic_cast<C*>(&object);
}

class Replicate {
 public:
  virtual ~Replicate() = default;
  // Declares the day's phases in order; tasks record counts into `recorder`. Only declares:
  // nothing is drawn or changed until start().
  virtual void describe_step(Schedule& schedule, MetricRecorder& recorder) = 0;
  // Brings the state to day 0 (what is drawn before the first step), once, after
  // describe_step and before the first observe.
  virtual void start() = 0;
  // Sets level metrics for the sample being taken (called at day 0 and each interval end).
  virtual void observe(MetricRecorder& recorder) const = 0;
  // A replicate that counts in recorders of its own (one per partition of a split simulation)
  // adds what they hold to `recorder` and empties them. The engine calls it before every
  // sample (and so before it forgets a warm-up's counts); checkpoints save what the replicate
  // holds as part of its state.
  virtual void hand_over_counts(MetricRecorder& /*recorder*/) {}
};

// Replicate capabilities.

// What a replicate built that the arms continuing from its warm-up would build again, and can
// share instead (a town's social graph): the engine holds it while they begin.
class SharesBuilt {
 public:
  virtual ~SharesBuilt() = default;
  virtual std::shared_ptr<const void> built() const = 0;
};

class Annotates {
 public:
  virtual ~Annotates() = default;
  // Numbers describing the start of the run (e.g. the social graph's mean degree); asked of
  // arm 0, replicate 0 only, after start().
  virtual void annotate(std::vector<Annotation>& out) const = 0;
};

class KeepsLedger {
 public:
  virtual ~KeepsLedger() = default;
  // The run's ledger, laid out as the arm's HasLedger says (read once the run is over).
  virtual const LedgerBook& ledger() const = 0;
};

class ExportsGraph {
 public:
  virtual ~ExportsGraph() = default;
  // Writes the model's network as GraphML. Asked of arm 0, replicate 0 only.
  virtual void export_graph(const std::string& path) const = 0;
};

class Checkpointable {
 public:
  virtual ~Checkpointable() = default;
  // Everything that changes as the replicate runs. `load` is called on a replicate freshly
  // instantiated with the same key, described and started, so what never changes after the
  // start (a static graph, configuration) need not be written. A warm-up's state may come
  // from another arm's model (SharesWarmup): `load` then takes up this arm's own settings.
  virtual void save(Saver& out) const = 0;
  virtual void load(Loader& in) = 0;
};

class ArmModel {
 public:
  virtual ~ArmModel() = default;
  virtual const RegionTable& regions() const = 0;
  virtual const MetricRegistry& metrics() const = 0;
  virtual std::unique_ptr<Replicate> instantiate(const StreamKey& key,
                                                 const Clock& clock) const = 0;
};

// ArmModel capabilities.
class EstimatesMemory {
 public:
  virtual ~EstimatesMemory() = default;
  // Peak bytes one simulation of `days` days holds (the memory plan refuses runs that
  // cannot fit and runs fewer at once when memory is short).
  virtual std::uint64_t estimated_bytes(int days) const = 0;
};

class HasLedger {
 public:
  virtual ~HasLedger() = default;
  // Programs, funders, currency and accounting year of the ledger its replicates keep
  // (they implement KeepsLedger).
  virtual LedgerLayout ledger_layout() const = 0;
};

// A fixed property of each region (one value per region, in regions() order), written to
// `/traits`.
struct Trait {
  TraitInfo info;
  std::vector<double> values;
};

class HasTraits {
 public:
  virtual ~HasTraits() = default;
  virtual std::vector<Trait> traits() const = 0;
};

class HasTreatment {
 public:
  virtual ~HasTreatment() = default;
  // True when the arm applies a treatment somewhere, so that its counterfactual twin (the
  // same arm read with ArmRole::counterfactual) differs from it.
  virtual bool treats() const = 0;
};

class SharesWarmup {
 public:
  virtual ~SharesWarmup() = default;
  // Called on warm-up models (arms read as their counterfactual: every treatment withheld).
  // True when this arm's replicates may start from the state a warm-up of `other` leaves: the
  // same world, so that the warm-up is their common past; what the arms may still differ in
  // (standing settings, e.g. how many agents serve) their replicates take up when they load that
  // state (Checkpointable::load). Models without this capability warm up each arm on its own.
  virtual bool warms_up_as(const ArmModel& other) const = 0;
};

// How a model's results describe a staggered treatment, for estimators that read a results
// file: the region level that is a unit of treatment, the trait that holds the accounting
// year each unit's treatment starts (0: never), the trait that holds the year anticipation
// starts (0: none; empty when the model has no anticipation), and the month each
// accounting year starts in.
struct TreatmentDesign {
  std::string unit_level;
  std::string start_trait;
  std::string anticipation_trait;
  unsigned year_first_month = 1;  // [1-12]
  bool empty() const { return unit_level.empty() || start_trait.empty(); }
};

// What the application needs to present a model's results.
struct ModelDescription {
  std::vector<std::string> key_outcomes;  // metrics `compare` and `run` show when none are named
  // The key that defines the regions, named when arms disagree on them.
  std::string regions_key;
  // The level metric that counts the people in a region, for figures per person; empty for
  // none.
  std::string size_metric;
  // The ledger funder whose cost per person (per unit of size_metric) the budget reports;
  // empty for none.
  std::string per_capita_funder;
  TreatmentDesign treatment;  // empty when the model has none
  // `warmup_years` of a scenario that does not set it; > 0 needs Checkpointable replicates,
  // whose state the warm-up hands to each arm.
  int warmup_years = 0;
};

// One figure `kyosei check` compares with its published value: the model's value in each
// replicate of the scenario's first arm, the published value, and the band a mean must fall in.
struct PublishedCheck {
  std::string figure;              // what is compared, e.g. "care certification rate, 65+"
  std::string units;               // of every number below, e.g. "%"
  std::vector<double> replicates;  // the model's value in each replicate
  double published = 0;
  double low = 0, high = 0;  // the tolerance band
  std::string tolerance;     // how the band is set, e.g. "±20%" or "prefectures' range"
  std::string source;        // where the published value comes from
};

class ModelLoader;

// A ModelLoader capability: the figures a run of its model can be checked against.
class ChecksAgainstPublished {
 public:
  virtual ~ChecksAgainstPublished() = default;
  // The checks that apply to `first_arm` (the results of a scenario's first arm alone).
  virtual std::vector<PublishedCheck> published_checks(const Results& first_arm) const = 0;
};

class ModelLoader {
 public:
  virtual ~ModelLoader() = default;
  // Reads every model key of one arm's resolved scenario; throws InputError on bad input.
  virtual std::unique_ptr<ArmModel> load(const ConfigReader& scenario, const RunSettings& settings,
                                         const ArmRole& role) const = 0;
  // The scenario `kyosei run` uses when given none, and the name it reports it under.
  virtual std::string_view default_scenario() const = 0;
  virtual std::string default_scenario_source() const = 0;
  virtual ModelDescription description() const = 0;
  // The model's assumed values with the ranges a sensitivity study explores (`kyosei
  // sensitivity --assumptions`), as YAML shaped like a scenario's `uncertain:` mapping under
  // a top-level `uncertain` key; empty when the model states none.
  virtual std::string_view assumptions() const { return {}; }
  virtual std::string assumptions_source() const { return "<embedded>/assumptions.yaml"; }
};

}  // namespace kyosei::sim
