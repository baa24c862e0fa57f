#!/usr/bin/env bash
# Load benchmark of the Candor server (not a timed test: it prints numbers).
#
#   scripts/bench-server.sh [--duration SECS] [--connections N] [--sse N] [--skip-pg] [--skip-isso]
#
# In one run, with the same load generator (wrk + bench/wrk/load.lua), the
# same concurrency and the same duration:
#   1. Candor on SQLite (fresh temp database): submissions/s, then list
#      reads/s of a product with 200 seeded reviews, p50/p99 latency.
#   2. The same on PostgreSQL (127.0.0.1:5432, trust auth; a uniquely named
#      database, dropped afterwards).
#   3. Isso (pinned, from PyPI, in a throwaway virtualenv; its SQLite) under
#      gunicorn as Isso's docs deploy it: create a comment, read a thread.
#   4. Idle SSE connections one Candor instance holds (examples/sse_hold.rs)
#      and the server's RSS while holding them.
# and prints a markdown table with Candor's figures as ratios to Isso's.
#
# Candor runs with its defaults except the submission rate limits, raised to
# 1e9 in its config file (per address per hour and per site per minute), and
# the live-event connections per address: the load comes from one address at
# thousands per second, which the defaults (20/hour/address, 300/minute/site,
# 16 streams per address) would answer with 429.
#
# Tools are installed idempotently into the shared cache `.tools/` (wrk from
# Debian, Isso + gunicorn in .tools/isso-venv). About 5 minutes after the
# first run (build cached). Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=10
CONNECTIONS=32
SSE_CONNECTIONS=10000
SEED=200
SKIP_PG=0
SKIP_ISSO=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --sse) SSE_CONNECTIONS=$2; shift 2 ;;
    --skip-pg) SKIP_PG=1; shift ;;
    --skip-isso) SKIP_ISSO=1; shift ;;
    *) echo "usage: $0 [--duration SECS] [--connections N] [--sse N] [--skip-pg] [--skip-isso]" >&2; exit 2 ;;
  esac
done
ISSO_VERSION=0.14.0
GUNICORN_VERSION=27.0.1
ISSO_WORKERS=4 # Isso's docs: gunicorn -w 4 --preload isso.run
PG_ADMIN_URL=${CANDOR_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
WRK_THREADS=2
# The benchmark's own settings only (a CANDOR_DB in the caller's shell must not leak in).
unset CANDOR_CONFIG CANDOR_ADDR CANDOR_DB CANDOR_TRUSTED_PROXIES CANDOR_SECURE_COOKIES \
  CANDOR_STATIC_DIR CANDOR_WIDGET_DIR CANDOR_LOG

log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }

# --- tools (shared per-user cache, as scripts/setup.sh) ----------------------
TOOLS="${CANDOR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/candor-tools}"
mkdir -p "$TOOLS"
if [ ! -L .tools ] || [ "$(readlink .tools)" != "$TOOLS" ]; then
  rm -rf .tools && ln -s "$TOOLS" .tools
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq wrk >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null; }
fi
VENV="$TOOLS/isso-venv"
if [ "$SKIP_ISSO" = 0 ]; then
  if [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("isso"), m.version("gunicorn"))' 2>/dev/null)" != "$ISSO_VERSION $GUNICORN_VERSION" ]; then
    log "installing isso $ISSO_VERSION and gunicorn $GUNICORN_VERSION into $VENV (a few minutes on this mirror, once)"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "isso==$ISSO_VERSION" "gunicorn==$GUNICORN_VERSION"
  fi
fi
command -v psql >/dev/null || [ "$SKIP_PG" = 1 ] || die "psql not found (or pass --skip-pg)"
if ! command -v sqlite3 >/dev/null; then
  log "installing sqlite3 from Debian"
  $SUDO apt-get install -y -qq sqlite3 >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq sqlite3 >/dev/null; }
fi

# --- build ---------------------------------------------------------------------
log "building candor and examples/sse_hold (release)"
cargo build --release --quiet --bin candor --example sse_hold
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
CANDOR="$TARGET_DIR/release/candor"
SSE_HOLD="$TARGET_DIR/release/examples/sse_hold"

