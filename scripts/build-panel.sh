#!/usr/bin/env bash
# Builds the merchant's moderation panel into pkg/panel/: the wasm (cdylib
# with LTO, feature `panel`), wasm-bindgen --target web, wasm-opt -Oz, a
# content-hashed .wasm name, and candor-panel.js = the glue plus the
# start({api, site, lang}) wrapper (src/panel/js/panel.js). Same pipeline as
# scripts/build-widget.sh; the widget's loader imports the panel from
# /widget/panel/candor-panel.js only for a merchant.
#
#   scripts/build-panel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .tools/env.sh ] || scripts/setup.sh >/dev/null
source .tools/env.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/widget}"

cargo rustc --quiet --profile wasm-release --target wasm32-unknown-unknown \
  --no-default-features --features panel --lib --crate-type cdylib

WORK=target/panel-bindgen
rm -rf "$WORK"; mkdir -p "$WORK"
wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name candor_panel \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/candor.wasm"
wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$WORK/candor_panel_bg.wasm" -o "$WORK/candor_panel_bg.opt.wasm"

HASH=$(sha256sum "$WORK/candor_panel_bg.opt.wasm" | cut -c1-12)
WASM="candor-panel_bg.$HASH.wasm"

rm -rf pkg/panel; mkdir -p pkg/panel
cp "$WORK/candor_panel_bg.opt.wasm" "pkg/panel/$WASM"
{ cat "$WORK/candor_panel.js"; echo; sed "s/__CANDOR_PANEL_WASM__/$WASM/" src/panel/js/panel.js; } > pkg/panel/candor-panel.js
printf 'built pkg/panel/: candor-panel.js, %s (%s bytes, %s gzip -9)\n' "$WASM" \
  "$(stat -c %s "pkg/panel/$WASM")" "$(gzip -9c "pkg/panel/$WASM" | wc -c)"
