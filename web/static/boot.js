// Loads the WebAssembly app, which takes over the page the server rendered. Leaflet's styles
// come with it: a visitor without scripts never downloads them. Kept in a file (not inline) so
// the page works under a strict CSP.
import init from './pkg/web.js';

const leafletStyles = document.createElement('link');
leafletStyles.rel = 'stylesheet';
leafletStyles.href = '/vendor/leaflet/leaflet.css';
// Before our own styles, which adjust Leaflet's (the attribution's links, for one).
document.head.insertBefore(leafletStyles, document.querySelector('link[rel=stylesheet]'));
init();

// The map's events layer (issue #19) is a bundle of its own, loaded the first time a visitor
// asks for events (web/src/events_handoff.rs): the map bundle hands it the map this way.
window.solidarityShowEvents = (map, host, lang) => {
  window.solidarityEvents = { map, host, lang };
  if (window.solidarityEventsBundle) dispatchEvent(new Event('solidarity-events'));
  else {
    const styles = document.createElement('link');
    styles.rel = 'stylesheet';
    styles.href = '/events.css';
    document.head.append(styles);
    window.solidarityEventsBundle = import('./pkg/events.js').then((bundle) => bundle.default());
  }
};
