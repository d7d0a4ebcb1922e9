#include "kyosei/sim/config_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace kyosei::sim {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string shown(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// `towns.3.areas.0.share` -> `towns.[].areas.[].share`
std::string generic_path(const std::string& path) {
  std::string generic;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string part = path.substr(start, dot - start);
    const bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    generic += (generic.empty() ? "" : ".") + (index ? std::string("[]") : part);
    start = dot + 1;
  }
  return generic;
}

std::string joined(std::initializer_list<std::string_view> options) {
  std::string out;
  for (std::string_view o : options) out += (out.empty() ? "" : " | ") + std::string(o);
  return out;
}

}  // namespace

void ConfigReader::describe_range(std::string_view key, const char* type, const std::string& min,
                                  const std::string& max, const std::string& fallback) const {
  // Limits at the ends of a type's range are not limits a user needs to see.
  auto open = [](const std::string& limit) {
    return limit.find("inf") != std::string::npos || limit.find("922337") != std::string::npos;
  };
  std::string t = type;
  if (!open(min) || !open(max))
    t += " in [" + (open(min) ? std::string("-inf") : min) + ", " +
         (open(max) ? std::string("inf") : max) + "]";
  tracker_->describe(path_of(key), t, fallback);
}

void KeyTracker::asked(const ConfigNode& mapping, std::string_view key) {
  std::vector<std::string>& keys = asked_[&mapping];
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.emplace_back(key);
}

void KeyTracker::opened(const ConfigNode& mapping) {
  asked_.try_emplace(&mapping);
}

void KeyTracker::reject_unknown(const ConfigNode& node, const std::string& path) const {
  auto child_path = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
  if (node.kind == ConfigNode::Kind::mapping) {
    const auto it = asked_.find(&node);
    for (const auto& [key, value] : node.pairs) {
      if (it != asked_.end() &&
          std::find(it->second.begin(), it->second.end(), key) == it->second.end()) {
        std::string known = join(it->second);
        throw InputError(
            value.key_where, child_path(key),
            "unknown key" + (known.empty() ? std::string{} : " (known keys here: " + known + ")"));
      }
      reject_unknown(value, child_path(key));
    }
  } else if (node.kind == ConfigNode::Kind::sequence) {
    for (std::size_t i = 0; i < node.items.size(); ++i)
      reject_unknown(node.items[i], child_path(std::to_string(i)));
  }
}

ConfigReader::ConfigReader(const ConfigNode& node, std::string path, KeyTracker& tracker)
    : node_(&node), origin_(node.where), path_(std::move(path)), tracker_(&tracker) {
  if (node.kind != ConfigNode::Kind::mapping)
    throw InputError(node.where, path_,
                     std::string("expected a mapping of keys, found ") + to_string(node.kind));
  tracker.opened(node);
}

std::string ConfigReader::path_of(std::string_view key) const {
  if (key.empty()) return path_;
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ConfigReader::fail(std::string_view key, const std::string& problem) const {
  const ConfigNode* value = key.empty() ? nullptr : node_->find(key);
  throw InputError(value ? value->where : where(), path_of(key), problem);
}

const ConfigNode* ConfigReader::lookup(std::string_view key) const {
  tracker_->asked(*node_, key);
  const ConfigNode* value = node_->find(key);
  return value;
}

bool ConfigReader::has(std::string_view key) const {
  const ConfigNode* value = lookup(key);
  return value && value->kind != ConfigNode::Kind::null;
}

const ConfigNode& ConfigReader::scalar(std::string_view key) const {
  const ConfigNode* value = lookup(key);
  if (!value) fail(key, "missing (required)");
  if (value->kind == ConfigNode::Kind::null) fail(key, "needs a value");
  if (value->kind != ConfigNode::Kind::scalar)
    fail(key, std::string("expected a single value, found ") + to_string(value->kind));
  return *value;
}

const ConfigNode* ConfigReader::raw(std::string_view key) const {
  tracker_->describe(path_of(key), "value (see the model docs)", "absent");

  return lookup(key);
}

std::string ConfigReader::text(std::string_view key) const {
  tracker_->describe(path_of(key), "text", "required");
  return scalar(key).scalar;
}

std::string ConfigReader::text_or(std::string_view key, std::string fallback) const {
  tracker_->describe(path_of(key), "text", fallback.empty() ? "\"\"" : fallback);
  return has(key) ? text(key) : std::move(fallback);
}

std::int64_t ConfigReader::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  describe_range(key, "integer", std::to_string(min), std::to_string(max), "required");
  const std::string& s = scalar(key).scalar;
  std::int64_t value = 0;
  const char* first = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) fail(key, "integer '" + s + "' is out of range");
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty())
    fail(key, "expected an integer, got '" + s + "'");
  if (value < min) fail(key, "must be at least " + std::to_string(min) + ", got " + s);
  if (value > max) fail(key, "must be at most " + std::to_string(max) + ", got " + s);
  return value;
}

