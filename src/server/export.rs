//! Export and import of a site's data.
//!
//! - Merchants export one table (`reviews`, `replies`, `moderation-log`) as
//!   CSV or JSON. [`Exporter`] reads it page by page with keyset pagination
//!   and yields encoded chunks, so a big site is streamed, never held in
//!   memory. CSV follows RFC 4180 (CRLF, quotes doubled) and is safe to open
//!   in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, tab or
//!   carriage return is prefixed with `'` so it is never run as a formula.
//! - Operators dump a whole site as JSON Lines ([`Dumper`], one record per
//!   line with every stored field) and import it into the same or another
//!   server ([`import_lines`]): ids and timestamps are kept, existing
//!   reviews are never overwritten, and importing twice adds nothing.

use serde::{Deserialize, Serialize};

use crate::core::model::ReviewState;
use crate::server::rules::hours::rfc3339;
use crate::server::storage::{
    ExportCursor, ImportBatch, ImportCounts, LogRecord, NewReply, ReplyRecord, ReviewRecord,
    Storage, StoreError,
};

/// Rows read per database round trip.
pub const PAGE: i64 = 500;
/// Records imported per transaction.
pub const IMPORT_BATCH: usize = 500;
/// The `format` field of a dump's first line.
pub const DUMP_FORMAT: &str = "candor-export";
/// The dump format's version.
pub const DUMP_VERSION: u32 = 1;

/// Which table to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    /// Every review and complaint, private fields included.
    Reviews,
    /// Replies under the site's reviews.
    Replies,
    /// The moderation log.
    ModerationLog,
}

impl ExportWhat {
    /// Parses `reviews`, `replies` or `moderation-log`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "reviews" => Some(ExportWhat::Reviews),
            "replies" => Some(ExportWhat::Replies),
            "moderation-log" => Some(ExportWhat::ModerationLog),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportWhat::Reviews => "reviews",
            ExportWhat::Replies => "replies",
            ExportWhat::ModerationLog => "moderation-log",
        }
    }
}

/// How to encode an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of objects.
    Json,
}

impl ExportFormat {
    /// Parses `csv` or `json`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The response's content type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// One CSV cell: formula-safe and quoted when needed.
pub fn csv_cell(value: &str) -> String {
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV record (CRLF-terminated).
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A review as exported to merchants.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    /// Id.
    pub id: String,
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: i64,
    /// The shopper's text.
    pub text: String,
    /// Product id.
    pub product: Option<String>,
    /// Display name.
    pub author_name: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Order number.
    pub order_ref: Option<String>,
    /// Order date.
    pub order_date: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// Visibility.
    pub status: String,
    /// Resolution, if any.
    pub resolution: Option<String>,
    /// Why hidden or held.
    pub hidden_reason: Option<String>,
    /// Matched a registered order.
    pub verified_order: bool,
    /// Deadline, RFC 3339.
    pub answer_due_at: Option<String>,
    /// First public answer, RFC 3339.
    pub first_answer_at: Option<String>,
    /// Minutes to it in open hours.
    pub first_answer_open_minutes: Option<i64>,
    /// Detector score.
    pub check_score: f64,
    /// Detector verdict.
    pub check_verdict: String,
    /// Detector reasons.
    pub check_reasons: Vec<String>,
}

impl ReviewRow {
    const HEADERS: [&'static str; 21] = [
        "id",
        "kind",
        "rating",
        "text",
        "product",
        "author_name",
        "email",
        "order_ref",
        "order_date",
        "lang",
        "created_at",
        "status",
        "resolution",
        "hidden_reason",
        "verified_order",
        "answer_due_at",
        "first_answer_at",
        "first_answer_open_minutes",
        "check_score",
        "check_verdict",
        "check_reasons",
    ];

