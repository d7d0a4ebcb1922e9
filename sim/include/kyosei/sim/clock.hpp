#pragma once
// Simulated time: day 0 is the scenario's start date; one step is one day. Periods say on
// which days periodic work (monthly, quarterly, yearly, fiscal-yearly) falls.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kyosei::sim {

using Date = std::chrono::year_month_day;

// Parses an ISO date `YYYY-MM-DD`; nullopt when malformed or not a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);  // `YYYY-MM-DD`

// Japanese fiscal year of a date: April to March, named by the year it starts in.
int fiscal_year(const Date& date);

enum class Period {
  daily,
  monthly,       // first day of each calendar month
  quarterly,     // 1 April, 1 July, 1 October, 1 January (fiscal quarters)
  yearly,        // 1 January
  fiscal_yearly  // 1 April
};

const char* to_string(Period period);

// True when `date` is the first day of a `period`.
bool starts_period(Period period, const Date& date);

class Clock {
 public:
  Clock(Date start, int days) : start_(start), days_(days) {}

  Date start() const { return start_; }
  int days() const { return days_; }  // [days] simulated in all
  Date date(int day) const { return Date{std::chrono::sys_days{start_} + std::chrono::days{day}}; }
  int fiscal_year(int day) const { return kyosei::sim::fiscal_year(date(day)); }
  // [days] from day 0 to `date`; negative before the start.
  int day_of(const Date& when) const {
    return static_cast<int>((std::chrono::sys_days{when} - std::chrono::sys_days{start_}).count());
  }

 private:
  Date start_;
  int days_;
};

// Number of days from `start` to the same day `years` later (leap days included).
int days_in_years(const Date& start, int years);

}  // namespace kyosei::sim
