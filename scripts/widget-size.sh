#!/usr/bin/env bash
# Bundle budget of the shopper widget: gzip -9 of what a shopper downloads,
# against the 90 KB budget, with a breakdown of the wasm by section and by
# crate so it is clear what costs what. Per part: the reader's download
# (candor.js + its .wasm; the CSS is compiled into the wasm and is also shown
# on its own), the writer module (candor_write: the form with the live
# checker's detector and the tracking cards, fetched when a shopper writes),
# and the writer's total download (reader + writer module). The budget is
# checked against the reader's.
#
#   scripts/widget-size.sh             build pkg/ first, then measure
#   scripts/widget-size.sh --no-build  measure the current pkg/
# Exits non-zero when the reader's download is over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = --no-build ] || scripts/build-widget.sh >/dev/null

BUDGET=$((90 * 1024))
gz() { gzip -9 -c "$1" | wc -c; }
WASM=$(ls pkg/candor_bg.*.wasm)
WWASM=$(ls pkg/candor_write_bg.*.wasm); WJS=$(ls pkg/candor_write.*.js)
# The stylesheet as compiled in: minified by build.rs (the source if no build
# output is around).
CSS=$(ls -t "${CARGO_TARGET_DIR:-target/widget}"/wasm32-unknown-unknown/wasm-release/build/candor-*/out/widget.min.css 2>/dev/null | head -1)
CSS=${CSS:-src/widget/style.css}
wasm_gz=$(gz "$WASM"); js_gz=$(gz pkg/candor.js); css_gz=$(gz "$CSS")
wwasm_gz=$(gz "$WWASM"); wjs_gz=$(gz "$WJS")
total=$((wasm_gz + js_gz))
write_module=$((wwasm_gz + wjs_gz))
writer=$((total + write_module))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
row() { printf '| %s | %s | %s |\n' "$1" "$(kb "$(wc -c <"$2")")" "$(kb "$3")"; }

printf '| part | raw | gzip -9 |\n|---|---:|---:|\n'
row "wasm ($(basename "$WASM"))" "$WASM" "$wasm_gz"
row "JS (candor.js: glue + element, minified)" pkg/candor.js "$js_gz"
row "CSS (style.css minified, inside the wasm)" "$CSS" "$css_gz"
printf '| **reader download** (wasm + JS) | | **%s** |\n' "$(kb "$total")"
row "writer wasm ($(basename "$WWASM"), when a shopper writes)" "$WWASM" "$wwasm_gz"
row "writer JS ($(basename "$WJS"))" "$WJS" "$wjs_gz"
printf '| writer module (wasm + JS) | | %s |\n' "$(kb "$write_module")"
printf '| **writer download** (reader + writer module) | | **%s** |\n' "$(kb "$writer")"
stars_gz=$(gz pkg/candor-stars.js)
row "star badges (candor-stars.js, category pages; budget 3 KB)" pkg/candor-stars.js "$stars_gz"
printf '\n'

# What each wasm is made of: sections of the shipped file, and code by crate
# (from the symbol names of the un-optimised cdylib, before wasm-opt; sizes
# there are raw and larger, read them as proportions).
breakdown() {
printf '%s\n\n' "$1"
python3 - "$2" "$3" <<'PY'
import collections, gzip, re, sys

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i

def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]; size, i = leb(b, i + 1)
        yield sid, b[i:i + size]
        i += size

shipped = open(sys.argv[1], "rb").read()
names = {10: "code", 11: "data (strings: lexicons, catalogue, CSS, tables)"}
print("| wasm section | raw | gzip -9 |\n|---|---:|---:|")
for sid, body in sections(shipped):
    if sid in names:
        print(f"| {names[sid]} | {len(body)/1024:.1f} KB | {len(gzip.compress(body, 9))/1024:.1f} KB |")

