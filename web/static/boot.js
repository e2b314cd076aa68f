// Loads the WebAssembly app. Kept in a file (not inline) so the page works under a strict CSP.
import init from './pkg/web.js';
init();
