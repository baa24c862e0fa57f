//! Operator metrics, kept and encoded by the `prometheus-client` crate in the
//! OpenMetrics text format: requests by route and status with latency
//! histograms, accepted submissions, live SSE connections, webhook
//! deliveries by outcome, the outbox and the database pools. Counters live in
//! this instance's memory; the gauges are set from [`Gauges`] when scraped.
//!
//! Every label comes from a closed set chosen by the caller (a matched route
//! template, a standard method or `other`, a status code, a review kind), so
//! the number of series stays bounded whatever clients send.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::server::storage::PoolStats;

/// Upper bounds of the request-latency histogram buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The outcomes a webhook delivery attempt can have (always exported, also
/// at zero, so a rate can be taken from the first scrape).
const DELIVERY_OUTCOMES: [&str; 4] = ["delivered", "retry", "failed", "cancelled"];
/// Mail send outcomes (a closed set).
const MAIL_OUTCOMES: [&str; 4] = ["sent", "retry", "failed", "suppressed"];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SubmissionLabels {
    kind: String,
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    event: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    backend: &'static str,
    pool: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolStateLabels {
    backend: &'static str,
    pool: &'static str,
    state: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The metrics of one instance.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    submissions: Family<SubmissionLabels, Counter>,
    webhook_deliveries: Family<OutcomeLabels, Counter>,
    mails: Family<OutcomeLabels, Counter>,
    webhooks_queued: Family<EventLabels, Counter>,
    sse_connections: Gauge,
    outbox: Family<StatusLabels, Gauge>,
    pool_connections: Family<PoolStateLabels, Gauge>,
    pool_max: Family<PoolLabels, Gauge>,
    uptime: Gauge,
    started: Instant,
    /// Scrapes set the gauges and then encode: one at a time.
    scrape: Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "candor_http_requests",
            "HTTP requests answered, by method, route and status.",
            requests.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram);
        registry.register(
            "candor_http_request_duration_seconds",
            "Time to the response head, by route.",
            latency.clone(),
        );
        let submissions = Family::<SubmissionLabels, Counter>::default();
        registry.register(
            "candor_submissions",
            "Accepted reviews and complaints, by kind and resulting status.",
            submissions.clone(),
        );
        let sse_connections = Gauge::default();
        registry.register(
            "candor_sse_connections",
            "Open Server-Sent Events connections of this instance.",
            sse_connections.clone(),
        );
        let webhooks_queued = Family::<EventLabels, Counter>::default();
        registry.register(
            "candor_webhooks_queued",
            "Webhook deliveries queued by this instance, by event.",
            webhooks_queued.clone(),
        );
        let webhook_deliveries = Family::<OutcomeLabels, Counter>::default();
        for outcome in DELIVERY_OUTCOMES {
            drop(webhook_deliveries.get_or_create(&OutcomeLabels {
                outcome: outcome.to_owned(),
            }));
        }
        registry.register(
            "candor_webhook_deliveries",
            "Webhook delivery attempts of this instance, by outcome \
             (delivered, retry, failed, cancelled).",
            webhook_deliveries.clone(),
        );
        let mails = Family::<OutcomeLabels, Counter>::default();
        for outcome in MAIL_OUTCOMES {
            drop(mails.get_or_create(&OutcomeLabels {
                outcome: outcome.to_owned(),
            }));
        }
        registry.register(
            "candor_mails",
            "Mail send attempts of this instance, by outcome \
             (sent, retry, failed, suppressed).",
            mails.clone(),
        );
        let outbox = Family::<StatusLabels, Gauge>::default();
        registry.register(
            "candor_webhook_outbox",
            "Webhook deliveries in the database, by status.",
            outbox.clone(),
        );
        let pool_connections = Family::<PoolStateLabels, Gauge>::default();
        registry.register(
            "candor_db_pool_connections",
            "Database pool connections, by pool and state.",
            pool_connections.clone(),
        );
        let pool_max = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "candor_db_pool_max_connections",
            "The most connections each database pool opens.",
            pool_max.clone(),
        );
        let uptime = Gauge::default();
        registry.register(
            "candor_uptime_seconds",
            "Seconds since this instance started.",
            uptime.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            submissions,
            webhook_deliveries,
            mails,
            webhooks_queued,
            sse_connections,
            outbox,
            pool_connections,
            pool_max,
            uptime,
            started: Instant::now(),
            scrape: Mutex::new(()),
        }
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("started", &self.started)
            .finish_non_exhaustive()
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

/// The `Content-Type` of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

