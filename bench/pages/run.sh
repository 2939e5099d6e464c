#!/usr/bin/env bash
# Benchmark: the pages people open most (issues 11 and 14). `kakehashi-pages` opens each page of
# the demo year as the role that uses it, first alone (p50/p99 of `--alone` opens one after the
# other), then with `--users` signed-in people at once going round all of them, `/healthz` among
# them, so that each page's p99 under load is read beside `/healthz`'s in the same run. On SQLite
# and on PostgreSQL, on a fresh demo year each time, against the release build of this tree and,
# when KAKEHASHI_PEER_BIN names one, an earlier build in the same run (the peer).
#   bench/pages/run.sh [kakehashi-pages options…]   e.g. --users 50 --seconds 20
# KAKEHASHI_BIN / KAKEHASHI_PAGES_BIN use binaries built elsewhere; KAKEHASHI_BENCH_BACKENDS="sqlite"
# runs one backend; KAKEHASHI_BENCH_POSTGRES names the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
EXTRA=("$@")
TARGET="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
BIN="${KAKEHASHI_BIN:-$TARGET/release/kakehashi}"
PEER_BIN="${KAKEHASHI_PEER_BIN:-}"
PAGES="${KAKEHASHI_PAGES_BIN:-$TARGET/release/kakehashi-pages}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
BACKENDS="${KAKEHASHI_BENCH_BACKENDS:-sqlite postgres}"
DB=kk_bench_pages
export KAKEHASHI_PAGES_PASSWORD="${KAKEHASHI_PAGES_PASSWORD:-kakehashi-demo}"
source bench/lib.sh

if [ -z "${KAKEHASHI_BIN:-}" ] || [ -z "${KAKEHASHI_PAGES_BIN:-}" ]; then
  CARGO_TARGET_DIR="$TARGET" cargo build --release --locked -p kakehashi -p rush
fi
for f in "$BIN" "$PAGES" ${PEER_BIN:+"$PEER_BIN"}; do
  [ -x "$f" ] || { echo "missing $f"; exit 1; }
done
ulimit -n "$(ulimit -Hn)"

machine "$BIN"
echo "this tree: $BIN ($(git -C "$ROOT" rev-parse --short HEAD))${PEER_BIN:+; peer: $PEER_BIN}"
echo "PostgreSQL: $(psql "$PG/postgres" -Atc 'SHOW server_version' 2>/dev/null || echo 'not reachable') at ${PG#*@}"
echo "driver options: ${EXTRA[*]:-(none)}; load now: $(cut -d' ' -f1-3 /proc/loadavg)"


for backend in $BACKENDS; do
  for side in peer this; do
    if [ "$side" = peer ]; then [ -n "$PEER_BIN" ] || continue; binary="$PEER_BIN"; else binary="$BIN"; fi
    case "$backend" in
      sqlite) rm -f "$WORK/pages.db"*; url="sqlite://$WORK/pages.db" ;;
      postgres)
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
        url="$PG/$DB"
        ;;
      *) echo "unknown backend $backend"; exit 1 ;;
    esac
    echo "== $backend, $side"
    log="$WORK/$backend-$side.log"
    demo "$binary" "$url" "$log"
    "$PAGES" --base-url "$BASE" --label "$backend $side" --server-pid "$SERVER" --report "$WORK/$backend-$side.json" "${EXTRA[@]}" \
      || { echo "kakehashi-pages failed (exit $?)"; tail -20 "$log"; exit 1; }
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  done
done
