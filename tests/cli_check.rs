//! `candor check` run as a real binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn candor(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_candor"))
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("candor binary starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin).expect("stdin accepts input");
    }
    child.wait_with_output().expect("candor finishes")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn one_text_human_readable_in_ui_language() {
    let out = candor(
        &[
            "Ужасный магазин, не рекомендую!",
            "--rating",
            "1",
            "--ui-lang",
            "en",
        ],
        b"",
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("verdict: template"), "{text}");
    assert!(text.contains("language ru"), "{text}");
    assert!(
        text.contains("stock_phrases: Replace stock phrases"),
        "{text}"
    );

    let out = candor(
        &[
            "Ordered a kettle on 3 May, it arrived with a cracked lid",
            "--ui-lang",
            "el",
        ],
        b"",
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("verdict: specific"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(candor(&[], b"").status.code(), Some(2));
    assert_eq!(candor(&["x", "--rating", "7"], b"").status.code(), Some(2));
    assert_eq!(
        candor(&["x", "--ui-lang", "de"], b"").status.code(),
        Some(2)
    );
    assert_eq!(candor(&["x", "--campaigns"], b"").status.code(), Some(2));
}

#[test]
fn jsonl_judges_every_line() {
    let input = "{\"id\": 7, \"text\": \"Best shop ever, highly recommend!\", \"rating\": 5}\n\
                 {\"id\": \"b\", \"text\": \"عالی بود، پیشنهاد می‌کنم\", \"lang\": \"fa\"}\n\
                 {\"id\": {\"k\": 1}, \"text\": \"Location\"}\n";
    let out = candor(&["--jsonl", "--ui-lang", "ru"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], 7);
    assert_eq!(lines[0]["lang"], "en");
    assert_eq!(lines[0]["verdict"], "template");
    let score = lines[0]["score"].as_f64().unwrap_or(-1.0);
    assert!((0.0..=1.0).contains(&score) && (score * 1000.0).fract().abs() < 1e-6);
    let reason = &lines[0]["reasons"][0];
    assert_eq!(reason["code"], "stock_phrases");
    assert!(reason["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("Замените"));
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[1]["lang"], "fa");
    assert_eq!(lines[2]["id"], serde_json::json!({"k": 1}));
    assert_eq!(lines[2]["verdict"], "vague");
    assert!(lines[2].get("campaign").is_none());
    // The server's machine-written score sits beside the verdict.
    for line in &lines {
        let m = line["machine_like"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&m), "{line}");
    }
}

#[test]
fn jsonl_prints_the_machine_like_score() {
    let input = "{\"id\": 1, \"text\": \"The hotel was located in a convenient area, and the staff were friendly and attentive. The room was spacious and clean, offering a comfortable stay.\"}\n\
                 {\"id\": 2, \"text\": \"Ordered a kettle on 3 May, it came on the 19th with a cracked lid.\"}\n";
    let out = candor(&["--jsonl"], input.as_bytes());
    assert!(out.status.success());
    let lines = json_lines(&out);
    let m = |i: usize| lines[i]["machine_like"].as_f64().unwrap_or(-1.0);
    assert!(m(0) > 0.9 && m(1) < 0.1, "{lines:?}");
}

#[test]
fn jsonl_bad_lines_report_and_fail_at_the_end() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"text\": \"Never again. Terrible company.\"}\n");
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"caf\xe9\"}\n"); // Latin-1, not UTF-8
    input.extend_from_slice(b"   \n");
    input.extend_from_slice(b"{\"id\": 3, \"text\": 42}\n");
    input.extend_from_slice(b"{oops\n");
    input.extend_from_slice(b"{\"id\": 4}\n");
    input.extend_from_slice(b"{\"id\": 5, \"text\": \"Fine.\"}");
    let out = candor(&["--jsonl"], &input);
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<i64> = json_lines(&out)
        .iter()
        .filter_map(|l| l["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![1, 5]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: not valid UTF-8"), "{err}");
    assert!(err.contains("line 4: \"text\" must be a string"), "{err}");
    assert!(err.contains("line 5: invalid JSON"), "{err}");
    assert!(err.contains("line 6: missing \"text\""), "{err}");
    assert!(!err.contains("line 3"), "{err}");
}

#[test]
fn jsonl_campaigns() {
    let input = "{\"id\": 1, \"text\": \"Order 48213. Terrible. Never again.\"}\n\
                 {\"id\": 2, \"text\": \"The strap of my watch broke after 9 days, replaced for free.\"}\n\
                 {\"id\": 3, \"text\": \"Order 99120. Awful. Never again.\"}\n\
                 {\"id\": 4, \"text\": \"Лучший магазин! Заказала телефон, всё пришло быстро. Всем советую!\"}\n\
                 {\"id\": 5, \"text\": \"Лучший магазин! Заказала ноутбук, всё пришло быстро. Всем советую!\"}\n";
    let out = candor(&["--jsonl", "--campaigns"], input.as_bytes());
    assert!(out.status.success());
    let campaigns: Vec<serde_json::Value> = json_lines(&out)
        .iter()
        .map(|l| l["campaign"].clone())
        .collect();
    assert_eq!(
        campaigns,
        vec![
            serde_json::json!(0),
            serde_json::Value::Null,
            serde_json::json!(0),
            serde_json::json!(1),
            serde_json::json!(1)
        ]
    );
}

#[test]
fn jsonl_survives_hostile_input() {
    let huge = "a".repeat(200_000);
    let input = format!(
        "{{\"id\": 1, \"text\": \"{huge}\"}}\n{{\"id\": 2, \"text\": \"\\u202e\\u0000 🙂\"}}\n"
    );
    let out = candor(&["--jsonl"], input.as_bytes());
    assert!(out.status.success());
    assert_eq!(json_lines(&out).len(), 2);
}
