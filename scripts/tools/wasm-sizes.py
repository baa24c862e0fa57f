#!/usr/bin/env python3
"""Lists the largest functions and data of a wasm module, by the names in its
`name` section (build without stripping and run wasm-opt with --debuginfo or
not at all). A small stand-in for twiggy, which is not installable offline.

usage: wasm-sizes.py module.wasm [top-N] [substring-to-group-by ...]
"""
import sys
import zlib


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]; i += 1
        result |= (b & 0x7F) << shift; shift += 7
        if b < 0x80:
            return result, i


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    groups = sys.argv[3:]
    buf = open(path, 'rb').read()
    i = 8
    imports = 0
    bodies = []
    names = {}
    data_size = 0
    while i < len(buf):
        sid = buf[i]; i += 1
        size, i = leb(buf, i)
        end = i + size
        if sid == 2:  # imports: count function imports (they shift indices)
            n, j = leb(buf, i)
            for _ in range(n):
                l, j = leb(buf, j); j += l
                l, j = leb(buf, j); j += l
                kind = buf[j]; j += 1
                if kind == 0:
                    _, j = leb(buf, j); imports += 1
                elif kind == 1:
                    j += 1; fl = buf[j]; j += 1; _, j = leb(buf, j)
                    if fl & 1: _, j = leb(buf, j)
                elif kind == 2:
                    fl = buf[j]; j += 1; _, j = leb(buf, j)
                    if fl & 1: _, j = leb(buf, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            n, j = leb(buf, i)
            for _ in range(n):
                l, j = leb(buf, j)
                bodies.append(buf[j:j + l]); j += l
        elif sid == 11:
            data_size = size
        elif sid == 0:
            l, j = leb(buf, i)
            name = buf[j:j + l].decode(); j += l
            if name == 'name':
                while j < end:
                    sub = buf[j]; j += 1
                    sl, j = leb(buf, j)
                    if sub == 1:
                        n, k = leb(buf, j)
                        for _ in range(n):
                            idx, k = leb(buf, k)
                            nl, k = leb(buf, k)
                            names[idx] = buf[k:k + nl].decode('utf-8', 'replace'); k += nl
                    j += sl
        i = end
    rows = []
    for n, body in enumerate(bodies):
        rows.append((len(zlib.compress(body, 9)), len(body), names.get(n + imports, f'func[{n + imports}]')))
    rows.sort(reverse=True)
    total_raw = sum(r[1] for r in rows)
    print(f'{len(rows)} functions, {total_raw} code bytes; data section {data_size} bytes')
    for gz, raw, name in rows[:top]:
        print(f'{raw:8d} {gz:7d}  {name[:140]}')
    for g in groups:
        sel = [r for r in rows if g in r[2]]
        print(f'group {g!r}: {len(sel)} functions, {sum(r[1] for r in sel)} code bytes')


if __name__ == '__main__':
    main()