    fn from_record(r: &ReviewRecord) -> Self {
        ReviewRow {
            id: r.id.clone(),
            kind: r.state.kind.as_str().to_owned(),
            rating: r.rating,
            text: r.text.clone(),
            product: r.product.clone(),
            author_name: r.author_name.clone(),
            email: r.email.clone(),
            order_ref: r.order_ref.clone(),
            order_date: r.order_date.clone(),
            lang: r.lang.clone(),
            created_at: rfc3339(r.created_at),
            status: r.state.status.as_str().to_owned(),
            resolution: r.state.resolution.map(|x| x.as_str().to_owned()),
            hidden_reason: r.hidden_reason.clone(),
            verified_order: r.state.verified_order,
            answer_due_at: r.answer_due_at.map(rfc3339),
            first_answer_at: r.state.first_answer_at.map(rfc3339),
            first_answer_open_minutes: r.first_answer_open_minutes,
            check_score: r.check_score,
            check_verdict: r.check_verdict.clone(),
            check_reasons: r.check_reasons.clone(),
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.kind.clone(),
            self.rating.to_string(),
            self.text.clone(),
            opt(&self.product),
            opt(&self.author_name),
            opt(&self.email),
            opt(&self.order_ref),
            opt(&self.order_date),
            opt(&self.lang),
            self.created_at.clone(),
            self.status.clone(),
            opt(&self.resolution),
            opt(&self.hidden_reason),
            self.verified_order.to_string(),
            opt(&self.answer_due_at),
            opt(&self.first_answer_at),
            self.first_answer_open_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            format!("{:.3}", self.check_score),
            self.check_verdict.clone(),
            self.check_reasons.join(" "),
        ]
    }
}

/// A reply as exported to merchants.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyRow {
    /// Id.
    pub id: i64,
    /// The review.
    pub review_id: String,
    /// Kind of entry.
    pub kind: String,
    /// Who wrote it.
    pub author: String,
    /// Text.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
}

impl ReplyRow {
    const HEADERS: [&'static str; 6] = ["id", "review_id", "kind", "author", "text", "created_at"];

    fn from_record(r: &ReplyRecord) -> Self {
        ReplyRow {
            id: r.id,
            review_id: r.review_id.clone(),
            kind: r.kind.clone(),
            author: r.author_display.clone(),
            text: r.text.clone(),
            created_at: rfc3339(r.created_at),
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.review_id.clone(),
            self.kind.clone(),
            self.author.clone(),
            self.text.clone(),
            self.created_at.clone(),
        ]
    }
}

/// A moderation-log entry as exported.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    /// Id.
    pub id: i64,
    /// The review, if any.
    pub review_id: Option<String>,
    /// Action.
    pub action: String,
    /// Stated reason.
    pub reason: Option<String>,
    /// Who acted.
    pub actor: String,
    /// RFC 3339.
    pub created_at: String,
}

impl LogRow {
    const HEADERS: [&'static str; 6] =
        ["id", "review_id", "action", "reason", "actor", "created_at"];

    fn from_record(r: &LogRecord) -> Self {
        LogRow {
            id: r.id,
            review_id: r.review_id.clone(),
            action: r.action.clone(),
            reason: r.reason.clone(),
            actor: r.actor.clone(),
            created_at: rfc3339(r.created_at),
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            opt(&self.review_id),
            self.action.clone(),
            opt(&self.reason),
            self.actor.clone(),
            self.created_at.clone(),
        ]
    }
}

fn json_error(err: serde_json::Error) -> StoreError {
    StoreError::Corrupt(if err.is_io() { "io" } else { "export row" })
}

/// Streams one table of a site in pages, as encoded text chunks.
pub struct Exporter {
    store: std::sync::Arc<dyn Storage>,
    site: String,
    what: ExportWhat,
    format: ExportFormat,
    cursor: ExportCursor,
    started: bool,
    rows_written: u64,
    done: bool,
}

impl std::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter")
            .field("site", &self.site)
            .field("what", &self.what)
            .field("format", &self.format)
            .field("rows_written", &self.rows_written)
            .finish()
    }
}

impl Exporter {
    /// An export of `what` from `site`.
    pub fn new(
        store: std::sync::Arc<dyn Storage>,
        site: &str,
        what: ExportWhat,
        format: ExportFormat,
    ) -> Self {
        Exporter {
            store,
            site: site.to_owned(),
            what,
            format,
            cursor: ExportCursor::Start,
            started: false,
            rows_written: 0,
            done: false,
        }
    }

