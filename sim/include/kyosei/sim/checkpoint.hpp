#pragma once
// Checkpoints of a run (DESIGN.md §7). A checkpoint directory holds `manifest` (format,
// kyosei version, digest of the resolved scenario), `scenario.yaml` (that scenario, which
// `--resume` runs) and one file per simulation, `arm<A>-rep<R>.ckpt`, each written whole
// (files.hpp) at a year boundary, on interrupt, on `--stop-after-days` and at the end. The
// simulations of a run need not be at the same day: each resumes from its own file, or
// from the start when it has none.

#include <cstdint>
#include <filesystem>
#include <string>

#include "kyosei/sim/simulation.hpp"

namespace kyosei::sim {

// FNV-1a of the resolved scenario's text: two runs continue each other only if equal.
std::uint64_t scenario_digest(const std::string& resolved_yaml);

class CheckpointDirectory {
 public:
  // A run about to start: creates `dir`, writes its manifest and scenario, and removes
  // simulation files of an earlier run there.
  static CheckpointDirectory create(const std::filesystem::path& dir,
                                    const std::string& resolved_yaml);
  // A run to resume: checks the manifest (format and kyosei version) and reads the scenario.
  // Throws InputError, naming the directory, when it is not a checkpoint of this kyosei.
  static CheckpointDirectory open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const std::string& scenario_yaml() const { return scenario_yaml_; }
  std::uint64_t digest() const { return digest_; }

  std::filesystem::path file(std::size_t arm, std::size_t replicate) const;
  void save(const Simulation& simulation, std::size_t arm, std::size_t replicate) const;
  // Loads the simulation's file into `simulation` (freshly constructed) if there is one;
  // false if there is none. A file of another scenario, arm or replicate is refused.
  bool load(Simulation& simulation, std::size_t arm, std::size_t replicate) const;

 private:
  CheckpointDirectory(std::filesystem::path dir, std::string yaml);
  std::filesystem::path dir_;
  std::string scenario_yaml_;
  std::uint64_t digest_ = 0;
};

}  // namespace kyosei::sim
