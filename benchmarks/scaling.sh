#!/usr/bin/env bash
# Thread and rank scaling of one simulation, for a machine with many cores (the project's
# 16-core device machine): one year of the nation (scenarios/nation.yaml, 121 million
# residents), or of the table's first municipalities up to RESIDENTS, at 1, 2, 4, 8 and 16
# threads, then at 1, 2 and 4 MPI ranks sharing the simulation by municipality (THREADS / ranks
# threads each). Prints one table row per run and checks every file is bit-identical to the
# first. Sized to fit a few minutes of device time with the default subset; RESIDENTS=0 runs
# the whole nation (about 5 minutes on one thread). Needs a Release build (make build).
#
#   RESIDENTS=20000000 THREADS="1 2 4 8 16" RANKS="1 2 4" benchmarks/scaling.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KY=${KY:-$ROOT/build/release/kyosei}
RESIDENTS=${RESIDENTS:-20000000}
THREADS=${THREADS:-1 2 4 8 16}
RANKS=${RANKS:-1 2 4}
CORES=${CORES:-$(nproc)}
WORK=$(mktemp -d -t kyosei-scaling.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SET=(--set years=1)
if [ "$RESIDENTS" -gt 0 ]; then
  # The table's first rows (in code order) up to RESIDENTS residents.
  LIMIT=$(awk -F, -v want="$RESIDENTS" 'NR > 1 { sum += $4; n++; if (sum >= want) { print n; exit } }
                                         END { if (sum < want) print n }' \
          "$ROOT/scenarios/data/municipalities.csv")
  SET+=(--set "municipalities_from.limit=$LIMIT")
fi
run() {  # label, then the command; prints label, seconds, peak RSS of the largest process
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
  end=$(date +%s.%N)
  printf '%-22s %8.1f s %8.0f MiB\n' "$label" "$(echo "$end - $start" | bc)" \
    "$(echo "$(tail -1 "$WORK/rss") / 1024" | bc)"
}
echo "kyosei scaling on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')): nation.yaml ${SET[*]}"
printf '%-22s %10s %12s\n' run wall "peak (per process)"
first=""
for t in $THREADS; do
  run "threads $t" "$KY" run "$ROOT/scenarios/nation.yaml" "${SET[@]}" -q --threads "$t" \
    -o "$WORK/t$t.h5"
  [ -z "$first" ] && first="$WORK/t$t.h5"
done
for r in $RANKS; do
  per=$(( CORES / r )); [ "$per" -lt 1 ] && per=1
  run "ranks $r x $per threads" mpirun --allow-run-as-root --oversubscribe -np "$r" \
    "$KY" run "$ROOT/scenarios/nation.yaml" "${SET[@]}" -q --threads "$per" -o "$WORK/r$r.h5"
done
for f in "$WORK"/t*.h5 "$WORK"/r*.h5; do
  /usr/bin/python3 "$ROOT/tests/same_results.py" "$first" "$f" >/dev/null ||
    { echo "FAIL: $f differs from $first"; exit 1; }
done
echo "every file is bit-identical to $(basename "$first")"
