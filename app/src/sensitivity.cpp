// `kyosei sensitivity`: the design from OpenTURNS, every point simulated with the scenario's
// random numbers, a journal of finished points, the indices, and the study file.
#include "sensitivity.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "interrupt.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/checkpoint.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/notes.hpp"
#include "kyosei/sim/runner.hpp"
#include "memory.hpp"
#include "summary.hpp"

namespace kyosei::app {
namespace {

namespace fs = std::filesystem;

std::string exact(double x) {  // round-trips through text
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string json_parameters(const std::vector<io::StudyParameter>& ps) {
  std::string out = "[";
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const io::StudyParameter& p = ps[i];
    out += (i ? "," : "") + std::string("{\"name\":") + json_string(p.path) +
           ",\"distribution\":" + json_string(p.distribution) + ",\"low\":" + exact(p.low) +
           ",\"high\":" + exact(p.high) + ",\"mode\":" + exact(p.mode) +
           ",\"mean\":" + exact(p.mean) + ",\"sd\":" + exact(p.sd) + "}";
  }
  return out + "]";
}

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> row(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        row.emplace_back();
      else
        row.back() += c;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The design OpenTURNS draws: groups and values, [point × parameter].
void draw_design(io::Study& study) {
  const std::string spec = "{\"method\":" + json_string(study.method) +
                           ",\"points\":" + std::to_string(study.points) +
                           ",\"seed\":" + std::to_string(study.seed) +
                           ",\"parameters\":" + json_parameters(study.parameters) + "}";
  const auto rows = read_csv(run_analysis("kyosei_analysis.sensitivity design", spec));
  const std::size_t k = study.parameters.size();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != k + 1) throw std::runtime_error("the design has a malformed row");
    study.groups.push_back(std::stoi(rows[r][0]));
    for (std::size_t i = 0; i < k; ++i) study.design.push_back(std::stod(rows[r][i + 1]));
  }
}

void compute_indices(io::Study& study) {
  std::string design = "[", outcome = "[", groups = "[";
  const std::size_t k = study.parameters.size();
  for (std::size_t p = 0; p < study.point_count(); ++p) {
    design += (p ? ",[" : "[");
    for (std::size_t i = 0; i < k; ++i) design += (i ? "," : "") + exact(study.design[p * k + i]);
    design += "]";
    outcome += (p ? "," : "") + exact(study.outcome[p]);
    groups += (p ? "," : "") + std::to_string(study.groups[p]);
  }
  const std::string spec =
      "{\"method\":" + json_string(study.method) + ",\"seed\":" + std::to_string(study.seed) +
      ",\"parameters\":" + json_parameters(study.parameters) + ",\"design\":" + design +
      "],\"outcome\":" + outcome + "],\"groups\":" + groups + "]}";
  const auto rows = read_csv(run_analysis("kyosei_analysis.sensitivity indices", spec));
  if (rows.size() != k + 1) throw std::runtime_error("the indices have a malformed table");
  study.index_columns.assign(rows[0].begin() + 1, rows[0].end());
  for (std::size_t r = 1; r < rows.size(); ++r)
    for (std::size_t c = 1; c < rows[r].size(); ++c) study.indices.push_back(std::stod(rows[r][c]));
}

// The assignments that make point `row` of the design: each parameter's value at every path.
std::vector<sim::Assignment> point_assignments(const std::vector<sim::Assignment>& base,
                                               const std::vector<UncertainParameter>& params,
                                               const std::vector<double>& values) {
  std::vector<sim::Assignment> out = base;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const double v = params[i].integer ? std::round(values[i]) : values[i];
    const std::string text = params[i].integer ? std::to_string(std::llround(v)) : exact(v);
    for (const std::string& path : params[i].paths)
      out.push_back({path + "=" + text, "uncertain." + params[i].spec.path + " = " + text});
  }
  return out;
}

// `<output>.journal` (the root's) or `<output>.journal.R` (rank R's).
bool is_journal(const fs::path& path, const std::string& stem) {
  const std::string name = path.filename().string();
  if (name == stem) return true;
  if (!name.starts_with(stem + ".") || name.size() == stem.size() + 1) return false;
  return std::all_of(name.begin() + std::ptrdiff_t(stem.size() + 1), name.end(),
                     [](unsigned char c) { return std::isdigit(c); });
}

// Finished points, one line each, appended as they finish; the first line names the study.
class Journal {
 public:
  Journal(fs::path path, std::uint64_t digest) : path_(std::move(path)), digest_(digest) {}

