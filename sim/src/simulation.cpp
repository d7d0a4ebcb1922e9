#include "kyosei/sim/simulation.hpp"

#include <algorithm>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>

#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/parallel.hpp"

namespace kyosei::sim {

namespace {

// Counts what is written and keeps nothing: a first pass that sizes a snapshot exactly (a
// growing string would double, and a city's warm-up state is some 70 MB).
class CountingBuffer : public std::streambuf {
 public:
  std::size_t count = 0;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++count;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    count += static_cast<std::size_t>(n);
    return n;
  }
};

// Reads and writes the bytes of a buffer in place (C++23's spanstream).
class SpanBuffer : public std::streambuf {
 public:
  SpanBuffer(char* data, std::size_t n) {
    setp(data, data + n);
    setg(data, data, data + n);
  }
};

}  // namespace

std::vector<int> sample_days(int days, int interval) {
  std::vector<int> out{0};
  for (int t = interval; t < days; t += interval) out.push_back(t);
  if (days > 0) out.push_back(days);
  return out;
}

std::vector<int> sample_days(const Clock& clock, const Sampling& sampling,
                             unsigned year_first_month) {
  if (sampling.every == Sampling::Every::days) return sample_days(clock.days(), sampling.days);
  std::vector<int> out{0};
  for (int day = 1; day < clock.days(); ++day) {
    const Date date = clock.date(day);
    const bool starts = sampling.every == Sampling::Every::month
                            ? starts_period(Period::monthly, date)
                        : sampling.every == Sampling::Every::quarter
                            ? starts_period(Period::quarterly, date)
                            : static_cast<unsigned>(date.day()) == 1 &&
                                  static_cast<unsigned>(date.month()) == year_first_month;
    if (starts) out.push_back(day);
  }
  if (clock.days() > 0) out.push_back(clock.days());
  return out;
}

std::string to_string(const Sampling& sampling) {
  switch (sampling.every) {
    case Sampling::Every::month:
      return "month";
    case Sampling::Every::quarter:
      return "quarter";
    case Sampling::Every::accounting_year:
      return "fiscal_year";
    case Sampling::Every::days:
      return std::to_string(sampling.days) + " days";
  }
  return "month";
}

namespace {

std::unique_ptr<Replicate> instantiate(const ArmModel& model, const StreamKey& key,
                                       const Clock& clock, const RankGroup* spread) {
  if (!spread || spread->size() == 1) return model.instantiate(key, clock);
  const SpreadsOverRanks* spreads = capability<SpreadsOverRanks>(model);
  if (!spreads) throw std::logic_error("a simulation was spread over ranks its model cannot use");
  return spreads->instantiate_spread(key, clock, *spread);
}

}  // namespace

Simulation::Simulation(const ArmModel& model, const StreamKey& key, const Clock& clock,
                       std::vector<int> samples, const RankGroup* spread)
    : clock_(clock),
      samples_(std::move(samples)),
      recorder_(model.metrics(), model.regions()),
      state_(instantiate(model, key, clock, spread)) {
  state_->describe_step(schedule_, recorder_);
  state_->start();
  sample_if_due();
}

// The first sample starts the record: what was counted before it (a warm-up, the start)
// is not part of any interval.
void Simulation::sample_if_due() {
  if (next_sample_ >= samples_.size() || samples_[next_sample_] != day_) return;
  state_->hand_over_counts(recorder_);
  if (next_sample_ == 0) recorder_.discard_open();
  state_->observe(recorder_);
  recorder_.sample();
  ++next_sample_;
}

void Simulation::run_until(int day, const std::atomic<bool>* stop, std::atomic<long>* progress) {
  day = std::min(day, clock_.days());
  while (day_ < day) {
    // A simulation that runs beside one that failed stops too (its results would be dropped).
    if ((stop && stop->load(std::memory_order_relaxed)) || cancelled()) throw Interrupted();
    schedule_.run_day(StepInfo{day_, clock_.date(day_)});
    ++day_;
    sample_if_due();
    if (progress) progress->fetch_add(1, std::memory_order_relaxed);
  }
}

namespace {

// Checkpoints need the model's Checkpointable; a model without it cannot take part.
Checkpointable& checkpointable(Replicate& state) {
  Checkpointable* c = capability<Checkpointable>(state);
  if (!c) throw InputError("this model cannot write or read checkpoints");
  return *c;
}

}  // namespace

std::string Simulation::snapshot() const {
  const Checkpointable* state = capability<Checkpointable>(*state_);
  if (!state)
    throw InputError(
        "warmup_years: this model cannot hand a warmed-up state to its arms; "
        "set warmup_years: 0");
  const auto write = [&](std::streambuf& to) {
    std::ostream bytes(&to);
    Saver out(bytes);
    out(day_);
    state->save(out);
    if (!bytes) throw std::logic_error("a snapshot's second pass wrote more than its first");
  };
  CountingBuffer counting;
  write(counting);
  std::string snapshot(counting.count, '\0');
  SpanBuffer span(snapshot.data(), snapshot.size());
  write(span);
  return snapshot;
}

void Simulation::continue_from(const std::string& snapshot) {
  // Read in place: each arm would otherwise copy the warm-up's state once more.
  SpanBuffer span(const_cast<char*>(snapshot.data()), snapshot.size());
  std::istream bytes(&span);
  Loader in(bytes, snapshot.size(), "warm-up");
  in(day_);
  checkpointable(*state_).load(in);
  if (next_sample_ < samples_.size() && samples_[next_sample_] < day_)
    throw std::logic_error("a simulation continued from a state past its first sample");
  sample_if_due();
}

void Simulation::save(Saver& out) const {
  const Checkpointable& state = checkpointable(*state_);
  out(day_, next_sample_, recorder_);
  state.save(out);
}

void Simulation::load(Loader& in) {
  Checkpointable& state = checkpointable(*state_);
  in(day_, next_sample_, recorder_);
  if (day_ < 0 || day_ > clock_.days() || next_sample_ > samples_.size())
    throw InputError(in.name() + ": checkpoint is damaged (day " + std::to_string(day_) + ")");
  state.load(in);
}

}  // namespace kyosei::sim
