//! The OpenAPI 3 document of the whole API, generated from the handlers'
//! annotations (utoipa) and served at `GET /api/v1/openapi.json`.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::server::http::{
    author, export, insights, merchant, ops, orders, public, saved_replies, seo, sse, webhooks,
};

/// Adds the bearer-token and session-cookie security schemes.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::server::http::auth::SESSION_COOKIE,
                "Session cookie set by login; mutating requests must also send the \
                 X-Candor-CSRF header",
            ))),
        );
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Candor API",
        description = "Reviews and complaints that stay published, answered and resolved. \
            Every error is {\"error\": \"snake_case_code\", \"message\": \"...\"}."
    ),
    paths(
        public::healthz,
        public::submit,
        public::list,
        public::status,
        public::moderation_log,
        sse::events,
        author::view,
        author::details,
        author::confirm,
        author::reopen,
        author::withdraw,
        merchant::login,
        merchant::logout,
        merchant::me,
        merchant::queue,
        merchant::heartbeat,
        merchant::reply,
        merchant::resolve,
        merchant::request_details,
        merchant::order_not_found,
        merchant::moved_private,
        merchant::hide,
        merchant::release,
        merchant::ban,
        merchant::reopen,
        merchant::away,
        merchant::stop_engaging,
        merchant::triage,
        merchant::history,
        merchant::undo,
        saved_replies::list,
        saved_replies::create,
        saved_replies::update,
        saved_replies::delete,
        orders::register,
        export::export,
        webhooks::deliveries,
        webhooks::set_url,
        webhooks::test,
        ops::metrics,
        insights::stats,
        insights::crisis,
        insights::incidents,
        insights::open_incident,
        insights::close_incident,
        seo::reviews_html,
        seo::reviews_jsonld,
        seo::ratings,
        seo::feed_xml,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "public", description = "Storefront: list, submit, status, live events"),
        (name = "author", description = "The author's private link"),
        (name = "merchant", description = "Signed-in merchants: moderation"),
        (name = "shop", description = "Server-to-server calls from the shop"),
        (name = "operations", description = "Health and metrics"),
        (name = "seo", description = "Server-rendered reviews, JSON-LD, star badges, the product-review feed"),
    )
)]
pub struct ApiDoc;

/// Serves the OpenAPI document.
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_owned()),
    )
}
