//! IPC commands, one file per area. Each command takes the state, calls one core function and
//! converts the error to [`error::IpcError`]. The contract is `docs/IPC.md`.

pub mod app;
pub mod backup;
pub mod certificates;
pub mod councils;
pub mod dossiers;
pub mod error;
pub mod producers;
pub mod products;
pub mod reference;
pub mod workflow;

use serde::Deserialize;

/// `{id}` input of the commands that act on one record.
#[derive(Debug, Deserialize)]
pub struct IdInput {
    pub id: String,
}

/// Registers every command on the builder, for the app and for `tauri::test`.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        app::app_info,
        app::app_today,
        app::setup_init,
        app::settings_get,
        app::settings_set,
        app::draft_put,
        app::draft_get,
        app::draft_discard,
        app::attachment_data,
        app::ui_ready,
        reference::units_list,
        reference::product_sets_list,
        reference::producer_types_list,
        producers::producers_list,
        producers::producer_get,
        producers::producer_check,
        producers::producer_save,
        producers::producer_archive,
        producers::producer_restore,
        products::products_list,
        products::product_get,
        products::product_save,
        products::product_set_status,
        products::product_delete,
        products::product_undelete,
        products::product_add_photos,
        products::product_remove_photo,
        dossiers::dossiers_list,
        dossiers::dossier_get,
        dossiers::dossier_save,
        dossiers::dossier_delete,
        dossiers::dossier_undelete,
        dossiers::dossier_attach,
        dossiers::dossier_detach,
        councils::councils_list,
        councils::council_get,
        councils::council_save,
        councils::council_delete,
        councils::council_undelete,
        councils::criteria_sheet,
        councils::sessions_list,
        councils::session_get,
        councils::session_save,
        councils::session_attendance_set,
        councils::session_agenda_add,
        councils::session_agenda_remove,
        councils::agenda_conflict_set,
        councils::session_scorer,
        councils::session_scorer_set,
        councils::sheet_get,
        councils::sheet_save,
        councils::sheet_preview,
        councils::session_tally,
        councils::agenda_reveal,
        councils::agenda_rescore,
        councils::agenda_lock,
        councils::agenda_unlock,
        councils::agenda_disqualify,
        councils::agenda_requalify,
        councils::locked_results_list,
        councils::sheet_pdf,
        councils::blank_sheet_pdf,
        councils::session_minutes_pdf,
        councils::decision_annex_pdf,
        backup::backup_create,
        backup::backup_restore,
        certificates::certificate_verify,
        certificates::certificate_verify_image,
        workflow::dossier_steps,
        workflow::dossier_step_add,
        workflow::dossier_step_withdraw,
        workflow::dossier_history_pdf,
        workflow::dossier_form_pdf,
        workflow::dossier_self_assessment_get,
        workflow::dossier_self_assessment_save,
        certificates::certificates_list,
        certificates::certificate_get,
        certificates::certificates_issue,
        certificates::issuers_list,
        certificates::certificate_revoke,
        certificates::certificate_extend,
        certificates::certificate_pdf_preview,
        certificates::certificates_print,
        certificates::certificates_print_status,
        certificates::certificates_print_cancel,
    ])
}

const PDF_FILTER: crate::dialogs::Filter<'static> = crate::dialogs::Filter {
    name: "PDF",
    extensions: &["pdf"],
};

/// Where a printed paper was written.
#[derive(Debug, serde::Serialize)]
pub struct SavedFile {
    /// The file written.
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// Asks where to save a PDF (native save dialog, suggesting `name`) and writes `bytes` there.
pub(crate) async fn save_pdf<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    state: &crate::state::AppState,
    title: &'static str,
    name: String,
    bytes: Vec<u8>,
) -> error::IpcResult<SavedFile> {
    let dialogs = state.dialogs.clone();
    let path = on_main_thread(app, move || dialogs.save_file(title, &name, &[PDF_FILTER]))
        .await?
        .ok_or_else(error::IpcError::cancelled)?;
    std::fs::write(&path, &bytes).map_err(|e| {
        error::IpcError::new(
            error::ErrorCode::Io,
            format!(
                "Không ghi được tệp {}: {e}. Kiểm tra quyền ghi và dung lượng đĩa.",
                path.display()
            ),
        )
    })?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: bytes.len(),
    })
}

/// Runs a file dialog on the main (GTK) thread and waits for the user's answer.
pub(crate) async fn on_main_thread<R, T, F>(app: &tauri::AppHandle<R>, f: F) -> error::IpcResult<T>
where
    R: tauri::Runtime,
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.run_on_main_thread(move || {
        let _ = tx.send(f());
    })
    .map_err(|e| error::IpcError::new(error::ErrorCode::Internal, e.to_string()))?;
    rx.await
        .map_err(|e| error::IpcError::new(error::ErrorCode::Internal, e.to_string()))
}
