//! HTTP handlers and the router. Handlers parse and authorise, call the
//! server's rules and render JSON; they never build SQL.

pub mod auth;
pub mod author;
pub mod dto;
pub mod error;
pub mod export;
pub mod includes;
pub mod insights;
pub mod mail_pages;
pub mod mail_settings;
pub mod merchant;
pub mod openapi;
pub mod ops;
pub mod orders;
pub mod public;
pub mod saved_replies;
pub mod seo;
pub mod sse;
pub mod webhooks;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{middleware, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::server::http::error::{localise_errors, AppError, ErrorCode};
use crate::server::storage::SiteRecord;
use crate::server::AppState;

/// `Json` whose rejections are API errors. The body must be a JSON object:
/// serde would also read a struct from an array (`[null, null]`), which no
/// client means and the OpenAPI document does not allow.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(value) =
            axum::Json::<serde_json::Value>::from_request(request, state).await?;
        let invalid = |detail: String| {
            AppError::from(crate::server::rules::error::RuleError::Invalid {
                code: ErrorCode::InvalidField,
                field: "body",
                args: vec![("detail", detail)],
            })
        };
        if !value.is_object() {
            return Err(invalid("expected a JSON object".to_owned()));
        }
        T::deserialize(value)
            .map(ApiJson)
            .map_err(|err| invalid(err.to_string()))
    }
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Query` whose rejections are API errors.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// `Path` whose rejections are API errors.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// The client's address: the direct peer, or — only when the peer is a
/// trusted proxy — the last untrusted address in `X-Forwarded-For`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        Ok(ClientIp(client_ip(
            peer,
            parts.headers.get("x-forwarded-for"),
            &state.config.trusted_proxies,
        )))
    }
}

/// Resolves the client address from the peer and `X-Forwarded-For`.
pub fn client_ip(peer: IpAddr, forwarded: Option<&HeaderValue>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(list) = forwarded.and_then(|v| v.to_str().ok()) else {
        return peer;
    };
    let mut last = peer;
    for entry in list.rsplit(',') {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => last = ip,
            Ok(ip) => return ip,
            Err(_) => return last,
        }
    }
    last
}

/// Loads a site by id (404 when unknown).
pub async fn load_site(state: &AppState, site: &str) -> Result<SiteRecord, AppError> {
    state
        .store
        .site(site)
        .await?
        .ok_or_else(AppError::site_not_found)
}

/// Page number from a query (1-based, at most 10,000).
pub fn page_number(page: Option<i64>) -> Result<i64, AppError> {
    match page {
        None => Ok(1),
        Some(p) if (1..=10_000).contains(&p) => Ok(p),
        Some(_) => Err(AppError::out_of_range(
            ErrorCode::InvalidPage,
            "page",
            1,
            10_000,
        )),
    }
}

async fn not_found() -> AppError {
    AppError::not_found(ErrorCode::NotFound)
}

/// Whether a browser origin may call the API: the origins of the site in
/// the path, or of any site for paths without one.
async fn origin_allowed(state: AppState, origin: HeaderValue, path: String) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin = origin.trim_end_matches('/');
    let site = path
        .strip_prefix("/api/v1/sites/")
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned);
    let sites = match site {
        Some(id) => match state.store.site(&id).await {
            Ok(site) => site.into_iter().collect(),
            Err(_) => Vec::new(),
        },
        None => state.store.sites().await.unwrap_or_default(),
    };
    sites
        .iter()
        .any(|s| s.origins.iter().any(|o| o.trim_end_matches('/') == origin))
}

fn cors(state: &AppState) -> CorsLayer {
    let state = state.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::async_predicate(move |origin, parts| {
            origin_allowed(state.clone(), origin, parts.uri.path().to_owned())
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT_LANGUAGE,
            HeaderName::from_static(crate::server::http::auth::CSRF_HEADER),
            HeaderName::from_static("x-candor-token"),
            HeaderName::from_static("x-candor-voter"),
            HeaderName::from_static("last-event-id"),
        ])
        .expose_headers([header::RETRY_AFTER, header::CONTENT_LANGUAGE])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
}

/// The API routes (no middleware).
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(public::healthz))
        .route("/api/v1/openapi.json", get(openapi::openapi_json))
        .route(
            "/api/v1/sites/{site}/reviews",
            post(public::submit).get(public::list),
        )
        .route("/api/v1/sites/{site}/status", get(public::status))
        .route("/api/v1/sites/{site}/events", get(sse::events))
        .route(
            "/api/v1/sites/{site}/moderation-log",
            get(public::moderation_log),
        )
        .route("/api/v1/reviews/{id}", get(author::view))
        .route("/api/v1/reviews/{id}/details", post(author::details))
        .route("/api/v1/reviews/{id}/confirm", post(author::confirm))
        .route("/api/v1/reviews/{id}/reopen", post(author::reopen))
        .route("/api/v1/reviews/{id}/withdraw", post(author::withdraw))
        .route(
            "/api/v1/reviews/{id}/vote",
            put(public::vote).delete(public::unvote),
        )
        .route("/api/v1/auth/login", post(merchant::login))
        .route("/api/v1/auth/logout", post(merchant::logout))
        .route("/api/v1/auth/me", get(merchant::me))
        .route("/api/v1/sites/{site}/queue", get(merchant::queue))
        .route(
            "/api/v1/sites/{site}/heartbeat",
            post(merchant::heartbeat).delete(merchant::away),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/replies",
            post(merchant::reply),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/resolve",
            post(merchant::resolve),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/request-details",
            post(merchant::request_details),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/order-not-found",
            post(merchant::order_not_found),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/moved-private",
            post(merchant::moved_private),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/hide",
            post(merchant::hide),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/release",
            post(merchant::release),
        )
        .route("/api/v1/sites/{site}/reviews/{id}/ban", post(merchant::ban))
        .route(
            "/api/v1/sites/{site}/reviews/{id}/reopen",
            post(merchant::reopen),
        )
        // The moderation panel (issue 5).
        .route(
            "/api/v1/sites/{site}/reviews/{id}/stop-engaging",
            post(merchant::stop_engaging),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/triage",
            post(merchant::triage),
        )
        .route(
            "/api/v1/sites/{site}/reviews/{id}/history",
            get(merchant::history),
        )
        .route(
            "/api/v1/sites/{site}/actions/{action_id}/undo",
            post(merchant::undo),
        )
        .route(
            "/api/v1/sites/{site}/saved-replies",
            get(saved_replies::list).post(saved_replies::create),
        )
        .route(
            "/api/v1/sites/{site}/saved-replies/{id}",
            put(saved_replies::update).delete(saved_replies::delete),
        )
        .route("/api/v1/sites/{site}/orders", post(orders::register))
        .route("/api/v1/sites/{site}/export", get(export::export))
        .route("/api/v1/sites/{site}/webhooks", post(webhooks::set_url))
        .route(
            "/api/v1/sites/{site}/webhooks/deliveries",
            get(webhooks::deliveries),
        )
        .route("/api/v1/sites/{site}/webhooks/test", post(webhooks::test))
        // Search engines, no-script readers, star badges, the review feed.
        .route(
            "/api/v1/sites/{site}/products/{product}/reviews.html",
            get(seo::reviews_html),
        )
        .route(
            "/api/v1/sites/{site}/products/{product}/reviews.jsonld",
            get(seo::reviews_jsonld),
        )
        .route("/api/v1/sites/{site}/ratings", get(seo::ratings))
        .route("/api/v1/sites/{site}/reviews-feed.xml", get(seo::feed_xml))
        .route("/metrics", get(ops::metrics))
        .route(
            "/api/v1/sites/{site}/mail-settings",
            get(mail_settings::get_settings).put(mail_settings::put_settings),
        )
        // The pages mails link to (HTML; a GET never changes state).
        .route("/r/{id}", get(mail_pages::private_page))
        .route(
            "/mail/resolve/{id}",
            get(mail_pages::resolve_form).post(mail_pages::resolve_submit),
        )
        .route(
            "/mail/unsubscribe",
            get(mail_pages::unsubscribe_form).post(mail_pages::unsubscribe),
        )
        .route("/write/{site}", get(mail_pages::write_page))
        .route("/demo/mail", get(mail_pages::demo_mail))
        .route("/demo/mail/{id}", get(mail_pages::demo_mail_one))
        .merge(insights::routes())
}

/// The whole application: API, optional static files (`static_dir` at `/`,
/// `widget_dir` at `/widget/`) and the middleware stack (error localisation,
/// body limit, CORS, timeout, tracing, request metrics).
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let mut router = api_routes();
    if let Some(dir) = &config.widget_dir {
        router = router.nest_service("/widget", widget_service(dir));
    }
    router = match &config.static_dir {
        // Static pages get their `<!--#candor-…-->` includes expanded.
        Some(dir) => router.fallback_service(
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    includes::expand_includes,
                ))
                .service(ServeDir::new(dir).append_index_html_on_directories(true)),
        ),
        None => router.fallback(not_found),
    };
    router
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        // Outside the limits so their plain-text refusals become JSON errors.
        .layer(middleware::from_fn(localise_errors))
        .layer(cors(&state))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn_with_state(state.clone(), ops::track))
}

