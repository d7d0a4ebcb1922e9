#pragma once
// Room for vectors that grow by appending: the residents born and arriving, the households
// moving in and the arrays kept beside them. They grow by an eighth rather than doubling: a
// town's arrays are most of a simulation's memory and a year adds a few percent to them, so
// doubling would leave nearly half of them unused at the peak. Appends stay amortised O(1).

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kyosei::sim {

// Capacity for at least `n` elements, in steps of an eighth.
template <class T, class A>
void make_room(std::vector<T, A>& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, v.capacity() + v.capacity() / 8 + 16));
}

// resize(n, value) with make_room's growth.
template <class T, class A>
void grow_to(std::vector<T, A>& v, std::size_t n, const T& value = T()) {
  make_room(v, n);
  v.resize(n, value);
}

}  // namespace kyosei::sim
