//! The self-hosted basemap: land and borders in the compact form `scripts/derive-basemap.mjs`
//! writes, turned back into GeoJSON for Leaflet.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::leaflet_ext::object;

/// Which of the two outline files: the world view's (simplified, a third smaller: part of the
/// first visit's budget) or the whole data, loaded once the visitor zooms past the world view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    WorldView,
    Full,
}

impl Detail {
    /// Past this zoom the world view's simplified outlines would show their steps.
    const WORLD_VIEW_MAX_ZOOM: f64 = 2.0;

    pub fn for_zoom(zoom: f64) -> Self {
        if zoom > Self::WORLD_VIEW_MAX_ZOOM {
            Self::Full
        } else {
            Self::WorldView
        }
    }

    pub fn url(self) -> &'static str {
        match self {
            Self::WorldView => "/basemap/world-110m-low.json",
            Self::Full => "/basemap/world-110m.json",
        }
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn arrays(value: &JsValue) -> impl Iterator<Item = JsValue> {
    Array::from(value).into_iter()
}

/// `[x0, y0, dx1, dy1, ...]` in 1/scale degrees → `[[lon, lat], ...]`.
fn decode_points(encoded: &JsValue, scale: f64) -> Array {
    let numbers: Vec<f64> = arrays(encoded).filter_map(|n| n.as_f64()).collect();
    let (mut x, mut y) = (0.0, 0.0);
    numbers
        .chunks_exact(2)
        .map(|step| {
            x += step[0];
            y += step[1];
            Array::of2(&(x / scale).into(), &(y / scale).into())
        })
        .collect()
}

fn feature(kind: &str, coordinates: Array) -> JsValue {
    let geometry = object(&[("type", kind.into()), ("coordinates", coordinates.into())]);
    object(&[
        ("type", "Feature".into()),
        ("properties", object(&[])),
        ("geometry", geometry),
    ])
}

/// The GeoJSON FeatureCollection for the basemap file's parsed JSON: one MultiPolygon of land
/// and one MultiLineString of borders.
pub fn to_geojson(data: &JsValue) -> JsValue {
    let scale = get(data, "scale").as_f64().unwrap_or(1.0);
    let land: Array = arrays(&get(data, "land"))
        .map(|polygon| {
            arrays(&polygon)
                .map(|ring| JsValue::from(decode_points(&ring, scale)))
                .collect::<Array>()
        })
        .collect();
    let borders: Array = arrays(&get(data, "borders"))
        .map(|line| JsValue::from(decode_points(&line, scale)))
        .collect();
    object(&[
        ("type", "FeatureCollection".into()),
        (
            "features",
            Array::of2(
                &feature("MultiPolygon", land),
                &feature("MultiLineString", borders),
            )
            .into(),
        ),
    ])
}
