#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "h5.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/sim/errors.hpp"

namespace fs = std::filesystem;
using namespace kyosei::sim;
using namespace kyosei::io;

namespace {

// 2 arms × 2 replicates × 3 samples × 3 regions, with a ratio and names outside ASCII.
Results small_results() {
  Results r;
  r.kyosei_version = "0.1.0";
  r.scenario_name = "萩市 重層 test";
  r.scenario_yaml = "name: 萩市 重層 test\nseed: 18446744073709551600\nyears: 1\n";
  r.start_date = "2018-04-01";
  r.created_utc = "2026-11-26T19:00:00Z";
  r.seed = 18446744073709551600ULL;  // above INT64_MAX: must survive as uint64
  r.threads = 4;
  r.arms = {"siloed", "jusou"};
  r.baseline = 1;
  r.common_random_numbers = true;
  r.replicates = 2;
  r.times = {0, 30, 61};  // [days]
  r.sampling = "month";
  r.regions = {
      {"total", "total", ""}, {"萩市", "municipality", "total"}, {"萩市/east", "area", "萩市"}};
  r.metrics = {
      {"consultations_new", "1", "new consultations in the interval", MetricKind::count, "", ""},
      {"人口", "persons", "住民数 at the sample time", MetricKind::level, "", ""},
      {"care_certification_rate", "1", "certified 65+ over residents 65+", MetricKind::ratio,
       "care_certified", "population65"},
  };
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    std::vector<double> values(r.values_per_metric());
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<double>(m) * 1000.0 + static_cast<double>(i) / 7.0;
    r.series.push_back(std::move(values));
  }
  return r;
}

void expect_same(const Results& a, const Results& b) {
  EXPECT_EQ(a.kyosei_version, b.kyosei_version);
  EXPECT_EQ(a.scenario_name, b.scenario_name);
  EXPECT_EQ(a.scenario_yaml, b.scenario_yaml);
  EXPECT_EQ(a.start_date, b.start_date);
  EXPECT_EQ(a.created_utc, b.created_utc);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.threads, b.threads);
  EXPECT_EQ(a.arms, b.arms);
  EXPECT_EQ(a.baseline, b.baseline);
  EXPECT_EQ(a.common_random_numbers, b.common_random_numbers);
  EXPECT_EQ(a.replicates, b.replicates);
  EXPECT_EQ(a.times, b.times);
  EXPECT_EQ(a.sampling, b.sampling);
  ASSERT_EQ(a.regions.size(), b.regions.size());
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    EXPECT_EQ(a.regions[i].name, b.regions[i].name);
    EXPECT_EQ(a.regions[i].level, b.regions[i].level);
    EXPECT_EQ(a.regions[i].parent, b.regions[i].parent);
  }
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (std::size_t m = 0; m < a.metrics.size(); ++m) {
    EXPECT_EQ(a.metrics[m].name, b.metrics[m].name);
    EXPECT_EQ(a.metrics[m].units, b.metrics[m].units);
    EXPECT_EQ(a.metrics[m].long_name, b.metrics[m].long_name);
    EXPECT_EQ(a.metrics[m].kind, b.metrics[m].kind);
    EXPECT_EQ(a.metrics[m].numerator, b.metrics[m].numerator);
    EXPECT_EQ(a.metrics[m].denominator, b.metrics[m].denominator);
  }
  EXPECT_EQ(a.series, b.series);  // bit for bit
}

std::vector<std::string> entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory))
    names.push_back(entry.path().filename().string());
  return names;
}

class Scratch : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("kyosei_hdf5_" + std::to_string(::getpid()) + "_" +
                                        info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

using Hdf5Sink = Scratch;
using Hdf5Reader = Scratch;
using H5Wrappers = Scratch;

}  // namespace

TEST_F(Hdf5Sink, RoundTripsEveryField) {
  const Results written = small_results();
  write_hdf5(written, dir_ / "out.h5");
  expect_same(written, read_hdf5(dir_ / "out.h5"));
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"out.h5"});
}

// CF cell methods say how each series aggregates over time: counts are sums over the month
// since the previous sample, levels and ratios values at the sample.
TEST_F(Hdf5Sink, SaysHowEachSeriesAggregatesOverTime) {
  write_hdf5(small_results(), dir_ / "out.h5");
  const h5::File file = h5::open_file(dir_ / "out.h5");
  const h5::Group series = h5::open_group(file.id(), "series");
  EXPECT_EQ(h5::read_string_attribute(h5::open_dataset(series.id(), "consultations_new").id(),
                                      "cell_methods"),
            "time: sum (interval: 1 month)");
  EXPECT_EQ(h5::read_string_attribute(h5::open_dataset(series.id(), "人口").id(), "cell_methods"),
            "time: point");
}

