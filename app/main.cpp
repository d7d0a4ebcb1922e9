// The kyosei executable: the application's command line driving the welfare model.
#include "cli.hpp"
#include "kyosei/models/town_loader.hpp"

int main(int argc, char** argv) {
  const kyosei::models::TownModelLoader loader;
  return kyosei::app::run_cli(argc, argv, loader);
}
