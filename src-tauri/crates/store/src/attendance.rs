//! The `session_attendance` table: who is marked present at a session. The quorum it makes is
//! counted by `ocop_council::quorum`.

use crate::councils::{council_read, Council};
use crate::session_types::{Session, SessionMember};
use crate::sessions::session_head;
use crate::{Result, Store};
use ocop_council::members::role_vi;
use ocop_council::{CouncilError, Mode};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

const ATTENDANCE_JSON: &str = "SELECT json_object('id', id, 'session_id', session_id, \
    'member_id', member_id, 'present', present, 'updated_at', updated_at, 'device_id', device_id) \
    FROM session_attendance WHERE id = ?";

/// The council's members as seen in a session held in `mode`, with their attendance.
pub(crate) async fn session_members(
    conn: &mut SqliteConnection,
    council: &Council,
    session_id: &str,
    mode: Mode,
) -> Result<Vec<SessionMember>> {
    let present: HashMap<String, bool> =
        sqlx::query("SELECT member_id, present FROM session_attendance WHERE session_id = ?")
            .bind(session_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| (r.get("member_id"), r.get("present")))
            .collect();
    Ok(council
        .members
        .iter()
        .filter_map(|m| {
            let id = m.id.clone()?;
            let here = present.get(&id).copied().unwrap_or(false);
            Some(SessionMember {
                present: here,
                seated: here || mode == Mode::Written,
                id,
                name: m.name.clone(),
                agency: m.agency.clone(),
                role: m.role.clone(),
                role_vi: role_vi(&m.role).to_string(),
                scores: m.scores.unwrap_or(false),
            })
        })
        .collect())
}

impl Store {
    /// Marks a member present or absent; returns the session with its new quorum.
    pub async fn session_attendance_set(
        &self,
        session_id: &str,
        member_id: &str,
        present: bool,
    ) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let head = session_head(&mut tx, session_id).await?;
        let council = council_read(&mut tx, &head.council_id).await?;
        if !council
            .members
            .iter()
            .any(|m| m.id.as_deref() == Some(member_id))
        {
            return Err(CouncilError::NotAMember {
                member_id: member_id.to_string(),
            }
            .into());
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT id FROM session_attendance WHERE session_id = ? AND member_id = ?",
        )
        .bind(session_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, op) = match existing {
            Some(id) => (id, "update"),
            None => (self.new_id(), "insert"),
        };
        sqlx::query(
            "INSERT INTO session_attendance (id, session_id, member_id, present, updated_at, \
             device_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET \
             present = excluded.present, updated_at = excluded.updated_at, \
             device_id = excluded.device_id",
        )
        .bind(&id)
        .bind(session_id)
        .bind(member_id)
        .bind(present)
        .bind(&now)
        .bind(self.device())
        .execute(&mut *tx)
        .await?;
        self.log_json(
            &mut tx,
            "session_attendance",
            ATTENDANCE_JSON,
            &id,
            op,
            &now,
        )
        .await?;
        tx.commit().await?;
        self.session_get(session_id).await
    }
}
