//! The `agenda_conflicts` table: conflicts of interest declared by members on products of an
//! agenda (withdrawn ones are tombstones). What a conflict means for scoring is decided by
//! `ocop_council::conflicts`.

use crate::agenda::item_row;
use crate::session_types::{ConflictDecl, Session, SessionMember};
use crate::{Result, Store, StoreError};
use ocop_council::results::{check, Action};
use ocop_council::CouncilError;
use ocop_domain::text::clean;
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

const CONFLICT_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'member_id', member_id, 'reason', reason, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM agenda_conflicts WHERE id = ?";

/// The conflicts declared on the items of a session, by agenda item.
pub(crate) async fn item_conflicts(
    conn: &mut SqliteConnection,
    session_id: &str,
    members: &[SessionMember],
) -> Result<HashMap<String, Vec<ConflictDecl>>> {
    let rows = sqlx::query(
        "SELECT c.agenda_item_id, c.member_id, c.reason FROM agenda_conflicts c \
         JOIN agenda_items a ON a.id = c.agenda_item_id \
         WHERE a.session_id = ? AND c.deleted_at IS NULL ORDER BY c.rowid",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: HashMap<String, Vec<ConflictDecl>> = HashMap::new();
    for r in &rows {
        let member_id: String = r.get("member_id");
        out.entry(r.get("agenda_item_id"))
            .or_default()
            .push(ConflictDecl {
                member_name: members
                    .iter()
                    .find(|m| m.id == member_id)
                    .map(|m| m.name.clone())
                    .unwrap_or_default(),
                member_id,
                reason: r.get("reason"),
            });
    }
    Ok(out)
}

impl Store {
    /// Declares (with a reason) or withdraws (`None`) a member's conflict of interest on a
    /// product. The member's sheet on it is then left out of the result.
    pub async fn agenda_conflict_set(
        &self,
        item_id: &str,
        member_id: &str,
        reason: Option<&str>,
    ) -> Result<Session> {
        let reason = reason.map(clean).filter(|r| !r.is_empty());
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let item = item_row(&mut tx, item_id).await?;
        check(item_id, &item.state, Action::DeclareConflict, 0)?;
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT id FROM agenda_conflicts WHERE agenda_item_id = ? AND member_id = ?",
        )
        .bind(item_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match (existing, &reason) {
            (Some(id), _) => {
                sqlx::query(
                    "UPDATE agenda_conflicts SET reason = coalesce(?, reason), \
                     deleted_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END, updated_at = ?, \
                     device_id = ? WHERE id = ?",
                )
                .bind(&reason)
                .bind(&reason)
                .bind(&now)
                .bind(&now)
                .bind(self.device())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                id
            }
            (None, Some(r)) => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO agenda_conflicts (id, agenda_item_id, member_id, reason, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(item_id)
                .bind(member_id)
                .bind(r)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *tx)
                .await
                .map_err(|e| match e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                        CouncilError::NotAMember {
                            member_id: member_id.to_string(),
                        }
                        .into()
                    }
                    e => StoreError::from(e),
                })?;
                id
            }
            (None, None) => {
                return Err(StoreError::field(
                    "reason",
                    "Vui lòng nêu lý do xung đột lợi ích.",
                ))
            }
        };
        let op = if reason.is_some() { "update" } else { "delete" };
        self.log_json(&mut tx, "agenda_conflicts", CONFLICT_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.session_get(&item.session_id).await
    }
}
