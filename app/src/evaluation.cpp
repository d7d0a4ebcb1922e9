#include "evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "summary.hpp"

namespace kyosei::app {

namespace {

// Solves a·x = b in place (a is k × k, row-major) by Gaussian elimination with partial
// pivoting; false when a is singular to working precision.
bool solve(std::vector<double> a, std::vector<double>& b) {
  const std::size_t k = b.size();
  double scale = 0;
  for (double v : a) scale = std::max(scale, std::fabs(v));
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::fabs(a[r * k + c]) > std::fabs(a[pivot * k + c])) pivot = r;
    if (!(std::fabs(a[pivot * k + c]) > 1e-12 * scale)) return false;
    if (pivot != c) {
      for (std::size_t j = 0; j < k; ++j) std::swap(a[c * k + j], a[pivot * k + j]);
      std::swap(b[c], b[pivot]);
    }
    for (std::size_t r = c + 1; r < k; ++r) {
      const double f = a[r * k + c] / a[c * k + c];
      for (std::size_t j = c; j < k; ++j) a[r * k + j] -= f * a[c * k + j];
      b[r] -= f * b[c];
    }
  }
  for (std::size_t c = k; c-- > 0;) {
    for (std::size_t j = c + 1; j < k; ++j) b[c] -= a[c * k + j] * b[j];
    b[c] /= a[c * k + c];
  }
  return true;
}

bool adopted_by(int adoption, int year) {
  return adoption != 0 && adoption <= year;
}

// One cohort-year cell of Callaway & Sant'Anna: its estimate, the true value, the cohort's
// size (its weight in aggregates) and each unit's contribution to the estimate's error
// (influence function / number of units), with small-sample corrections.
struct Cell {
  int event_time = 0;
  double weight = 0;
  double att = 0;
  double truth = not_available;
  std::vector<double> influence;  // [unit]
};

// Weighted average of cells: the estimate, its truth, and a standard error from the summed
// contributions (units are independent clusters; a unit's contributions to several cells add).
EffectEstimate aggregate(const std::vector<const Cell*>& cells, std::size_t units) {
  EffectEstimate out;
  double total = 0;
  for (const Cell* c : cells) total += c->weight;
  if (cells.empty() || !(total > 0)) {
    out.problem = "no cohort-year cell could be estimated";
    return out;
  }
  std::vector<double> influence(units, 0.0);
  out.estimate = 0;
  out.truth = 0;
  for (const Cell* c : cells) {
    const double w = c->weight / total;
    out.estimate += w * c->att;
    out.truth += w * c->truth;
    for (std::size_t i = 0; i < units; ++i) influence[i] += w * c->influence[i];
  }
  double variance = 0;
  for (double l : influence) {
    variance += l * l;
    out.units += l != 0.0;
  }
  out.se = std::sqrt(variance);
  return out;
}

}  // namespace

EffectEstimate naive_difference(const Panel& panel) {
  EffectEstimate out;
  const std::size_t last = panel.years.size() - 1;
  std::vector<double> adopters, others, effects;
  for (std::size_t i = 0; i < panel.units.size(); ++i) {
    const bool adopted = adopted_by(panel.adoption[i], panel.years[last]);
    (adopted ? adopters : others).push_back(panel.at(i, last));
    if (adopted && panel.effect) effects.push_back(panel.effect_at(i, last));
  }
  out.units = static_cast<int>(adopters.size() + others.size());
  if (adopters.size() < 2 || others.size() < 2) {
    out.problem = "needs two municipalities that have adopted by " +
                  std::to_string(panel.years[last]) + " and two that have not";
    return out;
  }
  const sim::Interval welch = sim::welch_difference(others, adopters);
  out.estimate = welch.mean;
  out.se = welch.se;
  out.dof = welch.dof;
  if (panel.effect) out.truth = sim::mean_of(effects);
  return out;
}

