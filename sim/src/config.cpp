#include "kyosei/sim/config.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kyosei::sim {

ConfigNode::ConfigNode() = default;
ConfigNode::ConfigNode(Kind node_kind, const Location& at, std::string text)
    : kind(node_kind), scalar(std::move(text)), where(at), key_where(at) {}
ConfigNode::ConfigNode(const ConfigNode&) = default;
ConfigNode::ConfigNode(ConfigNode&&) noexcept = default;
ConfigNode& ConfigNode::operator=(const ConfigNode&) = default;
ConfigNode& ConfigNode::operator=(ConfigNode&&) noexcept = default;
ConfigNode::~ConfigNode() = default;

namespace {

Location located(const YAML::Mark& mark, const std::string& source) {
  if (mark.is_null()) return {source, 0, 0};
  return {source, mark.line + 1, mark.column + 1};
}

ConfigNode convert(const YAML::Node& node, const std::string& source) {
  ConfigNode out;
  out.where = located(node.Mark(), source);
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = ConfigNode::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      out.kind = ConfigNode::Kind::scalar;
      out.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = ConfigNode::Kind::sequence;
      for (const YAML::Node& item : node) out.items.push_back(convert(item, source));
      break;
    case YAML::NodeType::Map:
      out.kind = ConfigNode::Kind::mapping;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const Location key_at = located(it->first.Mark(), source);
        if (!it->first.IsScalar()) throw InputError(key_at, "", "mapping keys must be plain text");
        std::string key = it->first.Scalar();
        if (out.find(key)) throw InputError(key_at, key, "duplicate key");
        ConfigNode value = convert(it->second, source);
        value.key_where = key_at;
        if (value.where.line == 0) value.where = key_at;  // an empty value sits at its key
        out.pairs.emplace_back(std::move(key), std::move(value));
      }
      break;
  }
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool parse_index(const std::string& text, std::size_t& index) {
  if (text.empty() || text.size() > 9) return false;
  index = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

// Walks (creating mappings as needed) to the node at `path`, which is created null.
ConfigNode& walk(ConfigNode& root, std::string_view path, const Location& origin) {
  const std::vector<std::string> parts = split_path(path);
  ConfigNode* at = &root;
  std::string so_far;
  for (const std::string& part : parts) {
    if (part.empty()) throw InputError(origin, std::string(path), "empty key in key path");
    if (at->kind == ConfigNode::Kind::null) {
      at->kind = ConfigNode::Kind::mapping;
      at->where = origin;
    }
    if (at->kind == ConfigNode::Kind::sequence) {
      std::size_t index = 0;
      if (!parse_index(part, index) || index >= at->items.size())
        throw InputError(origin, so_far.empty() ? part : so_far + "." + part,
                         "no such item (the list has " + std::to_string(at->items.size()) +
                             " items, counted from 0)");
      at = &at->items[index];
    } else if (at->kind == ConfigNode::Kind::mapping) {
      ConfigNode* next = at->find(part);
      if (!next) {
        ConfigNode created;
        created.where = origin;
        created.key_where = origin;
        at->pairs.emplace_back(part, std::move(created));
        next = &at->pairs.back().second;
      }
      at = next;
    } else {
      throw InputError(origin, so_far, "is a single value; it has no key '" + part + "'");
    }
    so_far = so_far.empty() ? part : so_far + "." + part;
  }
  return *at;
}

void emit(YAML::Emitter& out, const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      out << node.scalar;
      break;
    case ConfigNode::Kind::sequence:
      out << YAML::BeginSeq;
      for (const ConfigNode& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    case ConfigNode::Kind::mapping:
      out << YAML::BeginMap;
      for (const auto& [key, value] : node.pairs) {
        out << YAML::Key << key << YAML::Value;
        emit(out, value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

const ConfigNode* ConfigNode::find(std::string_view key) const {
  for (const auto& [k, v] : pairs)
    if (k == key) return &v;
  return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key) {
  for (auto& [k, v] : pairs)
    if (k == key) return &v;
  return nullptr;
}

const char* to_string(ConfigNode::Kind kind) {
  switch (kind) {
    case ConfigNode::Kind::null:
      return "nothing";
    case ConfigNode::Kind::scalar:
      return "a single value";
    case ConfigNode::Kind::sequence:
      return "a list";
    case ConfigNode::Kind::mapping:
      return "a mapping";
  }
  return "nothing";
}

ConfigNode parse_yaml(std::string_view text, const std::string& source) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw InputError(located(e.mark, source), "", "YAML syntax error: " + e.msg);
  }
  ConfigNode root = convert(doc, source);
  if (root.kind != ConfigNode::Kind::mapping)
    throw InputError(
        root.where.line ? root.where : Location{source, 1, 1}, "",
        std::string("a scenario must be a mapping of keys, found ") + to_string(root.kind));
  return root;
}

ConfigNode load_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open scenario file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read scenario file");
  return parse_yaml(text.str(), path);
}

std::string to_yaml(const ConfigNode& node) {
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EmitNonAscii);
  emit(out, node);
  return std::string(out.c_str()) + "\n";
}

void set_path(ConfigNode& root, std::string_view key_path, ConfigNode value) {
  ConfigNode& target = walk(root, key_path, value.where);
  const Location key_at = target.key_where;
  target = std::move(value);
  target.key_where = key_at;
}

void apply_assignment(ConfigNode& root, std::string_view assignment, const std::string& origin) {
  const Location at{origin, 0, 0};
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) throw InputError(at, "", "expected key.path=value");
  const std::string_view path = assignment.substr(0, eq);
  const std::string text(assignment.substr(eq + 1));
  ConfigNode value;
  try {
    value = convert(YAML::Load(text), origin);
  } catch (const YAML::Exception& e) {
    throw InputError(at, std::string(path), "cannot parse the value: " + e.msg);
  }
  if (text.empty()) {  // `key=`: an empty string
    value = ConfigNode();
    value.kind = ConfigNode::Kind::scalar;
  }
  auto relocate = [&](auto& self, ConfigNode& node) -> void {
    node.where = at;
    node.key_where = at;
    for (ConfigNode& item : node.items) self(self, item);
    for (auto& pair : node.pairs) self(self, pair.second);
  };
  relocate(relocate, value);
  set_path(root, path, std::move(value));
}

void merge_into(ConfigNode& base, const ConfigNode& overrides) {
  if (overrides.kind != ConfigNode::Kind::mapping || base.kind != ConfigNode::Kind::mapping) {
    const Location key_at = base.key_where;
    base = overrides;
    base.key_where = key_at;
    return;
  }
  for (const auto& [key, value] : overrides.pairs) {
    ConfigNode& target = walk(base, key, value.key_where);
    if (target.kind == ConfigNode::Kind::null) {
      target = value;
    } else {
      merge_into(target, value);
    }
  }
}

}  // namespace kyosei::sim
