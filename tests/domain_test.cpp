// The four support attributes as one type: per-domain values, sets of domains, and needs
// with the gap flag beside the domains.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "kyosei/models/domain.hpp"

using namespace kyosei::models;

TEST(Domain, PerDomainIsIndexedByDomainInDeclarationOrder) {
  PerDomain<int> fte{{1, 2, 3, 4}};
  EXPECT_EQ(fte[Domain::elderly], 1);
  EXPECT_EQ(fte[Domain::livelihood], 4);
  fte[Domain::children] = 30;
  std::vector<int> in_order(fte.begin(), fte.end());
  EXPECT_EQ(in_order, (std::vector<int>{1, 2, 30, 4}));
}

TEST(Domain, PairsComeInTheOrderTheCountersWereLinked) {
  std::vector<std::pair<Domain, Domain>> pairs;
  for_each_domain_pair([&](Domain a, Domain b) { pairs.emplace_back(a, b); });
  const std::vector<std::pair<Domain, Domain>> expected{
      {Domain::elderly, Domain::disability},    {Domain::elderly, Domain::children},
      {Domain::elderly, Domain::livelihood},    {Domain::disability, Domain::children},
      {Domain::disability, Domain::livelihood}, {Domain::children, Domain::livelihood}};
  EXPECT_EQ(pairs, expected);
}

TEST(Domain, SetsUniteIntersectAndSubtract) {
  const DomainSet care_and_money = DomainSet(Domain::elderly) | Domain::livelihood;
  EXPECT_EQ(care_and_money.size(), 2);
  EXPECT_TRUE(care_and_money.contains(Domain::elderly));
  EXPECT_FALSE(care_and_money.contains(Domain::children));
  EXPECT_EQ(care_and_money & Domain::elderly, DomainSet(Domain::elderly));
  EXPECT_EQ(care_and_money.without(Domain::elderly), DomainSet(Domain::livelihood));
  EXPECT_TRUE((care_and_money & Domain::children).empty());
  EXPECT_EQ(DomainSet::all().size(), 4);
  EXPECT_TRUE(DomainSet().empty());
}

TEST(Domain, NeedsKeepTheGapApartFromTheDomains) {
  const Needs withdrawn = gap_need;
  EXPECT_TRUE(withdrawn.gap());
  EXPECT_TRUE(withdrawn.domains().empty());
  EXPECT_FALSE(withdrawn.empty());
  const Needs both = withdrawn | Domain::disability;
  EXPECT_TRUE(both.has(Domain::disability));
  EXPECT_EQ(both.count(), 2);
  EXPECT_EQ(both.without(gap_need), Needs(Domain::disability));
  EXPECT_EQ(Needs(DomainSet::all()).without(both).domains(),
            DomainSet(Domain::elderly) | Domain::children | Domain::livelihood);
}

TEST(Domain, CompoundMeansTwoDomainsOrAGap) {
  EXPECT_FALSE(Needs().compound());
  EXPECT_FALSE(Needs(Domain::children).compound());
  EXPECT_TRUE(Needs(DomainSet(Domain::children) | Domain::elderly).compound());
  EXPECT_TRUE(gap_need.compound());
  EXPECT_TRUE((gap_need | Domain::elderly).compound());
}

// Checkpoints and the draws of a case (keyed by household and needs) read this byte: it must
// not change.
TEST(Domain, NeedsBitsAreElderlyToLivelihoodThenTheGap) {
  EXPECT_EQ(Needs(Domain::elderly).bits(), 1);
  EXPECT_EQ(Needs(Domain::disability).bits(), 2);
  EXPECT_EQ(Needs(Domain::children).bits(), 4);
  EXPECT_EQ(Needs(Domain::livelihood).bits(), 8);
  EXPECT_EQ(gap_need.bits(), 16);
  EXPECT_EQ(Needs(DomainSet::all(), true).bits(), 31);
}
