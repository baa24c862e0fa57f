//! Reviews for search engines, readers without JavaScript, category pages
//! and Google Shopping: the server-rendered HTML fragment (or a whole page),
//! its JSON-LD on its own, the star-badge batch and the product-review feed.
//! The markup is built by [`crate::server::seo`] from the rules' list and
//! summary; this module negotiates the language, validates the query and
//! adds the caching headers (a strong `ETag` over the body, `Last-Modified`,
//! a short `Cache-Control`, `304` on `If-None-Match`).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::core::lang::Lang;
use crate::server::http::dto::ReviewList;
use crate::server::http::error::{preferred_lang, AppError, ErrorBody, ErrorCode};
use crate::server::http::public::summary_out;
use crate::server::http::{load_site, page_number, ApiPath, ApiQuery};
use crate::server::rules::listing::{self, PageRequest, MAX_BATCH_PRODUCTS};
use crate::server::rules::submission::PRODUCT_MAX;
use crate::server::seo::feed::{self, FeedSource};
use crate::server::seo::html::{self, ReviewsView};
use crate::server::seo::{jsonld, Links};
use crate::server::storage::SiteRecord;
use crate::server::AppState;

/// How long browsers and proxies may reuse a rendered answer: a minute, and
/// no stale serving after it, so hidden text leaves every cache within a
/// minute ("hidden is gone").
const MAX_AGE: &str = "public, max-age=60";

/// Reviews per page of the product-review feed.
pub const FEED_PAGE_SIZE: i64 = 500;

/// Query of the server-rendered reviews.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RenderQuery {
    /// Language of the page's own words (en, ru, kk, fa, el); default from
    /// `Accept-Language`, then the site's first language.
    #[param(schema_with = crate::server::wire::schema::lang)]
    pub lang: Option<String>,
    /// Page number from 1; 20 reviews per page.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    /// `fragment` (default): a `<section>` to paste into a product page;
    /// `page`: a whole HTML document (the no-script "more reviews" page).
    /// Ignored by `reviews.jsonld`.
    #[param(pattern = "^(fragment|page)$")]
    pub layout: Option<String>,
    /// The product's name for the JSON-LD `Product` (default: its id).
    pub name: Option<String>,
}

/// Query of the star-badge batch.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RatingsQuery {
    /// Product ids separated by commas: 1 to 100 ids of at most 200
    /// characters (blank entries and repeats are dropped).
    #[param(pattern = r"^\s*[^,\s][^,]{0,199}(,[^,]{0,200}){0,99}$")]
    pub products: String,
}

/// Query of the product-review feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// Page from 1; 500 reviews per page, oldest first. `Link: rel="next"`
    /// names the next page while there is one.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    /// The shop's product page, with `{product}` where the id goes
    /// (default: the site's first origin + `/products/{product}`).
    #[param(
        max_length = 500,
        pattern = r"^https?://[^\s\x00-\x1f\x7f-\x9f]*\{product\}[^\s\x00-\x1f\x7f-\x9f]*$"
    )]
    pub product_url: Option<String>,
}

/// One product's stars.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductRating {
    /// Product id, as asked.
    pub product: String,
    /// Published reviews.
    pub count: i64,
    /// Mean rating (two decimals), null without reviews.
    pub average: Option<f64>,
}

/// Stars of many products.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingsOut {
    /// In the order asked, duplicates removed.
    pub items: Vec<ProductRating>,
}

/// The language of the rendered words: `?lang`, else `Accept-Language`,
/// else the site's first language, else English.
pub(crate) fn negotiate_lang(
    query: Option<&str>,
    headers: &HeaderMap,
    site: &SiteRecord,
) -> Result<Lang, AppError> {
    if let Some(tag) = query {
        return Lang::parse(tag).ok_or_else(|| AppError::invalid(ErrorCode::InvalidLang, "lang"));
    }
    Ok(preferred_lang(headers.get(header::ACCEPT_LANGUAGE))
        .or_else(|| site.languages.iter().find_map(|l| Lang::parse(l)))
        .unwrap_or(Lang::En))
}

/// Where links point: the configured public URL, else the request's host.
fn links(state: &AppState, headers: &HeaderMap) -> Links {
    if let Some(url) = &state.config.public_url {
        return Links::new(url);
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    Links::new(&format!("{scheme}://{host}"))
}

/// A strong validator of a body.
fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Whether `If-None-Match` already names this version.
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().trim_start_matches("W/"))
        .any(|v| v == tag || v == "*")
}

