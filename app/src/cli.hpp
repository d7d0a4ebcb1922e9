#pragma once
// The `kyosei` command line: run, validate, info, compare, budget, evaluate, report (DESIGN.md
// §4). Exit codes: 0 success, 2 bad input (scenario, flags, files), 130 interrupted, 1
// anything else.

#include "kyosei/sim/model.hpp"

namespace kyosei::app {

int run_cli(int argc, char** argv, const sim::ModelLoader& loader);

}  // namespace kyosei::app
