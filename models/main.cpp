// The kyosei command line: the engine's CLI driving the welfare model.
#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/cli.hpp"

int main(int argc, char** argv) {
  const kyosei::models::TownModelLoader loader;
  return kyosei::sim::run_cli(argc, argv, loader);
}
