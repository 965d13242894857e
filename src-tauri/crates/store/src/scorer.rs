//! Who this laptop scores as in a session, and the confidentiality of members' sheets.
//!
//! A laptop works in one of two ways for each session:
//! - **secretary** (the default): the secretary types in members' paper sheets. The secretary
//!   holds those papers, so the sheets typed in this way are open to them; a sheet a member
//!   scored themselves (`entered_by = self`, e.g. merged from the member's laptop) stays sealed.
//! - **member**: the laptop belongs to one member for this session. Only that member's sheet can
//!   be opened, saved or printed.
//!
//! A sheet is sealed until the chair reveals the round it belongs to (or the result is locked).
//! The binding lives in the device-local `settings` table (`scorer.<session id>`), so it never
//! leaves this laptop. While the bound member has an unrevealed sheet in the session, the
//! binding cannot change: the next person at this laptop could otherwise switch to secretary
//! mode and type over it, or the member could bind to a colleague. The rule is enforced here,
//! in the store, so neither the webview nor the CLI can go around it. A sheet with no choice
//! yet (e.g. only its case picked) reveals nothing, so it neither holds the binding nor is sealed.

use crate::{Result, Store, StoreError};
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
    /// Why the binding cannot change now, in Vietnamese (the bound member has a sheet that is
    /// not yet revealed).
    pub locked_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Binding {
    pub mode: String,
    #[serde(default)]
    pub member_id: Option<String>,
}

impl Binding {
    /// The member a member-mode laptop is bound to.
    pub fn member(&self) -> Option<&str> {
        if self.mode == "member" {
            self.member_id.as_deref()
        } else {
            None
        }
    }

    /// What `entered_by` a sheet saved on this laptop gets.
    pub fn entered_by(&self) -> &'static str {
        if self.member().is_some() {
            "self"
        } else {
            "secretary"
        }
    }
}

fn key(session_id: &str) -> String {
    format!("scorer.{session_id}")
}

fn sealed(message: String) -> StoreError {
    StoreError::Sealed(message)
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

    /// The member's unrevealed sheet that keeps the binding in place, as a sentence.
    async fn binding_lock(
        &self,
        conn: &mut SqliteConnection,
        session_id: &str,
        member_id: &str,
        member_name: &str,
    ) -> Result<Option<String>> {
        let product: Option<String> = sqlx::query_scalar(
            "SELECT p.name FROM score_sheets s \
             JOIN agenda_items a ON a.id = s.agenda_item_id \
             JOIN dossiers d ON d.id = a.dossier_id \
             JOIN products p ON p.id = d.product_id \
             WHERE a.session_id = ? AND a.deleted_at IS NULL AND s.member_id = ? \
               AND s.entered_by = 'self' AND s.choices <> '{}' \
               AND s.round > a.revealed_round AND a.locked = 0 \
             ORDER BY a.ordinal LIMIT 1",
        )
        .bind(session_id)
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(product.map(|p| {
            format!(
                "Máy này đang giữ phiếu chưa công bố của {member_name} (sản phẩm {p}). \
                 Chỉ đổi người chấm trên máy này sau khi chủ tịch công bố kết quả."
            )
        }))
    }

    /// `session_scorer`: who this laptop scores as in the session.
    pub async fn session_scorer(&self, session_id: &str) -> Result<Scorer> {
        let session = self.session_get(session_id).await?;
        let mut conn = self.pool().acquire().await?;
        let binding = self.binding(&mut conn, session_id).await?;
        let member = binding
            .member()
            .and_then(|id| session.members.iter().find(|m| m.id == id));
        let locked_reason = match member {
            Some(m) => {
                self.binding_lock(&mut conn, session_id, &m.id, &m.name)
                    .await?
            }
            None => None,
        };
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
            locked_reason,
        })
    }

    /// `session_scorer_set`: binds this laptop to a scoring member of the session (`member`), or
    /// makes it the secretary's (`secretary`). Refused while the member it is bound to has a
    /// sheet not yet revealed.
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
            if let Some(m) = current
                .member()
                .and_then(|id| session.members.iter().find(|m| m.id == id))
            {
                if let Some(reason) = self
                    .binding_lock(&mut tx, session_id, &m.id, &m.name)
                    .await?
                {
                    return Err(sealed(reason));
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
