//! `candor site add|list|edit`: manage the shops this server hosts.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};

use crate::cli::serve::runtime;
use crate::core::lang::Lang;
use crate::server::rules::accounts::random_token;
use crate::server::rules::hours::{SiteClock, ALWAYS_OPEN};
use crate::server::storage::{self, SiteRecord};

/// Where the database is.
#[derive(Debug, Args)]
pub struct DbArg {
    /// Database URL.
    #[arg(long, env = "CANDOR_DB", default_value = "sqlite://candor.db")]
    pub db: String,
}

/// Site settings shared by add and edit.
#[derive(Debug, Args)]
pub struct SiteSettings {
    /// Display name.
    #[arg(long)]
    pub name: Option<String>,
    /// Allowed browser origin, e.g. https://shop.example (repeatable; replaces the list).
    #[arg(long = "origin")]
    pub origins: Vec<String>,
    /// UI language: en, ru, kk, fa, el (repeatable; replaces the list).
    #[arg(long = "lang")]
    pub languages: Vec<String>,
    /// Working hours as schedule JSON, e.g.
    /// '{"timezone":"Asia/Almaty","weekly":{"mon":[["09:00","19:00"]]}}'.
    #[arg(long, conflicts_with = "hours_file")]
    pub hours: Option<String>,
    /// Working hours from a JSON file.
    #[arg(long)]
    pub hours_file: Option<PathBuf>,
    /// The answer promise in minutes [default: 10].
    #[arg(long)]
    pub promise_minutes: Option<i64>,
    /// Hours an author has to answer a details request [default: 72].
    #[arg(long)]
    pub details_wait_hours: Option<i64>,
    /// Webhook URL ("" to remove).
    #[arg(long)]
    pub webhook_url: Option<String>,
}

/// `candor site ...`.
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Creates a site and prints its secret (for signed order registration).
    Add {
        /// Short id used in URLs and the widget tag (letters, digits, - and _).
        id: String,
        #[command(flatten)]
        settings: SiteSettings,
        #[command(flatten)]
        db: DbArg,
    },
    /// Lists sites.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Changes a site's settings.
    Edit {
        /// The site id.
        id: String,
        #[command(flatten)]
        settings: SiteSettings,
        /// Issue a new secret (the old one stops working).
        #[arg(long)]
        rotate_secret: bool,
        /// Crisis alert: standard deviations above a topic's usual rate
        /// (0.5..=20) [default: 4].
        #[arg(long)]
        crisis_sigma: Option<f64>,
        /// Crisis alert: fewest complaints in 30 minutes that may alert
        /// (1..=10000) [default: 5].
        #[arg(long)]
        crisis_floor: Option<i64>,
        /// Sender address of the site's mails ("" for the server's
        /// `mail_from`).
        #[arg(long)]
        mail_from: Option<String>,
        /// Sender name of the site's mails ("" for the site's name).
        #[arg(long)]
        mail_from_name: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Applies the given settings to a site record, validating each.
pub fn apply(site: &mut SiteRecord, settings: SiteSettings) -> anyhow::Result<()> {
    if let Some(name) = settings.name {
        site.name = name;
    }
    if !settings.origins.is_empty() {
        for origin in &settings.origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://")) {
                bail!("origin {origin:?} must start with http:// or https://");
            }
        }
        site.origins = settings
            .origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_owned())
            .collect();
    }
    if !settings.languages.is_empty() {
        site.languages = settings
            .languages
            .iter()
            .map(|l| {
                Lang::parse(l)
                    .map(|l| l.code().to_owned())
                    .with_context(|| format!("unknown language {l:?}: use en, ru, kk, fa or el"))
            })
            .collect::<anyhow::Result<_>>()?;
    }
    let hours = match (settings.hours, settings.hours_file) {
        (Some(json), _) => Some(json),
        (None, Some(path)) => Some(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        ),
        (None, None) => None,
    };
    if let Some(json) = hours {
        let clock =
            SiteClock::parse(&json).map_err(|e| anyhow::anyhow!("invalid working hours: {e}"))?;
        site.schedule = clock.to_json();
    }
    if let Some(minutes) = settings.promise_minutes {
        if !(1..=10_080).contains(&minutes) {
            bail!("--promise-minutes must be 1..=10080");
        }
        site.promise_minutes = minutes;
    }
    if let Some(hours) = settings.details_wait_hours {
        if !(1..=720).contains(&hours) {
            bail!("--details-wait-hours must be 1..=720");
        }
        site.details_wait_hours = hours;
    }
    if let Some(url) = settings.webhook_url {
        site.webhook_url = if url.trim().is_empty() {
            None
        } else {
            Some(
                // The operator may point webhooks anywhere (self-hosted).
                crate::server::rules::outbox::validate_url(&url, true)
                    .map_err(|e| anyhow::anyhow!("--webhook-url {url:?}: {e}"))?,
            )
        };
        if site.webhook_url.is_some() && site.webhook_secret.is_none() {
            let secret = format!("whsec_{}", random_token());
            println!("webhook signing secret (shown once): {secret}");
            site.webhook_secret = Some(secret);
        }
    }
    Ok(())
}

