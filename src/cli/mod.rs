//! The `candor` command line: one binary, one subcommand per job.

pub mod check;
#[cfg(feature = "server")]
pub mod serve;
#[cfg(feature = "server")]
pub mod site;
#[cfg(feature = "server")]
pub mod transfer;
#[cfg(feature = "server")]
pub mod user;

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
    /// Run the review server.
    #[cfg(feature = "server")]
    Serve(serve::ServeCommand),
    /// Run the server with a seeded demo site, storefront and widget.
    #[cfg(feature = "server")]
    Demo(serve::DemoCommand),
    /// Manage sites (shops): add, list, edit.
    #[cfg(feature = "server")]
    #[command(subcommand)]
    Site(site::SiteCommand),
    /// Manage merchant accounts.
    #[cfg(feature = "server")]
    #[command(subcommand)]
    User(user::UserCommand),
    /// Export a site as JSON Lines (reviews, replies, moderation log) to stdout.
    #[cfg(feature = "server")]
    Export(transfer::ExportArgs),
    /// Import a JSON Lines export from stdin into a site (idempotent).
    #[cfg(feature = "server")]
    Import(transfer::ImportArgs),
}

/// Parses the command line and runs the chosen subcommand.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::serve(args),
        #[cfg(feature = "server")]
        Command::Demo(args) => serve::demo(args),
        #[cfg(feature = "server")]
        Command::Site(command) => site::run(command),
        #[cfg(feature = "server")]
        Command::User(command) => user::run(command),
        #[cfg(feature = "server")]
        Command::Export(args) => transfer::export(args),
        #[cfg(feature = "server")]
        Command::Import(args) => transfer::import(args),
    }
}
