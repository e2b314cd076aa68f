// Loads the pages bundle (joining, owning, contact, resources, about). Kept in a file for the strict CSP.
import init from './pkg/pages.js';
init();
