//! Councils, sessions, member score sheets and the tally (the scoring meeting).

use super::error::{ErrorCode, IpcError, IpcResult};
use super::{save_pdf, IdInput, SavedFile};
use crate::state::AppState;
use ocop_council::entry::{Preview, PreviewInput};
use ocop_papers::PapersError;
use ocop_rating::{Catalog, Disqualification, Sheet};
use ocop_store::{
    Council, LockedResult, Scorer, Session, SessionInput, SessionSummary, SheetInput, SheetView,
    TallyItem,
};
use serde::Deserialize;
use tauri::{AppHandle, State};

/// Input of `councils_list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CouncilsQuery {
    /// Words to find in the name or decision number (diacritics ignored).
    pub query: Option<String>,
    /// Deleted councils instead of live ones.
    pub deleted: bool,
}

/// `councils_list`.
#[tauri::command]
pub async fn councils_list(
    state: State<'_, AppState>,
    input: Option<CouncilsQuery>,
) -> IpcResult<Vec<Council>> {
    let q = input.unwrap_or_default();
    Ok(state
        .store()
        .await?
        .councils_list(q.query.as_deref(), q.deleted)
        .await?)
}

/// `council_get`.
#[tauri::command]
pub async fn council_get(state: State<'_, AppState>, input: IdInput) -> IpcResult<Council> {
    Ok(state.store().await?.council_get(&input.id).await?)
}

/// Input of `council_save`.
#[derive(Debug, Deserialize)]
pub struct CouncilSaveInput {
    pub council: Council,
}

/// `council_save`: the council with its members and rules.
#[tauri::command]
pub async fn council_save(
    state: State<'_, AppState>,
    input: CouncilSaveInput,
) -> IpcResult<Council> {
    Ok(state.store().await?.council_save(&input.council).await?)
}

/// `council_delete`: a tombstone, undone by `council_undelete`.
#[tauri::command]
pub async fn council_delete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Council> {
    Ok(state
        .store()
        .await?
        .council_set_deleted(&input.id, true)
        .await?)
}

/// `council_undelete`.
#[tauri::command]
pub async fn council_undelete(state: State<'_, AppState>, input: IdInput) -> IpcResult<Council> {
    Ok(state
        .store()
        .await?
        .council_set_deleted(&input.id, false)
        .await?)
}

/// Input of `criteria_sheet`.
#[derive(Debug, Deserialize)]
pub struct SheetQuery {
    pub basis: String,
    pub set: u8,
}

/// `criteria_sheet`: one scoring sheet (parts, sections, criteria, options, guidance).
#[tauri::command]
pub async fn criteria_sheet(input: SheetQuery) -> IpcResult<Sheet> {
    let catalog =
        Catalog::builtin().map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
    catalog
        .sheet(&input.basis, input.set)
        .cloned()
        .ok_or_else(|| {
            IpcError::new(
                ErrorCode::NotFound,
                format!("Không có phiếu chấm bộ {} theo {}.", input.set, input.basis),
            )
        })
}

/// Input of `sessions_list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionsQuery {
    pub council_id: Option<String>,
}

/// `sessions_list`.
#[tauri::command]
pub async fn sessions_list(
    state: State<'_, AppState>,
    input: Option<SessionsQuery>,
) -> IpcResult<Vec<SessionSummary>> {
    let q = input.unwrap_or_default();
    Ok(state
        .store()
        .await?
        .sessions_list(q.council_id.as_deref())
        .await?)
}

/// `session_get`.
#[tauri::command]
pub async fn session_get(state: State<'_, AppState>, input: IdInput) -> IpcResult<Session> {
    Ok(state.store().await?.session_get(&input.id).await?)
}

/// Input of `session_save`.
#[derive(Debug, Deserialize)]
pub struct SessionSaveInput {
    pub session: SessionInput,
}

/// `session_save`.
#[tauri::command]
pub async fn session_save(
    state: State<'_, AppState>,
    input: SessionSaveInput,
) -> IpcResult<Session> {
    Ok(state.store().await?.session_save(&input.session).await?)
}

/// Input of `session_attendance_set`.
#[derive(Debug, Deserialize)]
pub struct AttendanceInput {
    pub session_id: String,
    pub member_id: String,
    pub present: bool,
}

/// `session_attendance_set`: returns the session with its live quorum.
#[tauri::command]
pub async fn session_attendance_set(
    state: State<'_, AppState>,
    input: AttendanceInput,
) -> IpcResult<Session> {
    Ok(state
        .store()
        .await?
        .session_attendance_set(&input.session_id, &input.member_id, input.present)
        .await?)
}

/// Input of `session_agenda_add`.
#[derive(Debug, Deserialize)]
pub struct AgendaAddInput {
    pub session_id: String,
    pub dossier_id: String,
}

/// `session_agenda_add`.
#[tauri::command]
pub async fn session_agenda_add(
    state: State<'_, AppState>,
    input: AgendaAddInput,
) -> IpcResult<Session> {
    Ok(state
        .store()
        .await?
        .session_agenda_add(&input.session_id, &input.dossier_id)
        .await?)
}

