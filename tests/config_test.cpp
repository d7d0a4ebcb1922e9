#include <gtest/gtest.h>

#include <string>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "kyosei/sim/errors.hpp"

using namespace kyosei::sim;

namespace {

// Runs `body` and returns the InputError message it throws, or "" when it throws nothing.
template <class Body>
std::string input_error(Body&& body) {
  try {
    body();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ScenarioYaml, SyntaxErrorNamesFileLineAndColumn) {
  const std::string message =
      input_error([] { parse_yaml("name: broken\nyears: [1, 2\n", "town.yaml"); });
  EXPECT_NE(message.find("town.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("YAML syntax error"), std::string::npos) << message;
  EXPECT_EQ(message.find("town.yaml:0"), std::string::npos) << "lines count from 1: " << message;
}

TEST(ScenarioYaml, DuplicateKeysAreRejectedWhereTheyStand) {
  const std::string message = input_error([] { parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml"); });
  EXPECT_EQ(message, "t.yaml:3:1: a: duplicate key");
}

TEST(ScenarioYaml, ReaderChecksTypesAndRangesWithLocations) {
  const ConfigNode root =
      parse_yaml("years: ten\nreplicates: 0\nshare: 1.5\nmode: sideways\n", "s.yaml");
  KeyTracker tracker;
  const ConfigReader r(root, "", tracker);
  EXPECT_EQ(input_error([&] { r.integer("years", 1); }),
            "s.yaml:1:8: years: expected an integer, got 'ten'");
  EXPECT_EQ(input_error([&] { r.integer("replicates", 1); }),
            "s.yaml:2:13: replicates: must be at least 1, got 0");
  EXPECT_EQ(input_error([&] { r.number("share", 0.0, 1.0); }),
            "s.yaml:3:8: share: must be at most 1, got 1.5");
  EXPECT_EQ(input_error([&] {
              r.choice("mode", {"siloed", "jusou"});
            }),
            "s.yaml:4:7: mode: expected one of siloed, jusou, got 'sideways'");
  EXPECT_EQ(input_error([&] { r.text("missing"); }), "s.yaml:1:1: missing: missing (required)");
}

TEST(ScenarioYaml, UnknownKeysAreReportedAfterReadingWithTheKnownOnes) {
  const ConfigNode root = parse_yaml("output:\n  interval_days: 7\n  intervall: 3\n", "s.yaml");
  KeyTracker tracker;
  const ConfigReader r(root, "", tracker);
  EXPECT_EQ(r.section("output").integer_or("interval_days", 30), 7);
  EXPECT_EQ(input_error([&] { tracker.reject_unknown(root); }),
            "s.yaml:3:3: output.intervall: unknown key (known keys here: interval_days)");
}

TEST(ScenarioYaml, SetOverridesAScalarAndLocatesItsValue) {
  ConfigNode root = parse_yaml("years: 10\npolicy:\n  mode: siloed\n", "s.yaml");
  apply_assignment(root, "years=-1", "--set years=-1");
  apply_assignment(root, "policy.mode=jusou", "--set policy.mode=jusou");
  KeyTracker tracker;
  const ConfigReader r(root, "", tracker);
  EXPECT_EQ(r.section("policy").text("mode"), "jusou");
  EXPECT_EQ(input_error([&] { r.integer("years", 1); }),
            "--set years=-1: years: must be at least 1, got -1");
}

TEST(ScenarioYaml, SetOfAnUnknownPathIsRejectedAsUnknownAtTheFlag) {
  ConfigNode root = parse_yaml("years: 10\n", "s.yaml");
  apply_assignment(root, "no.such.path=1", "--set no.such.path=1");
  KeyTracker tracker;
  const ConfigReader r(root, "", tracker);
  r.integer("years");
  const std::string message = input_error([&] { tracker.reject_unknown(root); });
  EXPECT_EQ(message.rfind("--set no.such.path=1: no: unknown key", 0), 0u) << message;
}

TEST(ScenarioYaml, SetIndexesListsAndRefusesKeysInsideValues) {
  ConfigNode root = parse_yaml("arms:\n  - name: a\n  - name: b\nyears: 3\n", "s.yaml");
  apply_assignment(root, "arms.1.name=c", "--set arms.1.name=c");
  EXPECT_EQ(root.find("arms")->items[1].find("name")->scalar, "c");
  EXPECT_NE(input_error([&] { apply_assignment(root, "arms.5.name=x", "--set"); }).find("arms.5"),
            std::string::npos);
  EXPECT_NE(input_error([&] { apply_assignment(root, "years.x=1", "--set"); }).find("years"),
            std::string::npos);
  EXPECT_NE(input_error([&] { apply_assignment(root, "novalue", "--set novalue"); }), "");
}

TEST(ScenarioYaml, MergeTreatsDottedKeysAsPathsAndKeepsOverrideLocations) {
  ConfigNode base = parse_yaml("policy:\n  mode: siloed\n  other: 1\nyears: 10\n", "base.yaml");
  const ConfigNode over = parse_yaml("policy.mode: jusou\nyears: 5\n", "arm.yaml");
  merge_into(base, over);
  EXPECT_EQ(base.find("policy")->find("mode")->scalar, "jusou");
  EXPECT_EQ(base.find("policy")->find("other")->scalar, "1");
  EXPECT_EQ(base.find("years")->scalar, "5");
  EXPECT_EQ(base.find("years")->where.str(), "arm.yaml:2:8");
}

TEST(ScenarioYaml, EmittedYamlParsesBackToTheSameTree) {
  const ConfigNode root =
      parse_yaml("name: 萩市\nlist: [1, 2]\nmap: {a: x, b: null}\nempty:\n", "s.yaml");
  const ConfigNode again = parse_yaml(to_yaml(root), "again.yaml");
  EXPECT_EQ(to_yaml(again), to_yaml(root));
  EXPECT_EQ(again.find("name")->scalar, "萩市");
  EXPECT_EQ(again.find("list")->items.size(), 2u);
}
