#pragma once
// Consultation support (包括的相談支援事業), siloed or multilayered (重層). A household's unmet
// needs (by domain: elderly, disability, children, livelihood, plus gap needs no silo
// covers) arise from condition changes, wait hidden until discovered (self or family,
// neighbours, 民生委員, outreach), and are taken to a counter. A siloed counter accepts its
// own attribute and refers the rest, losing some hand-offs; gap needs go unserved. Under
// 重層 the counter takes the whole household, households whose needs touch several agencies
// go to a support conference, outreach workers accompany hidden households until they are
// ready, and participation support widens places to those no program covers. The modes run
// the same code under different IntakeRules. Cases open as staff hours allow, are supported,
// and end resolved or dropped. Everything is driven by events.
// consultation.cpp: discovery, outreach, the counters' rules and referrals, the day's events;
// cases.cpp: cases at the counters and 伴走; plans.cpp: joint plans (多機関協働);
// placements.cpp: participation placements and whom support reaches; needs.cpp: which
// condition changes bring a need.

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

#include "community/organisations.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/domain.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "population/dynamics.hpp"
#include "population/population.hpp"
#include "support/consultation_metrics.hpp"
#include "support/needs.hpp"

namespace kyosei::models {

// Where participation support finds real places: the community's resources, each with its
// capacity (CommunitySystem implements it).
class ParticipationPlaces {
 public:
  virtual ~ParticipationPlaces() = default;
  // Resident i joins an open resource of `type` with room, in their area or else elsewhere in
  // their municipality; its id, or none if no resource has room.
  virtual std::uint32_t join_near(std::uint32_t resident, ResourceType type, int day) = 0;
  // Resident i takes a volunteer role among the helpers of a salon short of a spare helper,
  // in their area or else elsewhere in their municipality; its id, or none.
  virtual std::uint32_t help_near(std::uint32_t resident, int day) = 0;
  // Resident i leaves resource r (as participant or helper) if still there; false if they
  // had already left.
  virtual bool release(std::uint32_t resident, std::uint32_t r, int day) = 0;
};

class ConsultationSystem {
 public:
  using Redraw = std::function<void(std::uint32_t resident, int day)>;

  ConsultationSystem(Town& town, const TownConfig& config, const ConsultationMetrics& ids,
                     const Organisations& organisations, const sim::StreamKey& key,
                     const sim::Clock& clock, Redraw redraw);

  // Households whose needs are unmet at the start, with their discovery drawn.
  void start(int day);
  // Resident i's condition changed by `what`: with the scenario's episode probability the
  // change brings a need of its household to a counter (needs.cpp).
  void condition_changed(std::uint32_t i, Transition what, bool was_uncertified, int day,
                         sim::MetricRecorder& recorder);
  // A condition change added `needs` to household h.
  void need_arises(std::uint32_t h, Needs needs, int day, sim::MetricRecorder& recorder);
  // Discoveries, outreach and case ends due today, then counters open what staff allow.
  void step(int day, bool working_day, sim::MetricRecorder& recorder);
  // Nobody is left in household h (deaths, moves): its open cases end as dropped (cases.cpp).
  void household_gone(std::uint32_t h, int day, sim::MetricRecorder& recorder);
  // Where the staff time of 経費按分 is booked.
  void set_fiscal(Fiscal* fiscal) { fiscal_ = fiscal; }
  // Where participation support places people (none: no community resources to place at).
  void set_places(ParticipationPlaces* places) { places_ = places; }
  // Level metrics for a sample.
  void observe(sim::MetricRecorder& recorder) const;
  // A coordinator's needs-assessment visit: a hidden need is brought to a counter with the
  // coordinator's help (when the household agrees). True if it was.
  bool coordinator_visit(std::uint32_t h, int day, sim::MetricRecorder& recorder);
  // Outreach rounds (monthly, under 重層): workers with room in their caseload visit households
  // the records flag (8050 households, elders alone and isolated, withdrawn adults in hardship)
  // whose needs nobody has reported, and begin to accompany them.
  void outreach_round(int day, sim::MetricRecorder& recorder);
  // 民生委員 rounds (monthly, and at the start): each 民生委員's register of the households on
  // the round, by which their visits are shared out.
  void refresh_rounds();
  // Brings household h's pending needs to a counter now, as if discovered by `channel`.
  void consult(std::uint32_t h, Channel channel, int day, sim::MetricRecorder& recorder);

  PolicyMode mode_on(std::size_t municipality, int day) const;

