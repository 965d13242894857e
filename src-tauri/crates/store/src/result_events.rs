//! The `result_events` table: each reveal, re-score, lock, unlock, disqualification and
//! requalification of a product's result, with who did it, why, and its data (the members a
//! reveal counted, the locked result, the withdrawn disqualifications). Each event is written
//! in one transaction with the agenda item's change. Whether a transition is allowed is
//! `ocop_council::results`' state machine.

use crate::agenda::{change_item, ItemChange, ITEM_JSON};
use crate::score_sheets::{item_scoring, item_sheets};
use crate::session_types::{ResultEvent, Session, SessionMember, TallyItem};
use crate::{Result, Store};
use ocop_council::members::{actor, labels, role_vi};
use ocop_council::results::{
    check, check_lock, check_reveal, check_unlock, reason, round_result, Action, RevealRecord,
    Round,
};
use ocop_council::{quorum, CouncilError, MemberState, QuorumState};
use ocop_domain::calendar::iso;
use ocop_domain::workflow::StepInput;
use ocop_rating::Disqualification;
use sha2::{Digest, Sha256};
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};
use std::collections::HashMap;

const EVENT_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'kind', kind, 'round', round, 'by_member_id', by_member_id, 'by_name', by_name, \
    'reason', reason, 'payload', json(payload), 'at', at, 'updated_at', updated_at, \
    'device_id', device_id) FROM result_events WHERE id = ?";

/// A result event to record.
struct Event<'a> {
    action: Action,
    round: u32,
    by: &'a SessionMember,
    reason: &'a str,
    payload: Option<&'a str>,
}

/// The events of an agenda item, oldest first.
pub(crate) async fn item_events(
    conn: &mut SqliteConnection,
    item_id: &str,
) -> Result<Vec<ResultEvent>> {
    Ok(sqlx::query(
        "SELECT kind, round, by_name, reason, at FROM result_events \
         WHERE agenda_item_id = ? ORDER BY at, id",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| ResultEvent {
        kind: r.get("kind"),
        round: r.get::<i64, _>("round") as u32,
        by_name: r.get("by_name"),
        reason: r.get("reason"),
        at: r.get("at"),
    })
    .collect())
}

