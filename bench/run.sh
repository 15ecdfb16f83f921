#!/usr/bin/env bash
# Benchmarks, side by side with the Python reference (pandas / scikit-learn from Debian) in one run.
# Usage: bash bench/run.sh [load|recommend|quality|http|profile|discover|classify|xgboost|map]   (default: all benches but profile)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import pandas, sklearn, xgboost' 2>/dev/null; then
  echo "installing the reference (Debian python3-pandas, python3-sklearn, python3-xgboost)..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-sklearn python3-xgboost >&2
fi
npm run --silent build
which="${1:-all}"
if [ "$which" = all ] || [ "$which" = load ]; then node dist/bench/load.js; fi
if [ "$which" = all ] || [ "$which" = recommend ]; then node dist/bench/recommend.js; fi
if [ "$which" = all ] || [ "$which" = quality ]; then node dist/bench/recommendQuality.js; fi
if [ "$which" = all ] || [ "$which" = http ]; then node dist/bench/http.js; fi
# Not in `all`: what each request kind of the http bench costs in-process (recommend, JSON, Fastify route).
if [ "$which" = profile ]; then node dist/bench/recommendProfile.js; fi
if [ "$which" = all ] || [ "$which" = discover ]; then node dist/bench/discover.js; fi
if [ "$which" = all ] || [ "$which" = classify ]; then node dist/bench/classify.js; fi
if [ "$which" = all ] || [ "$which" = xgboost ]; then node dist/bench/classifyXgboost.js; fi
if [ "$which" = all ] || [ "$which" = map ]; then node dist/bench/map.js; fi
