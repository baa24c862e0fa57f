#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis:
# starts `candor demo` on a fresh SQLite database on a free port, then runs
# every check (`--checks all`: no 5xx, only documented status codes, bodies
# and headers as documented, schema-valid requests accepted, invalid ones
# refused) twice: anonymously, and as the demo's merchant (bearer token).
# Deterministic examples (scripts/tools/schemathesis.toml); a few minutes.
#
#   scripts/schemathesis.sh                 both runs
#   CANDOR_BIN=target/release/candor scripts/schemathesis.sh
#   ST_EXAMPLES=30 scripts/schemathesis.sh  more examples per operation
#   ST_ARGS='--include-path-regex /queue' scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The version setup.sh pins (its virtualenv in the shared tools cache).
ST_VERSION=$(sed -n 's/^ST_VERSION=//p' scripts/setup.sh)
ST=.tools/schemathesis-$ST_VERSION/bin/schemathesis
[ -x "$ST" ] || scripts/setup.sh >/dev/null

BIN=${CANDOR_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --quiet --bin candor
  BIN="${CARGO_TARGET_DIR:-target}/debug/candor"
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
"$BIN" demo --addr "127.0.0.1:$PORT" --db "sqlite://$DIR/demo.db" --log warn >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DIR"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -fs "$URL/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$URL/healthz" >/dev/null || { cat "$DIR/server.log"; exit 1; }

# The demo prints its merchant login; sign in before the anonymous run's
# wrong passwords count against this address.
email=$(sed -n 's/^ *merchant e-mail: *//p' "$DIR/server.log")
password=$(sed -n 's/^ *merchant password: *//p' "$DIR/server.log")
TOKEN=$(curl -fs "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# One worker: with two, hypothesis (under schemathesis 4.32) now and then
# fails inside its own lambda-source cache ("AST constructor recursion depth
# mismatch"), an error of the tool, not of the server.
run() {
  local name=$1; shift
  printf '\n\033[1;34m[schemathesis]\033[0m %s\n' "$name"
  # shellcheck disable=SC2086 # ST_ARGS is a list of extra arguments
  "$ST" --config-file scripts/tools/schemathesis.toml run "$URL/api/v1/openapi.json" \
    --checks all --max-examples "${ST_EXAMPLES:-6}" --workers 1 \
    --no-color --request-timeout 10 "$@" ${ST_ARGS:-}
}

status=0
run "anonymous" || status=1
# Signing out would end the session the rest of the run uses; the
# anonymous run covers logout.
CANDOR_TOKEN=$TOKEN run "as the demo merchant" \
  -H "Authorization: Bearer $TOKEN" --exclude-path /api/v1/auth/logout || status=1
if [ "$status" != 0 ]; then
  echo "schemathesis: failures above (server log: $DIR/server.log)" >&2
  tail -20 "$DIR/server.log" >&2
fi
exit "$status"
