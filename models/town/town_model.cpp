#include "town/town_model.hpp"

#include <chrono>

#include "community/community.hpp"
#include "community/organisations.hpp"
#include "fiscal/monthly_costs.hpp"
#include "population/demographic_calendar.hpp"
#include "support/consultation.hpp"
#include "support/needs.hpp"

namespace kyosei::models {

TownModel::TownModel(TownConfig config)
    : config_(std::move(config)),
      regions_(build_regions(config_)),
      population_ids_(registry_),
      consultation_ids_(registry_),
      community_ids_(registry_),
      fiscal_ids_(registry_) {}

// Measured (docs/performance.md): a simulation peaks at 98-127 bytes per resident (the nation,
// a city of a million, a 400,000 town of Hagi's ages), while its social graph is built; its
// arrays then grow by about 2 bytes per resident a year (births and arrivals are appended).
std::uint64_t TownModel::estimated_bytes(int days) const {
  constexpr double peak_per_resident = 130;  // [bytes], above every measurement
  constexpr double growth_per_year = 2;      // [bytes per resident per year]
  double residents = 0;
  for (const MunicipalityConfig& m : config_.municipalities)
    residents += static_cast<double>(m.population);
  return static_cast<std::uint64_t>(residents *
                                    (peak_per_resident + growth_per_year * days / 365.25));
}

namespace {

// What a warm-up depends on: the configuration without what an arm takes up at the start
// from another arm's warm-up, and without the fiscal rules.
TownConfig warmup_view(TownConfig c) {
  for (MunicipalityConfig& m : c.municipalities) {
    m.staff = {};
    m.policy = {};
    m.sc_layer1 = m.sc_layer2_per_area = 0;
    m.council_layer1 = m.council_layer2 = false;
  }
  c.community.coordinators = {};
  c.community.councils = {};
  c.fiscal = {};
  return c;
}

}  // namespace

bool TownModel::warms_up_as(const sim::ArmModel& other) const {
  const auto* town = dynamic_cast<const TownModel*>(&other);
  return town && warmup_view(town->config_) == warmup_view(config_);
}

namespace {

bool is_working_day(const sim::Date& date) {
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

// One replicate: owns the town's parts and calls them in the order of the day. Everything
// that follows from the key is built here; start() brings it to day 0.
class TownReplicate final : public sim::Replicate,
                            public sim::SharesBuilt,
                            public sim::Annotates,
                            public sim::KeepsLedger,
                            public sim::ExportsGraph,
                            public sim::Checkpointable {
 public:
  TownReplicate(const TownModel& model, const sim::StreamKey& key, const sim::Clock& clock)
      : model_(model),
        town_(build_town(model.config(), model.town_regions(), key)),
        organisations_(build_organisations(town_, model.config(), model.town_regions())),
        fiscal_(model.regions(), clock, model.fiscal_ids()),
        calendar_(town_, model.config(), model.population_ids(), key, clock,
                  [this](const ResidentEvent& event, int day, sim::MetricRecorder& recorder) {
                    after_event(event, day, recorder);
                  }),
        consultation_(town_, model.config(), model.consultation_ids(), organisations_, key, clock,
                      [this](std::uint32_t resident, int day) { calendar_.redraw(resident, day); }),
        community_(
            town_, model.config(), model.town_regions(), model.community_ids(), organisations_,
            consultation_, key,
            [this](std::uint32_t resident, int day) { calendar_.redraw(resident, day); },
            [this](std::uint32_t a, std::uint32_t b, int day, sim::MetricRecorder& rec) {
              calendar_.tie_formed(a, b, day, rec);
            }),
        monthly_costs_(model.config(), model.town_regions(), town_, consultation_, community_,
                       fiscal_),
        output_start_(clock.output_start()),
        days_(clock.days()),
        census_days_(graph_census_days(model.config())) {
    consultation_.set_fiscal(&fiscal_);
    community_.set_fiscal(&fiscal_);
    consultation_.set_places(&community_);
  }

  // The phases of a day, in this order; each runs on the days that start its period.
  //   new year (yearly, 1 January; the start is start()'s): everyone ages a year, carers'
  //     burdens follow, every resident's next event up to the next 1 January and the year's
  //     arrivals are drawn; the community refreshes whom it could match, train or assess.
  //   resident events (daily): deaths, care up or down, facility entry, disability,
  //     withdrawal, isolation, hardship, births, departures; a change may bring a need to a
  //     counter, and a household left empty drops its open cases.
  //   arrivals (daily): households moving in.
  //   consultation (daily): discoveries, outreach and case ends due today; on working days
  //     counters open the cases their staff hours allow.
  //   coordinators and councils (monthly, the 1st): resources churn (providers tire,
  //     participants leave, resources fold), links between counters fade unless renewed,
  //     coordinators work their hours in each area, councils that are due meet.
  //   outreach and 民生委員 rounds (monthly, the 1st): 民生委員 update their rounds' registers;
  //     under 重層 outreach workers visit flagged households nobody reported.
  //   monthly costs (monthly, the 1st): staff, programs, coordinators and councils, running
  //     resources and care benefits, booked to the ledger by statute.
  // Everyone is visited once a year; in between, cost follows events. Only declares: nothing
  // is drawn or changed until start().
  void describe_step(sim::Schedule& schedule, sim::MetricRecorder& recorder) override {
    schedule.add("new year", sim::Period::yearly, [this](const sim::StepInfo& step) {
      // 一斉改選: 民生委員 posts follow the households every term (counted from the first
      // simulated year, a warm-up's included).
      if (step.day > 0 && step.day / 365 % model_.config().ties.minsei_term_years == 0) {
        allot_minsei_rounds(organisations_, town_, model_.config());
        consultation_.refresh_rounds();  // the new rounds' registers, before today's visits
      }
      // start() drew the first year; at the start date after a warm-up, so does the calendar
      // (the town given at the start date is not a year older on it)
      if (step.day == 0 || step.day == output_start_) return;
      calendar_.new_year(step.day);
      community_.refresh_candidates();
    });
    schedule.add("resident events", sim::Period::daily,
                 [this, &recorder](const sim::StepInfo& step) {
                   next_day_ = step.day + 1;  // a sample after today's steps is tomorrow's
                   calendar_.resident_events(step.day, recorder);
                 });
    schedule.add("arrivals", sim::Period::daily, [this, &recorder](const sim::StepInfo& step) {
      calendar_.arrivals(step.day, recorder);
    });
    schedule.add("consultation", sim::Period::daily, [this, &recorder](const sim::StepInfo& step) {
      consultation_.step(step.day, is_working_day(step.date), recorder);
    });
    schedule.add(
        "coordinators and councils", sim::Period::monthly,
        [this, &recorder](const sim::StepInfo& step) { community_.month(step.day, recorder); });
    schedule.add("outreach and 民生委員 rounds", sim::Period::monthly,
                 [this, &recorder](const sim::StepInfo& step) {
                   consultation_.refresh_rounds();
                   consultation_.outreach_round(step.day, recorder);
                 });
    schedule.add("monthly costs", sim::Period::monthly,
                 [this, &recorder](const sim::StepInfo& step) {
                   monthly_costs_.book(step.day, community_.take_meetings(), recorder);
                 });
  }

  // Day 0: the first year's events and arrivals are drawn, the counters and the community
  // open (households with needs already unmet, resources, providers and participants).
  void start() override {
    calendar_.draw_year(0);
    consultation_.start(0);
    community_.start(0);
  }

  void observe(sim::MetricRecorder& recorder) const override {
    if (graph_census_due(census_, next_day_, days_, census_days_))
      census_ = take_graph_census(town_, model_.regions().size(), next_day_);
    observe_population(town_, household_needs(town_), census_, model_.population_ids(),
                       model_.regions().size(), recorder);
    consultation_.observe(recorder);
    community_.observe(recorder);
  }

  // The social graph: arms continuing from this warm-up build the same one.
  std::shared_ptr<const void> built() const override { return town_.ties.base(); }

  void annotate(std::vector<sim::Annotation>& out) const override {
    const sim::GraphSummary g = sim::summarize(*town_.ties.base());
    out.push_back({"graph", "vertices", static_cast<double>(g.vertices)});
    out.push_back({"graph", "ties", static_cast<double>(g.ties)});
    out.push_back({"graph", "mean_degree", g.mean_degree});
    out.push_back({"graph", "clustering_coefficient", g.clustering});
    out.push_back({"graph", "components", static_cast<double>(g.components)});
    out.push_back({"graph", "largest_component", static_cast<double>(g.largest_component)});
    out.push_back({"graph", "vertices_without_ties", static_cast<double>(g.isolated)});
    for (OrgKind kind : {OrgKind::agency, OrgKind::minsei_iin, OrgKind::coordinator,
                         OrgKind::council, OrgKind::resource})
      out.push_back({"graph", std::string("organisations_") + to_string(kind),
                     static_cast<double>(organisations_.count(kind))});
  }

  const sim::LedgerBook& ledger() const override { return fiscal_.ledger(); }

  void export_graph(const std::string& path) const override {
    write_graphml(town_, organisations_, model_.town_regions().table, path);
  }

  void save(sim::Saver& out) const override { const_cast<TownReplicate*>(this)->archive(out); }
  // Also takes over a warm-up of another arm of the same town (TownModel::warms_up_as): this
  // arm's staff and posts replace the ones the warm-up ran with.
  void load(sim::Loader& in) override {
    archive(in);
    consultation_.take_up_staff();
    community_.take_up_posts();
  }

 private:
  // A resident's event was applied: support hears of the change, and of a household that
  // is gone.
  void after_event(const ResidentEvent& event, int day, sim::MetricRecorder& recorder) {
    consultation_.condition_changed(event.resident, event.what, event.was_uncertified, day,
                                    recorder);
    if (town_.households.members[event.household] == 0)
      consultation_.household_gone(event.household, day, recorder);
  }

  // Everything that changes as the town runs (checkpoints); the rest is rebuilt from the key.
  // The calendar archives, in order, each resident's next event, the day buckets, this
  // year's arrivals and the next of them: the layout checkpoints have always had.
  template <class A>
  void archive(A& a) {
    a(town_, organisations_, fiscal_, calendar_, consultation_, community_, next_day_, census_);
  }

  const TownModel& model_;
  Town town_;
  Organisations organisations_;
  Fiscal fiscal_;
  DemographicCalendar calendar_;
  ConsultationSystem consultation_;
  CommunitySystem community_;
  MonthlyCosts monthly_costs_;  // no state of its own
  int output_start_;            // [day] the start date: a warm-up runs before it
  int days_;                    // [day] the last
  int census_days_;             // [days] between graph censuses (0: every sample)
  int next_day_ = 0;            // [day] of a sample taken now
  mutable GraphCensus census_;  // the latest, which the graph's series show
};

}  // namespace

std::unique_ptr<sim::Replicate> TownModel::instantiate(const sim::StreamKey& key,
                                                       const sim::Clock& clock) const {
  return std::make_unique<TownReplicate>(*this, key, clock);
}

}  // namespace kyosei::models
