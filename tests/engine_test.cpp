// The engine with a tiny model defined here: entities that have events by a keyed
// Bernoulli draw each day and carry a floating-point "wealth" summed by a parallel
// reduction. Results must not depend on thread count or on running in chunks.
#include <gtest/gtest.h>

#include <cstring>

#include <tbb/task_arena.h>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/parallel.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "kyosei/sim/simulation.hpp"

using namespace kyosei::sim;

namespace {

struct TinyConfig {
  std::size_t entities = 0;
  double event_probability = 0;  // [1/day]
};

class TinyArm final : public ArmModel {
 public:
  explicit TinyArm(TinyConfig config) : config_(config) {
    const int total = regions_.add("total", "total", RegionTable::no_parent);
    const int town = regions_.add("town", "municipality", total);
    east_ = regions_.add("town/east", "area", town);
    west_ = regions_.add("town/west", "area", town);
    events_ = registry_.count("events", "events", "Events");
    wealth_ = registry_.level("wealth", "yen", "Sum of wealth");
    entities_ = registry_.level("entities", "entities", "Entities");
    mean_ = registry_.ratio("wealth_mean", "yen", "Mean wealth", wealth_, entities_);
  }
  const RegionTable& regions() const override { return regions_; }
  const MetricRegistry& metrics() const override { return registry_; }
  std::unique_ptr<Replicate> instantiate(const StreamKey& key, const Clock&) const override;

  TinyConfig config_;
  RegionTable regions_;
  MetricRegistry registry_;
  int east_ = 0, west_ = 0;
  MetricId events_, wealth_, entities_, mean_;
};

class TinyReplicate final : public Replicate {
 public:
  TinyReplicate(const TinyArm& arm, const StreamKey& key)
      : arm_(arm), key_(key), wealth_(arm.config_.entities, 0.0), fired_(arm.config_.entities) {}

  void describe_step(Schedule& schedule, MetricRecorder& recorder) override {
    schedule.add("draw", Period::daily, [this](const StepInfo& step) {
      for_each_block(
          wealth_.size(),
          [&](std::size_t b, std::size_t e) {
            for (std::size_t i = b; i < e; ++i) {
              Stream s(key_, i, static_cast<std::uint64_t>(step.day), 7);
              fired_[i] = s.bernoulli(arm_.config_.event_probability);
              wealth_[i] += s.normal() * 1000.0;
            }
          },
          64);
    });
    schedule.add("record", Period::daily, [this, &recorder](const StepInfo&) {
      for (std::size_t i = 0; i < fired_.size(); ++i)
        if (fired_[i]) recorder.add(arm_.events_, region_of(i), 1);
    });
  }

  void start() override {}

  void observe(MetricRecorder& recorder) const override {
    for (int region : {arm_.east_, arm_.west_}) {
      const double sum = deterministic_reduce(
          wealth_.size(), 0.0,
          [&](std::size_t b, std::size_t e, double acc) {
            for (std::size_t i = b; i < e; ++i)
              if (region_of(i) == region) acc += wealth_[i];
            return acc;
          },
          [](double a, double b) { return a + b; }, 64);
      recorder.set(arm_.wealth_, region, sum);
      recorder.set(arm_.entities_, region, static_cast<double>(wealth_.size() / 2));
    }
  }

 private:
  int region_of(std::size_t i) const { return i % 2 ? arm_.west_ : arm_.east_; }
  const TinyArm& arm_;
  StreamKey key_;
  std::vector<double> wealth_;  // [yen]
  std::vector<char> fired_;
};

std::unique_ptr<Replicate> TinyArm::instantiate(const StreamKey& key, const Clock&) const {
  return std::make_unique<TinyReplicate>(*this, key);
}

class TinyLoader final : public ModelLoader {
 public:
  std::unique_ptr<ArmModel> load(const ConfigReader& s, const RunSettings&,
                                 const ArmRole&) const override {
    const ConfigReader t = s.section("tiny");
    return std::make_unique<TinyArm>(
        TinyConfig{static_cast<std::size_t>(t.integer("entities", 2, 1'000'000)),
                   t.number("event_probability", 0.0, 1.0)});
  }
  std::string_view default_scenario() const override { return tiny_yaml; }
  std::string default_scenario_source() const override { return "tiny.yaml"; }
  ModelDescription description() const override { return {.key_outcomes = {"events"}}; }

  static constexpr const char* tiny_yaml = R"(
name: tiny
seed: 42
start_date: 2020-01-15
years: 1
replicates: 3
output: {interval: 30}
tiny: {entities: 1000, event_probability: 0.01}
arms:
  - name: low
  - name: high
    overrides: {tiny.event_probability: 0.05}
)";
};

