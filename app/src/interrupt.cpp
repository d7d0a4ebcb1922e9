#include "interrupt.hpp"

namespace kyosei::app {

std::atomic<bool> stop_requested{false};

namespace {
extern "C" void on_stop_signal(int) {
  stop_requested.store(true);
}
}  // namespace

StopSignals::StopSignals() {
  stop_requested.store(false);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

}  // namespace kyosei::app
