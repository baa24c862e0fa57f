//! `candor serve` and `candor demo`: run the review server.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::server::config::ServerConfig;
use crate::server::{demo, run, AppState};

/// Options shared by `serve` and `demo`; each overrides the config file and
/// can also come from a `CANDOR_*` environment variable.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// TOML configuration file (see docs/server.md).
    #[arg(long, env = "CANDOR_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "CANDOR_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Database URL: sqlite://candor.db (created on first run) or postgres://...
    #[arg(long, env = "CANDOR_DB")]
    pub db: Option<String>,
    /// Trusted reverse proxy whose X-Forwarded-For is believed (repeatable)
    /// [default: 127.0.0.1 and ::1].
    #[arg(
        long = "trusted-proxy",
        env = "CANDOR_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long, env = "CANDOR_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Serve these static files at / (the demo storefront).
    #[arg(long, env = "CANDOR_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Serve the built widget package at /widget/.
    #[arg(long, env = "CANDOR_WIDGET_DIR")]
    pub widget_dir: Option<PathBuf>,
    /// Log filter, e.g. info or candor=debug,tower_http=debug.
    #[arg(long, env = "CANDOR_LOG")]
    pub log: Option<String>,
    /// The server's URL as shoppers reach it, for links in server-rendered
    /// reviews and the product-review feed [default: the request's Host].
    #[arg(long, env = "CANDOR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Bearer token that `GET /metrics` requires (without one, /metrics
    /// answers 401 except in the demo).
    #[arg(long, env = "CANDOR_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// SMTP server for mail: smtp://user:pass@host:587?tls=required
    /// (STARTTLS), smtps://user:pass@host:465 (TLS) or smtp://host:25.
    #[arg(long, env = "CANDOR_SMTP", hide_env_values = true)]
    pub smtp: Option<String>,
}

impl ServeArgs {
    /// Defaults, then the file, then environment and flags.
    pub fn config(&self, default_db: &str) -> anyhow::Result<ServerConfig> {
        let mut config = match &self.config {
            Some(path) => ServerConfig::from_file(path)?,
            None => ServerConfig {
                db: default_db.to_owned(),
                ..ServerConfig::default()
            },
        };
        if let Some(addr) = self.addr {
            config.addr = addr;
        }
        if let Some(db) = &self.db {
            config.db = db.clone();
        }
        if !self.trusted_proxies.is_empty() {
            config.trusted_proxies = self.trusted_proxies.clone();
        }
        config.secure_cookies |= self.secure_cookies;
        if let Some(dir) = &self.static_dir {
            config.static_dir = Some(dir.clone());
        }
        if let Some(dir) = &self.widget_dir {
            config.widget_dir = Some(dir.clone());
        }
        if let Some(log) = &self.log {
            config.log = log.clone();
        }
        if let Some(url) = &self.public_url {
            config.public_url = Some(url.clone());
        }
        if let Some(token) = &self.metrics_token {
            config.metrics_token = Some(token.clone());
        }
        if let Some(smtp) = &self.smtp {
            config.smtp = Some(smtp.clone());
        }
        Ok(config)
    }
}

/// Arguments of `candor serve`.
#[derive(Debug, Args)]
pub struct ServeCommand {
    #[command(flatten)]
    pub common: ServeArgs,
}

/// Arguments of `candor demo`.
#[derive(Debug, Args)]
pub struct DemoCommand {
    #[command(flatten)]
    pub common: ServeArgs,
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Builds the tokio runtime the server runs on.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("candor: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `candor serve`.
pub fn serve(args: ServeCommand) -> ExitCode {
    report((|| {
        let config = args.common.config("sqlite://candor.db")?;
        init_tracing(&config.log);
        runtime()?.block_on(async move {
            let state = AppState::open(config.clone())
                .await
                .with_context(|| format!("cannot open the database {}", config.db))?;
            run::serve(state)
                .await
                .with_context(|| format!("cannot serve on {}", config.addr))
        })
    })())
}

/// Runs `candor demo`: the server with the seeded `demo` site, the storefront
/// from `www/` and the widget from `pkg/` (when they exist).
pub fn demo(args: DemoCommand) -> ExitCode {
    report((|| {
        let mut config = args.common.config("sqlite://candor-demo.db")?;
        // The demo runs on loopback for one person: its metrics are open.
        config.metrics_public = true;
        // Without an SMTP server the demo keeps its mail in a local preview
        // (`/demo/mail`), so a newcomer sees every mail the flow sends.
        config.mail_preview = config.smtp.is_none();
        if config.static_dir.is_none() && std::path::Path::new("www").is_dir() {
            config.static_dir = Some(PathBuf::from("www"));
        }
        if config.widget_dir.is_none() && std::path::Path::new("pkg").is_dir() {
            config.widget_dir = Some(PathBuf::from("pkg"));
        }
        init_tracing(&config.log);
        runtime()?.block_on(async move {
            let state = AppState::open(config.clone())
                .await
                .with_context(|| format!("cannot open the database {}", config.db))?;
            let seeded = demo::seed(state.store.as_ref(), config.addr)
                .await
                .context("cannot seed the demo site")?;
            println!("Candor demo on http://{}/", config.addr);
            println!("  site id:          {}", demo::SITE_ID);
            println!("  merchant e-mail:  {}", demo::MERCHANT_EMAIL);
            println!("  merchant password: {}", demo::MERCHANT_PASSWORD);
            println!("  order secret:     {}", seeded.secret);
            println!("  database:         {}", config.db);
            if config.mail_preview {
                println!("  mail preview:     http://{}/demo/mail", config.addr);
            }
            run::serve(state)
                .await
                .with_context(|| format!("cannot serve on {}", config.addr))
        })
    })())
}
