//! Who this laptop scores as in a session: its binding, kept in the device-local `settings`
//! table (`scorer.<session id>`).
//!
//! A laptop works in one of two ways for each session: **secretary** (the default: the
//! secretary types in members' paper sheets) or **member** (the laptop belongs to one member
//! for this session). What each may open, save or print is the sealing rule of
//! `ocop_council::sealing`, applied by the sheet functions of the store so neither the webview
//! nor the CLI can go around it. The binding is not in the change log, though a backup
//! restored on another laptop carries it. A laptop may switch freely (a member scores
//! privately on the secretary's laptop, then hands it back), but it may not be bound to a
//! member whose unrevealed sheet was scored on another laptop, or binding would open it
//! (`ocop_council::sealing::may_bind`). Sheets do not travel between laptops yet (the sync
//! issue); the rule is there for when they do. The binding is a guard against showing a sheet
//! to the wrong person, not authentication: whoever sits at a shared laptop can claim a member
//! who scored on it.

use crate::agenda::round_state;
use crate::session_types::SessionMember;
use crate::sessions::session_read;
use crate::{Result, Store};
use ocop_council::results::RoundState;
use ocop_council::sealing::{has_content, may_bind, Binding, EnteredBy, MemberSheetFacts, Viewer};
use serde::Serialize;
use sqlx::{Row, SqliteConnection};
use std::collections::BTreeMap;

/// This laptop's role in a session's scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorer {
    /// The session.
    pub session_id: String,
    /// `secretary` or `member`.
    pub mode: String,
    /// The member this laptop scores as (member mode).
    pub member_id: Option<String>,
    /// That member's name.
    pub member_name: Option<String>,
}

fn key(session_id: &str) -> String {
    format!("scorer.{session_id}")
}

/// This laptop's binding in a session (the secretary's when none is stored).
pub(crate) async fn binding(conn: &mut SqliteConnection, session_id: &str) -> Result<Binding> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(key(session_id))
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match value {
        Some(v) => serde_json::from_str(&v)?,
        None => Binding::default(),
    })
}

/// The sheets `member` saved in a session, as the binding rule reads them, in agenda order.
struct MemberSheetRow {
    product: String,
    round: u32,
    state: RoundState,
    entered_by: String,
    has_content: bool,
    device_id: String,
}

async fn member_sheets(
    conn: &mut SqliteConnection,
    session_id: &str,
    member_id: &str,
) -> Result<Vec<MemberSheetRow>> {
    sqlx::query(
        "SELECT p.name, s.round, a.round AS item_round, a.revealed_round, a.locked, \
         s.entered_by, s.choices, s.comments, s.case_no, s.device_id FROM score_sheets s \
         JOIN agenda_items a ON a.id = s.agenda_item_id \
         JOIN dossiers d ON d.id = a.dossier_id JOIN products p ON p.id = d.product_id \
         WHERE a.session_id = ? AND a.deleted_at IS NULL AND s.member_id = ? \
         ORDER BY a.ordinal, s.round",
    )
    .bind(session_id)
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let choices: BTreeMap<String, u32> = serde_json::from_str(r.get::<&str, _>("choices"))?;
        let case = r.get::<Option<i64>, _>("case_no").map(|c| c as u32);
        Ok(MemberSheetRow {
            product: r.get("name"),
            round: r.get::<i64, _>("round") as u32,
            state: round_state(r, "item_round"),
            entered_by: r.get("entered_by"),
            has_content: has_content(&choices, r.get::<&str, _>("comments"), case),
            device_id: r.get("device_id"),
        })
    })
    .collect()
}

fn scorer_of(session_id: &str, viewer: Viewer<'_>) -> Scorer {
    let member: Option<&SessionMember> = match viewer {
        Viewer::Member(m) => Some(m),
        Viewer::Secretary => None,
    };
    Scorer {
        session_id: session_id.to_string(),
        mode: if member.is_some() {
            "member"
        } else {
            "secretary"
        }
        .into(),
        member_id: member.map(|m| m.id.clone()),
        member_name: member.map(|m| m.name.clone()),
    }
}

impl Store {
    /// `session_scorer`: who this laptop scores as in the session.
    pub async fn session_scorer(&self, session_id: &str) -> Result<Scorer> {
        let mut conn = self.pool().acquire().await?;
        let session = session_read(&mut conn, session_id).await?;
        let bound = binding(&mut conn, session_id).await?;
        Ok(scorer_of(&session.id, bound.viewer(&session.members)))
    }

    /// `session_scorer_set`: binds this laptop to a scoring member of the session (`member`), or
    /// makes it the secretary's (`secretary`). Binding to a member is refused while that member
    /// has an unrevealed sheet scored on another laptop.
    pub async fn session_scorer_set(
        &self,
        session_id: &str,
        mode: &str,
        member_id: Option<&str>,
    ) -> Result<Scorer> {
        let mut tx = self.write_tx().await?;
        let session = session_read(&mut tx, session_id).await?;
        let wanted = Binding::choose(mode, member_id, &session.members)?;
        let current = binding(&mut tx, session_id).await?;
        if current != wanted {
            if let Viewer::Member(m) = wanted.viewer(&session.members) {
                let rows = member_sheets(&mut tx, session_id, &m.id).await?;
                let device = self.device();
                may_bind(
                    m,
                    rows.iter().map(|r| MemberSheetFacts {
                        product: &r.product,
                        round: r.round,
                        state: r.state,
                        entered_by: EnteredBy::parse(&r.entered_by).unwrap_or(EnteredBy::Member),
                        has_content: r.has_content,
                        this_device: r.device_id == device,
                    }),
                )?;
            }
            sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
                .bind(key(session_id))
                .bind(serde_json::to_string(&wanted)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(scorer_of(&session.id, wanted.viewer(&session.members)))
    }
}
