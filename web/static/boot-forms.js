// Loads the forms bundle (joining the map, the owner page). Kept in a file for the strict CSP.
import init from './pkg/forms.js';
init();