EffectEstimate twfe_difference_in_differences(const Panel& panel) {
  EffectEstimate out;
  const std::size_t n = panel.units.size(), t = panel.years.size();
  out.units = static_cast<int>(n);
  if (n < 2 || t < 2) {
    out.problem = "needs two municipalities and two years";
    return out;
  }
  std::vector<double> d(n * t);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t s = 0; s < t; ++s)
      d[i * t + s] = adopted_by(panel.adoption[i], panel.years[s]) ? 1.0 : 0.0;
  // Two-way demeaning is exact for a balanced panel.
  auto demeaned = [&](const std::vector<double>& x) {
    std::vector<double> unit(n, 0.0), year(t, 0.0);
    double all = 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t s = 0; s < t; ++s) {
        unit[i] += x[i * t + s] / static_cast<double>(t);
        year[s] += x[i * t + s] / static_cast<double>(n);
        all += x[i * t + s] / static_cast<double>(n * t);
      }
    std::vector<double> out_x(n * t);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t s = 0; s < t; ++s) out_x[i * t + s] = x[i * t + s] - unit[i] - year[s] + all;
    return out_x;
  };
  const std::vector<double> dd = demeaned(d), yy = demeaned(panel.y);
  double sdd = 0, sdy = 0;
  for (std::size_t k = 0; k < n * t; ++k) {
    sdd += dd[k] * dd[k];
    sdy += dd[k] * yy[k];
  }
  if (!(sdd > 1e-9)) {
    out.problem =
        "adoption does not vary beyond municipality and year (nobody adopts within "
        "the panel, or everybody at once)";
    return out;
  }
  out.estimate = sdy / sdd;
  double meat = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double score = 0;
    for (std::size_t s = 0; s < t; ++s)
      score += dd[i * t + s] * (yy[i * t + s] - out.estimate * dd[i * t + s]);
    meat += score * score;
  }
  out.se = std::sqrt(static_cast<double>(n) / static_cast<double>(n - 1) * meat) / sdd;
  out.dof = static_cast<double>(n - 1);  // CR1 with n clusters
  if (panel.effect) {
    double sum = 0, cells = 0;
    for (std::size_t k = 0; k < n * t; ++k)
      if (d[k] > 0) {
        sum += (*panel.effect)[k];
        cells += 1;
      }
    out.truth = sum / cells;
  }
  return out;
}

