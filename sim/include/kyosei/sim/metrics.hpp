#pragma once
// The metric registry and recorder. A model declares each metric once (name, units, long
// name, kind), then records values per region while it runs; the engine closes an output
// interval by rolling regions up to their parents and computing ratios. Models never see
// how or where results are written.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "kyosei/sim/results.hpp"

namespace kyosei::sim {

// Regions form a tree: the scenario-wide total, then the model's levels (say, towns and their
// districts). Parents are added before their children, so a reverse sweep rolls values up in
// one pass.
class RegionTable {
 public:
  static constexpr int no_parent = -1;

  // Returns the new region's index. Throws std::invalid_argument for a duplicate name or a
  // parent that does not exist yet.
  int add(std::string name, std::string level, int parent);

  std::size_t size() const { return regions_.size(); }
  const RegionInfo& info(int region) const { return regions_[region]; }
  int parent(int region) const { return parents_[region]; }
  const std::vector<RegionInfo>& infos() const { return regions_; }
  bool operator==(const RegionTable& other) const;

 private:
  std::vector<RegionInfo> regions_;
  std::vector<int> parents_;
  std::unordered_set<std::string> names_;  // a large model has thousands of regions
};

struct MetricId {
  std::uint32_t index = 0;
};

class MetricRegistry {
 public:
  MetricId count(std::string name, std::string units, std::string long_name);
  MetricId level(std::string name, std::string units, std::string long_name);
  // numerator / denominator, each rolled up over regions first; 0 where the denominator is 0.
  MetricId ratio(std::string name, std::string units, std::string long_name, MetricId numerator,
                 MetricId denominator);

  std::size_t size() const { return infos_.size(); }
  const MetricInfo& info(MetricId id) const { return infos_[id.index]; }
  const std::vector<MetricInfo>& infos() const { return infos_; }
  std::optional<MetricId> find(const std::string& name) const;

 private:
  MetricId declare(MetricInfo info);
  std::vector<MetricInfo> infos_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ratio_parts_;  // per metric; ratios only

  friend class MetricRecorder;
};

// Values of one run (one arm and replicate). Not thread-safe: models record from their
// serial resolve phases or after a deterministic reduction.
class MetricRecorder {
 public:
  MetricRecorder(const MetricRegistry& registry, const RegionTable& regions);

  // Adds events of a count metric to the open interval.
  void add(MetricId metric, int region, double value) { open_[slot(metric, region)] += value; }
  // Sets a level metric for the coming sample; call from the model's observe().
  void set(MetricId metric, int region, double value) { open_[slot(metric, region)] = value; }

  // Closes the open interval: rolls every region into its parent, computes ratios, appends
  // one sample and starts a new interval with zeros.
  void sample();

  // Forgets what the open interval holds (the warm-up's counts, before the first sample).
  void discard_open() { std::fill(open_.begin(), open_.end(), 0.0); }

  // Adds what `part`'s open interval holds, region r of `part` at region `region_of[r]` here
  // (both on this registry), and empties it: a simulation split into partitions counts in a
  // recorder per partition and hands the counts over before each sample. Regions of one
  // partition are its own, so the sum at a region does not depend on the order partitions
  // hand over in; only the regions they share (the total) add up in it, and they record
  // nothing there themselves.
  void take_open(MetricRecorder& part, const std::vector<int>& region_of);
  // The open interval, [metric][region] (MPI moves it between ranks).
  std::vector<double>& open() { return open_; }

  std::size_t samples() const { return samples_; }
  // All samples of a metric, [sample][region] row-major.
  const std::vector<double>& history(MetricId metric) const { return history_[metric.index]; }
  template <class A>
  void archive(A& a) {
    a(open_, history_, samples_);
  }

 private:
  std::size_t slot(MetricId metric, int region) const {
    return static_cast<std::size_t>(metric.index) * regions_->size() +
           static_cast<std::size_t>(region);
  }

  const MetricRegistry* registry_;
  const RegionTable* regions_;
  std::vector<double> open_;                  // [metric][region] of the open interval
  std::vector<std::vector<double>> history_;  // [metric] -> [sample][region]
  std::size_t samples_ = 0;
};

}  // namespace kyosei::sim
