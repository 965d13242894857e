//! The `agenda_items` table: the dossiers on a session's agenda, each bound to the basis and
//! product set it is scored under, with its round, reveal, lock, the locked result and its
//! hash, and the disqualifications recorded. Which dossier may go on an agenda and under which
//! basis is decided by `ocop_council::agenda`.

use crate::attendance::session_members;
use crate::conflicts::item_conflicts;
use crate::councils::council_read;
use crate::session_types::{AgendaItem, LockedResult, Session, SessionMember};
use crate::sessions::session_head;
use crate::{Result, Store, StoreError};
use ocop_council::agenda::{basis_for, check_schedulable, product_set, transition_note};
use ocop_council::members::{recorder, role_vi};
use ocop_council::results::{check_removable, RoundState};
use ocop_council::{CouncilError, Mode};
use ocop_domain::calendar::iso;
use ocop_domain::workflow::StepInput;
use ocop_domain::FieldError;
use ocop_rating::{Disqualification, IsoDate, ProductResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

pub(crate) const ITEM_JSON: &str = "SELECT json_object('id', id, 'session_id', session_id, \
    'dossier_id', dossier_id, 'ordinal', ordinal, 'basis', basis, 'product_set', product_set, \
    'disqualified', json(disqualified), 'round', round, 'revealed_round', revealed_round, \
    'locked', locked, 'result', json(result), 'result_hash', result_hash, \
    'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM agenda_items WHERE id = ?";

/// An agenda item's own row.
pub(crate) struct ItemRow {
    pub id: String,
    pub session_id: String,
    pub dossier_id: String,
    pub basis: String,
    pub product_set: u8,
    pub state: RoundState,
}

pub(crate) async fn item_row(conn: &mut SqliteConnection, id: &str) -> Result<ItemRow> {
    let r = sqlx::query(
        "SELECT id, session_id, dossier_id, basis, product_set, round, revealed_round, locked \
         FROM agenda_items WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "agenda_item",
        id: id.into(),
    })?;
    Ok(ItemRow {
        id: r.get("id"),
        session_id: r.get("session_id"),
        dossier_id: r.get("dossier_id"),
        basis: r.get("basis"),
        product_set: r.get::<i64, _>("product_set") as u8,
        state: round_state(&r, "round"),
    })
}

/// An item's round state from a row holding its round (in column `round`), `revealed_round`
/// and `locked`.
pub(crate) fn round_state(r: &SqliteRow, round: &str) -> RoundState {
    RoundState {
        round: r.get::<i64, _>(round) as u32,
        revealed_round: r.get::<i64, _>("revealed_round") as u32,
        locked: r.get("locked"),
    }
}

/// The agenda of a session, in order, with each item's conflicts and, for a dossier scored
/// under an earlier basis, its Art. 12.2 deadline as of the session's date.
pub(crate) async fn agenda_items(
    conn: &mut SqliteConnection,
    session_id: &str,
    session_date: &str,
    members: &[SessionMember],
) -> Result<Vec<AgendaItem>> {
    let rows = sqlx::query(
        "SELECT a.id, a.ordinal, a.dossier_id, d.product_id, d.dossier_type, p.name AS product_name, \
         p.code AS product_code, pr.name AS producer_name, p.commune_name, a.basis, \
         a.product_set, a.round, a.revealed_round, a.locked, a.disqualified \
         FROM agenda_items a JOIN dossiers d ON d.id = a.dossier_id \
         JOIN products p ON p.id = d.product_id JOIN producers pr ON pr.id = p.producer_id \
         WHERE a.session_id = ? AND a.deleted_at IS NULL ORDER BY a.ordinal",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut conflicts = item_conflicts(conn, session_id, members).await?;
    let cat = CouncilError::catalog()?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let id: String = r.get("id");
        let basis: String = r.get("basis");
        let set = r.get::<i64, _>("product_set") as u8;
        let round = r.get::<i64, _>("round") as u32;
        let reevaluation = r.get::<&str, _>("dossier_type") == "danh_gia_lai";
        out.push(AgendaItem {
            conflicts: conflicts.remove(&id).unwrap_or_default(),
            id,
            ordinal: i as u32 + 1,
            dossier_id: r.get("dossier_id"),
            product_id: r.get("product_id"),
            product_name: r.get("product_name"),
            product_code: r.get("product_code"),
            producer_name: r.get("producer_name"),
            commune_name: r.get("commune_name"),
            set_title: cat.set_title(&basis, set).unwrap_or_default(),
            entry: cat
                .scoring(&basis, set)
                .map_or("sheet", |s| s.entry().as_str())
                .to_string(),
            transition_note: transition_note(cat, &basis, reevaluation, session_date)
                .map(|n| n.message_vi()),
            basis,
            product_set: set,
            round,
            revealed: r.get::<i64, _>("revealed_round") as u32 >= round,
            locked: r.get("locked"),
            disqualified: serde_json::from_str(r.get::<&str, _>("disqualified"))?,
        });
    }
    Ok(out)
}

