// The engine is reusable: an SIR epidemic in a town of districts, a model that knows nothing
// of welfare, built against kyosei_sim and the HDF5 sink (kyosei_io) alone. This executable
// links neither the welfare model nor the application.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/model.hpp"
#include "kyosei/sim/parallel.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "kyosei/sim/simulation.hpp"

namespace {

using namespace kyosei::sim;

struct SirConfig {
  std::size_t residents = 0;
  int districts = 0;
  std::size_t initially_infected = 0;  // [persons], spread over districts
  double contacts_per_day = 0;         // [1/day] within one's district
  double transmissibility = 0;         // [1] infection probability per contact with an infected
  double recovery_days = 0;            // [days] mean duration of infection
};

enum Health : std::uint8_t { susceptible, infected, recovered };
constexpr Purpose purpose_infection = 1, purpose_recovery = 2;

class SirArm final : public ArmModel {
 public:
  explicit SirArm(SirConfig config) : config_(config) {
    const int town = regions_.add("town", "total", RegionTable::no_parent);
    for (int d = 0; d < config_.districts; ++d)
      districts_.push_back(regions_.add("district" + std::to_string(d), "district", town));
    residents_ = registry_.level("residents", "persons", "Residents");
    susceptible_ = registry_.level("susceptible", "persons", "Residents never infected");
    infected_ = registry_.level("infected", "persons", "Residents infected now");
    recovered_ = registry_.level("recovered", "persons", "Residents recovered");
    infections_ = registry_.count("infections", "persons", "New infections");
    recoveries_ = registry_.count("recoveries", "persons", "Recoveries");
    prevalence_ = registry_.ratio("prevalence", "1", "Share infected", infected_, residents_);
  }
  const RegionTable& regions() const override { return regions_; }
  const MetricRegistry& metrics() const override { return registry_; }
  std::unique_ptr<Replicate> instantiate(const StreamKey& key, const Clock& clock) const override;

  SirConfig config_;
  RegionTable regions_;
  MetricRegistry registry_;
  std::vector<int> districts_;
  MetricId residents_, susceptible_, infected_, recovered_, infections_, recoveries_, prevalence_;
};

class SirReplicate final : public Replicate {
 public:
  SirReplicate(const SirArm& arm, const StreamKey& key)
      : arm_(arm), key_(key), health_(arm.config_.residents, susceptible) {}

  // The day: infection (from the prevalence at the start of the day), then recovery.
  void describe_step(Schedule& schedule, MetricRecorder& recorder) override {
    schedule.add("infection", Period::daily,
                 [this, &recorder](const StepInfo& step) { infect(step.day, recorder); });
    schedule.add("recovery", Period::daily,
                 [this, &recorder](const StepInfo& step) { recover(step.day, recorder); });
  }

  void start() override {
    for (std::size_t i = 0; i < arm_.config_.initially_infected; ++i) health_[i] = infected;
  }

  void observe(MetricRecorder& recorder) const override {
    std::vector<std::array<double, 3>> by(districts(), {0.0, 0.0, 0.0});
    for (std::size_t i = 0; i < health_.size(); ++i) by[district_of(i)][health_[i]] += 1;
    for (std::size_t d = 0; d < districts(); ++d) {
      const int region = arm_.districts_[d];
      recorder.set(arm_.residents_, region, by[d][0] + by[d][1] + by[d][2]);
      recorder.set(arm_.susceptible_, region, by[d][susceptible]);
      recorder.set(arm_.infected_, region, by[d][infected]);
      recorder.set(arm_.recovered_, region, by[d][recovered]);
    }
  }

 private:
  std::size_t districts() const { return static_cast<std::size_t>(arm_.config_.districts); }
  std::size_t district_of(std::size_t i) const { return i % districts(); }

