#!/usr/bin/env python3
"""Seeds N varied reviews (Candor) or comments (Isso) for the read benchmark.

    bench/seed.py candor http://127.0.0.1:PORT SITE PRODUCT N
    bench/seed.py isso   http://127.0.0.1:PORT URI N

Texts are random sentences from the vocabulary in bench/wrk/load.lua, so no
two share a template (Candor would hold three near-duplicates). Exits
non-zero unless every item was accepted (201) and, for Candor, published.
"""
import json
import pathlib
import random
import re
import sys
import urllib.request

LUA = pathlib.Path(__file__).with_name("wrk") / "load.lua"
WORDS = re.findall(r'"([a-z]+)"', LUA.read_text().split("local words = {", 1)[1].split("}", 1)[0])
NAMES = ["Aigerim", "Dmitry", "Sara", "Nikos", "Maryam", "Tom", "Olga", "Arman", "Eleni", "Reza"]


def text(rng):
    sentences = []
    for _ in range(rng.randint(2, 4)):
        ws = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
        sentences.append(" ".join(ws).capitalize() + ".")
    return " ".join(sentences)


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, json.loads(resp.read())


def main():
    rng = random.Random(20261123)
    kind, base = sys.argv[1], sys.argv[2].rstrip("/")
    if kind == "candor":
        site, product, n = sys.argv[3], sys.argv[4], int(sys.argv[5])
        for i in range(n):
            body = {"kind": "complaint" if i % 5 == 0 else "review", "rating": rng.randint(1, 5),
                    "text": text(rng), "product": product, "author_name": rng.choice(NAMES), "lang": "en"}
            status, out = post(f"{base}/api/v1/sites/{site}/reviews", body)
            if status != 201 or out.get("status") != "published":
                sys.exit(f"seed: review {i} got {status} {out.get('status')}")
    else:
        uri, n = sys.argv[3], int(sys.argv[4])
        for i in range(n):
            body = {"text": text(rng), "author": rng.choice(NAMES), "title": "Product 1"}
            status, _ = post(f"{base}/new?uri={uri}", body)
            if status != 201:
                sys.exit(f"seed: comment {i} got {status}")


if __name__ == "__main__":
    main()
