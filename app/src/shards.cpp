#include "shards.hpp"

#include <algorithm>
#include <iostream>

#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/runner.hpp"

namespace kyosei::app {

sim::Results read_whole_run(const std::string& path) {
  sim::Results r = io::read_hdf5(path);
  if (r.shards > 0)
    throw sim::InputError(path + ": holds shard " + std::to_string(r.shard) + " of " +
                          std::to_string(r.shards) +
                          " of a run, whose other simulations are missing; join the shards "
                          "first: kyosei merge SHARD... -o RUN.h5");
  return r;
}

sim::Results merge_shards(const std::vector<std::string>& paths,
                          const std::function<sim::Results(const std::string&)>& read) {
  if (paths.empty()) throw sim::InputError("kyosei merge: no shards given");
  sim::Results out;
  std::vector<int> from;  // [shard - 1] -> the input it came from, or -1
  for (std::size_t k = 0; k < paths.size(); ++k) {
    sim::Results s = read(paths[k]);  // one at a time: a shard is as large as the whole run
    if (s.shards <= 0)
      throw sim::InputError(paths[k] + ": a whole run, not a shard (kyosei run --shard I/N)");
    if (k == 0) {
      from.assign(static_cast<std::size_t>(s.shards), -1);
    } else if (s.shards != out.shards || s.scenario_yaml != out.scenario_yaml ||
               s.seed != out.seed || s.kyosei_version != out.kyosei_version) {
      throw sim::InputError(paths[k] + ": a shard of another run than " + paths[0] +
                            " (its scenario, seed, kyosei version or shard count differ)");
    }
    int& slot = from[static_cast<std::size_t>(s.shard - 1)];
    if (slot >= 0)
      throw sim::InputError(paths[k] + ": shard " + std::to_string(s.shard) + " of " +
                            std::to_string(s.shards) + " again (also in " +
                            paths[static_cast<std::size_t>(slot)] + ")");
    slot = static_cast<int>(k);
    if (k == 0) {
      out = std::move(s);
      continue;
    }
    // Run r comes from shard r % n + 1, which ran it; the rest of that file is zero.
    const std::size_t replicates = static_cast<std::size_t>(out.replicates);
    const std::size_t runs = out.arms.size() * replicates;
    const std::size_t block = out.times.size() * out.regions.size();
    const std::size_t ledger_block = out.ledger.empty() ? 0 : out.ledger.size() / runs;
    for (std::size_t run = 0; run < runs; ++run) {
      if (sim::owner_of(run, s.shards) != s.shard - 1) continue;
      const std::size_t arm = run / replicates, replicate = run % replicates;
      const auto at = static_cast<std::ptrdiff_t>(out.index(arm, replicate, 0, 0));
      for (std::size_t m = 0; m < out.series.size(); ++m)
        std::copy_n(s.series[m].begin() + at, block, out.series[m].begin() + at);
      if (ledger_block) {
        const auto l = static_cast<std::ptrdiff_t>(out.ledger_index(arm, replicate, 0, 0, 0, 0));
        std::copy_n(s.ledger.begin() + l, ledger_block, out.ledger.begin() + l);
      }
    }
    if (s.shard == 1) out.annotations = s.annotations;  // the first simulation's graph
    out.threads = std::max(out.threads, s.threads);
    out.ranks = std::max(out.ranks, s.ranks);
    out.created_utc = std::max(out.created_utc, s.created_utc);  // ISO 8601: the latest
  }
  std::string missing;
  int count = 0;
  for (std::size_t i = 0; i < from.size(); ++i)
    if (from[i] < 0) missing += (count++ ? ", " : "") + std::to_string(i + 1);
  if (count > 0)
    throw sim::InputError("kyosei merge: shard" + std::string(count > 1 ? "s " : " ") + missing +
                          " of " + std::to_string(from.size()) + (count > 1 ? " are" : " is") +
                          " missing");
  // Until here `out` held the first file read, with its shard's runs; the others are in now.
  out.shard = out.shards = 0;
  return out;
}

int command_merge(const std::vector<std::string>& paths, const std::string& output) {
  io::check_output_path(output);
  const sim::Results merged =
      merge_shards(paths, [](const std::string& path) { return io::read_hdf5(path); });
  io::write_hdf5(merged, output);
  std::cout << "merged " << paths.size() << " shards into " << output << "\n";
  return 0;
}

}  // namespace kyosei::app
