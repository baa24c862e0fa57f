//! The OpenAPI 3 document of the whole API, generated from the handlers'
//! annotations (utoipa) and served at `GET /api/v1/openapi.json`.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, ObjectBuilder, Ref, RefOr, Response, ResponseBuilder, Type};
use utoipa::{Modify, OpenApi};

use crate::server::http::{
    author, export, insights, mail_settings, merchant, ops, orders, public, saved_replies, seo,
    sse, webhooks,
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

/// The error responses every route shares, named in `components.responses`:
/// (status, name, description). They come from the extractors and the
/// middleware, not from a handler's rules, so [`ErrorResponses`] adds them
/// to each operation from its shape.
const SHARED_ERRORS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "The request cannot be read: a path or query parameter that does not parse \
         (a number beyond 64 bits, an unknown query parameter: `invalid_path`, \
         `invalid_query`) or a body that is not JSON (`malformed_json`, \
         `unreadable_body`, e.g. a NUL byte); on the author's link an author token \
         in the URL (`token_in_url`: it belongs in the `X-Candor-Token` header).",
    ),
    (
        "401",
        "Unauthorized",
        "No valid session (`unauthenticated`) or, on the author's link, no token \
         (`missing_token`).",
    ),
    (
        "403",
        "Forbidden",
        "Signed in, but not a merchant of this site (`not_your_site`, \
         `owner_only`), or a cookie session without the `X-Candor-CSRF` header \
         (`csrf_failed`); on the author's link a wrong token (`invalid_token`).",
    ),
    (
        "404",
        "NotFound",
        "The site, review or other resource in the path does not exist.",
    ),
    (
        "409",
        "Conflict",
        "The resource is not in a state that allows this (e.g. `already_resolved`, \
         `review_withdrawn`, `undo_expired`).",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the server's limit (`payload_too_large`).",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body was not sent with `Content-Type: application/json` \
         (`unsupported_media_type`).",
    ),
    (
        "422",
        "Unprocessable",
        "A value is well-formed JSON but not acceptable; `field` names it \
         (e.g. `invalid_rating`, `text_too_short`, `invalid_field` for a wrong type \
         or an unknown field).",
    ),
    (
        "429",
        "RateLimited",
        "Too many requests from this address; `Retry-After` says how many seconds \
         to wait (`rate_limited`).",
    ),
];

/// Operations whose body is read as raw bytes (to check its signature) and
/// so never answer 415.
const RAW_BODY_OPERATIONS: &[&str] = &["register"];

/// Documents the shared error responses: each operation lists 400 and 404
/// when it has path or query parameters, 400/413/415/422 when it reads a
/// JSON body, 401/403 when it needs a session; every error response points
/// at its entry in `components.responses` (unless the handler gave it a
/// description of its own).
struct ErrorResponses;

impl ErrorResponses {
    fn add(operation: &mut Operation) {
        let params = operation.parameters.as_deref().unwrap_or_default();
        let has_path = params
            .iter()
            .any(|p| matches!(p.parameter_in, ParameterIn::Path));
        let has_query_or_path = params
            .iter()
            .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query));
        let has_body = operation.request_body.is_some();
        let raw_body = operation
            .operation_id
            .as_deref()
            .is_some_and(|id| RAW_BODY_OPERATIONS.contains(&id));
        // `security((), ...)` makes a scheme optional; only a list without
        // the empty requirement means a session is needed.
        let needs_session = operation.security.as_ref().is_some_and(|list| {
            !list.is_empty()
                && list.iter().all(|req| {
                    serde_json::to_value(req)
                        .is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                })
        });
        let mut statuses: Vec<&str> = Vec::new();
        if has_query_or_path || has_body {
            statuses.push("400");
        }
        if has_path {
            statuses.push("404");
        }
        if has_body {
            statuses.extend(["413", "422"]);
            if !raw_body {
                statuses.push("415");
            }
        }
        if needs_session {
            statuses.extend(["401", "403"]);
        }
        let responses = &mut operation.responses.responses;
        for status in statuses {
            responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::T(Response::default()));
        }
        for (status, response) in responses.iter_mut() {
            let Some((_, name, _)) = SHARED_ERRORS.iter().find(|(s, _, _)| s == status) else {
                continue;
            };
            if matches!(response, RefOr::T(r) if r.description.is_empty()) {
                *response = RefOr::Ref(Ref::from_response_name(*name));
            }
        }
    }
}

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (status, name, description) in SHARED_ERRORS {
            let mut response = ResponseBuilder::new().description(*description).content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("ErrorBody"))),
            );
            if *status == "429" {
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(
                            ObjectBuilder::new()
                                .schema_type(Type::Integer)
                                .minimum(Some(0)),
                        )
                        .description(Some("Seconds to wait before trying again"))
                        .build(),
                );
            }
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(response.build()));
        }
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
            ]
            .into_iter()
            .flatten()
            {
                Self::add(operation);
            }
        }
    }
}

/// Request bodies that must not be empty (`{}` is refused with 422):
/// `#[schema(min_properties)]` of utoipa 5.5 writes `maxProperties`, so the
/// bound is set here.
const NON_EMPTY_BODIES: &[&str] = &["TriageBody"];

/// Sets `minProperties: 1` on [`NON_EMPTY_BODIES`].
struct NonEmptyBodies;

impl Modify for NonEmptyBodies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in NON_EMPTY_BODIES {
            if let Some(RefOr::T(utoipa::openapi::Schema::Object(object))) =
                components.schemas.get_mut(*name)
            {
                object.min_properties = Some(1);
            }
        }
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
        public::vote,
        public::unvote,
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
        mail_settings::get_settings,
        mail_settings::put_settings,
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
    modifiers(&SecuritySchemes, &ErrorResponses, &NonEmptyBodies),
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
