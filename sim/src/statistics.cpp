#include "kyosei/sim/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

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

double student_t_quantile(double q, double dof) {
  if (!(q > 0 && q < 1) || !(dof > 0))
    throw std::invalid_argument("student_t_quantile: needs 0 < q < 1 and dof > 0");
  if (std::isinf(dof)) return boost::math::quantile(boost::math::normal_distribution<double>(), q);
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), q);
}

Interval interval_of(double estimate, double se, double dof, double level) {
  if (!(dof > 0) || !std::isfinite(se)) return {estimate, estimate, estimate, 0, se};
  const double half = student_t_quantile((1 + level) / 2, dof) * se;
  return {estimate, estimate - half, estimate + half, dof, se};
}

Interval mean_interval(const std::vector<double>& values, double level) {
  const double n = static_cast<double>(values.size());
  return interval_of(mean_of(values), std::sqrt(variance_of(values) / std::max(1.0, n)), n - 1,
                     level);
}

Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double level) {
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double va = variance_of(a) / std::max(1.0, na), vb = variance_of(b) / std::max(1.0, nb);
  double dof = std::min(na, nb) - 1;
  if (va + vb > 0 && na > 1 && nb > 1)
    dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  return interval_of(mean_of(b) - mean_of(a), std::sqrt(va + vb), dof, level);
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double level) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_difference: the samples differ in size");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return mean_interval(d, level);
}

}  // namespace kyosei::sim
