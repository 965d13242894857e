//! OCOP Desk: the Tauri shell.
//!
//! This crate is deliberately thin. It resolves the data folder, opens the store, owns the native
//! file dialogs and registers the IPC commands of [`ipc`]. Every rule lives in the core crates under
//! `src-tauri/crates/`, none of which depends on Tauri.

pub mod dialogs;
pub mod ipc;
pub mod state;

use std::path::PathBuf;

/// Resolves the data folder: `--data-dir DIR` (or `--data-dir=DIR`) on the command line, else the
/// `OCOP_DATA_DIR` environment variable, else `None` (the OS's per-user app-data folder, resolved by
/// Tauri's path resolver at start-up).
pub fn data_dir_from_args(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            if let Some(dir) = args.next() {
                return Some(PathBuf::from(dir));
            }
        } else if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    std::env::var_os("OCOP_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Starts the application window.
pub fn run() {
    let override_dir = data_dir_from_args(std::env::args().skip(1));
    let builder = tauri::Builder::default().setup(move |app| {
        use tauri::Manager;
        let data_dir = match &override_dir {
            Some(dir) => dir.clone(),
            None => app.path().app_data_dir()?,
        };
        let state = state::AppState::open(data_dir, dialogs::from_env());
        app.manage(state);
        Ok(())
    });
    ipc::with_commands(builder)
        .run(tauri::generate_context!())
        .expect("error while running OCOP Desk");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_flag_wins_over_environment() {
        let args = ["--data-dir".to_string(), "/tmp/a".to_string()];
        assert_eq!(data_dir_from_args(args), Some(PathBuf::from("/tmp/a")));
        let args = ["--data-dir=/tmp/b".to_string()];
        assert_eq!(data_dir_from_args(args), Some(PathBuf::from("/tmp/b")));
    }
}
