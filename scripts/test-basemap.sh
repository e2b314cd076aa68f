#!/usr/bin/env bash
# Writes the tests' street-basemap archive, target/test-basemap.pmtiles, from the Natural Earth
# outlines and GeoNames places in the repo (scripts/make-test-basemap.py). The PMTiles writer and
# the MVT encoder come from PyPI, pinned, in a venv under target/ (made once).
set -euo pipefail
cd "$(dirname "$0")/.."

PMTILES_VERSION="3.8.1"
MVT_VERSION="2.2.0"
venv=target/basemap-venv
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('pmtiles') == '$PMTILES_VERSION' and m.version('mapbox-vector-tile') == '$MVT_VERSION'" 2>/dev/null; then
  echo "== installing pmtiles $PMTILES_VERSION and mapbox-vector-tile $MVT_VERSION in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "pmtiles==$PMTILES_VERSION" "mapbox-vector-tile==$MVT_VERSION"
fi
"$venv/bin/python" scripts/make-test-basemap.py target/test-basemap.pmtiles
