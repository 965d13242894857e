//! A product's result through the meeting: the state machine of reveal → re-score → lock →
//! unlock, and of disqualify / requalify, with the reason each refused transition gives; the
//! members counted in a round (frozen at its reveal); and the scoring of a round from the
//! members' complete sheets.
//!
//! ```text
//!            reveal                 lock
//!  scoring ─────────▶ revealed ───────────▶ locked
//!     ▲                  │  re-score           │ unlock (no live certificate)
//!     └──────────────────┘ (round + 1)         ▼
//!                                           revealed
//! ```
//! Disqualify and requalify change the recorded disqualifications of a product whose result is
//! not locked; requalify needs one recorded.

use crate::error::{CouncilError, MemberRef, Refusal};
use crate::members::{Mode, SessionMember};
use crate::quorum::QuorumState;
use ocop_domain::text::clean;
use ocop_rating::{
    CouncilRules, Disqualification, MemberSheet, ProductResult, ScoreError, Scoring,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where a product's result stands: its current round, the last round revealed, and whether
/// the result is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundState {
    /// The current scoring round, from 1.
    pub round: u32,
    /// The last round revealed (0: none).
    pub revealed_round: u32,
    /// Whether the result is locked.
    pub locked: bool,
}

impl RoundState {
    /// The state of an item in round `round`, revealed or not, locked or not: a round is
    /// revealed before the next one opens, so the last revealed round is this one or the one
    /// before.
    pub fn of(round: u32, revealed: bool, locked: bool) -> RoundState {
        RoundState {
            round,
            revealed_round: if revealed {
                round
            } else {
                round.saturating_sub(1)
            },
            locked,
        }
    }

    /// Whether the current round is revealed.
    pub fn revealed(&self) -> bool {
        self.revealed_round >= self.round
    }

    /// Whether the sheets and result of `round` are open to all: that round is revealed, or
    /// the result is locked.
    pub fn is_open(&self, round: u32) -> bool {
        self.locked || round <= self.revealed_round
    }
}

/// What the chair or secretary does to a product's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Reveal the current round's result.
    Reveal,
    /// Open a new scoring round after a reveal (e.g. a spread breach).
    Rescore,
    /// Lock the revealed result (it can then be certified).
    Lock,
    /// Unlock a locked result.
    Unlock,
    /// Record a disqualifier, gate or knock-out.
    Disqualify,
    /// Withdraw the recorded disqualifications.
    Requalify,
    /// Declare or withdraw a conflict of interest on the product.
    DeclareConflict,
    /// Take the product off the agenda.
    RemoveFromAgenda,
}

impl Action {
    /// The stored code of the action's event (`reveal`, `rescore`, …).
    pub fn code(self) -> &'static str {
        match self {
            Action::Reveal => "reveal",
            Action::Rescore => "rescore",
            Action::Lock => "lock",
            Action::Unlock => "unlock",
            Action::Disqualify => "disqualify",
            Action::Requalify => "requalify",
            Action::DeclareConflict => "declare_conflict",
            Action::RemoveFromAgenda => "remove_from_agenda",
        }
    }

    /// Whether the action must say why (kept in the result's history).
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::Rescore | Action::Unlock | Action::Requalify)
    }
}

/// An action the scoring screen offers on a product now, as decided here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// The action.
    pub action: Action,
    /// Whether it takes a reason.
    pub needs_reason: bool,
}

/// Whether `action` may happen to a result in `state` (with `disqualified` recorded ones), as
/// far as the state alone decides. Reveal and lock also need the quorum and the sheets
/// ([`check_reveal`], [`check_lock`]); unlock needs no live certificate ([`check_unlock`]).
pub fn allowed(state: &RoundState, action: Action, disqualified: usize) -> Result<(), Refusal> {
    use Action::*;
    if state.locked {
        return match action {
            Unlock => Ok(()),
            _ => Err(Refusal::Locked),
        };
    }
    match action {
        Reveal if state.revealed() => Err(Refusal::Revealed { round: state.round }),
        Rescore | Lock if !state.revealed() => Err(Refusal::NotRevealed { round: state.round }),
        Unlock => Err(Refusal::NotLocked),
        Requalify if disqualified == 0 => Err(Refusal::NothingDisqualified),
        _ => Ok(()),
    }
}

