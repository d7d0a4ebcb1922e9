#pragma once
// Notes: things a user should know about how their input was read (a default filled in, a
// blank value replaced) that are not errors. Each distinct note is printed once on stderr as
// `kyosei: note: …`; under MPI only the root prints them, since every rank reads the same input.

#include <string>

namespace kyosei::sim {

void note(const std::string& text);
void mute_notes(bool muted);  // for ranks other than the root

}  // namespace kyosei::sim
