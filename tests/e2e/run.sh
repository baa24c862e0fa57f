#!/usr/bin/env bash
# Runs the widget's and the panel's browser tests end to end: builds the
# widget (pkg/), the panel (pkg/panel/) and the server, starts `candor demo` on a free port with a fresh SQLite database,
# runs the Playwright tests (tests/e2e/widget.e2e.cjs, panel.e2e.cjs, seo.e2e.cjs, xss.e2e.cjs, mail.e2e.cjs) and, with --bench, the
# load-time benchmark, then stops the server.
#
#   tests/e2e/run.sh            tests
#   tests/e2e/run.sh --bench    tests, then the load-time benchmark
#   CANDOR_BIN=path/to/candor SKIP_WIDGET_BUILD=1 tests/e2e/run.sh
#   E2E_SUITES=panel tests/e2e/run.sh    only the panel's test
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f .tools/env.sh ] || scripts/setup.sh >/dev/null
source .tools/env.sh

[ "${SKIP_WIDGET_BUILD:-0}" = 1 ] || { scripts/build-widget.sh; scripts/build-panel.sh; }
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
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$DIR/server.log"; exit 1; }

export CANDOR_URL="http://127.0.0.1:$PORT"
SUITES=${E2E_SUITES:-widget panel seo xss mail}
status=0
for suite in $SUITES; do
  # A fresh server state per suite would cost a restart; the suites only add
  # their own reviews, so they share the demo database.
  node "tests/e2e/$suite.e2e.cjs" || status=1
done
[ "$status" = 0 ] || exit 1
if [ "${1:-}" = --bench ]; then node tests/e2e/bench.cjs; fi