  // Each counter's hours and the outreach caseload from this arm's staff, also over a state
  // that other settings ran to (a warm-up shared between arms).
  void take_up_staff();

  template <class A>
  void archive(A& a) {
    a(municipalities_, cases_, plans_, placements_, pending_, unsolved_, open_cases_, helped_,
      discouraged_, accompanied_, followed_until_, followed_by_, discovery_, covering_, first_case_,
      waiting_plan_, open_list_, order_, today_, round_weight_);
    sim::archive_queue(a, events_);
  }

 private:
  struct Case {
    std::uint32_t household;
    std::int32_t region;
    std::uint16_t municipality;
    Needs needs;     // what the case covers
    Domain counter;  // the counter holding it
    std::uint8_t channel;
    std::int32_t requested;
    double hours;  // [hours / month] while open
    std::int32_t opened = -1;
    enum class State : std::uint8_t { queued, open, closed } state = State::queued;
    std::uint32_t next_of_household = Residents::none;  // the household's next active case
    std::uint32_t open_slot = Residents::none;          // index in open_list_ while open
    std::uint32_t plan = Residents::none;               // the joint plan it is a part of
  };
  // A joint support plan (多機関協働, plans.cpp): a compound household's needs, led by one
  // counter, waiting for the collaboration team's conference, then worked as parts at each
  // counter the needs touch, reviewed, and closed when every part has ended.
  struct Plan {
    std::uint32_t household;
    std::int32_t region;
    std::uint16_t municipality;
    Needs needs;
    Domain lead;
    std::uint8_t channel;
    std::int32_t requested;
    std::int32_t opened = -1;
    std::uint8_t parts_open = 0;
    enum class State : std::uint8_t { waiting, open, closed } state = State::waiting;
  };
  static std::uint64_t case_identity(const Case& c);
  struct Counter {
    std::deque<std::uint32_t> queue;  // case ids
    double hours_used = 0;            // [hours / month]
    double capacity = 0;              // [hours / month]
    template <class A>
    void archive(A& a) {
      a(queue, hours_used, capacity);
    }
  };
  struct Municipality {
    PerDomain<Counter> counters;
    int outreach_used = 0, outreach_capacity = 0;
    int places_used = 0, program_used = 0, housing_used = 0;
    std::deque<std::uint32_t> plan_queue;  // plans waiting for a conference
    double collaboration_used = 0;         // [hours / month] of the team on open plans
    double collaboration_capacity = 0;     // [hours / month] collaboration_fte's
    template <class A>
    void archive(A& a) {
      a(counters, outreach_used, outreach_capacity, places_used, program_used, housing_used,
        plan_queue, collaboration_used, collaboration_capacity);
    }
  };
  // A participation placement (参加支援 or an existing program's), until it ends.
  struct PlacementRecord {
    std::uint32_t resident;
    std::uint32_t resource;  // the community resource, or none for housing support
    std::uint16_t municipality;
    Placement kind;
    bool program;  // held on an existing program's caseload, else 参加支援's
    template <class A>
    void archive(A& a) {
      a(resident, resource, municipality, kind, program);
    }
  };
  enum class Event : std::uint8_t {
    discovery,
    trust_built,
    case_end,
    placement_ends,
    plan_review,
    accompaniment_ends
  };
  struct Scheduled {
    int day;
    std::uint64_t order;  // filing order breaks ties deterministically
    Event what;
    std::uint32_t id;  // household, case, placement or plan
    bool operator>(const Scheduled& o) const {
      return day != o.day ? day > o.day : order > o.order;
    }
  };

