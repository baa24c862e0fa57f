#!/usr/bin/env bash
# Builds the shopper widget into pkg/: the wasm (cdylib with LTO, see the LTO
# trap in BUILD-NOTES), wasm-bindgen --target web, wasm-opt -Oz, a
# content-hashed .wasm name, and candor.js = the wasm-bindgen glue plus the
# <candor-reviews> element (src/widget/js/element.js), minified with terser
# (scripts/tools/minify), candor.d.ts and
# package.json; and the writer (the form with the live checker's detector
# and the complaint tracking cards, yew, src/widget/writer/) as a second
# module (candor_write.<hash>.js + candor_write_bg.<hash>.wasm) that
# candor.js imports only when a shopper writes. pkg/README.md and
# pkg/panel/ (the moderation panel's bundle) are kept; the rest is replaced.
#
#   scripts/build-widget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TERSER=.tools/minify/node_modules/.bin/terser
[ -f .tools/env.sh ] && [ -x "$TERSER" ] || scripts/setup.sh >/dev/null
source .tools/env.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/widget}"

WORK=target/widget-bindgen
rm -rf "$WORK"; mkdir -p "$WORK"
OUT="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/candor.wasm"
minify() { # in.js out.js: minified as a module (top-level exports keep their names)
  "$TERSER" "$1" --module --ecma 2020 --compress passes=2 --mangle --comments false -o "$2"
}
# wasm-bindgen, wasm-opt and a content hash: build NAME FEATURES
build() {
  local name=$1 features=$2
  cargo rustc --quiet --profile wasm-release --target wasm32-unknown-unknown \
    --no-default-features --features "$features" --lib --crate-type cdylib
  cp "$OUT" "$WORK/$name.pre-opt.wasm" # kept for the size script's breakdown
  wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name "$name" "$OUT"
  wasm-opt -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$WORK/${name}_bg.wasm" -o "$WORK/${name}_bg.opt.wasm"
  echo "${name}_bg.$(sha256sum "$WORK/${name}_bg.opt.wasm" | cut -c1-12).wasm"
}

# The reader (readers download only this) and the writer module (fetched when
# a shopper writes).
WASM=$(build candor widget)
WRITE_WASM=$(build candor_write writer)
minify "$WORK/candor_write.js" "$WORK/candor_write.min.js"
WRITE_JS="candor_write.$(sha256sum "$WORK/candor_write.min.js" | cut -c1-12).js"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
JS=src/widget/js

find pkg -maxdepth 1 -type f ! -name README.md -delete
cp "$WORK/candor_bg.opt.wasm" "pkg/$WASM"
cp "$WORK/candor_write_bg.opt.wasm" "pkg/$WRITE_WASM"
cp "$WORK/candor_write.min.js" "pkg/$WRITE_JS"
{ cat "$WORK/candor.js"; echo; sed -e "s/__CANDOR_WASM__/$WASM/" -e "s/__CANDOR_WRITE_JS__/$WRITE_JS/" \
  -e "s/__CANDOR_WRITE_WASM__/$WRITE_WASM/" "$JS/element.js"; } > "$WORK/candor.full.js"
minify "$WORK/candor.full.js" pkg/candor.js
# The category pages' star badges: a separate tiny module, no wasm (docs/seo.md).
minify "$JS/stars.js" pkg/candor-stars.js
cp "$JS/candor.d.ts" pkg/candor.d.ts
sed "s/__VERSION__/$VERSION/" "$JS/package.json" > pkg/package.json
printf 'built pkg/: candor.js, candor-stars.js, %s, %s, %s, candor.d.ts, package.json\n' "$WASM" \
  "$WRITE_JS" "$WRITE_WASM"
