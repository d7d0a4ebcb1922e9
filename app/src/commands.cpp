#include "commands.hpp"

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

}  // namespace kyosei::app