/// [`allowed`] as the council's error for `item_id`.
pub fn check(
    item_id: &str,
    state: &RoundState,
    action: Action,
    disqualified: usize,
) -> Result<(), CouncilError> {
    allowed(state, action, disqualified).map_err(|refusal| CouncilError::Transition {
        item_id: item_id.to_string(),
        action,
        refusal,
    })
}

/// The actions on a product's result the screen offers now, in the order it shows them.
pub fn offers(state: &RoundState, disqualified: usize) -> Vec<Offer> {
    [
        Action::Reveal,
        Action::Lock,
        Action::Rescore,
        Action::Requalify,
        Action::Unlock,
    ]
    .into_iter()
    .filter(|&a| allowed(state, a, disqualified).is_ok())
    .map(|action| Offer {
        action,
        needs_reason: action.needs_reason(),
    })
    .collect()
}

/// The reason given for `action`, cleaned (NFC, spaces); refused when empty and one is needed.
pub fn reason(action: Action, text: &str) -> Result<String, CouncilError> {
    let text = clean(text);
    if text.is_empty() && action.needs_reason() {
        return Err(CouncilError::ReasonRequired { action });
    }
    Ok(text)
}

/// Whether the current round may be revealed: not revealed or locked yet, the quorum met,
/// nobody still scoring, and at least one complete sheet (`complete`).
pub fn check_reveal(
    item_id: &str,
    state: &RoundState,
    mode: Mode,
    quorum: &QuorumState,
    waiting: Vec<MemberRef>,
    complete: u32,
) -> Result<(), CouncilError> {
    check(item_id, state, Action::Reveal, 0)?;
    if !quorum.met {
        return Err(CouncilError::QuorumNotMet {
            action: Action::Reveal,
            mode,
            quorum: *quorum,
        });
    }
    if !waiting.is_empty() {
        return Err(CouncilError::MembersWaiting {
            item_id: item_id.to_string(),
            members: waiting,
        });
    }
    if complete == 0 {
        return Err(CouncilError::NoCompleteSheet {
            item_id: item_id.to_string(),
        });
    }
    Ok(())
}

/// Whether a revealed result may be locked: not locked yet, revealed with a result, and the
/// quorum met.
pub fn check_lock(
    item_id: &str,
    state: &RoundState,
    mode: Mode,
    quorum: &QuorumState,
    has_result: bool,
) -> Result<(), CouncilError> {
    check(item_id, state, Action::Lock, 0)?;
    if !has_result {
        return Err(CouncilError::Transition {
            item_id: item_id.to_string(),
            action: Action::Lock,
            refusal: Refusal::NotRevealed { round: state.round },
        });
    }
    if !quorum.met {
        return Err(CouncilError::QuorumNotMet {
            action: Action::Lock,
            mode,
            quorum: *quorum,
        });
    }
    Ok(())
}

/// Whether a locked result may be unlocked: a certificate issued from it (`certificate`, its
/// number) must be revoked first.
pub fn check_unlock(
    item_id: &str,
    state: &RoundState,
    certificate: Option<&str>,
) -> Result<(), CouncilError> {
    check(item_id, state, Action::Unlock, 0)?;
    match certificate {
        Some(number) => Err(CouncilError::Certified {
            item_id: item_id.to_string(),
            number: number.to_string(),
        }),
        None => Ok(()),
    }
}

/// Whether a product may be taken off the agenda: nobody has scored it and it is not locked.
pub fn check_removable(
    item_id: &str,
    state: &RoundState,
    sheets: usize,
) -> Result<(), CouncilError> {
    if sheets > 0 || state.locked {
        return Err(CouncilError::AlreadyScored {
            item_id: item_id.to_string(),
        });
    }
    Ok(())
}

/// What a reveal records: the members counted in the round, frozen, so attendance or a
/// conflict declared afterwards changes later rounds and products, never a revealed figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealRecord {
    /// Ids of the members counted.
    pub members: Vec<String>,
}

/// The members counted in a round: those frozen by its reveal when there is one, else the
/// members eligible today (a reveal recorded before the freeze was kept has no record).
pub fn counted<'a>(
    frozen: Option<&RevealRecord>,
    members: &'a [SessionMember],
    eligible: &[&'a SessionMember],
) -> Vec<&'a SessionMember> {
    match frozen {
        Some(r) => members
            .iter()
            .filter(|m| r.members.contains(&m.id))
            .collect(),
        None => eligible.to_vec(),
    }
}

