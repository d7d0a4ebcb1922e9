#include "kyosei/sim/clock.hpp"

#include <algorithm>

#include <cstdio>

namespace kyosei::sim {

using namespace std::chrono;

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t len) -> int {
    int value = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

int accounting_year(const Date& date, unsigned first_month) {
  const int y = static_cast<int>(date.year());
  return static_cast<unsigned>(date.month()) >= first_month ? y : y - 1;
}

const char* month_name(unsigned month) {
  static const char* const names[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
  return month >= 1 && month <= 12 ? names[month - 1] : names[0];
}

const char* to_string(Period period) {
  switch (period) {
    case Period::daily:
      return "daily";
    case Period::monthly:
      return "monthly";
    case Period::quarterly:
      return "quarterly";
    case Period::yearly:
      return "yearly";
  }
  return "daily";
}

bool starts_period(Period period, const Date& date) {
  const unsigned m = static_cast<unsigned>(date.month());
  const bool first = static_cast<unsigned>(date.day()) == 1;
  switch (period) {
    case Period::daily:
      return true;
    case Period::monthly:
      return first;
    case Period::quarterly:
      return first && (m == 1 || m == 4 || m == 7 || m == 10);
    case Period::yearly:
      return first && m == 1;
  }
  return false;
}

std::vector<int> accounting_years(const Clock& clock, unsigned first_month) {
  std::vector<int> years;
  const int first = clock.output_start();
  const int last = clock.accounting_year(std::max(first, clock.days() - 1), first_month);
  for (int y = clock.accounting_year(first, first_month); y <= last; ++y) years.push_back(y);
  return years;
}

int days_in_years(const Date& start, int years) {
  Date end = start + std::chrono::years{years};
  // 29 February plus whole years lands on a day that may not exist; roll to 1 March.
  if (!end.ok()) end = sys_days{end.year() / end.month() / last} + days{1};
  return static_cast<int>((sys_days{end} - sys_days{start}).count());
}

Date years_before(const Date& date, int years) {
  const Date earlier = date - std::chrono::years{years};
  return earlier.ok() ? earlier : Date{sys_days{earlier.year() / earlier.month() / last} + days{1}};
}

}  // namespace kyosei::sim
