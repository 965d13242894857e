//! The dossier workflow (steps with date and person, the printed history) and the producer's
//! self-assessment (Form 02 part III).

use super::error::{ErrorCode, IpcError, IpcResult};
use super::{on_main_thread, IdInput};
use crate::dialogs::Filter;
use crate::state::AppState;
use ocop_domain::model::Dossier;
use ocop_domain::workflow::{
    dossier_type_label_vi, status_label_vi, step_label_vi, DossierStep, StepInput,
};
use ocop_pdf::{render_dossier_history, DossierHistoryDoc, HistoryStep};
use ocop_store::{SelfAssessmentInput, SelfAssessmentView};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

const PDF_FILTER: Filter<'static> = Filter {
    name: "PDF",
    extensions: &["pdf"],
};

/// `dossier_steps`: the recorded steps, oldest first.
#[tauri::command]
pub async fn dossier_steps(
    state: State<'_, AppState>,
    input: IdInput,
) -> IpcResult<Vec<DossierStep>> {
    Ok(state.store().await?.dossier_steps(&input.id).await?)
}

/// Input of `dossier_step_add`.
#[derive(Debug, Deserialize)]
pub struct StepAddInput {
    pub id: String,
    pub step: StepInput,
}

/// `dossier_step_add`: records the next step; the dossier's status follows it.
#[tauri::command]
pub async fn dossier_step_add(
    state: State<'_, AppState>,
    input: StepAddInput,
) -> IpcResult<Dossier> {
    let store = state.store().await?;
    Ok(store.dossier_step_add(&input.id, &input.step).await?)
}

/// `dossier_step_withdraw`: withdraws the latest step (a mistake); the status it replaced returns.
#[tauri::command]
pub async fn dossier_step_withdraw(
    state: State<'_, AppState>,
    input: IdInput,
) -> IpcResult<Dossier> {
    Ok(state
        .store()
        .await?
        .dossier_step_withdraw(&input.id)
        .await?)
}

/// What `dossier_history_pdf` wrote.
#[derive(Debug, Serialize)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}

fn history_doc(d: &Dossier, steps: &[DossierStep], today: &str) -> DossierHistoryDoc {
    let note = |s: &DossierStep| {
        let mut parts: Vec<String> = s.note.iter().cloned().collect();
        if s.details.get("field_visit").and_then(|v| v.as_bool()) == Some(true) {
            let photos = s
                .details
                .get("photo_ids")
                .and_then(|v| v.as_array())
                .map_or(0, Vec::len);
            parts.push(if photos > 0 {
                format!("Khảo sát thực tế tại cơ sở ({photos} ảnh).")
            } else {
                "Khảo sát thực tế tại cơ sở.".to_string()
            });
        }
        if let Some(tests) = s.details.get("lab_tests").and_then(|v| v.as_array()) {
            let names: Vec<&str> = tests.iter().filter_map(|t| t.as_str()).collect();
            if !names.is_empty() {
                parts.push(format!("Kiểm nghiệm bổ sung: {}.", names.join("; ")));
            }
        }
        parts.join(" ")
    };
    DossierHistoryDoc {
        product: d.product_name.clone(),
        product_code: d.product_code.clone(),
        producer: d.producer_name.clone(),
        commune: d.commune_name.clone(),
        dossier_type: dossier_type_label_vi(&d.dossier_type).to_string(),
        year: d.year,
        slip_number: d.slip_number.clone().unwrap_or_default(),
        commune_received_date: d.commune_received_date.clone().unwrap_or_default(),
        review_deadline: d.review_deadline.clone().unwrap_or_default(),
        status: status_label_vi(&d.status).to_string(),
        steps: steps
            .iter()
            .map(|s| HistoryStep {
                date: s.date.clone(),
                step: step_label_vi(&s.step).to_string(),
                person: s.person.clone(),
                role: s.role.clone().unwrap_or_default(),
                note: note(s),
            })
            .collect(),
        printed: today.to_string(),
    }
}

/// `dossier_history_pdf`: prints "Quá trình xử lý hồ sơ" to a PDF chosen in the save dialog.
#[tauri::command]
pub async fn dossier_history_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: IdInput,
) -> IpcResult<SavedFile> {
    let store = state.store().await?;
    let dossier = store.dossier_get(&input.id).await?;
    let steps = store.dossier_steps(&input.id).await?;
    let today = ocop_domain::calendar::iso(ocop_seal::today_vn());
    let pdf = render_dossier_history(&history_doc(&dossier, &steps, &today))
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
    let dialogs = state.dialogs.clone();
    let name = format!(
        "qua-trinh-ho-so-{}.pdf",
        dossier.product_code.replace(['/', '\\'], "-")
    );
    let path = on_main_thread(&app, move || {
        dialogs.save_file("Lưu quá trình xử lý hồ sơ", &name, &[PDF_FILTER])
    })
    .await?
    .ok_or_else(IpcError::cancelled)?;
    std::fs::write(&path, &pdf).map_err(|e| {
        IpcError::new(
            ErrorCode::Io,
            format!(
                "Không ghi được tệp {}: {e}. Kiểm tra quyền ghi và dung lượng đĩa.",
                path.display()
            ),
        )
    })?;
    Ok(SavedFile {
        path: path.to_string_lossy().into_owned(),
        bytes: pdf.len() as u64,
    })
}

/// `dossier_self_assessment_get`: the sheet, the saved choices and their score.
#[tauri::command]
pub async fn dossier_self_assessment_get(
    state: State<'_, AppState>,
    input: IdInput,
) -> IpcResult<SelfAssessmentView> {
    Ok(state
        .store()
        .await?
        .dossier_self_assessment(&input.id)
        .await?)
}

/// Input of `dossier_self_assessment_save`.
#[derive(Debug, Deserialize)]
pub struct SelfAssessmentSaveInput {
    pub id: String,
    #[serde(flatten)]
    pub sheet: SelfAssessmentInput,
}

/// `dossier_self_assessment_save`: autosaves the choices and returns the new score.
#[tauri::command]
pub async fn dossier_self_assessment_save(
    state: State<'_, AppState>,
    input: SelfAssessmentSaveInput,
) -> IpcResult<SelfAssessmentView> {
    let store = state.store().await?;
    Ok(store
        .dossier_self_assessment_save(&input.id, &input.sheet)
        .await?)
}
