#include "kyosei/sim/checkpoint.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/files.hpp"

namespace kyosei::sim {

namespace fs = std::filesystem;

namespace {

constexpr const char* manifest_magic = "kyosei checkpoint";
constexpr std::uint32_t format = 2;  // 2: community resources carry their identity
constexpr char file_magic[8] = {'K', 'Y', 'O', 'C', 'K', 'P', 'T', '1'};
constexpr std::uint64_t end_mark = 0x444E452D4B43504Bull;  // "KPCK-END": the file is whole

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What every simulation file starts with: enough to refuse a file of another build,
// scenario or simulation before reading any state.
struct Header {
  char magic[8] = {};
  std::uint32_t format = 0;
  std::uint32_t pointer_bytes = sizeof(void*);
  std::uint64_t digest = 0;
  std::uint64_t arm = 0, replicate = 0;
  template <class A>
  void archive(A& a) {
    a(magic, format, pointer_bytes, digest, arm, replicate);
  }
};

}  // namespace

std::uint64_t scenario_digest(const std::string& resolved_yaml) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char c : resolved_yaml) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

CheckpointDirectory::CheckpointDirectory(fs::path dir, std::string yaml)
    : dir_(std::move(dir)),
      scenario_yaml_(std::move(yaml)),
      digest_(scenario_digest(scenario_yaml_)) {}

CheckpointDirectory CheckpointDirectory::create(const fs::path& dir, const std::string& yaml) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir))
    throw InputError(dir.string() + ": cannot create checkpoint directory" +
                     (error ? ": " + error.message() : ""));
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".ckpt") fs::remove(entry.path());
  CheckpointDirectory out(dir, yaml);
  write_atomically(dir / "scenario.yaml", [&](std::ostream& s) { s << yaml; });
  write_atomically(dir / "manifest", [&](std::ostream& s) {
    s << manifest_magic << " " << format << "\nkyosei_version " << KYOSEI_VERSION << "\ndigest "
      << std::hex << out.digest_ << "\n";
  });
  return out;
}

CheckpointDirectory CheckpointDirectory::open(const fs::path& dir) {
  const auto refuse = [&](const std::string& problem) {
    throw InputError(dir.string() + ": " + problem);
  };
  if (!fs::is_directory(dir)) refuse("no such checkpoint directory");
  if (!fs::exists(dir / "manifest")) refuse("not a kyosei checkpoint (no manifest)");
  std::istringstream manifest(slurp(dir / "manifest"));
  std::string magic1, magic2, key, version, digest_key, digest;
  std::uint32_t found_format = 0;
  manifest >> magic1 >> magic2 >> found_format >> key >> version >> digest_key >> digest;
  if (magic1 + " " + magic2 != manifest_magic || key != "kyosei_version" || digest_key != "digest")
    refuse("not a kyosei checkpoint (manifest unreadable)");
  if (found_format != format || version != KYOSEI_VERSION)
    refuse("checkpoint written by kyosei " + version + " (format " + std::to_string(found_format) +
           "); this is kyosei " + KYOSEI_VERSION + ": rerun the scenario from the start");
  CheckpointDirectory out(dir, slurp(dir / "scenario.yaml"));
  std::ostringstream expected;
  expected << std::hex << out.digest_;
  if (expected.str() != digest) refuse("scenario.yaml does not match the manifest's digest");
  return out;
}

fs::path CheckpointDirectory::file(std::size_t arm, std::size_t replicate) const {
  return dir_ / ("arm" + std::to_string(arm) + "-rep" + std::to_string(replicate) + ".ckpt");
}

void CheckpointDirectory::save(const Simulation& simulation, std::size_t arm,
                               std::size_t replicate) const {
  write_atomically(file(arm, replicate), [&](std::ostream& stream) {
    Saver out(stream);
    Header header;
    std::copy(std::begin(file_magic), std::end(file_magic), header.magic);
    header.format = format;
    header.digest = digest_;
    header.arm = arm;
    header.replicate = replicate;
    out(header);
    simulation.save(out);
    out(end_mark);
  });
}

bool CheckpointDirectory::load(Simulation& simulation, std::size_t arm,
                               std::size_t replicate) const {
  const fs::path path = file(arm, replicate);
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) return false;
  std::ifstream stream(path, std::ios::binary);
  Loader in(stream, size, path.string());
  Header header;
  in(header);
  if (!std::equal(std::begin(file_magic), std::end(file_magic), header.magic) ||
      header.format != format || header.pointer_bytes != sizeof(void*))
    throw InputError(path.string() + ": not a checkpoint of this kyosei build");
  if (header.digest != digest_)
    throw InputError(path.string() + ": checkpoint of another scenario than " +
                     (dir_ / "scenario.yaml").string());
  if (header.arm != arm || header.replicate != replicate)
    throw InputError(path.string() + ": holds arm " + std::to_string(header.arm) + ", replicate " +
                     std::to_string(header.replicate));
  simulation.load(in);
  std::uint64_t mark = 0;
  in(mark);
  if (mark != end_mark || in.left() != 0)
    throw InputError(path.string() + ": checkpoint is truncated or damaged");
  return true;
}

}  // namespace kyosei::sim
