//! What every subcommand shares: the data folder, the output mode and the error type.

use std::path::PathBuf;

/// The resolved invocation context.
pub struct Context {
    /// The data folder given with `--data-dir` or `OCOP_DATA_DIR`; `None` means the OS default.
    pub data_dir_override: Option<PathBuf>,
    /// `--json` was given.
    pub json: bool,
    /// `--today`: the date the store's clock shows instead of today in Vietnam.
    pub today: Option<time::Date>,
}

/// An error a subcommand reports: a stable code, a message for a person, and the field or input
/// position it concerns.
#[derive(Debug)]
pub struct CliError {
    pub code: &'static str,
    pub message: String,
    /// Process exit code: 2 for bad input, 1 for everything else.
    pub exit: u8,
}

impl CliError {
    /// Bad input from the user (exit code 2).
    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            code: "Validation",
            message: message.into(),
            exit: 2,
        }
    }
    /// Any other failure (exit code 1).
    pub fn other(code: &'static str, message: impl Into<String>) -> Self {
        CliError {
            code,
            message: message.into(),
            exit: 1,
        }
    }
    pub fn exit_code(&self) -> u8 {
        self.exit
    }
}

/// The app's identifier in `tauri.conf.json`; the window keeps its data in
/// `<OS data folder>/<identifier>` (Tauri's `app_data_dir`), so the tool uses the same folder.
pub const APP_IDENTIFIER: &str = "vn.ocop.desk";

/// The data folder: `--data-dir`/`OCOP_DATA_DIR` when given, else the same per-user folder the
/// window uses (`~/.local/share/vn.ocop.desk` on Linux).
pub fn resolve_data_dir(ctx: &Context) -> PathBuf {
    match &ctx.data_dir_override {
        Some(dir) => dir.clone(),
        None => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_IDENTIFIER),
    }
}

impl Context {
    /// The context of one run. `today` is `--today` as typed (`YYYY-MM-DD`); a malformed date is
    /// bad input.
    pub fn new(
        data_dir_override: Option<PathBuf>,
        json: bool,
        today: Option<&str>,
    ) -> Result<Self, CliError> {
        let today = match today {
            None => None,
            Some(t) => Some(ocop_domain::calendar::parse_date(t).ok_or_else(|| {
                CliError::input(format!("--today \"{t}\" không đúng dạng YYYY-MM-DD"))
            })?),
        };
        Ok(Context {
            data_dir_override,
            json,
            today,
        })
    }

    /// How the store is opened: with `--today`, its one clock stands at noon (Vietnam) on that
    /// day, so every status, deadline, verification and record of the run uses that date;
    /// otherwise the system clock.
    pub fn store_options(&self) -> ocop_store::StoreOptions {
        let mut opts = ocop_store::StoreOptions::default();
        if let Some(day) = self.today {
            let noon = time::PrimitiveDateTime::new(day, time::macros::time!(12:00))
                .assume_offset(time::macros::offset!(+7));
            opts.clock = std::sync::Arc::new(ocop_domain::ids::FixedClock::new(noon));
        }
        opts
    }

    /// Prints an error to stderr, as `{code, message}` JSON with `--json`.
    pub fn print_error(&self, err: &CliError) {
        if self.json {
            let value = serde_json::json!({ "code": err.code, "message": err.message });
            eprintln!("{value}");
        } else {
            eprintln!("ocop: {}", err.message);
        }
    }
}
