#!/usr/bin/env python3
"""A small street-basemap archive for the tests (issue #17), made from data already in the repo.

    target/basemap-venv/bin/python scripts/make-test-basemap.py OUTPUT.pmtiles

No OpenStreetMap extract is reachable from the test machines, so the browser tests draw this
instead: vector tiles (MVT, gzip) in a PMTiles v3 archive, in the layers and properties of the
Protomaps basemap that protomaps-leaflet draws (and an operator's extract has):

- `earth`: land, from our Natural Earth outlines (web/static/basemap/world-110m.json);
- `places`: the GeoNames places of data/cities.csv, `kind` locality (or neighbourhood for a place
  within 8 km of a more populous one: GeoNames files city quarters as places of their own), with
  `name`, `name:ar` where GeoNames has an Arabic name, `population`, `population_rank` and
  `min_zoom`.

Only the tiles over AREA (Jerusalem and around) are written, at every zoom from 0 to 15, so the
file stays small (tens of KB) and is written in a second. scripts/test.sh installs the writer
(`pmtiles`) and the encoder (`mapbox-vector-tile`), pinned, into target/basemap-venv.
"""

import csv
import gzip
import json
import math
import sys
from pathlib import Path

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.ops import transform

ROOT = Path(__file__).resolve().parent.parent
# lon/lat box of the tiles written: East Jerusalem, the Old City and around.
AREA = (35.15, 31.72, 35.32, 31.84)
MAX_ZOOM = 15
HALF_WORLD = 20037508.342789244  # metres, Web Mercator
EXTENT = 4096


def mercator(lon, lat, z=None):
    lat = max(min(lat, 85.0511), -85.0511)
    x = lon * HALF_WORLD / 180.0
    y = math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * HALF_WORLD / math.pi
    return x, y


def tile_bounds(z, x, y):
    """The tile's box in Web Mercator metres (min x, min y, max x, max y)."""
    size = 2 * HALF_WORLD / (1 << z)
    return (-HALF_WORLD + x * size, HALF_WORLD - (y + 1) * size, -HALF_WORLD + (x + 1) * size, HALF_WORLD - y * size)


def tiles_over(area, z):
    def tile(lon, lat):
        n = 1 << z
        tx = int((lon + 180.0) / 360.0 * n)
        ty = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
        return min(tx, n - 1), min(ty, n - 1)

    (x0, y0), (x1, y1) = tile(area[0], area[3]), tile(area[2], area[1])
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def land():
    """Natural Earth land as one shape in Web Mercator metres."""
    data = json.loads((ROOT / "web/static/basemap/world-110m.json").read_text())
    scale = data["scale"]

    def decode(encoded):
        points, x, y = [], 0, 0
        for i in range(0, len(encoded) - 1, 2):
            x += encoded[i]
            y += encoded[i + 1]
            points.append(mercator(x / scale, y / scale))
        return points

    polygons = []
    for polygon in data["land"]:
        rings = [decode(ring) for ring in polygon]
        shape = Polygon(rings[0], rings[1:]).buffer(0)
        if not shape.is_empty:
            polygons.append(shape)
    return MultiPolygon([p for s in polygons for p in getattr(s, "geoms", [s])])


def places():
    with open(ROOT / "data/cities.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Only around AREA: the tiles hold nothing else.
    rows = [r for r in rows if AREA[0] - 1 < float(r["lon"]) < AREA[2] + 1 and AREA[1] - 1 < float(r["lat"]) < AREA[3] + 1]
    rows.sort(key=lambda r: -int(r["population"]))
    kept = []
    for row in rows:
        lon, lat, population = float(row["lon"]), float(row["lat"]), int(row["population"])
        near_bigger = any(abs(lon - k[0]) < 0.085 and abs(lat - k[1]) < 0.072 for k in kept)
        kept.append((lon, lat))
        properties = {
            "kind": "neighbourhood" if near_bigger else "locality",
            "name": row["name"],
            "population": population,
            "population_rank": min(15, max(1, int(math.log10(max(population, 1)) * 2))),
            "min_zoom": 2 if population > 1_000_000 else 5 if population > 200_000 else 8,
        }
        if row["name_ar"]:
            properties["name:ar"] = row["name_ar"]
        yield Point(mercator(lon, lat)), properties


def main(output):
    earth = land()
    all_places = list(places())
    local_places = all_places
    tiles = []
    for z in range(MAX_ZOOM + 1):
        for x, y in tiles_over(AREA, z):
            bounds = tile_bounds(z, x, y)
            clip = box(*bounds)
            layers = []
            shape = earth.intersection(clip)
            if not shape.is_empty:
                layers.append({"name": "earth", "features": [{"geometry": shape, "properties": {"kind": "earth"}}]})
            named = [
                {"geometry": point, "properties": props}
                for point, props in local_places
                if clip.contains(point) and props["min_zoom"] <= max(z, 8)
            ]
            if named:
                layers.append({"name": "places", "features": named})
            data = mapbox_vector_tile.encode(
                layers, default_options={"quantize_bounds": bounds, "extents": EXTENT}
            )
            tiles.append((zxy_to_tileid(z, x, y), gzip.compress(data, mtime=0)))
    tiles.sort()
    with write(output) as writer:
        for tile_id, data in tiles:
            writer.write_tile(tile_id, data)
        e7 = lambda v: int(v * 10_000_000)
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": e7(AREA[0]),
                "min_lat_e7": e7(AREA[1]),
                "max_lon_e7": e7(AREA[2]),
                "max_lat_e7": e7(AREA[3]),
                "center_zoom": 14,
                "center_lon_e7": e7(35.2345),
                "center_lat_e7": e7(31.7767),
            },
            {
                "name": "solidarity-map test basemap",
                "attribution": "Natural Earth; GeoNames (CC-BY 4.0)",
                "vector_layers": [
                    {"id": "earth", "fields": {"kind": "String"}},
                    {"id": "places", "fields": {"kind": "String", "name": "String", "name:ar": "String", "population": "Number"}},
                ],
            },
        )
    print(f"{output}: {len(tiles)} tiles, {Path(output).stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