/// Input of the commands acting on one agenda item.
#[derive(Debug, Deserialize)]
pub struct ItemInput {
    pub item_id: String,
}

/// `session_agenda_remove`.
#[tauri::command]
pub async fn session_agenda_remove(
    state: State<'_, AppState>,
    input: ItemInput,
) -> IpcResult<Session> {
    Ok(state
        .store()
        .await?
        .session_agenda_remove(&input.item_id)
        .await?)
}

/// Input of `agenda_conflict_set`.
#[derive(Debug, Deserialize)]
pub struct ConflictInput {
    pub item_id: String,
    pub member_id: String,
    /// The reason; `null` withdraws the declaration.
    pub reason: Option<String>,
}

/// `agenda_conflict_set`.
#[tauri::command]
pub async fn agenda_conflict_set(
    state: State<'_, AppState>,
    input: ConflictInput,
) -> IpcResult<Session> {
    Ok(state
        .store()
        .await?
        .agenda_conflict_set(&input.item_id, &input.member_id, input.reason.as_deref())
        .await?)
}

/// Input of `sheet_get`.
#[derive(Debug, Deserialize)]
pub struct SheetGetInput {
    pub item_id: String,
    pub member_id: String,
}

/// `sheet_get`: the member's own sheet only.
#[tauri::command]
pub async fn sheet_get(state: State<'_, AppState>, input: SheetGetInput) -> IpcResult<SheetView> {
    Ok(state
        .store()
        .await?
        .sheet_get(&input.item_id, &input.member_id)
        .await?)
}

/// Input of `session_scorer`.
#[derive(Debug, Deserialize)]
pub struct ScorerInput {
    pub session_id: String,
}

/// `session_scorer`: who this laptop scores as in the session (secretary or one member).
#[tauri::command]
pub async fn session_scorer(state: State<'_, AppState>, input: ScorerInput) -> IpcResult<Scorer> {
    Ok(state
        .store()
        .await?
        .session_scorer(&input.session_id)
        .await?)
}

/// Input of `session_scorer_set`.
#[derive(Debug, Deserialize)]
pub struct ScorerSetInput {
    pub session_id: String,
    pub mode: String,
    #[serde(default)]
    pub member_id: Option<String>,
}

/// `session_scorer_set`: binds this laptop to a member of the session, or to the secretary.
#[tauri::command]
pub async fn session_scorer_set(
    state: State<'_, AppState>,
    input: ScorerSetInput,
) -> IpcResult<Scorer> {
    Ok(state
        .store()
        .await?
        .session_scorer_set(&input.session_id, &input.mode, input.member_id.as_deref())
        .await?)
}

/// Input of `sheet_save`.
#[derive(Debug, Deserialize)]
pub struct SheetSaveInput {
    pub sheet: SheetInput,
}

/// `sheet_save`: autosave after every choice.
#[tauri::command]
pub async fn sheet_save(state: State<'_, AppState>, input: SheetSaveInput) -> IpcResult<SheetView> {
    Ok(state.store().await?.sheet_save(&input.sheet).await?)
}

/// Input of `sheet_preview`: the sheet's basis and set, and what is typed so far.
#[derive(Debug, Deserialize)]
pub struct SheetPreviewInput {
    pub basis: String,
    pub set: u8,
    #[serde(flatten)]
    pub entry: PreviewInput,
}

/// `sheet_preview`: while a member types, the choices as the rules keep them, the running total
/// and what is missing or does not apply. Pure: nothing is read or saved.
#[tauri::command]
pub async fn sheet_preview(input: SheetPreviewInput) -> IpcResult<Preview> {
    Ok(ocop_store::sheet_preview(
        &input.basis,
        input.set,
        &input.entry,
    )?)
}

/// Input of `session_tally`.
#[derive(Debug, Deserialize)]
pub struct TallyInput {
    pub session_id: String,
}

/// `session_tally`: results stay sealed until revealed.
#[tauri::command]
pub async fn session_tally(
    state: State<'_, AppState>,
    input: TallyInput,
) -> IpcResult<Vec<TallyItem>> {
    Ok(state
        .store()
        .await?
        .session_tally(&input.session_id)
        .await?)
}

/// Input of the chair's or secretary's actions on a result.
#[derive(Debug, Deserialize)]
pub struct ActionInput {
    pub item_id: String,
    /// The member (chair or secretary) acting.
    pub by: String,
    /// Why (required for a re-score, an unlock and a requalification).
    #[serde(default)]
    pub reason: String,
}

/// `agenda_reveal`.
#[tauri::command]
pub async fn agenda_reveal(state: State<'_, AppState>, input: ActionInput) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_reveal(&input.item_id, &input.by)
        .await?)
}

