#include "town/municipality_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/notes.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/statistics.hpp"

namespace kyosei::models {

namespace {

struct Row {
  std::uint64_t code = 0;  // the JIS code as a number: the entity the ranks are drawn on
  std::string prefecture, name;
  long population = -1;  // -1: blank
  int line = 0;
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  for (std::string& c : cells)
    if (!c.empty() && c.back() == '\r') c.pop_back();
  return cells;
}

std::string number(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

// Every order that decides who has coordinators or councils and who adopts first comes from
// keyed Philox draws on the municipality's code (the entity), under a key of the table's own:
// not the run's seed, so the same municipalities are chosen in every run and arm, and not the
// table's order. The tags lie beyond the model's (population.hpp) so that no run draws them.
constexpr sim::StreamKey rank_key{0x6B796F7365692D72ull /* "kyosei-r" */, 0, 0};
enum RankPurpose : sim::Purpose {
  purpose_coverage_rank = 40,  // who has coordinators and councils (the `coverage` shares)
  purpose_readiness = 41,      // latent readiness to adopt; the counter's day word is `draw`
};

// The staggered schedule: `cumulative` says how many municipalities have adopted by each
// fiscal year; who comes first is decided by a propensity, a weighted sum of standardised
// traits (size as log population, ageing as the 65+ share, prior 包括 staffing per 1,000
// residents 65+, all as read after `defaults` and `overrides`) and a latent readiness, a
// standard normal drawn on the municipality's code (`draw` picks another, independent one).
// With the default weights (readiness alone) the order is that of readiness. Ties, which need
// equal draws, go by code. Gives each row's policy on the schedule (jusou from its fiscal
// year, after `transition_years` of 移行準備), or none for a row the schedule does not reach.
std::vector<std::optional<PolicyConfig>> schedule_adoption(
    const sim::ConfigReader& adoption, const std::vector<Row>& rows,
    const std::vector<MunicipalityConfig>& read) {
  const std::size_t n = rows.size();
  const int transition_years = static_cast<int>(adoption.integer_or("transition_years", 0, 0, 10));
  const double out_of = adoption.number_or("out_of", static_cast<double>(n), 1, 1e6);
  adoption.document("out_of", "the number of municipalities read");
  const sim::ConfigNode* cumulative = adoption.raw("cumulative");
  if (!cumulative || !cumulative->is_mapping())
    adoption.fail("cumulative", "expected fiscal year: municipalities adopted by then");
  const sim::ConfigReader selection = adoption.section_or_empty("selection");
  const double w_size = selection.number_or("size", 0, -100, 100);
  const double w_ageing = selection.number_or("ageing", 0, -100, 100);
  const double w_staffing = selection.number_or("staffing", 0, -100, 100);
  const double w_readiness = selection.number_or("readiness", 1, 0, 100);
  const auto draw = static_cast<std::uint64_t>(selection.integer_or("draw", 0, 0, 1000000));

  std::vector<double> size(n), ageing(n), staffing(n), readiness(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double people = std::max(1.0, static_cast<double>(read[i].population));
    const double share65 = read[i].age65_share;
    const double people65 = std::max(1e-9, share65 * people);
    size[i] = std::log(people);
    ageing[i] = share65;
    staffing[i] = 1000 * read[i].staff.fte[Domain::elderly] / people65;
    readiness[i] = sim::Stream(rank_key, rows[i].code, draw, purpose_readiness).normal();
  }
  // Standardised; a trait that does not vary counts zero for everyone.
  for (std::vector<double>* trait : {&size, &ageing, &staffing})
    *trait = sim::standardised(*trait).value_or(std::vector<double>(n, 0.0));
  std::vector<double> propensity(n);
  for (std::size_t i = 0; i < n; ++i)
    propensity[i] = w_size * size[i] + w_ageing * ageing[i] + w_staffing * staffing[i] +
                    w_readiness * readiness[i];
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (propensity[a] != propensity[b]) return propensity[a] > propensity[b];
    if (readiness[a] != readiness[b]) return readiness[a] > readiness[b];
    return rows[a].code < rows[b].code;
  });

  std::vector<std::optional<PolicyConfig>> scheduled(n);
  for (const auto& [fy, count] : cumulative->pairs) {
    const int y = std::atoi(fy.c_str());
    const double c = std::atof(count.scalar.c_str());
    if (y < 1900 || y > 2200 || c < 0)
      throw sim::InputError(count.where, "adoption.cumulative." + fy,
                            "expected a year and a count");
    const auto k =
        std::min(n, static_cast<std::size_t>(std::llround(c * static_cast<double>(n) / out_of)));
    for (std::size_t j = 0; j < k; ++j) {
      std::optional<PolicyConfig>& p = scheduled[order[j]];
      if (p) continue;
      p = read[order[j]].policy;
      p->mode = PolicyMode::jusou;
      p->adoption_year = y;
      p->transition_years = transition_years;
    }
  }
  return scheduled;
}

}  // namespace