  // Reads every journal of this output (one per rank that wrote one) into `done`.
  std::size_t load(const fs::path& output, std::size_t width, std::vector<double>& values,
                   std::vector<char>& done) const {
    std::size_t found = 0;
    const fs::path dir = output.has_parent_path() ? output.parent_path() : fs::path(".");
    const std::string stem = output.filename().string() + ".journal";
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) {
      if (!is_journal(entry.path(), stem)) continue;
      std::ifstream in(entry.path());
      std::string head;
      std::uint64_t digest = 0;
      if (!(in >> head >> digest) || head != "kyosei-study" || digest != digest_) {
        // Kept, not overwritten: the scenario or the design changed since it was written.
        const fs::path old = entry.path().string() + ".old";
        fs::rename(entry.path(), old, ignored);
        sim::note(entry.path().string() +
                  " belongs to another study (the scenario, the "
                  "parameters or the design changed): its points are not used; kept as " +
                  old.string());
        continue;
      }
      std::size_t row;
      while (in >> row) {
        std::vector<double> line(width);
        bool whole = true;
        for (double& v : line) {
          std::string word;
          if (!(in >> word)) whole = false;
          if (whole) v = std::strtod(word.c_str(), nullptr);
        }
        if (!whole || row >= done.size()) break;  // a line cut short by a kill
        if (!done[row]) ++found;
        done[row] = 1;
        std::copy(line.begin(), line.end(), values.begin() + std::ptrdiff_t(row * width));
      }
    }
    return found;
  }

  void append(std::size_t row, const std::vector<double>& line) {
    if (!out_.is_open()) {
      const bool fresh = !fs::exists(path_);
      out_.open(path_, std::ios::app);
      if (fresh || fs::file_size(path_) == 0) out_ << "kyosei-study " << digest_ << "\n";
    }
    out_ << row;
    char buffer[40];
    for (double v : line) {
      std::snprintf(buffer, sizeof buffer, " %a", v);
      out_ << buffer;
    }
    out_ << "\n" << std::flush;
  }

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  std::uint64_t digest_;
  std::ofstream out_;
};

std::string duration(double seconds) {
  if (seconds < 90) return std::to_string(static_cast<int>(std::lround(seconds))) + " s";
  if (seconds < 5400) return std::to_string(static_cast<int>(std::lround(seconds / 60))) + " min";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f h", seconds / 3600);
  return buffer;
}

