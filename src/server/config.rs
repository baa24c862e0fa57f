//! Typed server configuration: defaults, overridden by a TOML file
//! (`--config candor.toml`), overridden by `CANDOR_*` environment variables
//! and command-line flags (the CLI applies those last).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Database URL: `sqlite://candor.db` (created on first run) or
    /// `postgres://user@host/db`.
    pub db: String,
    /// Direct peers whose `X-Forwarded-For` is believed (a local reverse proxy).
    pub trusted_proxies: Vec<IpAddr>,
    /// Mark the session cookie `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// How long a merchant session lasts, in hours.
    pub session_hours: i64,
    /// Largest accepted request body, in bytes.
    pub body_limit_bytes: usize,
    /// Requests taking longer are answered with 408.
    pub request_timeout_secs: u64,
    /// Shortest review text, in characters.
    pub text_min_chars: usize,
    /// Longest review text, in characters.
    pub text_max_chars: usize,
    /// Submissions per client address per hour.
    pub submissions_per_ip_per_hour: u32,
    /// Submissions per site per minute (all shoppers together).
    pub submissions_per_site_per_minute: u32,
    /// "Me too" and "Helpful" presses (and their undos) per client address
    /// per hour.
    pub votes_per_ip_per_hour: u32,
    /// Failed sign-ins per client address (any account) per 15 minutes
    /// before that address is refused for a while.
    pub logins_per_15_minutes: u32,
    /// Failed sign-ins at one account from one address per 15 minutes
    /// before that pair is refused for a while. Failures from elsewhere
    /// only slow an account's failed answers down; they never refuse the
    /// right password from a new address.
    pub login_failures_per_account_address: u32,
    /// Limits and bans key an IPv6 client on this many leading bits of its
    /// address (64: a whole /64 is one client).
    pub ipv6_prefix: u8,
    /// Static files served at `/` (the demo storefront), if any.
    pub static_dir: Option<PathBuf>,
    /// The built widget package served at `/widget/`, if any.
    pub widget_dir: Option<PathBuf>,
    /// `tracing` filter, e.g. `info` or `candor=debug,tower_http=info`.
    pub log: String,
    /// Run the webhook worker and the deadline scanner in this instance.
    pub webhooks: bool,
    /// Delays before each retry of a failed webhook delivery, in seconds
    /// (±20% jitter); after the last one the delivery is marked failed.
    pub webhook_retry_delays_secs: Vec<f64>,
    /// Let webhooks reach loopback, private and link-local addresses (a
    /// self-hosted receiver on the same network). Off: such URLs are refused
    /// when set, and refused again on the resolved address at delivery.
    pub webhook_allow_private: bool,
    /// Timeout of one webhook request, in seconds.
    pub webhook_timeout_secs: u64,
    /// How often the worker looks for due deliveries, in milliseconds.
    pub webhook_poll_ms: u64,
    /// How often answer deadlines are scanned, in milliseconds.
    pub deadline_scan_ms: u64,
    /// Finished webhook deliveries (delivered, failed, cancelled) are
    /// deleted this many days after their last attempt; 0 keeps them.
    pub webhook_retention_days: i64,
    /// `deadline.near` goes out this many minutes before a complaint is due.
    pub deadline_near_minutes: i64,
    /// Open live-event (SSE) connections one client address (IPv6: its
    /// network, see `ipv6_prefix`) may hold.
    pub sse_connections_per_client: usize,
    /// A client must send a request's headers within this many seconds, and
    /// an idle keep-alive connection is closed after it.
    pub header_read_timeout_secs: u64,
    /// Serve Prometheus metrics at `GET /metrics`.
    pub metrics: bool,
    /// `GET /metrics` requires `Authorization: Bearer <token>`; without a
    /// token it answers 401 unless `metrics_public` is set.
    pub metrics_token: Option<String>,
    /// Serve `GET /metrics` without a token (the demo; a private network).
    pub metrics_public: bool,
    /// How long a merchant may undo an action, in milliseconds (10 s).
    pub undo_window_ms: i64,
    /// The server's URL as shoppers' browsers reach it
    /// (`https://reviews.shop.example`), for links in server-rendered
    /// reviews and feeds; unset, the request's `Host` is used.
    pub public_url: Option<String>,
    /// SMTP server for mail to shoppers and merchants:
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465`
    /// (TLS), `smtp://host:25` (plain, a local relay). Unset: no mail is sent
    /// (and none queued), except the demo's local preview.
    pub smtp: Option<String>,
    /// Keep outgoing mail in the database as a local preview instead of
    /// sending it (`candor demo`, listed at `/demo/mail`).
    pub mail_preview: bool,
    /// The default sender address (a site may set its own).
    pub mail_from: String,
    /// Delays before each retry of a mail the SMTP server did not accept,
    /// in seconds (±20% jitter); after the last one the mail is failed.
    pub mail_retry_delays_secs: Vec<f64>,
    /// How often the mail worker looks for due mails, in milliseconds.
    pub mail_poll_ms: u64,
    /// Timeout of one SMTP conversation, in seconds.
    pub mail_timeout_secs: u64,
    /// Finished mails (sent, failed, cancelled, suppressed) are deleted this
    /// many days after their last attempt; 0 keeps them.
    pub mail_retention_days: i64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            db: "sqlite://candor.db".to_owned(),
            trusted_proxies: vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ],
            secure_cookies: false,
            session_hours: 24 * 7,
            body_limit_bytes: 64 * 1024,
            request_timeout_secs: 30,
            text_min_chars: 3,
            text_max_chars: 5000,
            submissions_per_ip_per_hour: 20,
            submissions_per_site_per_minute: 300,
            votes_per_ip_per_hour: 120,
            logins_per_15_minutes: 10,
            login_failures_per_account_address: 5,
            ipv6_prefix: crate::server::rules::client::DEFAULT_IPV6_PREFIX,
            static_dir: None,
            widget_dir: None,
            log: "info".to_owned(),
            webhooks: true,
            webhook_retry_delays_secs: vec![10.0, 60.0, 300.0, 1800.0, 7200.0],
            webhook_allow_private: false,
            webhook_timeout_secs: 10,
            webhook_poll_ms: 1000,
            deadline_scan_ms: 15_000,
            webhook_retention_days: 30,
            deadline_near_minutes: 3,
            sse_connections_per_client: 16,
            header_read_timeout_secs: 10,
            metrics: true,
            metrics_token: None,
            metrics_public: false,
            undo_window_ms: 10_000,
            public_url: None,
            smtp: None,
            mail_preview: false,
            mail_from: "candor@localhost".to_owned(),
            mail_retry_delays_secs: vec![30.0, 120.0, 600.0, 3600.0, 14_400.0, 43_200.0],
            mail_poll_ms: 1000,
            mail_timeout_secs: 30,
            mail_retention_days: 30,
        }
    }
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML for this configuration.
    #[error("invalid configuration in {path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        source: Box<toml::de::Error>,
    },
}

impl ServerConfig {
    /// Reads a TOML file on top of the defaults; unknown keys are errors.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })
    }

    /// Parses TOML text on top of the defaults.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Whether mail is queued at all: an SMTP server is configured, or the
    /// local preview is on.
    pub fn mail_enabled(&self) -> bool {
        self.smtp.is_some() || self.mail_preview
    }

    /// The server's base URL for links in mails (`public_url`, else the
    /// listen address), without a trailing slash.
    pub fn link_base(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.addr),
        }
    }

    /// Whether a direct peer is a trusted proxy.
    pub fn is_trusted_proxy(&self, peer: IpAddr) -> bool {
        self.trusted_proxies.contains(&peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_overrides_defaults_and_rejects_unknown_keys() {
        let config = ServerConfig::from_toml("db = \"postgres://x/y\"\nsecure_cookies = true\n")
            .expect("valid");
        assert_eq!(config.db, "postgres://x/y");
        assert!(config.secure_cookies);
        assert_eq!(config.addr, ServerConfig::default().addr);
        assert!(ServerConfig::from_toml("dbb = 1").is_err());
    }
}