/// The widget package: `.wasm` as `application/wasm`, a year of caching for
/// content-hashed names (`name.0123abcd.ext`); CORS for the sites' origins
/// comes from the app-wide layer.
fn widget_service(dir: &std::path::Path) -> Router {
    let serve = ServeDir::new(dir);
    Router::new()
        .fallback_service(serve)
        .layer(middleware::from_fn(widget_headers))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
}

fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split('.').any(|part| {
        part.len() >= 8 && part.len() <= 32 && part.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn widget_headers(
    request: axum::http::Request<axum::body::Body>,
    next: middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let headers = response.headers_mut();
        if path.ends_with(".wasm") {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/wasm"),
            );
        }
        let cache = if is_content_hashed(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=300"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted = [IpAddr::V4(Ipv4Addr::LOCALHOST)];
        let xff = HeaderValue::from_static("203.0.113.9, 198.51.100.7");
        let outside: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(client_ip(outside, Some(&xff), &trusted), outside);
        let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert_eq!(
            client_ip(local, Some(&xff), &trusted),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(local, None, &trusted), local);
    }

    #[test]
    fn recognises_content_hashed_names() {
        assert!(is_content_hashed("/candor_bg.3f9a0c1d.wasm"));
        // The writer module (scripts/build-widget.sh: 12 hex digits).
        assert!(is_content_hashed("/widget/candor_write.0123456789ab.js"));
        assert!(is_content_hashed(
            "/widget/candor_write_bg.0123456789ab.wasm"
        ));
        assert!(!is_content_hashed("/candor.js"));
    }
}
