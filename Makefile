# kyosei — top-level entry points. `make run` and `make test` set up everything.
SHELL := /bin/bash
BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
# `make bench`: residents of the nation's one-year benchmark (0: all 121 million).
NATION_RESIDENTS ?= 20000000
# CI sets KYOSEI_WERROR=ON: warnings are errors there.
KYOSEI_WERROR ?= OFF
# Debian 12 packages the build, the tests and analysis need.
DEB_PACKAGES := cmake g++ make \
  libboost-graph-dev libtbb-dev libhdf5-dev libyaml-cpp-dev \
  libgtest-dev libbenchmark-dev librandom123-dev libcli11-dev libopenmpi-dev openmpi-bin clang libclang-rt-14-dev \
  python3-h5py python3-numpy python3-yaml python3-pandas python3-matplotlib python3-networkx \
  python3-optuna python3-openturns \
  chromium

.PHONY: deps build run test test-asan test-tsan test-compilers fuzz bench format clean

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

# ThreadSanitizer over the suite. oneTBB itself is not instrumented, so its scheduler's
# synchronisation is invisible to TSan: tests/sanitizers/tsan.supp names those frames.
test-tsan: deps
	@cmake --preset tsan -DKYOSEI_WERROR=$(KYOSEI_WERROR) >/dev/null
	@MAKEFLAGS= cmake --build --preset tsan -j $(JOBS)
	TSAN_OPTIONS="suppressions=$(CURDIR)/tests/sanitizers/tsan.supp halt_on_error=1" \
	  ctest --preset tsan -j $(JOBS)

# GCC and Clang give bit-identical results (no implementation-defined hashing, distributions
# or iteration orders): the staggered rollout simulated by both builds, every series, the
# ledger and the traits compared bit for bit.
test-compilers: deps build
	@cmake --preset clang -DKYOSEI_WERROR=$(KYOSEI_WERROR) >/dev/null
	@MAKEFLAGS= cmake --build --preset clang -j $(JOBS) --target kyosei
	@rm -rf build/compilers && mkdir -p build/compilers
	./$(BUILD_DIR)/kyosei run scenarios/rollout.yaml -q --replicates 2 --set years=3 -o build/compilers/gcc.h5
	./build/clang/kyosei run scenarios/rollout.yaml -q --replicates 2 --set years=3 -o build/compilers/clang.h5
	/usr/bin/python3 tests/same_results.py build/compilers/gcc.h5 build/compilers/clang.h5

# libFuzzer over the scenario loader and --set (fuzz/): FUZZ_RUNS inputs from a corpus of
# the shipped scenarios and every past crasher; a crash, leak, hang or sanitizer report
# fails it and leaves the input in build/fuzz/crashers (add it to fuzz/regressions).
FUZZ_RUNS ?= 20000
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@MAKEFLAGS= cmake --build --preset fuzz -j $(JOBS) --target kyosei_fuzz_scenario
	@rm -rf build/fuzz/corpus && mkdir -p build/fuzz/corpus build/fuzz/crashers
	@# nation.yaml is left out: each of its mutants reads 1,741 municipalities (30x slower);
	@# rollout.yaml covers the same table reader.
	@cp $$(ls scenarios/*.yaml | grep -v nation.yaml) fuzz/regressions/* build/fuzz/corpus/
	cd scenarios && ../build/fuzz/fuzz/kyosei_fuzz_scenario -runs=$(FUZZ_RUNS) -seed=1 \
	  -max_len=16384 -timeout=20 -rss_limit_mb=2048 -dict=../fuzz/yaml.dict \
	  -artifact_prefix=../build/fuzz/crashers/ -print_final_stats=1 ../build/fuzz/corpus

bench: deps
	cmake --preset release -DKYOSEI_WERROR=$(KYOSEI_WERROR) -DKYOSEI_BENCHMARKS=ON >/dev/null
	cmake --build --preset release -j $(JOBS) --target kyosei_benchmarks
	@# The end-to-end city and the nation first, each in a process of its own: its peak RSS is
	@# then its own.
	./$(BUILD_DIR)/benchmarks/kyosei_benchmarks --benchmark_filter='^City1M' --benchmark_counters_tabular=true
	@# The nation's first NATION_RESIDENTS residents (0: all 121 million, 9 minutes more).
	KYOSEI_BENCH_NATION_RESIDENTS=$(NATION_RESIDENTS) ./$(BUILD_DIR)/benchmarks/kyosei_benchmarks \
	  --benchmark_filter='^NationYear/1/' --benchmark_counters_tabular=true
	KYOSEI_BENCH_NATION_RESIDENTS=$(NATION_RESIDENTS) ./$(BUILD_DIR)/benchmarks/kyosei_benchmarks \
	  --benchmark_filter='^NationYear/2/' --benchmark_counters_tabular=true
	./$(BUILD_DIR)/benchmarks/kyosei_benchmarks --benchmark_filter='-^(City1M|NationYear)'

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build