fn gauge_value(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

impl Metrics {
    /// Counts one answered request. `method` is a standard method or
    /// `other`; `route` is the matched route pattern (e.g.
    /// `/api/v1/sites/{site}/reviews`), never the raw path, so the number of
    /// series stays bounded.
    pub fn request(&self, method: &'static str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts an accepted submission.
    pub fn submission(&self, kind: &str, status: &str) {
        self.submissions
            .get_or_create(&SubmissionLabels {
                kind: kind.to_owned(),
                status: status.to_owned(),
            })
            .inc();
    }

    /// Counts a webhook delivery attempt's outcome.
    pub fn webhook_delivery(&self, outcome: &str) {
        self.webhook_deliveries
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// Counts one mail send attempt by outcome (one of the closed set;
    /// anything else is not counted).
    pub fn mail(&self, outcome: &str) {
        if MAIL_OUTCOMES.contains(&outcome) {
            self.mails
                .get_or_create(&OutcomeLabels {
                    outcome: outcome.to_owned(),
                })
                .inc();
        }
    }

    /// Counts webhook deliveries queued, by event type.
    pub fn webhook_queued(&self, event: &str, count: usize) {
        if count == 0 {
            return;
        }
        self.webhooks_queued
            .get_or_create(&EventLabels {
                event: event.to_owned(),
            })
            .inc_by(count as u64);
    }

    /// The OpenMetrics text of the counters and `gauges` (see
    /// [`CONTENT_TYPE`]).
    pub fn render(&self, gauges: &Gauges) -> String {
        let _one_at_a_time = self.scrape.lock().unwrap_or_else(|p| p.into_inner());
        self.sse_connections
            .set(gauge_value(gauges.sse_connections));
        // Statuses and pools that are gone are not exported as stale values.
        self.outbox.clear();
        for (status, n) in &gauges.outbox {
            self.outbox
                .get_or_create(&StatusLabels {
                    status: status.clone(),
                })
                .set(*n);
        }
        self.pool_connections.clear();
        self.pool_max.clear();
        for pool in &gauges.pools {
            let backend = gauges.backend;
            let busy = pool.size.saturating_sub(pool.idle);
            for (state, n) in [("idle", pool.idle), ("in_use", busy)] {
                self.pool_connections
                    .get_or_create(&PoolStateLabels {
                        backend,
                        pool: pool.pool,
                        state,
                    })
                    .set(gauge_value(n));
            }
            self.pool_max
                .get_or_create(&PoolLabels {
                    backend,
                    pool: pool.pool,
                })
                .set(gauge_value(pool.max));
        }
        self.uptime
            .set(gauge_value(self.started.elapsed().as_secs()));
        let mut out = String::with_capacity(4096);
        if let Err(err) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            // Writing to a String cannot fail; say so if it ever does.
            tracing::warn!(error = %err, "encoding metrics failed");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_renders() {
        let metrics = Metrics::default();
        metrics.request("GET", "/x/{id}", 200, Duration::from_millis(3));
        metrics.request("GET", "/x/{id}", 200, Duration::from_millis(30));
        metrics.request("other", "/x/\"q\"", 405, Duration::from_millis(1));
        metrics.submission("complaint", "published");
        metrics.webhook_delivery("delivered");
        metrics.webhook_queued("review.created", 2);
        let text = metrics.render(&Gauges {
            sse_connections: 2,
            outbox: vec![("pending".to_owned(), 4)],
            ..Gauges::default()
        });
        assert!(
            text.contains(
                "candor_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "candor_http_request_duration_seconds_bucket{le=\"0.005\",route=\"/x/{id}\"} 1"
            ),
            "{text}"
        );
        assert!(text.contains("candor_http_request_duration_seconds_count{route=\"/x/{id}\"} 2"));
        assert!(
            text.contains("candor_submissions_total{kind=\"complaint\",status=\"published\"} 1")
        );
        assert!(text.contains("candor_webhook_deliveries_total{outcome=\"delivered\"} 1"));
        assert!(text.contains("candor_webhook_deliveries_total{outcome=\"failed\"} 0"));
        assert!(text.contains("candor_webhooks_queued_total{event=\"review.created\"} 2"));
        assert!(text.contains("candor_sse_connections 2"));
        assert!(text.contains("candor_webhook_outbox{status=\"pending\"} 4"));
        // Label values are escaped.
        assert!(text.contains("route=\"/x/\\\"q\\\"\""), "{text}");
        assert!(text.ends_with("# EOF\n"));

        // A status gone from the outbox is not exported again.
        let text = metrics.render(&Gauges::default());
        assert!(!text.contains("candor_webhook_outbox{"), "{text}");
    }
}
