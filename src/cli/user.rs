//! `candor user add`: merchant accounts (owner or moderator of a site).

use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};

use crate::cli::serve::runtime;
use crate::core::model::Role;
use crate::server::rules::accounts::{hash_password, random_token};
use crate::server::rules::validate;
use crate::server::storage::{self, StoreError};

/// `candor user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Creates an account (or gives an existing one a role on another site).
    Add(UserAdd),
}

/// Arguments of `candor user add`.
#[derive(Debug, Args)]
pub struct UserAdd {
    /// The site the account moderates.
    #[arg(long)]
    pub site: String,
    /// Login e-mail.
    #[arg(long)]
    pub email: String,
    /// Name shown under the account's public replies.
    #[arg(long)]
    pub name: String,
    /// owner or moderator.
    #[arg(long, default_value = "moderator")]
    pub role: String,
    /// Password (at least 10 characters); generated and printed when absent.
    #[arg(long, env = "CANDOR_PASSWORD")]
    pub password: Option<String>,
    /// Database URL.
    #[arg(long, env = "CANDOR_DB", default_value = "sqlite://candor.db")]
    pub db: String,
}

/// Creates or updates an account and its role; returns whether it was new.
pub async fn add_user(
    store: &dyn storage::Storage,
    site: &str,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> anyhow::Result<bool> {
    if store.site(site).await?.is_none() {
        bail!("no site {site:?}: create it with `candor site add {site}`");
    }
    let email = validate::email(email).map_err(|_| anyhow::anyhow!("invalid e-mail {email:?}"))?;
    let hash = hash_password(password).map_err(|e| anyhow::anyhow!(e))?;
    let now = chrono::Utc::now().timestamp_millis();
    let (id, created) = match store.create_user(&email, name, &hash, now).await {
        Ok(id) => (id, true),
        Err(StoreError::Conflict(_)) => {
            let user = store
                .user_by_email(&email)
                .await?
                .context("account vanished")?;
            store.update_user(user.id, name, &hash).await?;
            (user.id, false)
        }
        Err(err) => return Err(err.into()),
    };
    store.grant(id, site, role).await?;
    Ok(created)
}

/// Runs `candor user ...`.
pub fn run(command: UserCommand) -> ExitCode {
    let UserCommand::Add(args) = command;
    let result = runtime().and_then(|rt| {
        rt.block_on(async move {
            let role = Role::parse(&args.role).context("--role must be owner or moderator")?;
            let (password, generated) = match args.password {
                Some(p) if p.chars().count() >= 10 => (p, false),
                Some(_) => bail!("the password must have at least 10 characters"),
                None => (random_token()[..20].to_owned(), true),
            };
            let store = storage::connect(&args.db).await?;
            let created = add_user(
                store.as_ref(),
                &args.site,
                &args.email,
                &args.name,
                role,
                &password,
            )
            .await?;
            println!(
                "{} {} as {} of {}",
                if created { "created" } else { "updated" },
                args.email,
                role,
                args.site
            );
            if generated {
                println!("password: {password}");
            }
            Ok(())
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("candor user: {err:#}");
            ExitCode::FAILURE
        }
    }
}
