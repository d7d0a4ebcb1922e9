#pragma once
// A day is an ordered list of phases. A model first describes its step (names, periods,
// order), then the engine executes it day by day; the description is also printed by
// `kyosei validate`, so the order of events is never hidden in code.

#include <functional>
#include <string>
#include <vector>

#include "kyosei/sim/clock.hpp"

namespace kyosei::sim {

struct StepInfo {
  int day = 0;  // [days] since the start; the step moves time from `day` to `day + 1`
  Date date;    // calendar date of `day`
};

class Schedule {
 public:
  using Task = std::function<void(const StepInfo&)>;

  struct Phase {
    std::string name;
    Period period;
    Task task;
  };

  // Appends a phase; it runs on every day that starts `period`, after the phases before it.
  Schedule& add(std::string name, Period period, Task task) {
    phases_.push_back({std::move(name), period, std::move(task)});
    return *this;
  }

  void run_day(const StepInfo& step) const {
    for (const Phase& phase : phases_)
      if (starts_period(phase.period, step.date)) phase.task(step);
  }

  const std::vector<Phase>& phases() const { return phases_; }

 private:
  std::vector<Phase> phases_;
};

}  // namespace kyosei::sim
