#include "h5.hpp"

#include <H5DSpublic.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace kyosei::io::h5 {
namespace {

herr_t collect_message(unsigned, const H5E_error2_t* error, void* messages) {
  if (error != nullptr && error->desc != nullptr && error->desc[0] != '\0')
    static_cast<std::vector<std::string>*>(messages)->emplace_back(error->desc);
  return 0;
}

// Every HDF5 API call clears the error stack on entry, so it must be read before anything else
// is called, including the H5Iget_name that names the object.
std::vector<std::string> take_error_stack() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_message, &messages);
  H5Eclear2(H5E_DEFAULT);
  return messages;
}

[[noreturn]] void throw_error(const char* call, const std::string& object,
                              const std::vector<std::string>& messages) {
  std::string text = std::string(call) + (object.empty() ? "" : "('" + object + "')") + " failed";
  // The outermost message says what the API call was doing, the innermost why it failed.
  if (!messages.empty()) text += ": " + messages.front();
  if (messages.size() > 1 && messages.back() != messages.front()) text += ": " + messages.back();
  throw H5Error(text);
}

ssize_t name_of(hid_t id, char* buffer, std::size_t size) {
  return H5Iget_name(id, buffer, size);
}

// The object's path in its file, or "?" when HDF5 cannot say (e.g. an anonymous object).
std::string path_of(hid_t id) {
  const ssize_t length = name_of(id, nullptr, 0);
  if (length <= 0) return "?";
  std::string name(static_cast<std::size_t>(length), '\0');
  if (name_of(id, name.data(), name.size() + 1) < 0) return "?";
  return name;
}

// `name` is a link under `parent`, an absolute path, or a suffix naming part of `parent` itself:
// "@attribute" or "[dimension]".
std::string join(hid_t parent, const std::string& name) {
  if (!name.empty() && name.front() == '/') return name;
  const std::string base = path_of(parent);
  if (name.empty() || name.front() == '@' || name.front() == '[') return base + name;
  return base.ends_with('/') ? base + name : base + "/" + name;
}

// Failure of a call on `name` under `parent` (or on `parent` itself when `name` is empty).
[[noreturn]] void fail_at(const char* call, hid_t parent, const std::string& name) {
  const auto messages = take_error_stack();
  throw_error(call, join(parent, name), messages);
}

hid_t check_id(hid_t id, const char* call, hid_t parent, const std::string& name) {
  if (id < 0) fail_at(call, parent, name);
  return id;
}
void check(herr_t status, const char* call, hid_t parent, const std::string& name) {
  if (status < 0) fail_at(call, parent, name);
}
bool check_tri(htri_t value, const char* call, hid_t parent, const std::string& name) {
  if (value < 0) fail_at(call, parent, name);
  return value > 0;
}
// For calls with no object in a file yet (property lists, types, spaces, file names).
hid_t check_id(hid_t id, const char* call, const std::string& object) {
  if (id < 0) fail(call, object);
  return id;
}
void check(herr_t status, const char* call, const std::string& object) {
  if (status < 0) fail(call, object);
}
bool check_tri(htri_t value, const char* call, const std::string& object) {
  if (value < 0) fail(call, object);
  return value > 0;
}

hid_t memory_type(Scalar type) {
  switch (type) {
    case Scalar::int32:
      return H5T_NATIVE_INT32;
    case Scalar::int64:
      return H5T_NATIVE_INT64;
    case Scalar::uint64:
      return H5T_NATIVE_UINT64;
    case Scalar::float64:
      break;
  }
  return H5T_NATIVE_DOUBLE;
}

// Fixed little-endian types in the file, whatever the writing machine.
hid_t file_type(Scalar type) {
  switch (type) {
    case Scalar::int32:
      return H5T_STD_I32LE;
    case Scalar::int64:
      return H5T_STD_I64LE;
    case Scalar::uint64:
      return H5T_STD_U64LE;
    case Scalar::float64:
      break;
  }
  return H5T_IEEE_F64LE;
}

