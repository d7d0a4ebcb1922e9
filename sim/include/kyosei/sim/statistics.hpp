#pragma once
// Small statistics over replicate or unit values, shared by models (ranking units by
// standardised traits) and the application's summaries and estimators, and the one place
// intervals are made: Student's t quantiles are computed (Boost.Math), never read from a table.

#include <limits>
#include <optional>
#include <vector>

namespace kyosei::sim {

// Mean (0 when empty) and sample variance (0 below two values).
double mean_of(const std::vector<double>& v);
double variance_of(const std::vector<double>& v);
// Values less their mean over their standard deviation (population); none when they do not vary.
std::optional<std::vector<double>> standardised(std::vector<double> x);

// The q-quantile (0 < q < 1) of Student's t with `dof` degrees of freedom. `dof` may be
// fractional (Welch-Satterthwaite); infinity gives the standard normal quantile.
double student_t_quantile(double q, double dof);

// An estimate with its two-sided interval. With too few values for a spread (dof 0), the
// interval is the estimate itself and `has_width()` is false.
struct Interval {
  double mean = 0;
  double low = 0;
  double high = 0;
  double dof = 0;  // degrees of freedom of the t quantile used; infinity: normal
  double se = 0;   // standard error of the estimate
  bool has_width() const { return dof > 0; }
  double half_width() const { return (high - low) / 2; }
};

inline constexpr double default_level = 0.95;
inline constexpr double normal_dof = std::numeric_limits<double>::infinity();

// estimate ± t((1 + level) / 2, dof) · se; dof <= 0 gives no width.
Interval interval_of(double estimate, double se, double dof, double level = default_level);
// The mean of independent values (replicates): t with n - 1 degrees of freedom.
Interval mean_interval(const std::vector<double>& values, double level = default_level);
// mean(b) - mean(a) for independent samples: Welch's interval (Satterthwaite's dof).
Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double level = default_level);
// b - a pair by pair (the same replicate of two arms drawing common random numbers): the mean
// of b_i - a_i with a t interval on n - 1 degrees of freedom. `a` and `b` have equal sizes.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double level = default_level);

}  // namespace kyosei::sim
