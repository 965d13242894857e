//! The `council_sessions` table: a council's sessions (phiên họp), each with the council's rules
//! copied in when it is created, so later changes to the council never alter a result. A
//! session is read back with its members' attendance, the live quorum and its agenda; the
//! rules that decide them are `ocop-council`'s.

use crate::agenda::agenda_items;
use crate::attendance::session_members;
use crate::councils::council_read;
use crate::session_types::{Session, SessionInput, SessionSummary};
use crate::{Result, Store, StoreError};
use ocop_council::setup::{check_rules_change, check_session, SessionFields};
use ocop_council::Mode;
use ocop_domain::text::clean;
use ocop_domain::FieldError;
use ocop_rating::CouncilRules;
use sqlx::{Row, SqliteConnection};

const SESSION_JSON: &str =
    "SELECT json_object('id', id, 'council_id', council_id, 'title', title, \
    'date', date, 'time', time, 'place', place, 'mode', mode, 'rules', json(rules), \
    'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM council_sessions WHERE id = ?";

/// A session's own row.
pub(crate) struct SessionHead {
    pub id: String,
    pub council_id: String,
    pub title: String,
    pub date: String,
    pub time: Option<String>,
    pub place: String,
    pub mode: String,
    pub rules: CouncilRules,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) async fn session_head(conn: &mut SqliteConnection, id: &str) -> Result<SessionHead> {
    let r = sqlx::query(
        "SELECT id, council_id, title, date, time, place, mode, rules, created_at, updated_at \
         FROM council_sessions WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "session",
        id: id.into(),
    })?;
    Ok(SessionHead {
        id: r.get("id"),
        council_id: r.get("council_id"),
        title: r.get("title"),
        date: r.get("date"),
        time: r.get("time"),
        place: r.get("place"),
        mode: r.get("mode"),
        rules: serde_json::from_str(r.get::<&str, _>("rules"))?,
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    })
}

/// Sheets saved in a session, any round.
async fn session_sheet_count(conn: &mut SqliteConnection, id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM score_sheets s JOIN agenda_items a ON a.id = s.agenda_item_id \
         WHERE a.session_id = ?",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

impl Store {
    /// Creates or edits a session. A new session copies the council's rules unless given; the
    /// rules no longer change once anyone has scored in the session.
    pub async fn session_save(&self, input: &SessionInput) -> Result<Session> {
        let title = clean(&input.title);
        let place = clean(&input.place);
        let date = input.date.trim();
        let time = input
            .time
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let mut e = check_session(&SessionFields {
            title: &title,
            place: &place,
            date,
            time: time.as_deref(),
            mode: &input.mode,
            rules: input.rules.as_ref(),
        });
        let council = match self.council_get(&input.council_id).await {
            Ok(c) if !c.deleted => Some(c),
            _ => {
                e.push(FieldError::new("council_id", "Vui lòng chọn hội đồng."));
                None
            }
        };
        if !e.is_empty() {
            return Err(StoreError::Validation(e));
        }
        let council = council.expect("checked above");
        let now = self.now();
        let dev = self.device();
        let mut tx = self.write_tx().await?;
        let (id, op, rules) = match &input.id {
            Some(id) => {
                let head = session_head(&mut tx, id).await?;
                let rules = input.rules.unwrap_or(head.rules);
                let sheets = session_sheet_count(&mut tx, id).await?;
                check_rules_change(&head.rules, &rules, sheets)?;
                (id.clone(), "update", rules)
            }
            None => (
                self.new_id(),
                "insert",
                input.rules.unwrap_or(council.rules),
            ),
        };
        sqlx::query(
            "INSERT INTO council_sessions (id, council_id, title, date, time, place, mode, rules, \
             created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET council_id = excluded.council_id, \
             title = excluded.title, date = excluded.date, time = excluded.time, \
             place = excluded.place, mode = excluded.mode, rules = excluded.rules, \
             updated_at = excluded.updated_at, device_id = excluded.device_id",
        )
        .bind(&id)
        .bind(&input.council_id)
        .bind(&title)
        .bind(date)
        .bind(&time)
        .bind(&place)
        .bind(&input.mode)
        .bind(serde_json::to_string(&rules)?)
        .bind(&now)
        .bind(&now)
        .bind(&dev)
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "council_sessions", SESSION_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.session_get(&id).await
    }

    /// A session with its members, attendance, quorum and agenda.
    pub async fn session_get(&self, id: &str) -> Result<Session> {
        let mut conn = self.pool().acquire().await?;
        session_read(&mut conn, id).await
    }

    /// Sessions, newest first, optionally of one council.
    pub async fn sessions_list(&self, council_id: Option<&str>) -> Result<Vec<SessionSummary>> {
        let rows = sqlx::query(
            "SELECT s.id, s.council_id, c.name AS council_name, s.title, s.date, s.place, s.mode, \
             (SELECT count(*) FROM agenda_items a WHERE a.session_id = s.id AND a.deleted_at IS NULL) AS items, \
             (SELECT count(*) FROM agenda_items a WHERE a.session_id = s.id AND a.deleted_at IS NULL AND a.locked = 1) AS locked \
             FROM council_sessions s JOIN councils c ON c.id = s.council_id \
             WHERE s.deleted_at IS NULL AND (? IS NULL OR s.council_id = ?) \
             ORDER BY s.date DESC, s.created_at DESC",
        )
        .bind(council_id)
        .bind(council_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| SessionSummary {
                id: r.get("id"),
                council_id: r.get("council_id"),
                council_name: r.get("council_name"),
                title: r.get("title"),
                date: r.get("date"),
                place: r.get("place"),
                mode: r.get("mode"),
                items: r.get("items"),
                locked: r.get("locked"),
            })
            .collect())
    }
}

/// A session with its members, attendance, quorum and agenda, read on `conn`.
pub(crate) async fn session_read(conn: &mut SqliteConnection, id: &str) -> Result<Session> {
    let head = session_head(conn, id).await?;
    let council = council_read(conn, &head.council_id).await?;
    let members = session_members(conn, &council, id, Mode::parse(&head.mode)).await?;
    let agenda = agenda_items(conn, id, &head.date, &members).await?;
    Ok(Session {
        quorum: ocop_council::quorum::attendance(&head.rules.quorum, &members),
        id: head.id,
        council_id: head.council_id,
        council_name: council.name,
        council_level: council.level,
        title: head.title,
        date: head.date,
        time: head.time,
        place: head.place,
        mode: head.mode,
        rules: head.rules,
        members,
        agenda,
        created_at: head.created_at,
        updated_at: head.updated_at,
    })
}
