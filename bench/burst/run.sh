#!/usr/bin/env bash
# Benchmark: the burst (issue 10). One signed-in client floods the server, first with requests it
# may make, then with requests it is refused, while another person keeps using it at a steady
# pace; `kakehashi-burst` counts from the client side what each got. On SQLite and on PostgreSQL,
# each against the release build of this tree ("after") and, in the same run, of the commit before
# the per-client limits ("before", f69f7cc: the peer), on a fresh demo year each time.
#   bench/burst/run.sh [kakehashi-burst options…]   e.g. --seconds 20 --concurrency 128
# Builds what it needs in release (the peer from a `git worktree` of its commit, into the same
# CARGO_TARGET_DIR, its binary kept as $CARGO_TARGET_DIR/peer-f69f7cc/kakehashi).
# KAKEHASHI_BIN, KAKEHASHI_PEER_BIN and KAKEHASHI_BURST_BIN use binaries built elsewhere instead;
# KAKEHASHI_BENCH_BACKENDS="sqlite" runs one backend; KAKEHASHI_BENCH_POSTGRES names the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
EXTRA=("$@")
TARGET="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
PEER_COMMIT="${KAKEHASHI_PEER_COMMIT:-f69f7cc}"
BIN="${KAKEHASHI_BIN:-$TARGET/release/kakehashi}"
PEER_BIN="${KAKEHASHI_PEER_BIN:-$TARGET/peer-$PEER_COMMIT/kakehashi}"
BURST="${KAKEHASHI_BURST_BIN:-$TARGET/release/kakehashi-burst}"
PG="${KAKEHASHI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
BACKENDS="${KAKEHASHI_BENCH_BACKENDS:-sqlite postgres}"
DB=kk_bench_burst
# The demo's password (the driver reads the same variable).
export KAKEHASHI_BURST_PASSWORD="${KAKEHASHI_BURST_PASSWORD:-kakehashi-demo}"
PEER_SRC=""
source bench/lib.sh

# The peer first: its build writes release/kakehashi too, which the build of this tree then
# puts back. Both share the target directory, so only the workspace's own crates build twice.
if [ -z "${KAKEHASHI_PEER_BIN:-}" ] && [ ! -x "$PEER_BIN" ]; then
  PEER_SRC="$WORK/peer-src"
  git -C "$ROOT" worktree add --detach "$PEER_SRC" "$PEER_COMMIT" >/dev/null
  # With `-p rush` as below, so that the dependencies get the same features and are built once.
  (cd "$PEER_SRC" && CARGO_TARGET_DIR="$TARGET" cargo build --release -p kakehashi -p rush)
  mkdir -p "$(dirname "$PEER_BIN")"
  cp "$TARGET/release/kakehashi" "$PEER_BIN"
  git -C "$ROOT" worktree remove --force "$PEER_SRC"
  PEER_SRC=""
fi
if [ -z "${KAKEHASHI_BIN:-}" ] || [ -z "${KAKEHASHI_BURST_BIN:-}" ]; then
  CARGO_TARGET_DIR="$TARGET" cargo build --release -p kakehashi -p rush
fi
for f in "$BIN" "$PEER_BIN" "$BURST"; do
  [ -x "$f" ] || { echo "missing $f"; exit 1; }
done
if cmp -s "$BIN" "$PEER_BIN"; then echo "$BIN and $PEER_BIN are the same binary"; exit 1; fi
# The flooder holds many connections, the server as many.
ulimit -n "$(ulimit -Hn)"

machine "$BIN"
echo "after: $BIN ($(git -C "$ROOT" rev-parse --short HEAD)); before: $PEER_BIN ($PEER_COMMIT)"
echo "PostgreSQL: $(psql "$PG/postgres" -Atc 'SHOW server_version' 2>/dev/null || echo 'not reachable') at ${PG#*@}"
echo "driver options: ${EXTRA[*]:-(none)}; load now: $(cut -d' ' -f1-3 /proc/loadavg)"


