#pragma once
// Small statistics over replicate or unit values, shared by models (ranking units by
// standardised traits) and the application's summaries and estimators.

#include <optional>
#include <vector>

namespace kyosei::sim {

// Mean (0 when empty) and sample variance (0 below two values).
double mean_of(const std::vector<double>& v);
double variance_of(const std::vector<double>& v);
// Values less their mean over their standard deviation (population); none when they do not vary.
std::optional<std::vector<double>> standardised(std::vector<double> x);

}  // namespace kyosei::sim
