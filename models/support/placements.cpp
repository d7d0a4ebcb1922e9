// Participation support (参加支援, part of ConsultationSystem) and who a case's support reaches.
// When a case opens, each member it concerns who is withdrawn, isolated or in hardship is
// offered a place of the kind that fits: work experience (就労体験), 居場所, a volunteer role
// at a salon, housing support (居住支援) or watching-over (見守り). A place needs room at a
// real resource and a caseload slot: existing programs take only those their own rules accept
// (就労準備 the poor, 見守り elders alone, 介護予防 volunteers able elders, 地域居住支援 the
// poor living alone); under 重層 participation support widens them to gap needs, the seed's
// example being a livelihood work-experience place for a withdrawn adult who is not poor.
#include <algorithm>

#include "support/consultation.hpp"

namespace kyosei::models {

const char* to_string(Placement kind) {
  switch (kind) {
    case Placement::work_experience:
      return "work_experience";
    case Placement::volunteer:
      return "volunteer";
    case Placement::ibasho:
      return "ibasho";
    case Placement::housing_support:
      return "housing_support";
    case Placement::watching_over:
      return "watching_over";
    case Placement::count:
      break;
  }
  return "work_experience";
}

namespace {

// The community resource a participant is placed at (volunteers help at a salon; housing
// support has none).
ResourceType resource_for(Placement kind) {
  switch (kind) {
    case Placement::work_experience:
      return work_experience;
    case Placement::ibasho:
      return ibasho;
    case Placement::watching_over:
      return watching_over;
    default:
      return resource_types;
  }
}

}  // namespace

// The members a case's needs concern: elders certified for care (elderly), the disabled
// (disability), young children and adults of parenting age (children), those in hardship
// (livelihood), and the withdrawn, heavily burdened carers and isolated elders (gap).
bool ConsultationSystem::concerns(std::uint32_t i, Needs needs) const {
  const Residents& r = town_.residents;
  return (needs.has(Domain::elderly) && r.care[i] != care_none) ||
         (needs.has(Domain::disability) && r.has(i, disabled)) ||
         (needs.has(Domain::children) && (r.age[i] < 6 || (r.age[i] >= 18 && r.age[i] < 50))) ||
         (needs.has(Domain::livelihood) && r.has(i, hardship)) ||
         (needs.gap() && (r.withdrawal[i] != withdrawal_none || r.burden[i] >= 2 ||
                          (r.age[i] >= 65 && r.has(i, isolated))));
}

// A member is supported while an open case of the household works on a need of theirs: a
// siloed elderly case supports the parent, not a withdrawn son.
void ConsultationSystem::refresh_supported(std::uint32_t h, int day) {
  Needs worked{};
  for (std::uint32_t id = first_case_[h]; id != Residents::none; id = cases_[id].next_of_household)
    if (cases_[id].state == Case::State::open) worked |= cases_[id].needs;
  Residents& r = town_.residents;
  town_.for_each_member(h, [&](std::uint32_t m) {
    const bool on = !worked.empty() && concerns(m, worked);
    if (r.has(m, supported) == on) return;
    r.set(m, supported, on);
    redraw_(m, day);
  });
}

void ConsultationSystem::place(std::uint32_t h, Needs needs, bool widened, int day,
                               sim::MetricRecorder& recorder) {
  const Residents& r = town_.residents;
  std::vector<std::uint32_t> members;
  town_.for_each_member(h, [&](std::uint32_t m) {
    if (!r.has(m, participating) && r.age[m] >= 15 && concerns(m, needs)) members.push_back(m);
  });
  for (const std::uint32_t m : members) place_member(m, widened, day, recorder);
}

bool ConsultationSystem::place_member(std::uint32_t i, bool widened, int day,
                                      sim::MetricRecorder& recorder) {
  Residents& r = town_.residents;
  const int age = r.age[i];
  const bool withdrawn = r.withdrawal[i] != withdrawal_none;
  const bool poor = r.has(i, hardship);
  const bool isolated_now = r.has(i, isolated);
  const bool alone = town_.households.members[r.household[i]] == 1;
  // The kinds that fit, in order, each with whether an existing program's rules accept the
  // resident (else only 重層's participation support can place them).
  struct Option {
    Placement kind;
    bool existing;
  };
  std::vector<Option> options;
  if (withdrawn && age <= 64) {
    options.push_back({Placement::work_experience, poor});
    options.push_back({Placement::ibasho, poor});
  } else if (poor && age <= 64 && !r.has(i, employed)) {
    options.push_back({Placement::work_experience, true});
  }
  if (poor && alone && age >= 18) options.push_back({Placement::housing_support, true});
  if (isolated_now && alone && age >= 65) {
    options.push_back({Placement::watching_over, true});
    options.push_back({Placement::housing_support, poor});  // 見守り等居住支援 for the others
  }
  if (isolated_now && !withdrawn && age >= 60 && age < 85 && r.care[i] == care_none)
    options.push_back({Placement::volunteer, true});
  if (isolated_now && !withdrawn && age < 60) options.push_back({Placement::ibasho, false});

  const std::uint16_t mu = town_.municipality_of(i);
  const CounterStaff& staff = config_.municipalities[mu].staff;
  Municipality& state = municipalities_[mu];
  for (const Option& o : options) {
    // A caseload slot: the existing program's if it accepts the resident, else 参加支援's.
    const bool program = o.existing && state.program_used < staff.program_places;
    if (!program && !(widened && state.places_used < staff.participation_places)) continue;
    // Room at a real place.
    std::uint32_t resource = Residents::none;
    if (o.kind == Placement::housing_support) {
      if (state.housing_used >= staff.housing_support_places) continue;
      ++state.housing_used;
      r.set(i, participating, true);
      redraw_(i, day);
    } else {
      if (!places_) continue;
      resource = o.kind == Placement::volunteer ? places_->help_near(i, day)
                                                : places_->join_near(i, resource_for(o.kind), day);
      if (resource == Residents::none) continue;
    }
    ++(program ? state.program_used : state.places_used);
    const auto id = static_cast<std::uint32_t>(placements_.size());
    placements_.push_back({i, resource, mu, o.kind, program});
    const int area = town_.area_of(i);
    recorder.add(ids_.participation_placements, area, 1);
    recorder.add(ids_.placements_by_kind[static_cast<std::size_t>(o.kind)], area, 1);
    sim::Stream draw(key_, i, static_cast<std::uint64_t>(day), purpose_place);
    schedule(
        day + 1 +
            static_cast<int>(draw.exponential(1.0 / std::max(1.0, c_.cases.participation_days))),
        Event::placement_ends, id);
    return true;
  }
  return false;
}

// A placement's time is up: its slot is free again, the resident leaves the place if still
// there, and some who stayed to the end leave it for work.
void ConsultationSystem::end_placement(std::uint32_t id, int day, sim::MetricRecorder& recorder) {
  const PlacementRecord p = placements_[id];
  Municipality& state = municipalities_[p.municipality];
  --(p.program ? state.program_used : state.places_used);
  Residents& r = town_.residents;
  bool stayed = false;
  if (p.kind == Placement::housing_support) {
    --state.housing_used;
    stayed = r.has(p.resident, alive);
    if (r.has(p.resident, participating)) {
      r.set(p.resident, participating, false);
      if (stayed) redraw_(p.resident, day);
    }
  } else if (places_) {
    stayed = places_->release(p.resident, p.resource, day) && r.has(p.resident, alive);
  }
  if (!stayed) return;
  const std::uint32_t i = p.resident;
  if (!r.has(i, employed) && r.age[i] >= 15 && r.age[i] <= 64 && r.withdrawal[i] <= hobbies_only &&
      sim::Stream(key_, i, static_cast<std::uint64_t>(day), purpose_place)
          .bernoulli(c_.cases.placement_employment)) {
    r.set(i, employed, true);
    recorder.add(ids_.reemployed, town_.area_of(i), 1);
    redraw_(i, day);
  }
}

}  // namespace kyosei::models
