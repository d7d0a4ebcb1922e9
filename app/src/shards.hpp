#pragma once
// Ensembles as job arrays: `kyosei run --shard I/N` writes the I-th of N shares of a run's
// simulations (runs whose index is I - 1 modulo N) into a file of its own, the others' values
// left zero; `kyosei merge` joins the N files into the one a single process writes, series and
// ledger bit for bit. Commands that read results refuse a lone shard.

#include <functional>
#include <string>
#include <vector>

#include "kyosei/sim/results.hpp"

namespace kyosei::app {

// `kyosei merge SHARD... -o OUT`: every shard of one run, each once, in any order.
int command_merge(const std::vector<std::string>& shards, const std::string& output);

// The results at `path`; a shard's file is refused (InputError) with what to do instead.
sim::Results read_whole_run(const std::string& path);

// The shards at `paths`, read one at a time with `read`, joined: InputError when they are not
// every shard of one run, each once.
sim::Results merge_shards(const std::vector<std::string>& paths,
                          const std::function<sim::Results(const std::string&)>& read);

}  // namespace kyosei::app
