#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit/integration tests
# (SQLite and the machine's PostgreSQL), the detector in headless Chromium via
# wasm-bindgen-test, and the wasm size budget. Installs what it needs first.
#
#   scripts/test.sh          everything
#   scripts/test.sh --quick  skip the browser and size stages
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1

stage() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; STAGE_START=$SECONDS; }
done_stage() { printf '\033[1;32m    (%ss)\033[0m\n' $((SECONDS - STAGE_START)); }

stage "set-up (idempotent)"
if [ $QUICK = 1 ]; then scripts/setup.sh --native; else scripts/setup.sh; fi
[ -f .tools/env.sh ] && source .tools/env.sh
done_stage

stage "cargo fmt --check"
cargo fmt --all -- --check
done_stage

stage "server layers (rules and storage import no HTTP; no import circles)"
scripts/check-layers.sh
done_stage

stage "cargo clippy (native, all targets; wasm library)"
cargo clippy --all-targets --quiet -- -D warnings
if [ $QUICK = 0 ]; then
  cargo clippy --lib --quiet --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings
fi
done_stage

stage "native tests (unit, integration, SQLite + PostgreSQL)"
cargo nextest run --no-fail-fast --status-level fail --final-status-level slow
cargo test --doc --quiet
done_stage

if [ $QUICK = 0 ]; then
  stage "detector in headless Chromium (wasm-bindgen-test)"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --target wasm32-unknown-unknown --no-default-features --features wasm --test wasm_detector
  done_stage

  stage "wasm size budget"
  scripts/size.sh
  done_stage

  # ---- shopper widget: reader (src/widget) and writer (src/widget/writer),
  # www/, tests/widget_*.rs, tests/e2e/ ----
  stage "widget: clippy (wasm, reader and writer) and components in headless Chromium"
  cargo clippy --lib --quiet --target wasm32-unknown-unknown --no-default-features --features widget -- -D warnings
  cargo clippy --lib --quiet --target wasm32-unknown-unknown --no-default-features --features writer -- -D warnings
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --target wasm32-unknown-unknown --no-default-features --features widget --test widget_reader
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --target wasm32-unknown-unknown --no-default-features --features writer --test widget_writer
  done_stage

  # ---- moderation panel (src/panel, tests/e2e/panel.e2e.cjs) ----
  stage "panel: clippy (wasm) and unit tests"
  cargo clippy --lib --quiet --target wasm32-unknown-unknown --no-default-features --features panel -- -D warnings
  cargo test --lib --quiet --no-default-features --features panel panel::
  done_stage

  stage "widget and panel: end to end in Chromium against candor demo (Playwright, axe)"
  tests/e2e/run.sh
  done_stage

  stage "the OpenAPI document against the running server (schemathesis, --checks all)"
  scripts/schemathesis.sh
  done_stage

  stage "widget bundle budget and package contents"
  scripts/widget-size.sh --no-build # pkg/ as tests/e2e/run.sh built it
  done_stage
fi

printf '\n\033[1;32mall tests passed\033[0m (%ss)\n' "$SECONDS"
