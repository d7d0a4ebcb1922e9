#pragma once
// The first consultation mechanism: a counter accepts the needs its eligibility covers and
// refers the rest; finite staff open queued cases first come, first served.

#include <cstdint>
#include <deque>

namespace kyosei::models {

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

  // Takes cases in arrival order: opened(case, wait_days) for residents still present,
  // gone(case) for those who died or moved away while waiting (no capacity used).
  template <class Present, class Opened, class Gone>
  void work_day(int day, Present&& present, Opened&& opened, Gone&& gone) {
    credit_ += cases_per_day_;
    while (!queue_.empty() && (credit_ >= 1.0 || !present(queue_.front().resident))) {
      const QueuedCase c = queue_.front();
      queue_.pop_front();
      if (!present(c.resident)) {
        gone(c);
        continue;
      }
      credit_ -= 1.0;
      opened(c, day - c.arrived);
    }
    if (queue_.empty() && credit_ >= 1.0) credit_ = 0.0;
  }

 private:
  double cases_per_day_;  // [cases / working day]
  double credit_ = 0.0;   // [cases] capacity left over from fractional days
  std::deque<QueuedCase> queue_;
};

}  // namespace kyosei::models
