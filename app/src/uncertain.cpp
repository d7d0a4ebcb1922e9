// The parameters of a sensitivity study: the scenario's `uncertain:` mapping and the model's
// assumptions, each expanded to the key paths it sets and checked against the keys read.
#include <algorithm>
#include <cctype>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "sensitivity.hpp"

namespace kyosei::app {
namespace {

std::vector<std::string> segments_of(const std::string& path) {
  std::vector<std::string> out(1);
  for (char c : path) {
    if (c == '.')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

bool is_index(const std::string& segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(),
                                         [](unsigned char c) { return std::isdigit(c); });
}

// The path as the key catalogue names it: list items as `[]`.
std::string generic_of(const std::string& path) {
  std::string out;
  for (const std::string& segment : segments_of(path))
    out += (out.empty() ? "" : ".") + (is_index(segment) || segment == "*" ? "[]" : segment);
  return out;
}

// Every concrete path `segments` names in `node`, a `*` standing for each item of a list.
void expand(const sim::ConfigNode* node, const std::vector<std::string>& segments, std::size_t at,
            const std::string& prefix, std::vector<std::string>& out) {
  if (at == segments.size()) {
    out.push_back(prefix);
    return;
  }
  const std::string join = prefix.empty() ? "" : prefix + ".";
  if (segments[at] == "*") {
    if (!node || node->kind != sim::ConfigNode::Kind::sequence) return;
    for (std::size_t i = 0; i < node->items.size(); ++i)
      expand(&node->items[i], segments, at + 1, join + std::to_string(i), out);
    return;
  }
  const sim::ConfigNode* next = nullptr;
  if (node && node->is_mapping())
    next = node->find(segments[at]);
  else if (node && node->kind == sim::ConfigNode::Kind::sequence && is_index(segments[at]) &&
           std::stoul(segments[at]) < node->items.size())
    next = &node->items[std::stoul(segments[at])];
  expand(next, segments, at + 1, join + segments[at], out);
}

io::StudyParameter read_spec(const sim::ConfigReader& r, const std::string& path) {
  io::StudyParameter p;
  p.path = path;
  p.distribution =
      r.choice_or("distribution", "uniform", {"uniform", "loguniform", "triangular", "normal"});
  p.low = r.number("low");
  p.high = r.number("high");
  if (!(p.low < p.high)) r.fail("high", "must be above low (" + r.text("low") + ")");
  if (p.distribution == "loguniform" && p.low <= 0)
    r.fail("low", "must be above 0 for a log-uniform distribution");
  if (p.distribution == "triangular") p.mode = r.number("mode", p.low, p.high);
  if (p.distribution == "normal") {
    p.mean = r.number("mean", p.low, p.high);
    p.sd = r.number("sd", 0, sim::ConfigReader::inf);
    if (p.sd <= 0) r.fail("sd", "must be above 0");
  }
  p.reason = r.text("reason");
  return p;
}

// Reads the `uncertain` mapping of `root` into `out`, skipping paths already there.
void read_uncertain(const sim::ConfigNode& root, const std::string& source_name,
                    std::vector<std::pair<io::StudyParameter, sim::Location>>& out) {
  const sim::ConfigNode* u = root.find("uncertain");
  if (!u || u->kind == sim::ConfigNode::Kind::null) return;
  if (!u->is_mapping())
    throw sim::InputError(u->where, "uncertain",
                          "expected a mapping of key paths to {low: L, high: H, reason: ...}"
                          " (" +
                              source_name + ")");
  sim::KeyTracker tracker;
  const sim::ConfigReader uncertain(*u, "uncertain", tracker);
  for (const auto& pair : u->pairs) {
    const std::string& path = pair.first;  // a named copy: clang 14 lambdas cannot capture bindings
    const bool known =
        std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first.path == path; });
    io::StudyParameter spec = read_spec(uncertain.section(path), path);  // checked either way
    if (!known) out.emplace_back(std::move(spec), pair.second.key_where);
  }
  tracker.reject_unknown(*u, "uncertain");
}

}  // namespace

std::vector<UncertainParameter> uncertain_parameters(const sim::ScenarioSource& source,
                                                     bool assumptions,
                                                     const sim::ModelLoader& loader) {
  std::vector<std::pair<io::StudyParameter, sim::Location>> specs;
  read_uncertain(source.resolved, "the scenario", specs);
  const std::size_t declared = specs.size();
  if (assumptions && !loader.assumptions().empty())
    read_uncertain(sim::parse_yaml(loader.assumptions(), loader.assumptions_source()),
                   loader.assumptions_source(), specs);

  std::vector<UncertainParameter> out;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& [spec, where] = specs[i];
    const std::string key = "uncertain." + spec.path;
    const auto doc = source.keys.find(generic_of(spec.path));
    UncertainParameter p{spec, {}, false};
    expand(&source.resolved, segments_of(spec.path), 0, "", p.paths);
    if (doc == source.keys.end() || doc->second.type.starts_with("mapping") || p.paths.empty()) {
      if (i >= declared) continue;  // an assumption of a part this scenario does not have
      throw sim::InputError(where, key,
                            doc == source.keys.end()
                                ? "not a key the scenario's model reads (kyosei validate --keys "
                                  "lists them)"
                                : "names no value in this scenario");
    }
    p.integer = doc->second.type.starts_with("integer");
    out.push_back(std::move(p));
  }
  if (out.empty())
    throw sim::InputError(sim::Location{"uncertain"}, "",
                          "the scenario declares no uncertain parameters: add an `uncertain:` "
                          "mapping or pass --assumptions");
  return out;
}

}  // namespace kyosei::app