/// `agenda_rescore`.
#[tauri::command]
pub async fn agenda_rescore(
    state: State<'_, AppState>,
    input: ActionInput,
) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_rescore(&input.item_id, &input.by, &input.reason)
        .await?)
}

/// `agenda_lock`.
#[tauri::command]
pub async fn agenda_lock(state: State<'_, AppState>, input: ActionInput) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_lock(&input.item_id, &input.by)
        .await?)
}

/// `agenda_unlock`.
#[tauri::command]
pub async fn agenda_unlock(state: State<'_, AppState>, input: ActionInput) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_unlock(&input.item_id, &input.by, &input.reason)
        .await?)
}

/// Input of `agenda_disqualify`.
#[derive(Debug, Deserialize)]
pub struct DisqualifyInput {
    pub item_id: String,
    pub by: String,
    pub disqualification: Disqualification,
}

/// `agenda_disqualify`.
#[tauri::command]
pub async fn agenda_disqualify(
    state: State<'_, AppState>,
    input: DisqualifyInput,
) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_disqualify(&input.item_id, &input.by, &input.disqualification)
        .await?)
}

/// `agenda_requalify`: withdraws the recorded disqualifications (reason required).
#[tauri::command]
pub async fn agenda_requalify(
    state: State<'_, AppState>,
    input: ActionInput,
) -> IpcResult<TallyItem> {
    Ok(state
        .store()
        .await?
        .agenda_requalify(&input.item_id, &input.by, &input.reason)
        .await?)
}

/// `locked_results_list`: locked results, for recognition decisions and certificates.
#[tauri::command]
pub async fn locked_results_list(state: State<'_, AppState>) -> IpcResult<Vec<LockedResult>> {
    Ok(state.store().await?.locked_results().await?)
}

fn papers_error(err: PapersError) -> IpcError {
    match err {
        PapersError::Store(e) => e.into(),
        PapersError::Pdf(e) => IpcError::new(ErrorCode::Internal, e.to_string()),
        PapersError::Missing(m) => IpcError::new(ErrorCode::Conflict, m),
    }
}

/// Input of `sheet_pdf`.
#[derive(Debug, Deserialize)]
pub struct SheetPdfInput {
    pub item_id: String,
    pub member_id: String,
}

/// `sheet_pdf`: a member's filled-in sheet, to print and sign.
#[tauri::command]
pub async fn sheet_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: SheetPdfInput,
) -> IpcResult<SavedFile> {
    let store = state.store().await?;
    let bytes = ocop_papers::member_sheet_pdf(&store, &input.item_id, &input.member_id)
        .await
        .map_err(papers_error)?;
    let view = store.sheet_get(&input.item_id, &input.member_id).await?;
    let name = format!("phieu-cham-{}.pdf", slug(&view.member_name));
    save_pdf(&app, &state, "Lưu phiếu chấm", name, bytes).await
}

/// `blank_sheet_pdf`: an empty sheet of a product set, for paper scoring.
#[tauri::command]
pub async fn blank_sheet_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: SheetQuery,
) -> IpcResult<SavedFile> {
    let bytes = ocop_papers::blank_sheet_pdf(&input.basis, input.set).map_err(papers_error)?;
    let name = format!("phieu-cham-trang-bo-{:02}.pdf", input.set);
    save_pdf(&app, &state, "Lưu phiếu chấm trắng", name, bytes).await
}

/// `session_minutes_pdf`: the minutes of a session (revealed and locked products).
#[tauri::command]
pub async fn session_minutes_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: TallyInput,
) -> IpcResult<SavedFile> {
    let store = state.store().await?;
    let bytes = ocop_papers::minutes_pdf(&store, &input.session_id)
        .await
        .map_err(papers_error)?;
    let session = store.session_get(&input.session_id).await?;
    let name = format!("bien-ban-{}.pdf", session.date);
    save_pdf(&app, &state, "Lưu biên bản họp hội đồng", name, bytes).await
}

/// A file-name-safe form of a name ("Hoàng Thị Lan" → "hoang-thi-lan").
fn slug(name: &str) -> String {
    ocop_domain::text::fold(name).replace(' ', "-")
}

/// Input of `decision_annex_pdf`.
#[derive(Debug, Deserialize)]
pub struct AnnexInput {
    pub decision_number: String,
    /// ISO date.
    pub decision_date: String,
    /// The locked results (agenda item ids) the decision recognises.
    pub item_ids: Vec<String>,
}

/// `decision_annex_pdf`: the annex of a recognition decision from locked results.
#[tauri::command]
pub async fn decision_annex_pdf<R: tauri::Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: AnnexInput,
) -> IpcResult<SavedFile> {
    let store = state.store().await?;
    let bytes = ocop_papers::decision_annex_pdf(
        &store,
        &input.decision_number,
        &input.decision_date,
        &input.item_ids,
    )
    .await
    .map_err(papers_error)?;
    let name = format!("phu-luc-{}.pdf", slug(&input.decision_number));
    save_pdf(&app, &state, "Lưu phụ lục quyết định", name, bytes).await
}
