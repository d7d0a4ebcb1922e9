#pragma once
// The processes of one run: a single process, or the ranks `mpirun -np N kyosei run …`
// started. Simulations (arm × replicate) are independent, so each rank runs those whose
// index is its rank modulo the rank count and the root gathers their blocks into one
// Results, which it alone writes: the file is the one a single process writes, bit for bit.
// With fewer simulations than ranks, ranks form groups that each spread their simulations over
// themselves by partition (sim/spread.hpp): one simulation can use every rank.
// MPI is initialised only when the environment shows an MPI launcher started this process,
// so a plain `kyosei run` never touches it (and builds without MPI work the same way).

#include <cstddef>
#include <memory>
#include <vector>

#include "kyosei/sim/results.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/spread.hpp"

namespace kyosei::app {

class Cluster {
 public:
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  // Ranks sharing this machine, to divide its cores between them.
  int local_size() const { return local_size_; }

  // Ranks form groups of `ranks_per_simulation` consecutive ranks (the last few idle when it
  // does not divide the rank count), each group spreading its simulations over its ranks.
  // Every rank must call it, with the same value, before the run.
  void form_groups(int ranks_per_simulation);
  int ranks_per_simulation() const { return per_group_; }
  // Which simulations this rank's group runs, in shard `shard` of `shards` (0-based).
  sim::Placement placement(int shard, int shards) const;
  // This rank's group when it holds more than one rank, else null.
  const sim::RankGroup* spread() const;

  // The most severe exit status over all ranks (130 > 2 > 1 > 0); every rank must call it.
  int agree(int status) const;
  // Copies into the root's `results` the series and ledger blocks of the simulations other
  // ranks' groups ran (held by each group's first rank) in `placement`'s shard. Every rank
  // must call it after running its own.
  void gather(sim::Results& results, const sim::Placement& placement) const;
  // Sums `values` over the ranks into the root's copy. Each value is to be set by one rank
  // and left 0 by the others, so the sum is that value, bit for bit, in any order of addition.
  void sum_to_root(std::vector<double>& values) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool initialised_ = false;  // MPI_Init was called here, so MPI_Finalize is due
  int per_group_ = 1;         // ranks sharing each simulation
  std::unique_ptr<sim::RankGroup> group_;
};

}  // namespace kyosei::app
