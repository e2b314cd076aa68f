mod contact;
mod csv;
mod geojson;
mod get;
mod list;
