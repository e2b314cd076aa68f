// Loads the dashboard bundle, which takes over the page the server rendered (a note that the
// dashboard needs scripts), with Leaflet's styles for its maps. Kept in a file for the strict CSP.
import init from './pkg/admin.js';

const leafletStyles = document.createElement('link');
leafletStyles.rel = 'stylesheet';
leafletStyles.href = '/vendor/leaflet/leaflet.css';
// Before our own styles, which adjust Leaflet's (the attribution's links, for one).
document.head.insertBefore(leafletStyles, document.querySelector('link[rel=stylesheet]'));
init();
