// Derives the self-hosted basemap from the npm package world-atlas (Natural Earth 1:110m, public
// domain). Run after changing world-atlas:  npm ci && node scripts/derive-basemap.mjs
//
// The first visit downloads it, so it is made small: land is drawn once (countries merged) and
// each border once (a mesh, not every country's own ring, which would draw every border twice);
// coordinates are whole tenths of a degree (about 11 km, the precision of 1:110m data), each
// point stored as the difference from the one before. The web app turns it back into GeoJSON
// (web/src/basemap.rs). Format:
//   { "scale": 10, "land": [polygon...], "borders": [line...] }
//   polygon = [ring...] (first the outer ring, then holes); ring, line = [x0, y0, dx1, dy1, ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { merge, mesh } from 'topojson-client';

const SCALE = 10;
const topology = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));
const countries = topology.objects.countries;

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

const land = merge(topology, countries.geometries);
const borders = mesh(topology, countries, (a, b) => a !== b);
const out = {
  scale: SCALE,
  land: land.coordinates.map((polygon) => polygon.map(encode)),
  borders: borders.coordinates.map(encode),
};
writeFileSync('web/static/basemap/world-110m.json', JSON.stringify(out));
console.log(`${out.land.length} land polygons and ${out.borders.length} borders written`);
