// Loads the WebAssembly app, which takes over the page the server rendered. Leaflet's styles
// come with it: a visitor without scripts never downloads them. Kept in a file (not inline) so
// the page works under a strict CSP.
import init from './pkg/pages.js';

const leafletStyles = document.createElement('link');
leafletStyles.rel = 'stylesheet';
leafletStyles.href = '/vendor/leaflet/leaflet.css';
// Before our own styles, which adjust Leaflet's (the attribution's links, for one).
document.head.insertBefore(leafletStyles, document.querySelector('link[rel=stylesheet]'));
init();
