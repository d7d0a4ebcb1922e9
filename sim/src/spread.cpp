#include "kyosei/sim/spread.hpp"

#include <algorithm>
#include <numeric>

namespace kyosei::sim {

std::size_t first_part_of(int rank, int ranks, const std::vector<double>& weights) {
  const std::size_t n = weights.size();
  if (rank <= 0) return 0;
  if (rank >= ranks) return n;
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  // Each boundary at the first part whose middle lies past its share of the weight, after the
  // boundary before it and leaving a part for every rank after it (while there are enough).
  std::size_t first = 0, p = 0;
  double before = 0;  // weight of the parts before p
  for (int r = 1; r <= rank; ++r) {
    const double target = total * r / ranks;
    while (p < n && before + weights[p] / 2 < target) before += weights[p++];
    const std::size_t after = static_cast<std::size_t>(ranks - r);  // ranks still to come
    const std::size_t lowest = std::min(n, first + 1), highest = n > after ? n - after : 0;
    first = std::clamp(p, std::min(lowest, highest), std::max(lowest, highest));
    if (n < static_cast<std::size_t>(ranks)) first = std::min(n, static_cast<std::size_t>(r));
  }
  return first;
}

}  // namespace kyosei::sim
