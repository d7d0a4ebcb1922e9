#include "town/town_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "community/organisations.hpp"
#include "kyosei/sim/calendar.hpp"
#include "kyosei/sim/parallel.hpp"
#include "population/dynamics.hpp"
#include "support/consultation.hpp"

namespace kyosei::models {

TownMetrics::TownMetrics(sim::MetricRegistry& r)
    : population(r.level("population", "persons", "Residents at the sample time")),
      households(
          r.level("households", "households", "Private households with at least one resident")),
      in_facility(r.level("in_facility", "persons", "Residents living in a care facility")),
      age65(r.level("age65", "persons", "Residents aged 65 or over")),
      age75(r.level("age75", "persons", "Residents aged 75 or over")),
      age65_share(
          r.ratio("age65_share", "1", "Share of residents aged 65 or over", age65, population)),
      age75_share(
          r.ratio("age75_share", "1", "Share of residents aged 75 or over", age75, population)),
      care_certified(r.level("care_certified", "persons",
                             "Residents certified for long-term care (要支援1-要介護5)")),
      certified65(r.level("care_certified65", "persons", "Certified residents aged 65 or over")),
      care_certification_rate(r.ratio(
          "care_certification_rate", "1",
          "Certified residents 65+ over residents 65+ (介護保険事業状況報告)", certified65, age65)),
      certified_at_level{r.level("certified_support1", "persons", "Residents at 要支援1"),
                         r.level("certified_support2", "persons", "Residents at 要支援2"),
                         r.level("certified_care1", "persons", "Residents at 要介護1"),
                         r.level("certified_care2", "persons", "Residents at 要介護2"),
                         r.level("certified_care3", "persons", "Residents at 要介護3"),
                         r.level("certified_care4", "persons", "Residents at 要介護4"),
                         r.level("certified_care5", "persons", "Residents at 要介護5")},
      withdrawn(r.level("withdrawn", "persons",
                        "Residents in withdrawal (ひきこもり, broad definition)")),
      isolated(r.level("isolated", "persons",
                       "Residents with no regular contact outside their household")),
      disabled(r.level("disabled", "persons", "Residents with a disability")),
      hardship(r.level("hardship", "persons", "Residents in livelihood hardship (生活困窮)")),
      carers(
          r.level("carers", "persons", "Adults living with a household member certified for care")),
      compound_households(
          r.level("compound_households", "households",
                  "Households whose needs span two or more domains or include a gap need")),
      households_single_elderly(
          r.level("households_single_elderly", "households", "Elderly living alone")),
      households_8050(r.level("households_8050", "households",
                              "A parent 75+ with a withdrawn child 40-64 in the household (8050)")),
      households_double_care(
          r.level("households_double_care", "households",
                  "Households with a child under 6 and a member certified for care")),
      households_isolated(r.level("households_isolated", "households",
                                  "Households whose every member is isolated")),
      deaths(r.count("deaths", "persons", "Deaths")),
      births(r.count("births", "persons", "Births")),
      moved_away(r.count("moved_away", "persons", "Residents who moved out of the municipality")),
      moved_in(r.count("moved_in", "persons", "Residents who moved in")),
      certifications_new(
          r.count("certifications_new", "persons", "Residents newly certified for care")) {}

TownModel::TownModel(TownConfig config)
    : config_(std::move(config)),
      regions_(build_regions(config_)),
      ids_(registry_),
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

std::vector<Needs> household_needs(const Town& town) {
  const Residents& r = town.residents;
  std::vector<Needs> needs(town.households.size());
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    Needs& n = needs[r.household[i]];
    if (r.care[i] != care_none) n |= Domain::elderly;
    if (r.has(i, disabled)) n |= Domain::disability;
    if (r.age[i] < 6) n |= Domain::children;
    if (r.has(i, hardship)) n |= Domain::livelihood;
    if (r.withdrawal[i] != withdrawal_none && !r.has(i, hardship)) n |= gap_need;
    if (r.burden[i] >= 2) n |= gap_need;
  }
  // An isolated elder living alone: self-neglect (ごみ屋敷) is a need no silo owns.
  for (std::uint32_t h = 0; h < town.households.size(); ++h) {
    if (static_cast<HouseholdType>(town.households.type[h]) == HouseholdType::facility)
      needs[h] = {};
    if (town.households.members[h] != 1) continue;
    town.for_each_member(h, [&](std::uint32_t m) {
      if (r.age[m] >= 65 && r.has(m, isolated)) needs[h] |= gap_need;
    });
  }
  return needs;
}