# Many sockets: the SSE test needs one descriptor per connection on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((SSE_CONNECTIONS + 500)) ] || {
  log "open-file limit $(ulimit -n) is below --sse $SSE_CONNECTIONS; holding $(( $(ulimit -n) - 500 )) instead"
  SSE_CONNECTIONS=$(( $(ulimit -n) - 500 ))
}

# --- bookkeeping -------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/candor-bench.XXXXXX")
RESULTS="$WORK/results"
: > "$RESULTS"
SERVER_PID=""
PG_DB=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_http() { # url
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited; log: $(tail -20 "$WORK/server.log")"
    sleep 0.1
  done
  die "no answer from $1; log: $(tail -20 "$WORK/server.log")"
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
record() { # backend metric value
  echo "$1 $2 $3" >> "$RESULTS"
}
# load BACKEND NAME MODE URL: a discarded 2 s warm-up, then the measured run.
load() {
  local backend=$1 name=$2 mode=$3 url=$4 path line
  path="/${url#http://*/}"
  BENCH_MODE=$mode BENCH_PATH=$path wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s \
    -s bench/wrk/load.lua "$url" >/dev/null
  line=$(BENCH_MODE=$mode BENCH_PATH=$path wrk -t"$WRK_THREADS" -c"$CONNECTIONS" \
    -d"${DURATION}s" --timeout 10s -s bench/wrk/load.lua "$url" | grep '^RESULT')
  log "$backend $name: ${line#RESULT }"
  for kv in ${line#RESULT }; do
    record "$backend" "$name.${kv%%=*}" "${kv#*=}"
  done
}

# --- Candor (SQLite, then PostgreSQL) --------------------------------------------
sql() { # db_url statement
  case "$1" in
    sqlite://*) sqlite3 -bail -cmd '.timeout 10000' "${1#sqlite://}" "$2" ;;
    *) psql "$1" -qAtX -v ON_ERROR_STOP=1 -c "$2" ;;
  esac
}
# fill_recent DB_URL N: copies the site's stored reviews (new ids, product
# `product-fill`, same created_at) until it has N from the last 24 hours.
fill_recent() {
  local db=$1 want=$2 columns exprs have round=0
  case "$db" in
    sqlite://*) columns=$(sql "$db" "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('reviews') ORDER BY cid)") ;;
    *) columns=$(sql "$db" "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'reviews'") ;;
  esac
  while :; do
    have=$(sql "$db" "SELECT count(*) FROM reviews WHERE site = 'bench'")
    [ "$have" -lt "$want" ] || break
    round=$((round + 1))
    exprs=$(tr ',' '\n' <<<"$columns" | sed -e "s/^id\$/id || '-f$round'/" -e "s/^product\$/'product-fill'/" | paste -sd, -)
    sql "$db" "INSERT INTO reviews ($columns) SELECT $exprs FROM reviews WHERE site = 'bench' LIMIT $((want - have))" >/dev/null
  done
  log "site has $have reviews from the last 24 hours"
}
bench_candor() { # backend db_url
  local backend=$1 db=$2 port base out
  port=$(free_port)
  base="http://127.0.0.1:$port"
  cat > "$WORK/candor.toml" <<TOML
addr = "127.0.0.1:$port"
db = "$db"
# Raised for the benchmark only: all load comes from one address.
submissions_per_ip_per_hour = 1000000000
submissions_per_site_per_minute = 1000000000
# All SSE connections come from one address too (the default allows 16).
sse_connections_per_client = 1000000
TOML
  "$CANDOR" site add bench --name "Bench shop" --origin http://127.0.0.1 --lang en --db "$db" >/dev/null
  "$CANDOR" serve --config "$WORK/candor.toml" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "$base/healthz"
  log "$backend: seeding $SEED reviews of product-1"
  python3 bench/seed.py candor "$base" bench product-1 "$SEED"
  out=$(curl -fsS "$base/api/v1/sites/bench/reviews?product=product-1")
  [ "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["count"], len(d["items"]))' <<<"$out")" = "$SEED 20" ] \
    || die "$backend: seeded list is not $SEED reviews with a page of 20"
  load "$backend" read read "$base/api/v1/sites/bench/reviews?product=product-1"
  load "$backend" submit candor-submit "$base/api/v1/sites/bench/reviews"
  # Each submission compares itself with the site's submissions of the last
  # 24 hours (up to 2,000, the campaign scan), so its cost grows with them.
  # Fill the window to the cap by copying stored rows (product-fill), then
  # measure again: the steady state of a busy site.
  fill_recent "$db" 2000
  load "$backend" submit2k candor-submit "$base/api/v1/sites/bench/reviews"
  log "$backend: holding $SSE_CONNECTIONS idle SSE connections"
  out=$("$SSE_HOLD" --addr "127.0.0.1:$port" --site bench --connections "$SSE_CONNECTIONS" --pid "$SERVER_PID" | grep '^RESULT')
  log "$backend sse: ${out#RESULT }"
  for kv in ${out#RESULT }; do
    record "$backend" "sse.${kv%%=*}" "${kv#*=}"
  done
  record "$backend" log_lines "$(wc -l < "$WORK/server.log")"
  stop_server
}

log "Candor on SQLite"
bench_candor candor-sqlite "sqlite://$WORK/candor.db"

if [ "$SKIP_PG" = 0 ]; then
  PG_DB="candor_bench_$$_$(date +%s)"
  psql "$PG_ADMIN_URL" -qAtc "CREATE DATABASE \"$PG_DB\"" >/dev/null || die "cannot create database $PG_DB at $PG_ADMIN_URL"
  log "Candor on PostgreSQL (database $PG_DB)"
  bench_candor candor-postgres "${PG_ADMIN_URL%/*}/$PG_DB"
  psql "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null
  PG_DB=""
fi

# --- Isso ------------------------------------------------------------------------------
if [ "$SKIP_ISSO" = 0 ]; then
  port=$(free_port)
  base="http://127.0.0.1:$port"
  cat > "$WORK/isso.cfg" <<CFG
[general]
dbpath = $WORK/isso.db
host = $base/
[moderation]
enabled = false
[server]
listen = $base/
[guard]
# Isso's own spam guard (2 comments per minute per address) off, as Candor's limits.
enabled = false
CFG
  log "Isso $ISSO_VERSION under gunicorn -w $ISSO_WORKERS"
  ISSO_SETTINGS="$WORK/isso.cfg" "$VENV/bin/gunicorn" -b "127.0.0.1:$port" -w "$ISSO_WORKERS" --preload \
    --error-logfile - isso.run > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "$base/info"
  log "isso: seeding $SEED comments of /product-1"
  python3 bench/seed.py isso "$base" /product-1 "$SEED"
  out=$(curl -fsS "$base/?uri=/product-1&limit=20&sort=newest")
  [ "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_replies"], len(d["replies"]))' <<<"$out")" = "$SEED 20" ] \
    || die "isso: seeded thread is not $SEED comments with a page of 20"
  load isso read read "$base/?uri=/product-1&limit=20&sort=newest"
  load isso submit isso-submit "$base/new?uri=/product-bench"
  stop_server
