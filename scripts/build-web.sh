#!/usr/bin/env bash
# Builds the web app into web/dist: the wasm module (size-optimised profile, then wasm-bindgen),
# the static files and the vendored Leaflet, then a Brotli copy of each compressible file.
# No download happens here. Usage: scripts/build-web.sh [server binary, default: a debug build]
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p web --bins --target wasm32-unknown-unknown --profile wasm-release
rm -rf web/dist
mkdir -p web/dist/pkg web/dist/vendor
# Four bundles: `web` (the map, what most visitors load), `pages` (joining, owning, contact, resources, about), `admin` (the dashboard) and `events` (the map's events layer, loaded when turned on).
for bundle in web pages admin events; do
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir web/dist/pkg "target/wasm32-unknown-unknown/wasm-release/$bundle.wasm"
done
# The map's bundle, what every first visit loads, through binaryen's wasm-opt -Oz from npm
# (binaryen@132: Debian's wasm-opt 108 makes a module Chromium cannot run, see the toolchain
# notes): 1.5 KB less after Brotli, which kept issue #19's first visit within 300 KB. The other
# bundles load later and are left as they are (the optimiser takes seconds per bundle).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  web/dist/pkg/web_bg.wasm -o web/dist/pkg/web_bg.wasm
# wasm-bindgen's glue, minified: 1.8 KiB less on the first visit (issue #17's budget). Names the
# wasm module imports are object keys, which terser leaves alone.
for glue in web/dist/pkg/*.js; do
  node node_modules/terser/bin/terser "$glue" --module --compress --mangle --output "$glue"
done
cp -r web/static/. web/dist/
cp -r web/vendor/leaflet web/dist/vendor/leaflet
# The street basemap's renderer, loaded only when a map with a basemap is zoomed in.
cp -r web/vendor/protomaps-leaflet web/dist/vendor/protomaps-leaflet

server=${1:-}
if [ -z "$server" ]; then
  cargo build -p solidarity-map
  server=target/debug/solidarity-map
fi
"$server" precompress web/dist
echo "web app built: $(du -sh web/dist | cut -f1) in web/dist (wasm: map $(stat -c %s web/dist/pkg/web_bg.wasm), pages $(stat -c %s web/dist/pkg/pages_bg.wasm), admin $(stat -c %s web/dist/pkg/admin_bg.wasm) bytes)"
