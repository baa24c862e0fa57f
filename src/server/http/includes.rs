//! Server-side includes for the static pages the server itself serves (the
//! demo storefront in `www/`): an HTML comment
//! `<!--#candor-reviews site="demo" product="kettle-2000"-->` becomes the
//! server-rendered reviews fragment, and every
//! `<!--#candor-stars site="demo" product="…"-->` the product's stars (all
//! of a page's stars in one query per site). It does on the demo what a
//! shop's own server does with `reviews.html` and `ratings` in its product
//! and category templates (docs/seo.md), so view-source shows the reviews.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::http::error::AppError;
use crate::server::http::seo::{
    first_page_json, negotiate_lang, render_html, render_inputs, RenderQuery,
};
use crate::server::rules::listing;
use crate::server::seo::html::stars_badge;
use crate::server::AppState;

/// Largest static HTML file expanded (bigger ones pass through untouched).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// One include comment found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Include {
    /// Byte range of the whole comment.
    start: usize,
    end: usize,
    /// `reviews` or `stars`.
    kind: String,
    site: String,
    product: String,
    lang: Option<String>,
}

/// `key="value"` pairs of an include.
fn attribute(attrs: &str, key: &str) -> Option<String> {
    let pattern = format!("{key}=\"");
    let start = attrs.find(&pattern)? + pattern.len();
    let len = attrs[start..].find('"')?;
    Some(attrs[start..start + len].to_owned())
}

/// Every include comment of a page, in order.
fn find_includes(page: &str) -> Vec<Include> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = page[from..].find("<!--#candor-") {
        let start = from + offset;
        let Some(len) = page[start..].find("-->") else {
            break;
        };
        let end = start + len + 3;
        let inner = &page[start + "<!--#candor-".len()..start + len];
        let (kind, attrs) = inner.split_once(' ').unwrap_or((inner, ""));
        if let (Some(site), Some(product)) = (attribute(attrs, "site"), attribute(attrs, "product"))
        {
            found.push(Include {
                start,
                end,
                kind: kind.to_owned(),
                site,
                product,
                lang: attribute(attrs, "lang"),
            });
        }
        from = end;
    }
    found
}

/// What one include becomes; a comment saying why when it cannot be
/// rendered (an unknown site, say), never an error page.
async fn render_reviews(state: &AppState, include: &Include, headers: &HeaderMap) -> String {
    let query = RenderQuery {
        lang: include.lang.clone(),
        page: None,
        layout: None,
        name: None,
    };
    match render_inputs(state, &include.site, &include.product, &query, headers).await {
        Ok(rendered) => match first_page_json(state, &rendered).await {
            Ok(data) => render_html(
                state,
                &rendered,
                &include.product,
                headers,
                false,
                Some(&data),
            ),
            Err(err) => format!("<!-- candor: {} -->", err.code()),
        },
        Err(err) => format!("<!-- candor: {} -->", err.code()),
    }
}

/// The stars of every `stars` include, one query per site.
async fn render_stars(
    state: &AppState,
    includes: &[Include],
    headers: &HeaderMap,
) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = vec![None; includes.len()];
    let mut sites: Vec<&str> = includes
        .iter()
        .filter(|i| i.kind == "stars")
        .map(|i| i.site.as_str())
        .collect();
    sites.sort_unstable();
    sites.dedup();
    for site_id in sites {
        let Ok(Some(site)) = state.store.site(site_id).await else {
            continue;
        };
        let mine: Vec<usize> = (0..includes.len())
            .filter(|&i| includes[i].kind == "stars" && includes[i].site == site_id)
            .collect();
        let products: Vec<String> = mine.iter().map(|&i| includes[i].product.clone()).collect();
        let Ok(summaries) =
            listing::product_summaries(state.store.as_ref(), &site.id, &products).await
        else {
            continue;
        };
        for (&index, (_, summary)) in mine.iter().zip(summaries) {
            let lang = negotiate_lang(includes[index].lang.as_deref(), headers, &site)
                .unwrap_or(crate::core::lang::Lang::En);
            out[index] = Some(stars_badge(&summary, lang).into_string());
        }
    }
    out
}

/// The page with its includes expanded.
async fn expand(state: &AppState, page: &str, headers: &HeaderMap) -> String {
    let includes = find_includes(page);
    let stars = render_stars(state, &includes, headers).await;
    let mut out = String::with_capacity(page.len() + 16 * 1024);
    let mut copied = 0;
    for (include, star) in includes.iter().zip(stars) {
        out.push_str(&page[copied..include.start]);
        match (include.kind.as_str(), star) {
            ("reviews", _) => out.push_str(&render_reviews(state, include, headers).await),
            ("stars", Some(star)) => out.push_str(&star),
            _ => out.push_str(&page[include.start..include.end]),
        }
        copied = include.end;
    }
    out.push_str(&page[copied..]);
    out
}

/// Middleware on the static files: expands the includes of HTML pages.
/// Conditional request headers are dropped on the way in, since the
/// expanded page changes with every review although the file does not.
pub async fn expand_includes(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            return AppError::from(crate::server::rules::error::RuleError::Internal(
                err.to_string(),
            ))
            .into_response()
        }
    };
    let Some(page) = std::str::from_utf8(&bytes)
        .ok()
        .filter(|p| p.contains("<!--#candor-"))
    else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let expanded = expand(&state, page, &headers).await;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::LAST_MODIFIED);
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Response::from_parts(parts, Body::from(expanded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_includes_with_their_attributes() {
        let page = r#"<p>a</p><!--#candor-reviews site="demo" product="k-1" lang="fa"--><i>
            <!--#candor-stars site="demo" product="p2"--><!--#candor-stars site="demo"-->"#;
        let found = find_includes(page);
        assert_eq!(found.len(), 2, "the one without a product is left alone");
        assert_eq!(found[0].kind, "reviews");
        assert_eq!(found[0].product, "k-1");
        assert_eq!(found[0].lang.as_deref(), Some("fa"));
        assert_eq!(
            &page[found[1].start..found[1].end],
            r#"<!--#candor-stars site="demo" product="p2"-->"#
        );
    }
}