fi

# --- table ----------------------------------------------------------------------------
echo
echo "candor $(git describe --always --dirty 2>/dev/null || echo '?'), isso $ISSO_VERSION (gunicorn $GUNICORN_VERSION -w $ISSO_WORKERS), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
python3 - "$RESULTS" "$CONNECTIONS" "$DURATION" "$SSE_CONNECTIONS" <<'PY'
import sys
path, conns, secs, sse = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
r = {}
for line in open(path):
    backend, key, value = line.split(maxsplit=2)
    r.setdefault(backend, {})[key] = value.strip()

def num(backend, key):
    try:
        return float(r[backend][key])
    except (KeyError, ValueError):
        return None

def fmt(v):
    if v is None:
        return "n/a"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"

rows = [
    (f"submissions/s, fresh site ({conns} connections)", "submit.ok_per_sec", "submit.ok_per_sec"),
    ("submission latency p50 (ms)", "submit.p50_ms", "submit.p50_ms"),
    ("submission latency p99 (ms)", "submit.p99_ms", "submit.p99_ms"),
    ("submissions/s, 2,000 in the last 24 h (Isso: as above)", "submit2k.ok_per_sec", "submit.ok_per_sec"),
    ("submission latency p50 (ms), 2,000 in 24 h", "submit2k.p50_ms", "submit.p50_ms"),
    ("submission latency p99 (ms), 2,000 in 24 h", "submit2k.p99_ms", "submit.p99_ms"),
    (f"list reads/s (page of 20 of 200, {conns} connections)", "read.ok_per_sec", "read.ok_per_sec"),
    ("list read latency p50 (ms)", "read.p50_ms", "read.p50_ms"),
    ("list read latency p99 (ms)", "read.p99_ms", "read.p99_ms"),
]
cols = ["candor-sqlite", "candor-postgres", "isso"]
print()
print("| metric | Candor SQLite | Candor PostgreSQL | Isso | Candor SQLite / Isso |")
print("| --- | ---: | ---: | ---: | ---: |")
for label, key, isso_key in rows:
    vals = [num("candor-sqlite", key), num("candor-postgres", key), num("isso", isso_key)]
    ratio = (vals[0] / vals[2]) if vals[0] and vals[2] else None
    print(f"| {label} | " + " | ".join(fmt(v) for v in vals) + f" | {'n/a' if ratio is None else f'{ratio:.2f}×'} |")
