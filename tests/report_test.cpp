// The planner's HTML report: written by `kyosei report`, self-contained, and rendered by
// headless Chromium (Debian's chromium, installed by `make deps`).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(Report, IsSelfContainedAndRendersInHeadlessChromium) {
  const fs::path dir = fs::temp_directory_path() / ("kyosei-report-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string kyosei = KYOSEI_BINARY;
  ASSERT_EQ(shell("'" + kyosei + "' run -q --replicates 2 --set years=2 -o '" +
                  (dir / "run.h5").string() + "' >/dev/null"),
            0);
  ASSERT_EQ(shell("'" + kyosei + "' report '" + (dir / "run.h5").string() + "' -o '" +
                  (dir / "report.html").string() + "' >/dev/null 2>&1"),
            0);
  const std::string html = slurp(dir / "report.html");
  EXPECT_GT(html.size(), 20000u);
  EXPECT_NE(html.find("<img alt=\"chart\" src=\"data:image/png;base64,"), std::string::npos);
  EXPECT_NE(html.find("Budget by program and payer"), std::string::npos);
  EXPECT_NE(html.find("new_functions"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "the report must not fetch anything";
  EXPECT_EQ(html.find("https://"), std::string::npos);

  // Rendered offline by Chromium into a screenshot of real size.
  const fs::path png = dir / "report.png";
  ASSERT_EQ(
      shell("timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic "
            "--no-first-run "
            "--disable-background-networking --disable-component-update --disable-sync "
            "--user-data-dir='" +
            (dir / "profile").string() + "' --window-size=1280,2000 --screenshot='" + png.string() +
            "' 'file://" + (dir / "report.html").string() + "' >/dev/null 2>&1"),
      0);
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 50000u);  // charts and tables, not a blank page
  fs::remove_all(dir);
}

TEST(OutputGuide, PythonExampleRunsOnAFreshResult) {
  const fs::path dir = fs::temp_directory_path() / ("kyosei-output-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string kyosei = KYOSEI_BINARY;
  ASSERT_EQ(shell("'" + kyosei + "' run -q --replicates 2 --set years=1 -o '" +
                  (dir / "run.h5").string() + "' >/dev/null"),
            0);
  EXPECT_EQ(shell("/usr/bin/python3 '" KYOSEI_SOURCE_DIR "/docs/examples/read_output.py' '" +
                  (dir / "run.h5").string() + "' > '" + (dir / "out.txt").string() + "' 2>&1"),
            0)
      << slurp(dir / "out.txt");
  EXPECT_NE(slurp(dir / "out.txt").find("hidden_households"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ParameterReference, IsWhatHagiYamlGivesAndEveryParameterIsALoaderKey) {
  const std::string source = KYOSEI_SOURCE_DIR;
  const std::string kyosei = KYOSEI_BINARY;
  const fs::path keys =
      fs::temp_directory_path() / ("kyosei-keys-" + std::to_string(getpid()) + ".txt");
  ASSERT_EQ(shell("'" + kyosei + "' validate --keys '" + source + "/scenarios/hagi.yaml' > '" +
                  keys.string() + "'"),
            0);
  EXPECT_EQ(shell("cd '" + source +
                  "' && PYTHONPATH=analysis /usr/bin/python3 -m kyosei_analysis.parameters "
                  "scenarios/hagi.yaml --check docs/parameters.md '" +
                  keys.string() + "'"),
            0)
      << "regenerate docs/parameters.md: PYTHONPATH=analysis /usr/bin/python3 -m "
         "kyosei_analysis.parameters "
         "scenarios/hagi.yaml > docs/parameters.md";
  fs::remove(keys);
}
