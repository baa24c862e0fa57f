//! schema.org `Product` JSON-LD for search engines' review snippets, built
//! from the same summary and page the HTML shows. Following Google's
//! review-snippet guidelines: the rating is the product's (never the shop's
//! own, which would be self-serving), `aggregateRating` counts exactly the
//! published reviews the summary counts — negative ones included, held,
//! hidden and withdrawn ones never — and `review` lists only the published
//! reviews of the page, so no hidden text can reach a crawler.

use serde_json::{json, Value};

use crate::core::lang::Lang;
use crate::server::rules::listing::{is_published, Page, Summary};
use crate::server::seo::shopper_messages::Msg;

/// The JSON-LD document.
pub fn product(
    product_id: &str,
    product_name: &str,
    summary: &Summary,
    page: &Page,
    lang: Lang,
) -> Value {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product_name,
        "sku": product_id,
    });
    if let (Some(average), true) = (summary.average, summary.count > 0) {
        doc["aggregateRating"] = json!({
            "@type": "AggregateRating",
            "ratingValue": average,
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        });
    }
    let reviews: Vec<Value> = page
        .items
        .iter()
        .filter(|item| is_published(item))
        .map(|item| {
            let name = item
                .author_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(Msg::Anonymous.text(lang));
            let mut review = json!({
                "@type": "Review",
                "author": { "@type": "Person", "name": name },
                "datePublished": item.created_at.get(..10).unwrap_or(&item.created_at),
                "reviewBody": item.text,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": item.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            });
            if let Some(code) = item.lang.as_deref().and_then(Lang::parse) {
                review["inLanguage"] = json!(code.code());
            }
            review
        })
        .collect();
    if !reviews.is_empty() {
        doc["review"] = Value::Array(reviews);
    }
    doc
}

/// The document as text safe inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` (which JSON only has inside strings) become `\u` escapes,
/// so a review containing `</script>` cannot end the element.
pub fn script_body(doc: &Value) -> String {
    let text = doc.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_body_cannot_close_the_script() {
        let doc = json!({ "reviewBody": "</script><script>alert(1)</script> & <!--" });
        let body = script_body(&doc);
        assert!(!body.contains('<') && !body.contains('>'));
        let back: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(back, doc);
    }
}
