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
  if (initialised_) MPI_Finalize();
#endif
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
  if (values.size() > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("MPI: more than 2^31 values to sum");
  std::vector<double> total(values.size());
  MPI_Reduce(values.data(), total.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM, 0,
             MPI_COMM_WORLD);
  if (rank_ == 0) values = std::move(total);
#else
  (void)values;
#endif
}

void Cluster::gather(sim::Results& results) const {
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
    const int owner = sim::owner_of(run, size_);
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
#endif
}

}  // namespace kyosei::app
