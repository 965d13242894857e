//! App information, first start, settings, drafts and attachment previews.

use super::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use ocop_domain::model::{Draft, Settings, SettingsPatch};
use serde::{Deserialize, Serialize};
use tauri::State;

/// One font shipped inside the PDFs, with its licence.
#[derive(Debug, Serialize)]
pub struct FontLicence {
    pub name: String,
    pub licence: String,
}

/// What the about screen and the first-start screen show.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub app_version: String,
    pub db_schema_version: i64,
    pub data_dir: String,
    pub db_path: String,
    pub device_id: String,
    pub locale: String,
    pub needs_setup: bool,
    pub font_licences: Vec<FontLicence>,
    /// The full licence text of the embedded fonts (SIL OFL 1.1).
    pub font_licence_text: String,
}

async fn info(state: &AppState) -> IpcResult<AppInfo> {
    let store = state.store().await?;
    let settings = store.settings_get().await?;
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        db_schema_version: store.schema_version().await?,
        data_dir: store.data_dir().display().to_string(),
        db_path: store.db_path().display().to_string(),
        device_id: store.device_id().to_string(),
        locale: settings.locale,
        needs_setup: store.needs_setup().await?,
        font_licences: ocop_pdf::font_licences()
            .into_iter()
            .map(|(name, licence)| FontLicence { name, licence })
            .collect(),
        font_licence_text: ocop_pdf::font_licence_text().to_string(),
    })
}

/// `app_info`: versions, folders and whether the first-start choice is still to be made.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    info(&state).await
}

/// `app_today`: today (`yyyy-mm-dd`) by the store's one clock, for the UI's default dates: the
/// webview reads no clock of its own.
#[tauri::command]
pub async fn app_today(state: State<'_, AppState>) -> IpcResult<String> {
    Ok(ocop_domain::calendar::iso(state.store().await?.today()))
}

/// Input of `setup_init`.
#[derive(Debug, Deserialize)]
pub struct SetupInput {
    pub demo: bool,
}

/// `setup_init`: the first-start choice between an empty database and the demo data set.
#[tauri::command]
pub async fn setup_init(state: State<'_, AppState>, input: SetupInput) -> IpcResult<AppInfo> {
    let store = state.store().await?;
    if input.demo {
        store.load_demo().await?;
    }
    store.mark_setup_done().await?;
    info(&state).await
}

/// `settings_get`.
#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> IpcResult<Settings> {
    Ok(state.store().await?.settings_get().await?)
}

/// `settings_set`: locale and holiday list.
#[tauri::command]
pub async fn settings_set(state: State<'_, AppState>, input: SettingsPatch) -> IpcResult<Settings> {
    Ok(state.store().await?.settings_set(&input).await?)
}

/// Input of `draft_put`.
#[derive(Debug, Deserialize)]
pub struct DraftPut {
    pub key: String,
    pub data: serde_json::Value,
}

/// Answer of `draft_put`.
#[derive(Debug, Serialize)]
pub struct DraftSaved {
    pub saved_at: String,
}

/// Input of `draft_get` and `draft_discard`.
#[derive(Debug, Deserialize)]
pub struct DraftKey {
    pub key: String,
}

/// `draft_put`: keeps a half-filled form so it survives closing, a crash and a restart.
#[tauri::command]
pub async fn draft_put(state: State<'_, AppState>, input: DraftPut) -> IpcResult<DraftSaved> {
    let saved_at = state
        .store()
        .await?
        .draft_put(&input.key, &input.data)
        .await?;
    Ok(DraftSaved { saved_at })
}

/// `draft_get`.
#[tauri::command]
pub async fn draft_get(state: State<'_, AppState>, input: DraftKey) -> IpcResult<Option<Draft>> {
    Ok(state.store().await?.draft_get(&input.key).await?)
}

/// `draft_discard`.
#[tauri::command]
pub async fn draft_discard(state: State<'_, AppState>, input: DraftKey) -> IpcResult<()> {
    Ok(state.store().await?.draft_discard(&input.key).await?)
}

/// Input of `attachment_data`.
#[derive(Debug, Deserialize)]
pub struct AttachmentInput {
    pub hash: String,
    pub mime: String,
}

/// `attachment_data`: a stored photo as a `data:` URL for a thumbnail (the webview has no file
/// access of its own). Only content-addressed files inside the data folder can be read.
#[tauri::command]
pub async fn attachment_data(
    state: State<'_, AppState>,
    input: AttachmentInput,
) -> IpcResult<String> {
    use base64::Engine;
    if input.hash.len() != 64 || !input.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(IpcError::validation(vec![super::error::FieldMessage {
            field: "hash".into(),
            message: "Mã băm tệp không hợp lệ.".into(),
        }]));
    }
    if !input.mime.starts_with("image/") {
        return Err(IpcError::new(
            ErrorCode::Validation,
            "Chỉ xem trước được ảnh.",
        ));
    }
    let store = state.store().await?;
    let path = store.attachment_path(&input.hash);
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        IpcError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}", path.display()),
        )
    })?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{};base64,{encoded}", input.mime))
}

/// `ui_ready`: the UI's first screen is interactive. With `OCOP_EXIT_WHEN_READY=1` the process
/// exits here, which is how `scripts/bench-startup.sh` times a cold start.
#[tauri::command]
pub fn ui_ready() {
    if std::env::var_os("OCOP_EXIT_WHEN_READY").is_some() {
        std::process::exit(0);
    }
}
