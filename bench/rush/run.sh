#!/usr/bin/env bash
# Benchmark: the deadline rush (issue 4). Thousands of applicants upload a last document and submit
# at once against one `kakehashi serve`, on SQLite and then on PostgreSQL; the peer in the same run
# is the same applicants reading their application at once from the same server. Every
# acknowledged submission is then checked in the database through the API (lost must be 0).
#   bench/rush/run.sh [APPLICANTS] [kakehashi-rush options…]
#   e.g. bench/rush/run.sh 2000, bench/rush/run.sh 2000 --concurrency 500, bench/rush/run.sh 1000 --crash
# --instances N (this script's own option): on PostgreSQL, N `kakehashi serve` processes on the one
# database share the rush, the applicants dealt to them in turn (SQLite keeps one: one file, one writer).
# Needs a release build: cargo build --release -p kakehashi -p rush
# With --crash the generator kills the server (SIGKILL) half-way through the rush; this script
# starts it again on the same database, and the generator checks that no receipt was lost.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-2000}"
shift || true
EXTRA=()
INSTANCES=1
while [ $# -gt 0 ]; do
  if [ "$1" = "--instances" ]; then INSTANCES="$2"; shift 2; else EXTRA+=("$1"); shift; fi
done
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="${KAKEHASHI_BIN:-$TARGET/release/kakehashi}"
RUSH="${KAKEHASHI_RUSH_BIN:-$TARGET/release/kakehashi-rush}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
# The port is the system's choice (port 0); a restart after --crash takes the same one again.
PORT=0
BACKENDS="${KAKEHASHI_BENCH_BACKENDS:-sqlite postgres}"
DB=kk_bench_rush
ADMIN=rush-admin@bench.example
export KAKEHASHI_RUSH_ADMIN_PASSWORD="rush-bench-admin-password"
CRASH=no
for a in "${EXTRA[@]}"; do [ "$a" = "--crash" ] && CRASH=yes; done
for f in "$BIN" "$RUSH"; do
  [ -x "$f" ] || { echo "missing $f: cargo build --release -p kakehashi -p rush (with the same CARGO_TARGET_DIR)"; exit 1; }
done
WORK="$(mktemp -d)"
SERVER=""
SERVERS=()
cleanup() {
  for s in "${SERVERS[@]}" $SERVER; do
    if kill -0 "$s" 2>/dev/null; then kill "$s"; wait "$s" 2>/dev/null || true; fi
  done
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Every applicant holds a connection at the deadline: the server and the generator need the descriptors.
ulimit -n "$(ulimit -Hn)"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r); $("$BIN" --version)"
echo "PostgreSQL: $(psql "$PG/postgres" -Atc 'SHOW server_version' 2>/dev/null || echo 'not reachable') at ${PG#*@}"
echo "applicants: $N; instances on PostgreSQL: $INSTANCES; generator options: ${EXTRA[*]:-(none)}; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

start_server() { # URL LOG: starts `kakehashi serve` on $PORT (0: a free one) and waits until it answers
  local before
  before=$(grep -c 'Kakehashi is serving at' "$2" 2>/dev/null || true)
  "$BIN" serve --listen "127.0.0.1:$PORT" --database-url "$1" >> "$2" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do
    kill -0 "$SERVER" 2>/dev/null || { cat "$2"; echo "kakehashi serve exited"; exit 1; }
    # The address it prints is the one it bound.
    if [ "$(grep -c 'Kakehashi is serving at' "$2" 2>/dev/null || true)" -gt "${before:-0}" ]; then
      PORT=$(grep -o 'Kakehashi is serving at http://127.0.0.1:[0-9]*' "$2" | tail -1 | sed 's/.*://')
      curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    fi
    sleep 0.2
  done
  echo "kakehashi serve did not answer"; exit 1
}

stop_server() {
  for s in "${SERVERS[@]}" $SERVER; do
    kill "$s" 2>/dev/null || true
    wait "$s" 2>/dev/null || true
  done
  SERVER=""
  SERVERS=()
}

bench() { # NAME URL INSTANCES
  local name="$1" url="$2" instances="${3:-1}" log="$WORK/$1-server.log"
  echo "== $name"
  # A fresh database with the demo year: it brings the recruiting countries and their missions
  # (the API has no call to create those), and 5,401 other applications around ours.
  "$BIN" demo --no-serve --database-url "$url" > "$WORK/$name-demo.log" 2>&1 || { cat "$WORK/$name-demo.log"; exit 1; }
  KAKEHASHI_PASSWORD="$KAKEHASHI_RUSH_ADMIN_PASSWORD" "$BIN" admin create-user --email "$ADMIN" --name "Rush bench" --database-url "$url" >/dev/null
  "$BIN" admin grant --email "$ADMIN" --role system-administrator --database-url "$url" >/dev/null
  "$BIN" admin grant --email "$ADMIN" --role clair-staff --database-url "$url" >/dev/null
  local urls=() pids=() i
  for i in $(seq 1 "$instances"); do
    PORT=0
    # Each instance logs to a file of its own, so its address is read from its own log.
    local ilog="$log"
    [ "$i" -gt 1 ] && ilog="$WORK/$name-server-$i.log"
    start_server "$url" "$ilog"
    urls+=("http://127.0.0.1:$PORT")
    pids+=("$SERVER")
    SERVERS+=("$SERVER")
  done
  local joined_urls joined_pids
  joined_urls=$(IFS=,; echo "${urls[*]}")
  joined_pids=$(IFS=,; echo "${pids[*]}")
  echo "servers: $joined_urls (pids $joined_pids)"
  local args=(--base-url "$joined_urls" --admin-email "$ADMIN" --applicants "$N" --server-pid "$joined_pids"
    --report "$WORK/$name.json" "${EXTRA[@]}")
  if [ "$CRASH" = yes ]; then
    "$RUSH" "${args[@]}" &
    local gen=$! killed=$SERVER
    # Wait for the generator to kill the server, then start it again on the same database.
    while kill -0 "$gen" 2>/dev/null && kill -0 "$killed" 2>/dev/null; do sleep 0.2; done
    if ! kill -0 "$killed" 2>/dev/null; then
      wait "$killed" 2>/dev/null || true
      echo "-- the server was killed; starting it again on the same database"
      start_server "$url" "$log"
    fi
    wait "$gen" || { echo "kakehashi-rush failed (exit $?); server log: $log"; tail -20 "$log"; exit 1; }
  else
    "$RUSH" "${args[@]}" || { echo "kakehashi-rush failed (exit $?)"; tail -20 "$log"; exit 1; }
  fi
  local logs=("$WORK/$name"-server*.log)
  echo "server logs: $(cat "${logs[@]}" | grep -c ' request ' || true) requests, $(cat "${logs[@]}" | grep -c 'status=5' || true) answered 5xx, $(cat "${logs[@]}" | grep -c ' ERROR ' || true) errors logged"
  stop_server
}

for backend in $BACKENDS; do
  case "$backend" in
    sqlite) bench sqlite "sqlite://$WORK/rush.db" ;;
    postgres)
      psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
      bench postgres "$PG/$DB" "$INSTANCES"
      ;;
    *) echo "unknown backend $backend"; exit 1 ;;
  esac
