#include "kyosei/sim/metrics.hpp"

#include <stdexcept>

namespace kyosei::sim {

int RegionTable::add(std::string name, std::string level, int parent) {
  if (names_.contains(name)) throw std::invalid_argument("duplicate region name '" + name + "'");
  if (parent != no_parent && (parent < 0 || static_cast<std::size_t>(parent) >= size()))
    throw std::invalid_argument("region '" + name + "' names a parent that does not exist yet");
  std::string parent_name = parent == no_parent ? std::string{} : regions_[parent].name;
  names_.insert(name);
  regions_.push_back({std::move(name), std::move(level), std::move(parent_name)});
  parents_.push_back(parent);
  return static_cast<int>(regions_.size() - 1);
}

bool RegionTable::operator==(const RegionTable& other) const {
  if (size() != other.size() || parents_ != other.parents_) return false;
  for (std::size_t i = 0; i < size(); ++i)
    if (regions_[i].name != other.regions_[i].name || regions_[i].level != other.regions_[i].level)
      return false;
  return true;
}

MetricId MetricRegistry::declare(MetricInfo info) {
  if (find(info.name)) throw std::invalid_argument("metric '" + info.name + "' declared twice");
  infos_.push_back(std::move(info));
  ratio_parts_.emplace_back(0, 0);
  return MetricId{static_cast<std::uint32_t>(infos_.size() - 1)};
}

MetricId MetricRegistry::count(std::string name, std::string units, std::string long_name) {
  return declare(
      {std::move(name), std::move(units), std::move(long_name), MetricKind::count, {}, {}});
}

MetricId MetricRegistry::level(std::string name, std::string units, std::string long_name) {
  return declare(
      {std::move(name), std::move(units), std::move(long_name), MetricKind::level, {}, {}});
}

MetricId MetricRegistry::ratio(std::string name, std::string units, std::string long_name,
                               MetricId numerator, MetricId denominator) {
  if (numerator.index >= size() || denominator.index >= size())
    throw std::invalid_argument("ratio '" + name + "' refers to undeclared metrics");
  if (infos_[numerator.index].kind == MetricKind::ratio ||
      infos_[denominator.index].kind == MetricKind::ratio)
    throw std::invalid_argument("ratio '" + name + "' must divide counts or levels");
  MetricId id = declare({std::move(name), std::move(units), std::move(long_name), MetricKind::ratio,
                         infos_[numerator.index].name, infos_[denominator.index].name});
  ratio_parts_[id.index] = {numerator.index, denominator.index};
  return id;
}

std::optional<MetricId> MetricRegistry::find(const std::string& name) const {
  for (std::size_t i = 0; i < infos_.size(); ++i)
    if (infos_[i].name == name) return MetricId{static_cast<std::uint32_t>(i)};
  return std::nullopt;
}

MetricRecorder::MetricRecorder(const MetricRegistry& registry, const RegionTable& regions)
    : registry_(&registry),
      regions_(&regions),
      open_(registry.size() * regions.size(), 0.0),
      history_(registry.size()) {}

void MetricRecorder::take_open(MetricRecorder& part, const std::vector<int>& region_of) {
  const std::size_t n = regions_->size(), part_n = part.regions_->size();
  if (part.registry_ != registry_ || region_of.size() != part_n)
    throw std::logic_error("a partition's recorder does not match the simulation's");
  for (std::size_t m = 0; m < registry_->size(); ++m) {
    double* to = open_.data() + m * n;
    double* from = part.open_.data() + m * part_n;
    for (std::size_t r = 0; r < part_n; ++r) {
      if (from[r] == 0.0) continue;
      // What partitions share adds up in the order they hand over, which a simulation spread
      // over ranks would change: they must keep to their own regions.
      if (region_of[r] == 0)
        throw std::logic_error("a partition counted '" + registry_->infos_[m].name +
                               "' at the scenario-wide total, which it shares");
      to[region_of[r]] += from[r];
      from[r] = 0.0;
    }
  }
}

void MetricRecorder::sample() {
  const std::size_t n_regions = regions_->size();
  const std::size_t n_metrics = registry_->size();
  // Children have larger indices than their parents: one reverse sweep rolls every
  // region's own records and its descendants' into it.
  for (std::size_t m = 0; m < n_metrics; ++m) {
    if (registry_->infos_[m].kind == MetricKind::ratio) continue;
    double* values = open_.data() + m * n_regions;
    for (std::size_t r = n_regions; r-- > 1;) {
      const int parent = regions_->parent(static_cast<int>(r));
      if (parent != RegionTable::no_parent) values[parent] += values[r];
    }
  }
  for (std::size_t m = 0; m < n_metrics; ++m) {
    if (registry_->infos_[m].kind != MetricKind::ratio) continue;
    const auto [num, den] = registry_->ratio_parts_[m];
    for (std::size_t r = 0; r < n_regions; ++r) {
      const double d = open_[den * n_regions + r];
      open_[m * n_regions + r] = d == 0.0 ? 0.0 : open_[num * n_regions + r] / d;
    }
  }
  for (std::size_t m = 0; m < n_metrics; ++m)
    history_[m].insert(history_[m].end(),
                       open_.begin() + static_cast<std::ptrdiff_t>(m * n_regions),
                       open_.begin() + static_cast<std::ptrdiff_t>((m + 1) * n_regions));
  std::fill(open_.begin(), open_.end(), 0.0);
  ++samples_;
}

}  // namespace kyosei::sim
