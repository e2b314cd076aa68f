// Derives the self-hosted basemap from the npm package world-atlas (Natural Earth 1:110m, public
// domain). Run after changing world-atlas:  npm ci && node scripts/derive-basemap.mjs
//
// The first visit downloads it, so it is made small: land is drawn once (countries merged) and
// each border once (a mesh, not every country's own ring, which would draw every border twice);
// coordinates are whole tenths of a degree (about 11 km, the precision of 1:110m data), each
// point stored as the difference from the one before. The web app turns it back into GeoJSON
// (web/src/basemap.rs). Two files: `world-110m.json`, the whole data, and `world-110m-low.json`,
// simplified (Visvalingam, on the topology so land and borders stay in step) so that no step is
// visible at the world view (zoom 2 and below), which the world view loads instead (issue #17's
// budget). Format:
//   { "scale": 10, "land": [polygon...], "borders": [line...] }
//   polygon = [ring...] (first the outer ring, then holes); ring, line = [x0, y0, dx1, dy1, ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { merge, mesh } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';

const SCALE = 10;
// Points whose triangle with their neighbours is smaller than this (square degrees) are dropped
// in the world view's file. At zoom 2, the world view's, a degree is 2.8 px: 0.4 deg² is a
// triangle of 3 px², and islands smaller than that are a dot under a marker anyway.
const WORLD_VIEW_MIN_AREA = 0.4;
const world = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));

// A ring that crosses the antimeridian would be drawn as a stroke across the whole world: keep
// it continuous by shifting the points past the crossing by 360 degrees (Eurasia's ring, which
// takes in Chukotka, runs on to 190°E). A ring that crosses only once goes round the pole
// (Antarctica) and is left as it is.
const unwrap = (points) => {
  const crossings = points.slice(1).filter(([lon], i) => Math.abs(lon - points[i][0]) > 180);
  if (crossings.length % 2 === 1) return points;
  let shift = 0;
  return points.map(([lon, lat], i) => {
    const step = i === 0 ? 0 : lon - points[i - 1][0];
    if (step > 180) shift -= 360;
    if (step < -180) shift += 360;
    return [lon + shift, lat];
  });
};

// Whole tenths, repeated points dropped, then differences.
const encode = (points) => {
  const encoded = [];
  let [lastX, lastY] = [0, 0];
  for (const [lon, lat] of unwrap(points)) {
    const [x, y] = [Math.round(lon * SCALE), Math.round(lat * SCALE)];
    if (encoded.length > 0 && x === lastX && y === lastY) continue;
    encoded.push(x - lastX, y - lastY);
    [lastX, lastY] = [x, y];
  }
  return encoded;
};

const write = (topology, file) => {
  const countries = topology.objects.countries;
  const land = merge(topology, countries.geometries);
  const borders = mesh(topology, countries, (a, b) => a !== b);
  const out = {
    scale: SCALE,
    // A ring needs three points and a line two; simplifying can leave fewer.
    land: land.coordinates
      .map((polygon) => polygon.map(encode))
      .filter(([outer]) => outer.length >= 6)
      .map((rings) => rings.filter((ring) => ring.length >= 6)),
    borders: borders.coordinates.map(encode).filter((line) => line.length >= 4),
  };
  writeFileSync(`web/static/basemap/${file}`, JSON.stringify(out));
  console.log(`${file}: ${out.land.length} land polygons and ${out.borders.length} borders`);
};

write(world, 'world-110m.json');
write(simplify(presimplify(structuredClone(world)), WORLD_VIEW_MIN_AREA), 'world-110m-low.json');
