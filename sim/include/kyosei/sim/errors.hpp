#pragma once
// The error types the command line maps to exit codes: InputError -> 2, Interrupted -> 130,
// anything else -> 1.

#include <stdexcept>
#include <string>

namespace kyosei::sim {

// Where a value came from: a file position (1-based line and column) or a flag such as
// `--set years=-1`. Printed as `FILE:LINE:COL` or as the flag itself.
struct Location {
  std::string source;  // file name, `<embedded>/default.yaml`, or `--set key=value`
  int line = 0;        // 1-based; 0 when the source has no lines (flags)
  int column = 0;      // 1-based

  std::string str() const {
    if (line <= 0) return source;
    return source + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

// Bad input from the user: scenario, flags or files. The message is complete and located,
// e.g. `scenario.yaml:3:8: years: must be at least 1, got -1`.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  InputError(const Location& where, const std::string& key_path, const std::string& problem)
      : std::runtime_error(where.str() + ": " + (key_path.empty() ? "" : key_path + ": ") +
                           problem) {}
};

// A run stopped on request (SIGINT/SIGTERM) at a step boundary.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace kyosei::sim
