#pragma once
// The four attributes (属性) Japan's support is split by, each with its own law, counter and
// subsidy: the elderly (介護保険法), disability (障害者総合支援法), children (子ども・子育て支援法)
// and livelihood (生活困窮者自立支援法). Values per domain, sets of domains, and a household's
// needs: the domains they fall in, plus the gap need that falls in none.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace kyosei::models {

enum class Domain : std::uint8_t { elderly, disability, children, livelihood };
inline constexpr std::size_t domain_count = 4;
inline constexpr std::array<Domain, domain_count> all_domains{Domain::elderly, Domain::disability,
                                                              Domain::children, Domain::livelihood};
constexpr std::size_t index_of(Domain d) {
  return static_cast<std::size_t>(d);
}

// Calls f(a, b) once for each pair of distinct domains, a before b in the order above (the
// order the counters' referral links were made in, which referrals walk).
template <class F>
constexpr void for_each_domain_pair(F&& f) {
  for (std::size_t a = 0; a < domain_count; ++a)
    for (std::size_t b = a + 1; b < domain_count; ++b) f(all_domains[a], all_domains[b]);
}

// One value per domain, indexed by Domain: counter staff, metric ids, counters' vertices.
template <class T>
struct PerDomain {
  std::array<T, domain_count> values{};

  constexpr T& operator[](Domain d) { return values[index_of(d)]; }
  constexpr const T& operator[](Domain d) const { return values[index_of(d)]; }
  constexpr auto begin() { return values.begin(); }
  constexpr auto end() { return values.end(); }
  constexpr auto begin() const { return values.begin(); }
  constexpr auto end() const { return values.end(); }
  // Archived as its values in domain order: the bytes of a std::array<T, 4>.
  template <class A>
  void archive(A& a) {
    a(values);
  }
  bool operator==(const PerDomain&) const = default;
};

// A set of domains: bit d for Domain d.
class DomainSet {
 public:
  constexpr DomainSet() = default;
  constexpr DomainSet(Domain d) : bits_(bit(d)) {}  // implicit: a domain is a set of one
  static constexpr DomainSet all() { return DomainSet(all_bits); }

  constexpr bool contains(Domain d) const { return (bits_ & bit(d)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr int size() const { return std::popcount(bits_); }
  constexpr DomainSet without(DomainSet other) const {
    return DomainSet(static_cast<std::uint8_t>(bits_ & ~other.bits_));
  }
  constexpr DomainSet& operator|=(DomainSet other) {
    bits_ = static_cast<std::uint8_t>(bits_ | other.bits_);
    return *this;
  }
  friend constexpr DomainSet operator|(DomainSet a, DomainSet b) { return a |= b; }
  friend constexpr DomainSet operator&(DomainSet a, DomainSet b) {
    return DomainSet(static_cast<std::uint8_t>(a.bits_ & b.bits_));
  }
  constexpr bool operator==(const DomainSet&) const = default;

 private:
  static constexpr std::uint8_t all_bits = (1u << domain_count) - 1;
  static constexpr std::uint8_t bit(Domain d) {
    return static_cast<std::uint8_t>(1u << index_of(d));
  }
  constexpr explicit DomainSet(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
  friend class Needs;
};

// A household's unmet needs: the domains they fall in, and whether one falls in no silo's
// eligibility (a gap need: withdrawal without hardship, an isolated elder living alone, a
// carer's heavy burden). One byte, the domains' bits with the gap above them, as checkpoints
// store it and a case's random stream is keyed by it.
class Needs {
 public:
  constexpr Needs() = default;
  // Implicit: domains are needs.
  constexpr Needs(DomainSet set, bool gap = false)
      : bits_(static_cast<std::uint8_t>(set.bits_ | (gap ? gap_bit : 0))) {}
  constexpr Needs(Domain d) : Needs(DomainSet(d)) {}

  constexpr DomainSet domains() const {
    return DomainSet(static_cast<std::uint8_t>(bits_ & DomainSet::all_bits));
  }
  constexpr bool has(Domain d) const { return domains().contains(d); }
  constexpr bool gap() const { return (bits_ & gap_bit) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  // Domains and the gap, each counted once.
  constexpr int count() const { return std::popcount(bits_); }
  // A compound household (複合課題): needs in two or more domains, or a gap need.
  constexpr bool compound() const { return gap() || domains().size() >= 2; }

  constexpr Needs without(Needs other) const {
    return Needs(static_cast<std::uint8_t>(bits_ & ~other.bits_));
  }
  constexpr Needs& operator|=(Needs other) {
    bits_ = static_cast<std::uint8_t>(bits_ | other.bits_);
    return *this;
  }
  friend constexpr Needs operator|(Needs a, Needs b) { return a |= b; }
  constexpr bool operator==(const Needs&) const = default;
  // The byte itself: domains in bits 0-3, the gap in bit 4.
  constexpr std::uint8_t bits() const { return bits_; }

 private:
  static constexpr std::uint8_t gap_bit = 1u << domain_count;
  constexpr explicit Needs(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
};

// The gap need alone.
inline constexpr Needs gap_need{DomainSet{}, true};

// Checkpoints store needs as raw bytes, one each.
static_assert(sizeof(Needs) == 1 && std::is_trivially_copyable_v<Needs>);

}  // namespace kyosei::models
