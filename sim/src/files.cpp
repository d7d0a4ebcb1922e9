#include "kyosei/sim/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>

namespace kyosei::sim {

namespace fs = std::filesystem;

fs::path temporary_for(const fs::path& out) {
  return out.parent_path() / ("." + out.filename().string() + ".tmp." + std::to_string(::getpid()));
}

fs::path directory_of(const fs::path& out) {
  return out.parent_path().empty() ? fs::path(".") : out.parent_path();
}

// Streams and HDF5 close without fsync; without one a power cut after the rename could leave
// a complete name over incomplete data.
void sync_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  const int status = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (status != 0)
    throw std::system_error(error, std::generic_category(), "fsync " + path.string());
}

// Makes the rename itself durable; some file systems refuse fsync on a directory.
void sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void create_atomically(const fs::path& out, const std::function<void(const fs::path&)>& create) {
  const fs::path temporary = temporary_for(out);
  try {
    create(temporary);
    sync_file(temporary);
    fs::rename(temporary, out);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  sync_directory(directory_of(out));
}

void write_atomically(const fs::path& out, const std::function<void(std::ostream&)>& write) {
  create_atomically(out, [&](const fs::path& temporary) {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    if (!stream) throw std::system_error(errno, std::generic_category(), temporary.string());
    write(stream);
    stream.flush();
    if (!stream) throw std::runtime_error("writing " + temporary.string() + " failed");
  });
}

}  // namespace kyosei::sim
