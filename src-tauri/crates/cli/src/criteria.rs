//! `ocop criteria …`: the scoring sheets (Annex II) as data.
//!
//! `list` prints every sheet (basis, set, title); `show --basis B --set N` prints one sheet.
//! With `--json` the output is the sheet's own data format (`docs/criteria-schema.md`).

use crate::context::{CliError, Context};
use ocop_rating::{Catalog, Sheet};
use std::path::PathBuf;

/// Arguments of `ocop criteria`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Read the sheets from this folder (laid out like data/criteria) instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub criteria_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: CriteriaCommand,
}

/// What to do with the sheets.
#[derive(clap::Subcommand, Debug)]
pub enum CriteriaCommand {
    /// List every sheet: basis, set number, title.
    List,
    /// Print one sheet.
    Show {
        /// Legal basis as printed, e.g. "26/2026/QĐ-TTg".
        #[arg(long)]
        basis: String,
        /// Set number (1–26).
        #[arg(long)]
        set: u8,
    },
}

/// Runs `ocop criteria`.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let owned;
    let catalog = match &args.criteria_dir {
        Some(dir) => {
            owned = load_dir(dir)?;
            &owned
        }
        None => builtin()?,
    };
    match args.command {
        CriteriaCommand::List => {
            let list = catalog.list();
            if ctx.json {
                emit(&to_json(&list)?)?;
            } else {
                let lines: Vec<String> = list
                    .iter()
                    .map(|s| format!("{}\tbộ {:>2}\t{}", s.basis, s.set, s.title))
                    .collect();
                emit(&lines.join("\n"))?;
            }
        }
        CriteriaCommand::Show { basis, set } => {
            let sheet = find_sheet(catalog, &basis, set)?;
            if ctx.json {
                emit(&to_json(sheet)?)?;
            } else {
                emit(&sheet_text(sheet))?;
            }
        }
    }
    Ok(())
}

/// The built-in catalog, or an error naming the broken data.
pub fn builtin() -> Result<&'static Catalog, CliError> {
    Catalog::builtin().map_err(|e| CliError::other("Data", e.to_string()))
}

/// A catalog read from a folder.
pub fn load_dir(dir: &std::path::Path) -> Result<Catalog, CliError> {
    Catalog::from_dir(dir)
        .map_err(|e| CliError::input(format!("--criteria-dir {}: {e}", dir.display())))
}

/// The sheet of `set` under `basis`, or an input error naming which of the two is unknown.
pub fn find_sheet<'a>(catalog: &'a Catalog, basis: &str, set: u8) -> Result<&'a Sheet, CliError> {
    let Some(entry) = catalog.basis(basis) else {
        let known: Vec<_> = catalog.bases().map(|e| e.basis.basis.clone()).collect();
        return Err(CliError::input(format!(
            "căn cứ «{basis}» không có; có: {}",
            known.join(", ")
        )));
    };
    entry.sheets.get(&set).ok_or_else(|| {
        if entry.sheets.is_empty() {
            CliError::input(format!(
                "căn cứ {} chỉ lưu tổng điểm, không có phiếu chấm theo bộ",
                entry.basis.basis
            ))
        } else {
            CliError::input(format!("căn cứ {} không có bộ {set}", entry.basis.basis))
        }
    })
}

/// Writes `text` and a newline to standard output; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::other(
            "Io",
            format!("không ghi được ra đầu ra chuẩn: {e}"),
        )),
        _ => Ok(()),
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::other("Internal", e.to_string()))
}

fn stars(n: Option<u8>) -> String {
    n.map(|k| format!(" {}", "*".repeat(k as usize)))
        .unwrap_or_default()
}

fn sheet_text(sheet: &Sheet) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Bộ {} — {} ({})", sheet.set, sheet.title, sheet.basis);
    if let Some(text) = &sheet.knockout_text {
        let _ = writeln!(out, "{text}");
    }
    for part in &sheet.parts {
        let _ = writeln!(
            out,
            "\nPHẦN {}: {} ({} điểm)",
            part.code, part.title, part.max
        );
        for section in &part.sections {
            let _ = writeln!(
                out,
                "  {}. {} ({} điểm)",
                section.code, section.title, section.max
            );
            for c in &section.criteria {
                let cond = c
                    .applies_if
                    .as_ref()
                    .map(|a| format!(" [chỉ áp dụng khi {} ≥ {} điểm]", a.criterion, a.min_points));
                let _ = writeln!(
                    out,
                    "    {} {} (tối đa {}){}",
                    c.code,
                    c.title,
                    c.max,
                    cond.unwrap_or_default()
                );
                for (i, o) in c.options.iter().enumerate() {
                    let case = o.case.map(|k| format!(" [TH{k}]")).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "      {}. {} — {} điểm{}{}",
                        i + 1,
                        o.label,
                        o.points,
                        stars(o.min_star),
                        case
                    );
                }
                for extra in [&c.disqualifier, &c.gate].into_iter().flatten() {
                    let _ = writeln!(out, "      ! {extra}");
                }
            }
        }
    }
    out.trim_end().to_string()
}