/// A new site with defaults: open around the clock in UTC, a 10-minute promise.
pub fn new_site(id: &str) -> SiteRecord {
    SiteRecord {
        id: id.to_owned(),
        name: id.to_owned(),
        origins: Vec::new(),
        languages: vec!["en".to_owned()],
        schedule: ALWAYS_OPEN.to_owned(),
        promise_minutes: i64::from(crate::core::clock::DEFAULT_PROMISE_MINUTES),
        details_wait_hours: 72,
        secret: random_token(),
        webhook_url: None,
        webhook_secret: None,
        created_at: chrono::Utc::now().timestamp_millis(),
    }
}

fn print_site(site: &SiteRecord) {
    println!(
        "{}\t{}\torigins={}\tlangs={}\tpromise={}min\twebhook={}\thours={}",
        site.id,
        site.name,
        site.origins.join(","),
        site.languages.join(","),
        site.promise_minutes,
        site.webhook_url.as_deref().unwrap_or("-"),
        site.schedule
    );
}

/// Runs `candor site ...`.
pub fn run(command: SiteCommand) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async move {
            match command {
                SiteCommand::Add { id, settings, db } => {
                    if !valid_id(&id) {
                        bail!("site id {id:?}: use 1-64 letters, digits, - or _");
                    }
                    let store = storage::connect(&db.db).await?;
                    let mut site = new_site(&id);
                    apply(&mut site, settings)?;
                    store.create_site(&site).await?;
                    println!("created site {id}");
                    println!("secret (order registration, webhooks): {}", site.secret);
                    Ok(())
                }
                SiteCommand::List { db } => {
                    let store = storage::connect(&db.db).await?;
                    for site in store.sites().await? {
                        print_site(&site);
                    }
                    Ok(())
                }
                SiteCommand::Edit {
                    id,
                    settings,
                    rotate_secret,
                    crisis_sigma,
                    crisis_floor,
                    mail_from,
                    mail_from_name,
                    db,
                } => {
                    let store = storage::connect(&db.db).await?;
                    let mut site = store
                        .site(&id)
                        .await?
                        .with_context(|| format!("no site {id:?}"))?;
                    apply(&mut site, settings)?;
                    if rotate_secret {
                        site.secret = random_token();
                        println!("new secret: {}", site.secret);
                    }
                    if crisis_sigma.is_some() || crisis_floor.is_some() {
                        let rule = crate::server::rules::insights::set_crisis_settings(
                            store.as_ref(),
                            &id,
                            crisis_sigma,
                            crisis_floor,
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                        println!("crisis alert: sigma={} floor={}", rule.sigma, rule.floor);
                    }
                    if mail_from.is_some() || mail_from_name.is_some() {
                        let mut mail = store.site_mail_settings(&id).await?;
                        let blank = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
                        if let Some(from) = mail_from {
                            let from = blank(from);
                            if let Some(addr) = &from {
                                crate::server::rules::validate::email(addr)
                                    .map_err(|_| anyhow::anyhow!("invalid --mail-from {addr:?}"))?;
                            }
                            mail.from_addr = from;
                        }
                        if let Some(name) = mail_from_name {
                            mail.from_name = blank(name);
                        }
                        store.set_site_mail_settings(&id, &mail).await?;
                        println!(
                            "mail sender: {} <{}>",
                            mail.from_name.as_deref().unwrap_or(&site.name),
                            mail.from_addr
                                .as_deref()
                                .unwrap_or("the server's mail_from")
                        );
                    }
                    store.update_site(&site).await?;
                    print_site(&site);
                    Ok(())
                }
            }
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("candor site: {err:#}");
            ExitCode::FAILURE
        }
    }
}
