#pragma once
// Life-support system development (生活支援体制整備事業): coordinators (SC) spend monthly hours
// on the seed's activities; councils (協議体) meet, share information (strengthening referral
// links among member agencies), turn pooled needs into regional issues and start
// development projects whose feasible types depend on who sits on them; resources are found
// (お宝), developed, staffed by trained providers (担い手), matched with residents, and fold
// when their providers leave. Monthly cost is O(areas + resources + matched residents).

#include <array>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "community/community_metrics.hpp"
#include "community/organisations.hpp"
#include "fiscal/fiscal.hpp"
#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/clock.hpp"
#include "kyosei/sim/metrics.hpp"
#include "kyosei/sim/random.hpp"
#include "population/population.hpp"
#include "support/consultation.hpp"

namespace kyosei::models {

// The funding law's payer shares for a resource type (resources.cpp).
const Shares& community_shares(ResourceType type);

class CommunitySystem : public ParticipationPlaces {
 public:
  using Redraw = std::function<void(std::uint32_t resident, int day)>;
  // Two residents who met at a community place form a tie (the calendar keeps isolation and
  // hazards in step).
  using Meet = std::function<void(std::uint32_t a, std::uint32_t b, int day, sim::MetricRecorder&)>;

  CommunitySystem(Town& town, const TownConfig& config, const TownRegions& regions,
                  const CommunityMetrics& ids, Organisations& organisations,
                  ConsultationSystem& consultation, const sim::StreamKey& key, Redraw redraw,
                  Meet meet);

  // Resources, providers and participants existing at the start.
  void start(int day);
  // This arm's standing posts (SCs at both layers, councils) take over a state that other
  // settings may have run to (a warm-up shared between arms): the counts follow this arm's
  // settings; posts it adds join the organisation graph, posts it cuts keep their vertex
  // without hours or meetings. Changes nothing when the state is this arm's own.
  void take_up_posts();
  // Once a month: coordinators work, councils that are due meet, resources churn.
  void month(int day, sim::MetricRecorder& recorder);
  // Participation support's placements at the resources (resources.cpp).
  std::uint32_t join_near(std::uint32_t resident, ResourceType type, int day) override;
  std::uint32_t help_near(std::uint32_t resident, int day) override;
  bool release(std::uint32_t resident, std::uint32_t r, int day) override;
  // Once a year: refresh who could be matched, trained or assessed in each area.
  void refresh_candidates();
  void observe(sim::MetricRecorder& recorder) const;

  struct Resource {
    ResourceType type;
    std::uint32_t area;  // index into areas_
    bool treasure;
    bool active;
    std::vector<std::uint32_t> providers;
    std::vector<std::uint32_t> participants;
    std::uint32_t vertex = 0;  // in the organisation graph
    // Whom its draws belong to: its area and its rank among the area's resources, not its
    // index in the town, which shifts whenever another area creates one first.
    std::uint64_t identity = 0;
    template <class A>
    void archive(A& a) {
      a(type, area, treasure, active, providers, participants, vertex, identity);
    }
  };
  const std::vector<Resource>& resources() const { return resources_; }
  int region_of(const Resource& resource) const { return areas_[resource.area].region; }
  // Council meetings held in each municipality since the last call (for their costs).
  std::vector<int> take_meetings() {
    return std::exchange(meetings_, std::vector<int>(meetings_.size(), 0));
  }
  // Where start-up costs of new resources are booked.
  void set_fiscal(Fiscal* fiscal) { fiscal_ = fiscal; }

  template <class A>
  void archive(A& a) {
    a(areas_, areas_of_, layer1_, layer1_vertices_, layer1_council_, municipality_region_,
      area_of_region_, resources_, resource_of_, month_, meetings_);
  }

 private:
  struct Area {
    int region;
    std::uint16_t municipality;
    double share;                                  // of the municipality's residents
    int candidate_places = 0;                      // treasures not yet found
    int coordinators = 0;                          // layer-2 SCs
    bool council = false;                          // a layer-2 council meets here
    std::array<double, resource_types> demand{};   // pooled unmet requests
    std::array<double, resource_types> project{};  // development hours so far; <0: none
    std::vector<std::uint32_t> pool;               // trained providers not yet placed
    std::vector<std::uint32_t> elders;             // residents 65+ who could be matched or trained
    std::uint64_t elders_at_start = 0;             // their number on day 0
    std::vector<std::uint32_t> younger;         // residents 15-59, matched under 重層's platform
    std::vector<std::uint32_t> households;      // for needs assessment
    std::vector<std::uint32_t> resources;       // ids of its resources, open and closed
    std::vector<std::uint32_t> sc_vertices;     // its layer-2 SCs' vertices
    std::uint32_t sc_vertex = Residents::none;  // first layer-2 SC, if any
    std::uint32_t council_vertex = Residents::none;  // layer-2 council, if any
    template <class A>
    void archive(A& a) {
      a(region, municipality, share, candidate_places, coordinators, council, demand, project, pool,
        elders, elders_at_start, younger, households, resources, sc_vertices, sc_vertex,
        council_vertex);
    }
  };

  void work(std::size_t a, double hours, int day, sim::MetricRecorder& recorder);
  void sustain(std::uint32_t id, sim::Stream& draw, int day);
  void mingle(const Resource& res, int day, sim::MetricRecorder& recorder);
  void meet(std::size_t a, bool layer1, sim::MetricRecorder& recorder);
  bool feasible(ResourceType type) const;  // the councils' members can carry it
  void strengthen(std::uint32_t a, std::uint32_t b, double gain);
  // Resources, their providers and participants (resources.cpp).
  void churn(int day, sim::MetricRecorder& recorder);
  std::uint32_t create(std::size_t a, ResourceType type, bool treasure, int day,
                       sim::MetricRecorder* recorder);
  void close(std::uint32_t r, int day, sim::MetricRecorder& recorder);
  bool join(std::uint32_t resident, std::uint32_t r, int day);
  void leave(std::uint32_t resident, int day);
  ResourceType wanted_by(std::uint32_t resident) const;
  bool can_provide(std::uint32_t resident) const;
  bool placed_at(std::uint32_t resident, std::uint32_t r) const {
    return resident < resource_of_.size() && resource_of_[resident] == r;
  }
  // The first open resource near resident i (their area, then their municipality's others)
  // for which `take` succeeds.
  template <class Take>
  std::uint32_t near(std::uint32_t resident, Take&& take);

  std::size_t area_index(int region) const;

  Town& town_;
  const TownConfig& config_;
  const CommunityConfig& c_;
  const CommunityMetrics& ids_;
  Organisations& orgs_;
  ConsultationSystem& consultation_;
  sim::StreamKey key_;
  Redraw redraw_;
  Meet meet_;
  std::vector<Area> areas_;
  std::vector<std::vector<std::size_t>> areas_of_;           // [municipality] -> area indices
  std::vector<int> layer1_;                                  // [municipality] layer-1 SCs
  std::vector<std::vector<std::uint32_t>> layer1_vertices_;  // [municipality] their vertices
  std::vector<std::uint32_t> layer1_council_;  // [municipality] its council's vertex, or none
  std::vector<int> municipality_region_;       // [municipality] -> region
  std::vector<std::size_t> area_of_region_;    // [region] -> index into areas_
  std::vector<Resource> resources_;
  std::vector<std::uint32_t> resource_of_;  // [resident] resource joined or helped at as a
                                            // placed volunteer, or none
  int month_ = 0;
  std::vector<int> meetings_;  // [municipality] since last taken
  Fiscal* fiscal_ = nullptr;
};

}  // namespace kyosei::models