PropList make_plist(hid_t property_class, const char* what) {
  init();
  return PropList(check_id(H5Pcreate(property_class), "H5Pcreate", what));
}

Datatype string_type(bool variable, std::size_t size, H5T_cset_t cset) {
  init();
  Datatype type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy", "string type"));
  check(H5Tset_size(type.id(), variable ? H5T_VARIABLE : size), "H5Tset_size", "string type");
  check(H5Tset_cset(type.id(), cset), "H5Tset_cset", "string type");
  return type;
}

Dataspace make_space(std::span<const hsize_t> shape) {
  init();
  if (shape.empty()) return Dataspace(check_id(H5Screate(H5S_SCALAR), "H5Screate", "scalar"));
  return Dataspace(check_id(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                            "H5Screate_simple", std::to_string(shape.size()) + "-D space"));
}

std::vector<hsize_t> extent(const Dataspace& space) {
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) fail("H5Sget_simple_extent_ndims", "dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr) < 0)
    fail("H5Sget_simple_extent_dims", "dataspace");
  return dims;
}

std::size_t element_count(std::span<const hsize_t> shape) {
  std::size_t count = 1;
  for (const hsize_t n : shape) count *= n;
  return count;
}

// Names are stored as bytes either way; flagging them UTF-8 lets readers such as h5py decode
// names like "萩市" instead of guessing.
PropList utf8_names(hid_t property_class, const char* what) {
  PropList list = make_plist(property_class, what);
  check(H5Pset_char_encoding(list.id(), H5T_CSET_UTF8), "H5Pset_char_encoding", what);
  return list;
}

Dataset create_dataset(hid_t parent, const std::string& name, hid_t type, const Dataspace& space,
                       hid_t dcpl) {
  const PropList link = utf8_names(H5P_LINK_CREATE, "link creation");
  return Dataset(
      check_id(H5Dcreate2(parent, name.c_str(), type, space.id(), link.id(), dcpl, H5P_DEFAULT),
               "H5Dcreate2", parent, name));
}