/// A cacheable answer: `304` when the client holds this version.
fn cached(
    request: &HeaderMap,
    content_type: &'static str,
    body: String,
    last_modified: Option<i64>,
    lang: Option<Lang>,
) -> Response {
    let tag = etag(body.as_bytes());
    let mut headers = HeaderMap::new();
    let mut set = |name, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::ETAG, &tag);
    set(header::CACHE_CONTROL, MAX_AGE);
    set(header::VARY, "Accept-Language");
    if let Some(ms) = last_modified.filter(|ms| *ms > 0) {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64);
        set(header::LAST_MODIFIED, &httpdate::fmt_http_date(time));
    }
    if let Some(lang) = lang {
        set(header::CONTENT_LANGUAGE, lang.code());
    }
    if not_modified(request, &tag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    set(header::CONTENT_TYPE, content_type);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Even if escaping ever failed, nothing in these documents may run.
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
    );
    (StatusCode::OK, headers, body).into_response()
}

/// Checks a product id from the path.
fn product_id(product: &str) -> Result<(), AppError> {
    if product.trim().is_empty() || product.chars().count() > PRODUCT_MAX {
        return Err(AppError::too_long(
            ErrorCode::InvalidProducts,
            "product",
            PRODUCT_MAX,
        ));
    }
    Ok(())
}

/// What both renderings share: the site, the language, the summary, the
/// page and the JSON-LD of the same reviews.
pub(crate) struct Rendered {
    site: SiteRecord,
    lang: Lang,
    summary: listing::Summary,
    page: listing::Page,
    page_number: i64,
    jsonld: serde_json::Value,
    last_modified: i64,
}

pub(crate) async fn render_inputs(
    state: &AppState,
    site: &str,
    product: &str,
    query: &RenderQuery,
    headers: &HeaderMap,
) -> Result<Rendered, AppError> {
    let site = load_site(state, site).await?;
    product_id(product)?;
    let lang = negotiate_lang(query.lang.as_deref(), headers, &site)?;
    let page_number = page_number(query.page)?;
    let name = match query.name.as_deref().map(str::trim) {
        Some(name) if name.chars().count() > PRODUCT_MAX => {
            return Err(AppError::too_long(
                ErrorCode::TextTooLong,
                "name",
                PRODUCT_MAX,
            ))
        }
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => product.to_owned(),
    };
    let store = state.store.as_ref();
    let request = PageRequest::product(Some(product.to_owned()), page_number);
    let page = listing::page(store, &site.id, &request).await?;
    let summary = listing::summary(store, &site.id, Some(product)).await?;
    let jsonld = jsonld::product(product, &name, &summary, &page, lang);
    // A hide or a withdrawal changes the page without a newer review: the
    // moderation log's newest entry counts too.
    let logged = store
        .moderation_log(&site.id, 1, 0)
        .await?
        .first()
        .map_or(0, |e| e.created_at);
    let last_modified = page.newest_change.max(logged);
    Ok(Rendered {
        site,
        lang,
        summary,
        page,
        page_number,
        jsonld,
        last_modified,
    })
}