TEST_F(Hdf5Sink, WritesTheLayoutTheAcceptanceCheckExpects) {
#ifndef KYOSEI_SOURCE_DIR
  GTEST_SKIP() << "KYOSEI_SOURCE_DIR not defined";
#else
  const fs::path script = KYOSEI_SOURCE_DIR "/../shared/acceptance/h5check.py";
  if (!fs::exists("/usr/bin/python3") || !fs::exists(script))
    GTEST_SKIP() << "no /usr/bin/python3 or " << script;
  if (std::system("/usr/bin/python3 -c 'import h5py, numpy, yaml' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3 lacks h5py, numpy or yaml";
  write_hdf5(small_results(), dir_ / "out.h5");
  const std::string command =
      "/usr/bin/python3 '" + script.string() + "' layout '" + (dir_ / "out.h5").string() + "' none";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << command;
  EXPECT_EQ(WEXITSTATUS(status), 0) << command;
#endif
}

TEST_F(Hdf5Sink, StoresSeriesChunkedCompressedAndLabelledByTheirScales) {
  write_hdf5(small_results(), dir_ / "out.h5");
  const h5::File file = h5::open_file(dir_ / "out.h5");
  for (const char* scale : {"arm", "replicate", "time", "region"})
    EXPECT_TRUE(h5::is_scale(h5::open_dataset(file.id(), scale))) << scale;
  EXPECT_FALSE(h5::is_scale(h5::open_dataset(file.id(), "region_level")));
  EXPECT_EQ(h5::read_string_attribute(h5::open_dataset(file.id(), "time").id(), "units"),
            "days since 2018-04-01");
  EXPECT_EQ(h5::read_string_attribute(file.id(), "Conventions"), "CF-1.8");

  const h5::Dataset series = h5::open_dataset(file.id(), "/series/人口");
  EXPECT_EQ(h5::shape_of(series), (std::vector<hsize_t>{2, 2, 3, 3}));
  const std::array<const char*, 4> labels{"arm", "replicate", "time", "region"};
  for (unsigned k = 0; k < labels.size(); ++k) EXPECT_EQ(h5::label(series, k), labels[k]);
  const h5::Storage storage = h5::storage_of(series);
  EXPECT_EQ(storage.chunk, (std::vector<hsize_t>{1, 1, 3, 3}));
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    EXPECT_EQ(storage.filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  }
  EXPECT_EQ(h5::read_string_attribute(series.id(), "kind"), "level");
}

TEST_F(Hdf5Sink, RefusesAnOutputPathThatCanNeverBeWritten) {
  EXPECT_THROW(check_output_path(dir_ / "missing" / "out.h5"), InputError);
  EXPECT_THROW(check_output_path(dir_), InputError);
  EXPECT_THROW(write_hdf5(small_results(), dir_ / "missing" / "out.h5"), InputError);
  EXPECT_NO_THROW(check_output_path(dir_ / "out.h5"));
  EXPECT_TRUE(entries(dir_).empty()) << "check_output_path created something";
}

TEST_F(Hdf5Sink, RefusesADirectoryItCannotWriteTo) {
  const fs::path locked = dir_ / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(locked.c_str(), W_OK) == 0)
    GTEST_SKIP() << "running as root: modes are not enforced";
  EXPECT_THROW(check_output_path(locked / "out.h5"), InputError);
}

TEST_F(Hdf5Sink, LeavesNeitherOutputNorTemporaryWhenAWriteFails) {
  Results duplicated = small_results();
  duplicated.metrics[1].name = duplicated.metrics[0].name;  // HDF5 refuses the second dataset
  EXPECT_THROW(write_hdf5(duplicated, dir_ / "out.h5"), H5Error);
  EXPECT_TRUE(entries(dir_).empty());

  Results short_series = small_results();
  short_series.series[2].pop_back();
  EXPECT_THROW(write_hdf5(short_series, dir_ / "out.h5"), std::invalid_argument);
  EXPECT_TRUE(entries(dir_).empty());
}

TEST_F(Hdf5Sink, FailedOverwriteKeepsThePreviousFile) {
  const Results first = small_results();
  write_hdf5(first, dir_ / "out.h5");
  Results duplicated = small_results();
  duplicated.metrics[2].name = duplicated.metrics[0].name;
  EXPECT_THROW(write_hdf5(duplicated, dir_ / "out.h5"), H5Error);
  expect_same(first, read_hdf5(dir_ / "out.h5"));
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"out.h5"});
}

