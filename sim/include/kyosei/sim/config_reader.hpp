#pragma once
// Typed, validated reading of a ConfigNode tree into a model's own structs. Every read
// names a key; a KeyTracker remembers which keys each mapping was asked for, so after
// everything is read, any other key is reported as unknown with its file position.
// Errors read `FILE:LINE:COL: key.path: problem`.

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/config.hpp"

namespace kyosei::sim {

// What a reader asked of a key, for the scenario reference (docs/scenarios.md).
struct KeyDoc {
  std::string type;      // "integer in [1, 200]", "number", "text", "mapping", ...
  std::string fallback;  // the default, or "required"
};

class KeyTracker {
 public:
  // Records a key read, under its generic path (list indices become `[]`).
  void describe(const std::string& path, std::string type, std::string fallback);
  void redescribe(const std::string& path, std::string fallback);
  const std::map<std::string, KeyDoc>& catalogue() const { return catalogue_; }

  void asked(const ConfigNode& mapping, std::string_view key);
  void opened(const ConfigNode& mapping);
  // Throws InputError for the first key, in document order, that no reader asked for in a
  // mapping that was read as a section.
  void reject_unknown(const ConfigNode& root, const std::string& root_path = "") const;

 private:
  std::map<const ConfigNode*, std::vector<std::string>> asked_;
  std::map<std::string, KeyDoc> catalogue_;
};

class ConfigReader {
 public:
  static constexpr std::int64_t int_min = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
  static constexpr double inf = std::numeric_limits<double>::infinity();

  // `node` must be a mapping (throws InputError otherwise). `path` is its dotted key path.
  ConfigReader(const ConfigNode& node, std::string path, KeyTracker& tracker);

  bool has(std::string_view key) const;

  std::string text(std::string_view key) const;
  std::string text_or(std::string_view key, std::string fallback) const;
  std::int64_t integer(std::string_view key, std::int64_t min = int_min,
                       std::int64_t max = int_max) const;
  std::int64_t integer_or(std::string_view key, std::int64_t fallback, std::int64_t min = int_min,
                          std::int64_t max = int_max) const;
  double number(std::string_view key, double min = -inf, double max = inf) const;
  double number_or(std::string_view key, double fallback, double min = -inf,
                   double max = inf) const;
  bool boolean(std::string_view key) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  Date date(std::string_view key) const;
  // One of `options`, e.g. `output.format` in {csv, hdf5}.
  std::string choice(std::string_view key, std::initializer_list<std::string_view> options) const;
  std::string choice_or(std::string_view key, std::string fallback,
                        std::initializer_list<std::string_view> options) const;

  ConfigReader section(std::string_view key) const;
  std::optional<ConfigReader> optional_section(std::string_view key) const;
  // The section, or an empty one when absent, so that every key falls back to its default.
  ConfigReader section_or_empty(std::string_view key) const;
  // A list whose items are mappings; empty when the key is absent and !required.
  std::vector<ConfigReader> sections(std::string_view key, bool required = true) const;
  // The raw node of a key, marked as read (for values a model interprets itself).
  const ConfigNode* raw(std::string_view key) const;

  // Located error about `key` (or this mapping when key is empty), for checks that span
  // several values, e.g. `age75_share` larger than `age65_share`.
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;
  // Describes a default the loader computes (e.g. staff from population) for the scenario
  // reference, in place of the value it happened to compute.
  void document(std::string_view key, std::string fallback) const;

  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  const Location& where() const { return node_->where.source.empty() ? origin_ : node_->where; }

 private:
  const ConfigNode* lookup(std::string_view key) const;  // marks it asked; nullptr if absent
  void describe_range(std::string_view key, const char* type, const std::string& min,
                      const std::string& max, const std::string& fallback) const;
  const ConfigNode& scalar(std::string_view key) const;  // required single value

  const ConfigNode* node_;
  Location origin_;  // where an absent (defaulted) section would have been: its parent
  std::string path_;
  KeyTracker* tracker_;
};

}  // namespace kyosei::sim
