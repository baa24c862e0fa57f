//! Google's Product Reviews feed (schema version 2.3), so a shop selling
//! through Google Shopping can submit its reviews to Merchant Center. Only
//! published reviews of a product go in (hidden, held and withdrawn ones
//! never); elements are written in the order the 2.3 schema's sequences
//! require: `feed` → `version`, `aggregator`, `publisher`, `reviews`; each
//! `review` → `review_id`, `reviewer`, `review_timestamp`, `content`,
//! `review_url`, `ratings`, `products`, `is_spam`, `collection_method`.

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::server::rules::hours::rfc3339;
use crate::server::storage::ReviewRecord;

/// The schema the feed follows (for `xsi:noNamespaceSchemaLocation`).
pub const SCHEMA_LOCATION: &str =
    "http://www.google.com/shopping/reviews/schema/product/2.3/product_reviews.xsd";

/// What the feed says about its source.
#[derive(Debug, Clone, Copy)]
pub struct FeedSource<'a> {
    /// The shop's display name (`publisher/name`).
    pub publisher: &'a str,
    /// The product page URL with `{product}` where the product id goes.
    pub product_url: &'a str,
}

/// Removes characters XML 1.0 cannot carry at all (C0 controls but tab,
/// line feed and carriage return; U+FFFE and U+FFFF).
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

fn product_url(template: &str, product: &str) -> String {
    template.replace("{product}", &super::encode(product))
}

fn text_element<W: io::Write>(writer: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

fn review<W: io::Write>(
    writer: &mut Writer<W>,
    review: &ReviewRecord,
    source: &FeedSource<'_>,
) -> io::Result<()> {
    let product = review.product.as_deref().unwrap_or_default();
    let url = product_url(source.product_url, product);
    let name = review
        .author_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    writer.create_element("review").write_inner_content(|w| {
        text_element(w, "review_id", &review.id)?;
        w.create_element("reviewer").write_inner_content(|w| {
            let element = w.create_element("name");
            match name {
                Some(name) => element.write_text_content(BytesText::new(&xml_text(name)))?,
                None => element
                    .with_attribute(("is_anonymous", "true"))
                    .write_text_content(BytesText::new("Anonymous"))?,
            };
            Ok(())
        })?;
        text_element(w, "review_timestamp", &rfc3339(review.created_at))?;
        text_element(w, "content", &review.text)?;
        w.create_element("review_url")
            .with_attribute(("type", "group"))
            .write_text_content(BytesText::new(&url))?;
        w.create_element("ratings").write_inner_content(|w| {
            w.create_element("overall")
                .with_attributes([("min", "1"), ("max", "5")])
                .write_text_content(BytesText::new(&review.rating.to_string()))?;
            Ok(())
        })?;
        w.create_element("products").write_inner_content(|w| {
            w.create_element("product").write_inner_content(|w| {
                w.create_element("product_ids").write_inner_content(|w| {
                    w.create_element("skus")
                        .write_inner_content(|w| text_element(w, "sku", product))?;
                    Ok(())
                })?;
                text_element(w, "product_url", &url)
            })?;
            Ok(())
        })?;
        text_element(w, "is_spam", "false")?;
        text_element(w, "collection_method", "unsolicited")
    })?;
    Ok(())
}

/// The feed document of some published reviews.
pub fn render(reviews: &[ReviewRecord], source: &FeedSource<'_>) -> io::Result<String> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("feed")
        .with_attributes([
            ("xmlns:vc", "http://www.w3.org/2007/XMLSchema-versioning"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:noNamespaceSchemaLocation", SCHEMA_LOCATION),
        ])
        .write_inner_content(|w| {
            text_element(w, "version", "2.3")?;
            w.create_element("aggregator")
                .write_inner_content(|w| text_element(w, "name", "Candor"))?;
            w.create_element("publisher")
                .write_inner_content(|w| text_element(w, "name", source.publisher))?;
            w.create_element("reviews").write_inner_content(|w| {
                for r in reviews {
                    review(w, r, source)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    String::from_utf8(writer.into_inner()).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_and_urls_encoded() {
        assert_eq!(xml_text("a\u{1}b\tc\u{FFFF}"), "ab\tc");
        assert_eq!(
            product_url("https://s.example/p/{product}", "a&b c"),
            "https://s.example/p/a%26b%20c"
        );
    }
}
