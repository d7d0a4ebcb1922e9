#include "kyosei/sim/notes.hpp"

#include <iostream>
#include <mutex>
#include <set>

namespace kyosei::sim {

namespace {
std::mutex lock;
std::set<std::string> said;  // every arm reads the same input: say each thing once
bool muted = false;
}  // namespace

void note(const std::string& text) {
  const std::scoped_lock guard(lock);
  if (!muted && said.insert(text).second) std::cerr << "kyosei: note: " << text << "\n";
}

void mute_notes(bool on) {
  const std::scoped_lock guard(lock);
  muted = on;
}

}  // namespace kyosei::sim
