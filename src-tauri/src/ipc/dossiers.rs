//! Dossiers (hồ sơ): Forms 01, 02 and 03 and their evidence.

use super::error::{IpcError, IpcResult};
use super::products::IMAGE_FILTER;
use super::{on_main_thread, IdInput};
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_domain::model::{Dossier, DossierQuery, Page};
use serde::Deserialize;
use tauri::{AppHandle, State};

const DOCUMENT_FILTER: Filter<'static> = Filter {
    name: "Tài liệu / Documents",
    extensions: &[
        "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "txt",
    ],
};

/// `dossiers_list`.
#[tauri::command]
pub async fn dossiers_list(
    state: State<'_, AppState>,
    input: Option<DossierQuery>,
) -> IpcResult<Page<Dossier>> {
    Ok(state
        .store()
        .await?
        .dossiers_list(&input.unwrap_or_default())
        .await?)
}

/// `dossier_get`.
#[tauri::command]
pub async fn dossier_get(state: State<'_, AppState>, input: IdInput) -> IpcResult<Dossier> {
    Ok(state.store().await?.dossier_get(&input.id).await?)
}

/// Input of `dossier_save`.
#[derive(Debug, Deserialize)]
pub struct SaveInput {
    pub dossier: Dossier,
}

/// `dossier_save`: the core computes the 15-working-day deadline and suggests the slip number.
#[tauri::command]
pub async fn dossier_save(state: State<'_, AppState>, input: SaveInput) -> IpcResult<Dossier> {
    Ok(state.store().await?.dossier_save(&input.dossier).await?)
}

/// `dossier_delete`: a tombstone, undone by `dossier_undelete`.
#[tauri::command]
pub async fn dossier_delete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Dossier> {
    Ok(state.store().await?.dossier_delete(&input.id).await?)
}

/// `dossier_undelete`.
#[tauri::command]
pub async fn dossier_undelete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Dossier> {
    Ok(state.store().await?.dossier_undelete(&input.id).await?)
}

/// Input of `dossier_attach`.
#[derive(Debug, Deserialize)]
pub struct AttachInput {
    pub id: String,
    /// `document` or `photo`.
    pub kind: String,
}

/// `dossier_attach`: the native dialog picks evidence files, copied in by content hash.
#[tauri::command]
pub async fn dossier_attach<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: AttachInput,
) -> IpcResult<Dossier> {
    let dialogs = state.dialogs.clone();
    let photo = input.kind == "photo";
    let picked = on_main_thread(&app, move || {
        if photo {
            dialogs.pick_files("Chọn ảnh minh chứng", &[IMAGE_FILTER])
        } else {
            dialogs.pick_files("Chọn tài liệu minh chứng", &[DOCUMENT_FILTER])
        }
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    let store = state.store().await?;
    Ok(store
        .dossier_attach(&input.id, &picked, &input.kind)
        .await?)
}

/// Input of `dossier_detach`.
#[derive(Debug, Deserialize)]
pub struct DetachInput {
    pub id: String,
    pub attachment_id: String,
}

/// `dossier_detach`.
#[tauri::command]
pub async fn dossier_detach(state: State<'_, AppState>, input: DetachInput) -> IpcResult<Dossier> {
    let store = state.store().await?;
    Ok(store
        .dossier_detach(&input.id, &input.attachment_id)
        .await?)
}
