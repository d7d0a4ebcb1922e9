// The rules that turn residents' conditions into household needs, on households built by hand.
#include <gtest/gtest.h>

#include "population/population.hpp"
#include "support/needs.hpp"

using namespace kyosei::models;

namespace {

struct HandBuiltTown {
  Town town;

  std::uint32_t household(HouseholdType type = HouseholdType::couple) {
    Households& hh = town.households;
    hh.first.push_back(Residents::none);
    hh.neighbourhood.push_back(0);
    hh.type.push_back(static_cast<std::uint8_t>(type));
    hh.low_income.push_back(0);
    hh.members.push_back(0);
    return static_cast<std::uint32_t>(hh.size() - 1);
  }
  std::uint32_t member(std::uint32_t h, int age) {
    Residents& r = town.residents;
    const std::uint32_t i = r.add(static_cast<std::uint8_t>(age), false, h);
    r.next_member[i] = town.households.first[h];
    town.households.first[h] = i;
    ++town.households.members[h];
    return i;
  }
};

}  // namespace

TEST(HouseholdNeeds, EachConditionNamesItsDomain) {
  HandBuiltTown t;
  const std::uint32_t h = t.household(HouseholdType::multigeneration);
  t.town.residents.care[t.member(h, 82)] = care1;
  t.member(h, 4);
  const std::uint32_t disabled_adult = t.member(h, 45);
  t.town.residents.set(disabled_adult, disabled, true);
  const std::vector<Needs> needs = household_needs(t.town);
  EXPECT_EQ(needs[h].domains(), DomainSet(Domain::elderly) | Domain::children | Domain::disability);
  EXPECT_FALSE(needs[h].gap());
  EXPECT_TRUE(needs[h].compound());
}

TEST(HouseholdNeeds, WithdrawalIsAGapUnlessHardshipNamesIt) {
  HandBuiltTown t;
  const std::uint32_t alone = t.household(HouseholdType::single_adult);
  t.town.residents.withdrawal[t.member(alone, 30)] = rarely_leaves_home;
  const std::uint32_t poor = t.household(HouseholdType::single_adult);
  const std::uint32_t i = t.member(poor, 30);
  t.town.residents.withdrawal[i] = rarely_leaves_home;
  t.town.residents.set(i, hardship, true);
  const std::vector<Needs> needs = household_needs(t.town);
  EXPECT_EQ(needs[alone], gap_need);
  EXPECT_EQ(needs[poor], Needs(Domain::livelihood));
  EXPECT_TRUE(needs[alone].compound());
  EXPECT_FALSE(needs[poor].compound());
}

TEST(HouseholdNeeds, AnIsolatedElderIsAGapOnlyWhenLivingAlone) {
  HandBuiltTown t;
  const std::uint32_t alone = t.household(HouseholdType::single_elderly);
  t.town.residents.set(t.member(alone, 80), isolated, true);
  const std::uint32_t couple = t.household(HouseholdType::elderly_couple);
  t.town.residents.set(t.member(couple, 80), isolated, true);
  t.member(couple, 78);
  const std::vector<Needs> needs = household_needs(t.town);
  EXPECT_EQ(needs[alone], gap_need);
  EXPECT_TRUE(needs[couple].empty());
}

TEST(HouseholdNeeds, AHeavyCarerBurdenIsAGap) {
  HandBuiltTown t;
  const std::uint32_t h = t.household(HouseholdType::elderly_couple);
  t.town.residents.care[t.member(h, 85)] = care1 + 2;
  t.town.residents.burden[t.member(h, 83)] = 2;
  EXPECT_EQ(household_needs(t.town)[h], Needs(Domain::elderly, true));
}

TEST(HouseholdNeeds, NoneInACareFacilityNorFromTheDead) {
  HandBuiltTown t;
  const std::uint32_t facility = t.household(HouseholdType::facility);
  t.town.residents.care[t.member(facility, 90)] = care5;
  const std::uint32_t h = t.household(HouseholdType::single_elderly);
  const std::uint32_t gone = t.member(h, 90);
  t.town.residents.care[gone] = care5;
  t.town.residents.set(gone, alive, false);
  const std::vector<Needs> needs = household_needs(t.town);
  EXPECT_TRUE(needs[facility].empty());
  EXPECT_TRUE(needs[h].empty());
}
