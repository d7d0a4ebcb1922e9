// The one interval routine (sim/statistics.hpp): Student's t quantiles against known values
// and closed forms for df = 1 ... 200, and the intervals compare, budget and evaluate show.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "kyosei/sim/statistics.hpp"

namespace {

using namespace kyosei::sim;

TEST(StudentT, QuantilesMatchPublishedTables) {
  // t(0.975, df), to ten significant figures (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  const std::vector<std::pair<double, double>> known = {
      {1, 12.70620474},  {2, 4.302652730},   {3, 3.182446305},   {4, 2.776445105},
      {5, 2.570581836},  {6, 2.446911851},   {7, 2.364624252},   {8, 2.306004135},
      {9, 2.262157163},  {10, 2.228138852},  {15, 2.131449546},  {20, 2.085963447},
      {25, 2.059538553}, {30, 2.042272456},  {40, 2.021075390},  {50, 2.008559112},
      {60, 2.000297822}, {100, 1.983971519}, {120, 1.979930405}, {200, 1.971896224}};
  for (const auto& [dof, t] : known) EXPECT_NEAR(student_t_quantile(0.975, dof), t, 1e-8) << dof;
  EXPECT_NEAR(student_t_quantile(0.95, 10), 1.812461123, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.975, normal_dof), 1.959963985, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.025, 3), -3.182446305, 1e-8);  // symmetric
}

TEST(StudentT, QuantilesMatchClosedFormsAndFallTowardsTheNormalForEveryDofTo200) {
  for (double q : {0.6, 0.9, 0.975, 0.995}) {
    // df 1 is Cauchy; df 2 has t = (2q - 1) / sqrt(2 q (1 - q)).
    EXPECT_NEAR(student_t_quantile(q, 1), std::tan(std::numbers::pi * (q - 0.5)), 1e-9) << q;
    EXPECT_NEAR(student_t_quantile(q, 2), (2 * q - 1) / std::sqrt(2 * q * (1 - q)), 1e-9) << q;
  }
  const double z = student_t_quantile(0.975, normal_dof);
  double previous = student_t_quantile(0.975, 1);
  for (int dof = 2; dof <= 200; ++dof) {
    const double t = student_t_quantile(0.975, dof);
    EXPECT_LT(t, previous) << dof;
    EXPECT_GT(t, z) << dof;
    previous = t;
  }
  // Welch's degrees of freedom are fractional: the quantile lies between its neighbours'.
  EXPECT_LT(student_t_quantile(0.975, 3.5), student_t_quantile(0.975, 3));
  EXPECT_GT(student_t_quantile(0.975, 3.5), student_t_quantile(0.975, 4));
  EXPECT_THROW(student_t_quantile(0.975, 0), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(1.0, 5), std::invalid_argument);
}

TEST(Intervals, AMeanOverFiveReplicatesUsesFourDegreesOfFreedom) {
  const std::vector<double> v{1, 2, 3, 4, 5};  // mean 3, sd sqrt(2.5)
  const Interval i = mean_interval(v);
  EXPECT_EQ(i.mean, 3);
  EXPECT_EQ(i.dof, 4);
  EXPECT_NEAR(i.half_width(), 2.776445105 * std::sqrt(2.5) / std::sqrt(5.0), 1e-9);
  // One value has no spread: the value, with no width.
  const Interval one = mean_interval({7});
  EXPECT_FALSE(one.has_width());
  EXPECT_EQ(one.low, 7);
  EXPECT_EQ(one.high, 7);
}

TEST(Intervals, PairingRemovesWhatTwoArmsShare) {
  // Replicates differ a lot from one another, arms within a replicate by about 1: what
  // common random numbers give. Paired, the interval is about the 1; unpaired it is not.
  const std::vector<double> a{100, 140, 90, 160, 120}, b{101.2, 140.9, 91.1, 160.8, 121.0};
  const Interval p = paired_difference(a, b), w = welch_difference(a, b);
  EXPECT_NEAR(p.mean, 1.0, 1e-9);
  EXPECT_NEAR(w.mean, 1.0, 1e-9);
  EXPECT_EQ(p.dof, 4);
  EXPECT_GT(p.low, 0);                             // paired: the difference is clear
  EXPECT_LT(w.low, 0);                             // unpaired: lost in the replicates' spread
  EXPECT_LT(p.half_width() * 50, w.half_width());  // and fifty times narrower
  EXPECT_THROW(paired_difference(a, {1, 2}), std::invalid_argument);
}

TEST(Intervals, WelchUsesSatterthwaitesDegreesOfFreedom) {
  const std::vector<double> a{1, 2, 3, 4}, b{2, 6, 10, 14, 18, 22};
  const double va = 5.0 / 3 / 4, vb = 56.0 / 6;  // variance of the mean of each
  const double dof = (va + vb) * (va + vb) / (va * va / 3 + vb * vb / 5);
  const Interval w = welch_difference(a, b);
  EXPECT_NEAR(w.dof, dof, 1e-12);
  EXPECT_NEAR(w.half_width(), student_t_quantile(0.975, dof) * std::sqrt(va + vb), 1e-12);
  EXPECT_NEAR(w.mean, 12 - 2.5, 1e-12);
}

}  // namespace