for label, key in [(f"idle SSE connections held (of {sse:,})", "sse.held")]:
    vals = [num(c, key) for c in cols[:2]]
    print(f"| {label} | " + " | ".join(fmt(v) for v in vals) + " | no live stream | n/a |")
rss = [num(c, "sse.rss_kb") for c in cols[:2]]
before = [num(c, "sse.rss_before_kb") for c in cols[:2]]
cells = [
    "n/a" if a is None else f"{a / 1024:.0f} MB (from {b / 1024:.0f} MB)"
    for a, b in zip(rss, before)
]
print("| server RSS holding them (VmRSS) | " + " | ".join(cells) + " | n/a | n/a |")
health = [num(c, "sse.healthz_p99_ms") for c in cols[:2]]
print("| `/healthz` p99 (ms) while holding them, one probe a second | " + " | ".join(fmt(v) for v in health) + " | n/a | n/a |")
print()
print(f"{secs} s per measurement after a 2 s warm-up, wrk -t2 -c{conns}.")
notes = []
for c in cols:
    if c not in r:
        continue
    for kind in ("submit", "submit2k", "read"):
        if f"{kind}.statuses" not in r[c]:
            continue
        statuses = r[c].get(f"{kind}.statuses", "")
        errs = int(r[c].get(f"{kind}.socket_errors", "0")) + int(r[c].get(f"{kind}.timeouts", "0"))
        notes.append(f"{c} {kind}: statuses {statuses or 'none'}, socket errors+timeouts {errs}"
                     + (f", held {r[c].get(kind + '.held')}" if kind.startswith("submit") and c != "isso" else ""))
    if c != "isso" and "sse.held" in r[c]:
        s = r[c]
        notes.append(f"{c} sse: held {s['sse.held']}, still open {s['sse.still_open']}, failed {s['sse.failed']}, "
                     f"opened in {s['sse.open_secs']} s, {(int(s['sse.rss_kb']) - int(s['sse.rss_before_kb'])) / max(1, int(s['sse.held'])):.1f} kB RSS each, "
                     f"peak RSS {int(s['sse.hwm_kb']) / 1024:.0f} MB, "
                     f"/healthz while holding (one probe a second) p50 {s['sse.healthz_p50_ms']} ms, p99 {s['sse.healthz_p99_ms']} ms, failed {s['sse.healthz_failed']}")
for n in notes:
    print(f"- {n}")
PY
