//! The one place where handlers are mounted, and the OpenAPI document that describes them.

use actix_web::web;
use utoipa::OpenApi;

use std::sync::LazyLock;

use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};

use crate::handlers::{
    admin, auth, calls_to_action, cities, events, feed, health, map, organizations, owner,
    problems, reference, submissions,
};

/// Every API handler, in the order they are mounted (the geojson and csv routes before
/// `{id_or_slug}`, which would otherwise take `organizations.geojson` for a slug). The OpenAPI
/// document and [`configure`] are both made from this one list, so no handler can be mounted
/// without being documented, or documented without being mounted. Each handler's method and
/// path are written once, in its actix attribute (utoipa reads them from there).
macro_rules! with_api_handlers {
    ($then:ident) => {
        $then! {
            organizations::geojson::organizations_geojson,
            organizations::contact::contact_organization,
            organizations::report::create_report,
            feed::feed,
            cities::search_cities,
            submissions::form_token::form_token,
            submissions::check::check_submission,
            submissions::create::create_submission,
            owner::entry::owner_entry,
            owner::update::propose_update,
            owner::hide::hide_entry,
            owner::show::show_entry,
            owner::confirm::confirm_entry,
            owner::language::set_language,
            owner::deletion::request_deletion,
            owner::link_request::request_owner_link,
            owner::events::list::list_own_events,
            owner::events::create::create_event,
            owner::events::update::update_event,
            owner::events::cancel::cancel_event,
            owner::calls_to_action::list::list_own_calls_to_action,
            owner::calls_to_action::create::create_call_to_action,
            owner::calls_to_action::update::update_call_to_action,
            owner::calls_to_action::withdraw::withdraw_call_to_action,
            auth::login::login,
            auth::refresh::refresh,
            auth::logout::logout,
            auth::password::change_password,
            auth::totp::setup,
            auth::totp::enable,
            auth::invitation::accept_invitation,
            admin::audit::list,
            admin::calls_to_action::list,
            admin::calls_to_action::create,
            admin::calls_to_action::update,
            admin::calls_to_action::withdraw,
            admin::contact_messages::list,
            admin::contact_messages::set_status,
            admin::crisis::list,
            admin::crisis::start,
            admin::crisis::restore,
            admin::events::list,
            admin::events::approve,
            admin::events::reject,
            admin::events::create,
            admin::events::update,
            admin::events::cancel,
            admin::freshness::figures,
            admin::freshness::figures_csv,
            admin::freshness::send_reminders,
            admin::link_checks::list,
            admin::link_checks::run,
            admin::organizations::list,
            admin::organizations::get_one,
            admin::organizations::history,
            admin::organizations::create,
            admin::organizations::update,
            admin::organizations::set_status,
            admin::organizations::delete_one,
            admin::outbox::list,
            admin::partnerships::create,
            admin::partnerships::delete_one,
            admin::reports::list,
            admin::reports::get_one,
            admin::reports::resolve,
            admin::resources::create,
            admin::resources::update,
            admin::resources::delete_one,
            admin::moderation::selection,
            admin::moderation::bulk_reject,
            admin::moderation::undo_rejection,
            admin::moderation::queue_age,
            admin::submissions::review_queue,
            admin::submissions::approve,
            admin::submissions::reject,
            admin::taxonomy::save_category,
            admin::taxonomy::save_focus_area,
            admin::transfer::import,
            admin::transfer::export,
            admin::users::list,
            admin::users::create,
            admin::users::update,
            admin::users::reset_two_factor,
            organizations::csv::organizations_csv,
            organizations::list::list_organizations,
            organizations::get::get_organization,
            events::atom::events_atom,
            events::ics::events_ics,
            events::list::list_events,
            events::get::get_event,
            calls_to_action::list_calls_to_action,
            map::clusters::map_clusters,
            map::config::map_config,
            map::places::map_places,
            reference::list_categories,
            reference::list_countries,
            reference::list_focus_areas,
            reference::list_resources,
            reference::list_partnerships,
            health::healthz,
            health::readyz,
        }
    };
}

