//! `candor check`: the detector from the command line. PLACEHOLDER.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `candor check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The text to judge. Omit it with `--jsonl`.
    pub text: Option<String>,
}

/// Runs `candor check`.
pub fn run(args: CheckArgs) -> ExitCode {
    let report = crate::core::detect::check(args.text.as_deref().unwrap_or(""), None, None);
    println!("{}", report.verdict.as_str());
    ExitCode::SUCCESS
}
