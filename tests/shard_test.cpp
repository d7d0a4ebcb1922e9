// Ensembles as job arrays (app/src/shards.hpp): `run --shard I/N` then `merge` gives the file
// one run writes; a killed shard reruns, a finished one is skipped; lone shards are refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "cli_fixture.hpp"
#include "kyosei/io/hdf5.hpp"

using kyosei::testing::Cli;

namespace {

// Two arms, three replicates: six simulations over the shards, warm-ups shared within each.
const std::string ensemble =
    "--replicates 3 --set years=1 --set warmup_years=1 "
    "--set municipalities.0.population=6000 ";

void expect_same_file(const kyosei::sim::Results& a, const kyosei::sim::Results& b) {
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t m = 0; m < a.series.size(); ++m)
    EXPECT_EQ(a.series[m], b.series[m]) << a.metrics[m].name;
  EXPECT_EQ(a.ledger, b.ledger);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.scenario_yaml, b.scenario_yaml);
  EXPECT_EQ(a.arms, b.arms);
  ASSERT_EQ(a.trait_values.size(), b.trait_values.size());
  for (std::size_t k = 0; k < a.trait_values.size(); ++k)  // bit for bit: some are NaN
    EXPECT_EQ(std::memcmp(a.trait_values[k].data(), b.trait_values[k].data(),
                          a.trait_values[k].size() * sizeof(double)),
              0);
  EXPECT_EQ(b.shards, 0);
}

}  // namespace

TEST_F(Cli, ShardsMergedAreTheFileOneRunWrites) {
  ASSERT_EQ(kyosei("run -q " + ensemble + "-o whole.h5").code, 0);
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(kyosei("run -q " + ensemble + "--shard " + std::to_string(i) + "/3 -o part" +
                     std::to_string(i) + ".h5")
                  .code,
              0);
  // A shard holds only its own simulations.
  const kyosei::sim::Results part = kyosei::io::read_hdf5(dir_ / "part2.h5");
  EXPECT_EQ(part.shard, 2);
  EXPECT_EQ(part.shards, 3);
  const kyosei::sim::Results whole = kyosei::io::read_hdf5(dir_ / "whole.h5");
  const int population = whole.metric_index("population");
  for (std::size_t run = 0; run < 6; ++run) {
    const double value =
        part.series[static_cast<std::size_t>(population)][part.index(run / 3, run % 3, 0, 0)];
    EXPECT_EQ(value > 0, run % 3 == 1) << "run " << run;
  }
  // In any order.
  const auto merged = kyosei("merge part3.h5 part1.h5 part2.h5 -o merged.h5");
  ASSERT_EQ(merged.code, 0) << merged.err;
  expect_same_file(whole, kyosei::io::read_hdf5(dir_ / "merged.h5"));
  EXPECT_NE(kyosei("info part1.h5").out.find("shard         1 of 3"), std::string::npos);
}

TEST_F(Cli, AKilledShardRunsAgainAndAFinishedOneIsSkipped) {
  ASSERT_EQ(kyosei("run -q " + ensemble + "-o whole.h5").code, 0);
  ASSERT_EQ(kyosei("run -q " + ensemble + "--shard 1/2 -o a.h5").code, 0);
  // Shard 2 is killed mid-run (a larger town, to be sure it is): nothing is left at its path.
  const std::string command = "cd '" + dir_.string() + "' && exec '" + KYOSEI_BINARY + "' run -q " +
                              ensemble +
                              "--set years=5 --set municipalities.0.population=200000 "
                              "--shard 2/2 -o b.h5";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the shard finished before it could be killed";
  EXPECT_FALSE(exists("b.h5"));
  // A damaged file where the shard goes is no finished shard either.
  write("b.h5", "not a result");
  const auto rerun = kyosei("run " + ensemble + "--shard 2/2 -o b.h5");
  ASSERT_EQ(rerun.code, 0) << rerun.err;
  EXPECT_EQ(rerun.out.find("skipped"), std::string::npos);
  // The job array runs again: the finished shards are skipped, and the merge is the run.
  for (const char* shard : {"1/2 -o a.h5", "2/2 -o b.h5"}) {
    const auto again = kyosei("run " + ensemble + "--shard " + shard);
    EXPECT_EQ(again.code, 0);
    EXPECT_NE(again.out.find("is already in"), std::string::npos) << again.out;
  }
  // Another scenario's shard at the path is run over, not skipped.
  const auto other = kyosei("run -q " + ensemble + "--seed 9 --shard 2/2 -o b.h5");
  EXPECT_EQ(other.out.find("already in"), std::string::npos);
  ASSERT_EQ(kyosei("run -q " + ensemble + "--shard 2/2 -o b.h5").code, 0);
  ASSERT_EQ(kyosei("merge a.h5 b.h5 -o merged.h5").code, 0);
  expect_same_file(kyosei::io::read_hdf5(dir_ / "whole.h5"),
                   kyosei::io::read_hdf5(dir_ / "merged.h5"));
}

TEST_F(Cli, ShardsThatDoNotMakeARunAreRefused) {
  ASSERT_EQ(kyosei("run -q " + ensemble + "--shard 1/3 -o s1.h5").code, 0);
  ASSERT_EQ(kyosei("run -q " + ensemble + "--shard 2/3 -o s2.h5").code, 0);
  ASSERT_EQ(kyosei("run -q " + ensemble + "--seed 3 --shard 3/3 -o other3.h5").code, 0);
  ASSERT_EQ(kyosei("run -q " + ensemble + "-o whole.h5").code, 0);
  const auto missing = kyosei("merge s1.h5 s2.h5 -o m.h5");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("shard 3 of 3 is missing"), std::string::npos) << missing.err;
  const auto twice = kyosei("merge s1.h5 s2.h5 s2.h5 -o m.h5");
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("again"), std::string::npos) << twice.err;
  const auto foreign = kyosei("merge s1.h5 s2.h5 other3.h5 -o m.h5");
  EXPECT_EQ(foreign.code, 2);
  EXPECT_NE(foreign.err.find("other3.h5: a shard of another run"), std::string::npos)
      << foreign.err;
  EXPECT_EQ(kyosei("merge s1.h5 whole.h5 -o m.h5").code, 2);
  EXPECT_FALSE(exists("m.h5"));
  // A lone shard is not a run to compare or report.
  const auto compare = kyosei("compare s1.h5");
  EXPECT_EQ(compare.code, 2);
  EXPECT_NE(compare.err.find("kyosei merge"), std::string::npos) << compare.err;
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2"}) {
    const auto r = kyosei("run -q --shard " + std::string(bad) + " -o x.h5");
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
  }
}