/// A member's saved sheet of some round, as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSheet {
    /// The member.
    pub member_id: String,
    /// The round.
    pub round: u32,
    /// Criterion code (or part key) → choice.
    pub choices: BTreeMap<String, u32>,
    /// The case, on a case-variant sheet.
    pub case: Option<u32>,
}

/// A product's result in one round.
pub struct Round<'a> {
    /// How the product is scored.
    pub scoring: Scoring<'a>,
    /// The product set.
    pub set: u8,
    /// The session's rules.
    pub rules: &'a CouncilRules,
    /// Disqualifications recorded.
    pub disqualified: &'a [Disqualification],
    /// The round.
    pub round: u32,
}

/// Scores a round from the complete sheets of the members counted (`None` when none has one).
/// A complete sheet the engine refuses, or sheets scored in different cases, make the round
/// unscorable: the error names the member, so a reveal is refused rather than counting fewer
/// members.
pub fn round_result(
    r: &Round<'_>,
    sheets: &[SavedSheet],
    counted: &[&SessionMember],
    labels: &HashMap<String, String>,
) -> Result<Option<ProductResult>, CouncilError> {
    let mut members = Vec::new();
    for m in counted {
        let Some(s) = sheets
            .iter()
            .find(|s| s.member_id == m.id && s.round == r.round)
        else {
            continue;
        };
        if !r.scoring.progress(&s.choices).complete {
            continue;
        }
        let sheet = MemberSheet {
            member: labels.get(&m.id).cloned().unwrap_or_else(|| m.name.clone()),
            case: s.case,
            choices: s.choices.clone(),
        };
        if let Err(problem) = r.scoring.check_member(&sheet) {
            return Err(CouncilError::SheetUnscorable {
                member: m.named(),
                round: r.round,
                problem: Box::new(problem),
            });
        }
        members.push(sheet);
    }
    if members.is_empty() {
        return Ok(None);
    }
    r.scoring
        .score(r.set, r.rules, r.disqualified, &members)
        .map(Some)
        .map_err(|problem: ScoreError| CouncilError::RoundUnscorable {
            round: r.round,
            problem: Box::new(problem),
        })
}

