#!/usr/bin/env bash
# The main job: builds everything and starts the demo storefront — the server
# on embedded SQLite with a seeded shop `demo`, the widget on a product page —
# then prints the URL and a merchant login (open URL#candor-admin for the
# moderation panel). Set-up happens on first run.
#
#   scripts/demo.sh [--addr 127.0.0.1:8080] [--db sqlite://candor-demo.db]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source .tools/env.sh
if [ -x scripts/build-widget.sh ]; then scripts/build-widget.sh; fi
if [ -x scripts/build-panel.sh ]; then scripts/build-panel.sh; fi
cargo build --release --quiet
exec target/release/candor demo "$@"
