//! Holds many idle Server-Sent Events connections open against one Candor
//! instance and reports how many it holds and the server's memory.
//!
//! ```text
//! cargo run --release --example sse_hold -- \
//!     --addr 127.0.0.1:8080 --site bench --connections 10000 --pid <server pid>
//! ```
//!
//! Each connection is a raw TCP socket that writes a plain HTTP/1.1 `GET
//! /api/v1/sites/{site}/events` and reads until the response head (which must
//! be `200`) and the first complete event (`event: status`) arrived; then it
//! stays open and idle. When all are open, the server's `VmRSS` and `VmHWM`
//! are read from `/proc/<pid>/status` (before and after), `/healthz` is
//! probed once a second for `--probe-secs` (default 30) while they are held,
//! and one summary line `RESULT held=... failed=... rss_before_kb=...
//! rss_kb=... hwm_kb=... healthz_p50_ms=... healthz_p99_ms=...` is printed. Raise `ulimit -n` for both processes first. Used by
//! `scripts/bench-server.sh`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// Longest a connection may take to deliver its first event.
const FIRST_EVENT_TIMEOUT: Duration = Duration::from_secs(30);

struct Args {
    addr: SocketAddr,
    site: String,
    connections: usize,
    parallel: usize,
    pid: Option<u32>,
    hold_secs: u64,
    probe_secs: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        site: "bench".to_owned(),
        connections: 10_000,
        parallel: 256,
        pid: None,
        hold_secs: 2,
        probe_secs: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--addr" => args.addr = value.parse().map_err(|e| bad(&e))?,
            "--site" => args.site = value,
            "--connections" => args.connections = value.parse().map_err(|e| bad(&e))?,
            "--parallel" => args.parallel = value.parse().map_err(|e| bad(&e))?,
            "--pid" => args.pid = Some(value.parse().map_err(|e| bad(&e))?),
            "--hold-secs" => args.hold_secs = value.parse().map_err(|e| bad(&e))?,
            "--probe-secs" => args.probe_secs = value.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

/// `VmRSS` and `VmHWM` of a process, in kB.
fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads until `done(buffer)` holds; errors on EOF.
async fn read_until(
    stream: &TcpStream,
    buffer: &mut Vec<u8>,
    done: impl Fn(&[u8]) -> bool,
) -> std::io::Result<()> {
    let mut chunk = [0u8; 4096];
    while !done(buffer) {
        stream.readable().await?;
        match stream.try_read(&mut chunk) {
            Ok(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "closed before the first event",
                ))
            }
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Opens one SSE connection and waits for `200` and the first event.
async fn open(addr: SocketAddr, site: &str) -> Result<TcpStream, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let request = format!(
        "GET /api/v1/sites/{site}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    write_all(&stream, request.as_bytes())
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut buffer = Vec::new();
    let first_event = |b: &[u8]| {
        find(b, b"\r\n\r\n").is_some_and(|head| {
            let body = &b[head + 4..];
            // The status event (possibly inside a chunk) ends with a blank line.
            find(body, b"event: status").is_some_and(|at| find(&body[at..], b"\n\n").is_some())
        }) || (b.len() > 12 && !b.starts_with(b"HTTP/1.1 200"))
    };
    tokio::time::timeout(
        FIRST_EVENT_TIMEOUT,
        read_until(&stream, &mut buffer, first_event),
    )
    .await
    .map_err(|_| "timed out waiting for the first event".to_owned())?
    .map_err(|e| format!("read: {e}"))?;
    if !buffer.starts_with(b"HTTP/1.1 200") {
        let line = buffer.split(|b| *b == b'\r').next().unwrap_or_default();
        return Err(format!("status {}", String::from_utf8_lossy(line)));
    }
    Ok(stream)
}

/// One plain request while everything is held: does the server still answer?
async fn healthz(addr: SocketAddr) -> Result<Duration, String> {
    let started = Instant::now();
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    write_all(&stream, request.as_bytes())
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut buffer = Vec::new();
    read_until(&stream, &mut buffer, |b| b.len() >= 12)
        .await
        .map_err(|e| format!("read: {e}"))?;
    if buffer.starts_with(b"HTTP/1.1 200") {
        Ok(started.elapsed())
    } else {
        Err(String::from_utf8_lossy(&buffer[..12]).into_owned())
    }
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("sse_hold: {e}");
            std::process::exit(2);
        }
    };
    let before = args.pid.and_then(memory_kb);
    let started = Instant::now();
    let permits = Arc::new(Semaphore::new(args.parallel.max(1)));
    let site: Arc<str> = Arc::from(args.site.as_str());
    let mut tasks = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        let permits = permits.clone();
        let site = site.clone();
        let addr = args.addr;
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.map_err(|e| e.to_string())?;
            open(addr, &site).await
        }));
    }
    let mut held = Vec::with_capacity(args.connections);
    let mut errors: std::collections::BTreeMap<String, usize> = Default::default();
    for task in tasks {
        match task.await {
            Ok(Ok(stream)) => held.push(stream),
            Ok(Err(e)) => *errors.entry(e).or_default() += 1,
            Err(e) => *errors.entry(e.to_string()).or_default() += 1,
        }
    }
    let open_secs = started.elapsed().as_secs_f64();
    let failed: usize = errors.values().sum();
    for (error, count) in &errors {
        eprintln!("sse_hold: {count} connections failed: {error}");
    }
    eprintln!(
        "sse_hold: {} of {} connections got 200 and the first event in {open_secs:.1} s",
        held.len(),
        args.connections
    );
    // Let the server settle (keep-alive timers armed, buffers flushed).
    tokio::time::sleep(Duration::from_secs(args.hold_secs)).await;
    let after = args.pid.and_then(memory_kb);
    // One probe a second while the connections are held.
    let mut took = Vec::new();
    let mut probe_failures = 0usize;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    for _ in 0..args.probe_secs.max(1) {
        tick.tick().await;
        match healthz(args.addr).await {
            Ok(t) => took.push(t.as_secs_f64() * 1000.0),
            Err(e) => {
                eprintln!("sse_hold: /healthz while holding failed: {e}");
                probe_failures += 1;
            }
        }
    }
    took.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        took.get(((took.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or("failed".to_owned(), |ms| format!("{ms:.1}"))
    };
    // Every held connection must still be open (no EOF, no error).
    let mut still_open = 0;
    let mut scratch = [0u8; 4096];
    for stream in &held {
        match stream.try_read(&mut scratch) {
            // Data waiting (a keep-alive comment) or nothing yet: open.
            Ok(n) if n > 0 => still_open += 1,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => still_open += 1,
            // EOF or a reset: closed by the server.
            _ => {}
        }
    }
    println!(
        "RESULT held={} still_open={still_open} failed={failed} open_secs={open_secs:.1} rss_before_kb={} rss_kb={} hwm_kb={} healthz_p50_ms={} healthz_p99_ms={} healthz_failed={probe_failures}",
        held.len(),
        before.map_or(0, |m| m.0),
        after.map_or(0, |m| m.0),
        after.map_or(0, |m| m.1),
        rank(0.5),
        rank(0.99),
    );
    drop(held);
}
