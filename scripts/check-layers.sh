#!/usr/bin/env bash
# The server's layers, enforced: nothing under src/server/rules/ or
# src/server/storage/ may import the HTTP layer (src/server/http/), axum,
# tower, or a request/response DTO (nor may the markup in src/server/seo/);
# the shared wire shapes (src/server/wire/)
# may not import the HTTP layer either; and no module under src/server/
# imports a module that imports it back (checked on `use` lines, which is how
# every module here names another). Exits 1 with the offending lines.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

forbidden='(crate|candor)::server::http\b|\baxum::|\btower(_http)?::|\bdto::'
for dir in src/server/rules src/server/storage src/server/wire src/server/seo; do
  if hits=$(grep -rnE "$forbidden" "$dir" --include=*.rs | grep -vE '^\S+:[0-9]+:\s*//'); then
    echo "layer violation: $dir must not use the HTTP layer, axum or DTOs:" >&2
    echo "$hits" >&2
    status=1
  fi
done

# Import circles between the server's top-level modules and the rules'
# modules: build the "uses" graph from `use crate::server::…` lines and look
# for a cycle.
python3 - <<'PY' || status=1
import pathlib, re, sys
root = pathlib.Path("src/server")
def module_of(path):
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    # Group by the unit that owns the code: rules/<file>, http, storage, …
    if parts and parts[0] == "rules" and len(parts) > 1:
        return "rules::" + parts[1]
    return parts[0] if parts else "server"
graph = {}
for path in root.rglob("*.rs"):
    me = module_of(path)
    text = path.read_text()
    # test modules may reach anywhere
    text = text.split("#[cfg(test)]")[0]
    text = re.sub(r"//[^\n]*", "", text)
    for m in re.finditer(r"crate::server::(rules::)?([a-z_]+)", text):
        other = ("rules::" + m.group(2)) if m.group(1) else m.group(2)
        if other in ("now_ms", "AppState", "app") or other == me:
            continue
        if other == "rules":
            continue
        graph.setdefault(me, set()).add(other)
# Allowed upward references: the top-level wiring (mod.rs, run, demo) and
# `http` may use everything; nothing in rules/storage/wire may use http.
cycles = []
def dfs(node, stack, seen):
    for nxt in sorted(graph.get(node, ())):
        if nxt in stack:
            cycles.append(stack[stack.index(nxt):] + [nxt])
        elif nxt not in seen:
            seen.add(nxt)
            dfs(nxt, stack + [nxt], seen)
for start in sorted(graph):
    dfs(start, [start], {start})
unique = {tuple(sorted(set(c))) : c for c in cycles}
if unique:
    print("import circles in src/server:", file=sys.stderr)
    for c in unique.values():
        print("  " + " -> ".join(c), file=sys.stderr)
    sys.exit(1)
PY
[ $status = 0 ] && echo "layers: rules, storage and wire import no HTTP; no import circles in src/server"
exit $status
