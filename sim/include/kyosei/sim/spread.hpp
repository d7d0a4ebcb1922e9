#pragma once
// The ranks one simulation is spread over (MPI inside a simulation). A model whose replicate
// is made of partitions builds and steps only those its rank owns, exchanges what crosses
// partitions with the group once per step, and hands its counts to the group's first rank,
// which holds the simulation's results. Partitions are a function of the scenario alone and
// the exchange runs in partition order, so the file is the one a single process writes. The
// engine knows no MPI: the command line implements RankGroup with a communicator.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/random.hpp"

namespace kyosei::sim {

class Replicate;

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;  // within the group; rank 0 holds the results
  virtual int size() const = 0;
  // Sums `values` over the group into rank 0's copy. Each value is set by one rank and left 0
  // by the others, so the sum is that value, bit for bit, in any order of addition.
  virtual void sum_to_first(std::vector<double>& values) const = 0;
  // Every rank's `mine`, in rank order, on every rank.
  virtual std::vector<std::string> all_gather(const std::string& mine) const = 0;
};

// The first of `parts` parts (weighed by `weights`, in order) that rank `rank` of `ranks`
// owns: contiguous runs of parts of about equal weight, every rank at least one part while
// there are enough. Rank `ranks` gives the end.
std::size_t first_part_of(int rank, int ranks, const std::vector<double>& weights);

// An ArmModel capability: its replicates can be spread over a RankGroup.
class SpreadsOverRanks {
 public:
  virtual ~SpreadsOverRanks() = default;
  // The parts (partitions) a replicate is made of: more ranks than these would idle.
  virtual std::size_t parts() const = 0;
  // A replicate of only the parts `group.rank()` owns; every rank of the group makes its own,
  // with the same key and clock, and they step together.
  virtual std::unique_ptr<Replicate> instantiate_spread(const StreamKey& key, const Clock& clock,
                                                        const RankGroup& group) const = 0;
};

}  // namespace kyosei::sim
