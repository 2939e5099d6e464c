#!/usr/bin/env bash
# Placement engine benchmark (see BENCHMARKS.md, "Placement engine").
#
#   bench/placement/run.sh [--matching-at-c] [--repeat N] [--sizes B,C]
#
# Prepares a Python virtual environment with the peers (`matching`, OR-Tools), builds the bench
# driver (and uses `kakehashi place` for whole-process timing when target/release/kakehashi has
# it; set KAKEHASHI_BIN to point elsewhere), generates the instances and prints a Markdown report.
# Work files go to $PLACEMENT_BENCH_DIR (default: <target dir>/placement-bench).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${PLACEMENT_BENCH_DIR:-$target/placement-bench}"
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null
fi

venv="$work/venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import matching, ortools' 2>/dev/null; then
    "$venv/bin/pip" install --quiet matching ortools
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("peers: matching", m.version("matching"), "/ ortools", m.version("ortools"))'

(cd "$root" && cargo build --quiet --release -p placement --example placement_bench)

exec "$venv/bin/python" "$here/bench.py" \
    --work "$work" \
    --driver "$target/release/examples/placement_bench" \
    --kakehashi "${KAKEHASHI_BIN:-$target/release/kakehashi}" \
    "$@"
