//! Who scores a product: conflicts of interest, attendance and roles decide which members are
//! expected to score it, where each member stands on it, and why a member's sheet is closed.

use crate::error::Closed;
use crate::members::{Mode, SessionMember};
use crate::results::RoundState;
use ocop_rating::{MemberSheet, Scoring};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A declared conflict of interest: the member's sheet on that product is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictDecl {
    /// The member.
    pub member_id: String,
    /// The member's name.
    pub member_name: String,
    /// The reason kept in the minutes.
    pub reason: String,
}

/// Where a member stands on a product in the current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberState {
    /// A complete sheet that scores.
    Scored,
    /// A sheet with criteria still to choose.
    Partial,
    /// A complete sheet the scoring engine refuses (e.g. choices of two cases).
    Invalid,
    /// No sheet yet.
    NotStarted,
    /// A conflict of interest is declared: the member does not score this product.
    Conflict,
    /// Not present at an in-person session.
    Absent,
    /// The member does not score (a secretary or an invited expert).
    NotScoring,
}

impl MemberState {
    /// The wire code (`scored`, `partial`, …).
    pub fn code(self) -> &'static str {
        match self {
            MemberState::Scored => "scored",
            MemberState::Partial => "partial",
            MemberState::Invalid => "invalid",
            MemberState::NotStarted => "not_started",
            MemberState::Conflict => "conflict",
            MemberState::Absent => "absent",
            MemberState::NotScoring => "not_scoring",
        }
    }

    /// The state of a wire code.
    pub fn parse(code: &str) -> Option<MemberState> {
        [
            MemberState::Scored,
            MemberState::Partial,
            MemberState::Invalid,
            MemberState::NotStarted,
            MemberState::Conflict,
            MemberState::Absent,
            MemberState::NotScoring,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Whether the reveal still waits for this member.
    pub fn waited_for(self) -> bool {
        matches!(self, MemberState::NotStarted | MemberState::Partial)
    }
}

/// Whether `member` declared a conflict on the product.
pub fn in_conflict<'a>(conflicts: &'a [ConflictDecl], member: &str) -> Option<&'a ConflictDecl> {
    conflicts.iter().find(|c| c.member_id == member)
}

/// Members expected to score a product: scoring, sitting (present, or any in writing) and
/// without a conflict on it.
pub fn eligible<'a>(
    mode: Mode,
    members: &'a [SessionMember],
    conflicts: &[ConflictDecl],
) -> Vec<&'a SessionMember> {
    members
        .iter()
        .filter(|m| m.scores && m.sits(mode) && in_conflict(conflicts, &m.id).is_none())
        .collect()
}

/// Where `member` stands on a product, given their sheet of the current round (`None`: none).
pub fn member_state(
    mode: Mode,
    member: &SessionMember,
    conflicts: &[ConflictDecl],
    scoring: Scoring<'_>,
    sheet: Option<(Option<u32>, &BTreeMap<String, u32>)>,
) -> MemberState {
    if !member.scores {
        return MemberState::NotScoring;
    }
    if in_conflict(conflicts, &member.id).is_some() {
        return MemberState::Conflict;
    }
    if !member.sits(mode) {
        return MemberState::Absent;
    }
    let Some((case, choices)) = sheet else {
        return MemberState::NotStarted;
    };
    if !scoring.progress(choices).complete {
        return MemberState::Partial;
    }
    let probe = MemberSheet {
        member: member.name.clone(),
        case,
        choices: choices.clone(),
    };
    if scoring.check_member(&probe).is_err() {
        MemberState::Invalid
    } else {
        MemberState::Scored
    }
}

