// libFuzzer target over the scenario loader and the --set parser (`make fuzz`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kyosei::fuzz::check_scenario_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
