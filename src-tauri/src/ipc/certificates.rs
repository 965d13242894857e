//! Certificate verification (the "Xác thực giấy chứng nhận" screen), offline, with the trusted
//! keys, revocations and registry of the open store's data folder (`ocop-seal`).

use super::error::{ErrorCode, FieldMessage, IpcError, IpcResult};
use super::on_main_thread;
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_seal::{KeyStore, Registry, SealError, ShortCode, Verification};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};

const CERTIFICATE_IMAGE_FILTER: Filter<'static> = Filter {
    name: "Ảnh giấy chứng nhận (PNG, JPEG)",
    extensions: &["png", "jpg", "jpeg"],
};

/// Input of `certificate_verify`: the QR text, or the short code typed by hand.
#[derive(Debug, Default, Deserialize)]
pub struct VerifyInput {
    /// The text read from the QR (`OC1:…`).
    #[serde(default)]
    pub text: Option<String>,
    /// The short verification code printed under the QR (`XXXX-XXXX-XXXX`).
    #[serde(default)]
    pub code: Option<String>,
}

fn seal_error(err: SealError) -> IpcError {
    let code = match err {
        SealError::Io { .. } | SealError::Image { .. } => ErrorCode::Io,
        SealError::BadCode(_) => ErrorCode::Validation,
        _ => ErrorCode::Internal,
    };
    IpcError::new(code, err.to_string())
}

fn validation(field: &str, message: &str) -> IpcError {
    IpcError::validation(vec![FieldMessage {
        field: field.to_string(),
        message: message.to_string(),
    }])
}

/// Runs blocking seal work (key files, image decoding) off the async runtime's threads.
async fn blocking<T, F>(f: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> IpcResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?
}

fn verify_input(data_dir: &Path, input: VerifyInput) -> IpcResult<Verification> {
    let today = ocop_seal::today_vn();
    let text = input.text.as_deref().map(str::trim).unwrap_or_default();
    let code = input.code.as_deref().map(str::trim).unwrap_or_default();
    if !text.is_empty() {
        let keys = KeyStore::open(data_dir).map_err(seal_error)?;
        return Ok(ocop_seal::verify(text, today, &keys));
    }
    if code.is_empty() {
        return Err(validation(
            "text",
            "Hãy dán nội dung mã QR hoặc nhập mã xác thực in dưới mã QR.",
        ));
    }
    let code: ShortCode = code.parse().map_err(|e: SealError| {
        let mut err = validation("code", &e.to_string());
        err.message = format!("Mã xác thực sai dạng: {e}");
        err
    })?;
    let keys = KeyStore::open(data_dir).map_err(seal_error)?;
    let registry = Registry::open(data_dir).map_err(seal_error)?;
    ocop_seal::verify_code(&code, today, &keys, &registry).map_err(seal_error)
}

/// `certificate_verify`: verifies a QR text (`text`) or a short code (`code`; used only when
/// `text` is empty) as of today in Vietnam.
#[tauri::command]
pub async fn certificate_verify(
    state: State<'_, AppState>,
    input: Option<VerifyInput>,
) -> IpcResult<Verification> {
    let data_dir = state.store().await?.data_dir().to_path_buf();
    let input = input.unwrap_or_default();
    blocking(move || verify_input(&data_dir, input)).await
}

fn verify_picked(data_dir: &Path, path: &Path) -> IpcResult<Verification> {
    let keys = KeyStore::open(data_dir).map_err(seal_error)?;
    ocop_seal::verify_image(path, ocop_seal::today_vn(), &keys).map_err(seal_error)
}

/// `certificate_verify_image`: the native dialog picks a PNG/JPEG image (photo or scan) of a
/// certificate; its QR is read and verified.
#[tauri::command]
pub async fn certificate_verify_image<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Verification> {
    let data_dir = state.store().await?.data_dir().to_path_buf();
    let dialogs = state.dialogs.clone();
    let picked: PathBuf = on_main_thread(&app, move || {
        dialogs.pick_file(
            "Chọn ảnh giấy chứng nhận cần xác thực",
            &[CERTIFICATE_IMAGE_FILTER],
        )
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    blocking(move || verify_picked(&data_dir, &picked)).await
}
