// Writes data/country-names.csv (every country of data/countries.csv) and
// data/language-names.csv (every two-letter language) named in each language of the map, from CLDR (npm `cldr-localenames-modern`, Unicode licence). The server names
// countries from it in the HTML pages; the browser uses its own CLDR data (Intl.DisplayNames).
// Run: npm install --prefix /tmp/cldr cldr-localenames-modern@45.0.0 &&
//   NODE_PATH=/tmp/cldr/node_modules node scripts/derive-cldr-names.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const languages = JSON.parse(readFileSync('locales/languages.json', 'utf8'))
  .map((l) => l.code)
  .filter((code) => !code.includes('-'));
const territories = Object.fromEntries(languages.map((code) => [
  code,
  require(`cldr-localenames-modern/main/${code}/territories.json`).main[code].localeDisplayNames.territories,
]));
// GeoNames' English name where CLDR has none (codes withdrawn from ISO 3166: AN, CS).
const geonames = new Map(readFileSync('data/countries.csv', 'utf8').trim().split('\n').slice(1)
  .map((line) => line.split(',')).map(([code, , name]) => [code, name]));
const codes = [...geonames.keys()];
const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const rows = codes.map((code) => [code, ...languages.map((lang) => {
  // The map names Palestine as Palestine, not "Palestinian Territories".
  if (code === 'PS') return territories[lang]['PS-alt-short'] ?? territories[lang].PS;
  return territories[lang][code] ?? geonames.get(code);
})].map(quote).join(','));
writeFileSync('data/country-names.csv', [['code', ...languages].join(','), ...rows].join('\n') + '\n');
const languageNames = Object.fromEntries(languages.map((code) => [
  code,
  require(`cldr-localenames-modern/main/${code}/languages.json`).main[code].localeDisplayNames.languages,
]));
const tags = Object.keys(languageNames.en).filter((tag) => /^[a-z]{2}$/.test(tag)).sort();
const languageRows = tags.map((tag) => [tag, ...languages.map((lang) => languageNames[lang][tag] ?? tag)]
  .map(quote).join(','));
writeFileSync('data/language-names.csv', [['code', ...languages].join(','), ...languageRows].join('\n') + '\n');
console.log(`${rows.length} countries and ${languageRows.length} languages in ${languages.join(', ')}`);
