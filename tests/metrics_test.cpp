#include <gtest/gtest.h>

#include <stdexcept>

#include "kyosei/sim/metrics.hpp"

using namespace kyosei::sim;

namespace {

struct TwoAreaTown {
  RegionTable regions;
  int total, town, north, south;
  TwoAreaTown() {
    total = regions.add("total", "total", RegionTable::no_parent);
    town = regions.add("town", "municipality", total);
    north = regions.add("town/north", "area", town);
    south = regions.add("town/south", "area", town);
  }
};

}  // namespace

TEST(MetricRecorder, CountsRollUpToParentsAndRestartEachInterval) {
  TwoAreaTown t;
  MetricRegistry registry;
  const MetricId visits = registry.count("visits", "visits", "Visits");
  MetricRecorder recorder(registry, t.regions);
  recorder.add(visits, t.north, 2);
  recorder.add(visits, t.south, 3);
  recorder.add(visits, t.town, 1);  // recorded at the municipality itself
  recorder.sample();
  recorder.add(visits, t.south, 4);
  recorder.sample();
  const std::vector<double> want{6, 6, 2, 3, 4, 4, 0, 4};  // [sample][total, town, north, south]
  EXPECT_EQ(recorder.history(visits), want);
  EXPECT_EQ(recorder.samples(), 2u);
}

TEST(MetricRecorder, LevelsAreWhatWasSetForTheSample) {
  TwoAreaTown t;
  MetricRegistry registry;
  const MetricId people = registry.level("people", "persons", "People");
  MetricRecorder recorder(registry, t.regions);
  recorder.set(people, t.north, 10);
  recorder.set(people, t.south, 5);
  recorder.sample();
  recorder.sample();  // nothing set: a level not observed is zero, never stale
  const std::vector<double> want{15, 15, 10, 5, 0, 0, 0, 0};
  EXPECT_EQ(recorder.history(people), want);
}

TEST(MetricRecorder, RatiosDivideRolledUpPartsNotMeansOfRatios) {
  TwoAreaTown t;
  MetricRegistry registry;
  const MetricId old = registry.level("old", "persons", "Old people");
  const MetricId people = registry.level("people", "persons", "People");
  const MetricId share = registry.ratio("old_share", "1", "Share old", old, people);
  MetricRecorder recorder(registry, t.regions);
  recorder.set(old, t.north, 1);
  recorder.set(people, t.north, 4);
  recorder.set(old, t.south, 9);
  recorder.set(people, t.south, 12);
  recorder.sample();
  const std::vector<double>& s = recorder.history(share);
  EXPECT_DOUBLE_EQ(s[0], 10.0 / 16.0);  // (1 + 9) / (4 + 12); the mean of ratios would be 0.5
  EXPECT_DOUBLE_EQ(s[2], 0.25);
  EXPECT_DOUBLE_EQ(s[3], 0.75);
  EXPECT_EQ(registry.info(share).numerator, "old");
}

TEST(MetricRecorder, RatioWithZeroDenominatorIsZero) {
  TwoAreaTown t;
  MetricRegistry registry;
  const MetricId a = registry.count("a", "1", "a");
  const MetricId b = registry.count("b", "1", "b");
  const MetricId r = registry.ratio("r", "1", "a/b", a, b);
  MetricRecorder recorder(registry, t.regions);
  recorder.add(a, t.north, 5);
  recorder.sample();
  EXPECT_EQ(recorder.history(r)[2], 0.0);
}

TEST(MetricRegistry, RejectsDuplicatesAndRatiosOfRatios) {
  MetricRegistry registry;
  const MetricId a = registry.count("a", "1", "a");
  const MetricId r = registry.ratio("r", "1", "a/a", a, a);
  EXPECT_THROW(registry.count("a", "1", "again"), std::invalid_argument);
  EXPECT_THROW(registry.ratio("rr", "1", "r/a", r, a), std::invalid_argument);
}

TEST(RegionTable, ParentsMustComeFirstAndNamesBeUnique) {
  RegionTable regions;
  const int total = regions.add("total", "total", RegionTable::no_parent);
  EXPECT_THROW(regions.add("x", "area", 5), std::invalid_argument);
  regions.add("x", "municipality", total);
  EXPECT_THROW(regions.add("x", "area", total), std::invalid_argument);
  EXPECT_EQ(regions.info(1).parent, "total");
}
