//! The `score_sheets` table: members' sheets, one per member, product and round, autosaved
//! after every choice. Who may read or save which sheet is `ocop_council::sealing`'s rule,
//! what may be typed in `ocop_council::entry`'s, and why a sheet is closed
//! `ocop_council::conflicts`'.

use crate::agenda::{item_row, ItemRow};
use crate::scorer::binding;
use crate::session_types::{Session, SessionMember, SheetInput, SheetView};
use crate::sessions::session_read;
use crate::{Result, Store};
use ocop_council::conflicts::sheet_closed;
use ocop_council::results::SavedSheet;
use ocop_council::sealing::{
    entry_for, has_content, sheet_access, EnteredBy, SheetAction, SheetRequest, ShownSheet,
};
use ocop_council::{Closed, CouncilError};
use ocop_domain::text::nfc;
use ocop_rating::{Entry, Scoring};
use sqlx::{Row, SqliteConnection};
use std::collections::BTreeMap;

const SHEET_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'member_id', member_id, 'round', round, 'choices', json(choices), 'case_no', case_no, \
    'comments', comments, 'entered_by', entered_by, 'created_at', created_at, \
    'updated_at', updated_at, 'device_id', device_id) FROM score_sheets WHERE id = ?";

/// Every saved sheet of an agenda item, all rounds.
pub(crate) async fn item_sheets(
    conn: &mut SqliteConnection,
    item_id: &str,
) -> Result<Vec<SavedSheet>> {
    sqlx::query(
        "SELECT member_id, round, choices, case_no FROM score_sheets WHERE agenda_item_id = ?",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(SavedSheet {
            member_id: r.get("member_id"),
            round: r.get::<i64, _>("round") as u32,
            choices: serde_json::from_str(r.get::<&str, _>("choices"))?,
            case: r.get::<Option<i64>, _>("case_no").map(|c| c as u32),
        })
    })
    .collect()
}

/// A stored sheet row.
struct StoredSheet {
    id: String,
    round: u32,
    choices: BTreeMap<String, u32>,
    case: Option<u32>,
    comments: String,
    entered_by: String,
    updated_at: Option<String>,
}

impl StoredSheet {
    /// The sheet as the sealing rule sees it: `None` when it says nothing.
    fn shown(&self) -> Option<ShownSheet> {
        has_content(&self.choices, &self.comments, self.case).then(|| ShownSheet {
            round: self.round,
            entered_by: EnteredBy::parse(&self.entered_by).unwrap_or(EnteredBy::Member),
        })
    }
}

/// `member`'s latest sheet on `item` up to `round` (`exact`: that round only).
async fn stored_sheet(
    conn: &mut SqliteConnection,
    item: &str,
    member: &str,
    round: u32,
    exact: bool,
) -> Result<Option<StoredSheet>> {
    let sql = if exact {
        "SELECT id, round, choices, case_no, comments, entered_by, updated_at FROM score_sheets \
         WHERE agenda_item_id = ? AND member_id = ? AND round = ?"
    } else {
        "SELECT id, round, choices, case_no, comments, entered_by, updated_at FROM score_sheets \
         WHERE agenda_item_id = ? AND member_id = ? AND round <= ? ORDER BY round DESC LIMIT 1"
    };
    sqlx::query(sql)
        .bind(item)
        .bind(member)
        .bind(round)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| {
            Ok(StoredSheet {
                id: r.get("id"),
                round: r.get::<i64, _>("round") as u32,
                choices: serde_json::from_str(r.get::<&str, _>("choices"))?,
                case: r.get::<Option<i64>, _>("case_no").map(|c| c as u32),
                comments: r.get("comments"),
                entered_by: r.get("entered_by"),
                updated_at: r.get("updated_at"),
            })
        })
        .transpose()
}

/// The scoring of an agenda item's basis and set.
pub(crate) fn item_scoring(basis: &str, set: u8) -> Result<Scoring<'static>> {
    Ok(CouncilError::catalog()?
        .scoring(basis, set)
        .map_err(CouncilError::from)?)
}

/// The item's session, the member whose sheet is asked for, and why the sheet is closed.
struct SheetContext {
    item: ItemRow,
    session: Session,
    member: SessionMember,
    closed: Option<Closed>,
}

async fn sheet_context(
    conn: &mut SqliteConnection,
    item_id: &str,
    member_id: &str,
) -> Result<SheetContext> {
    let item = item_row(conn, item_id).await?;
    let session = session_read(conn, &item.session_id).await?;
    let member = ocop_council::members::member(&session.members, member_id)?.clone();
    let conflicts = session
        .agenda
        .iter()
        .find(|a| a.id == item.id)
        .map(|a| a.conflicts.as_slice())
        .unwrap_or_default();
    let closed = sheet_closed(session.mode(), &item.state, &member, conflicts);
    Ok(SheetContext {
        item,
        session,
        member,
        closed,
    })
}

