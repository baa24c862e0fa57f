#!/usr/bin/env bash
# Builds the shopper widget into pkg/: the wasm (cdylib with LTO, see the LTO
# trap in BUILD-NOTES), wasm-bindgen --target web, wasm-opt -Oz, a
# content-hashed .wasm name, and candor.js = the wasm-bindgen glue plus the
# <candor-reviews> element (src/widget/js/element.js), minified with terser
# (scripts/tools/minify), candor.d.ts and
# package.json. pkg/README.md is kept; everything else in pkg/ is replaced.
#
#   scripts/build-widget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TERSER=.tools/minify/node_modules/.bin/terser
[ -f .tools/env.sh ] && [ -x "$TERSER" ] || scripts/setup.sh >/dev/null
source .tools/env.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/widget}"

cargo rustc --quiet --profile wasm-release --target wasm32-unknown-unknown \
  --no-default-features --features widget --lib --crate-type cdylib

WORK=target/widget-bindgen
rm -rf "$WORK"; mkdir -p "$WORK"
wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name candor \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/candor.wasm"
wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$WORK/candor_bg.wasm" -o "$WORK/candor_bg.opt.wasm"

HASH=$(sha256sum "$WORK/candor_bg.opt.wasm" | cut -c1-12)
WASM="candor_bg.$HASH.wasm"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
JS=src/widget/js

find pkg -maxdepth 1 -type f ! -name README.md -delete
cp "$WORK/candor_bg.opt.wasm" "pkg/$WASM"
{ cat "$WORK/candor.js"; echo; sed "s/__CANDOR_WASM__/$WASM/" "$JS/element.js"; } > "$WORK/candor.full.js"
# Minified as a module (top-level names stay: they are the package's exports).
"$TERSER" "$WORK/candor.full.js" --module --ecma 2020 --compress passes=2 --mangle \
  --comments false -o pkg/candor.js
cp "$JS/candor.d.ts" pkg/candor.d.ts
sed "s/__VERSION__/$VERSION/" "$JS/package.json" > pkg/package.json
printf 'built pkg/: candor.js, %s, candor.d.ts, package.json\n' "$WASM"
