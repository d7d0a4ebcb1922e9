#pragma once
// Thin RAII layer over the HDF5 C API, in the manner of HighFive: each raw call is made in exactly
// one place in h5.cpp, its return code checked and turned into H5Error carrying the top of HDF5's
// error stack. HDF5 (serial build) is not thread-safe: call all of this from one thread.

#include <hdf5.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kyosei/io/hdf5.hpp"

namespace kyosei::io::h5 {

// Turns off HDF5's printing of its error stack to stderr; failures reach the caller as H5Error
// instead. Idempotent; every function that opens or creates a file calls it first.
void init();

// Throws H5Error for `call` on `object`, with the current HDF5 error stack's messages, then clears
// the stack.
[[noreturn]] void fail(const char* call, const std::string& object);

struct FileCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Fclose";
};
struct GroupCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Gclose";
};
struct DatasetCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Dclose";
};
struct DataspaceCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Sclose";
};
struct DatatypeCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Tclose";
};
struct AttributeCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Aclose";
};
struct PropListCloser {
  static herr_t close(hid_t id);
  static constexpr const char* call = "H5Pclose";
};

// Owns one HDF5 identifier. The destructor closes it and ignores failure (it may run during
// unwinding); call close() where a failure matters, as for a file about to be renamed into place.
template <class Closer>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void close(const std::string& object = {}) {
    if (id_ < 0) return;
    if (Closer::close(std::exchange(id_, H5I_INVALID_HID)) < 0) fail(Closer::call, object);
  }

 private:
  void reset() noexcept {
    if (id_ >= 0) Closer::close(std::exchange(id_, H5I_INVALID_HID));
  }
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<FileCloser>;
using Group = Handle<GroupCloser>;
using Dataset = Handle<DatasetCloser>;
using Dataspace = Handle<DataspaceCloser>;
using Datatype = Handle<DatatypeCloser>;
using Attribute = Handle<AttributeCloser>;
using PropList = Handle<PropListCloser>;

// Element types the numeric helpers store; in the file each is little-endian (I32LE, F64LE, ...).
template <class T>
concept Numeric = std::same_as<T, std::int32_t> || std::same_as<T, std::int64_t> ||
    std::same_as<T, std::uint64_t> || std::same_as<T, double>;

enum class Scalar { int32, int64, uint64, float64 };

template <Numeric T>
constexpr Scalar scalar_of() {
  if constexpr (std::same_as<T, std::int32_t>) return Scalar::int32;
  if constexpr (std::same_as<T, std::int64_t>) return Scalar::int64;
  if constexpr (std::same_as<T, std::uint64_t>) return Scalar::uint64;
  return Scalar::float64;
}

// Files. create_file truncates, and refuses to close while objects in it are still open, so that
// a successful close() means everything reached the file.
File create_file(const std::filesystem::path& path);
File open_file(const std::filesystem::path& path);  // read-only
bool is_hdf5(const std::filesystem::path& path);

// Groups and links. Groups made here remember link creation order, and member_names() returns it
// (falling back to name order for groups from other writers).
Group create_group(hid_t parent, const std::string& name);
Group open_group(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& path);  // every component of a relative path
std::vector<std::string> member_names(hid_t group);
bool is_group(hid_t parent, const std::string& name);
std::vector<std::string> attribute_names(hid_t object);  // in name order

Dataset open_dataset(hid_t parent, const std::string& name);
std::vector<hsize_t> shape_of(const Dataset& dataset);

// Raw storage, used by the typed helpers below. An empty shape means a scalar dataset.
Dataset write_raw(hid_t parent, const std::string& name, Scalar type,
                  std::span<const hsize_t> shape, const void* data);
// Reads every element into `out`, which must hold `count` elements of `type`; throws H5Error when
// the dataset holds a different number.
void read_raw(const Dataset& dataset, Scalar type, std::size_t count, void* out);