  void ensure(std::size_t households);
  void schedule(int day, Event what, std::uint32_t id);
  struct DiscoveryHazards {
    double self = 0, neighbour = 0, minsei = 0;  // [1/year]
    double contact = 0;                          // [1/year] 伴走's contacts
    double seek = 0;                             // the household's help-seeking propensity
    double stigma = 1;                           // [×] for a need no program names
    double total() const { return self + neighbour + minsei + contact; }
  };
  DiscoveryHazards discovery_hazards(std::uint32_t h, int day) const;
  double round_weight(std::uint32_t h) const;
  // 伴走 after a resolved case (cases.cpp): the counter keeps in touch if it has the hours.
  bool keep_in_touch(std::uint32_t h, std::uint16_t municipality, Domain counter, int day);
  void end_accompaniment(std::uint32_t h, int day);
  void draw_discovery(std::uint32_t h, int day);
  void discover(std::uint32_t h, int day, sim::MetricRecorder& recorder);
  // What counters may take in a municipality's mode today. The modes run the same code; only
  // these rules differ.
  struct IntakeRules {
    bool any_attribute;    // a counter takes every attribute (重層, or a combined counter)
    bool gap;              // a counter takes a need no program names (重層)
    bool joint_plans;      // compound households go to a support conference (重層, 移行準備)
    bool cost_allocation;  // a combined counter without the integrated grant splits its costs
    bool widened_places;   // participation support places anyone with a gap need (重層)
    bool outreach;         // outreach workers seek out and accompany households (重層)
  };
  IntakeRules intake_rules(std::uint16_t municipality, int day) const;
  Domain first_counter(std::uint32_t h, Needs needs) const;
  std::uint32_t open_request(std::uint32_t h, Needs needs, Domain counter, Channel channel, int day,
                             std::uint32_t plan = Residents::none);
  // Joint plans (plans.cpp): a compound household's request under 重層; conferences as the
  // team's hours allow; a review; a part that ended.
  void request_plan(std::uint32_t h, Needs needs, Domain lead, Channel channel, int day);
  void open_plans(int day, sim::MetricRecorder& recorder);
  void review_plan(std::uint32_t p, int day, sim::MetricRecorder& recorder);
  void part_ended(std::uint32_t p, sim::MetricRecorder& recorder);
  void observe_plans(sim::MetricRecorder& recorder) const;
  // Cases at the counters and participation places (cases.cpp).
  void open_cases(int day, sim::MetricRecorder& recorder);
  void end_case(std::uint32_t c, bool resolved, int day, sim::MetricRecorder& recorder);
  void close(std::uint32_t c, bool resolved, int day, sim::MetricRecorder& recorder);
  void recompute_covering(std::uint32_t h);
  void retire(std::uint32_t id);  // a case leaves its household's active list
  // Participation support (placements.cpp): places for the household's members a case
  // concerns, and the end of a placement.
  void place(std::uint32_t h, Needs needs, bool widened, int day, sim::MetricRecorder& recorder);
  bool place_member(std::uint32_t i, bool widened, int day, sim::MetricRecorder& recorder);
  void end_placement(std::uint32_t p, int day, sim::MetricRecorder& recorder);
  // Support reaches the members whose needs the household's open cases work on.
  bool concerns(std::uint32_t resident, Needs needs) const;
  void refresh_supported(std::uint32_t h, int day);

  double propensity(std::uint32_t h) const;
  int area_of(std::uint32_t h) const;
  std::uint16_t municipality_of(std::uint32_t h) const;

  Town& town_;
  const TownConfig& config_;
  const ConsultationConfig& c_;
  const ConsultationMetrics& ids_;
  const Organisations& orgs_;
  sim::StreamKey key_;
  sim::Clock clock_;
  Redraw redraw_;
  std::vector<Municipality> municipalities_;
  std::vector<Case> cases_;
  std::vector<Plan> plans_;
  std::vector<PlacementRecord> placements_;
  // Per household.
  std::vector<Needs> pending_;                // needs not yet in a case
  std::vector<Needs> unsolved_;               // left unserved by the last consultation
  std::vector<std::uint8_t> open_cases_;      // cases queued or open
  std::vector<std::uint8_t> helped_;          // a case of this household was resolved
  std::vector<std::uint8_t> discouraged_;     // turned away before: seeks help less
  std::vector<std::uint8_t> accompanied_;     // outreach is building trust
  std::vector<std::int32_t> followed_until_;  // [day] 伴走 after a case lasts until, or -1
  std::vector<double> round_weight_;       // [organisation vertex] a 民生委員's round, weighted
  std::vector<Domain> followed_by_;        // the counter keeping in touch
  int today_ = 0;                          // [day] of the last step, for observe
  std::vector<std::int32_t> discovery_;    // [day] of the pending discovery, or -1
  std::vector<Needs> covering_;            // what the household's queued or open cases cover
  std::vector<std::uint32_t> first_case_;  // first queued or open case, linked by case
  std::vector<std::uint32_t> waiting_plan_;  // its plan waiting for a conference, or none
  std::vector<std::uint32_t> open_list_;     // ids of open cases, in no particular order
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> events_;
  std::uint64_t order_ = 0;
  Fiscal* fiscal_ = nullptr;
  ParticipationPlaces* places_ = nullptr;
};

}  // namespace kyosei::models
