#include "summary.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/errors.hpp"

namespace kyosei::app {

namespace {

// The scenario-wide total: the region that encloses every other (the root of the tree).
int total_region(const sim::Results& r) {
  for (std::size_t i = 0; i < r.regions.size(); ++i)
    if (r.regions[i].parent.empty()) return static_cast<int>(i);
  return 0;
}

}  // namespace

std::string number(double x) {
  char buffer[64];
  const double a = std::fabs(x);
  if (a != 0 && (a < 0.01 || a >= 1e9))
    std::snprintf(buffer, sizeof buffer, "%.3g", x);
  else if (a < 10)
    std::snprintf(buffer, sizeof buffer, "%.3f", x);
  else
    std::snprintf(buffer, sizeof buffer, "%.1f", x);
  return buffer;
}

// Terminal columns of UTF-8 text: three- and four-byte characters (CJK) take two.
std::size_t columns_of(const std::string& s) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += len >= 3 ? 2 : 1;
    i += len;
  }
  return columns;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t columns = columns_of(s);
  return s + std::string(columns < width ? width - columns : 1, ' ');
}

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], columns_of(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c)
      line += c == 0 ? pad(row[c], width[c] + 2)
                     : std::string(width[c] - columns_of(row[c]) + 2, ' ') + row[c];
    out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  return out;
}

namespace {

// A mean with its interval, or the value alone when there is no spread to make one from.
std::string shown(const Estimate& e) {
  if (!e.has_width()) return number(e.mean);
  return number(e.mean) + " [" + number(e.low) + ", " + number(e.high) + "]";
}

}  // namespace

bool paired(const sim::Results& r) {
  return r.common_random_numbers && r.replicates > 1;
}

namespace {

// `values` minus `base`, replicate by replicate when the arms are paired.
Estimate difference(const sim::Results& r, const std::vector<double>& base,
                    const std::vector<double>& values) {
  return paired(r) ? sim::paired_difference(base, values) : sim::welch_difference(base, values);
}

}  // namespace

std::vector<double> per_replicate(const sim::Results& r, int metric, std::size_t arm,
                                  std::size_t region) {
  const sim::MetricInfo& info = r.metrics[metric];
  std::vector<double> out;
  if (info.kind == sim::MetricKind::ratio) {
    const int num = r.metric_index(info.numerator), den = r.metric_index(info.denominator);
    if (num >= 0 && den >= 0) {
      const std::vector<double> n = per_replicate(r, num, arm, region);
      const std::vector<double> d = per_replicate(r, den, arm, region);
      for (std::size_t i = 0; i < n.size(); ++i) out.push_back(d[i] == 0 ? 0 : n[i] / d[i]);
      return out;
    }
  }
  const std::vector<double>& v = r.series[metric];
  const std::size_t last = r.times.size() - 1;
  for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep) {
    if (info.kind == sim::MetricKind::count) {
      double sum = 0;
      for (std::size_t t = 0; t < r.times.size(); ++t) sum += v[r.index(arm, rep, t, region)];
      out.push_back(sum);
    } else if (info.kind == sim::MetricKind::level) {
      out.push_back(v[r.index(arm, rep, last, region)]);
    } else {  // a ratio whose parts are not in the file: its mean over samples after day 0
      double sum = 0;
      for (std::size_t t = 1; t <= last; ++t) sum += v[r.index(arm, rep, t, region)];
      out.push_back(last == 0 ? v[r.index(arm, rep, 0, region)] : sum / static_cast<double>(last));
    }
  }
  return out;
}

std::string reduction_of(const sim::Results& r, int metric) {
  const sim::MetricInfo& info = r.metrics[metric];
  switch (info.kind) {
    case sim::MetricKind::count:
      return "sum over run";
    case sim::MetricKind::level:
      return "at end";
    case sim::MetricKind::ratio: {
      const int num = r.metric_index(info.numerator);
      if (num < 0 || r.metric_index(info.denominator) < 0) return "mean of samples";
      return r.metrics[num].kind == sim::MetricKind::level ? "at end" : "over run";
    }
  }
  return "";
}

