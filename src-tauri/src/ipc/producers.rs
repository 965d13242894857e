//! Producers (chủ thể OCOP).

use super::error::IpcResult;
use super::IdInput;
use crate::state::AppState;
use ocop_domain::model::{DuplicateCheck, Page, Producer, ProducerQuery};
use serde::Deserialize;
use tauri::State;

/// `producers_list`: filtered, sorted, paged, with diacritic-insensitive search.
#[tauri::command]
pub async fn producers_list(
    state: State<'_, AppState>,
    input: Option<ProducerQuery>,
) -> IpcResult<Page<Producer>> {
    Ok(state
        .store()
        .await?
        .producers_list(&input.unwrap_or_default())
        .await?)
}

/// `producer_get`.
#[tauri::command]
pub async fn producer_get(state: State<'_, AppState>, input: IdInput) -> IpcResult<Producer> {
    Ok(state.store().await?.producer_get(&input.id).await?)
}

/// `producer_check`: validation plus probable duplicates, before saving.
#[tauri::command]
pub async fn producer_check(
    state: State<'_, AppState>,
    input: Producer,
) -> IpcResult<DuplicateCheck> {
    Ok(state.store().await?.producer_check(&input).await?)
}

/// Input of `producer_save`.
#[derive(Debug, Deserialize)]
pub struct SaveInput {
    pub producer: Producer,
    #[serde(default)]
    pub confirm_duplicate: bool,
}

/// `producer_save`: creates or updates; a probable duplicate needs `confirm_duplicate`.
#[tauri::command]
pub async fn producer_save(state: State<'_, AppState>, input: SaveInput) -> IpcResult<Producer> {
    let store = state.store().await?;
    Ok(store
        .producer_save(&input.producer, input.confirm_duplicate)
        .await?)
}

/// `producer_archive`.
#[tauri::command]
pub async fn producer_archive(state: State<'_, AppState>, input: IdInput) -> IpcResult<Producer> {
    Ok(state.store().await?.producer_archive(&input.id).await?)
}

/// `producer_restore`.
#[tauri::command]
pub async fn producer_restore(state: State<'_, AppState>, input: IdInput) -> IpcResult<Producer> {
    Ok(state.store().await?.producer_restore(&input.id).await?)
}
