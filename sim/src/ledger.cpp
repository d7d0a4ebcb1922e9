#include "kyosei/sim/ledger.hpp"

namespace kyosei::sim {

LedgerBook::LedgerBook(const LedgerLayout& layout, const RegionTable& regions, int first_year,
                       int years)
    : regions_(&regions),
      programs_(layout.programs.size()),
      funders_(layout.funders.size()),
      first_(first_year),
      years_(years),
      values_(static_cast<std::size_t>(years) * regions.size() * programs_ * funders_, 0.0) {}

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