std::vector<ComparisonRow> compare_arms(const sim::Results& r,
                                        const std::vector<std::string>& names,
                                        std::optional<std::size_t> baseline) {
  std::vector<ComparisonRow> rows;
  const auto region = static_cast<std::size_t>(total_region(r));
  const std::size_t base = baseline.value_or(static_cast<std::size_t>(r.baseline));
  for (const std::string& name : names) {
    const int m = r.metric_index(name);
    if (m < 0) throw sim::InputError("--metric " + name + ": no such metric in the file");
    ComparisonRow row{name, r.metrics[m].units, reduction_of(r, m), base, {}, {}};
    const std::vector<double> against = per_replicate(r, m, base, region);
    for (std::size_t a = 0; a < r.arms.size(); ++a) {
      const std::vector<double> values = per_replicate(r, m, a, region);
      row.arms.push_back(sim::mean_interval(values));
      row.differences.push_back(a == base ? Estimate{} : difference(r, against, values));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::size_t arm_index(const sim::Results& r, const std::string& name, const std::string& flag) {
  std::string known;
  for (std::size_t a = 0; a < r.arms.size(); ++a) {
    if (r.arms[a] == name) return a;
    known += (a ? ", " : "") + r.arms[a];
  }
  throw sim::InputError(sim::Location{flag + " " + name}, "",
                        "no arm named '" + name + "' (arms: " + known + ")");
}

int replicates_to_halve(int replicates) {
  if (replicates < 2) return 0;
  const auto width = [](int n) {
    return sim::student_t_quantile(0.975, n - 1) / std::sqrt(static_cast<double>(n));
  };
  const double target = width(replicates) / 2;
  int m = replicates + 1;
  while (width(m) > target) ++m;
  return m;
}

std::string format_comparison(const sim::Results& r, const std::vector<ComparisonRow>& rows) {
  std::ostringstream out;
  out << "Scenario '" << r.scenario_name << "': " << r.arms.size() << " arms, " << r.replicates
      << " replicates, " << (r.times.empty() ? 0 : r.times.back()) << " days from " << r.start_date
      << (r.warmup_years > 0 ? " after a " + std::to_string(r.warmup_years) + "-year warm-up" : "")
      << "; scenario-wide total, ";
  if (r.replicates < 2)
    out << "values of the one replicate (no interval: a spread needs 2 replicates or more)\n";
  else
    out << "mean [95% interval over replicates]; differences "
        << (paired(r) ? "paired by replicate (common random numbers)"
                      : "of independent arms (Welch)")
        << "\n";
  const std::size_t base = rows.empty() ? static_cast<std::size_t>(r.baseline) : rows[0].baseline;
  std::vector<std::string> header{"metric", "reduction"};
  for (const std::string& arm : r.arms) header.push_back(arm);
  for (std::size_t a = 0; a < r.arms.size(); ++a)
    if (a != base) header.push_back(r.arms[a] + " - " + r.arms[base]);
  std::vector<std::vector<std::string>> table{header};
  for (const ComparisonRow& row : rows) {
    std::vector<std::string> line{row.metric + " [" + row.units + "]", row.reduction};
    for (const Estimate& e : row.arms) line.push_back(shown(e));
    for (std::size_t a = 0; a < row.differences.size(); ++a)
      if (a != row.baseline) line.push_back(shown(row.differences[a]));
    table.push_back(std::move(line));
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& line : table)
    for (std::size_t c = 0; c < line.size(); ++c)
      width[c] = std::max(width[c], columns_of(line[c]));
  for (const auto& line : table) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c)
      text += c + 1 < line.size() ? pad(line[c], width[c] + 2) : line[c];
    out << text << "\n";
  }
  if (r.replicates >= 2 && r.arms.size() > 1)
    out << "precision: about " << replicates_to_halve(r.replicates)
        << " replicates would halve the differences' intervals (now " << r.replicates << ")\n";
  return out.str();
}

std::string format_over_time_csv(const sim::Results& r, const std::vector<std::string>& metrics,
                                 std::optional<std::size_t> baseline) {
  const std::size_t base = baseline.value_or(static_cast<std::size_t>(r.baseline));
  const auto reps = static_cast<std::size_t>(r.replicates);
  std::ostringstream out;
  out.precision(10);
  out << "metric,units,region,level,arm,day,mean,ci95_low,ci95_high,baseline,diff_from_baseline,"
         "diff_ci95_low,diff_ci95_high,paired\n";
  for (const std::string& name : metrics) {
    const int m = r.metric_index(name);
    if (m < 0) throw sim::InputError("--metric " + name + ": no such metric in the file");
    const std::vector<double>& series = r.series[static_cast<std::size_t>(m)];
    auto values = [&](std::size_t arm, std::size_t t, std::size_t region) {
      std::vector<double> v(reps);
      for (std::size_t rep = 0; rep < reps; ++rep) v[rep] = series[r.index(arm, rep, t, region)];
      return v;
    };
    for (std::size_t g = 0; g < r.regions.size(); ++g)
      for (std::size_t a = 0; a < r.arms.size(); ++a)
        for (std::size_t t = 0; t < r.times.size(); ++t) {
          const std::vector<double> mine = values(a, t, g), against = values(base, t, g);
          const Estimate e = sim::mean_interval(mine);
          const Estimate d = a == base ? Estimate{} : difference(r, against, mine);
          out << csv_field(name) << "," << csv_field(r.metrics[static_cast<std::size_t>(m)].units)
              << "," << csv_field(r.regions[g].name) << "," << csv_field(r.regions[g].level) << ","
              << csv_field(r.arms[a]) << "," << r.times[t] << "," << e.mean << "," << e.low << ","
              << e.high << "," << csv_field(r.arms[base]) << "," << d.mean << "," << d.low << ","
              << d.high << "," << (paired(r) ? 1 : 0) << "\n";
        }
  }
  return out.str();
}

namespace {

// Whole amounts with thousands separators: budgets are read by people who sign them.
std::string whole(double x) {
  const long long v = std::llround(x);
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

}  // namespace

std::string format_budget(const sim::Results& r, const sim::ModelDescription& model, bool csv) {
  const sim::LedgerLayout& layout = r.ledger_layout;
  if (layout.programs.empty() || r.ledger.empty())
    throw sim::InputError("the result file holds no /ledger");
  const auto total = static_cast<std::size_t>(total_region(r));
  const std::size_t n_programs = layout.programs.size(), n_funders = layout.funders.size();
  const auto reps = static_cast<double>(r.replicates);
  auto cell = [&](std::size_t arm, std::size_t year, std::size_t program, std::size_t funder) {
    double sum = 0;
    for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
      sum += r.ledger[r.ledger_index(arm, rep, year, total, program, funder)];
    return sum / reps;
  };
  // Residents in a fiscal year: the mean of the population samples taken in it.
  const int population = model.size_metric.empty() ? -1 : r.metric_index(model.size_metric);
  auto residents = [&](std::size_t arm, std::size_t year) {
    if (population < 0) return 0.0;
    double sum = 0, n = 0;
    for (std::size_t t = 0; t < r.times.size(); ++t) {
      const std::optional<sim::Date> start = sim::parse_date(r.start_date);
      if (!start) break;
      const sim::Date when{std::chrono::sys_days{*start} + std::chrono::days{r.times[t]}};
      if (sim::accounting_year(when, layout.year_first_month) != r.ledger_years[year]) continue;
      for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
        sum += r.series[population][r.index(arm, rep, t, total)];
      n += reps;
    }
    return n > 0 ? sum / n : 0.0;
  };
  // The funder whose cost per resident is shown (the model names it), if the file has it.
  const std::size_t local = static_cast<std::size_t>(
      std::find(layout.funders.begin(), layout.funders.end(), model.per_capita_funder) -
      layout.funders.begin());
  const std::string& currency = layout.currency;
  std::ostringstream out;
  if (csv) {
    out << "arm,fiscal_year,program,payer," << currency << "\n";
    for (std::size_t a = 0; a < r.arms.size(); ++a)
      for (std::size_t y = 0; y < r.ledger_years.size(); ++y)
        for (std::size_t p = 0; p < n_programs; ++p)
          for (std::size_t q = 0; q < n_funders; ++q)
            out << r.arms[a] << "," << r.ledger_years[y] << "," << layout.programs[p] << ","
                << layout.funders[q] << "," << std::llround(cell(a, y, p, q)) << "\n";
    return out.str();
  }
  out << "Budget of '" << r.scenario_name << "': " << currency << " per fiscal year ("
      << sim::month_name(layout.year_first_month) << "-"
      << sim::month_name(sim::month_before(layout.year_first_month))
      << "), scenario-wide, mean over " << r.replicates << " replicates\n";
  for (std::size_t a = 0; a < r.arms.size(); ++a)
    for (std::size_t y = 0; y < r.ledger_years.size(); ++y) {
      out << "\n" << r.arms[a] << ", FY" << r.ledger_years[y] << "\n";
      std::vector<std::vector<std::string>> table;
      std::vector<std::string> header{"program"};
      for (const std::string& funder : layout.funders) header.push_back(funder);
      header.push_back("total");
      table.push_back(header);
      std::vector<double> column(n_funders + 1, 0.0);
      for (std::size_t p = 0; p < n_programs; ++p) {
        std::vector<std::string> row{layout.programs[p]};
        double sum = 0;
        for (std::size_t q = 0; q < n_funders; ++q) {
          const double v = cell(a, y, p, q);
          row.push_back(whole(v));
          sum += v;
          column[q] += v;
        }
        row.push_back(whole(sum));
        column[n_funders] += sum;
        table.push_back(row);
      }
      std::vector<std::string> totals{"total"};
      for (double v : column) totals.push_back(whole(v));
      table.push_back(totals);
      out << format_table(table);
      const double people = residents(a, y);
      if (people > 0 && local < n_funders)
        out << layout.funders[local] << " cost per resident: " << whole(column[local] / people)
            << " " << currency << " (" << whole(people) << " residents)\n";
    }
  return out.str();
}

// A CSV field, quoted when it holds a comma or a quote (sweep arms are named "a=1,b=2").
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string format_comparison_csv(const sim::Results& r, const std::vector<ComparisonRow>& rows) {
  std::ostringstream out;
  out.precision(10);
  out << "metric,units,reduction,arm,mean,ci95_low,ci95_high,baseline,diff_from_baseline,"
         "diff_ci95_low,diff_ci95_high,paired\n";
  for (const ComparisonRow& row : rows)
    for (std::size_t a = 0; a < row.arms.size(); ++a) {
      const Estimate& e = row.arms[a];
      const Estimate& d = row.differences[a];
      out << csv_field(row.metric) << "," << csv_field(row.units) << "," << row.reduction << ","
          << csv_field(r.arms[a]) << "," << e.mean << "," << e.low << "," << e.high << ","
          << csv_field(r.arms[row.baseline]) << "," << d.mean << "," << d.low << "," << d.high
          << "," << (paired(r) ? 1 : 0) << "\n";
    }
  return out.str();
}

std::string format_info(const sim::Results& r) {
  std::ostringstream out;
  out << "scenario      " << r.scenario_name << "\n"
      << "kyosei        " << r.kyosei_version << "\n"
      << "created       " << r.created_utc << " with " << r.threads << " thread(s)\n"
      << (r.shards > 0
              ? "shard         " + std::to_string(r.shard) + " of " + std::to_string(r.shards) +
                    ": only its simulations; kyosei merge joins the shards\n"
              : std::string())
      << "seed          " << r.seed << "\n"
      << "start date    " << r.start_date
      << (r.warmup_years > 0
              ? ", after a " + std::to_string(r.warmup_years) + "-year warm-up (unrecorded)"
              : std::string())
      << "\n"
      << "arms          ";
  for (std::size_t a = 0; a < r.arms.size(); ++a) {
    out << (a ? ", " : "") << r.arms[a];
    if (a < r.counterfactual_of.size() && r.counterfactual_of[a] >= 0)
      out << " (counterfactual twin of " << r.arms[static_cast<std::size_t>(r.counterfactual_of[a])]
          << ")";
  }
  out << "\nreplicates    " << r.replicates << "\n"
      << "samples       " << r.times.size() << " (days " << (r.times.empty() ? 0 : r.times.front())
      << " to " << (r.times.empty() ? 0 : r.times.back()) << ")\n"
      << "regions       " << r.regions.size() << "\n";
  for (const sim::RegionInfo& region : r.regions)
    out << "  " << pad(region.name, 28) << pad(region.level, 14)
        << (region.parent.empty() ? "" : "in " + region.parent) << "\n";
  std::string group;
  for (const sim::Annotation& a : r.annotations) {
    if (a.group != group) out << "/" << (group = a.group) << "\n";
    out << "  " << pad(a.name, 28) << a.value << "\n";
  }
  if (!r.traits.empty()) out << "traits        " << r.traits.size() << " (by arm and region)\n";
  for (const sim::TraitInfo& t : r.traits)
    out << "  " << pad(t.name, 28) << pad("[" + t.units + "]", 21) << t.long_name << "\n";
  out << "series        " << r.metrics.size() << "\n";
  for (const sim::MetricInfo& m : r.metrics)
    out << "  " << pad(m.name, 28) << pad(sim::to_string(m.kind), 7) << pad("[" + m.units + "]", 12)
        << m.long_name << "\n";
  return out.str();
}

}  // namespace kyosei::app
