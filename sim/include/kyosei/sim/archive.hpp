#pragma once
// Binary archives of a simulation's state, for checkpoints. Each type lists its state once,
// in a member `template <class A> void archive(A& a) { a(x, y, z); }`, and the same list both
// saves and loads (the pattern of cereal and Boost.Serialization). Values are the host's
// raw bytes: a checkpoint resumes on the same build, which its header checks. Loading
// checks every length against the bytes left, so a damaged file is an error, not a crash.

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <istream>
#include <ostream>
#include <queue>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kyosei/sim/errors.hpp"

namespace kyosei::sim {

class Saver;
class Loader;

template <class T, class A>
concept ArchivedByMember = requires(T& t, A& a) {
  t.archive(a);
};

template <class T>
struct is_vector : std::false_type {};
template <class T, class Alloc>
struct is_vector<std::vector<T, Alloc>> : std::true_type {};
template <class T>
struct is_deque : std::false_type {};
template <class T, class Alloc>
struct is_deque<std::deque<T, Alloc>> : std::true_type {};
template <class T>
struct is_array : std::false_type {};
template <class T, std::size_t N>
struct is_array<std::array<T, N>> : std::true_type {};

template <class T>
inline constexpr bool raw_bytes = std::is_trivially_copyable_v<T> && !ArchivedByMember<T, Saver>;
template <class T>
struct is_pair : std::false_type {};
template <class T, class U>
struct is_pair<std::pair<T, U>> : std::true_type {};

class Saver {
 public:
  static constexpr bool loading = false;
  explicit Saver(std::ostream& out) : out_(&out) {}

  template <class... T>
  void operator()(const T&... values) {
    (save(values), ...);
  }

  void bytes(const void* data, std::size_t n) {
    out_->write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  }

 private:
  template <class T>
  void save(const T& value) {
    if constexpr (ArchivedByMember<T, Saver>) {
      const_cast<T&>(value).archive(*this);  // archive() only reads when saving
    } else if constexpr (raw_bytes<T>) {
      bytes(&value, sizeof value);
    } else if constexpr (std::is_same_v<T, std::string> || is_vector<T>::value) {
      save(static_cast<std::uint64_t>(value.size()));
      if constexpr (raw_bytes<typename T::value_type>)
        bytes(value.data(), value.size() * sizeof(typename T::value_type));
      else
        for (const auto& item : value) save(item);
    } else if constexpr (is_deque<T>::value) {
      save(static_cast<std::uint64_t>(value.size()));
      for (const auto& item : value) save(item);
    } else if constexpr (is_array<T>::value) {
      for (const auto& item : value) save(item);
    } else if constexpr (is_pair<T>::value) {
      save(value.first);
      save(value.second);
    } else {
      static_assert(sizeof(T) == 0, "no way to archive this type: give it an archive() member");
    }
  }

  std::ostream* out_;
};

class Loader {
 public:
  static constexpr bool loading = true;
  // `size`: bytes the stream holds from here, to check lengths against; `name` for errors.
  Loader(std::istream& in, std::uint64_t size, std::string name)
      : in_(&in), left_(size), name_(std::move(name)) {}

  template <class... T>
  void operator()(T&... values) {
    (load(values), ...);
  }

  void bytes(void* data, std::size_t n) {
    if (n > left_ || !in_->read(static_cast<char*>(data), static_cast<std::streamsize>(n)))
      throw InputError(name_ + ": checkpoint is truncated or damaged");
    left_ -= n;
  }
  std::uint64_t left() const { return left_; }
  const std::string& name() const { return name_; }

 private:
  // A length read from the file, refused if its items could not fit in what is left.
  std::size_t length(std::size_t item_bytes) {
    std::uint64_t n = 0;
    bytes(&n, sizeof n);
    if (item_bytes > 0 && n > left_ / item_bytes)
      throw InputError(name_ + ": checkpoint is truncated or damaged");
    return static_cast<std::size_t>(n);
  }

  template <class T>
  void load(T& value) {
    if constexpr (ArchivedByMember<T, Loader>) {
      value.archive(*this);
    } else if constexpr (raw_bytes<T>) {
      bytes(&value, sizeof value);
    } else if constexpr (std::is_same_v<T, std::string> || is_vector<T>::value) {
      using Item = typename T::value_type;
      if constexpr (raw_bytes<Item>) {
        value.resize(length(sizeof(Item)));
        bytes(value.data(), value.size() * sizeof(Item));
      } else {
        value.resize(length(1));
        for (auto& item : value) load(item);
      }
    } else if constexpr (is_deque<T>::value) {
      value.resize(length(1));
      for (auto& item : value) load(item);
    } else if constexpr (is_array<T>::value) {
      for (auto& item : value) load(item);
    } else if constexpr (is_pair<T>::value) {
      load(value.first);
      load(value.second);
    } else {
      static_assert(sizeof(T) == 0, "no way to archive this type: give it an archive() member");
    }
  }

  std::istream* in_;
  std::uint64_t left_;
  std::string name_;
};

// A priority queue as the sequence it pops. Equal elements must not exist (give them a
// tie-breaker), so pushing the sequence back pops it again in the same order.
template <class A, class T, class Container, class Compare>
void archive_queue(A& a, std::priority_queue<T, Container, Compare>& queue) {
  std::vector<T> items;
  if constexpr (!A::loading)
    for (auto copy = queue; !copy.empty(); copy.pop()) items.push_back(copy.top());
  a(items);
  if constexpr (A::loading) {
    queue = {};
    for (const T& item : items) queue.push(item);
  }
}

}  // namespace kyosei::sim
