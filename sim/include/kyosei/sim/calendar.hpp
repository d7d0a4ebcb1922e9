#pragma once
// Entities due on each day up to a horizon: the engine's way to make cost follow events,
// not entity-days. Models draw each entity's next event time and file it here; entries
// beyond the horizon are dropped and redrawn when the horizon moves (exact for hazards
// that are constant in between, since exponential waiting times are memoryless). An entry
// made stale by a later redraw is recognised by the model (its stored day no longer
// matches) and skipped.

#include <cstdint>
#include <vector>

namespace kyosei::sim {

class DayCalendar {
 public:
  // Forgets everything and covers days [first_day, horizon_day).
  void reset(int first_day, int horizon_day) {
    first_day_ = first_day;
    horizon_ = horizon_day;
    buckets_.assign(static_cast<std::size_t>(horizon_day > first_day ? horizon_day - first_day : 0),
                    {});
  }
  // Files `entity` on `day`; ignored outside [first_day, horizon).
  void schedule(int day, std::uint32_t entity) {
    if (day < first_day_ || day >= horizon_) return;
    buckets_[static_cast<std::size_t>(day - first_day_)].push_back(entity);
  }
  // Entities filed on `day`, in filing order. Filing for a later day while iterating is safe.
  const std::vector<std::uint32_t>& due(int day) const {
    static const std::vector<std::uint32_t> none;
    if (day < first_day_ || day >= horizon_) return none;
    return buckets_[static_cast<std::size_t>(day - first_day_)];
  }
  // Releases a day's bucket once it has been processed.
  void clear(int day) {
    if (day >= first_day_ && day < horizon_)
      std::vector<std::uint32_t>().swap(buckets_[static_cast<std::size_t>(day - first_day_)]);
  }
  int horizon() const { return horizon_; }
  template <class A>
  void archive(A& a) {
    a(first_day_, horizon_, buckets_);
  }

 private:
  int first_day_ = 0;
  int horizon_ = 0;
  std::vector<std::vector<std::uint32_t>> buckets_;  // [day - first_day]
};

}  // namespace kyosei::sim