bench() { # NAME BINARY LABEL URL
  local name="$1" log="$WORK/$1-server.log"
  echo "== $name"
  demo "$2" "$4" "$log"
  "$BURST" --base-url "$BASE" --label "$3" --server-pid "$SERVER" --report "$WORK/$name.json" "${EXTRA[@]}" \
    || { echo "kakehashi-burst failed (exit $?)"; tail -20 "$log"; exit 1; }
  # The log is coloured: its escape codes are taken out before counting.
  sed 's/\x1b\[[0-9;]*m//g' "$log" > "$log.plain"
  echo "server log: $(grep -c 'status=5' "$log.plain" || true) answered 5xx, $(grep -c 'status=429' "$log.plain" || true) answered 429, $(grep -c ' ERROR ' "$log.plain" || true) errors logged"
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

NAMES=()
for backend in $BACKENDS; do
  for side in before after; do
    if [ "$side" = before ]; then binary="$PEER_BIN" label="before ($PEER_COMMIT)"; else binary="$BIN" label="after"; fi
    case "$backend" in
      sqlite) rm -f "$WORK/burst.db"*; url="sqlite://$WORK/burst.db" ;;
      postgres)
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
        url="$PG/$DB"
        ;;
      *) echo "unknown backend $backend"; exit 1 ;;
    esac
    bench "$backend-$side" "$binary" "$label" "$url"
    NAMES+=("$backend-$side")
  done
done

echo "== side by side (before: $PEER_COMMIT, no per-client limits; after: this tree)"
python3 - "$WORK" "${NAMES[@]}" <<'EOF'
import json, sys
work, names = sys.argv[1], sys.argv[2:]
reports = [json.load(open(f"{work}/{n}.json")) for n in names]
def phase(r, name):
    return next(p for p in r["phases"] if p["name"] == name)
def row(label, f):
    cells = []
    for r in reports:
        try:
            cells.append(str(f(r)))
        except (KeyError, TypeError, StopIteration):
            cells.append("-")
    print(f"| {label} | " + " | ".join(cells) + " |")
def other(name):
    def f(r):
        o = phase(r, name)["other"]
        s = o["latency"]
        return f"{s['p50_ms']:.0f} / {s['p99_ms']:.0f} / {s['max_ms']:.0f}, {o['errors']}"
    return f
def flood(name):
    def f(r):
        by = phase(r, name)["flooder"]["per_s_by_outcome"]
        ok = sum(v for k, v in by.items() if k.startswith("2"))
        refused = sum(v for k, v in by.items() if k in ("401", "403", "404"))
        limited = by.get("429", 0)
        failed = sum(v for k, v in by.items() if k.startswith("5") or not k.isdigit())
        return f"{ok:.0f} / {refused:.0f} / {limited:.0f} / {failed:.0f}"
    return f
def let_in(name):
    def f(r):
        out = phase(r, name)["flooder"]["latency"]["outcomes"]
        return ", ".join(f"{v} × {k}" for k, v in out.items() if k != "429") or "none"
    return f
def cpu(name):
    def f(r):
        c = phase(r, name)["cpu"]
        server = "-" if c["server_cpu_s"] is None else f"{c['server_cpu_s']:.1f}"
        return f"{server} / {c['postgres_cpu_s']:.1f} / {c['generator_cpu_s']:.1f}"
    return f
print("| | " + " | ".join(f"{r['backend']} {r['label'].split(' ')[0]}" for r in reports) + " |")
print("| --- |" + " ---: |" * len(reports))
row("load average at the baseline", lambda r: phase(r, "baseline")["load_at_start"].split()[0])
row("baseline: other person p50 / p99 / max ms, errors", other("baseline"))
row("allowed flood: flooder answers/s 2xx / refused / 429 / 5xx+failed", flood("allowed flood"))
row("allowed flood: flooder's answers not limited, in all", let_in("allowed flood"))
row("allowed flood: other person p50 / p99 / max ms, errors", other("allowed flood"))
row("refused flood: flooder answers/s 2xx / refused / 429 / 5xx+failed", flood("refused flood"))
row("refused flood: flooder's answers not limited, in all", let_in("refused flood"))
row("refused flood: other person p50 / p99 / max ms, errors", other("refused flood"))
row("CPU s allowed flood: server / postgres / driver", cpu("allowed flood"))
row("CPU s refused flood: server / postgres / driver", cpu("refused flood"))
print()
for r in reports:
    for p in r["phases"]:
        if p["name"] != "baseline":
            print(f"{r['backend']} {r['label']}, {p['name']}: other person's answers {p['other']['latency']['outcomes']}; flooder's {p['flooder']['latency']['outcomes']}")
EOF
