#include "kyosei/io/hdf5.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <numeric>
#include <system_error>

#include "h5.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/files.hpp"

namespace kyosei::io {
namespace {

namespace fs = std::filesystem;

// Scales of every /series dataset, in axis order.
const std::array<std::string, 4> series_scales{"/arm", "/replicate", "/time", "/region"};
// Every result array starts [arm, replicate, ...]. A chunk holds one run, so a reader comparing
// replicates, or a writer storing them as they finish, touches only that run's chunks.
constexpr std::size_t run_axes = 2;

// Inconsistent Results are a bug in the engine, not bad input: std::invalid_argument (exit 1).
void validate(const sim::Results& results) {
  const auto bad = [](const std::string& what) { throw std::invalid_argument("Results: " + what); };
  if (results.replicates < 0) bad("negative replicate count");
  if (results.start_date.empty()) bad("start_date is empty, so /time would have no epoch");
  if (!results.arms.empty() &&
      (results.baseline < 0 || static_cast<std::size_t>(results.baseline) >= results.arms.size()))
    bad("baseline " + std::to_string(results.baseline) + " names no arm");
  if (results.series.size() != results.metrics.size())
    bad(std::to_string(results.metrics.size()) + " metrics but " +
        std::to_string(results.series.size()) + " series");
  for (std::size_t m = 0; m < results.metrics.size(); ++m) {
    const std::string& name = results.metrics[m].name;
    if (name.empty() || name == "." || name.find('/') != std::string::npos)
      bad("metric name '" + name + "' cannot name an HDF5 dataset");
    if (results.series[m].size() != results.values_per_metric())
      bad("series '" + name + "' holds " + std::to_string(results.series[m].size()) +
          " values, expected " + std::to_string(results.values_per_metric()));
  }
  if (results.trait_values.size() != results.traits.size())
    bad(std::to_string(results.traits.size()) + " traits but " +
        std::to_string(results.trait_values.size()) + " value arrays");
  for (std::size_t k = 0; k < results.traits.size(); ++k)
    if (results.trait_values[k].size() != results.arms.size() * results.regions.size())
      bad("trait '" + results.traits[k].name + "' is not [arm, region]");
  if (!results.counterfactual_of.empty() && results.counterfactual_of.size() != results.arms.size())
    bad("counterfactual_of is not one per arm");
}

void write_provenance(hid_t file, const sim::Results& results) {
  h5::write_attribute(file, "Conventions", std::string("CF-1.8"));
  h5::write_attribute(file, "kyosei_version", results.kyosei_version);
  h5::write_attribute(file, "scenario_name", results.scenario_name);
  h5::write_attribute(file, "created_utc", results.created_utc);
  h5::write_attribute(file, "start_date", results.start_date);
  h5::write_attribute(file, "seed", results.seed);
  h5::write_attribute(file, "threads", std::int32_t{results.threads});
  h5::write_attribute(file, "ranks", std::int32_t{results.ranks});
  if (results.shards > 0) {
    h5::write_attribute(file, "shard", std::int32_t{results.shard});
    h5::write_attribute(file, "shards", std::int32_t{results.shards});
  }
  if (!results.arms.empty())
    h5::write_attribute(file, "baseline", results.arms[static_cast<std::size_t>(results.baseline)]);
  h5::write_attribute(file, "common_random_numbers",
                      std::int32_t{results.common_random_numbers ? 1 : 0});
  h5::write_attribute(file, "warmup_years", std::int32_t{results.warmup_years});
  h5::write_string(file, "scenario", results.scenario_yaml);
}

void describe_scale(const h5::Dataset& dataset, const std::string& dimension,
                    const std::string& long_name) {
  h5::make_scale(dataset, dimension);
  h5::write_attribute(dataset.id(), "long_name", long_name);
}

void write_dimensions(hid_t file, const sim::Results& results) {
  describe_scale(h5::write_strings(file, "arm", results.arms), "arm", "scenario arm");

  std::vector<std::int32_t> replicate(static_cast<std::size_t>(results.replicates));
  std::iota(replicate.begin(), replicate.end(), 0);
  describe_scale(h5::write_vector<std::int32_t>(file, "replicate", replicate), "replicate",
                 "replicate index");

  const h5::Dataset time = h5::write_vector<std::int32_t>(file, "time", results.times);
  describe_scale(time, "time", "time of sample");
  h5::write_attribute(time.id(), "units", "days since " + results.start_date);
  h5::write_attribute(time.id(), "calendar", std::string("standard"));
  h5::write_attribute(time.id(), "axis", std::string("T"));
  if (!results.sampling.empty()) h5::write_attribute(time.id(), "sampling", results.sampling);

  std::vector<std::string> names, levels, parents;
  for (const sim::RegionInfo& region : results.regions) {
    names.push_back(region.name);
    levels.push_back(region.level);
    parents.push_back(region.parent);
  }
  describe_scale(h5::write_strings(file, "region", names), "region",
                 "region: every region the model defines, and the scenario-wide total");
  h5::write_attribute(
      h5::write_strings(file, "region_level", levels).id(), "long_name",
      std::string("level of each region, as the model names it (\"total\": scenario-wide)"));
  h5::write_attribute(h5::write_strings(file, "region_parent", parents).id(), "long_name",
                      std::string("enclosing region of each region; empty for the total"));
}

// /ledger and its own scales /fiscal_year, /program and /payer (the file's names for the
// ledger's accounting years and funders), when the model keeps one.
void write_ledger(hid_t file, const sim::Results& results) {
  const sim::LedgerLayout& layout = results.ledger_layout;
  if (layout.programs.empty()) return;
  const unsigned first = layout.year_first_month;
  const h5::Dataset years =
      h5::write_vector<std::int32_t>(file, "fiscal_year", results.ledger_years);
  describe_scale(years, "fiscal_year",
                 std::string("accounting year from ") + sim::month_name(first) + " to " +
                     sim::month_name(sim::month_before(first)) + ", named by its first year");
  h5::write_attribute(years.id(), "first_month", std::int32_t{static_cast<std::int32_t>(first)});
  describe_scale(h5::write_strings(file, "program", layout.programs), "program",
                 "program the cost is booked to");
  describe_scale(h5::write_strings(file, "payer", layout.funders), "payer", "who pays");
  const std::array<hsize_t, 6> shape{
      results.arms.size(),         static_cast<hsize_t>(results.replicates),
      results.ledger_years.size(), results.regions.size(),
      layout.programs.size(),      layout.funders.size()};
  const std::array<std::string, 6> scales{"/arm",    "/replicate", "/fiscal_year",
                                          "/region", "/program",   "/payer"};
  const h5::Dataset ledger =
      h5::write_scaled(file, "ledger", shape, results.ledger, scales, run_axes);
  h5::write_attribute(ledger.id(), "units", layout.currency);
  h5::write_attribute(ledger.id(), "long_name",
                      std::string("amounts by accounting year, region, program and payer"));
}

void read_ledger(hid_t file, sim::Results& results) {
  if (!h5::exists(file, "ledger")) return;
  sim::LedgerLayout& layout = results.ledger_layout;
  const h5::Dataset years = h5::open_dataset(file, "fiscal_year");
  results.ledger_years = h5::read_vector<std::int32_t>(file, "fiscal_year");
  // Files written before the first month was recorded came from the welfare model alone,
  // whose years run April to March.
  layout.year_first_month =
      h5::has_attribute(years.id(), "first_month")
          ? static_cast<unsigned>(h5::read_attribute<std::int32_t>(years.id(), "first_month"))
          : 4;
  layout.programs = h5::read_strings(file, "program");
  layout.funders = h5::read_strings(file, "payer");
  const h5::Dataset ledger = h5::open_dataset(file, "ledger");
  layout.currency = h5::has_attribute(ledger.id(), "units")
                        ? h5::read_string_attribute(ledger.id(), "units")
                        : std::string();
  results.ledger = h5::read_array(ledger);
}

// The CF interval of a count's cell: " (interval: 1 month)" for monthly samples, and so on.
std::string interval_of(const std::string& sampling) {
  if (sampling.empty()) return "";
  const std::string length = sampling == "month"         ? "1 month"
                             : sampling == "quarter"     ? "3 months"
                             : sampling == "fiscal_year" ? "1 year"
                                                         : sampling;  // "N days"
  return " (interval: " + length + ")";
}

void write_series(hid_t file, const sim::Results& results) {
  const h5::Group group = h5::create_group(file, "series");
  const std::array<hsize_t, 4> shape{results.arms.size(), static_cast<hsize_t>(results.replicates),
                                     results.times.size(), results.regions.size()};
  for (std::size_t m = 0; m < results.metrics.size(); ++m) {
    const sim::MetricInfo& metric = results.metrics[m];
    const h5::Dataset dataset = h5::write_scaled(group.id(), metric.name, shape, results.series[m],
                                                 series_scales, run_axes);
    h5::write_attribute(dataset.id(), "units", metric.units);
    h5::write_attribute(dataset.id(), "long_name", metric.long_name);
    h5::write_attribute(dataset.id(), "kind", std::string(sim::to_string(metric.kind)));
    // CF cell methods: a count is the sum over the days since the previous sample (a month
    // when sampled monthly), a level or a ratio the value at the sample.
    const bool count = metric.kind == sim::MetricKind::count;
    h5::write_attribute(dataset.id(), "cell_methods",
                        std::string(count ? "time: sum" : "time: point") +
                            (count ? interval_of(results.sampling) : std::string()));
    if (metric.kind == sim::MetricKind::ratio) {
      h5::write_attribute(dataset.id(), "numerator", metric.numerator);
      h5::write_attribute(dataset.id(), "denominator", metric.denominator);
    }
  }
}

// /traits/<name> [arm, region] and /counterfactual_of [arm].
void write_traits(hid_t file, const sim::Results& results) {
  std::vector<std::int32_t> twin_of = results.counterfactual_of;
  twin_of.resize(results.arms.size(), -1);
  const h5::Dataset twins = h5::write_vector<std::int32_t>(file, "counterfactual_of", twin_of);
  h5::attach_scale(twins, h5::open_dataset(file, "arm"), 0);
  h5::set_label(twins, 0, "arm");
  h5::write_attribute(twins.id(), "long_name",
                      std::string("for a counterfactual twin, the arm whose treatment it withholds "
                                  "and whose random numbers it shares; -1 otherwise"));
  if (results.traits.empty()) return;
  const h5::Group group = h5::create_group(file, "traits");
  const std::array<hsize_t, 2> shape{results.arms.size(), results.regions.size()};
  const std::array<std::string, 2> scales{"/arm", "/region"};
  for (std::size_t k = 0; k < results.traits.size(); ++k) {
    const sim::TraitInfo& trait = results.traits[k];
    const h5::Dataset dataset =
        h5::write_scaled(group.id(), trait.name, shape, results.trait_values[k], scales);
    h5::write_attribute(dataset.id(), "units", trait.units);
    h5::write_attribute(dataset.id(), "long_name", trait.long_name);
  }
}

void write_annotations(hid_t file, const sim::Results& results) {
  for (std::size_t i = 0; i < results.annotations.size(); ++i) {
    const sim::Annotation& a = results.annotations[i];
    const h5::Group group =
        h5::exists(file, a.group) ? h5::open_group(file, a.group) : h5::create_group(file, a.group);
    h5::write_attribute(group.id(), a.name, a.value);
  }
}

// --- reading ---

// Every root group other than /series holds annotations as numeric attributes.
void read_annotations(hid_t file, sim::Results& results) {
  const h5::Group root = h5::open_group(file, "/");
  for (const std::string& name : h5::member_names(root.id())) {
    if (name == "series" || name == "traits" || !h5::is_group(file, name)) continue;
    const h5::Group group = h5::open_group(file, name);
    for (const std::string& attribute : h5::attribute_names(group.id()))
      results.annotations.push_back(
          {name, attribute, h5::read_attribute<double>(group.id(), attribute)});
  }
}

[[noreturn]] void not_kyosei(const fs::path& in, const std::string& what) {
  throw sim::InputError(in.string() + ": not a kyosei result: " + what);
}

void require_layout(hid_t file, const fs::path& in) {
  for (const char* attribute :
       {"kyosei_version", "seed", "scenario_name", "created_utc", "threads"})
    if (!h5::has_attribute(file, attribute))
      not_kyosei(in, std::string("root attribute '") + attribute + "' is missing");
  for (const char* dataset : {"scenario", "arm", "replicate", "time", "region", "region_level",
                              "region_parent", "series"})
    if (!h5::exists(file, dataset)) not_kyosei(in, std::string("/") + dataset + " is missing");
}

void read_traits(hid_t file, const fs::path& in, sim::Results& results) {
  results.counterfactual_of.assign(results.arms.size(), -1);
  if (h5::exists(file, "counterfactual_of")) {
    results.counterfactual_of = h5::read_vector<std::int32_t>(file, "counterfactual_of");
    if (results.counterfactual_of.size() != results.arms.size())
      not_kyosei(in, "/counterfactual_of is not one per arm");
    for (const std::int32_t twin : results.counterfactual_of)
      if (twin < -1 || twin >= static_cast<std::int32_t>(results.arms.size()))
        not_kyosei(in, "/counterfactual_of names an arm that does not exist");
  }
  if (!h5::exists(file, "traits")) return;
  const h5::Group group = h5::open_group(file, "traits");
  const std::vector<hsize_t> shape{results.arms.size(), results.regions.size()};
  for (const std::string& name : h5::member_names(group.id())) {
    const h5::Dataset dataset = h5::open_dataset(group.id(), name);
    if (h5::shape_of(dataset) != shape) not_kyosei(in, "/traits/" + name + " is not [arm, region]");
    sim::TraitInfo trait{name, "", ""};
    if (h5::has_attribute(dataset.id(), "units"))
      trait.units = h5::read_string_attribute(dataset.id(), "units");
    if (h5::has_attribute(dataset.id(), "long_name"))
      trait.long_name = h5::read_string_attribute(dataset.id(), "long_name");
    results.traits.push_back(std::move(trait));
    results.trait_values.push_back(h5::read_array(dataset));
  }
}

void read_provenance(hid_t file, sim::Results& results) {
  results.kyosei_version = h5::read_string_attribute(file, "kyosei_version");
  results.scenario_name = h5::read_string_attribute(file, "scenario_name");
  results.created_utc = h5::read_string_attribute(file, "created_utc");
  results.seed = h5::read_attribute<std::uint64_t>(file, "seed");
  results.threads = h5::read_attribute<std::int32_t>(file, "threads");
  if (h5::has_attribute(file, "ranks"))
    results.ranks = h5::read_attribute<std::int32_t>(file, "ranks");
  if (h5::has_attribute(file, "shards")) {
    results.shard = h5::read_attribute<std::int32_t>(file, "shard");
    results.shards = h5::read_attribute<std::int32_t>(file, "shards");
  }
  results.common_random_numbers =
      h5::has_attribute(file, "common_random_numbers") &&
      h5::read_attribute<std::int32_t>(file, "common_random_numbers") != 0;
  results.scenario_yaml = h5::read_string(file, "scenario");
}

void read_dimensions(hid_t file, const fs::path& in, sim::Results& results) {
  results.arms = h5::read_strings(file, "arm");
  results.warmup_years = h5::has_attribute(file, "warmup_years")
                             ? h5::read_attribute<std::int32_t>(file, "warmup_years")
                             : 0;
  // The baseline arm by name; files without one compare with the first arm.
  if (h5::has_attribute(file, "baseline")) {
    const std::string name = h5::read_string_attribute(file, "baseline");
    const auto at = std::find(results.arms.begin(), results.arms.end(), name);
    results.baseline = at == results.arms.end() ? 0 : static_cast<int>(at - results.arms.begin());
  }
  const std::size_t replicates = h5::read_vector<std::int32_t>(file, "replicate").size();
  if (replicates > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    not_kyosei(in, "/replicate is implausibly long");
  results.replicates = static_cast<int>(replicates);
  results.times = h5::read_vector<std::int32_t>(file, "time");
  if (const h5::Dataset time = h5::open_dataset(file, "time");
      h5::has_attribute(time.id(), "sampling"))
    results.sampling = h5::read_string_attribute(time.id(), "sampling");

  // start_date was added beside /time's units; older files carry it only there.
  const std::string prefix = "days since ";
  if (h5::has_attribute(file, "start_date")) {
    results.start_date = h5::read_string_attribute(file, "start_date");
  } else {
    const h5::Dataset time = h5::open_dataset(file, "time");
    const std::string units =
        h5::has_attribute(time.id(), "units") ? h5::read_string_attribute(time.id(), "units") : "";
    if (!units.starts_with(prefix)) not_kyosei(in, "/time has no 'days since' units");
    results.start_date = units.substr(prefix.size());
  }

  const auto names = h5::read_strings(file, "region");
  const auto levels = h5::read_strings(file, "region_level");
  const auto parents = h5::read_strings(file, "region_parent");
  if (levels.size() != names.size() || parents.size() != names.size())
    not_kyosei(in, "/region_level and /region_parent differ in length from /region");
  results.regions.clear();
  for (std::size_t i = 0; i < names.size(); ++i)
    results.regions.push_back({names[i], levels[i], parents[i]});
}

void read_series(hid_t file, const fs::path& in, sim::Results& results) {
  const h5::Group group = h5::open_group(file, "series");
  const std::vector<hsize_t> shape{results.arms.size(), static_cast<hsize_t>(results.replicates),
                                   results.times.size(), results.regions.size()};
  for (const std::string& name : h5::member_names(group.id())) {
    const std::string where = "/series/" + name;
    const h5::Dataset dataset = h5::open_dataset(group.id(), name);
    if (h5::shape_of(dataset) != shape)
      not_kyosei(in, where + " is not shaped [arm, replicate, time, region]");
    const auto text = [&](const char* attribute, bool required) -> std::string {
      if (h5::has_attribute(dataset.id(), attribute))
        return h5::read_string_attribute(dataset.id(), attribute);
      if (required) not_kyosei(in, where + " lacks attribute '" + attribute + "'");
      return {};
    };
    sim::MetricInfo metric;
    metric.name = name;
    metric.units = text("units", true);
    metric.long_name = text("long_name", true);
    try {
      metric.kind = sim::metric_kind_from_string(text("kind", true));
    } catch (const std::invalid_argument& error) {
      not_kyosei(in, where + ": " + error.what());
    }
    metric.numerator = text("numerator", false);
    metric.denominator = text("denominator", false);
    results.metrics.push_back(std::move(metric));
    results.series.push_back(h5::read_array(dataset));
  }
}

}  // namespace

void check_output_path(const fs::path& out) {
  const auto refuse = [&](const std::string& problem) {
    throw sim::InputError(out.string() + ": cannot write output: " + problem);
  };
  if (out.empty()) throw sim::InputError("output path is empty");
  std::error_code ignored;
  if (fs::is_directory(out, ignored)) refuse("it is a directory");
  if (!out.has_filename()) refuse("it names a directory, not a file");
  const fs::path directory = sim::directory_of(out);
  const fs::file_status status = fs::status(directory, ignored);
  if (!fs::exists(status)) refuse("directory '" + directory.string() + "' does not exist");
  if (!fs::is_directory(status)) refuse("'" + directory.string() + "' is not a directory");
  if (::access(directory.c_str(), W_OK | X_OK) != 0)
    refuse("directory '" + directory.string() + "' is not writable");
}

void write_hdf5(const sim::Results& results, const fs::path& out) {
  validate(results);
  check_output_path(out);
  sim::create_atomically(out, [&](const fs::path& temporary) {
    h5::File file = h5::create_file(temporary);
    write_provenance(file.id(), results);
    write_dimensions(file.id(), results);
    write_series(file.id(), results);
    write_annotations(file.id(), results);
    write_ledger(file.id(), results);
    write_traits(file.id(), results);
    file.close(temporary.string());
  });
}

sim::Results read_hdf5(const fs::path& in) {
  std::error_code ignored;
  const fs::file_status status = fs::status(in, ignored);
  if (!fs::exists(status)) throw sim::InputError(in.string() + ": no such file");
  if (fs::is_directory(status)) throw sim::InputError(in.string() + ": is a directory, not a file");
  try {
    if (!h5::is_hdf5(in)) throw sim::InputError(in.string() + ": not an HDF5 file");
    const h5::File file = h5::open_file(in);
    require_layout(file.id(), in);
    sim::Results results;
    read_provenance(file.id(), results);
    read_dimensions(file.id(), in, results);
    read_series(file.id(), in, results);
    read_annotations(file.id(), results);
    read_ledger(file.id(), results);
    read_traits(file.id(), in, results);
    return results;
  } catch (const H5Error& error) {
    // The file, not the program, is at fault: it is readable HDF5 but not as kyosei wrote it.
    throw sim::InputError(in.string() + ": " + error.what());
  }
}

}  // namespace kyosei::io
