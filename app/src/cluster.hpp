#pragma once
// The processes of one run: a single process, or the ranks `mpirun -np N kyosei run …`
// started. Simulations (arm × replicate) are independent, so each rank runs those whose
// index is its rank modulo the rank count and the root gathers their blocks into one
// Results, which it alone writes: the file is the one a single process writes, bit for bit.
// MPI is initialised only when the environment shows an MPI launcher started this process,
// so a plain `kyosei run` never touches it (and builds without MPI work the same way).

#include <cstddef>
#include <vector>

#include "kyosei/sim/results.hpp"

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

  // The most severe exit status over all ranks (130 > 2 > 1 > 0); every rank must call it.
  int agree(int status) const;
  // Copies into the root's `results` the series and ledger blocks of the simulations other
  // ranks ran. Every rank must call it after running its own.
  void gather(sim::Results& results) const;
  // Sums `values` over the ranks into the root's copy. Each value is to be set by one rank
  // and left 0 by the others, so the sum is that value, bit for bit, in any order of addition.
  void sum_to_root(std::vector<double>& values) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool initialised_ = false;  // MPI_Init was called here, so MPI_Finalize is due
};

}  // namespace kyosei::app
