// Derives the self-hosted basemap from the npm package world-atlas (Natural Earth 1:110m, public
// domain): country outlines as GeoJSON with coordinates rounded to 0.1 degree (about 11 km,
// about the precision of 1:110m data), which keeps the file small for the first visit. Run after changing world-atlas:
//   npm ci && node scripts/derive-basemap.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const topology = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 10) / 10);
// A ring that crosses the antimeridian would be drawn as a stroke across the whole world; shift
// its western points by 360 degrees so the ring stays continuous.
const unwrap = (ring) => {
  const crosses = ring.some(([lon]) => lon < -170) && ring.some(([lon]) => lon > 170);
  return crosses ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : ring;
};
const unwrapGeometry = (geometry) =>
  geometry.type === 'Polygon'
    ? geometry.coordinates.map(unwrap)
    : geometry.coordinates.map((polygon) => polygon.map(unwrap));
const countries = feature(topology, topology.objects.countries);
const out = {
  type: 'FeatureCollection',
  features: countries.features.map((f) => ({
    type: 'Feature',
    properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: round(unwrapGeometry(f.geometry)) },
  })),
};
writeFileSync('web/static/basemap/countries-110m.geojson', JSON.stringify(out));
console.log(`${out.features.length} countries written`);
