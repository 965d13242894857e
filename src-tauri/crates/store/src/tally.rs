//! The tally of a session, assembled from its tables: per product, where each member stands,
//! and, once the chair or secretary reveals it, the mean, band, star and explanation, with
//! spread breaches marked, earlier rounds kept and the actions the state allows. Until a round
//! is revealed, the tally says only who has finished scoring; no totals, mean or star leave
//! the store (the sealing of `ocop-council`).

use crate::agenda::item_row;
use crate::result_events::{item_events, reveal_records};
use crate::score_sheets::{item_scoring, item_sheets};
use crate::session_types::{MemberStatus, RoundResult, Session, TallyItem};
use crate::sessions::session_read;
use crate::{Result, Store, StoreError};
use ocop_council::conflicts::{eligible, member_state};
use ocop_council::disqualify::options;
use ocop_council::members::labels;
use ocop_council::results::{counted, offers, round_result, spread_breach, Round, RoundState};
use ocop_council::MemberState;
use ocop_rating::ProductResult;
use sqlx::{Row, SqliteConnection};

impl TallyItem {
    /// Where the product's result stands.
    pub fn state(&self) -> RoundState {
        RoundState::of(self.item.round, self.item.revealed, self.item.locked)
    }
}

/// The locked result of an item and its hash, when locked.
async fn locked_result(
    conn: &mut SqliteConnection,
    item_id: &str,
) -> Result<(Option<ProductResult>, Option<String>)> {
    let stored = sqlx::query("SELECT result, result_hash FROM agenda_items WHERE id = ?")
        .bind(item_id)
        .fetch_one(&mut *conn)
        .await?;
    let result = stored
        .get::<Option<String>, _>("result")
        .map(|j| serde_json::from_str(&j))
        .transpose()?;
    Ok((result, stored.get("result_hash")))
}

/// The tally of the products of `session` (of one, `only`).
async fn tally_of(
    conn: &mut SqliteConnection,
    session: &Session,
    only: Option<&str>,
) -> Result<Vec<TallyItem>> {
    let labels = labels(&session.members);
    let mode = session.mode();
    let mut out = Vec::with_capacity(session.agenda.len());
    for item in session
        .agenda
        .iter()
        .filter(|a| only.is_none_or(|id| a.id == id))
    {
        let sheets = item_sheets(conn, &item.id).await?;
        let (locked, result_hash) = locked_result(conn, &item.id).await?;
        let scoring = item_scoring(&item.basis, item.product_set)?;
        let eligible = eligible(mode, &session.members, &item.conflicts);
        let reveals = reveal_records(conn, &item.id).await?;
        let round = |round| Round {
            scoring,
            set: item.product_set,
            rules: &session.rules,
            disqualified: &item.disqualified,
            round,
        };
        let result_of = |r: u32| {
            let members = counted(reveals.get(&r), &session.members, &eligible);
            round_result(&round(r), &sheets, &members, &labels).unwrap_or(None)
        };
        // A reveal is refused while the round cannot be scored, so a revealed round scores;
        // should stored sheets still not score (written by an older version), the result stays
        // sealed and the member's state says `invalid`.
        let result = match locked {
            Some(locked) => Some(locked),
            None if item.revealed => result_of(item.round),
            None => None,
        };
        let earlier_rounds = (1..item.round)
            .filter_map(|r| result_of(r).map(|result| RoundResult { round: r, result }))
            .collect();
        let breach = result.as_ref().map(spread_breach).unwrap_or_default();
        let mut complete = 0;
        let members = session
            .members
            .iter()
            .map(|m| {
                let own = sheets
                    .iter()
                    .find(|s| s.member_id == m.id && s.round == item.round)
                    .map(|s| (s.case, &s.choices));
                let state = member_state(mode, m, &item.conflicts, scoring, own);
                if state == MemberState::Scored {
                    complete += 1;
                }
                let label = labels.get(&m.id).map(String::as_str).unwrap_or("");
                MemberStatus {
                    member_id: m.id.clone(),
                    name: m.name.clone(),
                    role: m.role.clone(),
                    state: state.code().to_string(),
                    total: result.as_ref().and_then(|r| {
                        r.members
                            .iter()
                            .find(|s| s.member == label)
                            .map(|s| s.total)
                    }),
                    spread_breach: breach.contains(&label),
                }
            })
            .collect();
        let state = RoundState::of(item.round, item.revealed, item.locked);
        out.push(TallyItem {
            item: item.clone(),
            members,
            expected: eligible.len() as u32,
            complete,
            certifiable: item.locked && result.as_ref().is_some_and(|r| r.recognised),
            result,
            result_hash,
            earlier_rounds,
            events: item_events(conn, &item.id).await?,
            actions: offers(&state, item.disqualified.len()),
            disqualify_options: if item.locked {
                Vec::new()
            } else {
                options(scoring)
            },
        });
    }
    Ok(out)
}

impl Store {
    /// The tally of a session: per product, who has scored and, once revealed, the mean, band,
    /// star and explanation, with spread breaches marked and earlier rounds kept.
    pub async fn session_tally(&self, session_id: &str) -> Result<Vec<TallyItem>> {
        let mut conn = self.pool().acquire().await?;
        let session = session_read(&mut conn, session_id).await?;
        tally_of(&mut conn, &session, None).await
    }

    /// The session of an agenda item and the item's tally.
    pub(crate) async fn tally_item(&self, item_id: &str) -> Result<(Session, TallyItem)> {
        let mut conn = self.pool().acquire().await?;
        let item = item_row(&mut conn, item_id).await?;
        let session = session_read(&mut conn, &item.session_id).await?;
        let tally = tally_of(&mut conn, &session, Some(item_id))
            .await?
            .into_iter()
            .find(|t| t.item.id == item_id)
            .ok_or_else(|| StoreError::NotFound {
                entity: "agenda_item",
                id: item_id.into(),
            })?;
        Ok((session, tally))
    }
}
