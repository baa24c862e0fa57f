//! OpenAPI schemas of the string fields whose values come from a closed
//! list the server checks by code (review kinds, languages, topics, abuse
//! reasons, ...). The fields stay `String` so the server keeps its own
//! lenient parsing and error codes; these functions (`#[schema(schema_with
//! = ...)]`) tell clients and the API fuzzer the values it accepts, built
//! from the same lists the server parses with.

use utoipa::openapi::schema::SchemaType;
use utoipa::openapi::{Object, ObjectBuilder, Type};

use crate::core::lang::Lang;
use crate::core::model::{AbuseReason, ReviewKind, Status};
use crate::core::topic::{Priority, Topic};

/// A string that must be one of `values`; with `nullable`, also `null`
/// and `""`, which the server reads as "not given".
fn one_of(values: Vec<&'static str>, nullable: bool) -> Object {
    let builder = ObjectBuilder::new();
    if nullable {
        let values = values
            .into_iter()
            .map(serde_json::Value::from)
            .chain([serde_json::Value::from(""), serde_json::Value::Null]);
        builder
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .enum_values(Some(values))
            .build()
    } else {
        builder
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build()
    }
}

/// `review` or `complaint`.
pub fn review_kind() -> Object {
    one_of(ReviewKind::ALL.iter().map(|k| k.as_str()).collect(), false)
}

/// A language code (en, ru, kk, fa, el); `null` or `""` for none.
pub fn optional_lang() -> Object {
    one_of(Lang::ALL.iter().map(|l| l.code()).collect(), true)
}

/// A language code as a query filter.
pub fn lang() -> Object {
    one_of(Lang::ALL.iter().map(|l| l.code()).collect(), false)
}

/// A reason for hiding or banning: insult, slur, threat, personal_data,
/// harassment, spam.
pub fn abuse_reason() -> Object {
    one_of(AbuseReason::ALL.iter().map(|r| r.as_str()).collect(), false)
}

/// A review status: published, held, hidden, withdrawn.
pub fn status() -> Object {
    one_of(Status::ALL.iter().map(|s| s.as_str()).collect(), false)
}

/// A topic code.
pub fn topic() -> Object {
    one_of(Topic::ALL.iter().map(|t| t.code()).collect(), false)
}

/// A priority code.
pub fn priority() -> Object {
    one_of(Priority::ALL.iter().map(|p| p.code()).collect(), false)
}

/// `template`, `campaign` or `any`.
pub fn suspected() -> Object {
    one_of(vec!["template", "campaign", "any"], false)
}

/// The order of the public list.
pub fn sort() -> Object {
    one_of(
        vec!["newest", "oldest", "highest", "lowest", "helpful"],
        false,
    )
}

/// Export formats.
pub fn export_format() -> Object {
    one_of(vec!["csv", "json"], false)
}

/// Exported tables.
pub fn export_what() -> Object {
    one_of(vec!["reviews", "replies", "moderation-log"], false)
}

/// An optional value of a known string format: the value, or `""` or
/// `null` for none.
fn optional_format(format: utoipa::openapi::KnownFormat) -> utoipa::openapi::Schema {
    utoipa::openapi::OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(format))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .build()
        .into()
}

/// An optional `YYYY-MM-DD` date: a date, `""` or `null` (none).
pub fn optional_date() -> utoipa::openapi::Schema {
    optional_format(utoipa::openapi::KnownFormat::Date)
}

/// An optional e-mail address: an address, `""` or `null` (none).
pub fn optional_email() -> utoipa::openapi::Schema {
    optional_format(utoipa::openapi::KnownFormat::Email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_from_the_parsers() {
        let values = |o: Object| o.enum_values.unwrap_or_default();
        for value in values(topic()) {
            assert!(Topic::from_code(value.as_str().unwrap()).is_some());
        }
        assert_eq!(values(abuse_reason()).len(), AbuseReason::ALL.len());
        assert!(values(optional_lang()).contains(&serde_json::Value::Null));
    }
}
