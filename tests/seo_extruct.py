"""Reads an HTML page on stdin and prints, as JSON, the JSON-LD items that
extruct (the structured-data extractor crawlers' tooling uses) finds in it.
Called by tests/seo.rs with the tools cache's Python (scripts/setup.sh)."""
import json
import sys

import extruct

html = sys.stdin.read()
data = extruct.extract(html, base_url="http://localhost/", syntaxes=["json-ld"], uniform=True)
json.dump(data["json-ld"], sys.stdout)
