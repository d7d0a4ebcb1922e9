#pragma once
// The kyosei binary run as a process, in a directory of its own per test: what cli_test.cpp
// and sensitivity_test.cpp share.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kyosei::testing {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kyosei-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome kyosei(const std::string& args) {
    const std::string cmd = std::string("cd '") + dir_.string() + "' && '" + KYOSEI_BINARY + "' " +
                            args + " >out.txt 2>err.txt";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir_ / "out.txt"),
            slurp(dir_ / "err.txt")};
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  bool exists(const std::string& name) const { return fs::exists(dir_ / name); }
  // Any file whose name starts with `stem` (a temporary left behind counts).
  bool any_file_like(const std::string& stem) const {
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.path().filename().string().find(stem) != std::string::npos) return true;
    return false;
  }
  std::string default_yaml() const {
    return slurp(fs::path(KYOSEI_SOURCE_DIR) / "scenarios/default.yaml");
  }

  // Bad input: exit 2, `kyosei: error:` with the expected text, and no output file.
  void expect_bad_input(const std::string& args, const std::string& expected) {
    const Outcome o = kyosei(args + " -o bad.h5");
    EXPECT_EQ(o.code, 2) << args << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("kyosei: error: ", 0), 0u) << o.err;
    EXPECT_NE(o.err.find(expected), std::string::npos)
        << "expected '" << expected << "' in: " << o.err;
    EXPECT_FALSE(any_file_like("bad.h5")) << args;
  }

  fs::path dir_;
};

}  // namespace kyosei::testing
