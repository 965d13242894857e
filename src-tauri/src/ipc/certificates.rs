//! Certificates: verification (the "Xác thực giấy chứng nhận" screen), offline, with the
//! trusted keys of the open store's data folder (`ocop-seal`) and the certificates and
//! revocations recorded in its database; and the certificates' life: list, detail, batch
//! issue, revoke, extend, preview and batch print with progress and cancellation. Every "today"
//! is the store's clock (`Store::today`).

use super::error::{ErrorCode, FieldMessage, IpcError, IpcResult};
use super::on_main_thread;
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_domain::model::Page;
use ocop_pdf::{BatchMode, BatchProgress, PdfError, QrModules, RenderOptions};
use ocop_seal::{SealError, ShortCode, Verification};
use ocop_store::{
    Certificate, CertificateQuery, Decision, ExtendInput, IssuerInfo, RevokeInput, Store,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Manager, State};

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

async fn verify_input(store: &Store, input: VerifyInput) -> IpcResult<Verification> {
    let today = store.today();
    let text = input.text.as_deref().map(str::trim).unwrap_or_default();
    let code = input.code.as_deref().map(str::trim).unwrap_or_default();
    if !text.is_empty() {
        return Ok(store.verify_certificate(text, today).await?);
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
    Ok(store.verify_certificate_code(&code, today).await?)
}

/// `certificate_verify`: verifies a QR text (`text`) or a short code (`code`; used only when
/// `text` is empty) as of the store's today.
#[tauri::command]
pub async fn certificate_verify(
    state: State<'_, AppState>,
    input: Option<VerifyInput>,
) -> IpcResult<Verification> {
    let store = state.store().await?;
    verify_input(&store, input.unwrap_or_default()).await
}

/// `certificate_verify_image`: the native dialog picks a PNG/JPEG image (photo or scan) of a
/// certificate; its QR is read and verified.
#[tauri::command]
pub async fn certificate_verify_image<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Verification> {
    let store = state.store().await?;
    let dialogs = state.dialogs.clone();
    let picked: PathBuf = on_main_thread(&app, move || {
        dialogs.pick_file(
            "Chọn ảnh giấy chứng nhận cần xác thực",
            &[CERTIFICATE_IMAGE_FILTER],
        )
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    // Decoding a large photo takes a while: off the async threads. Then verify the first
    // certificate QR found, like `ocop_seal::verify_image`, with the store's revocations.
    let texts = blocking(move || ocop_seal::read_qr_texts(&picked).map_err(seal_error)).await?;
    let ours = texts
        .iter()
        .find(|t| t.trim_start().starts_with(ocop_seal::PREFIX))
        .or(texts.first());
    match ours {
        Some(text) => Ok(store.verify_certificate(text, store.today()).await?),
        None => Ok(Verification::invalid(
            "Không đọc được mã QR nào trong ảnh; hãy chụp/quét rõ hơn",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The certificates' life.

const PDF_FILTER: Filter<'static> = Filter {
    name: "Tệp PDF",
    extensions: &["pdf"],
};

/// `certificates_list`: certificates with their status as of the store's today.
#[tauri::command]
pub async fn certificates_list(
    state: State<'_, AppState>,
    input: Option<CertificateQuery>,
) -> IpcResult<Page<Certificate>> {
    let store = state.store().await?;
    Ok(store
        .list_certificates(&input.unwrap_or_default(), store.today())
        .await?)
}

/// `certificate_get`: one certificate, with its status today.
#[tauri::command]
pub async fn certificate_get(
    state: State<'_, AppState>,
    input: super::IdInput,
) -> IpcResult<Certificate> {
    let store = state.store().await?;
    Ok(store.certificate(&input.id, store.today()).await?)
}

/// Input of `certificates_issue`.
#[derive(Debug, Deserialize)]
pub struct IssueInput {
    /// The recognition decision.
    pub decision: Decision,
    /// The locked council results (agenda item ids) the decision recognises.
    pub item_ids: Vec<String>,
}

/// `issuers_list`: the issuing bodies of the data folder: the bundled default and every
/// `issuers/*.json` (unusable files listed with their `problem`).
#[tauri::command]
pub async fn issuers_list(state: State<'_, AppState>) -> IpcResult<Vec<IssuerInfo>> {
    let store = state.store().await?;
    blocking(move || Ok(store.issuers_list()?)).await
}

/// `certificates_issue`: issues a batch from locked council results in one transaction (all or
/// none). The certificate items are built by the core from the stored results; the webview
/// never supplies a star, a score or a hash, nor the issuer: it is the issuing body chosen in
/// the settings (`issuer_id`, default the bundled one).
#[tauri::command]
pub async fn certificates_issue(
    state: State<'_, AppState>,
    input: IssueInput,
) -> IpcResult<Vec<Certificate>> {
    let store = state.store().await?;
    let issuer = store.settings_issuer().await?;
    Ok(store
        .issue_certificates_from_results(&issuer, &input.decision, &input.item_ids)
        .await?)
}

/// Input of `certificate_revoke`.
#[derive(Debug, Deserialize)]
pub struct RevokeCommandInput {
    /// The certificate.
    pub id: String,
    /// The decision and ground.
    #[serde(flatten)]
    pub revoke: RevokeInput,
}

/// `certificate_revoke`: records a revocation decision (Art. 8).
#[tauri::command]
pub async fn certificate_revoke(
    state: State<'_, AppState>,
    input: RevokeCommandInput,
) -> IpcResult<Certificate> {
    let store = state.store().await?;
    Ok(store
        .revoke_certificate(&input.id, &input.revoke, store.today())
        .await?)
}

/// Input of `certificate_extend`.
#[derive(Debug, Deserialize)]
pub struct ExtendCommandInput {
    /// The certificate.
    pub id: String,
    /// Until when and why.
    #[serde(flatten)]
    pub extend: ExtendInput,
}

/// `certificate_extend`: extends validity under the transition rule (Art. 12.3).
#[tauri::command]
pub async fn certificate_extend(
    state: State<'_, AppState>,
    input: ExtendCommandInput,
) -> IpcResult<Certificate> {
    let store = state.store().await?;
    Ok(store
        .extend_certificate(&input.id, &input.extend, store.today())
        .await?)
}

/// What the in-app preview shows: the frozen certificate, its QR modules, and the size of the
/// PDF it prints as (rendered now, so a preview proves the document renders).
#[derive(Debug, Serialize)]
pub struct Preview {
    /// The certificate, its `snapshot` being exactly what is printed.
    pub certificate: Certificate,
    /// The QR symbol as printed.
    pub qr: QrModules,
    /// Bytes of the rendered PDF.
    pub pdf_bytes: usize,
}

fn pdf_error(err: PdfError) -> IpcError {
    match err {
        PdfError::Cancelled => IpcError::new(ErrorCode::Cancelled, err.to_string()),
        PdfError::Write(_) => IpcError::new(ErrorCode::Io, err.to_string()),
        _ => IpcError::new(ErrorCode::Internal, err.to_string()),
    }
}

/// `certificate_pdf_preview`: the certificate laid out for an HTML preview (the webview cannot
/// show a PDF itself), after rendering its PDF once.
#[tauri::command]
pub async fn certificate_pdf_preview(
    state: State<'_, AppState>,
    input: super::IdInput,
) -> IpcResult<Preview> {
    let store = state.store().await?;
    let certificate = store.certificate(&input.id, store.today()).await?;
    let doc = certificate.snapshot.clone();
    let (qr, pdf_bytes) = blocking(move || {
        let pdf = ocop_pdf::render_certificate(&doc).map_err(pdf_error)?;
        let qr = ocop_pdf::qr_modules(&doc.qr_text).map_err(pdf_error)?;
        Ok((qr, pdf.len()))
    })
    .await?;
    Ok(Preview {
        certificate,
        qr,
        pdf_bytes,
    })
}

/// The state of the batch print run (one at a time), polled by the UI.
#[derive(Debug, Clone, Serialize)]
pub struct PrintStatus {
    /// Still running.
    pub running: bool,
    /// Certificates done.
    pub done: usize,
    /// Certificates in the run.
    pub total: usize,
    /// `combined` or `per_file`.
    pub mode: String,
    /// The file (combined) or folder (per file) chosen in the dialog.
    pub target: String,
    /// Files completely written (after the run).
    pub files: Vec<String>,
    /// Bytes written.
    pub bytes: u64,
    /// The run was cancelled (files already complete stay; none is half-written).
    pub cancelled: bool,
    /// Why the run failed.
    pub error: Option<IpcError>,
}

struct PrintJob {
    cancel: AtomicBool,
    done: AtomicUsize,
    status: Mutex<PrintStatus>,
}

impl PrintJob {
    fn status(&self) -> PrintStatus {
        let mut s = self.status.lock().expect("print status lock").clone();
        if s.running {
            s.done = self.done.load(Ordering::Relaxed);
        }
        s
    }
}

/// The app's one batch print run (managed state, created on first use).
#[derive(Default)]
pub struct PrintJobs {
    current: Mutex<Option<Arc<PrintJob>>>,
}

fn print_jobs<R: tauri::Runtime>(app: &AppHandle<R>) -> State<'_, PrintJobs> {
    if app.try_state::<PrintJobs>().is_none() {
        app.manage(PrintJobs::default());
    }
    app.state::<PrintJobs>()
}

/// Input of `certificates_print`.
#[derive(Debug, Deserialize)]
pub struct PrintInput {
    /// The certificates, in print order.
    pub ids: Vec<String>,
    /// `combined` (one PDF, save dialog) or `per_file` (one PDF each, folder dialog).
    pub mode: String,
}

/// `certificates_print`: asks where to write (native dialog), then prints in the background;
/// returns the first status at once. Poll `certificates_print_status`; stop with
/// `certificates_print_cancel`.
#[tauri::command]
pub async fn certificates_print<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: PrintInput,
) -> IpcResult<PrintStatus> {
    if input.ids.is_empty() {
        return Err(validation(
            "ids",
            "Hãy chọn ít nhất một giấy chứng nhận để in.",
        ));
    }
    if input.mode != "combined" && input.mode != "per_file" {
        return Err(validation(
            "mode",
            "Chọn in gộp một tệp hoặc mỗi giấy một tệp.",
        ));
    }
    {
        let jobs = print_jobs(&app);
        let current = jobs.current.lock().expect("print jobs lock");
        if current.as_ref().is_some_and(|j| j.status().running) {
            return Err(IpcError::new(
                ErrorCode::Conflict,
                "Đang in một đợt khác; hãy chờ xong hoặc hủy đợt đó.",
            ));
        }
    }
    let store = state.store().await?;
    let docs = store.certificate_docs(&input.ids).await?;
    let dialogs = state.dialogs.clone();
    let combined = input.mode == "combined";
    let default_name = if docs.len() == 1 {
        format!(
            "giay-chung-nhan-{}",
            docs[0].number.replace(['/', '\\', ' '], "-")
        )
    } else {
        format!("giay-chung-nhan-{}-giay", docs.len())
    };
    let target: PathBuf = on_main_thread(&app, move || {
        if combined {
            dialogs.save_file(
                "Lưu các giấy chứng nhận thành một tệp PDF",
                &format!("{default_name}.pdf"),
                &[PDF_FILTER],
            )
        } else {
            dialogs.pick_folder("Chọn thư mục để lưu mỗi giấy chứng nhận một tệp PDF")
        }
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    let job = Arc::new(PrintJob {
        cancel: AtomicBool::new(false),
        done: AtomicUsize::new(0),
        status: Mutex::new(PrintStatus {
            running: true,
            done: 0,
            total: docs.len(),
            mode: input.mode.clone(),
            target: target.display().to_string(),
            files: Vec::new(),
            bytes: 0,
            cancelled: false,
            error: None,
        }),
    });
    {
        let jobs = print_jobs(&app);
        let mut current = jobs.current.lock().expect("print jobs lock");
        if current.as_ref().is_some_and(|j| j.status().running) {
            return Err(IpcError::new(
                ErrorCode::Conflict,
                "Đang in một đợt khác; hãy chờ xong hoặc hủy đợt đó.",
            ));
        }
        *current = Some(job.clone());
    }
    let first = job.status();
    // The PDFs are dated by the store's clock, like everything else.
    let options = RenderOptions {
        created: Some(ocop_domain::ids::timestamp(store.clock().now())),
    };
    let mode = if combined {
        BatchMode::Combined(target)
    } else {
        BatchMode::PerFile(target)
    };
    std::thread::spawn(move || {
        let progress = |p: BatchProgress| {
            job.done.fetch_max(p.done, Ordering::Relaxed);
        };
        let result = ocop_pdf::print_certificates(&docs, &mode, &options, &progress, &job.cancel);
        let mut s = job.status.lock().expect("print status lock");
        s.running = false;
        s.done = job.done.load(Ordering::Relaxed);
        match result {
            Ok(report) => {
                s.done = s.total;
                s.files = report
                    .files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect();
                s.bytes = report.bytes;
            }
            Err(PdfError::Cancelled) => s.cancelled = true,
            Err(e) => s.error = Some(pdf_error(e)),
        }
    });
    Ok(first)
}

/// `certificates_print_status`: the current or last print run, or `null`.
#[tauri::command]
pub async fn certificates_print_status<R: tauri::Runtime>(
    app: AppHandle<R>,
) -> IpcResult<Option<PrintStatus>> {
    let jobs = print_jobs(&app);
    let current = jobs.current.lock().expect("print jobs lock");
    Ok(current.as_ref().map(|j| j.status()))
}

/// `certificates_print_cancel`: asks the running print to stop; returns its status.
#[tauri::command]
pub async fn certificates_print_cancel<R: tauri::Runtime>(
    app: AppHandle<R>,
) -> IpcResult<Option<PrintStatus>> {
    let jobs = print_jobs(&app);
    let current = jobs.current.lock().expect("print jobs lock");
    if let Some(j) = current.as_ref() {
        j.cancel.store(true, Ordering::Relaxed);
    }
    Ok(current.as_ref().map(|j| j.status()))
}
