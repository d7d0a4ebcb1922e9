#pragma once
// Everything a run produces, held in memory in the order of the HDF5 file's dimensions.
// The engine fills it; sinks (the HDF5 writer) and readers (`kyosei info`, `compare`) use it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kyosei::sim {

// How a metric aggregates over an output interval and up the region hierarchy.
enum class MetricKind {
  count,  // events summed over the interval, summed over child regions
  level,  // value at the sample time, summed over child regions
  ratio,  // numerator / denominator, each aggregated first (0 when the denominator is 0)
};

const char* to_string(MetricKind kind);
MetricKind metric_kind_from_string(const std::string& text);  // throws std::invalid_argument

struct MetricInfo {
  std::string name;       // `/series/<name>`, e.g. "infections"
  std::string units;      // CF units, e.g. "1", "persons", "days"
  std::string long_name;  // one-line description
  MetricKind kind = MetricKind::count;
  std::string numerator;    // ratio only: the metrics divided
  std::string denominator;  // ratio only
};

// One row of the region dimension. Parents come before their children.
struct RegionInfo {
  std::string name;    // unique, e.g. "north/east"
  std::string level;   // the model's name for its level, e.g. "total"
  std::string parent;  // enclosing region's name; empty for the total
};

// A fixed property of every region in one arm, e.g. the year a unit's treatment starts or
// its size: what a researcher observes about units besides their outcomes.
// Written as `/traits/<name>`, [arm, region].
struct TraitInfo {
  std::string name;
  std::string units;
  std::string long_name;
  bool operator==(const TraitInfo&) const = default;
};

// How a ledger is laid out: its programs (what the money is for), its funders (who pays),
// the currency of every amount and the month each accounting year starts in.
struct LedgerLayout {
  std::vector<std::string> programs;
  std::vector<std::string> funders;
  std::string currency;           // CF units of every amount
  unsigned year_first_month = 1;  // [1-12] accounting years start on day 1 of this month
  bool empty() const { return programs.empty() || funders.empty(); }
  bool operator==(const LedgerLayout&) const = default;
};

// A number describing the run as a whole, e.g. the graph's mean degree at the start:
// written as attribute `name` of group `/<group>`.
struct Annotation {
  std::string group;
  std::string name;
  double value = 0;
  bool operator==(const Annotation&) const = default;
};

struct Results {
  // Provenance, written as root attributes.
  std::string kyosei_version;
  std::string scenario_name;
  std::string scenario_yaml;  // the resolved scenario, `/scenario`
  std::string start_date;     // ISO date of day 0, e.g. "2018-04-01"
  std::string created_utc;    // ISO 8601, e.g. "2026-11-26T19:00:00Z"
  std::uint64_t seed = 0;
  int threads = 1;  // per process
  int ranks = 1;    // MPI processes that shared the run
  // A shard's file (`kyosei run --shard I/N`) holds only shard `shard` of `shards` (1-based):
  // the other simulations' values are zero until `kyosei merge` joins the shards (root
  // attributes `shard`, `shards`; 0 and 0 for a whole run).
  int shard = 0, shards = 0;
  // Every arm of a replicate drew the same random numbers, so arm differences pair by
  // replicate (root attribute `common_random_numbers`; files without it: independent arms).
  bool common_random_numbers = false;

  // Dimensions.
  std::vector<std::string> arms;
  // Years each simulation ran before start_date, unrecorded (root attribute `warmup_years`;
  // files without it: none).
  int warmup_years = 0;
  int baseline = 0;  // the arm the others are compared with (root attribute `baseline`: its name)
  int replicates = 0;
  std::vector<std::int32_t> times;  // [days since start_date] at each sample
  std::string sampling;             // which days those are: "month", "quarter", "30 days", ...
  std::vector<RegionInfo> regions;

  // One entry per metric; series[m] has arms × replicates × times × regions values,
  // row-major in that order.
  std::vector<MetricInfo> metrics;
  std::vector<std::vector<double>> series;

  std::vector<Annotation> annotations;  // grouped by `group`, in the order given
  // Region traits: trait_values[k] has arms × regions values, row-major.
  std::vector<TraitInfo> traits;
  std::vector<std::vector<double>> trait_values;
  // `/counterfactual_of`, one per arm: for a twin arm (`run --counterfactual`), the arm whose
  // random numbers it shares and whose treatment it withholds; -1 for every other arm.
  std::vector<std::int32_t> counterfactual_of;

  // The ledger, `/ledger`: amounts in the layout's currency,
  // [arm][replicate][year][region][program][funder]. Empty when the model keeps none.
  LedgerLayout ledger_layout;
  std::vector<std::int32_t> ledger_years;  // accounting years, named by the year they start in
  std::vector<double> ledger;
  std::size_t ledger_index(std::size_t arm, std::size_t replicate, std::size_t year,
                           std::size_t region, std::size_t program, std::size_t funder) const {
    return ((((arm * static_cast<std::size_t>(replicates) + replicate) * ledger_years.size() +
              year) *
                 regions.size() +
             region) *
                ledger_layout.programs.size() +
            program) *
               ledger_layout.funders.size() +
           funder;
  }

  std::size_t values_per_metric() const {
    return arms.size() * static_cast<std::size_t>(replicates) * times.size() * regions.size();
  }
  std::size_t index(std::size_t arm, std::size_t replicate, std::size_t time,
                    std::size_t region) const {
    return ((arm * static_cast<std::size_t>(replicates) + replicate) * times.size() + time) *
               regions.size() +
           region;
  }
  // Index of a metric by name, or -1.
  int metric_index(const std::string& name) const;
  // Index of a trait by name, or -1.
  int trait_index(const std::string& name) const;
};

// Where a run's Results go once gathered. The engine knows no file format: the HDF5 file
// (kyosei/io/hdf5.hpp) is one sink; others (a database, a network peer) can be added beside it.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Writes everything or nothing: a sink that fails leaves no partial output behind.
  virtual void write(const Results& results) = 0;
};

}  // namespace kyosei::sim
