//! The dossier workflow (steps with date and person, the printed history) and the producer's
//! self-assessment (Form 02 part III).

use super::error::{ErrorCode, IpcError, IpcResult};
use super::{save_pdf, IdInput, SavedFile};
use crate::state::AppState;
use ocop_domain::model::Dossier;
use ocop_domain::workflow::{
    dossier_type_label_vi, status_label_vi, step_label_vi, DossierStep, StepInput,
};
use ocop_pdf::{render_dossier_history, DossierHistoryDoc, HistoryStep};
use ocop_store::{SelfAssessmentInput, SelfAssessmentView};
use serde::Deserialize;
use tauri::{AppHandle, State};

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
    let today = ocop_domain::calendar::iso(store.today());
    let pdf = render_dossier_history(&history_doc(&dossier, &steps, &today))
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
    let name = format!(
        "qua-trinh-ho-so-{}.pdf",
        dossier.product_code.replace(['/', '\\'], "-")
    );
    save_pdf(&app, &state, "Lưu quá trình xử lý hồ sơ", name, pdf).await
}

/// Input of `dossier_form_pdf`.
#[derive(Debug, Deserialize)]
pub struct FormPdfInput {
    pub id: String,
    /// 1, 2 or 3 (Mẫu số 01, 02, 03 of Annex III).
    pub form: u8,
}

/// `dossier_form_pdf`: Form 01, 02 or 03 filled from the dossier, saved where the user picks.
#[tauri::command]
pub async fn dossier_form_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: FormPdfInput,
) -> IpcResult<SavedFile> {
    let form = match input.form {
        1 => ocop_papers::DossierForm::Form01,
        2 => ocop_papers::DossierForm::Form02,
        3 => ocop_papers::DossierForm::Form03,
        _ => {
            return Err(IpcError::validation(vec![super::error::FieldMessage {
                field: "form".into(),
                message: "Chỉ có Mẫu số 01, 02 và 03.".into(),
            }]))
        }
    };
    let store = state.store().await?;
    let dossier = store.dossier_get(&input.id).await?;
    let pdf = ocop_papers::dossier_form_pdf(&store, &input.id, form)
        .await
        .map_err(|e| match e {
            ocop_papers::PapersError::Store(e) => e.into(),
            e => IpcError::new(ErrorCode::Internal, e.to_string()),
        })?;
    let name = format!(
        "mau-{:02}-{}.pdf",
        input.form,
        dossier.product_code.replace(['/', '\\'], "-")
    );
    save_pdf(&app, &state, "Lưu mẫu hồ sơ", name, pdf).await
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