TEST_F(Hdf5Sink, RefusesABaselineThatNamesNoArm) {
  Results r = small_results();
  r.baseline = 2;  // of two arms
  EXPECT_THROW(write_hdf5(r, dir_ / "out.h5"), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir_ / "out.h5"));
}

TEST_F(Hdf5Sink, OverwritesAnExistingFile) {
  write_hdf5(small_results(), dir_ / "out.h5");
  Results second = small_results();
  second.arms = {"only"};
  second.baseline = 0;
  second.times = {0, 365};
  second.metrics.resize(1);
  second.series.assign(1, std::vector<double>(second.values_per_metric(), 2.5));
  write_hdf5(second, dir_ / "out.h5");
  expect_same(second, read_hdf5(dir_ / "out.h5"));
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"out.h5"});
}

TEST_F(Hdf5Reader, RejectsAMissingFile) {
  EXPECT_THROW(read_hdf5(dir_ / "absent.h5"), InputError);
}

TEST_F(Hdf5Reader, RejectsAFileThatIsNotHdf5) {
  std::FILE* text = std::fopen((dir_ / "notes.h5").c_str(), "w");
  ASSERT_NE(text, nullptr);
  std::fputs("name: not hdf5\n", text);
  std::fclose(text);
  EXPECT_THROW(read_hdf5(dir_ / "notes.h5"), InputError);
  EXPECT_THROW(read_hdf5(dir_), InputError);
}

TEST_F(Hdf5Reader, NamesWhatIsMissingFromAForeignHdf5File) {
  {
    h5::File file = h5::create_file(dir_ / "foreign.h5");
    h5::write_attribute(file.id(), "kyosei_version", std::string("0.1.0"));
    file.close();
  }
  try {
    read_hdf5(dir_ / "foreign.h5");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("foreign.h5"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("'seed' is missing"), std::string::npos)
        << error.what();
  }
}

TEST_F(H5Wrappers, MapAFailingCallToH5ErrorNamingCallAndObject) {
  h5::File file = h5::create_file(dir_ / "w.h5");
  const h5::Group group = h5::create_group(file.id(), "g");
  const auto message = [](auto&& action) -> std::string {
    try {
      action();
    } catch (const H5Error& error) {
      return error.what();
    }
    return "no H5Error";
  };
  testing::internal::CaptureStderr();
  const std::string missing = message([&] { h5::open_dataset(group.id(), "nope"); });
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "HDF5 printed its error stack";
  EXPECT_NE(missing.find("H5Dopen2('/g/nope') failed"), std::string::npos) << missing;
  EXPECT_NE(missing.find("doesn't exist"), std::string::npos) << missing;

  EXPECT_NE(message([&] { h5::read_string_attribute(group.id(), "absent"); }).find("H5Aopen"),
            std::string::npos);
  EXPECT_NE(message([&] { h5::open_group(file.id(), "nope"); }).find("H5Gopen2"),
            std::string::npos);
  h5::write_scalar<std::int32_t>(group.id(), "n", 1);
  EXPECT_NE(message([&] { h5::write_scalar<std::int32_t>(group.id(), "n", 2); }).find("H5Dcreate2"),
            std::string::npos);
  EXPECT_THROW(h5::read_string(group.id(), "n"), H5Error);
  EXPECT_THROW(h5::read_vector<std::int32_t>(group.id(), "n"), H5Error);
  EXPECT_NE(message([&] { h5::open_file(dir_ / "absent.h5"); }).find("H5Fopen"), std::string::npos);
}