/// What each reveal of an agenda item recorded, by round (a reveal recorded before the members
/// were kept has none).
pub(crate) async fn reveal_records(
    conn: &mut SqliteConnection,
    item_id: &str,
) -> Result<HashMap<u32, RevealRecord>> {
    Ok(sqlx::query(
        "SELECT round, payload FROM result_events WHERE agenda_item_id = ? \
         AND kind = 'reveal' AND payload IS NOT NULL ORDER BY at, id",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .filter_map(|r| {
        let record = serde_json::from_str(&r.get::<String, _>("payload")).ok()?;
        Some((r.get::<i64, _>("round") as u32, record))
    })
    .collect())
}

/// The quorum that governs a product's reveal and lock (written sessions count the members
/// who took part in it).
fn item_quorum(session: &Session, t: &TallyItem) -> QuorumState {
    let states: Vec<(&SessionMember, MemberState)> = session
        .members
        .iter()
        .filter_map(|m| {
            let status = t.members.iter().find(|s| s.member_id == m.id)?;
            Some((m, MemberState::parse(&status.state)?))
        })
        .collect();
    quorum::of_item(
        session.mode(),
        &session.rules.quorum,
        session.quorum,
        &states,
    )
}

impl Store {
    /// Writes `change` to the item and its event, with their change-log rows, commits, and
    /// returns the item's tally: the shared end of every transition.
    async fn finish(
        &self,
        mut tx: Transaction<'static, Sqlite>,
        now: &str,
        item_id: &str,
        change: ItemChange<'_>,
        e: Event<'_>,
    ) -> Result<TallyItem> {
        let device = self.device();
        change_item(&mut tx, item_id, change, now, &device).await?;
        let id = self.new_id();
        sqlx::query(
            "INSERT INTO result_events (id, agenda_item_id, kind, round, by_member_id, by_name, \
             reason, payload, at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(item_id)
        .bind(e.action.code())
        .bind(e.round)
        .bind(&e.by.id)
        .bind(&e.by.name)
        .bind(e.reason)
        .bind(e.payload)
        .bind(now)
        .bind(now)
        .bind(&device)
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "result_events", EVENT_JSON, &id, "insert", now)
            .await?;
        self.log_json(&mut tx, "agenda_items", ITEM_JSON, item_id, "update", now)
            .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// The chair or secretary reveals the current round's result of a product, once every
    /// expected member has a complete sheet and the quorum is met.
    pub async fn agenda_reveal(&self, item_id: &str, by: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        let waiting = t
            .members
            .iter()
            .filter(|m| MemberState::parse(&m.state).is_some_and(MemberState::waited_for))
            .map(|m| ocop_council::MemberRef {
                id: m.member_id.clone(),
                name: m.name.clone(),
            })
            .collect();
        let state = t.state();
        check_reveal(
            item_id,
            &state,
            session.mode(),
            &item_quorum(&session, &t),
            waiting,
            t.complete,
        )?;
        // The round must score with every complete sheet: a sheet the engine refuses is named
        // instead of being left out of the mean.
        let mut conn = self.pool().acquire().await?;
        let sheets = item_sheets(&mut conn, item_id).await?;
        drop(conn);
        let eligible =
            ocop_council::conflicts::eligible(session.mode(), &session.members, &t.item.conflicts);
        let round = Round {
            scoring: item_scoring(&t.item.basis, t.item.product_set)?,
            set: t.item.product_set,
            rules: &session.rules,
            disqualified: &t.item.disqualified,
            round: t.item.round,
        };
        if round_result(&round, &sheets, &eligible, &labels(&session.members))?.is_none() {
            return Err(CouncilError::NoCompleteSheet {
                item_id: item_id.to_string(),
            }
            .into());
        }
        // The members counted are frozen with the reveal.
        let counted = serde_json::to_string(&RevealRecord {
            members: eligible.iter().map(|m| m.id.clone()).collect(),
        })?;
        let now = self.now();
        let tx = self.write_tx().await?;
        let event = Event {
            action: Action::Reveal,
            round: t.item.round,
            by: actor,
            reason: "",
            payload: Some(&counted),
        };
        self.finish(tx, &now, item_id, ItemChange::Reveal, event)
            .await
    }

    /// Opens a new scoring round for a revealed, unlocked product (e.g. after a spread breach).
    /// Both rounds are kept.
    pub async fn agenda_rescore(&self, item_id: &str, by: &str, why: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        let why = reason(Action::Rescore, why)?;
        check(item_id, &t.state(), Action::Rescore, 0)?;
        let now = self.now();
        let tx = self.write_tx().await?;
        let event = Event {
            action: Action::Rescore,
            round: t.item.round + 1,
            by: actor,
            reason: &why,
            payload: None,
        };
        self.finish(tx, &now, item_id, ItemChange::NextRound, event)
            .await
    }

    /// Locks a product's revealed result; it then changes only through [`Store::agenda_unlock`].
    pub async fn agenda_lock(&self, item_id: &str, by: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        let quorum = item_quorum(&session, &t);
        let result = t.result.as_ref().filter(|_| t.item.revealed);
        check_lock(
            item_id,
            &t.state(),
            session.mode(),
            &quorum,
            result.is_some(),
        )?;
        let result = result.expect("checked above");
        let json = serde_json::to_string(result)?;
        let hash = hex::encode(Sha256::digest(json.as_bytes()));
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let step = StepInput {
            step: "result".into(),
            date: iso(self.clock().today()),
            person: actor.name.clone(),
            role: Some(format!("{} {}", role_vi(&actor.role), session.council_name)),
            note: Some(format!(
                "Điểm trung bình {}, {} sao — {}.",
                result.mean_text,
                result.star,
                if result.recognised {
                    "đủ điều kiện công nhận"
                } else {
                    "không đủ điều kiện công nhận"
                }
            )),
            details: serde_json::json!({
                "session_id": session.id, "agenda_item_id": item_id, "result_hash": hash,
                "star": result.star, "mean": result.mean_text,
            }),
        };
        // A dossier whose history cannot take the step (e.g. filed by hand) still locks; the
        // lock event keeps the result.
        match self
            .dossier_step_add_in(&mut tx, &t.item.dossier_id, &step)
            .await
        {
            Ok(()) | Err(crate::StoreError::Validation(_)) => {}
            Err(e) => return Err(e),
        }
        if !result.recognised {
            self.product_set_status_in(
                &mut tx,
                &t.item.product_id,
                "not_recognised",
                step.note.as_deref(),
                &now,
            )
            .await?;
        }
        let event = Event {
            action: Action::Lock,
            round: t.item.round,
            by: actor,
            reason: "",
            payload: Some(&json),
        };
        let change = ItemChange::Lock {
            result: &json,
            hash: &hash,
        };
        self.finish(tx, &now, item_id, change, event).await
    }

    /// Unlocks a locked result, recording who and why; refused while a certificate issued from
    /// it is live.
    pub async fn agenda_unlock(&self, item_id: &str, by: &str, why: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        let why = reason(Action::Unlock, why)?;
        let certified: Option<String> = sqlx::query_scalar(
            "SELECT number FROM certificates WHERE result_id = ? AND deleted_at IS NULL \
             AND revocation_number IS NULL",
        )
        .bind(item_id)
        .fetch_optional(self.pool())
        .await?;
        check_unlock(item_id, &t.state(), certified.as_deref())?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        self.dossier_step_withdraw_in(&mut tx, &t.item.dossier_id, |s| {
            s.step == "result" && s.details["agenda_item_id"] == item_id
        })
        .await?;
        let event = Event {
            action: Action::Unlock,
            round: t.item.round,
            by: actor,
            reason: &why,
            payload: None,
        };
        self.finish(tx, &now, item_id, ItemChange::Unlock, event)
            .await
    }

    /// Records a disqualifier, gate or knock-out found for the product (star 0, not recognised).
    pub async fn agenda_disqualify(
        &self,
        item_id: &str,
        by: &str,
        disq: &Disqualification,
    ) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        check(item_id, &t.state(), Action::Disqualify, 0)?;
        let scoring = item_scoring(&t.item.basis, t.item.product_set)?;
        let d = ocop_council::disqualify::check(scoring, disq)?;
        let why = d.note.clone().unwrap_or_default();
        let mut list = t.item.disqualified.clone();
        list.push(d);
        let now = self.now();
        let tx = self.write_tx().await?;
        let event = Event {
            action: Action::Disqualify,
            round: t.item.round,
            by: actor,
            reason: &why,
            payload: None,
        };
        self.finish(tx, &now, item_id, ItemChange::Disqualified(&list), event)
            .await
    }

    /// Withdraws the disqualifiers, gates and knock-outs recorded for the product (e.g. recorded
    /// by mistake, or the missing paper was produced), recording who and why; the withdrawn list
    /// is kept in the event's payload. Refused once the result is locked.
    pub async fn agenda_requalify(&self, item_id: &str, by: &str, why: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = actor(&session.members, by)?;
        let why = reason(Action::Requalify, why)?;
        check(
            item_id,
            &t.state(),
            Action::Requalify,
            t.item.disqualified.len(),
        )?;
        let withdrawn = serde_json::to_string(&t.item.disqualified)?;
        let now = self.now();
        let tx = self.write_tx().await?;
        let event = Event {
            action: Action::Requalify,
            round: t.item.round,
            by: actor,
            reason: &why,
            payload: Some(&withdrawn),
        };
        self.finish(tx, &now, item_id, ItemChange::Disqualified(&[]), event)
            .await
    }
}
