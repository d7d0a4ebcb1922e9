#include "consultation.hpp"

namespace kyosei::models {

void NeedCalendar::reset(int first_day, int horizon_day) {
  first_day_ = first_day;
  horizon_ = horizon_day;
  buckets_.assign(static_cast<std::size_t>(horizon_day > first_day ? horizon_day - first_day : 0),
                  {});
}

void NeedCalendar::schedule(int day, std::uint32_t resident) {
  if (day < first_day_ || day >= horizon_) return;
  buckets_[static_cast<std::size_t>(day - first_day_)].push_back(resident);
}

const std::vector<std::uint32_t>& NeedCalendar::due(int day) const {
  static const std::vector<std::uint32_t> none;
  if (day < first_day_ || day >= horizon_) return none;
  return buckets_[static_cast<std::size_t>(day - first_day_)];
}

}  // namespace kyosei::models
