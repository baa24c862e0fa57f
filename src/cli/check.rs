//! `candor check`: the detector from the command line.
//!
//! - `candor check "text" [--lang ru] [--rating 2] [--ui-lang en]` prints the
//!   verdict, the score and the reasons for one text.
//! - `candor check --jsonl` reads JSON lines `{"id": any, "text": string,
//!   "lang"?: string, "rating"?: 1..=5}` from stdin and writes one JSON line
//!   per input: `{"id", "lang", "score", "verdict", "machine_like",
//!   "reasons": [{"code", "message"}]}`. `machine_like` is the server's
//!   separate score (0..=1) for text that reads like machine-generated text
//!   (`server::rules::machine_like`; the widget never computes it); it is
//!   left out of builds without the `server` feature. With `--campaigns` it reads everything first, compares all
//!   texts with each other and adds `"campaign": <cluster number or null>`.
//!
//! Messages are in `--ui-lang` (default English), whatever the text language.
//! A bad input line (not UTF-8, not JSON, no string `text`, bad `lang` or
//! `rating`) is reported on stderr with its line number and skipped; every
//! good line still gets its output, and the exit code is then 1. Blank lines
//! are skipped.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use serde_json::Value;

use crate::core::detect::{check, cluster_campaigns, signature, Report};
use crate::core::lang::Lang;

/// Arguments of `candor check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The text to judge. Omit it with `--jsonl`.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    pub text: Option<String>,

    /// The language of the text (en, ru, kk, fa, el); detected when omitted.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// The star rating that goes with the text, 1 to 5.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub rating: Option<u8>,

    /// The language of the messages (en, ru, kk, fa, el). Default: English.
    #[arg(long, value_parser = parse_lang, default_value = "en")]
    pub ui_lang: Lang,

    /// Read JSON lines from stdin and write one JSON line per input.
    #[arg(long)]
    pub jsonl: bool,

    /// With `--jsonl`: also group texts written from one template and add
    /// `"campaign"` to each output line (reads all input first).
    #[arg(long)]
    pub campaigns: bool,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}; use en, ru, kk, fa or el"))
}

/// Runs `candor check`.
pub fn run(args: CheckArgs) -> ExitCode {
    if args.campaigns && !args.jsonl {
        eprintln!("error: --campaigns needs --jsonl");
        return ExitCode::from(2);
    }
    if args.jsonl {
        let stdin = io::stdin();
        let stdout = io::stdout();
        let stderr = io::stderr();
        let ok = run_jsonl(
            stdin.lock(),
            &mut BufWriter::new(stdout.lock()),
            &mut stderr.lock(),
            args.ui_lang,
            args.campaigns,
        );
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let text = args.text.unwrap_or_default();
    let report = check(&text, args.rating, args.lang);
    print!("{}", human(&report, args.ui_lang));
    ExitCode::SUCCESS
}

/// The human-readable form of a report.
fn human(report: &Report, ui: Lang) -> String {
    let mut out = format!(
        "verdict: {} (score {:.3}, language {})\n",
        report.verdict.as_str(),
        report.score,
        report.lang.map_or("unknown", Lang::code)
    );
    if report.reasons.is_empty() {
        out.push_str("no suggestions\n");
    }
    for r in &report.reasons {
        out.push_str(&format!("  - {}: {}\n", r.code(), r.text(ui)));
    }
    out
}

/// One valid input line.
struct Input {
    id: Value,
    text: String,
    lang: Option<Lang>,
    rating: Option<u8>,
}

/// Parses one input line; the error says what is wrong with it.
fn parse_line(bytes: &[u8]) -> Result<Option<Input>, String> {
    let line = std::str::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 ({e})"))?;
    if line.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("expected a JSON object".into());
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err("\"text\" must be a string".into()),
        None => return Err("missing \"text\"".into()),
    };
    let lang = match obj.remove("lang") {
        None | Some(Value::Null) => None,
        // An unknown tag is not an error: the text is judged language-neutrally.
        Some(Value::String(s)) => Lang::parse(&s),
        Some(_) => return Err("\"lang\" must be a string".into()),
    };
    let rating = match obj.remove("rating") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(r @ 1..=5) => Some(r as u8),
            _ => {
                return Err(format!(
                    "\"rating\" must be an integer from 1 to 5, not {v}"
                ))
            }
        },
    };
    Ok(Some(Input {
        id: obj.remove("id").unwrap_or(Value::Null),
        text,
        lang,
        rating,
    }))
}

/// One reason in an output line.
#[derive(Serialize)]
struct ReasonLine {
    code: &'static str,
    message: &'static str,
}

/// One `--jsonl` output line; the fields serialise in the documented order
/// (`id, lang, score, verdict, reasons, campaign`).
#[derive(Serialize)]
struct OutputLine {
    id: Value,
    lang: Option<&'static str>,
    score: f64,
    verdict: &'static str,
    /// The server's machine-written score, when built with the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    machine_like: Option<f64>,
    reasons: Vec<ReasonLine>,
    /// Only with `--campaigns`: the cluster number, or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign: Option<Option<usize>>,
}