void write_all(const Dataset& dataset, hid_t memory, const void* data) {
  check(H5Dwrite(dataset.id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite",
        dataset.id(), "");
}

// Datasets and attributes are read the same way; only the calls differ.
struct Source {
  hid_t id;
  bool attribute;
};

Datatype type_of(Source source) {
  if (source.attribute)
    return Datatype(check_id(H5Aget_type(source.id), "H5Aget_type", source.id, ""));
  return Datatype(check_id(H5Dget_type(source.id), "H5Dget_type", source.id, ""));
}

Dataspace space_of(Source source) {
  if (source.attribute)
    return Dataspace(check_id(H5Aget_space(source.id), "H5Aget_space", source.id, ""));
  return Dataspace(check_id(H5Dget_space(source.id), "H5Dget_space", source.id, ""));
}

void read_into(Source source, hid_t memory, void* out) {
  if (source.attribute) {
    check(H5Aread(source.id, memory, out), "H5Aread", source.id, "");
  } else {
    check(H5Dread(source.id, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "H5Dread", source.id, "");
  }
}

void read_numbers(Source source, Scalar type, std::size_t count, void* out) {
  const std::size_t stored = element_count(extent(space_of(source)));
  if (stored != count)
    throw H5Error(path_of(source.id) + ": holds " + std::to_string(stored) + " values, expected " +
                  std::to_string(count));
  if (count > 0) read_into(source, memory_type(type), out);
}

void reclaim(const Datatype& type, const Dataspace& space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(type.id(), space.id(), H5P_DEFAULT, buffer);
#else
  H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, buffer);
#endif
}

std::vector<std::string> read_all_strings(Source source) {
  const Datatype stored = type_of(source);
  const H5T_class_t type_class = H5Tget_class(stored.id());
  if (type_class < 0) fail_at("H5Tget_class", source.id, "");
  if (type_class != H5T_STRING) throw H5Error(path_of(source.id) + ": does not hold strings");
  const H5T_cset_t cset = H5Tget_cset(stored.id());
  if (cset < 0) fail_at("H5Tget_cset", source.id, "");
  const Dataspace space = space_of(source);
  const std::size_t count = element_count(extent(space));
  std::vector<std::string> values;
  values.reserve(count);
  if (check_tri(H5Tis_variable_str(stored.id()), "H5Tis_variable_str", source.id, "")) {
    const Datatype memory = string_type(true, 0, cset);
    std::vector<char*> pointers(count, nullptr);
    if (count > 0) read_into(source, memory.id(), pointers.data());
    for (const char* p : pointers) values.emplace_back(p != nullptr ? p : "");
    if (count > 0) reclaim(memory, space, pointers.data());
  } else {
    const std::size_t size = H5Tget_size(stored.id());
    if (size == 0) fail_at("H5Tget_size", source.id, "");
    // One byte more than stored, so the conversion can terminate a null- or space-padded string.
    const Datatype memory = string_type(false, size + 1, cset);
    std::vector<char> buffer(count * (size + 1), '\0');
    if (count > 0) read_into(source, memory.id(), buffer.data());
    for (std::size_t i = 0; i < count; ++i) {
      const char* p = buffer.data() + i * (size + 1);
      values.emplace_back(p, strnlen(p, size));
    }
  }
  return values;
}

Attribute create_attribute(hid_t object, const std::string& name, hid_t type) {
  const Dataspace space = make_space({});
  const PropList create = utf8_names(H5P_ATTRIBUTE_CREATE, "attribute creation");
  return Attribute(
      check_id(H5Acreate2(object, name.c_str(), type, space.id(), create.id(), H5P_DEFAULT),
               "H5Acreate2", object, "@" + name));
}

void write_attribute_value(const Attribute& attribute, hid_t memory, const void* value) {
  check(H5Awrite(attribute.id(), memory, value), "H5Awrite", attribute.id(), "");
}

Attribute open_attribute(hid_t object, const std::string& name) {
  return Attribute(
      check_id(H5Aopen(object, name.c_str(), H5P_DEFAULT), "H5Aopen", object, "@" + name));
}

bool filter_usable(H5Z_filter_t filter) {
  if (!check_tri(H5Zfilter_avail(filter), "H5Zfilter_avail", "filter " + std::to_string(filter)))
    return false;
  unsigned flags = 0;
  check(H5Zget_filter_info(filter, &flags), "H5Zget_filter_info",
        "filter " + std::to_string(filter));
  return (flags & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

}  // namespace

void init() {
  static const bool initialised = [] {
    if (H5open() < 0) throw H5Error("H5open() failed");
    if (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) < 0) throw H5Error("H5Eset_auto2() failed");
    return true;
  }();
  static_cast<void>(initialised);
}

void fail(const char* call, const std::string& object) {
  const auto messages = take_error_stack();
  throw_error(call, object, messages);
}

herr_t FileCloser::close(hid_t id) {
  return H5Fclose(id);
}
herr_t GroupCloser::close(hid_t id) {
  return H5Gclose(id);
}
herr_t DatasetCloser::close(hid_t id) {
  return H5Dclose(id);
}
herr_t DataspaceCloser::close(hid_t id) {
  return H5Sclose(id);
}
herr_t DatatypeCloser::close(hid_t id) {
  return H5Tclose(id);
}
herr_t AttributeCloser::close(hid_t id) {
  return H5Aclose(id);
}
herr_t PropListCloser::close(hid_t id) {
  return H5Pclose(id);
}

File create_file(const std::filesystem::path& path) {
  init();
  const PropList access = make_plist(H5P_FILE_ACCESS, "file access");
  check(H5Pset_fclose_degree(access.id(), H5F_CLOSE_SEMI), "H5Pset_fclose_degree", path.string());
  return File(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()),
                       "H5Fcreate", path.string()));
}

