use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::MapConfig;

use crate::error::ApiError;
use crate::http::cacheable_json;

/// How the map draws its background: by default our own outlines only (no tile server).
#[utoipa::path(
    tag = "map",
    responses((status = 200, description = "The map's background configuration", body = MapConfig),
              (status = 304, description = "Not modified"))
)]
#[get("/api/v1/map/config")]
pub async fn map_config(
    req: HttpRequest,
    config: web::Data<MapConfig>,
) -> Result<HttpResponse, ApiError> {
    cacheable_json(&req, config.get_ref())
}
