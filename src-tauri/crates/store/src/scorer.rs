//! Who this laptop scores as in a session, and the confidentiality of members' sheets
//! ("a member sees only their own sheet until the chair reveals the results").
//!
//! A laptop works in one of two ways for each session:
//! - **secretary** (the default): the secretary types in members' paper sheets. The secretary
//!   holds those papers, so the sheets typed in this way are open to them. A sheet a member
//!   scored themselves (`entered_by = self`) stays sealed: neither read nor typed over.
//! - **member**: the laptop belongs to one member for this session. Only that member's sheet can
//!   be opened, saved or printed.
//!
//! A sheet is sealed until the chair reveals the round it belongs to (or the result is locked).
//! The binding lives in the device-local `settings` table (`scorer.<session id>`); it is not in
//! the change log, though a backup restored on another laptop carries it. A laptop may switch
//! freely (a member scores privately on the secretary's laptop, then hands it back), but it may
//! not be bound to a member whose unrevealed sheet was scored on another laptop, or binding
//! would open it. Sheets do not travel between laptops yet (the sync issue); the rule is there
//! for when they do. The binding is a guard against showing a sheet to the wrong person, not
//! authentication: whoever sits at a shared laptop can claim a member who scored on it. The
//! rules are enforced here, in the store, so neither the webview nor the CLI can go around
//! them. A sheet with no choice, comment or case reveals nothing and is never sealed from the
//! secretary.

use crate::{Result, Session, SessionMember, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Binding {
    pub mode: String,
    #[serde(default)]
    pub member_id: Option<String>,
}

/// SQL over `score_sheets s`: a sheet that says something (a choice, a comment or a case); an
/// empty one reveals nothing, so it is never sealed from the secretary.
macro_rules! has_content {
    () => {
        "(s.choices <> '{}' OR s.comments <> '' OR s.case_no IS NOT NULL)"
    };
}
pub(crate) use has_content;

impl Binding {
    /// The session member a member-mode laptop is bound to; a binding to someone no longer in
    /// the council counts as none (the secretary's laptop).
    pub fn bound<'a>(&self, session: &'a Session) -> Option<&'a SessionMember> {
        if self.mode != "member" {
            return None;
        }
        let id = self.member_id.as_deref()?;
        session.members.iter().find(|m| m.id == id && m.scores)
    }
}

fn key(session_id: &str) -> String {
    format!("scorer.{session_id}")
}

impl Store {
    pub(crate) async fn binding(
        &self,
        conn: &mut SqliteConnection,
        session_id: &str,
    ) -> Result<Binding> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key(session_id))
            .fetch_optional(&mut *conn)
            .await?;
        Ok(match value {
            Some(v) => serde_json::from_str(&v)?,
            None => Binding {
                mode: "secretary".into(),
                member_id: None,
            },
        })
    }

    /// A sheet of `member` with content, scored by the member on another laptop and not yet
    /// revealed: this laptop may not be bound to that member, or it would open the sheet.
    async fn sealed_elsewhere(
        &self,
        conn: &mut SqliteConnection,
        session_id: &str,
        member: &SessionMember,
    ) -> Result<Option<String>> {
        let product: Option<String> = sqlx::query_scalar(concat!(
            "SELECT p.name FROM score_sheets s \
             JOIN agenda_items a ON a.id = s.agenda_item_id \
             JOIN dossiers d ON d.id = a.dossier_id \
             JOIN products p ON p.id = d.product_id \
             WHERE a.session_id = ? AND a.deleted_at IS NULL AND s.member_id = ? \
               AND s.entered_by = 'self' AND ",
            has_content!(),
            " AND s.device_id <> ? \
               AND s.round > a.revealed_round AND a.locked = 0 \
             ORDER BY a.ordinal LIMIT 1"
        ))
        .bind(session_id)
        .bind(&member.id)
        .bind(self.device())
        .fetch_optional(&mut *conn)
        .await?;
        Ok(product.map(|p| {
            format!(
                "{} đã tự chấm sản phẩm {p} trên máy khác; phiếu được giữ kín đến khi chủ tịch \
                 công bố kết quả, nên máy này không thể chấm thay cho {}.",
                member.name, member.name
            )
        }))
    }

    /// `session_scorer`: who this laptop scores as in the session.
    pub async fn session_scorer(&self, session_id: &str) -> Result<Scorer> {
        let session = self.session_get(session_id).await?;
        let mut conn = self.pool().acquire().await?;
        let binding = self.binding(&mut conn, session_id).await?;
        let member = binding.bound(&session);
        Ok(Scorer {
            session_id: session.id.clone(),
            mode: if member.is_some() {
                "member"
            } else {
                "secretary"
            }
            .into(),
            member_id: member.map(|m| m.id.clone()),
            member_name: member.map(|m| m.name.clone()),
        })
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
        let session = self.session_get(session_id).await?;
        let binding = match mode {
            "secretary" => Binding {
                mode: "secretary".into(),
                member_id: None,
            },
            "member" => {
                let id = member_id.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                    StoreError::field("member_id", "Chọn thành viên sẽ chấm trên máy này.")
                })?;
                let m = session.members.iter().find(|m| m.id == id).ok_or_else(|| {
                    StoreError::field("member_id", "Người này không phải thành viên của hội đồng.")
                })?;
                if !m.scores {
                    return Err(StoreError::field(
                        "member_id",
                        format!("{} ({}) không chấm điểm.", m.name, m.role_vi.to_lowercase()),
                    ));
                }
                Binding {
                    mode: "member".into(),
                    member_id: Some(m.id.clone()),
                }
            }
            _ => {
                return Err(StoreError::field(
                    "mode",
                    "Chế độ chấm phải là thư ký nhập phiếu hoặc thành viên tự chấm.",
                ))
            }
        };
        let mut tx = self.write_tx().await?;
        let current = self.binding(&mut tx, session_id).await?;
        if current != binding {
            if let Some(m) = binding.bound(&session) {
                if let Some(reason) = self.sealed_elsewhere(&mut tx, session_id, m).await? {
                    return Err(StoreError::Sealed(reason));
                }
            }
            sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
                .bind(key(session_id))
                .bind(serde_json::to_string(&binding)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.session_scorer(session_id).await
    }
}
