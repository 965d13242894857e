//! One-click backup and a restore that checks the file before replacing anything.

use super::app::{app_info, AppInfo};
use super::error::{IpcError, IpcResult};
use super::on_main_thread;
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_domain::model::BackupInfo;
use tauri::{AppHandle, State};

const BACKUP_FILTER: Filter<'static> = Filter {
    name: "Bản sao lưu OCOP Desk",
    extensions: &["ocop"],
};

/// `backup_create`: a consistent copy of the running database plus its attachments, to a file
/// picked in the native save dialog.
#[tauri::command]
pub async fn backup_create<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<BackupInfo> {
    let store = state.store().await?;
    let dialogs = state.dialogs.clone();
    let name = format!("ocop-desk-{}.ocop", store.today());
    let path = on_main_thread(&app, move || {
        dialogs.save_file("Lưu bản sao lưu", &name, &[BACKUP_FILTER])
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    Ok(store.backup_to(&path).await?)
}

/// `backup_restore`: picks a backup, checks it, then replaces the database and reopens it.
#[tauri::command]
pub async fn backup_restore<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<AppInfo> {
    let dialogs = state.dialogs.clone();
    let path = on_main_thread(&app, move || {
        dialogs.pick_file("Chọn bản sao lưu", &[BACKUP_FILTER])
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    state
        .replace_store(|store| async move { store.restore_from(&path).await })
        .await?;
    app_info(state).await
}