/// The reviews of a product as HTML: a fragment to paste into the product
/// page (or to put inside `<candor-reviews>`), or with `layout=page` a whole
/// document. Every shopper string is escaped; each review carries its
/// `lang` and `dir`; the JSON-LD of the same reviews is included.
#[utoipa::path(get, path = "/api/v1/sites/{site}/products/{product}/reviews.html", tag = "seo",
    params(("site" = String, Path, description = "Site id"),
        ("product" = String, Path, description = "Product id"), RenderQuery),
    responses(
        (status = 200, content_type = "text/html", body = String,
            description = "the fragment or page; ETag, Last-Modified, Cache-Control"),
        (status = 304, description = "If-None-Match named the current version"),
        (status = 400, body = ErrorBody, description = "unknown query parameter"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid lang, page, layout, name or product")))]
pub async fn reviews_html(
    State(state): State<AppState>,
    ApiPath((site, product)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<RenderQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let full_page = match query.layout.as_deref() {
        None | Some("fragment") => false,
        Some("page") => true,
        Some(_) => return Err(AppError::invalid(ErrorCode::InvalidLayout, "layout")),
    };
    let r = render_inputs(&state, &site, &product, &query, &headers).await?;
    let first_page = if full_page {
        None
    } else {
        Some(first_page_json(&state, &r).await?)
    };
    let body = render_html(
        &state,
        &r,
        &product,
        &headers,
        full_page,
        first_page.as_deref(),
    );
    Ok(cached(
        &headers,
        "text/html; charset=utf-8",
        body,
        Some(r.last_modified),
        Some(r.lang),
    ))
}

/// The page as the JSON list sends it, escaped for a `<script>` element:
/// what the widget starts from when it takes over the fragment.
pub(crate) async fn first_page_json(state: &AppState, r: &Rendered) -> Result<String, AppError> {
    let list = ReviewList {
        items: r.page.items.clone(),
        summary: summary_out(state, &r.site.id, &r.summary).await?,
        page: r.page_number,
        has_more: r.page.has_more,
    };
    let value = serde_json::to_value(&list).map_err(|e| {
        AppError::from(crate::server::rules::error::RuleError::Internal(
            e.to_string(),
        ))
    })?;
    Ok(jsonld::script_body(&value))
}

/// The fragment (or whole page) of rendered inputs.
pub(crate) fn render_html(
    state: &AppState,
    r: &Rendered,
    product: &str,
    headers: &HeaderMap,
    full_page: bool,
    first_page: Option<&str>,
) -> String {
    let links = links(state, headers);
    let script = jsonld::script_body(&r.jsonld);
    let view = ReviewsView {
        site: &r.site.id,
        site_name: &r.site.name,
        product,
        lang: r.lang,
        summary: &r.summary,
        page: &r.page,
        page_number: r.page_number,
        links: &links,
        jsonld: (r.summary.count > 0).then_some(script.as_str()),
        first_page,
    };
    if full_page {
        html::page(&view).into_string()
    } else {
        html::fragment(&view).into_string()
    }
}

/// The schema.org `Product` JSON-LD of a product's reviews, for shops that
/// render their own HTML: `aggregateRating` over every published review,
/// `review` the published ones of the page, exactly as the fragment shows.
#[utoipa::path(get, path = "/api/v1/sites/{site}/products/{product}/reviews.jsonld", tag = "seo",
    params(("site" = String, Path, description = "Site id"),
        ("product" = String, Path, description = "Product id"), RenderQuery),
    responses(
        (status = 200, content_type = "application/ld+json", body = Object,
            description = "schema.org Product; ETag, Last-Modified, Cache-Control"),
        (status = 304, description = "If-None-Match named the current version"),
        (status = 400, body = ErrorBody, description = "unknown query parameter"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid lang, page, name or product")))]
pub async fn reviews_jsonld(
    State(state): State<AppState>,
    ApiPath((site, product)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<RenderQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !matches!(query.layout.as_deref(), None | Some("fragment" | "page")) {
        return Err(AppError::invalid(ErrorCode::InvalidLayout, "layout"));
    }
    let r = render_inputs(&state, &site, &product, &query, &headers).await?;
    Ok(cached(
        &headers,
        "application/ld+json; charset=utf-8",
        r.jsonld.to_string(),
        Some(r.last_modified),
        Some(r.lang),
    ))
}

/// Splits and checks the `products` list: trimmed, empty entries and
/// duplicates dropped, 1 to 100 ids of at most 200 characters.
pub fn parse_products(products: Option<&str>) -> Result<Vec<String>, AppError> {
    let mut ids: Vec<String> = Vec::new();
    for id in products.unwrap_or_default().split(',').map(str::trim) {
        if id.is_empty() || ids.iter().any(|known| known == id) {
            continue;
        }
        if id.chars().count() > PRODUCT_MAX {
            return Err(AppError::too_long(
                ErrorCode::InvalidProducts,
                "products",
                PRODUCT_MAX,
            ));
        }
        ids.push(id.to_owned());
    }
    if ids.is_empty() {
        return Err(AppError::too_long(
            ErrorCode::InvalidProducts,
            "products",
            PRODUCT_MAX,
        ));
    }
    if ids.len() > MAX_BATCH_PRODUCTS {
        return Err(AppError::too_long(
            ErrorCode::TooManyProductIds,
            "products",
            MAX_BATCH_PRODUCTS,
        ));
    }
    Ok(ids)
}

/// Average and count of up to 100 products in one request (one query), for
/// the star badges of a category page. Cacheable like the fragment.
#[utoipa::path(get, path = "/api/v1/sites/{site}/ratings", tag = "seo",
    params(("site" = String, Path, description = "Site id"), RatingsQuery),
    responses(
        (status = 200, body = RatingsOut, description = "ETag and Cache-Control set"),
        (status = 304, description = "If-None-Match named the current version"),
        (status = 400, body = ErrorBody, description = "unknown query parameter"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody,
            description = "too_many_product_ids over 100 ids; invalid_products when empty or an id is too long")))]
pub async fn ratings(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(query): ApiQuery<RatingsQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = load_site(&state, &site).await?;
    let products = parse_products(Some(&query.products))?;
    let items = listing::product_summaries(state.store.as_ref(), &site.id, &products)
        .await?
        .into_iter()
        .map(|(product, summary)| ProductRating {
            product,
            count: summary.count,
            average: summary.average,
        })
        .collect();
    let body = serde_json::to_string(&RatingsOut { items }).map_err(|e| {
        AppError::from(crate::server::rules::error::RuleError::Internal(
            e.to_string(),
        ))
    })?;
    Ok(cached(&headers, "application/json", body, None, None))
}

/// Checks a product-page URL template: http(s), with `{product}`.
fn product_url_template(query: Option<&str>, site: &SiteRecord) -> Result<String, AppError> {
    let template = match query {
        Some(url) => url.to_owned(),
        None => {
            let origin = site
                .origins
                .first()
                .map(|o| o.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| "http://localhost".to_owned());
            format!("{origin}/products/{{product}}")
        }
    };
    let ok = (template.starts_with("https://") || template.starts_with("http://"))
        && template.contains("{product}")
        && template.len() <= 2000
        && !template
            .chars()
            .any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        return Err(AppError::invalid(ErrorCode::InvalidUrl, "product_url"));
    }
    Ok(template)
}

/// The site's published reviews in Google's Product Reviews feed format
/// (schema 2.3), 500 per page, oldest first, for Merchant Center.
#[utoipa::path(get, path = "/api/v1/sites/{site}/reviews-feed.xml", tag = "seo",
    params(("site" = String, Path, description = "Site id"), FeedQuery),
    responses(
        (status = 200, content_type = "application/xml", body = String,
            description = "the feed; Link rel=next while more pages follow"),
        (status = 304, description = "If-None-Match named the current version"),
        (status = 400, body = ErrorBody, description = "unknown query parameter"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid page or product_url")))]
pub async fn feed_xml(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(query): ApiQuery<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = load_site(&state, &site).await?;
    let page = page_number(query.page)?;
    let template = product_url_template(query.product_url.as_deref(), &site)?;
    let (reviews, has_more) =
        listing::feed_page(state.store.as_ref(), &site.id, page, FEED_PAGE_SIZE).await?;
    let source = FeedSource {
        publisher: &site.name,
        product_url: &template,
    };
    let body = feed::render(&reviews, &source).map_err(|e| {
        AppError::from(crate::server::rules::error::RuleError::Internal(
            e.to_string(),
        ))
    })?;
    let newest = reviews.iter().map(|r| r.created_at).max();
    let mut response = cached(
        &headers,
        "application/xml; charset=utf-8",
        body,
        newest,
        None,
    );
    if has_more {
        let next = format!(
            "<{}/api/v1/sites/{}/reviews-feed.xml?page={}&product_url={}>; rel=\"next\"",
            links(&state, &headers).base,
            crate::server::seo::encode(&site.id),
            page + 1,
            crate::server::seo::encode(&template)
        );
        if let Ok(value) = HeaderValue::from_str(&next) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_lists_are_checked() {
        assert_eq!(
            parse_products(Some(" a, b,,a ")).unwrap(),
            vec!["a".to_owned(), "b".to_owned()]
        );
        assert!(parse_products(Some(" , ")).is_err());
        let many: Vec<String> = (0..101).map(|i| format!("p{i}")).collect();
        assert!(parse_products(Some(&many.join(","))).is_err());
        assert!(parse_products(Some(&many[..100].join(","))).is_ok());
    }

    #[test]
    fn if_none_match_accepts_lists_and_weak_tags() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(not_modified(&headers, "\"abc\""));
        assert!(!not_modified(&headers, "\"abd\""));
    }
}
