#!/usr/bin/env bash
# Benchmark: a whole placement run on a placement-scale demo year (the demo plus 6,000 more cleared
# candidates, about 1,000 contracting organisations' requests), on SQLite and on PostgreSQL, through
# the API as CLAIR starts it: load, derive, solve, store, each step timed by the run itself.
# The peer in the same run: the same year on the other backend, and the three modes side by side.
#   bench/placement-year/run.sh [EXTRA_CLEARED]   (needs: cargo build --release -p kakehashi)
set -euo pipefail
cd "$(dirname "$0")/../.."
EXTRA="${1:-6000}"
BIN="${KAKEHASHI_BIN:-${CARGO_TARGET_DIR:-target}/release/kakehashi}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS kk_bench_place_$$" 2>/dev/null || true' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; $("$BIN" --version); load $(cut -d' ' -f1 /proc/loadavg)"

# Serves $URL on a free port (port 0: the binary binds it and prints it) and sets BASE and SERVER.
serve() {
  : > "$WORK/serve.out"
  KAKEHASHI_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --database-url "$URL" > "$WORK/serve.out" 2>&1 &
  SERVER=$!
  BASE=""
  for _ in $(seq 1 200); do
    BASE=$(sed -n 's|^Kakehashi is serving at \(http://[^/]*\)/.*|\1|p' "$WORK/serve.out")
    [ -n "$BASE" ] && return 0
    sleep 0.1
  done
  echo "the server did not start:" >&2; cat "$WORK/serve.out" >&2; exit 1
}

for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then URL="sqlite://$WORK/place.db"; else
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS kk_bench_place_$$" -c "CREATE DATABASE kk_bench_place_$$" >/dev/null
    URL="$PG/kk_bench_place_$$"
  fi
  start=$(date +%s.%N)
  "$BIN" demo --no-serve --extra-cleared "$EXTRA" --demo-password bench-password-1 --database-url "$URL" > "$WORK/demo.out"
  printf '%s: demo year with %s extra cleared candidates built in %.1f s\n' "$backend" "$EXTRA" "$(echo "$(date +%s.%N) - $start" | bc)"
  serve
  python3 bench/placement-year/drive.py "$BASE" "$backend"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  # A fresh server: the first look at a run is the cold one, the second the warm one.
  serve
  python3 bench/placement-year/drive.py "$BASE" "$backend" views
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
done
