// `kyosei evaluate`: a result file's outcome as municipality × fiscal-year panels, the three
// estimators on each replicate's panel, and the tables that show them beside the truth.

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "evaluation.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/results.hpp"
#include "summary.hpp"

namespace kyosei::app {

namespace {

// Bad input names what is wrong: the file, or the flag (`--metric nope`).
[[noreturn]] void refuse(const std::string& where, const std::string& problem) {
  throw sim::InputError(sim::Location{where, 0, 0}, "", problem);
}

// Which fiscal year each sample's interval ends in, and which fiscal years were simulated whole.
struct YearMap {
  std::vector<int> years;            // whole fiscal years, in order
  std::vector<int> year_of_sample;   // index into years, or -1
  std::vector<int> samples_in_year;  // samples falling in each whole year
};

YearMap year_map(const sim::Results& r, const std::string& file, unsigned first_month) {
  const std::optional<sim::Date> start = sim::parse_date(r.start_date);
  if (!start || r.times.empty()) refuse(file, "the file has no usable time axis");
  const int end = r.times.back();  // [days] simulated
  const sim::Clock clock(*start, end);
  YearMap map;
  auto year = [&](int day) { return clock.accounting_year(day, first_month); };
  for (int fy = year(0); fy <= year(std::max(0, end - 1)); ++fy)
    if (year(-1) < fy && year(end) > fy) map.years.push_back(fy);
  map.samples_in_year.assign(map.years.size(), 0);
  for (const std::int32_t day : r.times) {
    const int fy = year(std::max(0, day - 1));  // the interval's last day
    int index = -1;
    if (!map.years.empty() && fy >= map.years.front() && fy <= map.years.back())
      index = fy - map.years.front();
    map.year_of_sample.push_back(index);
    if (index >= 0) ++map.samples_in_year[static_cast<std::size_t>(index)];
  }
  return map;
}

// A metric of one arm and replicate, per municipality and whole fiscal year.
std::vector<double> yearly(const sim::Results& r, const std::string& file, int metric,
                           std::size_t arm, std::size_t replicate,
                           const std::vector<std::size_t>& regions, const YearMap& map) {
  const sim::MetricInfo& info = r.metrics[static_cast<std::size_t>(metric)];
  const std::size_t t = map.years.size();
  if (info.kind == sim::MetricKind::ratio) {
    const int num = r.metric_index(info.numerator), den = r.metric_index(info.denominator);
    if (num < 0 || den < 0) refuse(file, info.name + ": its numerator or denominator is missing");
    const std::vector<double> a = yearly(r, file, num, arm, replicate, regions, map);
    const std::vector<double> b = yearly(r, file, den, arm, replicate, regions, map);
    std::vector<double> out(a.size());
    for (std::size_t k = 0; k < a.size(); ++k) out[k] = b[k] != 0 ? a[k] / b[k] : 0.0;
    return out;
  }
  std::vector<double> out(regions.size() * t, 0.0);
  const std::vector<double>& series = r.series[static_cast<std::size_t>(metric)];
  for (std::size_t s = 0; s < r.times.size(); ++s) {
    const int year = map.year_of_sample[s];
    if (year < 0 || (info.kind == sim::MetricKind::count && r.times[s] == 0)) continue;
    const auto y = static_cast<std::size_t>(year);
    const double share = info.kind == sim::MetricKind::level
                             ? 1.0 / static_cast<double>(map.samples_in_year[y])
                             : 1.0;
    for (std::size_t u = 0; u < regions.size(); ++u)
      out[u * t + y] += share * series[r.index(arm, replicate, s, regions[u])];
  }
  return out;
}

// A trait of the units, or the logarithm of the size trait as `log_<size>` (covariates).
std::vector<double> trait_of(const sim::Results& r, const EvaluationOptions& options,
                             const std::string& name, std::size_t arm,
                             const std::vector<std::size_t>& regions) {
  const std::string& size = options.size_metric;
  const bool logged = !size.empty() && name == "log_" + size;
  const int k = r.trait_index(logged ? size : name);
  if (k < 0) {
    std::string known;
    for (const sim::TraitInfo& t : r.traits)
      known += (known.empty() ? "" : ", ") + t.name +
               (!size.empty() && t.name == size ? ", log_" + size : std::string());
    const sim::TreatmentDesign& design = options.treatment;
    refuse(name == design.start_trait || name == design.anticipation_trait ? options.file
                                                                           : "--covariate " + name,
           "the file has no trait '" + name + "' (it has: " +
               (known.empty() ? "none: it was written before traits were recorded; run it again"
                              : known) +
               ")");
  }
  std::vector<double> out;
  for (std::size_t region : regions) {
    const double v = r.trait_values[static_cast<std::size_t>(k)][arm * r.regions.size() + region];
    out.push_back(logged ? std::log(std::max(1.0, v)) : v);
  }
  return out;
}

}  // namespace

PanelSet build_panels(const sim::Results& r, std::size_t arm, int twin,
                      const EvaluationOptions& options) {
  const int metric = r.metric_index(options.metric);
  if (metric < 0)
    refuse("--metric " + options.metric, "no metric named '" + options.metric + "' (kyosei info " +
                                             options.file + " lists them)");
  if (options.treatment.empty())
    refuse(options.file, "this model describes no treatment to evaluate");
  std::vector<std::size_t> regions;
  for (std::size_t i = 0; i < r.regions.size(); ++i)
    if (r.regions[i].level == options.treatment.unit_level) regions.push_back(i);
  if (regions.size() < 2) refuse(options.file, "an evaluation needs at least two municipalities");
  const YearMap map = year_map(r, options.file, options.treatment.year_first_month);
  if (map.years.size() < 2)
    refuse(options.file, "an evaluation needs at least two whole fiscal years of results");
  for (std::size_t y = 0; y < map.years.size(); ++y)
    if (map.samples_in_year[y] == 0)
      refuse(options.file, "fiscal year " + std::to_string(map.years[y]) +
                               " has no sample: its output interval is longer than a year");

  const sim::MetricInfo& info = r.metrics[static_cast<std::size_t>(metric)];
  const int population = options.size_metric.empty() ? -1 : r.metric_index(options.size_metric);
  const bool scaled = options.per_1000 && info.kind != sim::MetricKind::ratio && population >= 0 &&
                      population != metric;
  PanelSet out;
  out.outcome = info.name + " [" + info.units + (scaled ? " per 1,000 residents" : "") +
                (info.kind == sim::MetricKind::count   ? ", sum over the fiscal year]"
                 : info.kind == sim::MetricKind::level ? ", mean over the fiscal year]"
                                                       : ", over the fiscal year]");

  Panel base;
  for (std::size_t region : regions) base.units.push_back(r.regions[region].name);
  base.years = map.years;
  for (double year : trait_of(r, options, options.treatment.start_trait, arm, regions))
    base.adoption.push_back(std::isfinite(year) ? static_cast<int>(year) : 0);
  // 移行準備 is anticipation: the default base year comes before the longest one.
  if (const std::string& anticipation = options.treatment.anticipation_trait;
      !anticipation.empty() && r.trait_index(anticipation) >= 0) {
    const std::vector<double> prepared = trait_of(r, options, anticipation, arm, regions);
    for (std::size_t u = 0; u < regions.size(); ++u)
      if (prepared[u] > 0 && base.adoption[u] > 0)
        out.longest_transition =
            std::max(out.longest_transition, base.adoption[u] - static_cast<int>(prepared[u]));
  }
  for (const std::string& name : options.covariates) {
    base.covariate_names.push_back(name);
    base.covariates.push_back(trait_of(r, options, name, arm, regions));
  }
  auto outcome = [&](std::size_t a, std::size_t replicate) {
    std::vector<double> y = yearly(r, options.file, metric, a, replicate, regions, map);
    if (scaled) {
      const std::vector<double> people =
          yearly(r, options.file, population, a, replicate, regions, map);
      for (std::size_t k = 0; k < y.size(); ++k) y[k] = people[k] > 0 ? 1000 * y[k] / people[k] : 0;
    }
    return y;
  };
  for (std::size_t replicate = 0; replicate < static_cast<std::size_t>(r.replicates); ++replicate) {
    Panel panel = base;
    panel.y = outcome(arm, replicate);
    if (twin >= 0) {
      std::vector<double> effect = panel.y;
      const std::vector<double> without = outcome(static_cast<std::size_t>(twin), replicate);
      for (std::size_t k = 0; k < effect.size(); ++k) effect[k] -= without[k];
      panel.effect = std::move(effect);
    }
    out.replicates.push_back(std::move(panel));
  }
  return out;
}

std::vector<ArmEvaluation> evaluate(const sim::Results& r, const EvaluationOptions& options) {
  std::vector<std::size_t> arms;
  auto twin_of = [&](std::size_t arm) {
    for (std::size_t b = 0; b < r.counterfactual_of.size(); ++b)
      if (r.counterfactual_of[b] == static_cast<std::int32_t>(arm)) return static_cast<int>(b);
    return -1;
  };
  for (const std::string& name : options.arms) {
    arms.push_back(arm_index(r, name, "--arm"));
    if (const std::int32_t of =
            arms.back() < r.counterfactual_of.size() ? r.counterfactual_of[arms.back()] : -1;
        of >= 0)
      refuse("--arm " + name, "'" + name + "' is the counterfactual twin of '" +
                                  r.arms[static_cast<std::size_t>(of)] + "': evaluate that arm");
  }
  if (arms.empty()) {
    for (std::size_t a = 0; a < r.arms.size(); ++a)
      if (twin_of(a) >= 0) arms.push_back(a);
    if (arms.empty())  // no twins: every arm, estimates without truths
      for (std::size_t a = 0; a < r.arms.size(); ++a) arms.push_back(a);
  }
  if (options.anticipation && (*options.anticipation < 0 || *options.anticipation > 10))
    refuse("--anticipation " + std::to_string(*options.anticipation), "expected 0 to 10 years");

  std::vector<ArmEvaluation> out;
  for (const std::size_t arm : arms) {
    const int twin = twin_of(arm);
    const PanelSet panels = build_panels(r, arm, twin, options);
    ArmEvaluation e;
    e.arm = r.arms[arm];
    e.twin = twin >= 0 ? r.arms[static_cast<std::size_t>(twin)] : "";
    e.outcome = panels.outcome;
    e.first = panels.replicates.front();
    e.anticipation = options.anticipation.value_or(panels.longest_transition);
    const StaggeredOptions staggered{e.anticipation, options.comparison};
    for (const Panel& panel : panels.replicates) {
      e.naive.push_back(naive_difference(panel));
      e.twfe.push_back(twfe_difference_in_differences(panel));
      e.staggered.push_back(callaway_santanna(panel, staggered));
    }
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

// Means over replicates of an estimator's numbers, and how many intervals held the truth.
struct Summary {
  double estimate = 0, se = 0, truth = 0;
  double dof = sim::normal_dof;  // the fewest of the replicates' estimates
  int replicates = 0, covered = 0;
  std::string problem;
};

Summary summarise(const std::vector<const EffectEstimate*>& estimates) {
  Summary s;
  for (const EffectEstimate* e : estimates) {
    if (!e->ok()) {
      s.problem = e->problem;
      continue;
    }
    s.estimate += e->estimate;
    s.se += e->se;
    s.truth += e->truth;
    s.covered += e->covers_truth();
    s.dof = std::min(s.dof, e->dof);
    ++s.replicates;
  }
  if (s.replicates > 0) {
    const double n = static_cast<double>(s.replicates);
    s.estimate /= n;
    s.se /= n;
    s.truth /= n;
  }
  return s;
}

std::string signed_number(double x) {
  return std::isfinite(x) ? number(x) : "-";
}

std::vector<std::string> summary_row(const std::string& name, const Summary& s, bool truths) {
  if (s.replicates == 0) return {name, "-", "-", "-", "-", "-", "-", s.problem};
  const sim::Interval interval = sim::interval_of(s.estimate, s.se, s.dof);
  const double low = interval.low, high = interval.high;
  return {name,
          number(s.estimate),
          number(s.se),
          "[" + number(low) + ", " + number(high) + "]",
          truths ? signed_number(s.truth) : "-",
          truths ? signed_number(s.estimate - s.truth) : "-",
          truths ? std::to_string(s.covered) + "/" + std::to_string(s.replicates) : "-",
          ""};
}

}  // namespace

std::string format_evaluation(const std::vector<ArmEvaluation>& arms,
                              const EvaluationOptions& options) {
  std::ostringstream out;
  for (const ArmEvaluation& e : arms) {
    const bool truths = !e.twin.empty();
    const Panel& p = e.first;
    std::map<int, int> cohorts;
    for (int g : p.adoption) ++cohorts[g];
    out << "arm " << e.arm
        << (truths ? " (true effects from its twin " + e.twin + ")"
                   : " (no counterfactual twin: run with --counterfactual for true effects)")
        << "\n"
        << "outcome: " << e.outcome << "\n"
        << p.units.size() << " municipalities, fiscal years " << p.years.front() << "-"
        << p.years.back() << ", " << e.naive.size() << " replicate"
        << (e.naive.size() == 1 ? "" : "s") << "; adoption by fiscal year:";
    for (const auto& [g, count] : cohorts)
      out << " " << (g == 0 ? std::string("never") : std::to_string(g)) << " " << count;
    out << "\n";
    const char* comparison =
        options.comparison == Comparison::never_adopted ? "never adopted" : "not yet adopted";
    out << "anticipation " << e.anticipation << " year" << (e.anticipation == 1 ? "" : "s")
        << " (移行準備): Callaway-Sant'Anna compares with " << comparison
        << " municipalities from base year g-" << e.anticipation + 1;
    if (!options.covariates.empty()) {
      out << ", adjusted for";
      for (const std::string& c : options.covariates) out << " " << c;
    }
    out << "\n\n";

    std::vector<const EffectEstimate*> naive, twfe, cs;
    for (std::size_t k = 0; k < e.naive.size(); ++k) {
      naive.push_back(&e.naive[k]);
      twfe.push_back(&e.twfe[k]);
      cs.push_back(&e.staggered[k].overall);
    }
    std::vector<std::vector<std::string>> rows{
        {"estimator", "estimate", "SE", "95% interval", "true", "bias", "covered", ""}};
    rows.push_back(summary_row("naive: adopters - others, FY" + std::to_string(p.years.back()),
                               summarise(naive), truths));
    rows.push_back(summary_row("two-way fixed effects DiD", summarise(twfe), truths));
    rows.push_back(
        summary_row("Callaway-Sant'Anna, all post-adoption years", summarise(cs), truths));
    out << format_table(rows);
    out << "\nevent study (Callaway-Sant'Anna), by years since adoption:\n";
    std::map<int, std::vector<const EffectEstimate*>> by_event;
    std::map<int, int> cohorts_at;
    for (const StaggeredResult& s : e.staggered)
      for (const EventTimeEstimate& ev : s.event) {
        by_event[ev.event_time].push_back(&ev.estimate);
        cohorts_at[ev.event_time] = std::max(cohorts_at[ev.event_time], ev.cohorts);
      }
    std::vector<std::vector<std::string>> events{
        {"years", "cohorts", "estimate", "SE", "95% interval", "true", "covered"}};
    for (const auto& [event_time, list] : by_event) {
      const std::vector<std::string> r = summary_row("", summarise(list), truths);
      events.push_back({std::to_string(event_time), std::to_string(cohorts_at[event_time]), r[1],
                        r[2], r[3], r[4], r[6]});
    }
    out << format_table(events);
    std::vector<std::string> notes;
    for (const StaggeredResult& s : e.staggered) {
      for (const std::string& n : s.notes)
        if (std::find(notes.begin(), notes.end(), n) == notes.end()) notes.push_back(n);
      if (s.cells_skipped > 0) {
        const std::string n =
            std::to_string(s.cells_skipped) + " cohort-years had too few comparison municipalities";
        if (std::find(notes.begin(), notes.end(), n) == notes.end()) notes.push_back(n);
      }
    }
    for (const std::string& n : notes) out << "note: " << n << "\n";
    out << "\n";
  }
  out << "estimate, SE and true: means over replicates; covered: replicates whose 95% interval "
         "holds that replicate's true value (docs/evaluation.md)\n";
  return out.str();
}

std::string format_evaluation_csv(const std::vector<ArmEvaluation>& arms) {
  std::ostringstream out;
  out << "arm,replicate,estimator,event_time,estimate,se,lower,upper,truth,units\n";
  auto row = [&](const ArmEvaluation& e, std::size_t replicate, const char* estimator,
                 const std::string& event_time, const EffectEstimate& x) {
    auto value = [](double v) {
      if (!std::isfinite(v)) return std::string();
      std::ostringstream text;
      text.precision(10);
      text << v;
      return text.str();
    };
    out << csv_field(e.arm) << "," << replicate << "," << estimator << "," << event_time << ","
        << value(x.estimate) << "," << value(x.se) << "," << value(x.lower()) << ","
        << value(x.upper()) << "," << value(x.truth) << "," << x.units << "\n";
  };
  for (const ArmEvaluation& e : arms)
    for (std::size_t k = 0; k < e.naive.size(); ++k) {
      row(e, k, "naive", "", e.naive[k]);
      row(e, k, "twfe", "", e.twfe[k]);
      row(e, k, "callaway_santanna", "", e.staggered[k].overall);
      for (const EventTimeEstimate& ev : e.staggered[k].event)
        row(e, k, "callaway_santanna", std::to_string(ev.event_time), ev.estimate);
    }
  return out.str();
}

}  // namespace kyosei::app
