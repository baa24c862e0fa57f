#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: a second run
# with everything present takes a second or two. Safe on a fresh machine.
#
#   scripts/setup.sh            everything (wasm toolchain, Chromium, npm packages)
#   scripts/setup.sh --native   only what the native build needs (nothing extra today)
set -euo pipefail
cd "$(dirname "$0")/.."
# Tools live in a per-user cache shared by every checkout (CI clones afresh each
# run; rebuilding wasm-bindgen-cli each time would cost minutes). `.tools` in
# the checkout is a symlink to it. Everything there can be rebuilt by this script.
TOOLS="${CANDOR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/candor-tools}"
mkdir -p "$TOOLS"
if [ ! -L .tools ] || [ "$(readlink .tools)" != "$TOOLS" ]; then
  rm -rf .tools && ln -s "$TOOLS" .tools
fi

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# 0. extruct (PyPI), the structured-data extractor crawlers' tooling uses,
#    for tests/seo.rs to read the JSON-LD the way a crawler does. Pinned with
#    all its dependencies in scripts/tools/seo-requirements.txt. The native
#    tests need it, so it comes before the --native exit.
PY_SEO="$TOOLS/py-seo"
if [ ! -x "$PY_SEO/bin/python" ] || ! cmp -s scripts/tools/seo-requirements.txt "$PY_SEO/requirements.txt"; then
  log "installing extruct (PyPI) into $PY_SEO"
  rm -rf "$PY_SEO"
  python3 -m venv "$PY_SEO"
  "$PY_SEO/bin/pip" install --quiet --disable-pip-version-check -r scripts/tools/seo-requirements.txt
  cp scripts/tools/seo-requirements.txt "$PY_SEO/requirements.txt"
fi

# 0b. aiosmtpd (PyPI), a real SMTP server the mail tests start
#     (tests/smtp_sink.py). Pinned in scripts/tools/mail-requirements.txt.
PY_MAIL="$TOOLS/py-mail"
if [ ! -x "$PY_MAIL/bin/python" ] || ! cmp -s scripts/tools/mail-requirements.txt "$PY_MAIL/requirements.txt"; then
  log "installing aiosmtpd (PyPI) into $PY_MAIL"
  rm -rf "$PY_MAIL"
  python3 -m venv "$PY_MAIL"
  "$PY_MAIL/bin/pip" install --quiet --disable-pip-version-check -r scripts/tools/mail-requirements.txt
  cp scripts/tools/mail-requirements.txt "$PY_MAIL/requirements.txt"
fi

[ "${1:-}" = "--native" ] && exit 0

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, pinned to exactly the wasm-bindgen version in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; }
WB_BIN="$TOOLS/wasm-bindgen-$WB_VERSION/bin"
if [ ! -x "$WB_BIN/wasm-bindgen" ] || [ ! -x "$WB_BIN/wasm-bindgen-test-runner" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes, once)"
  cargo install --quiet wasm-bindgen-cli --version "$WB_VERSION" --root "$TOOLS/wasm-bindgen-$WB_VERSION"
fi

# 3. npm packages: binaryen (the only wasm-opt that parses wasm-bindgen 0.2.130
#    output), playwright-core and axe-core for browser tests. Pinned in
#    scripts/tools/package.json + package-lock.json.
if [ ! -x "$TOOLS/node/node_modules/.bin/wasm-opt" ] || ! cmp -s scripts/tools/package-lock.json "$TOOLS/node/package-lock.json"; then
  log "installing npm tools (binaryen, playwright-core, axe-core)"
  mkdir -p "$TOOLS/node"
  cp scripts/tools/package.json scripts/tools/package-lock.json "$TOOLS/node/"
  (cd "$TOOLS/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 3b. terser, the minifier for the widget's JS loader, in its own folder: a
#     checkout whose scripts/tools/package.json differs never removes it.
if [ ! -x "$TOOLS/minify/node_modules/.bin/terser" ] || ! cmp -s scripts/tools/minify/package-lock.json "$TOOLS/minify/package-lock.json"; then
  log "installing the JS minifier (terser)"
  mkdir -p "$TOOLS/minify"
  cp scripts/tools/minify/package.json scripts/tools/minify/package-lock.json "$TOOLS/minify/"
  (cd "$TOOLS/minify" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Debian's Chromium and ChromeDriver for headless browser tests.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4b. schemathesis, pinned, in its own virtualenv: fuzzes the served OpenAPI
#     document against the running server (scripts/schemathesis.sh).
ST_VERSION=4.32.5
ST_DIR="$TOOLS/schemathesis-$ST_VERSION"
if [ ! -x "$ST_DIR/bin/schemathesis" ]; then
  log "installing schemathesis $ST_VERSION (PyPI, once)"
  rm -rf "$ST_DIR"
  python3 -m venv "$ST_DIR"
  "$ST_DIR/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

# The other scripts source this file's results through this env file.
cat > "$TOOLS/env.sh" <<ENV
export PATH="$WB_BIN:$ST_DIR/bin:$TOOLS/node/node_modules/.bin:$TOOLS/minify/node_modules/.bin:\$PATH"
export NODE_PATH="$TOOLS/node/node_modules"
export CHROMEDRIVER=/usr/bin/chromedriver
export CHROMIUM=/usr/bin/chromium
ENV
log "tools ready: wasm-bindgen $WB_VERSION, $("$TOOLS/node/node_modules/.bin/wasm-opt" --version), $(chromium --version 2>/dev/null), schemathesis $ST_VERSION"
