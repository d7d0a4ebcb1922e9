#pragma once
// Estimators of the effect of a staggered policy adoption from a municipality × fiscal-year
// panel, each beside the true effect when a counterfactual twin provides it (docs/evaluation.md):
//
//   naive    adopters minus the others in the panel's last year (Welch standard error);
//   TWFE     two-way fixed-effects difference-in-differences, y = unit + year + β·adopted,
//            standard error clustered by municipality;
//   CS       Callaway & Sant'Anna (2021): an average effect for every adoption cohort g and
//            year t against a base year before adoption, from the change in never- or
//            not-yet-adopted municipalities (optionally adjusted for time-invariant covariates
//            by regression, Sant'Anna & Zhao 2020), aggregated by cohort size over all
//            post-adoption cells and by years since adoption; standard errors from the
//            estimators' influence functions, clustered by municipality.
//
// Estimates are the researcher's view: observed outcomes only. Truths use the twin: the
// effect of unit i in year t is its outcome minus its twin's, averaged over exactly the cells
// (units, years, weights) the estimator targets.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "kyosei/sim/model.hpp"
#include "kyosei/sim/statistics.hpp"

namespace kyosei::app {

// A balanced panel: y[unit * years.size() + year index].
struct Panel {
  std::vector<std::string> units;
  std::vector<int> years;     // consecutive fiscal years
  std::vector<double> y;      // observed outcome
  std::vector<int> adoption;  // fiscal year each unit adopts; 0: never
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // [covariate][unit], fixed over time
  std::optional<std::vector<double>> effect;    // the true effect, laid out as y (from twins)

  double at(std::size_t unit, std::size_t year) const { return y[unit * years.size() + year]; }
  double effect_at(std::size_t unit, std::size_t year) const {
    return (*effect)[unit * years.size() + year];
  }
};

constexpr double not_available = std::numeric_limits<double>::quiet_NaN();

struct EffectEstimate {
  double estimate = not_available;
  double se = not_available;
  double truth = not_available;  // the same quantity from the twins, when known
  int units = 0;                 // municipalities that entered the estimate
  // Of the se: Welch's for the naive difference, clusters - 1 for TWFE's CR1, normal for
  // Callaway-Sant'Anna's influence functions.
  double dof = sim::normal_dof;
  std::string problem;  // why there is no estimate, if there is none

  bool ok() const { return problem.empty(); }
  // The 95% interval, from the one interval routine (sim/statistics.hpp).
  sim::Interval interval() const { return sim::interval_of(estimate, se, dof); }
  double lower() const { return interval().low; }
  double upper() const { return interval().high; }
  bool covers_truth() const { return ok() && truth >= lower() && truth <= upper(); }
};

// Adopters (adoption year within the panel) minus the others, in the last year of the panel.
EffectEstimate naive_difference(const Panel& panel);

// β of y_it = a_i + b_t + β·D_it + e_it, D_it = 1 from the adoption year on.
EffectEstimate twfe_difference_in_differences(const Panel& panel);

enum class Comparison { not_yet_adopted, never_adopted };

struct StaggeredOptions {
  int anticipation = 0;  // [years] before adoption already affected (移行準備): the base year
                         // is anticipation + 1 years before adoption
  Comparison comparison = Comparison::not_yet_adopted;
};

struct EventTimeEstimate {
  int event_time = 0;  // [years] since adoption
  int cohorts = 0;     // adoption cohorts that contributed
  EffectEstimate estimate;
};

struct StaggeredResult {
  EffectEstimate overall;                // all post-adoption cells, weighted by cohort size
  std::vector<EventTimeEstimate> event;  // by years since adoption, base year omitted
  int cells = 0;                         // cohort-year cells estimated
  int cells_skipped = 0;                 // cells without enough comparison units
  std::vector<std::string> notes;
};

StaggeredResult callaway_santanna(const Panel& panel, const StaggeredOptions& options);

// --- `kyosei evaluate`: the panels of a result file and the three estimators on each ---

struct EvaluationOptions {
  std::string file;  // the result file, named in messages
  std::string metric;
  std::vector<std::string> arms;        // empty: every arm with a twin (else every other arm)
  std::vector<std::string> covariates;  // traits (or log_population) for the CS adjustment
  std::optional<int> anticipation;      // [years]; default: the longest 移行準備 in the file
  Comparison comparison = Comparison::not_yet_adopted;
  bool per_1000 = true;  // counts and levels per 1,000 residents (ratios as they are)
  // What the model says the file's treatment is (ModelDescription): the unit level, the
  // traits that hold the start years, and the metric that counts residents.
  sim::TreatmentDesign treatment;
  std::string size_metric;
};

// A metric as municipality × fiscal-year panels, one per replicate: counts summed over the
// year, levels averaged over its samples, ratios of the summed parts. A sample belongs to the
// fiscal year of its interval's last day; only fiscal years simulated whole are kept.
struct PanelSet {
  std::string outcome;  // what y is, with units
  std::vector<Panel> replicates;
  int longest_transition = 0;  // [years] of 移行準備 before adoption, the longest in the arm
};
PanelSet build_panels(const sim::Results& results, std::size_t arm, int twin,
                      const EvaluationOptions& options);

struct ArmEvaluation {
  std::string arm;
  std::string twin;  // empty when the arm has none: truths unknown
  std::string outcome;
  Panel first;  // replicate 0's panel (units, years, adoption) for the summary lines
  int anticipation = 0;
  std::vector<EffectEstimate> naive, twfe;  // one per replicate
  std::vector<StaggeredResult> staggered;
};

// Throws InputError when the file cannot be evaluated (no adoption years, unknown names).
std::vector<ArmEvaluation> evaluate(const sim::Results& results, const EvaluationOptions& options);
std::string format_evaluation(const std::vector<ArmEvaluation>& arms,
                              const EvaluationOptions& options);
// One row per arm, replicate, estimator and event time.
std::string format_evaluation_csv(const std::vector<ArmEvaluation>& arms);

}  // namespace kyosei::app
