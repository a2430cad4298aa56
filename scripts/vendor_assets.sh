#!/usr/bin/env bash
# Copy the npm front-end packages into the app's static folder, so every asset is served by WorkBridge itself.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=workbridge/static/vendor
mkdir -p "$dest"
if [ ! -f node_modules/htmx.org/dist/htmx.min.js ] || [ ! -f node_modules/echarts/dist/echarts.min.js ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
echo "vendored: htmx $(node -p "require('./node_modules/htmx.org/package.json').version"), echarts $(node -p "require('./node_modules/echarts/package.json').version")"