File open_file(const std::filesystem::path& path) {
  init();
  return File(
      check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", path.string()));
}

bool is_hdf5(const std::filesystem::path& path) {
  init();
#if H5_VERSION_GE(1, 12, 0)
  const htri_t result = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t result = H5Fis_hdf5(path.c_str());
#endif
  if (result < 0) fail("H5Fis_hdf5", path.string());
  return result > 0;
}

Group create_group(hid_t parent, const std::string& name) {
  const PropList create = make_plist(H5P_GROUP_CREATE, "group creation");
  check(H5Pset_link_creation_order(create.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order", parent, name);
  const PropList link = utf8_names(H5P_LINK_CREATE, "link creation");
  return Group(check_id(H5Gcreate2(parent, name.c_str(), link.id(), create.id(), H5P_DEFAULT),
                        "H5Gcreate2", parent, name));
}

Group open_group(hid_t parent, const std::string& name) {
  return Group(check_id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "H5Gopen2", parent, name));
}

bool is_group(hid_t parent, const std::string& name) {
  H5O_info_t info{};
  check(H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
        "H5Oget_info_by_name2", parent, name);
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::string> attribute_names(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names), "H5Aiterate2",
        object, "");
  return names;
}

bool exists(hid_t parent, const std::string& path) {
  // H5Lexists fails rather than answering false when an intermediate group is missing.
  for (std::size_t end = 0; end != std::string::npos;) {
    end = path.find('/', end + 1);
    const std::string prefix = path.substr(0, end);
    if (prefix.empty() || prefix == "/") continue;
    if (!check_tri(H5Lexists(parent, prefix.c_str(), H5P_DEFAULT), "H5Lexists", parent, prefix))
      return false;
  }
  return true;
}

std::vector<std::string> member_names(hid_t group) {
  H5G_info_t info{};
  check(H5Gget_info(group, &info), "H5Gget_info", group, "");
  const PropList create(check_id(H5Gget_create_plist(group), "H5Gget_create_plist", group, ""));
  unsigned order = 0;
  check(H5Pget_link_creation_order(create.id(), &order), "H5Pget_link_creation_order", group, "");
  const H5_index_t index =
      (order & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  const auto name_at = [&](hsize_t i, char* buffer, std::size_t size) {
    const ssize_t length =
        H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, buffer, size, H5P_DEFAULT);
    if (length < 0) fail_at("H5Lget_name_by_idx", group, "#" + std::to_string(i));
    return static_cast<std::size_t>(length);
  };
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    std::string name(name_at(i, nullptr, 0), '\0');
    name_at(i, name.data(), name.size() + 1);
    names.push_back(std::move(name));
  }
  return names;
}

Dataset open_dataset(hid_t parent, const std::string& name) {
  return Dataset(check_id(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "H5Dopen2", parent, name));
}

std::vector<hsize_t> shape_of(const Dataset& dataset) {
  return extent(space_of({dataset.id(), false}));
}

Dataset write_raw(hid_t parent, const std::string& name, Scalar type,
                  std::span<const hsize_t> shape, const void* data) {
  Dataset dataset = create_dataset(parent, name, file_type(type), make_space(shape), H5P_DEFAULT);
  if (element_count(shape) > 0) write_all(dataset, memory_type(type), data);
  return dataset;
}

void read_raw(const Dataset& dataset, Scalar type, std::size_t count, void* out) {
  read_numbers({dataset.id(), false}, type, count, out);
}

Dataset write_string(hid_t parent, const std::string& name, const std::string& value) {
  const Datatype type = string_type(true, 0, H5T_CSET_UTF8);
  Dataset dataset = create_dataset(parent, name, type.id(), make_space({}), H5P_DEFAULT);
  const char* pointer = value.c_str();
  write_all(dataset, type.id(), &pointer);
  return dataset;
}

