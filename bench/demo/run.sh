#!/usr/bin/env bash
# Benchmark: building the demo programme year, on SQLite and PostgreSQL, side by side with its peer
# in the same run: loading the very same rows through the generic `kakehashi import` path.
#   bench/demo/run.sh [RUNS]     (needs a release build: cargo build --release -p kakehashi)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
BIN="${KAKEHASHI_BIN:-${CARGO_TARGET_DIR:-target}/release/kakehashi}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; $("$BIN" --version)"

seconds() { /usr/bin/env python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
run() { # label command...: prints wall seconds and peak RSS of the command
  local label="$1"; shift
  local start end
  start=$(seconds)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$@" > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err"; exit 1; }
  end=$(seconds)
  printf '%-40s %7.2f s  %6d MB peak\n' "$label" "$(python3 -c "print($end-$start)")" "$(( $(cat "$WORK/rss") / 1024 ))"
}

for i in $(seq 1 "$RUNS"); do
  echo "-- run $i"
  rm -f "$WORK"/demo.db* "$WORK"/import.db* "$WORK/export.jsonl"
  run "demo year, SQLite" "$BIN" demo --no-serve --database-url "sqlite://$WORK/demo.db"
  "$BIN" export "$WORK/export.jsonl" --database-url "sqlite://$WORK/demo.db" 2>/dev/null
  run "peer: import of the same rows, SQLite" "$BIN" import "$WORK/export.jsonl" --database-url "sqlite://$WORK/import.db"
  for db in kk_bench_demo kk_bench_import; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null; done
  run "demo year, PostgreSQL" "$BIN" demo --no-serve --database-url "$PG/kk_bench_demo"
  run "peer: import of the same rows, PostgreSQL" "$BIN" import "$WORK/export.jsonl" --database-url "$PG/kk_bench_import"
done
for db in kk_bench_demo kk_bench_import; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" 2>/dev/null; done
echo "rows in the demo year: $(grep -c '^\[' "$WORK/export.jsonl")"
