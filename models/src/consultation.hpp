#pragma once
// The first consultation mechanism: needs arrive on the days a resident's hazard says, a
// counter accepts those its eligibility covers and refers the rest, and finite staff open
// queued cases first come, first served. Cost grows with events, not with residents.

#include <cstdint>
#include <deque>
#include <vector>

namespace kyosei::models {

// Residents whose next need falls on each day up to a horizon. Needs beyond the horizon are
// not stored: hazards are redrawn at the horizon (memoryless exponential waiting times make
// that exact for hazards that are constant in between).
class NeedCalendar {
 public:
  void reset(int first_day, int horizon_day);
  void schedule(int day, std::uint32_t resident);  // ignored at or beyond the horizon
  const std::vector<std::uint32_t>& due(int day) const;
  int horizon() const { return horizon_; }

 private:
  int first_day_ = 0;
  int horizon_ = 0;
  std::vector<std::vector<std::uint32_t>> buckets_;  // [day - first_day]
};

struct QueuedCase {
  std::uint32_t resident;
  std::int32_t region;   // the resident's daily-life area
  std::int32_t arrived;  // [day]
};

// A counter opens at most staff_fte × cases_per_staff_day cases per working day. Fractional
// capacity carries over to the next working day, but idle capacity is not banked.
class Counter {
 public:
  explicit Counter(double cases_per_day) : cases_per_day_(cases_per_day) {}

  void arrive(const QueuedCase& c) { queue_.push_back(c); }
  std::size_t waiting() const { return queue_.size(); }

  // Opens cases in arrival order; calls opened(case, wait_days) for each.
  template <class Opened>
  void work_day(int day, Opened&& opened) {
    credit_ += cases_per_day_;
    while (credit_ >= 1.0 && !queue_.empty()) {
      const QueuedCase c = queue_.front();
      queue_.pop_front();
      credit_ -= 1.0;
      opened(c, day - c.arrived);
    }
    if (queue_.empty()) credit_ = credit_ < 1.0 ? credit_ : 0.0;
  }

 private:
  double cases_per_day_;  // [cases / working day]
  double credit_ = 0.0;   // [cases] capacity left over from fractional days
  std::deque<QueuedCase> queue_;
};

}  // namespace kyosei::models