macro_rules! api_doc {
    ($($($segment:ident)::+),* $(,)?) => {
        #[derive(OpenApi)]
        #[openapi(
            info(
                title = "International Solidarity Map API",
                description = "Public API of the International Solidarity Map: Palestine solidarity groups around the world and the grassroots organisations of Jerusalem (al-Quds). Reading is open: every response contains public fields only, and GET requests are allowed from any origin. Groups join the map (moderated) and manage their entry with a private owner token; visitors write to groups without seeing their addresses. Reads and writes are rate-limited per client address (429 with Retry-After).",
                license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
                version = "1.0.0"
            ),
            paths($($($segment)::+),*),
            components(
                schemas(shared::api::ErrorCode, shared::domain::FieldError, shared::domain::Key),
                responses(
                    problems::BadRequest,
                    problems::Unauthorized,
                    problems::Forbidden,
                    problems::NotFound,
                    problems::Conflict,
                    problems::PayloadTooLarge,
                    problems::TooManyRequests,
                    problems::ServiceUnavailable
                )
            ),
            modifiers(&SecuritySchemes, &FlatRequestBodies),
            tags(
                (name = "organizations", description = "Organisations on the map"),
                (name = "events", description = "Events the groups on the map organise, as JSON, as an iCalendar feed and as an Atom feed"),
                (name = "calls-to-action", description = "Calls to action that Jerusalem grassroots organisations send to the world"),
                (name = "join", description = "Joining the map: form tokens, checks and submissions (moderated)"),
                (name = "owner", description = "What a group does with its private owner token"),
                (name = "auth", description = "Signing in to the dashboard: passwords, access and refresh tokens, two-factor sign-in"),
                (name = "admin", description = "Moderation and administration (bearer access token; moderators review and edit content, admins also manage users, categories, the outbox, the audit log and crisis mode)"),
                (name = "map", description = "Clustered organisations for a map viewport"),
                (name = "reference", description = "Categories, countries, focus areas, resources and partnerships"),
                (name = "health", description = "Liveness and readiness probes")
            )
        )]
        pub struct ApiDoc;
    };
}
with_api_handlers!(api_doc);

/// The two bearer schemes of the document: the owner token, and the dashboard's access token.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            "owner_token",
            bearer("The private token from the owner link (the part after #)"),
        );
        components.add_security_scheme(
            "bearer",
            bearer(
                "An access token from `POST /api/v1/auth/login` or `POST /api/v1/auth/refresh` (dashboard accounts)",
            ),
        );
    }
}

/// Request bodies read with `#[serde(flatten)]` come out of utoipa as `allOf` of objects; the
/// document gives them as the one object the server reads (the same properties and required
/// list), which every client and test generator handles (Schemathesis 4 cannot generate data
/// for an `allOf` whose branches hold numbers).
struct FlatRequestBodies;

impl Modify for FlatRequestBodies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let schemas = components.schemas.clone();
        let object_of = |item: &RefOr<Schema>| match item {
            RefOr::T(Schema::Object(object)) => Some(object.clone()),
            RefOr::Ref(reference) => {
                let name = reference.ref_location.rsplit('/').next()?;
                match schemas.get(name)? {
                    RefOr::T(Schema::Object(object)) => Some(object.clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        for schema in components.schemas.values_mut() {
            let RefOr::T(Schema::AllOf(all_of)) = schema else {
                continue;
            };
            let Some(parts) = all_of
                .items
                .iter()
                .map(object_of)
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let mut merged =
                utoipa::openapi::schema::Object::with_type(utoipa::openapi::schema::Type::Object);
            for part in parts {
                merged.properties.extend(part.properties);
                merged.required.extend(part.required);
            }
            merged.description = all_of.description.clone();
            *schema = RefOr::T(Schema::Object(merged));
        }
    }
}

/// Each documented path as its segments, with the methods the document gives it.
static DOCUMENTED_PATHS: LazyLock<Vec<(Vec<String>, Vec<&'static str>)>> = LazyLock::new(|| {
    ApiDoc::openapi()
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods = [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter_map(|(method, documented)| documented.then_some(method))
            .collect();
            (path.split('/').map(str::to_owned).collect(), methods)
        })
        .collect()
});

/// The methods the document gives for a request path (`{parameter}` segments match any
/// non-empty segment); empty when no documented path matches. A request with another method is
/// answered `405` with these in `Allow`.
pub fn documented_methods(path: &str) -> Vec<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut methods = Vec::new();
    for (template, documented) in DOCUMENTED_PATHS.iter() {
        let matches = template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()));
        if matches {
            for method in documented {
                if !methods.contains(method) {
                    methods.push(*method);
                }
            }
        }
    }
    methods
}

/// The OpenAPI document as committed in `openapi.yaml`.
pub fn openapi_yaml() -> anyhow::Result<String> {
    ApiDoc::openapi()
        .to_yaml()
        .map_err(|e| anyhow::anyhow!("rendering the OpenAPI document: {e}"))
}

macro_rules! mount {
    ($($($segment:ident)::+),* $(,)?) => {
        /// Mounts every API handler, in the order of [`with_api_handlers`].
        pub fn configure(cfg: &mut web::ServiceConfig) {
            $(cfg.service($($segment)::+);)*
        }
    };
}
with_api_handlers!(mount);
