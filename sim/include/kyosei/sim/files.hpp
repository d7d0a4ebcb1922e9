#pragma once
// Files that are either whole or absent: results and checkpoints are written to a hidden
// temporary name in the same directory, synced, and renamed into place, so a reader (or a
// run resumed after SIGKILL or a power cut) sees the old file or the complete new one.

#include <filesystem>
#include <functional>
#include <ostream>

namespace kyosei::sim {

// `.NAME.tmp.PID` beside `out`.
std::filesystem::path temporary_for(const std::filesystem::path& out);
// The directory `out` is in ("." for a bare name).
std::filesystem::path directory_of(const std::filesystem::path& out);
void sync_file(const std::filesystem::path& path);            // throws on failure
void sync_directory(const std::filesystem::path& directory);  // best effort

// Has `create` write the file at the temporary path it is given, then syncs it and renames
// it to `out`; on any failure the temporary is removed and the exception passes on.
void create_atomically(const std::filesystem::path& out,
                       const std::function<void(const std::filesystem::path&)>& create);
// The same through a binary stream.
void write_atomically(const std::filesystem::path& out,
                      const std::function<void(std::ostream&)>& write);

}  // namespace kyosei::sim
