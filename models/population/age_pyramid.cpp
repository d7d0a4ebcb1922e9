#include "population/age_pyramid.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "kyosei/sim/errors.hpp"

namespace kyosei::embedded {
std::string_view national_age_pyramid_csv();  // generated from scenarios/data
}

namespace kyosei::models {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    out.push_back(cell);
  }
  return out;
}

// The first age in a label such as `0~4歳`, `100歳以上`, `0-4` or `100+`; -1 if none.
int first_age(const std::string& label) {
  std::size_t digits = 0;
  while (digits < label.size() && label[digits] >= '0' && label[digits] <= '9') ++digits;
  if (digits == 0) return -1;
  return std::stoi(label.substr(0, digits));
}

}  // namespace

AgePyramid parse_age_pyramid(const std::string& text, const std::string& source) {
  AgePyramid p;
  p.source = source;
  std::stringstream in(text);
  std::string line;
  int line_no = 0;
  bool any = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 || line.empty() || line == "\r") continue;  // header
    const std::vector<std::string> cells = split(line);
    const sim::Location at{source, line_no, 1};
    if (cells.size() < 4) throw sim::InputError(at, "", "expected year,sex,age,value");
    const std::string& sex = cells[1];
    const bool man = sex == "男性" || sex == "male" || sex == "男";
    const bool woman = sex == "女性" || sex == "female" || sex == "女";
    if (!man && !woman) throw sim::InputError(at, "", "unknown sex '" + sex + "'");
    const int age = first_age(cells[2]);
    if (age < 0 || age % 5 != 0 || age > 100)
      throw sim::InputError(at, "", "age band '" + cells[2] + "' is not a 5-year band");
    double value = 0;
    try {
      value = std::stod(cells[3]);
    } catch (const std::exception&) {
      throw sim::InputError(at, "", "population '" + cells[3] + "' is not a number");
    }
    if (value < 0) throw sim::InputError(at, "", "negative population");
    (man ? p.men : p.women)[age_band(age)] += value;
    any = true;
  }
  if (!any) throw sim::InputError(source + ": no rows in the age pyramid");
  return p;
}

AgePyramid load_age_pyramid(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::InputError(path + ": cannot open the age pyramid");
  std::stringstream text;
  text << in.rdbuf();
  return parse_age_pyramid(text.str(), path);
}

const AgePyramid& national_age_pyramid_2020() {
  static const AgePyramid pyramid = parse_age_pyramid(
      std::string(embedded::national_age_pyramid_csv()), "<embedded>/japan_age_pyramid_2020.csv");
  return pyramid;
}

AgeMix reshape(const AgePyramid& pyramid, double age65_share, double age75_share) {
  const int b65 = age_band(65), b75 = age_band(75);
  auto group_of = [&](int band) { return band >= b75 ? 2 : band >= b65 ? 1 : 0; };
  double totals[3] = {0, 0, 0};
  for (int b = 0; b < age_bands; ++b) totals[group_of(b)] += pyramid.men[b] + pyramid.women[b];
  const double targets[3] = {1.0 - age65_share, age65_share - age75_share, age75_share};
  AgeMix mix;
  for (int b = 0; b < age_bands; ++b) {
    const int g = group_of(b);
    const double scale = totals[g] > 0 ? targets[g] / totals[g] : 0.0;
    mix.men[b] = pyramid.men[b] * scale;
    mix.women[b] = pyramid.women[b] * scale;
  }
  return mix;
}

}  // namespace kyosei::models
