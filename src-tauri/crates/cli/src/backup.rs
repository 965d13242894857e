//! `ocop backup FILE` and `ocop restore FILE`.

use crate::context::{CliError, Context};
use crate::producers::{open_store, store_error};
use std::path::PathBuf;

/// Write a consistent backup (database and attachments) to FILE.
#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// Where to write the backup (e.g. `ocop-2026-11-29.ocop`).
    pub file: PathBuf,
}

/// Restore a backup FILE; it is checked before anything is replaced.
#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
}

pub fn run_backup(ctx: &Context, args: BackupArgs) -> Result<(), CliError> {
    let (rt, store) = open_store(ctx)?;
    let info = rt
        .block_on(store.backup_to(&args.file))
        .map_err(store_error)?;
    rt.block_on(store.close());
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&info).expect("info serialises")
        );
    } else {
        println!(
            "Đã sao lưu vào {} ({} byte, {} tệp đính kèm).",
            info.path, info.bytes, info.attachments
        );
    }
    Ok(())
}

pub fn run_restore(ctx: &Context, args: RestoreArgs) -> Result<(), CliError> {
    if !args.file.is_file() {
        return Err(CliError::input(format!(
            "FILE: không tìm thấy tệp sao lưu {}",
            args.file.display()
        )));
    }
    let (rt, store) = open_store(ctx)?;
    let restored = rt
        .block_on(store.restore_from(&args.file))
        .map_err(store_error)?;
    let version = rt
        .block_on(restored.schema_version())
        .map_err(store_error)?;
    rt.block_on(restored.close());
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({ "restored": args.file.display().to_string(), "schema_version": version })
        );
    } else {
        println!("Đã khôi phục từ {}.", args.file.display());
    }
    Ok(())
}