std::int64_t ConfigReader::integer_or(std::string_view key, std::int64_t fallback, std::int64_t min,
                                      std::int64_t max) const {
  describe_range(key, "integer", std::to_string(min), std::to_string(max),
                 std::to_string(fallback));
  return has(key) ? integer(key, min, max) : fallback;
}

double ConfigReader::number(std::string_view key, double min, double max) const {
  describe_range(key, "number", shown(min), shown(max), "required");
  const std::string& s = scalar(key).scalar;
  double value = 0;
  const char* first = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || !std::isfinite(value))
    fail(key, "expected a number, got '" + s + "'");
  if (value < min) fail(key, "must be at least " + shown(min) + ", got " + s);
  if (value > max) fail(key, "must be at most " + shown(max) + ", got " + s);
  return value;
}

double ConfigReader::number_or(std::string_view key, double fallback, double min,
                               double max) const {
  describe_range(key, "number", shown(min), shown(max), shown(fallback));
  return has(key) ? number(key, min, max) : fallback;
}

bool ConfigReader::boolean(std::string_view key) const {
  tracker_->describe(path_of(key), "true or false", "required");
  const std::string& s = scalar(key).scalar;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  fail(key, "expected true or false, got '" + s + "'");
}

bool ConfigReader::boolean_or(std::string_view key, bool fallback) const {
  tracker_->describe(path_of(key), "true or false", fallback ? "true" : "false");
  return has(key) ? boolean(key) : fallback;
}

Date ConfigReader::date(std::string_view key) const {
  tracker_->describe(path_of(key), "date YYYY-MM-DD", "required");
  const std::string& s = scalar(key).scalar;
  const std::optional<Date> value = parse_date(s);
  if (!value) fail(key, "expected a date YYYY-MM-DD, got '" + s + "'");
  return *value;
}

std::string ConfigReader::choice(std::string_view key,
                                 std::initializer_list<std::string_view> options) const {
  tracker_->describe(path_of(key), "one of " + joined(options), "required");
  const std::string& s = scalar(key).scalar;
  std::string listed;
  for (std::string_view option : options) {
    if (s == option) return s;
    listed += (listed.empty() ? "" : ", ") + std::string(option);
  }
  fail(key, "expected one of " + listed + ", got '" + s + "'");
}

std::string ConfigReader::choice_or(std::string_view key, std::string fallback,
                                    std::initializer_list<std::string_view> options) const {
  tracker_->describe(path_of(key), "one of " + joined(options), fallback);
  return has(key) ? choice(key, options) : std::move(fallback);
}

ConfigReader ConfigReader::section(std::string_view key) const {
  tracker_->describe(path_of(key), "mapping", "required");
  const ConfigNode* value = lookup(key);
  if (!value) fail(key, "missing (required)");
  return ConfigReader(*value, path_of(key), *tracker_);
}

std::optional<ConfigReader> ConfigReader::optional_section(std::string_view key) const {
  tracker_->describe(path_of(key), "mapping", "absent");
  const ConfigNode* value = lookup(key);
  if (!value || value->kind == ConfigNode::Kind::null) return std::nullopt;
  return ConfigReader(*value, path_of(key), *tracker_);
}

ConfigReader ConfigReader::section_or_empty(std::string_view key) const {
  static const ConfigNode empty = [] {
    ConfigNode node;
    node.kind = ConfigNode::Kind::mapping;
    return node;
  }();
  if (std::optional<ConfigReader> found = optional_section(key)) return *found;
  ConfigReader reader(empty, path_of(key), *tracker_);
  reader.origin_ = where();
  return reader;
}

std::vector<ConfigReader> ConfigReader::sections(std::string_view key, bool required) const {
  tracker_->describe(path_of(key), "list of mappings", required ? "required" : "absent");
  const ConfigNode* value = lookup(key);
  std::vector<ConfigReader> out;
  if (!value || value->kind == ConfigNode::Kind::null) {
    if (required) fail(key, "missing (required)");
    return out;
  }
  if (value->kind != ConfigNode::Kind::sequence)
    fail(key, std::string("expected a list, found ") + to_string(value->kind));
  for (std::size_t i = 0; i < value->items.size(); ++i)
    out.emplace_back(value->items[i], path_of(key) + "." + std::to_string(i), *tracker_);
  return out;
}

void ConfigReader::document(std::string_view key, std::string fallback) const {
  tracker_->redescribe(path_of(key), std::move(fallback));
}

void KeyTracker::redescribe(const std::string& path, std::string fallback) {
  catalogue_[generic_path(path)].fallback = std::move(fallback);
}

void KeyTracker::describe(const std::string& path, std::string type, std::string fallback) {
  auto [it, fresh] =
      catalogue_.try_emplace(generic_path(path), KeyDoc{std::move(type), std::move(fallback)});
  // A key read with a default somewhere and as required elsewhere keeps its default.
  if (!fresh && it->second.fallback == "required" && !fallback.empty())
    it->second.fallback = fallback;
}

}  // namespace kyosei::sim
