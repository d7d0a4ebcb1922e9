#include "support/needs.hpp"

#include "support/consultation.hpp"

namespace kyosei::models {

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

// The episode rules: which condition changes bring a need to a counter, with what chance.
void ConsultationSystem::condition_changed(std::uint32_t i, Transition what, bool was_uncertified,
                                           int day, sim::MetricRecorder& recorder) {
  const EpisodeConfig& e = c_.episodes;
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
    case Transition::became_isolated:
      if (r.age[i] >= 65 && town_.households.members[h] == 1)
        p = e.isolation_alone, need = gap_need;
      break;
    default:
      return;
  }
  sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_episode);
  if (draw.bernoulli(p)) need_arises(h, need, day, recorder);
  // A carer's own burden grows heavy when the one they care for needs much more care.
  if (what == Transition::care_up && r.care[i] == care1 + 2) {
    bool carer = false;
    town_.for_each_member(h, [&](std::uint32_t m) { carer |= r.burden[m] >= 2; });
    if (carer && draw.bernoulli(e.heavy_burden)) need_arises(h, gap_need, day, recorder);
  }
}

}  // namespace kyosei::models
