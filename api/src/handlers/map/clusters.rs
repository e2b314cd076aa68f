use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{CategoryShare, ClusterQuery, ClusterResponse, MapFeature};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{answer_key, current_snapshot};
use crate::http::{Prepared, PreparedAnswers};
use crate::index::PublicIndex;
use crate::map::MapItem;

/// The answers from the current snapshot, by query, as for the lists: most first visits ask for
/// the same few views, and compressing an answer on every request cost more than building it
/// (with its categories a world view is about 19 KB of JSON; BENCHMARKS.md, issue #17).
pub type PreparedClusters = PreparedAnswers<crate::index::Snapshot, 512>;

/// Brotli quality of a cluster answer: most viewports are asked for once (a pan, a zoom), so the
/// compression must cost little more than building the answer (see [`Prepared::compressed_at`]).
const BROTLI_QUALITY: u32 = 5;

/// Clusters and single organisations inside a viewport at a zoom, filtered like the list.
///
/// Each cluster counts its members per category (`categories`, largest first): the maps colour
/// it with the first. Each single organisation carries `last_confirmed_at`: the maps fade one not
/// confirmed for more than a year. `confirmed_within=6` or `12` keeps the organisations
/// confirmed in the last so many months, as for the list.
///
/// Problems: `400` bbox, zoom or a filter is invalid.
#[utoipa::path(
    tag = "map",
    params(ClusterQuery),
    responses(
        (status = 200, description = "What the viewport shows at this zoom", body = ClusterResponse),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/map/clusters")]
pub async fn map_clusters(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<ClusterQuery>,
    prepared: web::Data<PreparedClusters>,
) -> Result<HttpResponse, ApiError> {
    let request = query.parse().map_err(ApiError::Invalid)?;
    let snapshot = current_snapshot(&pool, &index).await?;
    let key = answer_key(req.query_string(), query.confirmed_within.as_deref());
    if let Some(answer) = prepared.get(&snapshot, &key) {
        return Ok(answer.respond(&req));
    }
    let unknown = snapshot.unknown_keys(&request.filter);
    if !unknown.is_empty() {
        return Err(ApiError::Invalid(unknown));
    }
    let from = snapshot.clone();
    let answer = web::block(move || {
        let clusters = snapshot.clusters(&request.filter);
        let bbox = request.bbox;
        let items = clusters.query(
            [
                bbox.min_lon.value(),
                bbox.min_lat.value(),
                bbox.max_lon.value(),
                bbox.max_lat.value(),
            ],
            f64::from(request.zoom),
        );
        let mut total = 0;
        let features = items
            .into_iter()
            .filter_map(|item| match item {
                MapItem::Cluster {
                    latitude,
                    longitude,
                    count,
                    bbox,
                    expansion_zoom,
                    shares,
                } => {
                    total += count;
                    let categories = clusters
                        .shares(shares)
                        .iter()
                        .map(|share| CategoryShare {
                            category: snapshot.category_key(share.category).to_owned(),
                            count: share.count,
                        })
                        .collect();
                    Some(MapFeature::Cluster {
                        latitude,
                        longitude,
                        count,
                        bbox,
                        expansion_zoom,
                        categories,
                    })
                }
                MapItem::Point { handle, .. } => {
                    let org = snapshot.by_handle(handle)?;
                    total += 1;
                    Some(MapFeature::Organization {
                        id: org.id,
                        slug: org.slug.clone(),
                        name: org.name.clone(),
                        name_ar: org.name_ar.clone(),
                        category: org.category.clone(),
                        latitude: org.location.latitude,
                        longitude: org.location.longitude,
                        last_confirmed_at: org.last_confirmed_at,
                    })
                }
            })
            .collect();
        let response = ClusterResponse {
            zoom: request.zoom,
            total,
            features,
        };
        let body = serde_json::to_vec(&response).map_err(anyhow::Error::from)?;
        Ok::<_, ApiError>(std::sync::Arc::new(Prepared::compressed_at(
            "application/json",
            body,
            BROTLI_QUALITY,
        )))
    })
    .await??;
    prepared.keep(&from, key, answer.clone());
    Ok(answer.respond(&req))
}
