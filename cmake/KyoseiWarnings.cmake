# One INTERFACE target carries the warning policy; every kyosei target links it.
add_library(kyosei_warnings INTERFACE)
target_compile_options(kyosei_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wimplicit-fallthrough
  # Options structs rely on default member initialisers; designated initialisers that name
  # only some fields are the intended style, not a mistake.
  -Wno-missing-field-initializers)
# -Wnull-dereference is left out: GCC 12 reports false positives inside Boost.Graph's
# containers at -O3. GCC 12 also reports std::string concatenation at -O2/-O3 as an
# overlapping memcpy (a false positive, GCC bug 105329), so -Wrestrict is off there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(kyosei_warnings INTERFACE -Wno-restrict)
endif()
if(KYOSEI_WERROR)
  target_compile_options(kyosei_warnings INTERFACE -Werror)
endif()
