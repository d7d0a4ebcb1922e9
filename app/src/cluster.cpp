#include "cluster.hpp"

#include "kyosei/sim/runner.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef KYOSEI_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only: the C++ bindings are deprecated
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace kyosei::app {

namespace {

// Open MPI, MPICH/Hydra and PMIx launchers each leave one of these in a rank's environment.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#ifdef KYOSEI_HAVE_MPI
void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

// Each simulation's values in the order they travel: every metric's block, then the ledger's.
struct Blocks {
  std::size_t series = 0;  // values per metric per simulation
  std::size_t ledger = 0;  // ledger values per simulation
  std::size_t total(const sim::Results& r) const { return r.metrics.size() * series + ledger; }
};

Blocks blocks_of(const sim::Results& r) {
  Blocks b;
  b.series = r.times.size() * r.regions.size();
  if (!r.ledger.empty())
    b.ledger = r.ledger_years.size() * r.regions.size() * r.ledger_layout.programs.size() *
               r.ledger_layout.funders.size();
  return b;
}

// Sums `values` over `comm` into rank 0's copy, in place (the others' copies are left as they
// were): the world's root and a group's first rank both gather this way.
void sum_to_rank0(MPI_Comm comm, int rank, std::vector<double>& values) {
  if (values.size() > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("MPI: more than 2^31 values to sum");
  const int n = static_cast<int>(values.size());
  check(rank == 0 ? MPI_Reduce(MPI_IN_PLACE, values.data(), n, MPI_DOUBLE, MPI_SUM, 0, comm)
                  : MPI_Reduce(values.data(), nullptr, n, MPI_DOUBLE, MPI_SUM, 0, comm),
        "MPI_Reduce");
}

// The ranks of a group, over a communicator of their own.
class MpiGroup final : public sim::RankGroup {
 public:
  MpiGroup(int color, int world_rank) {
    check(MPI_Comm_split(MPI_COMM_WORLD, color, world_rank, &comm_), "MPI_Comm_split");
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiGroup() override { MPI_Comm_free(&comm_); }
  MpiGroup(const MpiGroup&) = delete;
  MpiGroup& operator=(const MpiGroup&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum_to_first(std::vector<double>& values) const override {
    sum_to_rank0(comm_, rank_, values);
  }
  std::vector<std::string> all_gather(const std::string& mine) const override {
    if (mine.size() > static_cast<std::size_t>(INT_MAX))
      throw std::runtime_error("MPI: more than 2^31 bytes to exchange");
    const int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_)), at(lengths.size() + 1, 0);
    check(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm_), "MPI_Allgather");
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      if (at[r] > INT_MAX - lengths[r])
        throw std::runtime_error("MPI: more than 2^31 bytes to exchange");
      at[r + 1] = at[r] + lengths[r];
    }
    std::string all(static_cast<std::size_t>(at.back()), '\0');
    check(MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), at.data(),
                         MPI_CHAR, comm_),
          "MPI_Allgatherv");
    std::vector<std::string> out;
    for (std::size_t r = 0; r < lengths.size(); ++r)
      out.push_back(
          all.substr(static_cast<std::size_t>(at[r]), static_cast<std::size_t>(lengths[r])));
    return out;
  }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
};

#endif

}  // namespace

Cluster::Cluster(int& argc, char**& argv) {
  (void)argc;
  (void)argv;
  if (!launched_by_mpi()) return;
#ifdef KYOSEI_HAVE_MPI
  int provided = 0;
  // Only the main thread calls MPI; oneTBB workers never do.
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
#else
  if (const char* size = std::getenv("OMPI_COMM_WORLD_SIZE"); size && std::string(size) != "1")
    throw std::runtime_error("this kyosei was built without MPI; run it as one process");
#endif
}

Cluster::~Cluster() {
#ifdef KYOSEI_HAVE_MPI
  group_.reset();  // its communicator, before MPI goes
  if (initialised_) MPI_Finalize();
#endif
}

void Cluster::form_groups(int ranks_per_simulation) {
  per_group_ = std::clamp(ranks_per_simulation, 1, size_);
#ifdef KYOSEI_HAVE_MPI
  group_.reset();
  if (per_group_ > 1) {
    const int groups = size_ / per_group_;
    // Ranks past the last whole group form one more, which runs nothing.
    group_ = std::make_unique<MpiGroup>(std::min(rank_ / per_group_, groups), rank_);
  }
#endif
}

sim::Placement Cluster::placement(int shard, int shards) const {
  sim::Placement p;
  p.shard = shard;
  p.shards = shards;
  p.groups = size_ / per_group_;
  p.group = rank_ / per_group_;  // past the last whole group: runs nothing
  return p;
}

const sim::RankGroup* Cluster::spread() const {
  return group_ && group_->size() > 1 && rank_ / per_group_ < size_ / per_group_ ? group_.get()
                                                                                 : nullptr;
}

int Cluster::agree(int status) const {
#ifdef KYOSEI_HAVE_MPI
  if (size_ > 1) {
    int most = 0;
    MPI_Allreduce(&status, &most, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return most;
  }
#endif
  return status;
}

void Cluster::sum_to_root(std::vector<double>& values) const {
#ifdef KYOSEI_HAVE_MPI
  if (size_ == 1) return;
  sum_to_rank0(MPI_COMM_WORLD, rank_, values);
#else
  (void)values;
#endif
}

void Cluster::gather(sim::Results& results, const sim::Placement& placement) const {
#ifdef KYOSEI_HAVE_MPI
  if (size_ == 1) return;
  const Blocks b = blocks_of(results);
  const std::size_t replicates = static_cast<std::size_t>(results.replicates);
  const std::size_t runs = results.arms.size() * replicates;
  const std::size_t count = b.total(results);
  if (count > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("MPI: one simulation's results exceed 2^31 values");
  std::vector<double> buffer(count);
  for (std::size_t run = 0; run < runs; ++run) {
    if (!placement.in_shard(run)) continue;
    const int owner = placement.group_of(run) * per_group_;  // the group's first rank holds it
    if (owner == 0 || (rank_ != 0 && rank_ != owner)) continue;
    const std::size_t arm = run / replicates, replicate = run % replicates;
    const std::size_t at = results.index(arm, replicate, 0, 0);
    const std::size_t ledger_at =
        b.ledger ? results.ledger_index(arm, replicate, 0, 0, 0, 0) : std::size_t{0};
    if (rank_ == owner) {
      auto out = buffer.begin();
      for (const std::vector<double>& s : results.series)
        out = std::copy_n(s.begin() + static_cast<std::ptrdiff_t>(at), b.series, out);
      std::copy_n(results.ledger.begin() + static_cast<std::ptrdiff_t>(ledger_at), b.ledger, out);
      check(MPI_Send(buffer.data(), static_cast<int>(count), MPI_DOUBLE, 0, 0, MPI_COMM_WORLD),
            "MPI_Send");
    } else {
      check(MPI_Recv(buffer.data(), static_cast<int>(count), MPI_DOUBLE, owner, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE),
            "MPI_Recv");
      auto in = buffer.begin();
      for (std::vector<double>& s : results.series) {
        std::copy_n(in, b.series, s.begin() + static_cast<std::ptrdiff_t>(at));
        in += static_cast<std::ptrdiff_t>(b.series);
      }
      std::copy_n(in, b.ledger, results.ledger.begin() + static_cast<std::ptrdiff_t>(ledger_at));
    }
  }
#else
  (void)results;
  (void)placement;
#endif
}

}  // namespace kyosei::app
