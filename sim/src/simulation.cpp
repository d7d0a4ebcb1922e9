#include "kyosei/sim/simulation.hpp"

#include <algorithm>
#include <string>

#include "kyosei/sim/errors.hpp"

namespace kyosei::sim {

std::vector<int> sample_days(int days, int interval) {
  std::vector<int> out{0};
  for (int t = interval; t < days; t += interval) out.push_back(t);
  if (days > 0) out.push_back(days);
  return out;
}

Simulation::Simulation(const ArmModel& model, const StreamKey& key, const Clock& clock,
                       int interval_days)
    : clock_(clock),
      samples_(sample_days(clock.days(), interval_days)),
      recorder_(model.metrics(), model.regions()),
      state_(model.instantiate(key, clock)) {
  state_->describe_step(schedule_, recorder_);
  state_->start();
  state_->observe(recorder_);
  recorder_.sample();
}

void Simulation::run_until(int day, const std::atomic<bool>* stop, std::atomic<long>* progress) {
  day = std::min(day, clock_.days());
  while (day_ < day) {
    if (stop && stop->load(std::memory_order_relaxed)) throw Interrupted();
    schedule_.run_day(StepInfo{day_, clock_.date(day_)});
    ++day_;
    if (next_sample_ < samples_.size() && samples_[next_sample_] == day_) {
      state_->observe(recorder_);
      recorder_.sample();
      ++next_sample_;
    }
    if (progress) progress->fetch_add(1, std::memory_order_relaxed);
  }
}

namespace {

// Checkpoints need the model's Checkpointable; a model without it cannot take part.
template <class C, class R>
C& checkpointable(R& state) {
  C* c = capability<std::remove_const_t<C>>(state);
  if (!c) throw InputError("this model cannot write or read checkpoints");
  return *c;
}

}  // namespace

void Simulation::save(Saver& out) const {
  const Checkpointable& state = checkpointable<const Checkpointable>(*state_);
  out(day_, next_sample_, recorder_);
  state.save(out);
}

void Simulation::load(Loader& in) {
  Checkpointable& state = checkpointable<Checkpointable>(*state_);
  in(day_, next_sample_, recorder_);
  if (day_ < 0 || day_ > clock_.days() || next_sample_ > samples_.size())
    throw InputError(in.name() + ": checkpoint is damaged (day " + std::to_string(day_) + ")");
  state.load(in);
}

}  // namespace kyosei::sim
