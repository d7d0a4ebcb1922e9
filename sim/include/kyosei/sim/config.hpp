#pragma once
// A YAML document as a small tree that remembers where every node came from, so that
// every validation error, even after `--set` and arm overrides are applied, can name its
// file, line and column. yaml-cpp parses; this tree is what the rest of kyosei reads.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kyosei/sim/errors.hpp"

namespace kyosei::sim {

struct ConfigNode {
  enum class Kind { null, scalar, sequence, mapping };

  Kind kind = Kind::null;
  std::string scalar;                                     // Kind::scalar
  std::vector<ConfigNode> items;                          // Kind::sequence
  std::vector<std::pair<std::string, ConfigNode>> pairs;  // Kind::mapping, in file order
  Location where;                                         // where the value starts
  Location key_where;                                     // where its key starts (mapping values)

  // Declared here, defined where ConfigNode is complete: a member vector of pairs holding
  // ConfigNode may only be instantiated then (clang enforces it, GCC does not).
  ConfigNode();
  // A node made by kyosei rather than read from a file, located at `at` (value and key).
  ConfigNode(Kind node_kind, const Location& at, std::string text = {});
  ConfigNode(const ConfigNode&);
  ConfigNode(ConfigNode&&) noexcept;
  ConfigNode& operator=(const ConfigNode&);
  ConfigNode& operator=(ConfigNode&&) noexcept;
  ~ConfigNode();

  bool is_mapping() const { return kind == Kind::mapping; }
  const ConfigNode* find(std::string_view key) const;
  ConfigNode* find(std::string_view key);
};

const char* to_string(ConfigNode::Kind kind);

// Parses YAML text. `source` names it in messages (a path or `<embedded>/default.yaml`).
// A syntax error throws InputError located at the offending line and column. Anchors
// and aliases are expanded; a document must be a mapping.
ConfigNode parse_yaml(std::string_view text, const std::string& source);

// Reads and parses a file; a missing or unreadable file throws InputError naming it.
ConfigNode load_yaml_file(const std::string& path);

// Emits the tree as block-style YAML (keys in their original order).
std::string to_yaml(const ConfigNode& node);

// Applies `key.path=value` (dotted keys; sequence items by index) to `root`, creating
// missing mappings. The value is parsed as YAML, so `--set arms=[]` works as well as
// `--set years=5`. `origin` locates the new nodes, e.g. `--set years=5`.
void apply_assignment(ConfigNode& root, std::string_view assignment, const std::string& origin);

// Sets one path to an already parsed value.
void set_path(ConfigNode& root, std::string_view key_path, ConfigNode value);

// Deep-merges `overrides` into `base`: mappings merge key by key (a dotted key such as
// `policy.mode` is a path), anything else replaces the base value.
void merge_into(ConfigNode& base, const ConfigNode& overrides);

}  // namespace kyosei::sim