    fn encode<T: Serialize>(
        &mut self,
        out: &mut String,
        row: &T,
        cells: impl FnOnce(&T) -> Vec<String>,
    ) -> Result<(), StoreError> {
        match self.format {
            ExportFormat::Csv => out.push_str(&csv_line(&cells(row))),
            ExportFormat::Json => {
                out.push_str(if self.rows_written == 0 { "\n" } else { ",\n" });
                out.push_str(&serde_json::to_string(row).map_err(json_error)?);
            }
        }
        self.rows_written += 1;
        Ok(())
    }

    /// The next chunk of the encoded export, `None` at the end. After an
    /// error the export ends.
    pub async fn next_chunk(&mut self) -> Result<Option<String>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let mut out = String::new();
        if !self.started {
            self.started = true;
            match self.format {
                ExportFormat::Csv => out.push_str(&csv_line(match self.what {
                    ExportWhat::Reviews => &ReviewRow::HEADERS[..],
                    ExportWhat::Replies => &ReplyRow::HEADERS[..],
                    ExportWhat::ModerationLog => &LogRow::HEADERS[..],
                })),
                ExportFormat::Json => out.push('['),
            }
            return Ok(Some(out));
        }
        let result = self.page(&mut out).await;
        let more = match result {
            Ok(more) => more,
            Err(err) => {
                self.done = true;
                return Err(err);
            }
        };
        if !more {
            self.done = true;
            if self.format == ExportFormat::Json {
                out.push_str(if self.rows_written == 0 {
                    "]\n"
                } else {
                    "\n]\n"
                });
            }
        }
        Ok(Some(out))
    }

    /// Encodes one page into `out`; false when it was the last.
    async fn page(&mut self, out: &mut String) -> Result<bool, StoreError> {
        let store = self.store.clone();
        let count = match self.what {
            ExportWhat::Reviews => {
                let rows = store.export_reviews(&self.site, &self.cursor, PAGE).await?;
                for r in &rows {
                    self.encode(out, &ReviewRow::from_record(r), ReviewRow::cells)?;
                }
                if let Some(last) = rows.last() {
                    self.cursor = ExportCursor::Review(last.created_at, last.id.clone());
                }
                rows.len()
            }
            ExportWhat::Replies => {
                let rows = store.export_replies(&self.site, &self.cursor, PAGE).await?;
                for r in &rows {
                    self.encode(out, &ReplyRow::from_record(r), ReplyRow::cells)?;
                }
                if let Some(last) = rows.last() {
                    self.cursor = ExportCursor::Id(last.id);
                }
                rows.len()
            }
            ExportWhat::ModerationLog => {
                let rows = store.export_log(&self.site, &self.cursor, PAGE).await?;
                for r in &rows {
                    self.encode(out, &LogRow::from_record(r), LogRow::cells)?;
                }
                if let Some(last) = rows.last() {
                    self.cursor = ExportCursor::Id(last.id);
                }
                rows.len()
            }
        };
        Ok(count as i64 >= PAGE)
    }
}

/// A review with every stored field, as dumped for operators.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DumpReview {
    /// Id (kept on import).
    pub id: String,
    /// 1..=5.
    pub rating: i64,
    /// The shopper's text.
    pub text: String,
    /// Product id.
    pub product: Option<String>,
    /// Display name.
    pub author_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// E-mail hash.
    pub email_sha256: Option<String>,
    /// Order number.
    pub order_ref: Option<String>,
    /// Order date.
    pub order_date: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Kind, status, resolution and their times.
    #[serde(flatten)]
    pub state: ReviewState,
    /// Detector score.
    pub check_score: f64,
    /// Detector verdict.
    pub check_verdict: String,
    /// Detector reasons.
    pub check_reasons: Vec<String>,
    /// SHA-256 of the author token (the author's link keeps working).
    pub author_token_sha256: String,
    /// Salted address hash.
    pub ip_hash: Option<String>,
    /// Unix ms.
    pub answer_due_at: Option<i64>,
    /// Open minutes to the first answer.
    pub first_answer_open_minutes: Option<i64>,
    /// Why hidden or held.
    pub hidden_reason: Option<String>,
    /// Template signature.
    pub signature: Option<String>,
}

