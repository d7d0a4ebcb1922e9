#include "kyosei/sim/ledger.hpp"

#include <stdexcept>

namespace kyosei::sim {

LedgerBook::LedgerBook(const LedgerLayout& layout, const RegionTable& regions, const Clock& clock)
    : regions_(&regions), programs_(layout.programs.size()), funders_(layout.funders.size()) {
  const std::vector<int> years = accounting_years(clock, layout.year_first_month);
  first_ = years.empty() ? 0 : years.front();
  years_ = static_cast<int>(years.size());
  values_.assign(static_cast<std::size_t>(years_) * regions.size() * programs_ * funders_, 0.0);
}

void LedgerBook::add_from(const LedgerBook& part, const std::vector<int>& region_of) {
  const std::size_t cell = programs_ * funders_, n = regions_->size(),
                    part_n = part.regions_->size();
  if (part.programs_ != programs_ || part.funders_ != funders_ || part.first_ != first_ ||
      part.years_ != years_ || region_of.size() != part_n)
    throw std::logic_error("a partition's ledger does not match the simulation's");
  for (std::size_t y = 0; y < static_cast<std::size_t>(years_); ++y)
    for (std::size_t r = 0; r < part_n; ++r) {
      const double* from = part.values_.data() + (y * part_n + r) * cell;
      double* to = values_.data() + (y * n + static_cast<std::size_t>(region_of[r])) * cell;
      for (std::size_t k = 0; k < cell; ++k) {
        if (from[k] == 0.0) continue;
        if (region_of[r] == 0)  // shared, as for metrics (MetricRecorder::take_open)
          throw std::logic_error("a partition booked at the scenario-wide total, which it shares");
        to[k] += from[k];
      }
    }
}

std::vector<double> LedgerBook::rolled_up() const {
  std::vector<double> out = values_;
  const std::size_t cell = programs_ * funders_;
  const std::size_t n_regions = regions_->size();
  for (std::size_t y = 0; y < static_cast<std::size_t>(years_); ++y) {
    double* year = out.data() + y * n_regions * cell;
    // Children come after their parents: a reverse sweep adds each into its parent.
    for (std::size_t r = n_regions; r-- > 1;) {
      const int parent = regions_->parent(static_cast<int>(r));
      if (parent == RegionTable::no_parent) continue;
      for (std::size_t k = 0; k < cell; ++k)
        year[static_cast<std::size_t>(parent) * cell + k] += year[r * cell + k];
    }
  }
  return out;
}

}  // namespace kyosei::sim
