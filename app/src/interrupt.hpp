#pragma once
// Ctrl-C and SIGTERM as a request to stop at the next step boundary: simulations poll
// `stop_requested`, and a command that was interrupted keeps what it finished (a run's
// checkpoint, a study's journal) before it exits with 130.

#include <signal.h>

#include <atomic>

namespace kyosei::app {

extern std::atomic<bool> stop_requested;

// Routes SIGINT and SIGTERM to stop_requested (cleared on construction), and restores the
// previous handlers when the command is over.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace kyosei::app
