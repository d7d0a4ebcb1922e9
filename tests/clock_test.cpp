#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/schedule.hpp"

using namespace kyosei::sim;
using namespace std::chrono;

TEST(Clock, ParsesIsoDatesAndRejectsImpossibleOnes) {
  ASSERT_TRUE(parse_date("2018-04-01"));
  EXPECT_EQ(format_date(*parse_date("2018-04-01")), "2018-04-01");
  EXPECT_TRUE(parse_date("2020-02-29"));
  EXPECT_FALSE(parse_date("2021-02-29"));
  EXPECT_FALSE(parse_date("2018-4-01"));
  EXPECT_FALSE(parse_date("2018-13-01"));
  EXPECT_FALSE(parse_date("ten"));
}

TEST(Clock, AccountingYearsStartInTheirFirstMonth) {
  // April to March, as a Japanese fiscal year.
  EXPECT_EQ(accounting_year(*parse_date("2018-04-01"), 4), 2018);
  EXPECT_EQ(accounting_year(*parse_date("2019-03-31"), 4), 2018);
  EXPECT_EQ(accounting_year(*parse_date("2019-04-01"), 4), 2019);
  const Clock clock(*parse_date("2018-04-01"), 3653);
  EXPECT_EQ(clock.accounting_year(364, 4), 2018);
  EXPECT_EQ(clock.accounting_year(365, 4), 2019);
  // October to September, and the calendar year itself.
  EXPECT_EQ(accounting_year(*parse_date("2019-09-30"), 10), 2018);
  EXPECT_EQ(accounting_year(*parse_date("2019-10-01"), 10), 2019);
  EXPECT_EQ(accounting_year(*parse_date("2019-01-01"), 1), 2019);
  EXPECT_EQ(accounting_year(*parse_date("2019-12-31"), 1), 2019);
}

TEST(Clock, TenYearsFromApril2018CountLeapDays) {
  EXPECT_EQ(days_in_years(*parse_date("2018-04-01"), 10), 3653);  // 29 Feb 2020, 2024 and 2028
  EXPECT_EQ(days_in_years(*parse_date("2019-01-01"), 1), 365);
  EXPECT_EQ(days_in_years(*parse_date("2020-02-29"), 1), 366);  // rolls to 1 March 2021
}

TEST(Clock, PeriodsStartOnTheirFirstDays) {
  EXPECT_TRUE(starts_period(Period::monthly, *parse_date("2018-05-01")));
  EXPECT_FALSE(starts_period(Period::monthly, *parse_date("2018-05-02")));
  EXPECT_TRUE(starts_period(Period::quarterly, *parse_date("2018-07-01")));
  EXPECT_FALSE(starts_period(Period::quarterly, *parse_date("2018-08-01")));
  EXPECT_TRUE(starts_period(Period::yearly, *parse_date("2019-01-01")));
  EXPECT_FALSE(starts_period(Period::yearly, *parse_date("2019-04-01")));
  EXPECT_TRUE(starts_period(Period::quarterly, *parse_date("2019-01-01")));
}

TEST(Schedule, RunsPhasesInDeclaredOrderOnTheirDays) {
  std::vector<std::string> log;
  Schedule schedule;
  schedule.add("first", Period::daily,
               [&](const StepInfo& s) { log.push_back("a" + std::to_string(s.day)); });
  schedule.add("monthly", Period::monthly,
               [&](const StepInfo& s) { log.push_back("m" + std::to_string(s.day)); });
  schedule.add("last", Period::daily,
               [&](const StepInfo& s) { log.push_back("z" + std::to_string(s.day)); });
  const Clock clock(*parse_date("2018-04-30"), 3);
  for (int d = 0; d < clock.days(); ++d) schedule.run_day({d, clock.date(d)});
  EXPECT_EQ(log, (std::vector<std::string>{"a0", "z0", "a1", "m1", "z1", "a2", "z2"}));
  ASSERT_EQ(schedule.phases().size(), 3u);
  EXPECT_EQ(schedule.phases()[1].name, "monthly");
}
