//! Scrubbing a review's words from stored JSON (live events, webhook
//! payloads) once it is hidden, withdrawn or banned: what a person took down
//! is gone from every replay and retry, not only from the list.

use serde_json::Value;

/// Fields that carry what the author wrote or who they are.
const AUTHOR_FIELDS: [&str; 4] = ["author_name", "email", "order_ref", "order_date"];

/// Removes the text and the author's identity of review `review_id` from
/// `json`: every object whose `id` is the review loses its `text` (made
/// empty) and author fields (made null), and every `email` in the document
/// is nulled (payloads about one review carry its author's address next to
/// it). Returns the scrubbed JSON, or `None` when nothing changed or the
/// input is not JSON.
pub fn scrub(json: &str, review_id: &str) -> Option<String> {
    let mut value: Value = serde_json::from_str(json).ok()?;
    if scrub_value(&mut value, review_id) {
        Some(value.to_string())
    } else {
        None
    }
}

fn scrub_value(value: &mut Value, review_id: &str) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = false;
            if map.get("id").and_then(Value::as_str) == Some(review_id) {
                if let Some(text) = map.get_mut("text") {
                    if text.as_str() != Some("") {
                        *text = Value::String(String::new());
                        changed = true;
                    }
                }
                for field in AUTHOR_FIELDS {
                    changed |= null_field(map, field);
                }
            }
            changed |= null_field(map, "email");
            for child in map.values_mut() {
                changed |= scrub_value(child, review_id);
            }
            changed
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| {
            scrub_value(item, review_id) | changed
        }),
        _ => false,
    }
}

fn null_field(map: &mut serde_json::Map<String, Value>, field: &str) -> bool {
    match map.get_mut(field) {
        Some(value) if !value.is_null() => {
            *value = Value::Null;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_the_review_and_keeps_the_rest() {
        let event = r#"{"review":{"id":"r_1","text":"Call me at 555-0101","author_name":"Dana Q",
            "replies":[{"id":7,"text":"We are on it"}],"status":"published"},
            "other":{"id":"r_2","text":"unrelated"}}"#;
        let scrubbed: Value = serde_json::from_str(&scrub(event, "r_1").unwrap()).unwrap();
        assert_eq!(scrubbed["review"]["text"], "");
        assert_eq!(scrubbed["review"]["author_name"], Value::Null);
        assert_eq!(scrubbed["review"]["replies"][0]["text"], "We are on it");
        assert_eq!(scrubbed["other"]["text"], "unrelated");
        assert!(!scrubbed.to_string().contains("555-0101"));
    }

    #[test]
    fn scrubs_nested_payloads_and_every_email() {
        let payload = r#"{"type":"message.private","data":{"email":"dana@example.com",
            "text":"Refund sent","review":{"review":{"id":"r_1","text":"my secret"},
            "email":"dana@example.com","order_ref":"A-1"}}}"#;
        let out = scrub(payload, "r_1").unwrap();
        assert!(
            !out.contains("my secret") && !out.contains("dana@example.com"),
            "{out}"
        );
        assert!(out.contains("Refund sent"));
    }

    #[test]
    fn unchanged_or_invalid_input_gives_none() {
        assert_eq!(scrub(r#"{"review":{"id":"r_1","text":""}}"#, "r_1"), None);
        assert_eq!(scrub("not json", "r_1"), None);
    }
}
