#pragma once
// How conditions become needs: the needs each household has now, by its members' conditions
// (household_needs, here), and which condition changes bring a need to a counter, with the
// scenario's episode probabilities (ConsultationSystem::condition_changed, in needs.cpp).

#include <vector>

#include "kyosei/models/domain.hpp"
#include "population/population.hpp"

namespace kyosei::models {

// Each household's needs now: elderly if someone is certified for long-term care, disability
// if someone has one, children for a child under 6, livelihood for someone in hardship; a gap
// for withdrawal without hardship, a carer's heavy burden or an isolated elder living alone
// (self-neglect risk). None in a care facility.
std::vector<Needs> household_needs(const Town& town);

}  // namespace kyosei::models