TEST_F(H5Wrappers, RoundTripEachType) {
  const std::vector<std::int32_t> i32{-2147483647 - 1, 0, 2147483647};
  const std::vector<std::int64_t> i64{std::numeric_limits<std::int64_t>::min(), 7};
  const std::vector<std::uint64_t> u64{std::numeric_limits<std::uint64_t>::max(), 0};
  const std::vector<double> f64{-0.0, 1e-300, 6.02214076e23};
  const std::vector<std::string> text{"", "ascii", "萩市/east", "重層的支援体制"};
  {
    h5::File file = h5::create_file(dir_ / "types.h5");
    const hid_t f = file.id();
    h5::write_vector<std::int32_t>(f, "i32", i32);
    h5::write_vector<std::int64_t>(f, "i64", i64);
    h5::write_vector<std::uint64_t>(f, "u64", u64);
    h5::write_vector<double>(f, "f64", f64);
    h5::write_vector<double>(f, "empty", {});
    h5::write_strings(f, "text", text);
    h5::write_strings(f, "no_text", {});
    h5::write_string(f, "scalar_text", "長い\nYAML");
    h5::write_scalar<double>(f, "pi", 3.141592653589793);
    h5::write_attribute(f, "a_text", std::string("萩"));
    h5::write_attribute(f, "a_i32", std::int32_t{-5});
    h5::write_attribute(f, "a_i64", std::int64_t{-5'000'000'000});
    h5::write_attribute(f, "a_u64", std::numeric_limits<std::uint64_t>::max());
    h5::write_attribute(f, "a_f64", 0.1);
    {
      const h5::Group order = h5::create_group(f, "order");
      for (const char* name : {"b", "a", "ç", "c"})
        h5::write_scalar<std::int32_t>(order.id(), name, 0);
    }
    file.close();  // fails while `order` is open: every object must be closed first
  }
  const h5::File file = h5::open_file(dir_ / "types.h5");
  const hid_t f = file.id();
  EXPECT_EQ(h5::read_vector<std::int32_t>(f, "i32"), i32);
  EXPECT_EQ(h5::read_vector<std::int64_t>(f, "i64"), i64);
  EXPECT_EQ(h5::read_vector<std::uint64_t>(f, "u64"), u64);
  EXPECT_EQ(h5::read_vector<double>(f, "f64"), f64);
  EXPECT_TRUE(h5::read_vector<double>(f, "empty").empty());
  EXPECT_EQ(h5::read_strings(f, "text"), text);
  EXPECT_TRUE(h5::read_strings(f, "no_text").empty());
  EXPECT_EQ(h5::read_string(f, "scalar_text"), "長い\nYAML");
  EXPECT_EQ(h5::read_scalar<double>(f, "pi"), 3.141592653589793);
  EXPECT_EQ(h5::read_string_attribute(f, "a_text"), "萩");
  EXPECT_EQ(h5::read_attribute<std::int32_t>(f, "a_i32"), -5);
  EXPECT_EQ(h5::read_attribute<std::int64_t>(f, "a_i64"), -5'000'000'000);
  EXPECT_EQ(h5::read_attribute<std::uint64_t>(f, "a_u64"),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(h5::read_attribute<double>(f, "a_f64"), 0.1);
  EXPECT_TRUE(h5::has_attribute(f, "a_f64"));
  EXPECT_FALSE(h5::has_attribute(f, "a_f32"));
  EXPECT_TRUE(h5::exists(f, "order/ç"));
  EXPECT_FALSE(h5::exists(f, "missing/ç"));
  const h5::Group order = h5::open_group(f, "order");
  EXPECT_EQ(h5::member_names(order.id()), (std::vector<std::string>{"b", "a", "ç", "c"}));
}

TEST(ChunkShape, KeepsRunsApartAndTrailingDimensionsWholeWithinOneMebibyte) {
  using Shape = std::vector<hsize_t>;
  EXPECT_EQ(h5::chunk_shape(Shape{2, 3, 12, 5}, 8, 2), (Shape{1, 1, 12, 5}));
  EXPECT_EQ(h5::chunk_shape(Shape{2, 3, 12, 5}, 8), (Shape{2, 3, 12, 5}));
  // 120 monthly samples of 5,000 regions would be 4.8 MB: split along time.
  EXPECT_EQ(h5::chunk_shape(Shape{2, 8, 120, 5000}, 8, 2), (Shape{1, 1, 26, 5000}));
  EXPECT_EQ(h5::chunk_shape(Shape{1, 1, 3, 200000}, 8, 2), (Shape{1, 1, 1, 131072}));
  EXPECT_EQ(h5::chunk_shape(Shape{4, 4}, 8, 5), (Shape{1, 4}));
  EXPECT_TRUE(h5::chunk_shape(Shape{2, 0, 3, 3}, 8, 2).empty());
  EXPECT_TRUE(h5::chunk_shape(Shape{}, 8).empty());
}