/// A change to an agenda item's result state, as a reveal, re-score, lock, unlock or
/// (re)qualification makes it.
pub(crate) enum ItemChange<'a> {
    /// The current round is revealed.
    Reveal,
    /// A new round opens.
    NextRound,
    /// The result is locked with its JSON and hash.
    Lock { result: &'a str, hash: &'a str },
    /// The result is unlocked.
    Unlock,
    /// The disqualifications recorded become these.
    Disqualified(&'a [Disqualification]),
}

/// Applies `change` to item `id` (stamped `now` by `device`). The change-log row is written
/// with the result event that goes with it.
pub(crate) async fn change_item(
    conn: &mut SqliteConnection,
    id: &str,
    change: ItemChange<'_>,
    now: &str,
    device: &str,
) -> Result<()> {
    let (sql, values): (&'static str, Vec<String>) = match change {
        ItemChange::Reveal => (
            "UPDATE agenda_items SET revealed_round = round, updated_at = ?, device_id = ? \
             WHERE id = ?",
            vec![],
        ),
        ItemChange::NextRound => (
            "UPDATE agenda_items SET round = round + 1, updated_at = ?, device_id = ? WHERE id = ?",
            vec![],
        ),
        ItemChange::Lock { result, hash } => (
            "UPDATE agenda_items SET locked = 1, result = ?, result_hash = ?, updated_at = ?, \
             device_id = ? WHERE id = ?",
            vec![result.to_string(), hash.to_string()],
        ),
        ItemChange::Unlock => (
            "UPDATE agenda_items SET locked = 0, result = NULL, result_hash = NULL, \
             updated_at = ?, device_id = ? WHERE id = ?",
            vec![],
        ),
        ItemChange::Disqualified(list) => (
            "UPDATE agenda_items SET disqualified = ?, updated_at = ?, device_id = ? WHERE id = ?",
            vec![serde_json::to_string(list)?],
        ),
    };
    let mut q = sqlx::query(sql);
    for v in values {
        q = q.bind(v);
    }
    q.bind(now)
        .bind(device)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A workflow refusal ("step") is about the dossier chosen for the agenda.
fn as_dossier_error(e: StoreError) -> StoreError {
    match e {
        StoreError::Validation(v) => StoreError::Validation(
            v.into_iter()
                .map(|f| FieldError::new("dossier_id", f.message))
                .collect(),
        ),
        e => e,
    }
}

impl Store {
    /// Puts a dossier on the session's agenda, bound to the sheet of its product set under the
    /// basis in force on the dossier's filing date (Art. 12.2 of 26/2026: a dossier filed earlier
    /// finishes under the rules before; without a filing date, the session's date decides). A
    /// dossier of an era the session's basis does not take over from (1048/2019) is refused.
    pub async fn session_agenda_add(&self, session_id: &str, dossier_id: &str) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let head = session_head(&mut tx, session_id).await?;
        let row = sqlx::query(
            "SELECT d.status, d.deleted_at, d.commune_received_date, d.product_id, p.product_set, \
             p.name FROM dossiers d JOIN products p ON p.id = d.product_id WHERE d.id = ?",
        )
        .bind(dossier_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::field("dossier_id", "Không tìm thấy hồ sơ."))?;
        if row.get::<Option<String>, _>("deleted_at").is_some() {
            return Err(StoreError::field("dossier_id", "Hồ sơ này đã bị xóa."));
        }
        check_schedulable(row.get("status"))?;
        let set = product_set(row.get("product_set"), row.get("name"))?;
        let filed: Option<String> = row.get("commune_received_date");
        let entry = basis_for(CouncilError::catalog()?, filed.as_deref(), &head.date, set)?;
        let dup: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM agenda_items WHERE session_id = ? AND dossier_id = ? AND deleted_at IS NULL",
        )
        .bind(session_id)
        .bind(dossier_id)
        .fetch_one(&mut *tx)
        .await?;
        if dup > 0 {
            return Err(CouncilError::AlreadyOnAgenda {
                dossier_id: dossier_id.to_string(),
            }
            .into());
        }
        let ordinal: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(ordinal), 0) + 1 FROM agenda_items WHERE session_id = ?",
        )
        .bind(session_id)
        .fetch_one(&mut *tx)
        .await?;
        let id = self.new_id();
        // The dossier's history records that it went on the agenda, in this transaction.
        let council = council_read(&mut tx, &head.council_id).await?;
        let members =
            session_members(&mut tx, &council, session_id, Mode::parse(&head.mode)).await?;
        let (person, role) = match recorder(&members) {
            Some(m) => (
                m.name.clone(),
                format!("{} {}", role_vi(&m.role), council.name),
            ),
            None => (council.name.clone(), String::new()),
        };
        let step = StepInput {
            step: "on_agenda".into(),
            date: iso(self.clock().today()),
            person,
            role: Some(role).filter(|r| !r.is_empty()),
            note: Some(format!(
                "{} ngày {}",
                head.title,
                IsoDate::parse(&head.date)
                    .map(IsoDate::to_vietnamese)
                    .unwrap_or_default()
            )),
            details: serde_json::json!({ "session_id": session_id, "agenda_item_id": id }),
        };
        self.dossier_step_add_in(&mut tx, dossier_id, &step)
            .await
            .map_err(as_dossier_error)?;
        let product_id: String = row.get("product_id");
        self.product_set_status_in(
            &mut tx,
            &product_id,
            "in_evaluation",
            Some(&format!("Đưa vào phiên họp: {}", head.title)),
            &now,
        )
        .await?;
        sqlx::query(
            "INSERT INTO agenda_items (id, session_id, dossier_id, ordinal, basis, product_set, \
             created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(session_id)
        .bind(dossier_id)
        .bind(ordinal)
        .bind(&entry.basis.basis)
        .bind(set)
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "agenda_items", ITEM_JSON, &id, "insert", &now)
            .await?;
        tx.commit().await?;
        self.session_get(session_id).await
    }

    /// Takes a dossier off the agenda; refused once anyone has scored it.
    pub async fn session_agenda_remove(&self, item_id: &str) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let item = item_row(&mut tx, item_id).await?;
        let sheets: i64 =
            sqlx::query_scalar("SELECT count(*) FROM score_sheets WHERE agenda_item_id = ?")
                .bind(item_id)
                .fetch_one(&mut *tx)
                .await?;
        check_removable(item_id, &item.state, sheets as usize)?;
        sqlx::query(
            "UPDATE agenda_items SET deleted_at = ?, updated_at = ?, device_id = ? WHERE id = ?",
        )
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "agenda_items", ITEM_JSON, item_id, "delete", &now)
            .await?;
        self.dossier_step_withdraw_in(&mut tx, &item.dossier_id, |s| {
            s.step == "on_agenda" && s.details["agenda_item_id"] == item_id
        })
        .await?;
        tx.commit().await?;
        self.session_get(&item.session_id).await
    }

    /// Locked results, for recognition decisions and certificates; newest session first.
    pub async fn locked_results(&self) -> Result<Vec<LockedResult>> {
        let rows = sqlx::query(
            "SELECT a.id, a.session_id, s.title, s.date, a.dossier_id, d.product_id, \
             p.name AS product_name, pr.name AS producer_name, p.commune_name, a.basis, \
             a.product_set, a.result, a.result_hash, a.updated_at, \
             (SELECT c.number FROM certificates c WHERE c.result_id = a.id \
              AND c.deleted_at IS NULL) AS certificate_number \
             FROM agenda_items a JOIN council_sessions s ON s.id = a.session_id \
             JOIN dossiers d ON d.id = a.dossier_id JOIN products p ON p.id = d.product_id \
             JOIN producers pr ON pr.id = p.producer_id \
             WHERE a.locked = 1 AND a.deleted_at IS NULL AND s.deleted_at IS NULL \
             ORDER BY s.date DESC, a.ordinal",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let result: ProductResult = serde_json::from_str(r.get::<&str, _>("result"))?;
                // The mean with a decimal point, as certificates and annexes store it.
                let score = ocop_rating::format_scaled(result.mean_scaled, result.decimals)
                    .replace(',', ".");
                Ok(LockedResult {
                    agenda_item_id: r.get("id"),
                    session_id: r.get("session_id"),
                    session_title: r.get("title"),
                    session_date: r.get("date"),
                    dossier_id: r.get("dossier_id"),
                    product_id: r.get("product_id"),
                    product_name: r.get("product_name"),
                    producer_name: r.get("producer_name"),
                    commune_name: r.get("commune_name"),
                    basis: r.get("basis"),
                    product_set: r.get::<i64, _>("product_set") as u8,
                    score,
                    mean_text: result.mean_text,
                    star: result.star,
                    recognised: result.recognised,
                    result_hash: r.get("result_hash"),
                    locked_at: r.get("updated_at"),
                    certificate_number: r.get("certificate_number"),
                })
            })
            .collect()
    }

    /// Issues certificates from locked council results (agenda item ids) under a recognition
    /// decision: the items are built here from the stored results, never taken from the caller,
    /// and each must be locked and recognised (3★ and above).
    pub async fn issue_certificates_from_results(
        &self,
        issuer: &crate::CertificateIssuer,
        decision: &crate::Decision,
        agenda_item_ids: &[String],
    ) -> Result<Vec<crate::Certificate>> {
        if agenda_item_ids.is_empty() {
            return Err(StoreError::field(
                "item_ids",
                "Hãy chọn ít nhất một kết quả đã khóa để cấp giấy chứng nhận.",
            ));
        }
        let locked = self.locked_results().await?;
        let mut items = Vec::with_capacity(agenda_item_ids.len());
        for id in agenda_item_ids {
            let r = locked
                .iter()
                .find(|r| &r.agenda_item_id == id)
                .ok_or_else(|| {
                    StoreError::field(
                        "item_ids",
                        "Chỉ cấp giấy chứng nhận từ kết quả đã khóa của hội đồng.",
                    )
                })?;
            if !r.recognised {
                return Err(StoreError::field(
                    "item_ids",
                    format!(
                        "{} đạt {} sao, không đủ điều kiện công nhận (từ 3 sao).",
                        r.product_name, r.star
                    ),
                ));
            }
            items.push(crate::IssueItem {
                product_id: r.product_id.clone(),
                result_id: r.agenda_item_id.clone(),
                result_hash: r.result_hash.clone(),
                score: r.score.clone(),
                star: r.star,
                basis: r.basis.clone(),
                set: r.product_set.to_string(),
            });
        }
        self.issue_certificates(issuer, decision, items).await
    }
}
