#include "commands.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kyosei/sim/config.hpp"

namespace kyosei::app {

sim::ScenarioSource load_source(const std::string& path,
                                const std::vector<sim::Assignment>& assignments,
                                const sim::ModelLoader& loader) {
  sim::ConfigNode tree =
      path.empty() ? sim::parse_yaml(loader.default_scenario(), loader.default_scenario_source())
                   : sim::load_yaml_file(path);
  return sim::resolve_scenario(std::move(tree), assignments);
}

std::vector<std::string> default_outcomes(const sim::Results& results,
                                          const sim::ModelLoader& loader) {
  std::vector<std::string> names;
  for (const std::string& name : loader.description().key_outcomes)
    if (results.metric_index(name) >= 0) names.push_back(name);
  return names;
}

std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string run_analysis(const std::string& arguments, const std::string& input) {
  const char* dir = std::getenv("KYOSEI_ANALYSIS_DIR");
  const char* python = std::getenv("KYOSEI_PYTHON");
  const std::string analysis = dir ? dir : KYOSEI_ANALYSIS_DIR;
  const std::string interpreter = python ? python : "/usr/bin/python3";
  // The analysis may ask this binary for `evaluate --csv`: one implementation of estimators.
  std::error_code no_exe;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", no_exe).string();
  std::string command = "PYTHONPATH=" + shell_quoted(analysis) +
                        " KYOSEI_EXE=" + shell_quoted(self) + " " + shell_quoted(interpreter) +
                        " -m " + arguments;
  const bool piped = !input.empty();
  std::filesystem::path in_file, out_file;
  if (piped) {
    char in_name[] = "/tmp/kyosei-analysis-XXXXXX";
    const int fd = ::mkstemp(in_name);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in /tmp");
    ::close(fd);
    in_file = in_name;
    out_file = in_file.string() + ".out";
    std::ofstream(in_file) << input;
    command += " < " + shell_quoted(in_file) + " > " + shell_quoted(out_file);
  }
  const int status = std::system(command.c_str());
  std::string output;
  if (piped) {
    std::ostringstream text;
    text << std::ifstream(out_file).rdbuf();
    output = text.str();
    std::error_code ignored;
    std::filesystem::remove(in_file, ignored);
    std::filesystem::remove(out_file, ignored);
  }
  if (status != 0) throw std::runtime_error("the analysis failed (" + command + ")");
  return output;
}

}  // namespace kyosei::app
