//! `ocop producers import FILE.csv` and `ocop producers search QUERY`.

use crate::context::{resolve_data_dir, CliError, Context};
use std::path::PathBuf;

/// Producers (chủ thể OCOP).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Import producers from a UTF-8 CSV with header
    /// `name,type,tax_code,commune_code,address,phone,representative`. Bad rows are reported with
    /// their line number and field; good rows are imported; re-importing creates no duplicates.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Diacritic-insensitive search by name, tax code or commune ("che tan cuong").
    Search {
        /// What to look for.
        query: String,
    },
}

/// Opens the store of the resolved data folder on a small runtime.
pub fn open_store(ctx: &Context) -> Result<(tokio::runtime::Runtime, ocop_store::Store), CliError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::other("Internal", e.to_string()))?;
    let dir = resolve_data_dir(ctx);
    let store = rt
        .block_on(ocop_store::Store::open(
            &dir,
            ocop_store::StoreOptions::default(),
        ))
        .map_err(store_error)?;
    Ok((rt, store))
}

/// A store error as a CLI error (validation problems are bad input, exit 2).
pub fn store_error(err: ocop_store::StoreError) -> CliError {
    let mut message = err.message_vi();
    for f in err.fields().iter().skip(1) {
        message.push_str(&format!("; {}: {}", f.field, f.message));
    }
    if let Some(first) = err.fields().first() {
        message = format!("{}: {message}", first.field);
    }
    match err.code() {
        ocop_domain::ErrorCode::Validation => CliError::input(message),
        code => CliError::other(code.as_str(), message),
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let (rt, store) = open_store(ctx)?;
    match args.command {
        Command::Import { file } => {
            let reader = std::fs::File::open(&file).map_err(|e| {
                CliError::input(format!("không mở được tệp {}: {e}", file.display()))
            })?;
            let report = rt
                .block_on(store.import_producers_csv(std::io::BufReader::new(reader)))
                .map_err(store_error)?;
            if ctx.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serialises")
                );
            } else {
                println!(
                    "Đã nhập {} chủ thể; bỏ qua {} dòng trùng; {} dòng lỗi.",
                    report.imported,
                    report.skipped_duplicates,
                    report.errors.len()
                );
                for e in &report.errors {
                    println!("  dòng {}, trường {}: {}", e.line, e.field, e.message);
                }
            }
            rt.block_on(store.close());
            if report.errors.is_empty() {
                Ok(())
            } else {
                Err(CliError::input(format!(
                    "{} dòng không nhập được (xem danh sách ở trên); các dòng hợp lệ đã được nhập.",
                    report.errors.len()
                )))
            }
        }
        Command::Search { query } => {
            let hits = rt
                .block_on(store.search_producers(&query))
                .map_err(store_error)?;
            if ctx.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&hits).expect("hits serialise")
                );
            } else if hits.is_empty() {
                println!("Không tìm thấy chủ thể nào.");
            } else {
                for h in &hits {
                    println!(
                        "{}  {}  xã {}  MST {}",
                        h.id,
                        h.name,
                        h.commune_code,
                        h.tax_code.as_deref().unwrap_or("-")
                    );
                }
            }
            rt.block_on(store.close());
            Ok(())
        }
    }
}