impl Store {
    /// A member's sheet for the current round of an agenda item. When the member has not saved
    /// one in this round, the choices of their previous round are offered as a starting point.
    pub async fn sheet_get(&self, item_id: &str, member_id: &str) -> Result<SheetView> {
        let mut conn = self.pool().acquire().await?;
        let cx = sheet_context(&mut conn, item_id, member_id).await?;
        let (item, member) = (&cx.item, &cx.member);
        let scoring = item_scoring(&item.basis, item.product_set)?;
        let row = stored_sheet(&mut conn, item_id, member_id, item.state.round, false).await?;
        let bound = binding(&mut conn, &item.session_id).await?;
        sheet_access(&SheetRequest {
            action: SheetAction::Read,
            viewer: bound.viewer(&cx.session.members),
            owner: member,
            sheet: row.as_ref().and_then(StoredSheet::shown),
            state: item.state,
        })
        .into_result()?;
        let saved = row.as_ref().is_some_and(|r| r.round == item.state.round);
        let (choices, case, comments, entered_by, updated_at) = match row {
            Some(r) => (r.choices, r.case, r.comments, r.entered_by, r.updated_at),
            None => (
                BTreeMap::new(),
                None,
                String::new(),
                EnteredBy::Secretary.code().to_string(),
                None,
            ),
        };
        let progress = scoring.progress(&choices);
        let read_only_reason = cx.closed.map(|c| CouncilError::Closed(c).message_vi());
        Ok(SheetView {
            session_id: item.session_id.clone(),
            agenda_item_id: item.id.clone(),
            member_id: member.id.clone(),
            member_name: member.name.clone(),
            round: item.state.round,
            complete: progress.complete,
            missing: progress.missing,
            not_applicable: progress.not_applicable,
            total: progress.total,
            max: progress.max,
            parts: progress.parts,
            entry: scoring.entry().as_str().to_string(),
            parts_max: (scoring.entry() == Entry::Totals).then(|| scoring.parts_max()),
            choices,
            case,
            comments,
            entered_by,
            saved,
            read_only: read_only_reason.is_some(),
            read_only_reason,
            basis: item.basis.clone(),
            product_set: item.product_set,
            updated_at: if saved { updated_at } else { None },
        })
    }

    /// Saves a member's sheet for the current round (autosave: called after every choice).
    /// Partial sheets are kept; only complete ones count in the result.
    pub async fn sheet_save(&self, input: &SheetInput) -> Result<SheetView> {
        if !input.entered_by.is_empty() && EnteredBy::parse(&input.entered_by).is_none() {
            return Err(CouncilError::UnknownEntry {
                given: input.entered_by.clone(),
            }
            .into());
        }
        let comments = input.comments.as_deref().map(nfc).unwrap_or_default();
        let comments = comments.trim().to_string();
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let cx = sheet_context(&mut tx, &input.agenda_item_id, &input.member_id).await?;
        let (item, member) = (&cx.item, &cx.member);
        if let Some(closed) = cx.closed {
            return Err(CouncilError::Closed(closed).into());
        }
        let existing = stored_sheet(&mut tx, &item.id, &member.id, item.state.round, true).await?;
        let bound = binding(&mut tx, &item.session_id).await?;
        let viewer = bound.viewer(&cx.session.members);
        sheet_access(&SheetRequest {
            action: SheetAction::Save,
            viewer,
            owner: member,
            sheet: existing.as_ref().and_then(StoredSheet::shown),
            state: item.state,
        })
        .into_result()?;
        let entered_by = entry_for(&viewer, &input.entered_by)?;
        let scoring = item_scoring(&item.basis, item.product_set)?;
        ocop_council::entry::check(scoring, &input.choices, input.case)?;
        let (id, op) = match existing {
            Some(s) => (s.id, "update"),
            None => (self.new_id(), "insert"),
        };
        sqlx::query(
            "INSERT INTO score_sheets (id, agenda_item_id, member_id, round, choices, case_no, \
             comments, entered_by, created_at, updated_at, device_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET \
             choices = excluded.choices, case_no = excluded.case_no, \
             comments = excluded.comments, entered_by = excluded.entered_by, \
             updated_at = excluded.updated_at, device_id = excluded.device_id",
        )
        .bind(&id)
        .bind(&item.id)
        .bind(&member.id)
        .bind(item.state.round)
        .bind(serde_json::to_string(&input.choices)?)
        .bind(input.case)
        .bind(&comments)
        .bind(entered_by.code())
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "score_sheets", SHEET_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.sheet_get(&item.id, &member.id).await
    }
}

/// The live preview of a sheet being typed: the choices as the rules keep them, the running
/// total and what is missing or does not apply (nothing is saved).
pub fn sheet_preview(
    basis: &str,
    set: u8,
    input: &ocop_council::entry::PreviewInput,
) -> Result<ocop_council::entry::Preview> {
    Ok(ocop_council::entry::preview(
        item_scoring(basis, set)?,
        input,
    ))
}
