#include "kyosei/sim/ledger.hpp"

namespace kyosei::sim {

LedgerBook::LedgerBook(const LedgerLayout& layout, const RegionTable& regions,
                       int first_fiscal_year, int fiscal_years)
    : regions_(&regions),
      programs_(layout.programs.size()),
      payers_(layout.payers.size()),
      first_(first_fiscal_year),
      years_(fiscal_years),
      values_(static_cast<std::size_t>(fiscal_years) * regions.size() * programs_ * payers_, 0.0) {}

std::vector<double> LedgerBook::rolled_up() const {
  std::vector<double> out = values_;
  const std::size_t cell = programs_ * payers_;
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
