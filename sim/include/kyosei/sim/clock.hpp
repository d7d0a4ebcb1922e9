#pragma once
// Simulated time: one step is one day. Day 0 is the first simulated day: the scenario's start
// date, or the start of its warm-up, which runs before the start date without output (the
// clock's output_start() is then the day of the start date). Periods say on which days
// periodic work (monthly, quarterly, yearly) falls.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyosei::sim {

using Date = std::chrono::year_month_day;

// Parses an ISO date `YYYY-MM-DD`; nullopt when malformed or not a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);  // `YYYY-MM-DD`

// The accounting year of a date, when accounting years begin on day 1 of `first_month`
// (1-12), named by the calendar year they begin in (first_month 1: the calendar year).
int accounting_year(const Date& date, unsigned first_month);
// The English name of a month, 1 = "January" (out of range: "January").
const char* month_name(unsigned month);
// The month before `month`, 12 before 1: the last month of an accounting year.
inline unsigned month_before(unsigned month) {
  return month <= 1 ? 12 : month - 1;
}

enum class Period {
  daily,
  monthly,    // first day of each calendar month
  quarterly,  // 1 January, 1 April, 1 July, 1 October
  yearly,     // 1 January
};

const char* to_string(Period period);

// True when `date` is the first day of a `period`.
bool starts_period(Period period, const Date& date);

class Clock {
 public:
  // `days` simulated from `start`, of which the first `output_start` are a warm-up: nothing
  // is recorded or booked before day `output_start`.
  Clock(Date start, int days, int output_start = 0)
      : start_(start), days_(days), output_start_(output_start) {}

  Date start() const { return start_; }               // day 0
  int days() const { return days_; }                  // [days] simulated in all, warm-up included
  int output_start() const { return output_start_; }  // [days] the first recorded day
  bool warming_up(int day) const { return day < output_start_; }
  Date date(int day) const { return Date{std::chrono::sys_days{start_} + std::chrono::days{day}}; }
  int accounting_year(int day, unsigned first_month) const {
    return kyosei::sim::accounting_year(date(day), first_month);
  }
  // [days] from day 0 to `date`; negative before the start.
  int day_of(const Date& when) const {
    return static_cast<int>((std::chrono::sys_days{when} - std::chrono::sys_days{start_}).count());
  }

 private:
  Date start_;
  int days_;
  int output_start_;
};

// The accounting years (first month `first_month`) that the clock's recorded days (from
// output_start() on) touch, in order.
std::vector<int> accounting_years(const Clock& clock, unsigned first_month);

// Number of days from `start` to the same day `years` later (leap days included).
int days_in_years(const Date& start, int years);
// The same day `years` earlier (29 February to 1 March when that year has none).
Date years_before(const Date& date, int years);

}  // namespace kyosei::sim