StaggeredResult callaway_santanna(const Panel& panel, const StaggeredOptions& options) {
  StaggeredResult result;
  const std::size_t n = panel.units.size(), t = panel.years.size();
  const int first = panel.years.front(), last = panel.years.back();
  const int delta = options.anticipation;

  // Covariates, standardised; those that do not vary carry no information and are dropped.
  std::vector<std::vector<double>> z;
  for (std::size_t k = 0; k < panel.covariates.size(); ++k) {
    if (std::optional<std::vector<double>> scaled = sim::standardised(panel.covariates[k]))
      z.push_back(std::move(*scaled));
    else
      result.notes.push_back("covariate " + panel.covariate_names[k] +
                             " is the same everywhere: dropped");
  }
  const std::size_t k = 1 + z.size();  // intercept and covariates
  auto row = [&](std::size_t i) {
    std::vector<double> x(k, 1.0);
    for (std::size_t c = 0; c < z.size(); ++c) x[c + 1] = z[c][i];
    return x;
  };

  std::set<int> cohorts;
  int too_early = 0;
  for (int g : panel.adoption) {
    if (g == 0 || g > last) continue;
    if (g - 1 - delta < first)
      ++too_early;
    else
      cohorts.insert(g);
  }
  if (too_early > 0)
    result.notes.push_back(std::to_string(too_early) +
                           " municipalities adopted before a base year could be observed: "
                           "not in any cohort");

  auto comparison = [&](int adoption, int g, int through) {
    if (adoption == g) return false;
    if (options.comparison == Comparison::never_adopted) return adoption == 0 || adoption > last;
    return adoption == 0 || adoption - delta > through;
  };

  std::vector<Cell> cells;
  for (const int g : cohorts) {
    const int base_year = g - 1 - delta;
    const auto b = static_cast<std::size_t>(base_year - first);
    std::vector<std::size_t> treated;
    for (std::size_t i = 0; i < n; ++i)
      if (panel.adoption[i] == g) treated.push_back(i);
    const double n_g = static_cast<double>(treated.size());
    for (std::size_t s = 0; s < t; ++s) {
      if (s == b) continue;
      const int year = panel.years[s];
      std::vector<std::size_t> controls;
      for (std::size_t i = 0; i < n; ++i)
        if (comparison(panel.adoption[i], g, std::max(year, base_year))) controls.push_back(i);
      if (controls.size() < k + 1) {
        ++result.cells_skipped;
        continue;
      }
      auto change = [&](std::size_t i) { return panel.at(i, s) - panel.at(i, b); };
      // Outcome regression of the change on the covariates among the comparison units.
      std::vector<double> xtx(k * k, 0.0), beta(k, 0.0);
      for (std::size_t i : controls) {
        const std::vector<double> x = row(i);
        for (std::size_t p = 0; p < k; ++p) {
          beta[p] += x[p] * change(i);
          for (std::size_t q = 0; q < k; ++q) xtx[p * k + q] += x[p] * x[q];
        }
      }
      if (!solve(xtx, beta)) {
        ++result.cells_skipped;
        continue;
      }
      auto predicted = [&](std::size_t i) {
        const std::vector<double> x = row(i);
        double sum = 0;
        for (std::size_t p = 0; p < k; ++p) sum += x[p] * beta[p];
        return sum;
      };
      Cell cell;
      cell.event_time = year - g;
      cell.weight = n_g;
      cell.influence.assign(n, 0.0);
      std::vector<double> x_treated(k, 0.0);
      double att = 0;
      for (std::size_t i : treated) {
        att += (change(i) - predicted(i)) / n_g;
        const std::vector<double> x = row(i);
        for (std::size_t p = 0; p < k; ++p) x_treated[p] += x[p] / n_g;
      }
      cell.att = att;
      // Treated units: their own deviation; comparison units: through the fitted regression,
      // -x̄_g' (X'X)^-1 x_i e_i. Corrections n/(n-1) and n/(n-k) make the plain difference of
      // means reproduce the two-sample (Welch) variance.
      const double treated_scale = n_g > 1 ? std::sqrt(n_g / (n_g - 1)) : 1.0;
      const double n_c = static_cast<double>(controls.size());
      const double control_scale = std::sqrt(n_c / (n_c - static_cast<double>(k)));
      std::vector<double> lever = x_treated;  // (X'X)^-1 x̄_g
      solve(xtx, lever);
      for (std::size_t i : treated)
        cell.influence[i] = treated_scale * (change(i) - predicted(i) - att) / n_g;
      for (std::size_t i : controls) {
        const std::vector<double> x = row(i);
        double h = 0;
        for (std::size_t p = 0; p < k; ++p) h += lever[p] * x[p];
        cell.influence[i] = -control_scale * h * (change(i) - predicted(i));
      }
      if (panel.effect) {
        cell.truth = 0;
        for (std::size_t i : treated) cell.truth += panel.effect_at(i, s) / n_g;
      }
      cells.push_back(std::move(cell));
    }
  }
  result.cells = static_cast<int>(cells.size());

  std::vector<const Cell*> post;
  std::set<int> event_times;
  for (const Cell& c : cells) {
    if (c.event_time >= 0) post.push_back(&c);
    event_times.insert(c.event_time);
  }
  result.overall = aggregate(post, n);
  for (const int e : event_times) {
    std::vector<const Cell*> at_e;
    for (const Cell& c : cells)
      if (c.event_time == e) at_e.push_back(&c);
    result.event.push_back({e, static_cast<int>(at_e.size()), aggregate(at_e, n)});
  }
  if (!panel.effect) {
    result.overall.truth = not_available;
    for (EventTimeEstimate& e : result.event) e.estimate.truth = not_available;
  }
  return result;
}

}  // namespace kyosei::app