std::string read_string(hid_t parent, const std::string& name) {
  const Dataset dataset = open_dataset(parent, name);
  auto values = read_all_strings({dataset.id(), false});
  if (values.size() != 1) throw H5Error(join(parent, name) + ": expected a single string");
  return std::move(values.front());
}

Dataset write_strings(hid_t parent, const std::string& name,
                      const std::vector<std::string>& values) {
  const Datatype type = string_type(true, 0, H5T_CSET_UTF8);
  const hsize_t length = values.size();
  Dataset dataset =
      create_dataset(parent, name, type.id(), make_space(std::span(&length, 1)), H5P_DEFAULT);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  if (!pointers.empty()) write_all(dataset, type.id(), pointers.data());
  return dataset;
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name) {
  const Dataset dataset = open_dataset(parent, name);
  if (shape_of(dataset).size() != 1) throw H5Error(join(parent, name) + ": rank is not 1");
  return read_all_strings({dataset.id(), false});
}

std::vector<hsize_t> chunk_shape(std::span<const hsize_t> shape, std::size_t element_bytes,
                                 std::size_t leading_ones, std::size_t max_bytes) {
  if (shape.empty() || std::ranges::find(shape, hsize_t{0}) != shape.end()) return {};
  std::vector<hsize_t> chunk(shape.size(), 1);
  hsize_t budget = std::max<hsize_t>(1, max_bytes / std::max<std::size_t>(1, element_bytes));
  for (std::size_t k = shape.size(); k-- > std::min(leading_ones, shape.size() - 1);) {
    chunk[k] = std::min(shape[k], budget);
    budget /= chunk[k];
  }
  return chunk;
}