template <Numeric T>
Dataset write_scalar(hid_t parent, const std::string& name, T value) {
  return write_raw(parent, name, scalar_of<T>(), {}, &value);
}
template <Numeric T>
T read_scalar(hid_t parent, const std::string& name) {
  T value{};
  read_raw(open_dataset(parent, name), scalar_of<T>(), 1, &value);
  return value;
}
template <Numeric T>
Dataset write_vector(hid_t parent, const std::string& name, std::span<const T> values) {
  const hsize_t length = values.size();
  return write_raw(parent, name, scalar_of<T>(), std::span(&length, 1), values.data());
}
template <Numeric T>
std::vector<T> read_vector(hid_t parent, const std::string& name) {
  Dataset dataset = open_dataset(parent, name);
  const auto shape = shape_of(dataset);
  if (shape.size() != 1)
    throw H5Error(name + ": rank is " + std::to_string(shape.size()) + ", not 1");
  std::vector<T> values(shape[0]);
  read_raw(dataset, scalar_of<T>(), values.size(), values.data());
  return values;
}

// Strings are stored variable-length, UTF-8; readers also accept fixed-length strings.
Dataset write_string(hid_t parent, const std::string& name, const std::string& value);
std::string read_string(hid_t parent, const std::string& name);
Dataset write_strings(hid_t parent, const std::string& name,
                      const std::vector<std::string>& values);
std::vector<std::string> read_strings(hid_t parent, const std::string& name);

// Chunk for an N-D dataset: the first `leading_ones` dimensions 1 (so a chunk never mixes, say,
// runs), then trailing dimensions whole, filled from the last one while the chunk stays within
// `max_bytes`, so that it fits HDF5's default 1 MiB per-dataset chunk cache. The last dimension is
// always chunked along. Empty when chunking is impossible (scalar or a zero-length dimension).
std::vector<hsize_t> chunk_shape(std::span<const hsize_t> shape, std::size_t element_bytes,
                                 std::size_t leading_ones = 0,
                                 std::size_t max_bytes = std::size_t{1} << 20);

// Float64 N-D dataset from row-major `values`, chunked by chunk_shape() and compressed with
// shuffle + deflate level 4 when those filters are available.
Dataset write_array(hid_t parent, const std::string& name, std::span<const hsize_t> shape,
                    std::span<const double> values, std::size_t leading_ones = 0);
std::vector<double> read_array(const Dataset& dataset);

// write_array(), then for each dimension k attaches the dimension scale at `scales[k]` (a path in
// the same file, e.g. "/arm") and labels the dimension with the scale's last path component.
// Throws std::invalid_argument when a scale's length differs from shape[k] (a bug, not an I/O
// failure), as write_array does for a size mismatch.
Dataset write_scaled(hid_t parent, const std::string& name, std::span<const hsize_t> shape,
                     std::span<const double> values, std::span<const std::string> scales,
                     std::size_t leading_ones = 0);

// How a dataset is laid out on disk, for tests and `kyosei info`.
struct Storage {
  std::vector<hsize_t> chunk;         // empty when contiguous
  std::vector<H5Z_filter_t> filters;  // in pipeline order, e.g. shuffle then deflate
};
Storage storage_of(const Dataset& dataset);

// Scalar attributes on any object (file, group, dataset). Strings variable-length UTF-8.
bool has_attribute(hid_t object, const std::string& name);
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute_raw(hid_t object, const std::string& name, Scalar type, const void* value);
void read_attribute_raw(hid_t object, const std::string& name, Scalar type, void* value);
std::string read_string_attribute(hid_t object, const std::string& name);

template <Numeric T>
void write_attribute(hid_t object, const std::string& name, T value) {
  write_attribute_raw(object, name, scalar_of<T>(), &value);
}
template <Numeric T>
T read_attribute(hid_t object, const std::string& name) {
  T value{};
  read_attribute_raw(object, name, scalar_of<T>(), &value);
  return value;
}

// Dimension scales (H5DS, the high-level library).
void make_scale(const Dataset& dataset, const std::string& dimension_name);
bool is_scale(const Dataset& dataset);
void attach_scale(const Dataset& data, const Dataset& scale, unsigned dimension);
void set_label(const Dataset& data, unsigned dimension, const std::string& label);
std::string label(const Dataset& data, unsigned dimension);

}  // namespace kyosei::io::h5