namespace {

bool is_working_day(const sim::Date& date) {
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

constexpr int never = -1;

class TownReplicate final : public sim::Replicate,
                            public sim::Annotates,
                            public sim::KeepsLedger,
                            public sim::ExportsGraph,
                            public sim::Checkpointable {
 public:
  TownReplicate(const TownModel& model, const sim::StreamKey& key, const sim::Clock& clock)
      : model_(model),
        config_(model.config()),
        ids_(model.ids()),
        key_(key),
        clock_(clock),
        town_(build_town(config_, model.town_regions(), key)),
        organisations_(build_organisations(town_, config_, model.town_regions())),
        fiscal_(model.regions(), clock, model.fiscal_ids()),
        consultation_(town_, config_, model.consultation_ids(), organisations_, key, clock,
                      [this](std::uint32_t resident, int day) {
                        if (town_.residents.has(resident, alive))
                          draw_next(resident, day + 1, day, purpose_transition_after_event);
                      }),
        community_(town_, config_, model.town_regions(), model.community_ids(), organisations_,
                   consultation_, key, [this](std::uint32_t resident, int day) {
                     if (town_.residents.has(resident, alive))
                       draw_next(resident, day + 1, day, purpose_transition_after_event);
                   }) {
    consultation_.set_fiscal(&fiscal_);
    community_.set_fiscal(&fiscal_);
  }

  // The day, in order:
  //   new year (1 Jan: everyone ages, hazards and the year's arrivals are drawn)
  //   -> resident events (deaths, care changes, withdrawal, isolation, hardship, births,
  //      departures, needs taken to a counter) -> arrivals -> counters work.
  // Everyone is visited once a year; in between, cost follows events.
  void describe_step(sim::Schedule& schedule, sim::MetricRecorder& recorder) override {
    schedule.add("new year", sim::Period::yearly, [this](const sim::StepInfo& step) {
      if (step.day == 0) return;  // drawn below
      Residents& r = town_.residents;
      sim::for_each_block(r.size(), [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i)
          if (r.has(i, alive) && r.age[i] < 110) ++r.age[i];
      });
      update_caregiving(town_);
      draw_year(step.day);
      community_.refresh_candidates();
    });
    schedule.add(
        "resident events", sim::Period::daily,
        [this, &recorder](const sim::StepInfo& step) { resident_events(step.day, recorder); });
    schedule.add("arrivals", sim::Period::daily,
                 [this, &recorder](const sim::StepInfo& step) { arrivals(step.day, recorder); });
    schedule.add("consultation", sim::Period::daily, [this, &recorder](const sim::StepInfo& step) {
      consultation_.step(step.day, is_working_day(step.date), recorder);
    });
    schedule.add(
        "coordinators and councils", sim::Period::monthly,
        [this, &recorder](const sim::StepInfo& step) { community_.month(step.day, recorder); });
    schedule.add("monthly costs", sim::Period::monthly,
                 [this, &recorder](const sim::StepInfo& step) { book_month(step.day, recorder); });
  }

  // Day 0: the year's hazards and arrivals are drawn, the counters and the community open.
  void start() override {
    draw_year(0);
    consultation_.start(0);
    community_.start(0);
  }

  void observe(sim::MetricRecorder& recorder) const override;

  void annotate(std::vector<sim::Annotation>& out) const override {
    const sim::GraphSummary g = sim::summarize(town_.ties);
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
    write_graphml(town_, organisations_, path);
  }

  void save(sim::Saver& out) const override { const_cast<TownReplicate*>(this)->archive(out); }
  void load(sim::Loader& in) override { archive(in); }

 private:
  // Files resident i's next event, drawn from its hazards from `from` on.
  void draw_next(std::uint32_t i, int from, int day, sim::Purpose purpose) {
    const Hazards h = hazards_of(town_, config_, i);
    double total = 0;
    for (double x : h) total += x;
    sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose);
    const double wait = draw.exponential(total);  // [days]; infinite when nothing can happen
    next_event_[i] =
        wait < static_cast<double>(clock_.days() - from) ? from + static_cast<int>(wait) : never;
    calendar_.schedule(next_event_[i], i);
  }