Dataset write_array(hid_t parent, const std::string& name, std::span<const hsize_t> shape,
                    std::span<const double> values, std::size_t leading_ones) {
  if (values.size() != element_count(shape))
    throw std::invalid_argument(join(parent, name) + ": " + std::to_string(values.size()) +
                                " values for a shape of " + std::to_string(element_count(shape)));
  const PropList create = make_plist(H5P_DATASET_CREATE, "dataset creation");
  const auto chunk = chunk_shape(shape, sizeof(double), leading_ones);
  if (!chunk.empty()) {
    check(H5Pset_chunk(create.id(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk",
          parent, name);
    // Shuffle groups the bytes of the doubles by significance, which deflate then compresses
    // far better than raw IEEE words.
    if (filter_usable(H5Z_FILTER_SHUFFLE))
      check(H5Pset_shuffle(create.id()), "H5Pset_shuffle", parent, name);
    if (filter_usable(H5Z_FILTER_DEFLATE))
      check(H5Pset_deflate(create.id(), 4), "H5Pset_deflate", parent, name);
  }
  Dataset dataset =
      create_dataset(parent, name, file_type(Scalar::float64), make_space(shape), create.id());
  if (!values.empty()) write_all(dataset, memory_type(Scalar::float64), values.data());
  return dataset;
}

Storage storage_of(const Dataset& dataset) {
  const PropList create(
      check_id(H5Dget_create_plist(dataset.id()), "H5Dget_create_plist", dataset.id(), ""));
  Storage storage;
  const H5D_layout_t layout = H5Pget_layout(create.id());
  if (layout < 0) fail_at("H5Pget_layout", dataset.id(), "");
  if (layout == H5D_CHUNKED) {
    storage.chunk.resize(shape_of(dataset).size());
    if (H5Pget_chunk(create.id(), static_cast<int>(storage.chunk.size()), storage.chunk.data()) < 0)
      fail_at("H5Pget_chunk", dataset.id(), "");
  }
  const int filters = H5Pget_nfilters(create.id());
  if (filters < 0) fail_at("H5Pget_nfilters", dataset.id(), "");
  for (unsigned i = 0; i < static_cast<unsigned>(filters); ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    const H5Z_filter_t filter =
        H5Pget_filter2(create.id(), i, &flags, &count, nullptr, 0, nullptr, nullptr);
    if (filter < 0) fail_at("H5Pget_filter2", dataset.id(), "");
    storage.filters.push_back(filter);
  }
  return storage;
}

std::vector<double> read_array(const Dataset& dataset) {
  std::vector<double> values(element_count(shape_of(dataset)));
  read_raw(dataset, Scalar::float64, values.size(), values.data());
  return values;
}

Dataset write_scaled(hid_t parent, const std::string& name, std::span<const hsize_t> shape,
                     std::span<const double> values, std::span<const std::string> scales,
                     std::size_t leading_ones) {
  if (scales.size() != shape.size())
    throw std::invalid_argument(join(parent, name) + ": " + std::to_string(scales.size()) +
                                " scales for " + std::to_string(shape.size()) + " dimensions");
  Dataset data = write_array(parent, name, shape, values, leading_ones);
  for (unsigned k = 0; k < scales.size(); ++k) {
    const Dataset scale = open_dataset(parent, scales[k]);
    const auto length = shape_of(scale);
    if (length.size() != 1 || length[0] != shape[k])
      throw std::invalid_argument(join(parent, name) + ": dimension " + std::to_string(k) +
                                  " has length " + std::to_string(shape[k]) + " but scale " +
                                  scales[k] + " does not");
    attach_scale(data, scale, k);
    set_label(data, k, scales[k].substr(scales[k].rfind('/') + 1));
  }
  return data;
}

bool has_attribute(hid_t object, const std::string& name) {
  return check_tri(H5Aexists(object, name.c_str()), "H5Aexists", object, "@" + name);
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  const Datatype type = string_type(true, 0, H5T_CSET_UTF8);
  const Attribute attribute = create_attribute(object, name, type.id());
  const char* pointer = value.c_str();
  write_attribute_value(attribute, type.id(), &pointer);
}

void write_attribute_raw(hid_t object, const std::string& name, Scalar type, const void* value) {
  const Attribute attribute = create_attribute(object, name, file_type(type));
  write_attribute_value(attribute, memory_type(type), value);
}

void read_attribute_raw(hid_t object, const std::string& name, Scalar type, void* value) {
  const Attribute attribute = open_attribute(object, name);
  read_numbers({attribute.id(), true}, type, 1, value);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  const Attribute attribute = open_attribute(object, name);
  auto values = read_all_strings({attribute.id(), true});
  if (values.size() != 1) throw H5Error(join(object, "@" + name) + ": expected a single string");
  return std::move(values.front());
}

void make_scale(const Dataset& dataset, const std::string& dimension_name) {
  check(H5DSset_scale(dataset.id(), dimension_name.c_str()), "H5DSset_scale", dataset.id(), "");
}

bool is_scale(const Dataset& dataset) {
  return check_tri(H5DSis_scale(dataset.id()), "H5DSis_scale", dataset.id(), "");
}

void attach_scale(const Dataset& data, const Dataset& scale, unsigned dimension) {
  check(H5DSattach_scale(data.id(), scale.id(), dimension), "H5DSattach_scale", data.id(),
        "[" + std::to_string(dimension) + "]");
}

void set_label(const Dataset& data, unsigned dimension, const std::string& text) {
  check(H5DSset_label(data.id(), dimension, text.c_str()), "H5DSset_label", data.id(),
        "[" + std::to_string(dimension) + "]");
}

std::string label(const Dataset& data, unsigned dimension) {
  const auto label_at = [&](char* buffer, std::size_t size) {
    const ssize_t length = H5DSget_label(data.id(), dimension, buffer, size);
    if (length < 0) fail_at("H5DSget_label", data.id(), "[" + std::to_string(dimension) + "]");
    return static_cast<std::size_t>(length);
  };
  std::string text(label_at(nullptr, 0), '\0');
  if (!text.empty()) label_at(text.data(), text.size() + 1);
  return text;
}

}  // namespace kyosei::io::h5