impl DumpReview {
    fn from_record(r: &ReviewRecord) -> Self {
        DumpReview {
            id: r.id.clone(),
            rating: r.rating,
            text: r.text.clone(),
            product: r.product.clone(),
            author_name: r.author_name.clone(),
            email: r.email.clone(),
            email_sha256: r.email_sha256.clone(),
            order_ref: r.order_ref.clone(),
            order_date: r.order_date.clone(),
            lang: r.lang.clone(),
            created_at: r.created_at,
            state: r.state.clone(),
            check_score: r.check_score,
            check_verdict: r.check_verdict.clone(),
            check_reasons: r.check_reasons.clone(),
            author_token_sha256: r.author_token_sha256.clone(),
            ip_hash: r.ip_hash.clone(),
            answer_due_at: r.answer_due_at,
            first_answer_open_minutes: r.first_answer_open_minutes,
            hidden_reason: r.hidden_reason.clone(),
            signature: r.signature.clone(),
        }
    }

    fn into_record(self, site: &str) -> ReviewRecord {
        ReviewRecord {
            id: self.id,
            site: site.to_owned(),
            rating: self.rating,
            text: self.text,
            product: self.product,
            author_name: self.author_name,
            email: self.email,
            email_sha256: self.email_sha256,
            order_ref: self.order_ref,
            order_date: self.order_date,
            lang: self.lang,
            created_at: self.created_at,
            state: self.state,
            check_score: self.check_score,
            check_verdict: self.check_verdict,
            check_reasons: self.check_reasons,
            author_token_sha256: self.author_token_sha256,
            ip_hash: self.ip_hash,
            answer_due_at: self.answer_due_at,
            first_answer_open_minutes: self.first_answer_open_minutes,
            hidden_reason: self.hidden_reason,
            signature: self.signature,
            version: 0,
        }
    }
}

/// A reply as dumped (its numeric id is informative; imports assign new ones).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DumpReply {
    /// The source id.
    pub id: i64,
    /// The review.
    pub review_id: String,
    /// Kind.
    pub kind: String,
    /// Text.
    pub text: String,
    /// Who.
    pub author_display: String,
    /// Unix ms.
    pub created_at: i64,
}

/// A moderation-log entry as dumped.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DumpLog {
    /// The source id.
    pub id: i64,
    /// The review, if any.
    pub review_id: Option<String>,
    /// Action.
    pub action: String,
    /// Reason.
    pub reason: Option<String>,
    /// Who.
    pub actor: String,
    /// Unix ms.
    pub created_at: i64,
}

/// One line of a JSON Lines dump.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DumpLine {
    /// The first line.
    Header {
        /// Always [`DUMP_FORMAT`].
        format: String,
        /// [`DUMP_VERSION`].
        version: u32,
        /// The source site.
        site: String,
        /// Unix ms.
        exported_at: i64,
    },
    /// A review.
    Review(Box<DumpReview>),
    /// A reply.
    Reply(DumpReply),
    /// A moderation-log entry.
    Log(DumpLog),
}

