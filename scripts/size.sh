#!/usr/bin/env bash
# Size benchmark: what the detector adds to a wasm bundle (gzip -9 of the
# optimised wasm + JS glue), measured against a baseline module with the same
# export and no detector. Prints a table; exits non-zero over the 30 KB budget.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source .tools/env.sh

OUT=target/size
rm -rf "$OUT"; mkdir -p "$OUT"
FLAGS=(--profile wasm-release --target wasm32-unknown-unknown --no-default-features --features wasm)
cargo rustc "${FLAGS[@]}" --lib --crate-type cdylib --quiet
cargo build "${FLAGS[@]}" --example wasm_baseline --quiet
WASM_DIR=target/wasm32-unknown-unknown/wasm-release

bundle() { # name input.wasm -> prints "wasm_gz js_gz total_gz"
  local name=$1 input=$2
  wasm-bindgen --target web --out-dir "$OUT/$name" --out-name "$name" "$input"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$OUT/$name/${name}_bg.wasm" -o "$OUT/$name/${name}_bg.wasm"
  local w j
  w=$(gzip -9 -c "$OUT/$name/${name}_bg.wasm" | wc -c)
  j=$(gzip -9 -c "$OUT/$name/${name}.js" | wc -c)
  echo "$w $j $((w + j))"
}

read -r dw dj dt < <(bundle detector "$WASM_DIR/candor.wasm")
read -r bw bj bt < <(bundle baseline "$WASM_DIR/examples/wasm_baseline.wasm")
added=$((dt - bt))
budget=$((30 * 1024))
printf '| module | wasm gz | js gz | total gz |\n|---|---:|---:|---:|\n'
printf '| baseline (same export, no detector) | %d | %d | %d |\n' "$bw" "$bj" "$bt"
printf '| detector | %d | %d | %d |\n' "$dw" "$dj" "$dt"
printf '\ndetector adds %d bytes (%.1f KB) gzip -9; budget %d KB\n' "$added" "$(echo "$added/1024" | bc -l)" $((budget / 1024))
[ "$added" -le "$budget" ] || { echo "size: over budget" >&2; exit 1; }