  void infect(int day, MetricRecorder& recorder) {
    const SirConfig& c = arm_.config_;
    std::vector<double> sick(districts(), 0.0), people(districts(), 0.0);
    for (std::size_t i = 0; i < health_.size(); ++i) {
      people[district_of(i)] += 1;
      sick[district_of(i)] += health_[i] == infected;
    }
    std::vector<double> p(districts());
    for (std::size_t d = 0; d < districts(); ++d)
      p[d] = 1.0 - std::exp(-c.contacts_per_day * c.transmissibility * sick[d] / people[d]);
    // Each resident's draw is keyed by (resident, day, purpose): blocks may run in any order.
    std::vector<std::uint8_t> caught(health_.size(), 0);
    for_each_block(health_.size(), [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i)
        if (health_[i] == susceptible)
          caught[i] = Stream(key_, i, static_cast<std::uint64_t>(day), purpose_infection)
                          .bernoulli(p[district_of(i)]);
    });
    for (std::size_t i = 0; i < health_.size(); ++i)
      if (caught[i]) {
        health_[i] = infected;
        recorder.add(arm_.infections_, arm_.districts_[district_of(i)], 1);
      }
  }

  void recover(int day, MetricRecorder& recorder) {
    const double p = 1.0 / arm_.config_.recovery_days;
    for (std::size_t i = 0; i < health_.size(); ++i)
      if (health_[i] == infected &&
          Stream(key_, i, static_cast<std::uint64_t>(day), purpose_recovery).bernoulli(p)) {
        health_[i] = recovered;
        recorder.add(arm_.recoveries_, arm_.districts_[district_of(i)], 1);
      }
  }

  const SirArm& arm_;
  StreamKey key_;
  std::vector<std::uint8_t> health_;  // Health of each resident
};

std::unique_ptr<Replicate> SirArm::instantiate(const StreamKey& key, const Clock&) const {
  return std::make_unique<SirReplicate>(*this, key);
}

class SirLoader final : public ModelLoader {
 public:
  std::unique_ptr<ArmModel> load(const ConfigReader& s, const RunSettings&,
                                 const ArmRole&) const override {
    const ConfigReader r = s.section("sir");
    SirConfig c;
    c.residents = static_cast<std::size_t>(r.integer("residents", 1, 10'000'000));
    c.districts = static_cast<int>(r.integer("districts", 1, 100));
    c.initially_infected = static_cast<std::size_t>(r.integer("initially_infected", 0, 1000));
    c.contacts_per_day = r.number("contacts_per_day", 0, 100);
    c.transmissibility = r.number("transmissibility", 0, 1);
    c.recovery_days = r.number("recovery_days", 1, 365);
    if (c.initially_infected > c.residents) r.fail("initially_infected", "more than residents");
    return std::make_unique<SirArm>(c);
  }
  std::string_view default_scenario() const override { return yaml; }
  std::string default_scenario_source() const override { return "sir.yaml"; }
  ModelDescription description() const override {
    return {.key_outcomes = {"infections", "prevalence"}, .regions_key = "sir.districts"};
  }

  static constexpr const char* yaml = R"(
name: sir
seed: 7
start_date: 2021-01-01
years: 1
replicates: 3
output: {interval: 7}
sir: {residents: 3000, districts: 3, initially_infected: 12, contacts_per_day: 8,
      transmissibility: 0.03, recovery_days: 10}
arms:
  - name: distancing
    overrides: {sir.contacts_per_day: 2}
  - name: open
)";
};

Results run_sir(int threads) {
  static const SirLoader loader;
  const PreparedScenario scenario =
      prepare_scenario(resolve_scenario(parse_yaml(SirLoader::yaml, "sir.yaml"), {}), loader);
  return run_scenario(scenario, RunOptions{.threads = threads});
}

// Total over the run of a count, or a level's value at sample t, at the scenario total.
double at_total(const Results& r, const std::string& metric, std::size_t arm, std::size_t rep,
                std::size_t t) {
  return r.series[static_cast<std::size_t>(r.metric_index(metric))][r.index(arm, rep, t, 0)];
}

double run_total(const Results& r, const std::string& metric, std::size_t arm, std::size_t rep) {
  double sum = 0;
  for (std::size_t t = 0; t < r.times.size(); ++t) sum += at_total(r, metric, arm, rep, t);
  return sum;
}

