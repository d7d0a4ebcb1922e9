#pragma once
// The HDF5 sink and reader for Results (layout in docs/output.md). This layer is the only code
// that includes HDF5, and HDF5 itself stays out of this header: callers need only the paths
// and the error types.

#include <filesystem>
#include <stdexcept>
#include <string>

#include "kyosei/sim/results.hpp"

namespace kyosei::io {

// A failed HDF5 call: names the call, the object, and the top of HDF5's error stack. Not an
// InputError: it means the library or the disk failed, not the user (exit 1).
class H5Error : public std::runtime_error {
 public:
  explicit H5Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws InputError when the output can never be written: its directory is missing or not
// writable, or the path is an existing directory. Creates nothing.
void check_output_path(const std::filesystem::path& out);

// Writes `results` atomically: to `.NAME.tmp.PID` in the same directory, renamed over `out` only
// after the file is closed and synced; on any failure the temporary is removed and the exception
// propagates (InputError for a bad path, std::invalid_argument for inconsistent Results, H5Error
// from HDF5). Call from one thread only: HDF5 is not thread-safe.
void write_hdf5(const sim::Results& results, const std::filesystem::path& out);

// Reads a file written by write_hdf5 back into Results (all fields). Throws InputError when the
// file is missing, not HDF5, or not a kyosei result (naming the path and what is missing or wrong).
sim::Results read_hdf5(const std::filesystem::path& in);

// The HDF5 file as a ResultSink: write_hdf5 to the path it was given.
class Hdf5File final : public sim::ResultSink {
 public:
  explicit Hdf5File(std::filesystem::path out) : out_(std::move(out)) {}
  void write(const sim::Results& results) override { write_hdf5(results, out_); }

 private:
  std::filesystem::path out_;
};

}  // namespace kyosei::io
