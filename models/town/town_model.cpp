#include "town/town_model.hpp"

#include <array>
#include <chrono>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "kyosei/sim/archive.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/parallel.hpp"

namespace kyosei::models {

TownModel::TownModel(TownConfig config)
    : config_(std::move(config)),
      regions_(build_regions(config_)),
      population_ids_(registry_),
      consultation_ids_(registry_),
      community_ids_(registry_),
      fiscal_ids_(registry_),
      migration_(config_) {
  scenario_parts_ = {&registry_,
                     &population_ids_,
                     &consultation_ids_,
                     &community_ids_,
                     &fiscal_ids_,
                     &migration_,
                     graph_census_days(config_),
                     config_.municipalities.size() > 1};
}

// Built when a replicate first needs them (under call_once: replicates start on several
// threads), not when the scenario is read: validating or fuzzing a scenario of many arms and
// municipalities copies no configuration per municipality.
const std::vector<Partition>& TownModel::partitions() const {
  std::call_once(partitioned_, [&] {
    partitions_.resize(config_.municipalities.size());
    sim::for_each_block(
        partitions_.size(),
        [&](std::size_t begin, std::size_t end) {
          for (std::size_t m = begin; m < end; ++m)
            partitions_[m] = partition_of(config_, regions_, m);
        },
        16);
  });
  return partitions_;
}

// Measured (docs/performance.md): a simulation peaks at 98-127 bytes per resident (the nation,
// a city of a million, a 400,000 town of Hagi's ages), while its social graph is built; its
// arrays then grow by about 2 bytes per resident a year (births and arrivals are appended).
std::uint64_t TownModel::estimated_bytes(int days) const {
  constexpr double peak_per_resident = 130;  // [bytes], above every measurement
  constexpr double growth_per_year = 2;      // [bytes per resident per year]
  double residents = 0;
  for (const MunicipalityConfig& m : config_.municipalities)
    residents += static_cast<double>(m.population);
  return static_cast<std::uint64_t>(residents *
                                    (peak_per_resident + growth_per_year * days / 365.25));
}

namespace {

// What a warm-up depends on: the configuration without what an arm takes up at the start
// from another arm's warm-up, and without the fiscal rules.
TownConfig warmup_view(TownConfig c) {
  for (MunicipalityConfig& m : c.municipalities) {
    m.staff = {};
    m.policy = {};
    m.sc_layer1 = m.sc_layer2_per_area = 0;
    m.council_layer1 = m.council_layer2 = false;
  }
  c.community.coordinators = {};
  c.community.councils = {};
  c.fiscal = {};
  return c;
}

}  // namespace

bool TownModel::warms_up_as(const sim::ArmModel& other) const {
  const auto* town = dynamic_cast<const TownModel*>(&other);
  return town && warmup_view(town->config_) == warmup_view(config_);
}

namespace {

bool is_working_day(const sim::Date& date) {
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

// One replicate: a partition per municipality (town_part.hpp), stepped side by side. Each
// phase runs over the partitions in parallel; each partition counts and books on its own, and
// the replicate adds their counts and books in partition order, so results do not depend on
// the number of threads.
class TownReplicate final : public sim::Replicate,
                            public sim::SharesBuilt,
                            public sim::Annotates,
                            public sim::KeepsLedger,
                            public sim::ExportsGraph,
                            public sim::Checkpointable {
 public:
  // Spread over `group` (of more than one rank), only the partitions its rank owns.
  TownReplicate(const TownModel& model, const sim::StreamKey& key, const sim::Clock& clock,
                const sim::RankGroup* group = nullptr)
      : model_(model),
        clock_(clock),
        group_(group && group->size() > 1 ? group : nullptr),
        ledger_(model.ledger_layout(), model.regions(), clock) {
    const std::vector<Partition>& partitions = model.partitions();
    std::size_t first = 0, end = partitions.size();
    if (group_) {
      first = model.first_partition_of(group_->rank(), group_->size());
      end = model.first_partition_of(group_->rank() + 1, group_->size());
    }
    first_ = first;
    parts_.resize(end - first);
    sim::for_each_block(
        parts_.size(),
        [&](std::size_t b, std::size_t e) {
          for (std::size_t p = b; p < e; ++p)
            parts_[p] = std::make_unique<TownPart>(partitions[first + p], model.scenario_parts(),
                                                   key, clock);
        },
        1);
  }

  // The phases of a day, in this order; each runs on the days that start its period.
  //   new year (yearly, 1 January; the start is start()'s): everyone ages a year, carers'
  //     burdens follow, every resident's next event up to the next 1 January and the year's
  //     arrivals are drawn; the community refreshes whom it could match, train or assess.
  //   resident events (daily): deaths, care up or down, facility entry, disability,
  //     withdrawal, isolation, hardship, births, departures; a change may bring a need to a
  //     counter, and a household left empty drops its open cases.
  //   arrivals (daily): households moving in.
  //   consultation (daily): discoveries, outreach and case ends due today; on working days
  //     counters open the cases their staff hours allow.
  //   coordinators and councils (monthly, the 1st): resources churn (providers tire,
  //     participants leave, resources fold), links between counters fade unless renewed,
  //     coordinators work their hours in each area, councils that are due meet.
  //   outreach and 民生委員 rounds (monthly, the 1st): 民生委員 update their rounds' registers;
  //     under 重層 outreach workers visit flagged households nobody reported.
  //   monthly costs (monthly, the 1st): staff, programs, coordinators and councils, running
  //     resources and care benefits, booked to the ledger by statute.
  // Everyone is visited once a year; in between, cost follows events. Only declares: nothing
  // is drawn or changed until start(). Partitions count into recorders of their own.
  void describe_step(sim::Schedule& schedule, sim::MetricRecorder&) override {
    schedule.add("new year", sim::Period::yearly, [this](const sim::StepInfo& step) {
      each([&](TownPart& p) { p.new_year(step.day); });
    });
    schedule.add("resident events", sim::Period::daily, [this](const sim::StepInfo& step) {
      each([&](TownPart& p) { p.resident_events(step.day); });
    });
    schedule.add("arrivals", sim::Period::daily, [this](const sim::StepInfo& step) {
      if (!parts_.empty() && parts_.front()->plan_due()) plan_arrivals();
      hand_over_moves();
      each([&](TownPart& p) { p.arrivals(step.day); });
    });
    schedule.add("consultation", sim::Period::daily, [this](const sim::StepInfo& step) {
      const bool working = is_working_day(step.date);
      each([&](TownPart& p) { p.consultation(step.day, working); });
    });
    schedule.add("coordinators and councils", sim::Period::monthly,
                 [this](const sim::StepInfo& step) {
                   each([&](TownPart& p) { p.coordinators_and_councils(step.day); });
                 });
    schedule.add("outreach and 民生委員 rounds", sim::Period::monthly,
                 [this](const sim::StepInfo& step) {
                   each([&](TownPart& p) { p.outreach_and_rounds(step.day); });
                 });
    schedule.add("monthly costs", sim::Period::monthly, [this](const sim::StepInfo& step) {
      each([&](TownPart& p) { p.monthly_costs(step.day); });
    });
  }

  void start() override {
    each([](TownPart& p) { p.start(); });
  }

  // The partitions' caches (the graph census) and recorders change; the town does not.
  void observe(sim::MetricRecorder& recorder) const override {
    each([](TownPart& p) { p.observe(); });
    for (const auto& part : parts_) part->hand_over_counts(recorder);
    if (group_) group_->sum_to_first(recorder.open());  // each region is one rank's
  }
  void hand_over_counts(sim::MetricRecorder& recorder) override {
    for (const auto& part : parts_) part->hand_over_counts(recorder);
  }

  // The social graphs: arms continuing from this warm-up build the same ones.
  std::shared_ptr<const void> built() const override {
    auto bases = std::make_shared<std::vector<std::shared_ptr<const void>>>();
    for (const auto& part : parts_) bases->push_back(part->town().ties.base());
    return bases;
  }

  void annotate(std::vector<sim::Annotation>& out) const override {
    std::vector<sim::GraphSummary> summaries(parts_.size());
    each_index([&](std::size_t p) {
      const LiveTies& ties = parts_[p]->town().ties;
      summaries[p] = sim::summarize(*ties.base(), &ties.base_triangles());
    });
    OrganisationCounts organisations{};
    for (const auto& part : parts_)
      for (std::size_t k = 0; k < organisation_kinds.size(); ++k)
        organisations[k] += static_cast<double>(part->organisations().count(organisation_kinds[k]));
    if (group_) gather_annotations(summaries, organisations);
    const sim::GraphSummary g = sim::combine(summaries);
    out.push_back({"graph", "vertices", static_cast<double>(g.vertices)});
    out.push_back({"graph", "ties", static_cast<double>(g.ties)});
    out.push_back({"graph", "mean_degree", g.mean_degree});
    out.push_back({"graph", "clustering_coefficient", g.clustering});
    out.push_back({"graph", "components", static_cast<double>(g.components)});
    out.push_back({"graph", "largest_component", static_cast<double>(g.largest_component)});
    out.push_back({"graph", "vertices_without_ties", static_cast<double>(g.isolated)});
    for (std::size_t k = 0; k < organisation_kinds.size(); ++k)
      out.push_back({"graph", std::string("organisations_") + to_string(organisation_kinds[k]),
                     organisations[k]});
  }

  // The partitions' books added up, in partition order.
  const sim::LedgerBook& ledger() const override {
    ledger_ = sim::LedgerBook(model_.ledger_layout(), model_.regions(), clock_);
    for (const auto& part : parts_)
      ledger_.add_from(part->ledger(), part->partition().scenario_region);
    if (group_) group_->sum_to_first(ledger_.values());  // each region is one rank's
    return ledger_;
  }

  void export_graph(const std::string& path) const override {
    if (group_)
      throw sim::InputError(path + ": the simulation is spread over " +
                            std::to_string(group_->size()) +
                            " ranks, which hold its graph in parts: export it from one rank");
    std::vector<GraphPart> graph;
    for (const auto& part : parts_)
      graph.push_back({&part->town(), &part->organisations(), &part->partition().regions.table});
    write_graphml(graph, path);
  }

  void save(sim::Saver& out) const override {
    for (const auto& part : parts_) part->archive(out);
  }
  // Also takes over a warm-up of another arm of the same town (TownModel::warms_up_as): this
  // arm's staff and posts replace the ones the warm-up ran with.
  void load(sim::Loader& in) override {
    for (const auto& part : parts_) {
      part->archive(in);
      part->take_up_posts();
    }
  }

 private:
  // Calls f on every partition, partitions in parallel.
  template <class F>
  void each(F&& f) const {
    each_index([&](std::size_t p) { f(*parts_[p]); });
  }
  template <class F>
  void each_index(F&& f) const {
    if (parts_.size() == 1) return f(0);
    sim::for_each_block(
        parts_.size(),
        [&](std::size_t begin, std::size_t end) {
          for (std::size_t p = begin; p < end; ++p) f(p);
        },
        1);
  }

  static constexpr std::array organisation_kinds{OrgKind::agency, OrgKind::minsei_iin,
                                                 OrgKind::coordinator, OrgKind::council,
                                                 OrgKind::resource};
  using OrganisationCounts = std::array<double, organisation_kinds.size()>;

  // Every rank's partitions' summaries, in partition order (ranks own contiguous runs of
  // them), and the organisations counted over all.
  void gather_annotations(std::vector<sim::GraphSummary>& summaries,
                          OrganisationCounts& organisations) const {
    std::ostringstream mine;
    {
      sim::Saver out(mine);
      out(organisations, summaries.size());
      for (const sim::GraphSummary& g : summaries)
        out(g.vertices, g.ties, g.mean_degree, g.isolated, g.components, g.largest_component,
            g.clustering);
    }
    summaries.clear();
    organisations = {};
    for (const std::string& bytes : group_->all_gather(mine.str())) {
      std::istringstream from(bytes);
      sim::Loader in(from, bytes.size(), "a rank's graph summary");
      OrganisationCounts counts{};
      std::size_t n = 0;
      in(counts, n);
      for (std::size_t k = 0; k < counts.size(); ++k) organisations[k] += counts[k];
      for (std::size_t p = 0; p < n; ++p) {
        sim::GraphSummary& g = summaries.emplace_back();
        in(g.vertices, g.ties, g.mean_degree, g.isolated, g.components, g.largest_component,
           g.clustering);
      }
    }
  }

  // Every rank's `mine`, joined in rank order, which is partition order (ranks hold
  // contiguous runs of partitions); without a group, `mine`.
  template <class T>
  std::vector<T> from_every_rank(std::vector<T> mine, const char* what) const {
    if (!group_) return mine;
    std::ostringstream bytes;
    {
      sim::Saver out(bytes);
      out(mine);
    }
    std::vector<T> all;
    for (const std::string& theirs : group_->all_gather(bytes.str())) {
      std::istringstream from(theirs);
      std::vector<T> part;
      sim::Loader(from, theirs.size(), what)(part);
      all.insert(all.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    }
    return all;
  }

  // Every partition's expected departures, weighed into what each can expect from the
  // others; then each plans the year's arrivals from outside.
  void plan_arrivals() {
    std::vector<double> leaving;
    for (const auto& part : parts_) leaving.push_back(part->leaving());
    leaving = from_every_rank(std::move(leaving), "a rank's departures");
    if (leaving.size() != model_.partitions().size())
      throw std::logic_error("departures did not come from every partition");
    const std::vector<double> inflow = model_.migration().inflow(leaving);
    each([&](TownPart& p) { p.plan_arrivals(inflow[p.partition().index]); });
  }

  // The households that left a partition for another since yesterday, in partition order and
  // each partition's order, to their destinations (on whichever rank holds them).
  void hand_over_moves() {
    std::vector<Move> moves;
    for (const auto& part : parts_)
      for (Move& move : part->take_outbox()) moves.push_back(std::move(move));
    for (Move& move : from_every_rank(std::move(moves), "a rank's moves"))
      if (move.to >= first_ && move.to < first_ + parts_.size())
        parts_[move.to - first_]->receive(std::move(move));
  }

  const TownModel& model_;
  sim::Clock clock_;
  const sim::RankGroup* group_;  // spread over its ranks; null: all partitions here
  std::size_t first_ = 0;        // the first partition held here
  std::vector<std::unique_ptr<TownPart>> parts_;
  mutable sim::LedgerBook ledger_;  // the partitions' books added up, when asked
};

}  // namespace

std::unique_ptr<sim::Replicate> TownModel::instantiate(const sim::StreamKey& key,
                                                       const sim::Clock& clock) const {
  return std::make_unique<TownReplicate>(*this, key, clock);
}

std::unique_ptr<sim::Replicate> TownModel::instantiate_spread(const sim::StreamKey& key,
                                                              const sim::Clock& clock,
                                                              const sim::RankGroup& group) const {
  return std::make_unique<TownReplicate>(*this, key, clock, &group);
}

std::size_t TownModel::first_partition_of(int rank, int ranks) const {
  std::vector<double> residents;
  for (const MunicipalityConfig& m : config_.municipalities)
    residents.push_back(static_cast<double>(m.population));
  return sim::first_part_of(rank, ranks, residents);
}

}  // namespace kyosei::models