PreparedScenario tiny_scenario(const std::vector<Assignment>& sets = {}) {
  static const TinyLoader loader;
  return prepare_scenario(resolve_scenario(parse_yaml(TinyLoader::tiny_yaml, "tiny.yaml"), sets),
                          loader);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST(Engine, ResultsAreBitIdenticalAtOneTwoAndFourThreads) {
  const PreparedScenario scenario = tiny_scenario();
  const Results one = run_scenario(scenario, {.threads = 1});
  for (int threads : {2, 4}) {
    const Results many = run_scenario(scenario, {.threads = threads});
    ASSERT_EQ(many.series.size(), one.series.size());
    for (std::size_t m = 0; m < one.series.size(); ++m)
      EXPECT_TRUE(same_bits(one.series[m], many.series[m]))
          << one.metrics[m].name << " differs at " << threads << " threads";
  }
}

TEST(Engine, ArmsAndReplicatesDrawFromTheirOwnStreams) {
  const Results r = run_scenario(tiny_scenario(), {.threads = 2});
  const int events = r.metric_index("events");
  auto total_events = [&](std::size_t arm, std::size_t rep) {
    double sum = 0;
    for (std::size_t t = 0; t < r.times.size(); ++t)
      sum += r.series[events][r.index(arm, rep, t, 0)];
    return sum;
  };
  EXPECT_NE(total_events(0, 0), total_events(0, 1));
  // 1,000 entities × 366 days × p: the high arm fires about five times as often.
  EXPECT_NEAR(total_events(0, 0), 3660, 300);
  EXPECT_NEAR(total_events(1, 0), 18300, 700);
}

TEST(Engine, AnotherSeedChangesResults) {
  const Results a = run_scenario(tiny_scenario(), {.threads = 1});
  const Results b = run_scenario(tiny_scenario({{"seed=43", "--seed 43"}}), {.threads = 1});
  EXPECT_FALSE(same_bits(a.series[a.metric_index("events")], b.series[b.metric_index("events")]));
}

TEST(Engine, RunInChunksEqualsOneLongRun) {
  const PreparedScenario scenario = tiny_scenario();
  const Clock clock(scenario.settings.start_date, scenario.settings.days);
  const StreamKey key{scenario.settings.seed, 1, 2};
  const ArmModel& arm = *scenario.arms[1].model;
  Simulation whole(arm, key, clock, sample_days(scenario));
  whole.run_until(clock.days());
  Simulation chunked(arm, key, clock, sample_days(scenario));
  for (int day : {1, 17, 30, 31, 200, 365, 400}) chunked.run_until(day);
  EXPECT_EQ(chunked.day(), clock.days());
  for (std::uint32_t m = 0; m < arm.metrics().size(); ++m)
    EXPECT_TRUE(
        same_bits(whole.recorder().history(MetricId{m}), chunked.recorder().history(MetricId{m})))
        << arm.metrics().info(MetricId{m}).name;
}

TEST(Engine, CalendarSamplesFallOnTheFirstDayOfEachPeriod) {
  // From 15 January 2020 for a year (366 days: 2020 is a leap year).
  const Clock clock(*parse_date("2020-01-15"), 366);
  const std::vector<int> months = sample_days(clock, {Sampling::Every::month}, 1);
  ASSERT_EQ(months.size(), 14u);  // the start, 1 February ... 1 January, the end
  EXPECT_EQ(months[0], 0);
  for (std::size_t k = 1; k + 1 < months.size(); ++k)
    EXPECT_EQ(static_cast<unsigned>(clock.date(months[k]).day()), 1u) << k;
  EXPECT_EQ(months[1], 17);  // 1 February
  EXPECT_EQ(months.back(), 366);
  EXPECT_EQ(sample_days(clock, {Sampling::Every::quarter}, 1),
            (std::vector<int>{0, 77, 168, 260, 352, 366}));  // 1 Apr, 1 Jul, 1 Oct, 1 Jan 2021
  // Accounting years from April: one boundary, 1 April 2020.
  EXPECT_EQ(sample_days(clock, {Sampling::Every::accounting_year}, 4),
            (std::vector<int>{0, 77, 366}));
  EXPECT_EQ(sample_days(clock, {Sampling::Every::days, 100}, 1),
            (std::vector<int>{0, 100, 200, 300, 366}));
  EXPECT_EQ(to_string(Sampling{Sampling::Every::days, 7}), "7 days");
  EXPECT_EQ(to_string(Sampling{}), "month");
}

TEST(Engine, SamplesEveryIntervalAndAtTheEnd) {
  EXPECT_EQ(sample_days(100, 30), (std::vector<int>{0, 30, 60, 90, 100}));
  EXPECT_EQ(sample_days(90, 30), (std::vector<int>{0, 30, 60, 90}));
  const Results r = run_scenario(tiny_scenario(), {.threads = 1});
  EXPECT_EQ(r.times.front(), 0);
  EXPECT_EQ(r.times.back(), 366);  // 2020-01-15 plus one year crosses 29 February
}

TEST(Engine, StopFlagInterruptsAtAStepBoundary) {
  std::atomic<bool> stop{true};
  EXPECT_THROW(run_scenario(tiny_scenario(), {.threads = 2, .stop = &stop}), Interrupted);
}

TEST(Engine, ArmsMayNotChangeRunSettings) {
  static const TinyLoader loader;
  ConfigNode tree = parse_yaml(TinyLoader::tiny_yaml, "tiny.yaml");
  apply_assignment(tree, "arms.1.overrides.years=2", "--set arms.1.overrides.years=2");
  EXPECT_THROW(prepare_scenario(resolve_scenario(tree, {}), loader), InputError);
}

TEST(DeterministicReduce, SumsFloatsIdenticallyAtAnyThreadCount) {
  std::vector<double> values(100'000);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = Stream(StreamKey{1, 0, 0}, i, 0, 1).normal() * 1e6;
  auto sum_with = [&](int threads) {
    tbb::task_arena arena(threads);
    return arena.execute([&] {
      return deterministic_reduce(
          values.size(), 0.0,
          [&](std::size_t b, std::size_t e, double acc) {
            for (std::size_t i = b; i < e; ++i) acc += values[i];
            return acc;
          },
          [](double a, double b) { return a + b; }, 128);
    });
  };
  const double one = sum_with(1);
  for (int threads : {2, 4}) {
    const double many = sum_with(threads);
    EXPECT_EQ(std::memcmp(&one, &many, sizeof one), 0) << threads << " threads";
  }
}