std::vector<TableMunicipality> municipalities_from_table(const sim::ConfigReader& spec,
                                                         const MunicipalityConfig& base,
                                                         double national_age65,
                                                         double national_age75) {
  const sim::ConfigNode* csv_node = spec.raw("csv");
  std::filesystem::path path = spec.text("csv");
  if (path.is_relative() && csv_node->where.line > 0)
    path = std::filesystem::path(csv_node->where.source).parent_path() / path;
  std::ifstream in(path);
  if (!in) spec.fail("csv", "cannot open " + path.string());
  const std::string prefecture = spec.text_or("prefecture", "");
  const double per_area = spec.number_or("residents_per_area", 20000, 1000, 1e7);  // [residents]
  const auto limit = static_cast<std::size_t>(spec.integer_or("limit", 0, 0, 100000));

  std::vector<Row> rows;
  std::map<std::uint64_t, int> code_lines;       // code -> its line
  std::map<std::string, long> prefecture_total;  // [persons] every row's, selected or not
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    if (++line_no == 1 || line.empty()) continue;
    const std::vector<std::string> c = split(line);
    if (c.size() < 4)
      throw sim::InputError(sim::Location{path.string(), line_no, 1}, "",
                            "expected code,prefecture,municipality,population");
    long listed = 0;  // [persons] a blank or unreadable population counts none here
    std::from_chars(c[3].data(), c[3].data() + c[3].size(), listed);
    prefecture_total[c[1]] += std::max(0L, listed);
    if (!prefecture.empty() && c[1] != prefecture) continue;
    Row row{0, c[1], c[2], -1, line_no};
    // A JIS code (6 digits with its check digit, or the 5 before it): a number, and once only.
    const auto [end, ec] = std::from_chars(c[0].data(), c[0].data() + c[0].size(), row.code);
    if (c[0].empty() || ec != std::errc{} || end != c[0].data() + c[0].size())
      throw sim::InputError(sim::Location{path.string(), line_no, 1}, "code",
                            "'" + c[0] + "' is not a numeric municipality code");
    if (const auto [seen, fresh] = code_lines.try_emplace(row.code, line_no); !fresh)
      throw sim::InputError(sim::Location{path.string(), line_no, 1}, "code",
                            c[0] + " is also the code on line " + std::to_string(seen->second));
    if (!c[3].empty()) {
      try {
        row.population = std::stol(c[3]);
      } catch (const std::exception&) {
        throw sim::InputError(sim::Location{path.string(), line_no, 1}, "",
                              "population '" + c[3] + "' is not a number");
      }
    }
    rows.push_back(row);
    if (limit && rows.size() >= limit) break;
  }
  if (rows.empty()) spec.fail("prefecture", "no municipality of the table matches");
  // Blank populations: the prefecture's mean, reported, never fatal.
  std::map<std::string, std::pair<double, double>> mean;  // prefecture -> (sum, count)
  for (const Row& r : rows)
    if (r.population > 0)
      (mean[r.prefecture].first += static_cast<double>(r.population),
       mean[r.prefecture].second += 1);
  for (Row& r : rows)
    if (r.population <= 0) {
      const auto [sum, n] = mean[r.prefecture];
      r.population = n > 0 ? std::lround(sum / n) : 1000;
      prefecture_total[r.prefecture] += r.population;  // as the scenario holds it
      sim::note(path.string() + ":" + std::to_string(r.line) + ": " + r.name +
                " has no population; filled with " + r.prefecture + "'s mean, " +
                std::to_string(r.population));
    }

  // Names repeat across prefectures (府中市, 伊達市, ...): those carry their prefecture.
  std::map<std::string, int> uses;
  for (const Row& r : rows) ++uses[r.name];
  for (Row& r : rows)
    if (uses[r.name] > 1) r.name = r.prefecture + r.name;

  // Coverage of coordinators and councils, and the adoption schedule.
  const std::optional<sim::ConfigReader> coverage = spec.optional_section("coverage");
  const std::optional<sim::ConfigReader> adoption = spec.optional_section("adoption");
  const std::size_t n = rows.size();
  std::vector<std::uint64_t> coverage_draw(n);
  for (std::size_t i = 0; i < n; ++i)
    coverage_draw[i] = sim::Stream(rank_key, rows[i].code, 0, purpose_coverage_rank).next_u64();
  std::vector<std::size_t> order(n);  // ascending draws (ties, which need equal draws, by code)
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return coverage_draw[a] != coverage_draw[b] ? coverage_draw[a] < coverage_draw[b]
                                                : rows[a].code < rows[b].code;
  });
  std::vector<std::size_t> share_rank(n);  // share_rank[i]: row i's place, 0 first
  for (std::size_t k = 0; k < n; ++k) share_rank[order[k]] = k;
  auto covered = [&](const char* key, double fallback, std::size_t i) {
    const double share = coverage ? coverage->number_or(key, fallback, 0, 1) : fallback;
    return static_cast<double>(share_rank[i]) < share * static_cast<double>(n);
  };
  // The table's defaults and the rows' overrides are YAML a user wrote: they are merged as
  // written (defaults first, then each override naming the row) and read on top of the row.
  const sim::ConfigNode* defaults = spec.raw("defaults");
  if (defaults && defaults->kind != sim::ConfigNode::Kind::null && !defaults->is_mapping())
    spec.fail("defaults", "expected a mapping of municipality keys");
  const sim::ConfigNode* overrides = spec.raw("overrides");
  if (overrides && overrides->kind != sim::ConfigNode::Kind::null &&
      overrides->kind != sim::ConfigNode::Kind::sequence)
    spec.fail("overrides", "expected a list of mappings, each with the municipality's name");

  // Each row's own values, typed, and the YAML that changes them, located at its CSV row.
  std::vector<MunicipalityConfig> bases;
  std::vector<sim::ConfigNode> changes;
  bases.reserve(n);
  changes.reserve(n);
  std::size_t national_mix = 0;
  for (const Row& r : rows) {
    const std::size_t i = bases.size();
    const sim::Location at{path.string(), r.line, 1};
    MunicipalityConfig& m = bases.emplace_back(base);
    m.name = r.name;
    m.population = r.population;
    m.prefecture = r.prefecture;
    m.prefecture_population = prefecture_total[r.prefecture];
    m.age65_share = national_age65;
    m.age75_share = national_age75;
    const long areas = std::max(1L, std::lround(static_cast<double>(r.population) / per_area));
    m.areas.clear();
    for (long a = 0; a < areas; ++a)
      // Equal shares; the last is what the others leave of 1.
      m.areas.push_back({"area" + std::to_string(a + 1),
                         a + 1 < areas
                             ? 1.0 / static_cast<double>(areas)
                             : 1.0 - static_cast<double>(areas - 1) / static_cast<double>(areas)});
    if (coverage) {
      m.sc_layer1 =
          covered("sc_layer1", 0.973, i) ? (covered("sc_layer1_two_or_more", 0.276, i) ? 2 : 1) : 0;
      m.sc_layer2_per_area =
          covered("sc_layer2", 0.726, i) ? (covered("sc_layer2_two_or_more", 0.499, i) ? 2 : 1) : 0;
      m.council_layer1 = covered("council_layer1", 0.934, i);
      m.council_layer2 = covered("council_layer2", 0.647, i);
    }
    sim::ConfigNode& yaml = changes.emplace_back(sim::ConfigNode::Kind::mapping, at);
    if (defaults && defaults->is_mapping()) sim::merge_into(yaml, *defaults);
    bool own_ages = false;
    for (const sim::ConfigNode& item :
         overrides ? overrides->items : std::vector<sim::ConfigNode>{}) {
      const sim::ConfigNode* name = item.find("name");
      if (!name || name->scalar != r.name) continue;
      sim::ConfigNode change = item;
      std::erase_if(change.pairs, [](const auto& p) { return p.first == "name"; });
      own_ages = change.find("age65_share") != nullptr;
      sim::merge_into(yaml, change);
    }
    national_mix += own_ages ? 0 : 1;
  }

  // Read every row, then (its traits are those read) place it in the adoption schedule and read
  // it again on the scheduled policy, so that a policy key its YAML sets still wins.
  sim::KeyTracker keys;
  std::vector<sim::ConfigReader> readers;
  std::vector<MunicipalityConfig> read;
  readers.reserve(n);
  read.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sim::ConfigReader& m = readers.emplace_back(changes[i], "municipalities_from", keys);
    read.push_back(read_municipality(m, bases[i], MunicipalityIdentity::from_base));
  }
  if (adoption) {
    const std::vector<std::optional<PolicyConfig>> scheduled =
        schedule_adoption(*adoption, rows, read);
    for (std::size_t i = 0; i < n; ++i)
      if (scheduled[i]) {
        bases[i].policy = *scheduled[i];
        read[i] = read_municipality(readers[i], bases[i], MunicipalityIdentity::from_base);
      }
  }
  for (const sim::ConfigNode& yaml : changes) keys.reject_unknown(yaml, "municipalities_from");
  if (national_mix > 0)
    sim::note(std::to_string(national_mix) + " of " + std::to_string(n) + " municipalities from " +
              path.string() + " take the national age mix (65+ " +
              number(national_age65).substr(0, 5) + ", 75+ " + number(national_age75).substr(0, 5) +
              "): the table has no ages");
  std::vector<TableMunicipality> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sim::ConfigNode* name = changes[i].find("name");
    out.push_back({std::move(read[i]), name ? name->where : changes[i].where});
  }
  return out;
}

}  // namespace kyosei::models
