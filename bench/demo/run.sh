#!/usr/bin/env bash
# Benchmark: building the demo programme year, on SQLite and PostgreSQL, side by side with its peer
# in the same run: loading the very same rows through the generic `kakehashi import` path.
#   bench/demo/run.sh [RUNS]     (needs a release build: cargo build --release -p kakehashi)
# With KAKEHASHI_BEFORE_BIN set to another build, every run measures that build first and then
# this one, so before and after alternate under the same load; the medians close the output.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
BIN="${KAKEHASHI_BIN:-${CARGO_TARGET_DIR:-target}/release/kakehashi}"
BEFORE="${KAKEHASHI_BEFORE_BIN:-}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; $("$BIN" --version)"
[ -n "$BEFORE" ] && echo "before: $BEFORE; after: $BIN"

seconds() { /usr/bin/env python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
run() { # label command...: prints wall seconds and peak RSS of the command
  local label="$1"; shift
  local start end
  start=$(seconds)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$@" > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err"; exit 1; }
  end=$(seconds)
  printf '%-52s %7.2f s  %6d MB peak\n' "$label" "$(python3 -c "print($end-$start)")" "$(( $(cat "$WORK/rss") / 1024 ))" \
    | tee -a "$WORK/figures"
}

year() { # BINARY LABEL-PREFIX: the demo and its peer on both backends
  local bin="$1" prefix="$2"
  rm -f "$WORK"/demo.db* "$WORK"/import.db* "$WORK/export.jsonl"
  run "${prefix}demo year, SQLite" "$bin" demo --no-serve --database-url "sqlite://$WORK/demo.db"
  "$bin" export "$WORK/export.jsonl" --database-url "sqlite://$WORK/demo.db" 2>/dev/null
  run "${prefix}peer: import of the same rows, SQLite" "$bin" import "$WORK/export.jsonl" --database-url "sqlite://$WORK/import.db"
  for db in kk_bench_demo kk_bench_import; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null; done
  run "${prefix}demo year, PostgreSQL" "$bin" demo --no-serve --database-url "$PG/kk_bench_demo"
  run "${prefix}peer: import of the same rows, PostgreSQL" "$bin" import "$WORK/export.jsonl" --database-url "$PG/kk_bench_import"
}

for i in $(seq 1 "$RUNS"); do
  echo "-- run $i (load $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ -n "$BEFORE" ]; then
    year "$BEFORE" "before: "
    year "$BIN" "after: "
  else
    year "$BIN" ""
  fi
done
for db in kk_bench_demo kk_bench_import; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" 2>/dev/null; done
echo "rows in the demo year: $(grep -c '^\[' "$WORK/export.jsonl")"
echo "-- medians of $RUNS runs"
python3 - "$WORK/figures" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(.*?)\s+([\d.]+) s\s+(\d+) MB peak", line)
    runs.setdefault(m.group(1), []).append((float(m.group(2)), int(m.group(3))))
for label, figures in runs.items():
    print(f"{label:<52} {statistics.median(s for s, _ in figures):7.2f} s  {statistics.median(m for _, m in figures):6.0f} MB peak")
PY
