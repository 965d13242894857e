//! IPC commands, one file per area (owned by the store work; placeholder).

/// Registers every command on the builder, for the app and for `tauri::test`.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
}
