//! `ocop`: the command-line tool over the same core as the window.
//!
//! It works on the same SQLite database as the app. The data folder comes from `--data-dir`
//! (accepted before or after the subcommand), else `OCOP_DATA_DIR`, else the OS's per-user
//! app-data folder. Every subcommand has `--help`; `--json` gives machine-readable output; bad
//! input exits non-zero with a message that names what is wrong.

mod backup;
mod certificate;
mod context;
mod criteria;
mod producers;
mod render_input;
mod score;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// OCOP Desk command-line tool.
#[derive(Parser, Debug)]
#[command(
    name = "ocop",
    version,
    about = "OCOP Desk: công cụ dòng lệnh / command-line tool"
)]
pub struct Cli {
    /// Data folder holding the database and attachments (overrides OCOP_DATA_DIR).
    #[arg(long, global = true, env = "OCOP_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<std::path::PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Run as if today were DATE (YYYY-MM-DD, in Vietnam): the store's one clock shows it, so
    /// statuses, deadlines, verification and new records all use it.
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Producers (chủ thể OCOP): import and search.
    Producers(producers::Args),
    /// Write a consistent backup of the database and attachments to FILE.
    Backup(backup::BackupArgs),
    /// Restore a backup FILE, after checking it.
    Restore(backup::RestoreArgs),
    /// Criteria sheets (Annex II) as data.
    Criteria(criteria::Args),
    /// Score a product from members' sheets given as JSON on standard input.
    Score(score::Args),
    /// Certificates: issue, render, list, verify, revoke, extend, supersede; keys and revocation
    /// lists.
    Certificate(certificate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = match context::Context::new(cli.data_dir.clone(), cli.json, cli.today.as_deref()) {
        Ok(ctx) => ctx,
        Err(err) => {
            context::Context::new(None, cli.json, None)
                .expect("no date to parse")
                .print_error(&err);
            return ExitCode::from(err.exit_code());
        }
    };
    let result = match cli.command {
        Command::Producers(args) => producers::run(&ctx, args),
        Command::Backup(args) => backup::run_backup(&ctx, args),
        Command::Restore(args) => backup::run_restore(&ctx, args),
        Command::Criteria(args) => criteria::run(&ctx, args),
        Command::Score(args) => score::run(&ctx, args),
        Command::Certificate(args) => certificate::run(&ctx, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            ctx.print_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
