# Shared by the benchmark scripts that serve a fresh demo year (`source bench/lib.sh` after PG and
# DB are set): a work folder and its cleanup, the machine line, and `demo`.
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
  [ -n "${PEER_SRC:-}" ] && git -C "$ROOT" worktree remove --force "$PEER_SRC" 2>/dev/null || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# What the figures were measured on.
machine() { # BINARY
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r); $("$1" --version)"
}

# Starts `kakehashi demo` (a fresh demo year, served on a free port) and sets BASE and SERVER.
demo() { # BINARY URL LOG
  : > "$3"
  "$1" demo --listen 127.0.0.1:0 --database-url "$2" > "$3" 2>&1 &
  SERVER=$!
  BASE=""
  for _ in $(seq 1 3000); do
    BASE=$(sed -n 's|^Kakehashi is serving at \(http://[^/]*\)/.*|\1|p' "$3")
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER" 2>/dev/null || { cat "$3"; echo "kakehashi demo exited"; exit 1; }
    sleep 0.2
  done
  echo "kakehashi demo did not start:"; cat "$3"; exit 1
}