raw = open(sys.argv[2], "rb").read()
fn_names, imports, code = {}, 0, None
for sid, body in sections(raw):
    if sid == 2:
        n, k = leb(body, 0)
        for _ in range(n):
            for _ in range(2):
                ln, k = leb(body, k); k += ln
            kind = body[k]; k += 1
            if kind == 0:
                _, k = leb(body, k); imports += 1
            elif kind == 1:
                k += 1; fl = body[k]; k += 1; _, k = leb(body, k)
                if fl & 1: _, k = leb(body, k)
            elif kind == 2:
                fl = body[k]; k += 1; _, k = leb(body, k)
                if fl & 1: _, k = leb(body, k)
            elif kind == 3:
                k += 2
    elif sid == 10:
        code = body
    elif sid == 0:
        ln, k = leb(body, 0)
        if body[k:k + ln] == b"name":
            k += ln
            while k < len(body):
                sub = body[k]; size, k = leb(body, k + 1); end = k + size
                if sub == 1:
                    n, k = leb(body, k)
                    for _ in range(n):
                        idx, k = leb(body, k); ln, k = leb(body, k)
                        fn_names[idx] = body[k:k + ln].decode("utf8", "replace"); k += ln
                k = end

def group(name):
    if name.startswith("_ZN"):
        parts, i = [], 3
        while i < len(name) and name[i].isdigit():
            j = i
            while name[j].isdigit(): j += 1
            n = int(name[i:j]); parts.append(name[j:j + n]); i = j + n
        path = "::".join(parts).replace("$LT$", "<").replace("..", "::").lstrip("_<&")
    else:
        path = "::".join(re.findall(r"\d+([a-zA-Z_][a-zA-Z0-9_]*)", name)[:3]) or name
    p = path.split("::")
    if p[0] == "candor" and len(p) > 2:
        return "::".join(p[:3]) if p[1] in ("widget", "core") else "::".join(p[:2])
    if p[0] == "yew" and len(p) > 1:
        return "yew::" + p[1]
    return p[0] if re.match(r"^[a-z_][a-z0-9_]*$", p[0]) else "other"

if code is not None:
    count, k = leb(code, 0)
    sizes = collections.Counter()
    for f in range(count):
        size, k2 = leb(code, k)
        sizes[group(fn_names.get(f + imports, "?"))] += k2 - k + size
        k = k2 + size
    total = sum(sizes.values())
    print("\n| code by crate (pre-wasm-opt share) | share |\n|---|---:|")
    for name, size in sizes.most_common(16):
        print(f"| {name} | {100*size/total:.0f}% |")
PY
printf '\n'
}
breakdown "Reader ($(basename "$WASM")):" "$WASM" target/widget-bindgen/candor.pre-opt.wasm
breakdown "Writer module ($(basename "$WWASM")):" "$WWASM" target/widget-bindgen/candor_write.pre-opt.wasm

printf 'reader download: %s gzip -9 (budget %s); writer module: %s; writer download: %s\n' \
  "$(kb "$total")" "$(kb "$BUDGET")" "$(kb "$write_module")" "$(kb "$writer")"
# The npm package must carry every module candor.js can import.
packed=$(cd pkg && npm pack --dry-run --json 2>/dev/null | python3 -c \
  'import json, sys; print("\n".join(f["path"] for f in json.load(sys.stdin)[0]["files"]))')
for file in pkg/candor.js "$WASM" "$WWASM" "$WJS" pkg/candor.d.ts pkg/candor-stars.js; do
  grep -qx "$(basename "$file")" <<<"$packed" || { echo "widget-size: $(basename "$file") is missing from the npm package (pkg/package.json files)" >&2; exit 1; }
done
if [ "$stars_gz" -gt 3072 ]; then
  echo "widget-size: candor-stars.js is $(kb "$stars_gz") gzip, over its 3 KB budget" >&2
  exit 1
fi
if [ "$total" -gt "$BUDGET" ]; then
  echo "widget-size: OVER BUDGET by $(kb $((total - BUDGET)))" >&2
  exit 1
fi