TEST(EngineReuse, AnSirTownRunsAndItsStocksFollowItsFlows) {
  const Results r = run_sir(2);
  ASSERT_EQ(r.arms, (std::vector<std::string>{"distancing", "open"}));
  EXPECT_EQ(r.regions.size(), 4u);  // the town and three districts
  EXPECT_TRUE(r.ledger.empty());    // this model keeps no ledger
  EXPECT_TRUE(r.traits.empty());    // nor traits
  const std::size_t last = r.times.size() - 1;
  for (std::size_t a = 0; a < r.arms.size(); ++a)
    for (std::size_t rep = 0; rep < 3; ++rep) {
      // Everyone is in exactly one state at every sample.
      for (std::size_t t = 0; t < r.times.size(); ++t)
        EXPECT_EQ(at_total(r, "susceptible", a, rep, t) + at_total(r, "infected", a, rep, t) +
                      at_total(r, "recovered", a, rep, t),
                  3000.0);
      // Levels change exactly by their flows.
      EXPECT_EQ(at_total(r, "recovered", a, rep, last), run_total(r, "recoveries", a, rep));
      EXPECT_EQ(at_total(r, "infected", a, rep, last),
                12 + run_total(r, "infections", a, rep) - run_total(r, "recoveries", a, rep));
    }
  // The mechanism: with R0 = 8 x 0.03 x 10 = 2.4 the epidemic takes off; with a quarter of
  // the contacts (R0 = 0.6) it dies out.
  for (std::size_t rep = 0; rep < 3; ++rep) {
    EXPECT_GT(run_total(r, "infections", 1, rep), 1000.0);
    EXPECT_LT(run_total(r, "infections", 0, rep), 200.0);
  }
}

TEST(EngineReuse, ResultsAreBitIdenticalAtAnyThreadCountAndSurviveTheHdf5Sink) {
  const Results one = run_sir(1), two = run_sir(2);
  ASSERT_EQ(one.series, two.series);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("kyosei-sir-" + std::to_string(getpid()) + ".h5");
  kyosei::io::Hdf5File(file).write(two);
  const Results back = kyosei::io::read_hdf5(file);
  std::filesystem::remove(file);
  EXPECT_EQ(back.series, two.series);
  EXPECT_EQ(back.arms, two.arms);
  EXPECT_EQ(back.times, two.times);
  ASSERT_EQ(back.metrics.size(), two.metrics.size());
  EXPECT_EQ(back.metrics[static_cast<std::size_t>(back.metric_index("prevalence"))].kind,
            MetricKind::ratio);
  EXPECT_TRUE(back.ledger.empty());
}

TEST(EngineReuse, AModelWithoutACapabilityIsToldSoWhereItIsNeeded) {
  static const SirLoader loader;
  const PreparedScenario s =
      prepare_scenario(resolve_scenario(parse_yaml(SirLoader::yaml, "sir.yaml"), {}), loader);
  const Clock clock(s.settings.start_date, s.settings.days);
  Simulation simulation(*s.arms[0].model, StreamKey{7, 0, 0}, clock, sample_days(s));
  EXPECT_EQ(capability<Checkpointable>(simulation.state()), nullptr);
  std::ostringstream bytes;
  Saver out(bytes);
  EXPECT_THROW(simulation.save(out), InputError);
  // A graph asked of a model that has none: refused, located at the file asked for.
  try {
    run_scenario(s, RunOptions{.threads = 1, .export_graph = "graph.graphml"});
    ADD_FAILURE() << "a model without ExportsGraph exported a graph";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("graph.graphml: this model has no graph"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists("graph.graphml"));
  // A counterfactual asked of a model that treats nothing: each arm is its own.
  const PreparedScenario twins = prepare_scenario(
      resolve_scenario(parse_yaml(SirLoader::yaml, "sir.yaml"), {{"counterfactual=true", "test"}}),
      loader);
  EXPECT_EQ(twins.arms.size(), 2u);
}

}  // namespace
