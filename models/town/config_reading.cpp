#include "town/config_reading.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "kyosei/sim/errors.hpp"

namespace kyosei::models {

using sim::ConfigReader;

double unit(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 1.0);
}
double rate(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 50.0);  // [1/year]
}
double factor(const ConfigReader& r, std::string_view key, double fallback) {
  return r.number_or(key, fallback, 0.0, 100.0);  // [×]
}

AgeBandTable age_table(const ConfigReader& r, std::string_view key, AgeBandTable table,
                       double max) {
  const sim::ConfigNode* node = r.raw(key);
  if (!node || node->kind == sim::ConfigNode::Kind::null) return table;
  if (!node->is_mapping()) r.fail(key, "expected a mapping of age ranges such as 65-69 or 90+");
  std::array<bool, age_bands> named{};
  for (const auto& [range, value] : node->pairs) {
    const std::string path = r.path_of(key) + "." + range;
    int lo = -1, hi = -1;
    if (!range.empty() && range.back() == '+') {
      lo = std::atoi(range.c_str());
      hi = 104;
    } else if (const auto dash = range.find('-'); dash != std::string::npos) {
      lo = std::atoi(range.substr(0, dash).c_str());
      hi = std::atoi(range.substr(dash + 1).c_str());
    }
    if (lo < 0 || hi < lo || lo % 5 != 0 || (hi + 1) % 5 != 0 ||
        range.find_first_not_of("0123456789-+") != std::string::npos)
      throw sim::InputError(value.key_where, path,
                            "expected an age range on 5-year bands, such as 65-69, 15-39 or 90+");
    const int first = age_band(lo), last = std::min(age_band(hi), age_bands - 1);
    if (value.kind != sim::ConfigNode::Kind::scalar)
      throw sim::InputError(value.where, path, "expected a number");
    char* end = nullptr;
    const double x = std::strtod(value.scalar.c_str(), &end);
    if (end == value.scalar.c_str() || *end != '\0' || !std::isfinite(x) || x < 0 || x > max)
      throw sim::InputError(
          value.where, path,
          "expected a number from 0 to " + std::to_string(max) + ", got '" + value.scalar + "'");
    for (int b = first; b <= last; ++b) {
      if (named[b]) throw sim::InputError(value.key_where, path, "overlaps another age range");
      named[b] = true;
      table[b] = x;
    }
  }
  return table;
}

AgeBandTable bands(std::initializer_list<std::pair<int, double>> from_age) {
  AgeBandTable t{};
  for (int b = 0; b < age_bands; ++b)
    for (const auto& [age, value] : from_age)
      if (b * 5 >= age) t[b] = value;
  return t;
}

}  // namespace kyosei::models
