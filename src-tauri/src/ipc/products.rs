//! Products, their photos and status history.

use super::error::{IpcError, IpcResult};
use super::{on_main_thread, IdInput};
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_domain::model::{Page, Product, ProductQuery};
use serde::Deserialize;
use tauri::{AppHandle, State};

/// Image types accepted as product photos and photo evidence.
pub const IMAGE_FILTER: Filter<'static> = Filter {
    name: "Ảnh / Images",
    extensions: &["jpg", "jpeg", "png", "webp"],
};

/// `products_list`.
#[tauri::command]
pub async fn products_list(
    state: State<'_, AppState>,
    input: Option<ProductQuery>,
) -> IpcResult<Page<Product>> {
    Ok(state
        .store()
        .await?
        .products_list(&input.unwrap_or_default())
        .await?)
}

/// `product_get`.
#[tauri::command]
pub async fn product_get(state: State<'_, AppState>, input: IdInput) -> IpcResult<Product> {
    Ok(state.store().await?.product_get(&input.id).await?)
}

/// Input of `product_save`.
#[derive(Debug, Deserialize)]
pub struct SaveInput {
    pub product: Product,
}

/// `product_save`: creates (assigning the product code) or updates.
#[tauri::command]
pub async fn product_save(state: State<'_, AppState>, input: SaveInput) -> IpcResult<Product> {
    Ok(state.store().await?.product_save(&input.product).await?)
}

/// Input of `product_set_status`.
#[derive(Debug, Deserialize)]
pub struct StatusInput {
    pub id: String,
    pub status: String,
    pub note: Option<String>,
}

/// `product_set_status`: appends to the status history.
#[tauri::command]
pub async fn product_set_status(
    state: State<'_, AppState>,
    input: StatusInput,
) -> IpcResult<Product> {
    let store = state.store().await?;
    Ok(store
        .product_set_status(&input.id, &input.status, input.note.as_deref())
        .await?)
}

/// `product_delete`: a tombstone, undone by `product_undelete`.
#[tauri::command]
pub async fn product_delete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Product> {
    Ok(state.store().await?.product_delete(&input.id).await?)
}

/// `product_undelete`.
#[tauri::command]
pub async fn product_undelete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Product> {
    Ok(state.store().await?.product_undelete(&input.id).await?)
}

/// `product_add_photos`: the native dialog picks images, which are copied into the data folder.
#[tauri::command]
pub async fn product_add_photos<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: IdInput,
) -> IpcResult<Product> {
    let dialogs = state.dialogs.clone();
    let picked = on_main_thread(&app, move || {
        dialogs.pick_files("Chọn ảnh sản phẩm", &[IMAGE_FILTER])
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    Ok(state
        .store()
        .await?
        .product_add_photos(&input.id, &picked)
        .await?)
}

/// Input of `product_remove_photo`.
#[derive(Debug, Deserialize)]
pub struct RemovePhotoInput {
    pub id: String,
    pub attachment_id: String,
}

/// `product_remove_photo`.
#[tauri::command]
pub async fn product_remove_photo(
    state: State<'_, AppState>,
    input: RemovePhotoInput,
) -> IpcResult<Product> {
    let store = state.store().await?;
    Ok(store
        .product_remove_photo(&input.id, &input.attachment_id)
        .await?)
}