/// The labels of the members whose totals make a spread breach: the highest and the lowest,
/// when the result's spread exceeds the rules' limit.
pub fn spread_breach(result: &ProductResult) -> Vec<&str> {
    if !result.spread_exceeded {
        return Vec::new();
    }
    let hi = result.members.iter().map(|m| m.total).max().unwrap_or(0);
    let lo = result.members.iter().map(|m| m.total).min().unwrap_or(0);
    result
        .members
        .iter()
        .filter(|m| m.total == hi || m.total == lo)
        .map(|m| m.member.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::tests::m;
    use ocop_rating::Catalog;

    const SCORING: RoundState = RoundState {
        round: 1,
        revealed_round: 0,
        locked: false,
    };
    const REVEALED: RoundState = RoundState {
        round: 1,
        revealed_round: 1,
        locked: false,
    };
    const LOCKED: RoundState = RoundState {
        round: 1,
        revealed_round: 1,
        locked: true,
    };

    /// `action` on `state` (with `disqualified` recorded) → the refusal, or `None` when allowed.
    fn check_state(
        state: RoundState,
        action: Action,
        disqualified: usize,
        expected: Option<Refusal>,
    ) {
        assert_eq!(
            allowed(&state, action, disqualified).err(),
            expected,
            "{action:?} on {state:?}"
        );
    }

    #[test]
    fn the_state_machine_allows_each_transition_in_its_state() {
        use Action::*;
        check_state(SCORING, Reveal, 0, None);
        check_state(SCORING, Rescore, 0, Some(Refusal::NotRevealed { round: 1 }));
        check_state(SCORING, Lock, 0, Some(Refusal::NotRevealed { round: 1 }));
        check_state(SCORING, Unlock, 0, Some(Refusal::NotLocked));
        check_state(SCORING, Disqualify, 0, None);
        check_state(SCORING, Requalify, 0, Some(Refusal::NothingDisqualified));
        check_state(SCORING, Requalify, 1, None);
        check_state(REVEALED, Reveal, 0, Some(Refusal::Revealed { round: 1 }));
        check_state(REVEALED, Rescore, 0, None);
        check_state(REVEALED, Lock, 0, None);
        check_state(REVEALED, Unlock, 0, Some(Refusal::NotLocked));
        for a in [
            Reveal,
            Rescore,
            Lock,
            Disqualify,
            Requalify,
            DeclareConflict,
        ] {
            check_state(LOCKED, a, 1, Some(Refusal::Locked));
        }
        check_state(LOCKED, Unlock, 0, None);
        // A re-score opens round 2, which is not revealed.
        let round2 = RoundState {
            round: 2,
            ..REVEALED
        };
        check_state(round2, Reveal, 0, None);
        check_state(round2, Lock, 0, Some(Refusal::NotRevealed { round: 2 }));
    }

    #[test]
    fn the_screen_offers_what_the_state_allows() {
        let actions =
            |s: RoundState, d: usize| offers(&s, d).iter().map(|o| o.action).collect::<Vec<_>>();
        assert_eq!(actions(SCORING, 0), [Action::Reveal]);
        assert_eq!(actions(SCORING, 1), [Action::Reveal, Action::Requalify]);
        assert_eq!(actions(REVEALED, 0), [Action::Lock, Action::Rescore]);
        assert_eq!(actions(LOCKED, 1), [Action::Unlock]);
        assert!(offers(&LOCKED, 0)[0].needs_reason);
        assert!(!offers(&SCORING, 0)[0].needs_reason);
    }

    #[test]
    fn reasons_are_required_where_the_history_keeps_one() {
        assert!(matches!(
            reason(Action::Rescore, "  "),
            Err(CouncilError::ReasonRequired {
                action: Action::Rescore
            })
        ));
        assert_eq!(reason(Action::Unlock, " Sai  sót ").unwrap(), "Sai sót");
        assert_eq!(reason(Action::Reveal, "").unwrap(), "");
        let e = reason(Action::Requalify, "").unwrap_err();
        assert_eq!(e.fields()[0].field, "reason");
    }

    #[test]
    fn a_reveal_needs_the_quorum_every_sheet_and_one_at_least() {
        let met = QuorumState::count(&Default::default(), 4, 4, true);
        let short = QuorumState::count(&Default::default(), 2, 4, false);
        assert!(check_reveal("i", &SCORING, Mode::InPerson, &met, vec![], 3).is_ok());
        let e = check_reveal("i", &SCORING, Mode::Written, &short, vec![], 3).unwrap_err();
        assert!(matches!(
            e,
            CouncilError::QuorumNotMet {
                action: Action::Reveal,
                ..
            }
        ));
        let text = e.message_vi();
        assert!(
            text.contains("đã gửi phiếu 2/4") && text.contains("Chủ tịch"),
            "{text}"
        );
        let waiting = vec![m("a", "member", true).named()];
        let e = check_reveal("i", &SCORING, Mode::InPerson, &met, waiting, 3).unwrap_err();
        assert!(
            e.message_vi()
                .contains("Còn 1 thành viên chưa chấm xong: Tên a."),
            "{}",
            e.message_vi()
        );
        assert!(matches!(
            check_reveal("i", &SCORING, Mode::InPerson, &met, vec![], 0),
            Err(CouncilError::NoCompleteSheet { .. })
        ));
        assert!(matches!(
            check_reveal("i", &REVEALED, Mode::InPerson, &met, vec![], 3),
            Err(CouncilError::Transition {
                refusal: Refusal::Revealed { round: 1 },
                ..
            })
        ));
    }

    #[test]
    fn a_lock_needs_a_revealed_result_and_the_quorum_and_an_unlock_no_certificate() {
        let met = QuorumState::count(&Default::default(), 4, 4, true);
        let short = QuorumState::count(&Default::default(), 2, 4, true);
        assert!(check_lock("i", &REVEALED, Mode::InPerson, &met, true).is_ok());
        assert!(check_lock("i", &REVEALED, Mode::InPerson, &met, false).is_err());
        assert!(check_lock("i", &SCORING, Mode::InPerson, &met, true).is_err());
        assert!(matches!(
            check_lock("i", &REVEALED, Mode::InPerson, &short, true),
            Err(CouncilError::QuorumNotMet {
                action: Action::Lock,
                ..
            })
        ));
        assert!(check_unlock("i", &LOCKED, None).is_ok());
        let e = check_unlock("i", &LOCKED, Some("12/2026/OCOP-TN")).unwrap_err();
        assert!(e.message_vi().contains("12/2026/OCOP-TN") && e.message_vi().contains("thu hồi"));
        assert!(check_unlock("i", &REVEALED, None).is_err());
        assert!(check_removable("i", &SCORING, 0).is_ok());
        assert!(check_removable("i", &SCORING, 1).is_err());
        assert!(check_removable("i", &LOCKED, 0).is_err());
    }

    #[test]
    fn a_reveal_freezes_the_members_counted() {
        let members = [
            m("a", "member", true),
            m("b", "member", true),
            m("c", "chair", true),
        ];
        let eligible: Vec<&SessionMember> = members.iter().collect();
        let frozen = RevealRecord {
            members: vec!["a".into(), "c".into()],
        };
        let ids = |v: Vec<&SessionMember>| v.iter().map(|m| m.id.as_str()).collect::<String>();
        assert_eq!(ids(counted(Some(&frozen), &members, &eligible)), "ac");
        assert_eq!(ids(counted(None, &members, &eligible)), "abc");
    }

    fn paper(member: &str, round: u32, a: u32, cap: u32) -> SavedSheet {
        SavedSheet {
            member_id: member.into(),
            round,
            choices: [("A", a), ("B", 20), ("C", 25), ("star_cap", cap)]
                .map(|(k, v)| (k.to_string(), v))
                .into(),
            case: None,
        }
    }

    /// A 148-era product, the default rules, and three members present.
    fn three() -> (Scoring<'static>, CouncilRules, [SessionMember; 3]) {
        let scoring = Catalog::builtin()
            .unwrap()
            .scoring("148/QĐ-TTg", 11)
            .unwrap();
        let members = [
            m("a", "member", true),
            m("b", "member", true),
            m("c", "chair", true),
        ];
        (scoring, CouncilRules::default(), members)
    }

    #[test]
    fn a_round_scores_the_complete_sheets_of_the_members_counted() {
        let (scoring, rules, members) = three();
        let counted_members: Vec<&SessionMember> = members.iter().collect();
        let labels = crate::members::labels(&members);
        let round = |n| Round {
            scoring,
            set: 11,
            rules: &rules,
            disqualified: &[],
            round: n,
        };
        let mut partial = paper("c", 1, 30, 5);
        partial.choices.remove("star_cap");
        let sheets = [
            paper("a", 1, 30, 5),
            paper("b", 1, 35, 5),
            partial,
            paper("a", 2, 40, 5),
        ];
        let r = round_result(&round(1), &sheets, &counted_members, &labels)
            .unwrap()
            .unwrap();
        // 75 and 80: the partial sheet of c is left out.
        assert_eq!((r.members.len(), r.mean_text.as_str()), (2, "77,50"));
        let r = round_result(&round(2), &sheets, &counted_members, &labels)
            .unwrap()
            .unwrap();
        assert_eq!(r.members.len(), 1);
        assert!(round_result(&round(3), &sheets, &counted_members, &labels)
            .unwrap()
            .is_none());
        // A complete sheet the engine refuses names its member.
        let bad = [paper("a", 1, 30, 5), paper("b", 1, 30, 9)];
        let e = round_result(&round(1), &bad, &counted_members, &labels).unwrap_err();
        assert!(
            matches!(&e, CouncilError::SheetUnscorable { member, round: 1, .. } if member.id == "b")
        );
        assert!(
            e.message_vi()
                .starts_with("Phiếu chấm của Tên b (vòng 1) không tính được điểm"),
            "{}",
            e.message_vi()
        );
    }

    #[test]
    fn the_highest_and_lowest_make_the_breach() {
        let (scoring, rules, members) = three();
        let counted_members: Vec<&SessionMember> = members.iter().collect();
        let labels = crate::members::labels(&members);
        let sheets = [
            paper("a", 1, 20, 5),
            paper("b", 1, 30, 5),
            paper("c", 1, 40, 5),
        ];
        let r = round_result(
            &Round {
                scoring,
                set: 11,
                rules: &rules,
                disqualified: &[],
                round: 1,
            },
            &sheets,
            &counted_members,
            &labels,
        )
        .unwrap()
        .unwrap();
        assert!(r.spread_exceeded);
        assert_eq!(spread_breach(&r), ["Tên a", "Tên c"]);
    }
}