  void draw_year(int day) {
    const sim::Date today = clock_.date(day);
    const sim::Date next_january{today.year() + std::chrono::years{1}, std::chrono::January,
                                 std::chrono::day{1}};
    const int horizon = std::min(clock_.day_of(next_january), clock_.days());
    calendar_.reset(day, horizon);
    next_event_.resize(town_.residents.size(), never);
    sim::for_each_block(town_.residents.size(), [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) {
        const Hazards h = hazards_of(town_, config_, static_cast<std::uint32_t>(i));
        double total = 0;
        for (double x : h) total += x;
        sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_transition);
        const double wait = draw.exponential(total);
        next_event_[i] =
            wait < static_cast<double>(horizon - day) ? day + static_cast<int>(wait) : never;
      }
    });
    for (std::uint32_t i = 0; i < next_event_.size(); ++i) calendar_.schedule(next_event_[i], i);
    plan_arrivals(day, horizon);
  }

  // Households moving in over [day, horizon): departures expected at today's hazards plus
  // the municipality's net migration, as a Poisson number of persons.
  void plan_arrivals(int day, int horizon) {
    arrivals_.clear();
    next_arrival_ = 0;
    const std::size_t n_munis = config_.municipalities.size();
    std::vector<double> leaving(n_munis, 0), people(n_munis, 0);
    const Residents& r = town_.residents;
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      if (!r.has(i, alive)) continue;
      const std::uint16_t m = town_.municipality_of(i);
      people[m] += 1;
      leaving[m] += config_.dynamics.out_migration[age_band(r.age[i])];  // [persons / year]
    }
    const double years = static_cast<double>(horizon - day) / 365.25;
    for (std::size_t m = 0; m < n_munis; ++m) {
      const double persons =
          std::max(0.0, leaving[m] + config_.municipalities[m].net_migration_rate * people[m]);
      sim::Stream draw(key_, m, static_cast<std::uint64_t>(day), purpose_arrivals);
      const std::uint64_t households = draw.poisson(persons * years / arrival_household_size);
      for (std::uint64_t k = 0; k < households; ++k)
        arrivals_.push_back(
            {day + static_cast<int>(draw.below(static_cast<std::uint64_t>(horizon - day))),
             static_cast<std::uint32_t>(m), k});
    }
    std::sort(arrivals_.begin(), arrivals_.end());
  }

  void arrivals(int day, sim::MetricRecorder& recorder) {
    while (next_arrival_ < arrivals_.size() && arrivals_[next_arrival_].day == day) {
      const Arrival& a = arrivals_[next_arrival_++];
      const std::size_t before = town_.residents.size();
      arrive(town_, config_, a.municipality, day, a.serial, key_);
      next_event_.resize(town_.residents.size(), never);
      for (std::size_t i = before; i < town_.residents.size(); ++i) {
        recorder.add(ids_.moved_in, town_.area_of(static_cast<std::uint32_t>(i)), 1);
        draw_next(static_cast<std::uint32_t>(i), day + 1, day, purpose_transition_after_event);
      }
    }
  }

  void resident_events(int day, sim::MetricRecorder& recorder) {
    // Filing for later days while reading today's bucket is safe: next events start tomorrow.
    for (const std::uint32_t i : calendar_.due(day)) {
      if (next_event_[i] != day || !town_.residents.has(i, alive)) continue;  // stale entry
      const Hazards h = hazards_of(town_, config_, i);
      const Transition what = pick(
          h,
          sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_transition_kind).uniform());
      const int area = town_.area_of(i);
      const bool uncertified = town_.residents.care[i] == care_none;
      const std::uint32_t household = town_.residents.household[i];
      const Change change = apply(town_, config_, i, what, day, key_);
      needs_from(i, what, uncertified, day, recorder);
      if (town_.households.members[household] == 0)
        consultation_.household_gone(household, day, recorder);
      switch (what) {
        case Transition::death:
          recorder.add(ids_.deaths, area, 1);
          break;
        case Transition::care_up:
          if (uncertified) recorder.add(ids_.certifications_new, area, 1);
          break;
        case Transition::birth:
          recorder.add(ids_.births, area, 1);
          next_event_.resize(town_.residents.size(), never);
          draw_next(change.newborn, day + 1, day, purpose_transition_after_event);
          break;
        case Transition::move_away:
          recorder.add(ids_.moved_away, area, change.departed);
          break;
        default:
          break;
      }
      if (town_.residents.has(i, alive)) draw_next(i, day + 1, day, purpose_transition_after_event);
    }
    calendar_.clear(day);
  }

  // Condition changes that bring a need to a counter (the episode probabilities).
  void needs_from(std::uint32_t i, Transition what, bool was_uncertified, int day,
                  sim::MetricRecorder& recorder) {
    const EpisodeConfig& e = config_.consultation.episodes;
    const Residents& r = town_.residents;
    const std::uint32_t h = r.household[i];
    if (!r.has(i, alive) ||
        static_cast<HouseholdType>(town_.households.type[h]) == HouseholdType::facility)
      return;
    double p = 0;
    Needs need;
    switch (what) {
      case Transition::care_up:
        p = was_uncertified ? e.care_onset : e.care_worsening;
        need = Domain::elderly;
        break;
      case Transition::disability:
        p = e.disability_onset, need = Domain::disability;
        break;
      case Transition::hardship_begins:
        p = e.hardship_onset, need = Domain::livelihood;
        break;
      case Transition::withdraw:
        p = e.withdrawal_onset;
        need = r.has(i, hardship) ? Needs(Domain::livelihood) : gap_need;
        break;
      case Transition::birth:
        p = e.birth, need = Domain::children;
        break;
      case Transition::isolate:
        if (r.age[i] >= 65 && town_.households.members[h] == 1)
          p = e.isolation_alone, need = gap_need;
        break;
      default:
        return;
    }
    sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_episode);
    if (draw.bernoulli(p)) consultation_.need_arises(h, need, day, recorder);
    // A carer's own burden grows heavy when the one they care for needs much more care.
    if (what == Transition::care_up && r.care[i] == care1 + 2) {
      bool carer = false;
      town_.for_each_member(h, [&](std::uint32_t m) { carer |= r.burden[m] >= 2; });
      if (carer && draw.bernoulli(e.heavy_burden))
        consultation_.need_arises(h, gap_need, day, recorder);
    }
  }

  // A month of the periodic costs, booked to programs and split among payers by statute.
  void book_month(int day, sim::MetricRecorder& recorder) {
    const FiscalConfig& f = config_.fiscal;
    const std::size_t n_munis = config_.municipalities.size();
    for (std::size_t m = 0; m < n_munis; ++m) {
      const MunicipalityConfig& mc = config_.municipalities[m];
      const int region = model_.town_regions().municipality_region[m];
      const PolicyMode mode = consultation_.mode_on(m, day);
      // The four counters, at each law's own rates whatever the mode.
      for (const Domain d : all_domains)
        fiscal_.book(program_consultation, counter_shares(d), region,
                     mc.staff.fte[d] * f.counter_staff_cost / 12.0, day, recorder);
      if (mode == PolicyMode::jusou)
        fiscal_.book(program_new_functions, shares::new_functions, region,
                     (mc.staff.outreach_fte * f.outreach_staff_cost +
                      mc.staff.collaboration_fte * f.collaboration_staff_cost +
                      mc.staff.participation_places * f.participation_place_cost) /
                         12.0,
                     day, recorder);
      if (mode == PolicyMode::transition)
        fiscal_.book(program_transition, shares::transition, region,
                     mc.staff.collaboration_fte * f.collaboration_staff_cost / 12.0, day, recorder);
      if (mode != PolicyMode::siloed && n_munis > 1)
        fiscal_.book(program_prefectural_backup, shares::prefectural_backup, region,
                     f.prefectural_backup_cost / 12.0, day, recorder);
      fiscal_.book(program_community_building, shares::work_preparation, region,
                   mc.staff.program_places * f.program_place_cost / 12.0, day, recorder);
      // Coordinators and councils: the grant covers up to the standard amounts; the
      // municipality pays anything above on its own.
      const double layer2 =
          static_cast<double>(mc.sc_layer2_per_area) * static_cast<double>(mc.areas.size());
      const double actual = (mc.sc_layer1 * f.sc_cost_layer1 + layer2 * f.sc_cost_layer2) / 12.0 +
                            community_.take_meetings(m) * f.council_meeting_cost;
      const double ceiling =
          ((mc.sc_layer1 > 0 ? f.sc_standard_layer1 : 0.0) +
           (mc.sc_layer2_per_area > 0 ? f.sc_standard_layer2 * static_cast<double>(mc.areas.size())
                                      : 0.0)) /
          12.0;
      fiscal_.book(program_sc_councils, shares::comprehensive_support, region,
                   std::min(actual, ceiling), day, recorder);
      fiscal_.book(program_municipal_own, shares::municipal_only, region,
                   std::max(0.0, actual - ceiling), day, recorder);
    }
    for (const CommunitySystem::Resource& res : community_.resources())
      if (res.active)
        fiscal_.book(program_community_building, community_shares(res.type),
                     community_.region_of(res),
                     config_.community.resources[res.type].running_cost / 12.0, day, recorder);
    // Long-term-care benefits of every certified resident, at home or in a facility.
    const Residents& r = town_.residents;
    std::vector<std::array<double, 2>> care(model_.regions().size(), {0.0, 0.0});
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      if (!r.has(i, alive) || r.care[i] == care_none) continue;
      const bool facility = static_cast<HouseholdType>(town_.households.type[r.household[i]]) ==
                            HouseholdType::facility;
      care[static_cast<std::size_t>(town_.area_of(i))][facility] +=
          f.care_monthly[r.care[i] - 1] * f.care_use_rate;
    }
    for (std::size_t g = 0; g < care.size(); ++g) {
      fiscal_.book(program_care_benefits, shares::home_care, static_cast<int>(g), care[g][0], day,
                   recorder);
      fiscal_.book(program_care_benefits, shares::facility_care, static_cast<int>(g), care[g][1],
                   day, recorder);
    }
  }

  struct Arrival {
    int day;
    std::uint32_t municipality;
    std::uint64_t serial;
    auto operator<=>(const Arrival&) const = default;
  };
  static constexpr double arrival_household_size = 1.875;  // [persons] mean of arrive()'s mix

  // Everything that changes as the town runs (checkpoints); the rest is rebuilt from the key.
  template <class A>
  void archive(A& a) {
    a(town_, organisations_, fiscal_, next_event_, calendar_, arrivals_, next_arrival_,
      consultation_, community_);
  }

  const TownModel& model_;
  const TownConfig& config_;
  const TownMetrics& ids_;
  sim::StreamKey key_;
  sim::Clock clock_;
  Town town_;
  Organisations organisations_;
  Fiscal fiscal_;
  std::vector<int> next_event_;  // [day] of each resident's next event, or `never`
  sim::DayCalendar calendar_;
  std::vector<Arrival> arrivals_;  // this year's, by day
  std::size_t next_arrival_ = 0;
  ConsultationSystem consultation_;
  CommunitySystem community_;
};

