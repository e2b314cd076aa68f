// Loads the dashboard bundle. Kept in a file for the strict CSP.
import init from './pkg/admin.js';
init();
