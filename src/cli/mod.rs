//! The `candor` command line: one binary, one subcommand per job.

pub mod check;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Candor: reviews and complaints that stay published, answered and resolved.
#[derive(Debug, Parser)]
#[command(name = "candor", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Judge whether review texts look template-made (one text, or JSON lines on stdin).
    Check(check::CheckArgs),
}

/// Parses the command line and runs the chosen subcommand.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
    }
}
