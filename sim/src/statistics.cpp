#include "kyosei/sim/statistics.hpp"

#include <cmath>

namespace kyosei::sim {

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}

std::optional<std::vector<double>> standardised(std::vector<double> x) {
  const double mean = mean_of(x);
  double square = 0;
  for (double v : x) square += (v - mean) * (v - mean);
  const double sd = std::sqrt(square / static_cast<double>(x.size()));
  if (!(sd > 1e-12 * (std::fabs(mean) + 1))) return std::nullopt;
  for (double& v : x) v = (v - mean) / sd;
  return x;
}

}  // namespace kyosei::sim