/// Writes a whole site as JSON Lines (header, reviews, replies, log), page by
/// page; returns how many records were written.
pub async fn dump(
    store: &dyn Storage,
    site: &str,
    now: i64,
    out: &mut (dyn std::io::Write + Send),
) -> Result<u64, DumpError> {
    let mut written = 0;
    let mut line = |value: &DumpLine| -> Result<(), DumpError> {
        serde_json::to_writer(&mut *out, value)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    line(&DumpLine::Header {
        format: DUMP_FORMAT.to_owned(),
        version: DUMP_VERSION,
        site: site.to_owned(),
        exported_at: now,
    })?;
    let mut cursor = ExportCursor::Start;
    loop {
        let rows = store.export_reviews(site, &cursor, PAGE).await?;
        for r in &rows {
            line(&DumpLine::Review(Box::new(DumpReview::from_record(r))))?;
        }
        written += rows.len() as u64;
        match rows.last() {
            Some(last) if rows.len() as i64 >= PAGE => {
                cursor = ExportCursor::Review(last.created_at, last.id.clone())
            }
            _ => break,
        }
    }
    let mut cursor = ExportCursor::Start;
    loop {
        let rows = store.export_replies(site, &cursor, PAGE).await?;
        for r in &rows {
            line(&DumpLine::Reply(DumpReply {
                id: r.id,
                review_id: r.review_id.clone(),
                kind: r.kind.clone(),
                text: r.text.clone(),
                author_display: r.author_display.clone(),
                created_at: r.created_at,
            }))?;
        }
        written += rows.len() as u64;
        match rows.last() {
            Some(last) if rows.len() as i64 >= PAGE => cursor = ExportCursor::Id(last.id),
            _ => break,
        }
    }
    let mut cursor = ExportCursor::Start;
    loop {
        let rows = store.export_log(site, &cursor, PAGE).await?;
        for r in &rows {
            line(&DumpLine::Log(DumpLog {
                id: r.id,
                review_id: r.review_id.clone(),
                action: r.action.clone(),
                reason: r.reason.clone(),
                actor: r.actor.clone(),
                created_at: r.created_at,
            }))?;
        }
        written += rows.len() as u64;
        match rows.last() {
            Some(last) if rows.len() as i64 >= PAGE => cursor = ExportCursor::Id(last.id),
            _ => break,
        }
    }
    Ok(written)
}

/// Why a dump or import failed.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// Reading or writing failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// A line is not a valid record.
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Encoding failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// The database failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn check_review(line: usize, r: &DumpReview) -> Result<(), DumpError> {
    let bad = |message: &str| DumpError::Line {
        line,
        message: format!("review {:?}: {message}", r.id),
    };
    if r.id.is_empty() || r.id.len() > 64 {
        return Err(bad("id must be 1-64 characters"));
    }
    if !(1..=5).contains(&r.rating) {
        return Err(bad("rating must be 1..=5"));
    }
    if r.author_token_sha256.is_empty() {
        return Err(bad("author_token_sha256 is required"));
    }
    Ok(())
}

/// Imports a JSON Lines dump into `site` (which must exist), in
/// transactions of [`IMPORT_BATCH`] records. Blank lines are skipped; a
/// malformed line stops the import with its number (earlier batches stay).
pub async fn import_lines(
    store: &dyn Storage,
    site: &str,
    input: impl std::io::BufRead,
) -> Result<ImportCounts, DumpError> {
    let mut counts = ImportCounts::default();
    let mut batch = ImportBatch::default();
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: DumpLine = serde_json::from_str(&line).map_err(|e| DumpError::Line {
            line: number,
            message: e.to_string(),
        })?;
        match record {
            DumpLine::Header {
                format, version, ..
            } => {
                if format != DUMP_FORMAT || version > DUMP_VERSION {
                    return Err(DumpError::Line {
                        line: number,
                        message: format!("unsupported dump {format} version {version}"),
                    });
                }
            }
            DumpLine::Review(review) => {
                check_review(number, &review)?;
                // Replies and log entries that follow may refer to it.
                if !batch.replies.is_empty() || !batch.log.is_empty() {
                    counts.add(store.import(site, &std::mem::take(&mut batch)).await?);
                }
                batch.reviews.push((*review).into_record(site));
            }
            DumpLine::Reply(reply) => batch.replies.push(NewReply {
                review_id: reply.review_id,
                kind: reply.kind,
                text: reply.text,
                author_display: reply.author_display,
                user_id: None,
                created_at: reply.created_at,
            }),
            DumpLine::Log(entry) => batch.log.push(LogRecord {
                id: 0,
                site: site.to_owned(),
                review_id: entry.review_id,
                action: entry.action,
                reason: entry.reason,
                actor: entry.actor,
                actor_user_id: None,
                created_at: entry.created_at,
            }),
        }
        if batch.reviews.len() + batch.replies.len() + batch.log.len() >= IMPORT_BATCH {
            counts.add(store.import(site, &std::mem::take(&mut batch)).await?);
        }
    }
    counts.add(store.import(site, &batch).await?);
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_line(&["a", "b c"]), "a,b c\r\n");
    }

    #[test]
    fn dump_lines_round_trip() {
        let line = r#"{"type":"log","id":3,"review_id":null,"action":"ban","reason":"spam","actor":"A","created_at":5}"#;
        let parsed: DumpLine = serde_json::from_str(line).unwrap();
        assert!(matches!(parsed, DumpLine::Log(ref l) if l.action == "ban"));
        let again = serde_json::to_string(&parsed).unwrap();
        assert!(again.starts_with(r#"{"type":"log""#), "{again}");
    }
}