done

echo "== side by side (peer: the same applicants reading their application, same server, same run)"
python3 - "$WORK" $BACKENDS <<'EOF'
import json, sys
work, names = sys.argv[1], sys.argv[2:]
reports = [json.load(open(f"{work}/{n}.json")) for n in names]
def row(label, f):
    cells = []
    for r in reports:
        try:
            cells.append(str(f(r)))
        except (KeyError, TypeError):
            cells.append("-")
    print(f"| {label} | " + " | ".join(cells) + " |")
def pq(s):
    return f"{s['p50_ms']:.0f} / {s['p90_ms']:.0f} / {s['p99_ms']:.0f} / {s['max_ms']:.0f}"
def outcomes(s):
    return ", ".join(f"{k}: {v}" for k, v in s["outcomes"].items())
print("| | " + " | ".join(r["backend"] for r in reports) + " |")
print("| --- |" + " ---: |" * len(reports))
row("applicants, at once", lambda r: f"{r['applicants']}, {r['concurrency']}")
row("server instances", lambda r: r.get("instances", 1))
row("setup through the API (s, not timed)", lambda r: f"{r['setup']['seconds']:.0f}")
row("load average at the rush", lambda r: r["load_at_rush_start"].split()[0])
row("rush: wall time (s)", lambda r: f"{r['rush']['wall_s']:.2f}")
row("rush: acknowledged submissions", lambda r: r["rush"]["acknowledged"])
row("rush: submissions/s", lambda r: f"{r['rush']['submissions_per_s']:.1f}")
row("upload p50 / p90 / p99 / max (ms)", lambda r: pq(r["rush"]["upload"]))
row("submit p50 / p90 / p99 / max (ms)", lambda r: pq(r["rush"]["submit"]))
row("applicant done p50 / p99 (ms)", lambda r: f"{r['rush']['completion']['p50_ms']:.0f} / {r['rush']['completion']['p99_ms']:.0f}")
row("upload answers", lambda r: outcomes(r["rush"]["upload"]))
row("submit answers", lambda r: outcomes(r["rush"]["submit"]))
def cpu(c):
    server = "-" if c["server_cpu_s"] is None else f"{c['server_cpu_s']:.1f}"
    return f"{server} / {c['postgres_cpu_s']:.1f} / {c['generator_cpu_s']:.1f} ({c['machine_busy'] * 100:.0f}% of the machine)"
row("rush CPU s: server / postgres / generator", lambda r: cpu(r["rush"]["cpu"]))
row("peer: wall time (s)", lambda r: f"{r['peer']['wall_s']:.2f}")
row("peer: reads/s", lambda r: f"{r['peer']['reads_per_s']:.1f}")
row("peer read p50 / p90 / p99 / max (ms)", lambda r: pq(r["peer"]["read"]))
row("peer answers", lambda r: outcomes(r["peer"]["read"]))
row("peer CPU s: server / postgres / generator", lambda r: cpu(r["peer"]["cpu"]))
if any(r.get("crash") for r in reports):
    row("crash: SIGKILL after receipts", lambda r: r["crash"]["acknowledged_before_kill"])
    row("crash: resubmitted / acknowledged / committed before the kill", lambda r: f"{r['crash']['resubmitted']} / {r['crash']['acknowledged_after_restart']} / {r['crash']['committed_before_crash']}")
row("verified: acknowledged / found", lambda r: f"{r['verification']['acknowledged']} / {r['verification']['found']}")
row("submitted without a receipt", lambda r: r["verification"]["submitted_unacknowledged"])
row("**lost**", lambda r: r["verification"]["lost"])
row("**duplicates**", lambda r: r["verification"]["duplicates"])
EOF
