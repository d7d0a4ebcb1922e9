#include "kyosei/io/study.hpp"

#include <array>

#include "h5.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/files.hpp"

namespace kyosei::io {
namespace {

namespace fs = std::filesystem;

constexpr const char* study_kind = "kyosei sensitivity study";

std::vector<double> column(const std::vector<StudyParameter>& ps, double StudyParameter::*field) {
  std::vector<double> out;
  for (const StudyParameter& p : ps) out.push_back(p.*field);
  return out;
}

template <class Get>
std::vector<std::string> texts(const std::vector<StudyParameter>& ps, Get get) {
  std::vector<std::string> out;
  for (const StudyParameter& p : ps) out.push_back(get(p));
  return out;
}

void write_matrix(hid_t parent, const std::string& name, std::size_t rows, std::size_t columns,
                  const std::vector<double>& values) {
  const std::array<hsize_t, 2> shape{rows, columns};
  h5::write_array(parent, name, shape, values);
}

}  // namespace

bool is_study(const fs::path& path) {
  std::error_code ignored;
  if (!fs::is_regular_file(path, ignored) || !h5::is_hdf5(path)) return false;
  try {
    const h5::File file = h5::open_file(path);
    return h5::has_attribute(file.id(), "kind") &&
           h5::read_string_attribute(file.id(), "kind") == study_kind;
  } catch (const H5Error&) {
    return false;
  }
}

void write_study(const Study& s, const fs::path& out) {
  check_output_path(out);
  sim::create_atomically(out, [&](const fs::path& temporary) {
    h5::File file = h5::create_file(temporary);
    const hid_t f = file.id();
    h5::write_attribute(f, "kind", std::string(study_kind));
    h5::write_attribute(f, "kyosei_version", s.kyosei_version);
    h5::write_attribute(f, "created_utc", s.created_utc);
    h5::write_attribute(f, "scenario_name", s.scenario_name);
    h5::write_attribute(f, "seed", s.seed);
    h5::write_attribute(f, "digest", s.digest);
    h5::write_attribute(f, "method", s.method);
    h5::write_attribute(f, "points", std::int32_t{s.points});
    h5::write_attribute(f, "metric", s.metric);
    h5::write_attribute(f, "units", s.units);
    h5::write_attribute(f, "reduction", s.reduction);
    h5::write_attribute(f, "arm", s.arm);
    h5::write_attribute(f, "difference", s.difference);
    h5::write_attribute(f, "replicates", std::int32_t{s.replicates});
    h5::write_string(f, "scenario", s.scenario_yaml);

    const std::size_t points = s.point_count(), k = s.parameters.size();
    h5::Group design = h5::create_group(f, "design");
    h5::write_strings(design.id(), "parameter",
                      texts(s.parameters, [](const StudyParameter& p) { return p.path; }));
    h5::write_strings(design.id(), "distribution",
                      texts(s.parameters, [](const StudyParameter& p) { return p.distribution; }));
    h5::write_strings(design.id(), "reason",
                      texts(s.parameters, [](const StudyParameter& p) { return p.reason; }));
    for (auto [name, field] :
         {std::pair{"low", &StudyParameter::low}, std::pair{"high", &StudyParameter::high},
          std::pair{"mode", &StudyParameter::mode}, std::pair{"mean", &StudyParameter::mean},
          std::pair{"sd", &StudyParameter::sd}})
      h5::write_vector<double>(design.id(), name, column(s.parameters, field));
    h5::write_vector<std::int32_t>(design.id(), "group", s.groups);
    write_matrix(design.id(), "values", points, k, s.design);

    h5::Group outputs = h5::create_group(f, "outputs");
    h5::write_strings(outputs.id(), "arm", s.arms);
    const std::array<hsize_t, 3> shape{points, s.arms.size(), static_cast<hsize_t>(s.replicates)};
    h5::write_array(outputs.id(), "values", shape, s.values);
    h5::write_vector<double>(outputs.id(), "outcome", s.outcome);

    h5::Group indices = h5::create_group(f, "indices");
    h5::write_strings(indices.id(), "column", s.index_columns);
    write_matrix(indices.id(), "values", k, s.index_columns.size(), s.indices);
    indices.close("/indices");
    outputs.close("/outputs");
    design.close("/design");
    file.close(temporary.string());
  });
}

Study read_study(const fs::path& in) {
  std::error_code ignored;
  if (!fs::exists(in, ignored)) throw sim::InputError(in.string() + ": no such file");
  if (!is_study(in))
    throw sim::InputError(in.string() +
                          ": not a kyosei sensitivity study (kyosei sensitivity "
                          "writes one)");
  try {
    const h5::File file = h5::open_file(in);
    const hid_t f = file.id();
    Study s;
    s.kyosei_version = h5::read_string_attribute(f, "kyosei_version");
    s.created_utc = h5::read_string_attribute(f, "created_utc");
    s.scenario_name = h5::read_string_attribute(f, "scenario_name");
    s.seed = h5::read_attribute<std::uint64_t>(f, "seed");
    s.digest = h5::read_attribute<std::uint64_t>(f, "digest");
    s.method = h5::read_string_attribute(f, "method");
    s.points = h5::read_attribute<std::int32_t>(f, "points");
    s.metric = h5::read_string_attribute(f, "metric");
    s.units = h5::read_string_attribute(f, "units");
    s.reduction = h5::read_string_attribute(f, "reduction");
    s.arm = h5::read_string_attribute(f, "arm");
    s.difference = h5::read_string_attribute(f, "difference");
    s.replicates = h5::read_attribute<std::int32_t>(f, "replicates");
    s.scenario_yaml = h5::read_string(f, "scenario");

    const h5::Group design = h5::open_group(f, "design");
    const auto paths = h5::read_strings(design.id(), "parameter");
    const auto kinds = h5::read_strings(design.id(), "distribution");
    const auto reasons = h5::read_strings(design.id(), "reason");
    const auto low = h5::read_vector<double>(design.id(), "low");
    const auto high = h5::read_vector<double>(design.id(), "high");
    const auto mode = h5::read_vector<double>(design.id(), "mode");
    const auto mean = h5::read_vector<double>(design.id(), "mean");
    const auto sd = h5::read_vector<double>(design.id(), "sd");
    for (std::size_t i = 0; i < paths.size(); ++i)
      s.parameters.push_back({paths[i], kinds.at(i), low.at(i), high.at(i), mode.at(i), mean.at(i),
                              sd.at(i), reasons.at(i)});
    s.groups = h5::read_vector<std::int32_t>(design.id(), "group");
    s.design = h5::read_array(h5::open_dataset(design.id(), "values"));

    const h5::Group outputs = h5::open_group(f, "outputs");
    s.arms = h5::read_strings(outputs.id(), "arm");
    s.values = h5::read_array(h5::open_dataset(outputs.id(), "values"));
    s.outcome = h5::read_vector<double>(outputs.id(), "outcome");

    const h5::Group indices = h5::open_group(f, "indices");
    s.index_columns = h5::read_strings(indices.id(), "column");
    s.indices = h5::read_array(h5::open_dataset(indices.id(), "values"));
    if (s.design.size() != s.point_count() * s.parameters.size() ||
        s.values.size() != s.point_count() * s.arms.size() * std::size_t(s.replicates) ||
        s.indices.size() != s.parameters.size() * s.index_columns.size())
      throw H5Error("the design, outputs and indices disagree in size");
    return s;
  } catch (const H5Error& error) {
    throw sim::InputError(in.string() + ": " + error.what());
  }
}

}  // namespace kyosei::io
