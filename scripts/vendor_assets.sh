#!/usr/bin/env bash
# Copy the npm front-end packages into the app's static folder, so every asset is served by WorkBridge itself.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=workbridge/static/vendor
mkdir -p "$dest"
if [ ! -f node_modules/htmx.org/dist/htmx.min.js ] || [ ! -f node_modules/echarts/dist/echarts.min.js ] \
  || [ ! -f node_modules/leaflet/dist/leaflet.js ]; then
  # A machine with only Python gets Node.js and npm from Debian, the same way `make test` gets Chromium.
  if ! command -v npm >/dev/null; then
    echo "installing: nodejs npm (Debian packages, needed once to fetch htmx and ECharts)"
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
# Leaflet draws the optional workplace map; its tiles come only from a server the operator configures.
mkdir -p "$dest/leaflet/images"
# the source map too: leaflet.js names it, and the production static storage checks every file a script names
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css "$dest/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$dest/leaflet/images/"
echo "vendored: htmx $(node -p "require('./node_modules/htmx.org/package.json').version"), echarts $(node -p "require('./node_modules/echarts/package.json').version")", \
  "leaflet $(node -p "require('./node_modules/leaflet/package.json').version")"
