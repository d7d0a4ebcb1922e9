#pragma once
// A ledger: amounts by accounting year, region, program and funder. A model names its
// programs (what the money is for) and funders (who pays), the currency and the month its
// accounting year starts; while it runs it books each cost, already split among funders,
// at the region where it arises; the engine rolls regions up to their parents, as for
// metrics, and the sinks write it.

#include <string>
#include <vector>

#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/metrics.hpp"

namespace kyosei::sim {

class LedgerBook {
 public:
  // Covers the accounting years the clock's days touch (accounting_years in clock.hpp), as
  // the run's `/ledger` does.
  LedgerBook(const LedgerLayout& layout, const RegionTable& regions, const Clock& clock);

  // Books `amount` in accounting year `year` (ignored outside the run).
  void add(int year, int region, std::size_t program, std::size_t funder, double amount) {
    const int y = year - first_;
    if (y < 0 || y >= years_) return;
    values_[((static_cast<std::size_t>(y) * regions_->size() + static_cast<std::size_t>(region)) *
                 programs_ +
             program) *
                funders_ +
            funder] += amount;
  }

  // Adds `part`'s bookings (the same layout and years), region r of `part` at `region_of[r]`
  // here: the book of a simulation split into partitions is the sum of theirs.
  void add_from(const LedgerBook& part, const std::vector<int>& region_of);
  // Its values, [year][region][program][funder] as booked (MPI moves them between ranks).
  std::vector<double>& values() { return values_; }

  // [year][region][program][funder], each region holding its children's bookings too.
  std::vector<double> rolled_up() const;
  int first_year() const { return first_; }
  int years() const { return years_; }
  template <class A>
  void archive(A& a) {
    a(values_);
  }

 private:
  const RegionTable* regions_;
  std::size_t programs_, funders_;
  int first_, years_;
  std::vector<double> values_;
};

}  // namespace kyosei::sim
