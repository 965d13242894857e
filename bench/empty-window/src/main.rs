//! An empty Tauri window with one `ui_ready` command, built with the same profile and Tauri
//! version as OCOP Desk. `scripts/bench-startup.sh` times both from spawn to their page's first
//! `ui_ready` call (the process exits there when `OCOP_EXIT_WHEN_READY=1`).

#[tauri::command]
fn ui_ready() {
    if std::env::var_os("OCOP_EXIT_WHEN_READY").is_some() {
        std::process::exit(0);
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
        .expect("error while running the empty window");
}
