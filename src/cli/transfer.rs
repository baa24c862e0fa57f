//! `candor export` and `candor import`: a whole site as JSON Lines, for
//! operators moving or backing up a site. Import keeps ids and timestamps,
//! never overwrites an existing review, and is idempotent.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use crate::cli::serve::runtime;
use crate::cli::site::DbArg;
use crate::server::export::{dump, import_lines};
use crate::server::storage;

/// Arguments of `candor export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The site to export.
    #[arg(long)]
    pub site: String,
    /// Output format (only `jsonl`: one record per line).
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `candor import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The site to import into (it must exist: `candor site add`).
    #[arg(long)]
    pub site: String,
    #[command(flatten)]
    pub db: DbArg,
}

fn finish(command: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("candor {command}: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `candor export --site ID [--format jsonl] > file`.
pub fn export(args: ExportArgs) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async move {
            if args.format != "jsonl" {
                bail!("--format {:?}: only jsonl is supported here (CSV and JSON come from the HTTP export)", args.format);
            }
            let store = storage::connect(&args.db.db).await?;
            if store.site(&args.site).await?.is_none() {
                bail!("no site {:?}", args.site);
            }
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            let now = chrono::Utc::now().timestamp_millis();
            let written = dump(store.as_ref(), &args.site, now, &mut out)
                .await
                .context("export failed")?;
            out.flush()?;
            eprintln!("exported {written} records of site {}", args.site);
            Ok(())
        })
    });
    finish("export", result)
}

/// Runs `candor import --site ID < file`.
pub fn import(args: ImportArgs) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async move {
            let store = storage::connect(&args.db.db).await?;
            if store.site(&args.site).await?.is_none() {
                bail!("no site {:?}: create it first with candor site add", args.site);
            }
            let stdin = std::io::stdin();
            let counts = import_lines(store.as_ref(), &args.site, stdin.lock())
                .await
                .context("import failed")?;
            eprintln!(
                "imported into {}: reviews {} added, {} already present; replies {} added, {} skipped; log {} added, {} skipped",
                args.site,
                counts.reviews_added,
                counts.reviews_kept,
                counts.replies_added,
                counts.replies_skipped,
                counts.log_added,
                counts.log_skipped
            );
            Ok(())
        })
    });
    finish("import", result)
}
