#include "town/municipality_table.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <boost/math/special_functions/erf.hpp>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/notes.hpp"
#include "kyosei/sim/statistics.hpp"

namespace kyosei::models {

namespace {

struct Row {
  std::string code, prefecture, name;
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

sim::ConfigNode scalar(const std::string& text, const sim::Location& at) {
  return sim::ConfigNode(sim::ConfigNode::Kind::scalar, at, text);
}

std::string number(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

// A fixed pseudo-random rank of a municipality code (splitmix64), so coverage and adoption
// never depend on the run's seed or on the order of the table.
std::uint64_t rank_of(const std::string& code, std::uint64_t salt) {
  std::uint64_t z = std::hash<std::string>{}(code) ^ (salt * 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A number a municipality entry holds at `path`, or `fallback` where it holds none (or text
// that is no number: the municipality's reading reports that, located, later).
double number_at(const sim::ConfigNode& m, std::initializer_list<const char*> path,
                 double fallback) {
  const sim::ConfigNode* node = &m;
  for (const char* key : path)
    if (!(node = node->find(key))) return fallback;
  char* end = nullptr;
  const double x = std::strtod(node->scalar.c_str(), &end);
  return end && *end == '\0' && end != node->scalar.c_str() ? x : fallback;
}

bool has_path(const sim::ConfigNode& m, const char* section, const char* key) {
  const sim::ConfigNode* s = m.find(section);
  return s && s->find(key);
}

// The staggered schedule: `cumulative` says how many municipalities have adopted by each
// fiscal year; who comes first is decided by a propensity, a weighted sum of standardised
// traits (size as log population, ageing as the 65+ share, prior 包括 staffing per 1,000
// residents 65+) and a latent readiness, standard normal and fixed per municipality code.
// With the default weights (readiness alone) the order is the fixed ranking of codes.
// Municipalities whose entry already sets a policy key keep it.
void schedule_adoption(const sim::ConfigReader& adoption, const std::vector<Row>& rows,
                       std::vector<sim::ConfigNode>& out) {
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
    const double people = std::max(1.0, number_at(out[i], {"population"}, 1));
    const double share65 = number_at(out[i], {"age65_share"}, 0);
    const double people65 = std::max(1e-9, share65 * people);
    size[i] = std::log(people);
    ageing[i] = share65;
    staffing[i] = 1000 *
                  number_at(out[i], {"staff", "elderly_fte"}, default_elderly_fte(people65)) /
                  people65;
    // Upper tail first: the lowest rank of the code is the readiest, as the ranking was.
    const double u = std::clamp(
        (static_cast<double>(rank_of(rows[i].code, 2 + 2 * draw)) + 0.5) * 0x1p-64, 0x1p-60,
        1.0 - 0x1p-53);  // (0, 1): erfc_inv is infinite at either end
    readiness[i] = -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * (1.0 - u));
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
    return propensity[a] != propensity[b] ? propensity[a] > propensity[b]
                                          : readiness[a] > readiness[b];
  });

  std::vector<int> year(n, 0);
  for (const auto& [fy, count] : cumulative->pairs) {
    const int y = std::atoi(fy.c_str());
    const double c = std::atof(count.scalar.c_str());
    if (y < 1900 || c < 0)
      throw sim::InputError(count.where, "adoption.cumulative." + fy,
                            "expected a year and a count");
    const auto k =
        std::min(n, static_cast<std::size_t>(std::llround(c * static_cast<double>(n) / out_of)));
    for (std::size_t j = 0; j < k; ++j)
      if (year[order[j]] == 0) year[order[j]] = y;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (year[i] == 0) continue;
    sim::ConfigNode& m = out[i];
    const sim::Location at = m.where;
    if (!has_path(m, "policy", "mode")) sim::set_path(m, "policy.mode", scalar("jusou", at));
    if (!has_path(m, "policy", "adoption_year"))
      sim::set_path(m, "policy.adoption_year", scalar(std::to_string(year[i]), at));
    if (!has_path(m, "policy", "transition_years"))
      sim::set_path(m, "policy.transition_years", scalar(std::to_string(transition_years), at));
  }
}

}  // namespace

std::vector<sim::ConfigNode> municipalities_from_table(const sim::ConfigReader& spec,
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
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    if (++line_no == 1 || line.empty()) continue;
    const std::vector<std::string> c = split(line);
    if (c.size() < 4)
      throw sim::InputError(sim::Location{path.string(), line_no, 1}, "",
                            "expected code,prefecture,municipality,population");
    if (!prefecture.empty() && c[1] != prefecture) continue;
    Row row{c[0], c[1], c[2], -1, line_no};
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
  auto first_by_rank = [&](std::uint64_t salt) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return rank_of(rows[a].code, salt) < rank_of(rows[b].code, salt);
    });
    std::vector<std::size_t> position(n);
    for (std::size_t k = 0; k < n; ++k) position[order[k]] = k;
    return position;  // position[i]: rank of row i
  };
  const auto share_rank = first_by_rank(1);
  auto covered = [&](const char* key, double fallback, std::size_t i) {
    const double share = coverage ? coverage->number_or(key, fallback, 0, 1) : fallback;
    return static_cast<double>(share_rank[i]) < share * static_cast<double>(n);
  };
  const sim::ConfigNode* defaults = spec.raw("defaults");
  // Overrides are read raw: their keys are checked where they land, in each municipality.
  const sim::ConfigNode* overrides = spec.raw("overrides");
  if (overrides && overrides->kind != sim::ConfigNode::Kind::null &&
      overrides->kind != sim::ConfigNode::Kind::sequence)
    spec.fail("overrides", "expected a list of mappings, each with the municipality's name");
  std::size_t national_mix = 0;
  std::vector<sim::ConfigNode> out;
  for (std::size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    const sim::Location at{path.string(), r.line, 1};
    sim::ConfigNode m(sim::ConfigNode::Kind::mapping, at);
    m.pairs.emplace_back("name", scalar(r.name, at));
    m.pairs.emplace_back("population", scalar(std::to_string(r.population), at));
    m.pairs.emplace_back("age65_share", scalar(number(national_age65), at));
    m.pairs.emplace_back("age75_share", scalar(number(national_age75), at));
    const long areas = std::max(1L, std::lround(static_cast<double>(r.population) / per_area));
    sim::ConfigNode list(sim::ConfigNode::Kind::sequence, at);
    for (long a = 0; a < areas; ++a) {
      sim::ConfigNode area(sim::ConfigNode::Kind::mapping, at);
      area.pairs.emplace_back("name", scalar("area" + std::to_string(a + 1), at));
      // Equal shares that sum to exactly 1.
      const double share = a + 1 < areas
                               ? 1.0 / static_cast<double>(areas)
                               : 1.0 - static_cast<double>(areas - 1) / static_cast<double>(areas);
      area.pairs.emplace_back("share", scalar(number(share), at));
      list.items.push_back(std::move(area));
    }
    m.pairs.emplace_back("areas", std::move(list));
    if (coverage) {
      const int layer1 =
          covered("sc_layer1", 0.973, i) ? (covered("sc_layer1_two_or_more", 0.276, i) ? 2 : 1) : 0;
      const int layer2 =
          covered("sc_layer2", 0.726, i) ? (covered("sc_layer2_two_or_more", 0.499, i) ? 2 : 1) : 0;
      sim::set_path(m, "coordinators.layer1", scalar(std::to_string(layer1), at));
      sim::set_path(m, "coordinators.layer2_per_area", scalar(std::to_string(layer2), at));
      sim::set_path(m, "councils.layer1",
                    scalar(covered("council_layer1", 0.934, i) ? "true" : "false", at));
      sim::set_path(m, "councils.layer2",
                    scalar(covered("council_layer2", 0.647, i) ? "true" : "false", at));
    }
    if (defaults && defaults->is_mapping()) sim::merge_into(m, *defaults);
    bool own_ages = false;
    for (const sim::ConfigNode& item :
         overrides ? overrides->items : std::vector<sim::ConfigNode>{}) {
      const sim::ConfigNode* name = item.find("name");
      if (!name || name->scalar != r.name) continue;
      sim::ConfigNode changes = item;
      std::erase_if(changes.pairs, [](const auto& p) { return p.first == "name"; });
      own_ages = changes.find("age65_share") != nullptr;
      sim::merge_into(m, changes);
    }
    national_mix += own_ages ? 0 : 1;
    out.push_back(std::move(m));
  }
  if (adoption) schedule_adoption(*adoption, rows, out);
  if (national_mix > 0)
    sim::note(std::to_string(national_mix) + " of " + std::to_string(n) + " municipalities from " +
              path.string() + " take the national age mix (65+ " +
              number(national_age65).substr(0, 5) + ", 75+ " + number(national_age75).substr(0, 5) +
              "): the table has no ages");
  return out;
}

}  // namespace kyosei::models