// Progress on stderr: a line rewritten in place on a terminal, else a line per tenth.
class StudyProgress {
 public:
  StudyProgress(std::size_t total, std::size_t already)
      : total_(total), done_(already), terminal_(isatty(STDERR_FILENO) == 1) {}
  void finished_one() {
    ++done_, ++simulated_;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double left = elapsed / double(simulated_) * double(total_ - done_);
    const std::size_t tenth = std::max<std::size_t>(1, total_ / 10);
    if (!terminal_ && done_ % tenth != 0 && done_ != total_) return;
    std::fprintf(stderr, "%skyosei: point %zu of %zu, %s elapsed, about %s left%s",
                 terminal_ ? "\r" : "", done_, total_, duration(elapsed).c_str(),
                 duration(left).c_str(), terminal_ ? "   " : "\n");
    std::fflush(stderr);
  }
  ~StudyProgress() {
    if (terminal_ && simulated_ > 0) std::fprintf(stderr, "\n");
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::size_t total_, done_, simulated_ = 0;
  bool terminal_;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

int command_sensitivity(const SensitivityArgs& args, const sim::ModelLoader& loader,
                        const Cluster& cluster) {
  if (args.threads < 1 || args.threads > 4096)
    throw sim::InputError(sim::Location{"--threads " + std::to_string(args.threads)}, "threads",
                          "must be between 1 and 4096");
  if (args.points < 0 || args.points > 100000)
    throw sim::InputError(sim::Location{"--points " + std::to_string(args.points)}, "points",
                          "must be between 1 and 100000");
  std::vector<sim::Assignment> sets;
  for (const std::string& set : args.sets) sets.push_back({set, "--set " + set});
  const sim::ConfigNode tree =
      args.scenario.empty()
          ? sim::parse_yaml(loader.default_scenario(), loader.default_scenario_source())
          : sim::load_yaml_file(args.scenario);
  const sim::PreparedScenario nominal =
      sim::prepare_scenario(sim::resolve_scenario(tree, sets), loader);
  const std::vector<UncertainParameter> params =
      uncertain_parameters(nominal.source, args.assumptions, loader);

  io::Study study;
  study.kyosei_version = KYOSEI_VERSION;
  study.scenario_name = nominal.settings.name;
  study.scenario_yaml = sim::to_yaml(nominal.source.resolved);
  study.seed = nominal.settings.seed;
  study.method = args.method;
  study.points = args.points > 0 ? args.points : (args.method == "morris" ? 10 : 256);
  for (const sim::PreparedArm& arm : nominal.arms) study.arms.push_back(arm.name);
  study.replicates = nominal.settings.replicates;
  for (const UncertainParameter& p : params) study.parameters.push_back(p.spec);

  const sim::Results shape = sim::empty_results(nominal, 1);
  const int metric = shape.metric_index(args.metric);
  if (metric < 0) {
    std::string known;
    for (const sim::MetricInfo& m : shape.metrics) known += (known.empty() ? "" : ", ") + m.name;
    throw sim::InputError(sim::Location{"--metric " + args.metric}, "",
                          "not a metric of this scenario; it has " + known);
  }
  study.metric = args.metric;
  study.units = shape.metrics[static_cast<std::size_t>(metric)].units;
  study.reduction = reduction_of(shape, metric);
  const std::size_t baseline = static_cast<std::size_t>(nominal.baseline);
  std::size_t outcome_arm = baseline;
  if (!args.difference.empty()) {
    outcome_arm = arm_index(shape, args.difference, "--difference");
    if (outcome_arm == baseline)
      throw sim::InputError(sim::Location{"--difference " + args.difference}, "",
                            "is the baseline arm; name an arm to compare with it");
    study.difference = study.arms[baseline];
  }
  if (!args.arm.empty()) {
    if (!args.difference.empty())
      throw sim::InputError(sim::Location{"--arm " + args.arm}, "",
                            "--difference already names the arm");
    outcome_arm = arm_index(shape, args.arm, "--arm");
  }
  study.arm = study.arms[outcome_arm];

  // Every parameter at its low and its high must be a scenario the model accepts.
  for (const UncertainParameter& p : params)
    for (const double end : {p.spec.low, p.spec.high}) {
      std::vector<double> values;
      for (const UncertainParameter& q : params)
        values.push_back(&q == &p ? end : (q.spec.low + q.spec.high) / 2);
      sim::prepare_scenario(sim::resolve_scenario(tree, point_assignments(sets, params, values)),
                            loader);
    }
  io::check_output_path(args.output);  // on every rank: none may fail alone

  draw_design(study);
  const std::size_t points = study.point_count(), k = params.size();
  const std::size_t width = study.arms.size() * std::size_t(study.replicates);
  std::string identity = study.scenario_yaml + "\n" + study.method + " " +
                         std::to_string(study.points) + " " + study.metric + " " + study.arm + " " +
                         study.difference + " " + KYOSEI_VERSION + "\n";
  for (double v : study.design) identity += exact(v) + " ";
  study.digest = sim::scenario_digest(identity);

  // Points already simulated: in an earlier study file of this very study, or in journals.
  std::vector<double> values(points * width, 0.0);
  std::vector<char> done(points, 0);
  std::size_t resumed = 0;
  const fs::path output = args.output;
  if (io::is_study(output)) {
    io::Study earlier = io::read_study(output);
    if (earlier.digest == study.digest && earlier.values.size() == values.size()) {
      values = earlier.values;
      done.assign(points, 1);
      resumed = points;
    }
  }
  const fs::path journal_path =
      output.string() + ".journal" + (cluster.root() ? "" : "." + std::to_string(cluster.rank()));
  Journal journal(journal_path, study.digest);
  if (resumed < points) resumed = journal.load(output, width, values, done);
  if (cluster.root()) {
    std::fprintf(stderr, "kyosei: %s over %zu parameters: %zu points of %zu simulations each%s\n",
                 study.method == "morris" ? "Morris screening" : "Sobol indices (Saltelli)", k,
                 points, width,
                 resumed ? (", " + std::to_string(resumed) + " already done").c_str() : "");
  }

  // This rank's points, on worker threads, each simulation on one thread.
  std::vector<std::size_t> mine;
  for (std::size_t row = 0; row < points; ++row)
    if (!done[row] && sim::owner_of(row, cluster.size()) == cluster.rank()) mine.push_back(row);
  const sim::Workload per_point = sim::workload(nominal);
  const std::uint64_t budget = args.memory_gb > 0
                                   ? static_cast<std::uint64_t>(args.memory_gb * 1e9)
                                   : available_memory() / std::uint64_t(cluster.local_size());
  const MemoryPlan memory = plan_memory(nominal, per_point.simulations * std::size_t(args.threads),
                                        per_point.warmups * std::size_t(args.threads), budget);
  const int workers = static_cast<int>(std::clamp<std::size_t>(
      std::min<std::size_t>(
          std::size_t(memory.concurrent) / std::max<std::size_t>(1, per_point.simulations),
          mine.size()),
      1, std::size_t(args.threads)));

  StopSignals signals;
  std::mutex lock;
  std::size_t next = 0, simulated = 0;
  bool failed = false;
  std::exception_ptr failure;
  {
    StudyProgress progress(points, resumed);
    const auto work = [&] {
      for (;;) {
        std::size_t row;
        {
          const std::lock_guard<std::mutex> guard(lock);
          if (next >= mine.size() || stop_requested.load() || failed) return;
          row = mine[next++];
        }
        try {
          const std::vector<double> at(study.design.begin() + std::ptrdiff_t(row * k),
                                       study.design.begin() + std::ptrdiff_t((row + 1) * k));
          const sim::PreparedScenario scenario = sim::prepare_scenario(
              sim::resolve_scenario(tree, point_assignments(sets, params, at)), loader);
          sim::RunOptions options;
          options.threads = 1;
          options.stop = &stop_requested;
          const sim::Results results = sim::run_scenario(scenario, options);
          if (stop_requested.load()) return;
          std::vector<double> line;
          for (std::size_t a = 0; a < study.arms.size(); ++a)
            for (double v : per_replicate(results, metric, a, 0)) line.push_back(v);
          const std::lock_guard<std::mutex> guard(lock);
          std::copy(line.begin(), line.end(), values.begin() + std::ptrdiff_t(row * width));
          done[row] = 1;
          journal.append(row, line);
          if (cluster.root()) progress.finished_one();
          if (++simulated == std::size_t(args.stop_after_points)) stop_requested.store(true);
        } catch (const sim::Interrupted&) {
          return;        // the point is dropped; a rerun simulates it again
        } catch (...) {  // the first failure ends the study; what finished stays journalled
          const std::lock_guard<std::mutex> guard(lock);
          if (!failed) failure = std::current_exception();
          failed = true;
          return;
        }
      }
    };
    std::vector<std::jthread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
  }
  // Every rank agrees on how the study ended before any reports it, so that none waits in
  // the exchange below for a rank that failed or stopped.
  const bool stopped_here = stop_requested.load();
  int local = stopped_here ? 130 : 0;
  if (failed) {
    try {
      std::rethrow_exception(failure);
    } catch (const sim::InputError&) {
      local = 2;
    } catch (...) {
      local = 1;
    }
  }
  const int status = cluster.agree(local);
  if (failed) std::rethrow_exception(failure);
  if (status == 130) {
    std::size_t finished = 0;
    for (char d : done) finished += d != 0;
    if (cluster.root())
      std::cerr << "kyosei: " << (args.stop_after_points > 0 ? "stopped" : "interrupted")
                << " with " << finished << " of " << points
                << " points simulated; they are kept in " << journal_path.string()
                << ". Run the same command again to simulate the rest.\n";
    return args.stop_after_points > 0 ? 0 : 130;
  }
  if (status != 0) return status;  // another rank failed and says why

  // Under MPI the root holds only its points: every rank adds its own (the others are 0).
  std::vector<double> own(points * width, 0.0);
  for (std::size_t row = 0; row < points; ++row)
    if (sim::owner_of(row, cluster.size()) == cluster.rank() || cluster.size() == 1)
      std::copy_n(values.begin() + std::ptrdiff_t(row * width), width,
                  own.begin() + std::ptrdiff_t(row * width));
  cluster.sum_to_root(own);
  if (!cluster.root()) return 0;  // the root removes every journal once the file is written
  study.values = std::move(own);

  const std::size_t reps = std::size_t(study.replicates);
  for (std::size_t row = 0; row < points; ++row) {
    double sum = 0;
    for (std::size_t r = 0; r < reps; ++r) {
      const double v = study.values[row * width + outcome_arm * reps + r];
      sum += study.difference.empty() ? v : v - study.values[row * width + baseline * reps + r];
    }
    study.outcome.push_back(sum / double(reps));
  }
  compute_indices(study);
  study.created_utc = sim::utc_now();
  io::write_study(study, output);
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(
           output.has_parent_path() ? output.parent_path() : fs::path("."), ignored))
    if (is_journal(entry.path(), output.filename().string() + ".journal"))
      fs::remove(entry.path(), ignored);
  std::cout << format_study_indices(study) << "\n" << format_study_bands(study);
  std::cout << "wrote " << output.string() << "\n";
  return 0;
}

}  // namespace kyosei::app
