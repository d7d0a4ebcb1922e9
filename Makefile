# kyosei — top-level entry points. `make run` and `make test` set up everything.
SHELL := /bin/bash
BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
# CI sets KYOSEI_WERROR=ON: warnings are errors there.
KYOSEI_WERROR ?= OFF
# Debian 12 packages the build, the tests and analysis need.
DEB_PACKAGES := cmake g++ make \
  libboost-graph-dev libtbb-dev libhdf5-dev libyaml-cpp-dev \
  libgtest-dev libbenchmark-dev librandom123-dev libcli11-dev libopenmpi-dev openmpi-bin \
  python3-h5py python3-numpy python3-yaml python3-pandas python3-matplotlib python3-networkx \
  chromium

.PHONY: deps build run test test-asan bench format clean

# Installs only what is missing, so a prepared machine does not touch apt at all.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all Debian packages present"; fi

build:
	@cmake --preset release -DKYOSEI_WERROR=$(KYOSEI_WERROR) -DKYOSEI_BENCHMARKS=OFF >/dev/null
	@MAKEFLAGS= cmake --build --preset release -j $(JOBS)

run: deps build
	./$(BUILD_DIR)/kyosei run -o kyosei-default.h5

test: deps build
	ctest --preset release -j $(JOBS)

# The suite under AddressSanitizer and UndefinedBehaviorSanitizer (build/asan).
test-asan: deps
	@cmake --preset asan -DKYOSEI_WERROR=$(KYOSEI_WERROR) >/dev/null
	@MAKEFLAGS= cmake --build --preset asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j $(JOBS)

bench: deps
	cmake --preset release -DKYOSEI_WERROR=$(KYOSEI_WERROR) -DKYOSEI_BENCHMARKS=ON >/dev/null
	cmake --build --preset release -j $(JOBS) --target kyosei_benchmarks
	@# The end-to-end city first, in a process of its own: its peak RSS is then its own.
	./$(BUILD_DIR)/benchmarks/kyosei_benchmarks --benchmark_filter='^City1M' --benchmark_counters_tabular=true
	./$(BUILD_DIR)/benchmarks/kyosei_benchmarks --benchmark_filter='-^City1M'

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build