/// Why `member`'s sheet on a product cannot change now, or `None` when it can: the result is
/// locked or revealed, the member does not score, is absent from an in-person session, or
/// declared a conflict on the product.
pub fn sheet_closed(
    mode: Mode,
    state: &RoundState,
    member: &SessionMember,
    conflicts: &[ConflictDecl],
) -> Option<Closed> {
    if state.locked {
        return Some(Closed::Locked);
    }
    if state.revealed() {
        return Some(Closed::Revealed { round: state.round });
    }
    if !member.scores {
        return Some(Closed::NotScoring {
            member: member.named(),
            role: member.role.clone(),
        });
    }
    if !member.sits(mode) {
        return Some(Closed::Absent {
            member: member.named(),
        });
    }
    in_conflict(conflicts, &member.id).map(|c| Closed::Conflict {
        member: member.named(),
        reason: c.reason.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::tests::m;
    use ocop_rating::Catalog;

    fn conflict(id: &str) -> ConflictDecl {
        ConflictDecl {
            member_id: id.into(),
            member_name: format!("Tên {id}"),
            reason: "Là thành viên HTX".into(),
        }
    }

    #[test]
    fn a_conflict_or_an_absence_leaves_a_member_out() {
        let members = [
            m("c", "chair", true),
            m("a", "member", true),
            m("b", "member", false),
            m("s", "secretary", true),
        ];
        let ids = |v: Vec<&SessionMember>| v.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(eligible(Mode::InPerson, &members, &[])), ["c", "a"]);
        assert_eq!(
            ids(eligible(Mode::InPerson, &members, &[conflict("a")])),
            ["c"]
        );
        assert_eq!(ids(eligible(Mode::Written, &members, &[])), ["c", "a", "b"]);
    }

    #[test]
    fn each_member_has_one_state() {
        let scoring = Catalog::builtin()
            .unwrap()
            .scoring("148/QĐ-TTg", 11)
            .unwrap();
        let full: BTreeMap<String, u32> = [("A", 30), ("B", 20), ("C", 25), ("star_cap", 5)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
        let mut over = full.clone();
        over.insert("A".into(), 50);
        let partial: BTreeMap<String, u32> = [("A".to_string(), 30)].into();
        let check = |member: SessionMember, conflicts: &[ConflictDecl], sheet, expected| {
            assert_eq!(
                member_state(Mode::InPerson, &member, conflicts, scoring, sheet),
                expected,
                "{}",
                member.id
            );
        };
        check(
            m("s", "secretary", true),
            &[],
            Some((None, &full)),
            MemberState::NotScoring,
        );
        check(
            m("a", "member", true),
            &[conflict("a")],
            Some((None, &full)),
            MemberState::Conflict,
        );
        check(
            m("a", "member", false),
            &[],
            Some((None, &full)),
            MemberState::Absent,
        );
        check(m("a", "member", true), &[], None, MemberState::NotStarted);
        check(
            m("a", "member", true),
            &[],
            Some((None, &partial)),
            MemberState::Partial,
        );
        check(
            m("a", "member", true),
            &[],
            Some((None, &over)),
            MemberState::Invalid,
        );
        check(
            m("a", "member", true),
            &[],
            Some((None, &full)),
            MemberState::Scored,
        );
        assert!(MemberState::Partial.waited_for() && MemberState::NotStarted.waited_for());
        assert_eq!(
            MemberState::parse("not_started"),
            Some(MemberState::NotStarted)
        );
        assert_eq!(MemberState::parse("x"), None);
        assert!(!MemberState::Invalid.waited_for());
    }

    #[test]
    fn a_sheet_closes_for_a_reason() {
        let open = RoundState {
            round: 1,
            revealed_round: 0,
            locked: false,
        };
        let member = m("a", "member", true);
        assert_eq!(sheet_closed(Mode::InPerson, &open, &member, &[]), None);
        let locked = RoundState {
            locked: true,
            ..open
        };
        assert_eq!(
            sheet_closed(Mode::InPerson, &locked, &member, &[]),
            Some(Closed::Locked)
        );
        let revealed = RoundState {
            revealed_round: 1,
            ..open
        };
        assert_eq!(
            sheet_closed(Mode::InPerson, &revealed, &member, &[]),
            Some(Closed::Revealed { round: 1 })
        );
        assert!(matches!(
            sheet_closed(Mode::InPerson, &open, &m("s", "secretary", true), &[]),
            Some(Closed::NotScoring { .. })
        ));
        let away = m("a", "member", false);
        assert!(matches!(
            sheet_closed(Mode::InPerson, &open, &away, &[]),
            Some(Closed::Absent { .. })
        ));
        assert_eq!(sheet_closed(Mode::Written, &open, &away, &[]), None);
        let c = sheet_closed(Mode::InPerson, &open, &member, &[conflict("a")]).unwrap();
        assert!(crate::CouncilError::Closed(c)
            .message_vi()
            .contains("Là thành viên HTX"));
    }
}
