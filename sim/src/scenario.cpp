#include "kyosei/sim/scenario.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "kyosei/sim/config_reader.hpp"
#include "kyosei/sim/notes.hpp"

namespace kyosei::sim {

ScenarioSource resolve_scenario(ConfigNode base, const std::vector<Assignment>& assignments) {
  for (const Assignment& a : assignments) apply_assignment(base, a.text, a.origin);

  ScenarioSource out;
  ConfigNode common = base;
  std::erase_if(common.pairs, [](const auto& pair) {
    return pair.first == "arms" || pair.first == "sweep" || pair.first == "uncertain";
  });

  KeyTracker tracker;
  const ConfigReader root(base, "", tracker);
  const std::vector<ConfigReader> arms = root.sections("arms", false);
  for (const ConfigReader& arm : arms) {
    ArmSource resolved{arm.text("name"), arm.text_or("description", ""), common};
    if (resolved.name.empty()) arm.fail("name", "must not be empty");
    for (const ArmSource& earlier : out.arms)
      if (earlier.name == resolved.name) arm.fail("name", "another arm is already named this");
    if (const ConfigNode* overrides = arm.raw("overrides");
        overrides && overrides->kind != ConfigNode::Kind::null) {
      if (!overrides->is_mapping()) arm.fail("overrides", "expected a mapping of keys to change");
      merge_into(resolved.tree, *overrides);
    }
    out.arms.push_back(std::move(resolved));
  }
  // A sweep's grid expands into one arm per combination (like NetLogo's BehaviorSpace),
  // after the arms written out, each named by its values.
  if (const std::optional<ConfigReader> sweep = root.optional_section("sweep")) {
    const ConfigNode* grid = sweep->raw("grid");
    if (!grid || !grid->is_mapping() || grid->pairs.empty())
      sweep->fail("grid", "expected a mapping of key paths to lists of values");
    std::vector<std::vector<std::pair<std::string, const ConfigNode*>>> combos{{}};
    for (const auto& [path, values] : grid->pairs) {
      if (values.kind != ConfigNode::Kind::sequence || values.items.empty())
        throw InputError(values.where, "sweep.grid." + path, "expected a non-empty list of values");
      if (combos.size() * values.items.size() > 10000)  // checked before expanding, not after
        sweep->fail("grid", "expands into more than 10,000 arms");
      std::vector<std::vector<std::pair<std::string, const ConfigNode*>>> next;
      for (const auto& combo : combos)
        for (const ConfigNode& value : values.items) {
          next.push_back(combo);
          next.back().emplace_back(path, &value);
        }
      combos = std::move(next);
    }
    for (const auto& combo : combos) {
      ArmSource arm{"", "", common};
      for (const auto& [path, value] : combo) {
        const std::string leaf =
            path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
        arm.name += (arm.name.empty() ? "" : ",") + leaf + "=" + value->scalar;
        ConfigNode set = *value;
        set_path(arm.tree, path, set);
      }
      for (const ArmSource& earlier : out.arms)
        if (earlier.name == arm.name)
          sweep->fail("grid", "two combinations are both named " + arm.name);
      out.arms.push_back(std::move(arm));
    }
  }
  if (const ConfigNode* list = base.find("arms"))
    for (std::size_t i = 0; i < list->items.size(); ++i)
      tracker.reject_unknown(list->items[i], "arms." + std::to_string(i));
  if (out.arms.empty()) out.arms.push_back({"base", "", std::move(common)});
  out.keys = tracker.catalogue();
  out.resolved = std::move(base);
  return out;
}

RunSettings read_run_settings(const ConfigReader& scenario, int default_warmup_years) {
  RunSettings s;
  s.name = scenario.text("name");
  if (s.name.empty()) scenario.fail("name", "must not be empty");
  s.description = scenario.text_or("description", "");
  s.seed = static_cast<std::uint64_t>(scenario.integer("seed", 0));
  s.start_date = scenario.date("start_date");
  s.years = static_cast<int>(scenario.integer("years", 1, 200));  // [years]
  s.days = days_in_years(s.start_date, s.years);
  s.warmup_years =
      static_cast<int>(scenario.integer_or("warmup_years", default_warmup_years, 0, 100));
  const Date warmup_start = years_before(s.start_date, s.warmup_years);
  s.warmup_days = static_cast<int>(
      (std::chrono::sys_days{s.start_date} - std::chrono::sys_days{warmup_start}).count());
  s.replicates = static_cast<int>(scenario.integer("replicates", 1, 100000));
  if (const auto output = scenario.optional_section("output")) {
    if (output->has("interval_days"))  // the key before calendar sampling
      output->fail("interval_days",
                   "now output.interval: month, quarter, fiscal_year or a number of days");
    // Peeked at through the section's node, so that the key's catalogue entry is the choice
    // read below.
    const ConfigNode* section = scenario.raw("output");
    const ConfigNode* node = section ? section->find("interval") : nullptr;
    const bool days = node && node->kind == ConfigNode::Kind::scalar && !node->scalar.empty() &&
                      node->scalar.find_first_not_of("0123456789") == std::string::npos;
    if (days) {
      s.sampling = {Sampling::Every::days, static_cast<int>(output->integer("interval", 1, 3660))};
    } else {
      const std::string every =
          output->choice_or("interval", "month", {"month", "quarter", "fiscal_year"});
      s.sampling.every = every == "quarter"       ? Sampling::Every::quarter
                         : every == "fiscal_year" ? Sampling::Every::accounting_year
                                                  : Sampling::Every::month;
    }
    output->document("interval", "month (or a number of days)");
  }
  s.counterfactual = scenario.boolean_or("counterfactual", false);
  s.baseline = scenario.text_or("baseline", "");
  scenario.document("baseline", "the first arm");
  return s;
}

namespace {

// Reads one arm's tree with the model, records the keys it read, checks that it shares the
// first arm's run settings and regions, and appends it.
void add_arm(const ConfigNode& tree, const std::string& name, int counterfactual_of,
             const ModelLoader& loader, ScenarioSource& source, PreparedScenario& out) {
  KeyTracker tracker;
  const ConfigReader reader(tree, "", tracker);
  const RunSettings settings = read_run_settings(reader, loader.description().warmup_years);
  std::unique_ptr<ArmModel> model =
      loader.load(reader, settings, ArmRole{.counterfactual = counterfactual_of >= 0});
  tracker.reject_unknown(tree);
  for (const auto& [path, doc] : tracker.catalogue()) source.keys.try_emplace(path, doc);
  if (out.arms.empty()) {
    out.settings = settings;
  } else {
    if (!(settings == out.settings))
      reader.fail("", "arm '" + name +
                          "' changes a run setting (name, seed, start_date, years, replicates "
                          "or output); arms share these");
    if (!(model->regions() == out.arms[0].model->regions()))
      reader.fail(loader.description().regions_key,
                  "arm '" + name + "' has other regions than the first arm; arms must share them");
  }
  out.arms.push_back({name, std::move(model), counterfactual_of});
}

// Appends `<arm>~twin` for each arm that applies a treatment: the same arm read as its
// counterfactual (ArmRole), drawing the arm's random numbers, so that the difference between
// the two is the effect of the treatment alone. Arms that treat nothing are their own
// counterfactual.
void add_counterfactual_twins(ScenarioSource& source, const ModelLoader& loader,
                              PreparedScenario& out) {
  const std::size_t arms = out.arms.size();
  for (std::size_t a = 0; a < arms; ++a) {
    const HasTreatment* treatment = capability<HasTreatment>(*out.arms[a].model);
    if (!treatment || !treatment->treats()) {
      note("arm '" + out.arms[a].name + "' treats nothing: it is its own counterfactual");
      continue;
    }
    const std::string name = out.arms[a].name + "~twin";
    for (const PreparedArm& other : out.arms)
      if (other.name == name)
        throw InputError(Location{"--counterfactual", 0, 0}, "arms",
                         "an arm is already named '" + name + "', the name of a twin");
    add_arm(source.arms[a].tree, name, static_cast<int>(a), loader, source, out);
  }
}

// Reads each arm's warm-up model (the arm as its counterfactual: its treatment withheld)
// and groups the arms whose replicates can start from one warm-up (SharesWarmup), so each
// group warms up once per replicate. The baseline goes first: arms that share its warm-up
// start from the baseline's past, and take up their own settings at the start date.
void add_warmups(const ScenarioSource& source, const ModelLoader& loader, PreparedScenario& out) {
  std::vector<std::size_t> order{static_cast<std::size_t>(out.baseline)};
  for (std::size_t a = 0; a < out.arms.size(); ++a)
    if (a != order.front()) order.push_back(a);
  for (const std::size_t a : order) {
    PreparedArm& arm = out.arms[a];
    const std::size_t written =
        arm.counterfactual_of >= 0 ? static_cast<std::size_t>(arm.counterfactual_of) : a;
    KeyTracker tracker;
    const ConfigReader reader(source.arms[written].tree, "", tracker);
    std::unique_ptr<ArmModel> model =
        loader.load(reader, out.settings, ArmRole{.counterfactual = true});
    const SharesWarmup* shares = capability<SharesWarmup>(*model);
    for (std::size_t k = 0; k < out.warmups.size() && shares; ++k)
      if (shares->warms_up_as(*out.warmups[k])) {
        arm.warmup = static_cast<int>(k);
        break;
      }
    if (arm.warmup < 0) {
      arm.warmup = static_cast<int>(out.warmups.size());
      out.warmups.push_back(std::move(model));
    }
  }
}

}  // namespace

PreparedScenario prepare_scenario(ScenarioSource source, const ModelLoader& loader) {
  PreparedScenario out;
  for (std::size_t a = 0; a < source.arms.size(); ++a)
    add_arm(source.arms[a].tree, source.arms[a].name, -1, loader, source, out);
  if (out.settings.counterfactual) add_counterfactual_twins(source, loader, out);
  if (const std::string& baseline = out.settings.baseline; !baseline.empty()) {
    const auto named = std::find_if(out.arms.begin(), out.arms.end(),
                                    [&](const PreparedArm& arm) { return arm.name == baseline; });
    if (named == out.arms.end()) {
      std::string known;
      for (const PreparedArm& arm : out.arms) known += (known.empty() ? "" : ", ") + arm.name;
      const ConfigNode* node = source.resolved.find("baseline");
      throw InputError(node ? node->where : Location{}, "baseline",
                       "no arm is named '" + baseline + "' (arms: " + known + ")");
    }
    out.baseline = static_cast<int>(named - out.arms.begin());
  }
  if (out.settings.warmup_years > 0) add_warmups(source, loader, out);
  out.source = std::move(source);
  return out;
}

}  // namespace kyosei::sim