void TownReplicate::observe(sim::MetricRecorder& recorder) const {
  const Residents& r = town_.residents;
  const Households& hh = town_.households;
  const std::size_t n_regions = model_.regions().size();
  enum Level {
    people,
    old65,
    old75,
    certified,
    certified65_,
    withdrawn_,
    isolated_,
    disabled_,
    hardship_,
    carers_,
    levels
  };
  std::vector<std::array<double, levels>> at(n_regions, std::array<double, levels>{});
  std::vector<std::array<double, 7>> by_level(n_regions, std::array<double, 7>{});
  for (std::uint32_t i = 0; i < r.size(); ++i) {
    if (!r.has(i, alive)) continue;
    auto& a = at[static_cast<std::size_t>(town_.area_of(i))];
    a[people] += 1;
    a[old65] += r.age[i] >= 65;
    a[old75] += r.age[i] >= 75;
    if (r.care[i] != care_none) {
      a[certified] += 1;
      a[certified65_] += r.age[i] >= 65;
      by_level[static_cast<std::size_t>(town_.area_of(i))][r.care[i] - 1] += 1;
    }
    a[withdrawn_] += r.withdrawal[i] != withdrawal_none;
    a[isolated_] += r.has(i, isolated);
    a[disabled_] += r.has(i, disabled);
    a[hardship_] += r.has(i, hardship);
    a[carers_] += r.burden[i] > 0;
  }
  const std::vector<Needs> needs = household_needs(town_);
  enum HouseholdLevel {
    present,
    compound,
    single_elderly,
    eighty_fifty,
    double_care,
    all_isolated,
    household_levels
  };
  std::vector<std::array<double, household_levels>> hat(n_regions,
                                                        std::array<double, household_levels>{});
  std::vector<double> in_facility(n_regions, 0.0);
  for (std::uint32_t h = 0; h < hh.size(); ++h) {
    if (hh.members[h] == 0) continue;
    if (static_cast<HouseholdType>(hh.type[h]) == HouseholdType::facility) {
      in_facility[static_cast<std::size_t>(town_.household_area(h))] += hh.members[h];
      continue;
    }
    auto& a = hat[static_cast<std::size_t>(town_.household_area(h))];
    a[present] += 1;
    a[compound] += needs[h].compound();
    bool parent75 = false, withdrawn_child = false, every_isolated = true;
    int elders = 0;
    town_.for_each_member(h, [&](std::uint32_t m) {
      elders += r.age[m] >= 65;
      parent75 |= r.age[m] >= 75;
      withdrawn_child |= r.age[m] >= 40 && r.age[m] <= 64 && r.withdrawal[m] != withdrawal_none;
      every_isolated &= r.has(m, isolated);
    });
    a[single_elderly] += hh.members[h] == 1 && elders == 1;
    a[eighty_fifty] += parent75 && withdrawn_child;
    a[double_care] += needs[h].has(Domain::children) && needs[h].has(Domain::elderly);
    a[all_isolated] += every_isolated;
  }
  for (std::size_t g = 0; g < n_regions; ++g) {
    const int region = static_cast<int>(g);
    recorder.set(ids_.population, region, at[g][people]);
    recorder.set(ids_.age65, region, at[g][old65]);
    recorder.set(ids_.age75, region, at[g][old75]);
    recorder.set(ids_.care_certified, region, at[g][certified]);
    recorder.set(ids_.certified65, region, at[g][certified65_]);
    for (std::size_t l = 0; l < 7; ++l)
      recorder.set(ids_.certified_at_level[l], region, by_level[g][l]);
    recorder.set(ids_.withdrawn, region, at[g][withdrawn_]);
    recorder.set(ids_.isolated, region, at[g][isolated_]);
    recorder.set(ids_.disabled, region, at[g][disabled_]);
    recorder.set(ids_.hardship, region, at[g][hardship_]);
    recorder.set(ids_.carers, region, at[g][carers_]);
    recorder.set(ids_.households, region, hat[g][present]);
    recorder.set(ids_.in_facility, region, in_facility[g]);
    recorder.set(ids_.compound_households, region, hat[g][compound]);
    recorder.set(ids_.households_single_elderly, region, hat[g][single_elderly]);
    recorder.set(ids_.households_8050, region, hat[g][eighty_fifty]);
    recorder.set(ids_.households_double_care, region, hat[g][double_care]);
    recorder.set(ids_.households_isolated, region, hat[g][all_isolated]);
  }
  consultation_.observe(recorder);
  community_.observe(recorder);
}

}  // namespace

std::unique_ptr<sim::Replicate> TownModel::instantiate(const sim::StreamKey& key,
                                                       const sim::Clock& clock) const {
  return std::make_unique<TownReplicate>(*this, key, clock);
}

}  // namespace kyosei::models