/// The server's `machine_like` score of a text, rounded; `None` without the
/// server feature.
fn machine_like(text: &str) -> Option<f64> {
    #[cfg(feature = "server")]
    {
        let s = crate::server::rules::machine_like::score(text);
        Some((f64::from(s) * 1000.0).round() / 1000.0)
    }
    #[cfg(not(feature = "server"))]
    {
        let _ = text;
        None
    }
}

/// The JSON output line for one report of `text`.
fn output(
    id: Value,
    report: &Report,
    text: &str,
    ui: Lang,
    campaign: Option<Option<usize>>,
) -> String {
    let line = OutputLine {
        id,
        lang: report.lang.map(Lang::code),
        score: (f64::from(report.score) * 1000.0).round() / 1000.0,
        verdict: report.verdict.as_str(),
        machine_like: machine_like(text),
        reasons: report
            .reasons
            .iter()
            .map(|r| ReasonLine {
                code: r.code(),
                message: r.text(ui),
            })
            .collect(),
        campaign,
    };
    // Strings, numbers and a `Value` always serialise.
    serde_json::to_string(&line).unwrap_or_default()
}

/// The `--jsonl` mode over any reader and writers. Returns `false` when some
/// line was bad (or output failed).
fn run_jsonl(
    mut input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
    ui: Lang,
    campaigns: bool,
) -> bool {
    let mut ok = true;
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut pending: Vec<(Value, Report, String, Option<Lang>)> = Vec::new();
    loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(err, "error: reading stdin after line {line_no}: {e}");
                ok = false;
                break;
            }
        }
        line_no += 1;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let parsed = match parse_line(&buf) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(msg) => {
                let _ = writeln!(err, "error: line {line_no}: {msg}");
                ok = false;
                continue;
            }
        };
        let report = check(&parsed.text, parsed.rating, parsed.lang);
        if campaigns {
            let lang = report.lang;
            pending.push((parsed.id, report, parsed.text, lang));
        } else if writeln!(
            out,
            "{}",
            output(parsed.id, &report, &parsed.text, ui, None)
        )
        .is_err()
        {
            return false;
        }
    }
    if campaigns {
        let sigs: Vec<_> = pending
            .iter()
            .map(|(_, _, text, lang)| signature(text, *lang))
            .collect();
        let clusters = cluster_campaigns(&sigs);
        for ((id, report, text, _), c) in pending.into_iter().zip(clusters) {
            if writeln!(out, "{}", output(id, &report, &text, ui, Some(c))).is_err() {
                return false;
            }
        }
    }
    out.flush().is_ok() && ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(input: &[u8], campaigns: bool) -> (bool, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let ok = run_jsonl(input, &mut out, &mut err, Lang::En, campaigns);
        (
            ok,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn good_and_bad_lines() {
        let input = b"{\"id\": 1, \"text\": \"Best shop ever, highly recommend!\"}\n\n\xff\xfe\nnot json\n{\"id\": 2}\n{\"id\": [3], \"text\": \"ok\", \"rating\": 9}\r\n{\"id\": \"x\", \"text\": \"12345\", \"lang\": \"de\"}";
        let (ok, out, err) = run(input, false);
        assert!(!ok);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].contains("\"verdict\":\"template\""), "{out}");
        assert!(lines[1].contains("\"id\":\"x\"") && lines[1].contains("\"lang\":null"));
        for n in [3, 4, 5, 6] {
            assert!(err.contains(&format!("line {n}:")), "{err}");
        }
    }

    #[test]
    fn keys_come_in_documented_order() {
        let input =
            b"{\"text\": \"Best shop ever, highly recommend!\", \"id\": {\"b\": 1, \"a\": 2}}\n";
        for campaigns in [false, true] {
            let (ok, out, _) = run(input, campaigns);
            assert!(ok);
            let keys = [
                "\"id\":",
                "\"lang\":",
                "\"score\":",
                "\"verdict\":",
                "\"reasons\":",
                "\"campaign\":",
            ];
            let at: Vec<Option<usize>> = keys.iter().map(|k| out.find(k)).collect();
            let present: Vec<usize> = at.iter().flatten().copied().collect();
            assert_eq!(present.len(), if campaigns { 6 } else { 5 }, "{out}");
            assert!(present.windows(2).all(|w| w[0] < w[1]), "{out}");
            assert!(
                out.contains("{\"code\":\"stock_phrases\",\"message\":"),
                "{out}"
            );
        }
    }

    #[test]
    fn campaigns_are_numbered() {
        let input = "{\"id\":1,\"text\":\"Order 48213. Terrible. Never again.\"}\n\
                     {\"id\":2,\"text\":\"The zipper broke after 2 days.\"}\n\
                     {\"id\":3,\"text\":\"Order 99120. Awful. Never again.\"}\n";
        let (ok, out, _) = run(input.as_bytes(), true);
        assert!(ok);
        let c: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or(Value::Null)["campaign"].clone())
            .collect();
        assert_eq!(c, vec![json!(0), Value::Null, json!(0)]);
    }
}
