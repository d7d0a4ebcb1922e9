#pragma once
// A fiscal ledger: yen by fiscal year (April-March), region, program and payer. A model
// names its programs and payers; while it runs it books each cost, already split among
// payers, at the region where it arises; the engine rolls regions up to their parents,
// as for metrics, and writes `/ledger`.

#include <string>
#include <vector>

#include "kyosei/sim/metrics.hpp"

namespace kyosei::sim {

struct LedgerLayout {
  std::vector<std::string> programs;
  std::vector<std::string> payers;
  bool empty() const { return programs.empty() || payers.empty(); }
};

class LedgerBook {
 public:
  LedgerBook(const LedgerLayout& layout, const RegionTable& regions, int first_fiscal_year,
             int fiscal_years);

  // Books `yen` in fiscal year `fiscal_year` (ignored outside the run).
  void add(int fiscal_year, int region, std::size_t program, std::size_t payer, double yen) {
    const int y = fiscal_year - first_;
    if (y < 0 || y >= years_) return;
    values_[((static_cast<std::size_t>(y) * regions_->size() + static_cast<std::size_t>(region)) *
                 programs_ +
             program) *
                payers_ +
            payer] += yen;
  }

  // [fiscal year][region][program][payer], each region holding its children's bookings too.
  std::vector<double> rolled_up() const;
  int first_fiscal_year() const { return first_; }
  int fiscal_years() const { return years_; }
  template <class A>
  void archive(A& a) {
    a(values_);
  }

 private:
  const RegionTable* regions_;
  std::size_t programs_, payers_;
  int first_, years_;
  std::vector<double> values_;
};

}  // namespace kyosei::sim
