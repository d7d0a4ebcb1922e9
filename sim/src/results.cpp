#include "kyosei/sim/results.hpp"

#include <stdexcept>

namespace kyosei::sim {

const char* to_string(MetricKind kind) {
  switch (kind) {
    case MetricKind::count:
      return "count";
    case MetricKind::level:
      return "level";
    case MetricKind::ratio:
      return "ratio";
  }
  return "count";
}

MetricKind metric_kind_from_string(const std::string& text) {
  if (text == "count") return MetricKind::count;
  if (text == "level") return MetricKind::level;
  if (text == "ratio") return MetricKind::ratio;
  throw std::invalid_argument("unknown metric kind '" + text + "'");
}

int Results::metric_index(const std::string& name) const {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].name == name) return static_cast<int>(i);
  return -1;
}

int Results::trait_index(const std::string& name) const {
  for (std::size_t i = 0; i < traits.size(); ++i)
    if (traits[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace kyosei::sim
