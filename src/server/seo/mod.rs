//! What search engines, feed readers and readers without JavaScript get:
//! the reviews rendered as HTML ([`html`]), as schema.org JSON-LD
//! ([`jsonld`]) and as Google's product-review feed ([`feed`]). Pure
//! rendering from the rules' list and summary ([`crate::server::rules::listing`]),
//! so every surface counts exactly what the widget shows; no HTTP here
//! (`src/server/http/seo.rs` serves it).

pub mod feed;
pub mod format;
pub mod html;
pub mod jsonld;

/// The shopper widget's message catalogue, compiled into the server too so
/// the server-rendered reviews say exactly what the widget says (the file is
/// pure data; it is the widget's own module in the browser build).
#[path = "../../widget/i18n.rs"]
pub mod shopper_messages;

/// Where the rendered markup links to: the Candor server as the shopper's
/// browser reaches it (its public URL, or the request's host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// Scheme and host without a trailing slash, e.g.
    /// `https://reviews.shop.example`.
    pub base: String,
}

impl Links {
    /// Links under `base` (a trailing slash is dropped).
    pub fn new(base: &str) -> Self {
        Links {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// The public moderation log of a site.
    pub fn moderation_log(&self, site: &str) -> String {
        format!("{}/api/v1/sites/{}/moderation-log", self.base, encode(site))
    }

    /// The server-rendered page `page` of a product's reviews.
    pub fn reviews_page(&self, site: &str, product: &str, page: i64, lang: &str) -> String {
        format!(
            "{}/api/v1/sites/{}/products/{}/reviews.html?layout=page&page={page}&lang={lang}",
            self.base,
            encode(site),
            encode(product)
        )
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for ids
/// placed in a URL path or query.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_ids() {
        let links = Links::new("https://r.example/");
        assert_eq!(
            links.reviews_page("demo", "a b/\"<", 2, "fa"),
            "https://r.example/api/v1/sites/demo/products/a%20b%2F%22%3C/reviews.html?layout=page&page=2&lang=fa"
        );
    }
}
