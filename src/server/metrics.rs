//! Operator metrics in the Prometheus text format (version 0.0.4): requests
//! by route and status with latency histograms, accepted submissions, live
//! SSE connections, webhook deliveries by outcome, the outbox and the
//! database pools. Counters live in this instance's memory; the gauges are
//! read when scraped.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::server::storage::PoolStats;

/// Upper bounds of the request-latency histogram buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    submissions: BTreeMap<(String, String), u64>,
    webhook_deliveries: BTreeMap<String, u64>,
    mails: BTreeMap<String, u64>,
    webhooks_queued: BTreeMap<String, u64>,
}

/// The counters of one instance.
#[derive(Debug)]
pub struct Metrics {
    counters: Mutex<Counters>,
    started: Instant,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            counters: Mutex::default(),
            started: Instant::now(),
        }
    }
}

/// Values read at scrape time.
#[derive(Debug, Clone, Default)]
pub struct Gauges {
    /// Open SSE connections of this instance.
    pub sse_connections: usize,
    /// Database pools.
    pub pools: Vec<PoolStats>,
    /// Webhook deliveries per status in the outbox (all instances).
    pub outbox: Vec<(String, i64)>,
    /// The storage backend.
    pub backend: &'static str,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Counters) -> T) -> T {
        // A panic while holding the lock leaves counters usable.
        let mut guard = match self.counters.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    /// Counts one answered request. `route` is the matched route pattern
    /// (e.g. `/api/v1/sites/{site}/reviews`), never the raw path, so the
    /// number of series stays bounded.
    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        self.with(|c| {
            *c.requests
                .entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
            let histogram = c.latency.entry(route.to_owned()).or_default();
            histogram.count += 1;
            histogram.sum += seconds;
            for (slot, bound) in histogram.buckets.iter_mut().zip(LATENCY_BUCKETS) {
                if seconds <= bound {
                    *slot += 1;
                }
            }
        });
    }

    /// Counts an accepted submission.
    pub fn submission(&self, kind: &str, status: &str) {
        self.with(|c| {
            *c.submissions
                .entry((kind.to_owned(), status.to_owned()))
                .or_default() += 1;
        });
    }

    /// Counts a webhook delivery attempt's outcome.
    pub fn webhook_delivery(&self, outcome: &str) {
        self.with(|c| *c.webhook_deliveries.entry(outcome.to_owned()).or_default() += 1);
    }

    /// Counts one mail send attempt by outcome.
    pub fn mail(&self, outcome: &str) {
        self.with(|c| *c.mails.entry(outcome.to_owned()).or_default() += 1);
    }

    /// Counts webhook deliveries queued, by event type.
    pub fn webhook_queued(&self, event: &str, count: usize) {
        if count == 0 {
            return;
        }
        self.with(|c| *c.webhooks_queued.entry(event.to_owned()).or_default() += count as u64);
    }

    /// The Prometheus text exposition of the counters and `gauges`.
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::with_capacity(4096);
        let counters = self.with(|c| {
            (
                c.requests.clone(),
                c.latency.clone(),
                c.submissions.clone(),
                c.webhook_deliveries.clone(),
                c.webhooks_queued.clone(),
                c.mails.clone(),
            )
        });
        let (requests, latency, submissions, deliveries, queued, mails) = counters;

        header(
            &mut out,
            "candor_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route and status.",
        );
        for ((method, route, status), n) in &requests {
            let _ = writeln!(
                out,
                "candor_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(method),
                escape(route)
            );
        }

        header(
            &mut out,
            "candor_http_request_duration_seconds",
            "histogram",
            "Time to the response head, by route.",
        );
        for (route, h) in &latency {
            let route = escape(route);
            for (bound, n) in LATENCY_BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "candor_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "candor_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "candor_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "candor_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }

        header(
            &mut out,
            "candor_submissions_total",
            "counter",
            "Accepted reviews and complaints, by kind and resulting status.",
        );
        for ((kind, status), n) in &submissions {
            let _ = writeln!(
                out,
                "candor_submissions_total{{kind=\"{}\",status=\"{}\"}} {n}",
                escape(kind),
                escape(status)
            );
        }

        header(
            &mut out,
            "candor_sse_connections",
            "gauge",
            "Open Server-Sent Events connections of this instance.",
        );
        let _ = writeln!(out, "candor_sse_connections {}", gauges.sse_connections);

        header(
            &mut out,
            "candor_webhooks_queued_total",
            "counter",
            "Webhook deliveries queued by this instance, by event.",
        );
        for (event, n) in &queued {
            let _ = writeln!(
                out,
                "candor_webhooks_queued_total{{event=\"{}\"}} {n}",
                escape(event)
            );
        }

        header(
            &mut out,
            "candor_webhook_deliveries_total",
            "counter",
            "Webhook delivery attempts of this instance, by outcome \
             (delivered, retry, failed, cancelled).",
        );
        for outcome in ["delivered", "retry", "failed", "cancelled"] {
            let n = deliveries.get(outcome).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "candor_webhook_deliveries_total{{outcome=\"{outcome}\"}} {n}"
            );
        }

        header(
            &mut out,
            "candor_mails_total",
            "counter",
            "Mail send attempts of this instance, by outcome \
             (sent, retry, failed, suppressed).",
        );
        for outcome in ["sent", "retry", "failed", "suppressed"] {
            let n = mails.get(outcome).copied().unwrap_or(0);
            let _ = writeln!(out, "candor_mails_total{{outcome=\"{outcome}\"}} {n}");
        }

        header(
            &mut out,
            "candor_webhook_outbox",
            "gauge",
            "Webhook deliveries in the database, by status.",
        );
        for (status, n) in &gauges.outbox {
            let _ = writeln!(
                out,
                "candor_webhook_outbox{{status=\"{}\"}} {n}",
                escape(status)
            );
        }

        header(
            &mut out,
            "candor_db_pool_connections",
            "gauge",
            "Database pool connections, by pool and state.",
        );
        for pool in &gauges.pools {
            let busy = pool.size.saturating_sub(pool.idle);
            let _ = writeln!(
                out,
                "candor_db_pool_connections{{backend=\"{}\",pool=\"{}\",state=\"idle\"}} {}",
                gauges.backend, pool.pool, pool.idle
            );
            let _ = writeln!(
                out,
                "candor_db_pool_connections{{backend=\"{}\",pool=\"{}\",state=\"in_use\"}} {busy}",
                gauges.backend, pool.pool
            );
        }
        header(
            &mut out,
            "candor_db_pool_max_connections",
            "gauge",
            "The most connections each database pool opens.",
        );
        for pool in &gauges.pools {
            let _ = writeln!(
                out,
                "candor_db_pool_max_connections{{backend=\"{}\",pool=\"{}\"}} {}",
                gauges.backend, pool.pool, pool.max
            );
        }

        header(
            &mut out,
            "candor_uptime_seconds",
            "gauge",
            "Seconds since this instance started.",
        );
        let _ = writeln!(
            out,
            "candor_uptime_seconds {}",
            self.started.elapsed().as_secs()
        );
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// Escapes a label value (backslash, double quote, newline).
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_renders() {
        let metrics = Metrics::default();
        metrics.request("GET", "/x/{id}", 200, Duration::from_millis(3));
        metrics.request("GET", "/x/{id}", 200, Duration::from_millis(30));
        metrics.submission("complaint", "published");
        metrics.webhook_delivery("delivered");
        let text = metrics.render(&Gauges {
            sse_connections: 2,
            ..Gauges::default()
        });
        assert!(text.contains(
            "candor_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "candor_http_request_duration_seconds_bucket{route=\"/x/{id}\",le=\"0.005\"} 1"
        ));
        assert!(
            text.contains("candor_submissions_total{kind=\"complaint\",status=\"published\"} 1")
        );
        assert!(text.contains("candor_webhook_deliveries_total{outcome=\"delivered\"} 1"));
        assert!(text.contains("candor_sse_connections 2"));
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
