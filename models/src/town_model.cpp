#include "town_model.hpp"

#include <chrono>
#include <cmath>

#include "kyosei/sim/parallel.hpp"

namespace kyosei::models {

TownMetrics::TownMetrics(sim::MetricRegistry& r)
    : population(r.level("population", "persons", "Residents at the sample time")),
      age65(r.level("age65", "persons", "Residents aged 65 or over")),
      age75(r.level("age75", "persons", "Residents aged 75 or over")),
      age65_share(
          r.ratio("age65_share", "1", "Share of residents aged 65 or over", age65, population)),
      age75_share(
          r.ratio("age75_share", "1", "Share of residents aged 75 or over", age75, population)),
      consultations_new(
          r.count("consultations_new", "consultations", "New consultations brought to a counter")),
      referrals(r.count("referrals", "referrals",
                        "Consultations handed on to another counter as out of domain")),
      referrals_lost(
          r.count("referrals_lost", "referrals",
                  "Hand-offs after which the resident never reached help (tarai-mawashi)")),
      cases_opened(r.count("cases_opened", "cases", "Cases a counter opened from its queue")),
      wait_days_total(r.count("wait_days_total", "days",
                              "Days waited in the queue, summed over the cases opened")),
      wait_days_mean(r.ratio("wait_days_mean", "days",
                             "Mean days from consultation to case opening", wait_days_total,
                             cases_opened)),
      queue_waiting(r.level("queue_waiting", "consultations",
                            "Consultations waiting in a counter's queue")) {}

TownModel::TownModel(TownConfig config)
    : config_(std::move(config)), regions_(build_regions(config_)), ids_(registry_) {}

namespace {

bool is_working_day(const sim::Date& date) {
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

class TownReplicate final : public sim::Replicate {
 public:
  TownReplicate(const TownModel& model, const sim::StreamKey& key, const sim::Clock& clock)
      : model_(model),
        config_(model.config()),
        ids_(model.ids()),
        key_(key),
        clock_(clock),
        residents_(build_residents(config_, model.town_regions(), key)),
        next_need_(residents_.size(), never) {
    for (const MunicipalityConfig& m : config_.municipalities)
      counters_.emplace_back(m.counter.staff_fte * m.counter.cases_per_staff_day);
  }

  // The day, in order:
  //   ageing (1 Jan) -> need hazards (1 Jan, and day 0) -> needs arise -> counters work.
  // Hazards are redrawn for everyone only once a year; in between, cost follows events.
  void describe_step(sim::Schedule& schedule, sim::MetricRecorder& recorder) override {
    schedule.add("ageing", sim::Period::yearly,
                 [this](const sim::StepInfo&) { age_one_year(residents_); });
    schedule.add("need hazards", sim::Period::yearly, [this](const sim::StepInfo& step) {
      if (step.day > 0) draw_year_of_needs(step.day);  // day 0 was drawn below
    });
    schedule.add("needs arise", sim::Period::daily,
                 [this, &recorder](const sim::StepInfo& step) { needs_arise(step, recorder); });
    schedule.add("counters work", sim::Period::daily, [this, &recorder](const sim::StepInfo& step) {
      if (!is_working_day(step.date)) return;
      for (Counter& counter : counters_)
        counter.work_day(step.day, [&](const QueuedCase& c, int waited) {
          recorder.add(ids_.cases_opened, c.region, 1);
          recorder.add(ids_.wait_days_total, c.region, waited);
        });
    });
    draw_year_of_needs(0);
  }

  void observe(sim::MetricRecorder& recorder) const override {
    const std::size_t n_regions = model_.regions().size();
    std::vector<double> people(n_regions), over65(n_regions), over75(n_regions);
    for (std::size_t i = 0; i < residents_.size(); ++i) {
      const auto area = static_cast<std::size_t>(residents_.area[i]);
      people[area] += 1;
      over65[area] += residents_.age[i] >= 65;
      over75[area] += residents_.age[i] >= 75;
    }
    for (std::size_t r = 0; r < n_regions; ++r) {
      recorder.set(ids_.population, static_cast<int>(r), people[r]);
      recorder.set(ids_.age65, static_cast<int>(r), over65[r]);
      recorder.set(ids_.age75, static_cast<int>(r), over75[r]);
    }
    for (std::size_t m = 0; m < counters_.size(); ++m)
      recorder.add(ids_.queue_waiting, model_.town_regions().municipality_region[m],
                   static_cast<double>(counters_[m].waiting()));
  }

 private:
  static constexpr int never = -1;

  double daily_hazard(std::uint8_t age) const {
    const NeedsConfig& n = config_.needs;
    const double per_year = age >= 75   ? n.incidence_75plus
                            : age >= 65 ? n.incidence_65to74
                                        : n.incidence_under65;
    return per_year / 365.25;  // [1/day]
  }

  // Days until the next need, from an exponential waiting time at today's hazard.
  int next_need_day(std::uint32_t resident, int day, sim::Purpose purpose) const {
    sim::Stream draw(key_, resident, static_cast<std::uint64_t>(day), purpose);
    const double wait = draw.exponential(daily_hazard(residents_.age[resident]));  // [days]
    const int base = purpose == purpose_need_time ? day : day + 1;
    return wait < static_cast<double>(clock_.days() - base) ? base + static_cast<int>(wait) : never;
  }

  void draw_year_of_needs(int day) {
    const sim::Date today = clock_.date(day);
    const sim::Date next_january{today.year() + std::chrono::years{1}, std::chrono::January,
                                 std::chrono::day{1}};
    const int horizon = std::min(clock_.day_of(next_january), clock_.days());
    sim::for_each_block(residents_.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        next_need_[i] = next_need_day(static_cast<std::uint32_t>(i), day, purpose_need_time);
    });
    calendar_.reset(day, horizon);
    for (std::size_t i = 0; i < residents_.size(); ++i)
      calendar_.schedule(next_need_[i], static_cast<std::uint32_t>(i));
  }

  void needs_arise(const sim::StepInfo& step, sim::MetricRecorder& recorder) {
    // A resident's next need is drawn from tomorrow on, so today's bucket never grows here.
    for (const std::uint32_t id : calendar_.due(step.day)) {
      consult(id, step.day, recorder);
      calendar_.schedule(next_need_day(id, step.day, purpose_need_time_after_need), id);
    }
  }

  // Eligibility is the mechanism of the policy: a siloed 包括 accepts elderly needs only and
  // refers the rest onward, where a hand-off can be lost; under 重層 it accepts anyone.
  void consult(std::uint32_t id, int day, sim::MetricRecorder& recorder) {
    const int area = residents_.area[id];
    recorder.add(ids_.consultations_new, area, 1);
    const bool elderly_need = residents_.age[id] >= 65;
    if (config_.mode == PolicyMode::siloed && !elderly_need) {
      recorder.add(ids_.referrals, area, 1);
      sim::Stream draw(key_, id, static_cast<std::uint64_t>(day), purpose_referral);
      if (draw.bernoulli(config_.referral.loss_probability))
        recorder.add(ids_.referrals_lost, area, 1);
      return;
    }
    counters_[residents_.municipality[id]].arrive({id, area, day});
  }

  const TownModel& model_;
  const TownConfig& config_;
  const TownMetrics& ids_;
  sim::StreamKey key_;
  sim::Clock clock_;
  Residents residents_;
  std::vector<int> next_need_;  // [day] or `never`; scratch for the yearly redraw
  NeedCalendar calendar_;
  std::vector<Counter> counters_;  // one per municipality
};

}  // namespace

std::unique_ptr<sim::Replicate> TownModel::instantiate(const sim::StreamKey& key,
                                                       const sim::Clock& clock) const {
  return std::make_unique<TownReplicate>(*this, key, clock);
}

}  // namespace kyosei::models
