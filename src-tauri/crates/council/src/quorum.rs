//! The quorum (túc số): the share of the council's scoring members who must take part, and
//! whether the chair must be among them (the council's Quy chế, [`ocop_rating::Quorum`]).
//!
//! In person, the members marked present count. In a written-opinions session nobody is
//! present: the members who returned a complete sheet on a product, or declared a conflict on
//! it, take part in that product, by the same share and chair rule.

use crate::conflicts::MemberState;
use crate::members::{Mode, Role, SessionMember};
use ocop_rating::Quorum;
use serde::{Deserialize, Serialize};

/// A quorum as counted: scoring members taking part against the council's scoring members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuorumState {
    /// Scoring members taking part (present, or having returned their sheet).
    pub present: u32,
    /// Scoring members of the council.
    pub total: u32,
    /// Members needed by the rules' share.
    pub needed: u32,
    /// Whether the chair takes part.
    pub chair_present: bool,
    /// Whether the chair must take part.
    pub chair_required: bool,
    /// Whether the quorum is met.
    pub met: bool,
}

impl QuorumState {
    /// Counts `present` of `total` scoring members under `rule`.
    pub fn count(rule: &Quorum, present: u32, total: u32, chair_present: bool) -> QuorumState {
        let needed = if rule.denominator == 0 {
            total
        } else {
            (u64::from(total) * u64::from(rule.numerator)).div_ceil(u64::from(rule.denominator))
                as u32
        };
        QuorumState {
            present,
            total,
            needed,
            chair_present,
            chair_required: rule.chair_required,
            met: rule.is_met(present, total, chair_present),
        }
    }

    /// Whether the quorum lacks the chair (and only needs them).
    pub fn chair_missing(&self) -> bool {
        self.chair_required && !self.chair_present
    }
}

/// The attendance quorum of a session: scoring members marked present against all scoring
/// members. The chair counts when present, whether or not they score.
pub fn attendance(rule: &Quorum, members: &[SessionMember]) -> QuorumState {
    let scoring = members.iter().filter(|m| m.scores);
    let total = scoring.clone().count() as u32;
    let present = scoring.filter(|m| m.present).count() as u32;
    let chair_present = members.iter().any(|m| m.is(Role::Chair) && m.present);
    QuorumState::count(rule, present, total, chair_present)
}

/// The quorum that governs a product's reveal and lock: in person, the session's attendance
/// quorum; in writing, the members who took part in the product ([`written`]).
pub fn of_item(
    mode: Mode,
    rule: &Quorum,
    attendance: QuorumState,
    members: &[(&SessionMember, MemberState)],
) -> QuorumState {
    match mode {
        Mode::InPerson => attendance,
        Mode::Written => written(rule, members),
    }
}

/// The quorum of a written-opinions product: the scoring members who took part in it (a
/// complete sheet that scores, or a conflict declared), from each member's state on it.
pub fn written(rule: &Quorum, members: &[(&SessionMember, MemberState)]) -> QuorumState {
    let took_part = |s: MemberState| matches!(s, MemberState::Scored | MemberState::Conflict);
    let total = members.iter().filter(|(m, _)| m.scores).count() as u32;
    let present = members
        .iter()
        .filter(|(m, s)| m.scores && took_part(*s))
        .count() as u32;
    let chair_present = members
        .iter()
        .any(|(m, s)| m.is(Role::Chair) && took_part(*s));
    QuorumState::count(rule, present, total, chair_present)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::tests::m;

    fn rule(numerator: u32, denominator: u32, chair_required: bool) -> Quorum {
        Quorum {
            numerator,
            denominator,
            chair_required,
        }
    }

    /// `(present, total, chair_present)` under `rule` → `(needed, met)`.
    fn check(rule: Quorum, input: (u32, u32, bool), expected: (u32, bool)) {
        let q = QuorumState::count(&rule, input.0, input.1, input.2);
        assert_eq!((q.needed, q.met), expected, "{input:?} under {rule:?}");
    }

    #[test]
    fn the_share_rounds_up_and_the_chair_may_be_required() {
        let three_quarters = rule(3, 4, true);
        check(three_quarters, (3, 4, true), (3, true));
        check(three_quarters, (2, 4, true), (3, false));
        check(three_quarters, (4, 5, true), (4, true));
        check(three_quarters, (3, 5, true), (4, false));
        check(three_quarters, (4, 4, false), (3, false));
        check(rule(3, 4, false), (3, 4, false), (3, true));
        check(rule(1, 2, true), (3, 7, true), (4, false));
        check(three_quarters, (0, 0, true), (0, false));
    }

    #[test]
    fn attendance_counts_scoring_members_present() {
        let members = [
            m("c", "chair", true),
            m("v", "vice_chair", true),
            m("a", "member", true),
            m("b", "member", false),
            m("s", "secretary", true),
            m("e", "expert", true),
        ];
        let q = attendance(&rule(3, 4, true), &members);
        assert_eq!((q.present, q.total, q.needed, q.met), (3, 4, 3, true));
        let mut no_chair = members.clone();
        no_chair[0].present = false;
        let q = attendance(&rule(3, 4, true), &no_chair);
        assert!(!q.met && q.chair_missing());
    }

    #[test]
    fn in_writing_those_who_returned_a_sheet_or_declared_a_conflict_take_part() {
        let (c, a, b, d, s) = (
            m("c", "chair", false),
            m("a", "member", false),
            m("b", "member", false),
            m("d", "member", false),
            m("s", "secretary", false),
        );
        let states = [
            (&c, MemberState::Partial),
            (&a, MemberState::Scored),
            (&b, MemberState::Conflict),
            (&d, MemberState::Scored),
            (&s, MemberState::NotScoring),
        ];
        let q = written(&rule(3, 4, true), &states);
        assert_eq!((q.present, q.total, q.met), (3, 4, false));
        assert!(q.chair_missing());
        let mut done = states;
        done[0].1 = MemberState::Scored;
        let q = written(&rule(3, 4, true), &done);
        assert_eq!((q.present, q.met), (4, true));
        // In person, attendance decides whatever the sheets.
        let nobody = QuorumState::count(&rule(3, 4, true), 0, 4, false);
        assert_eq!(
            of_item(Mode::InPerson, &rule(3, 4, true), nobody, &done),
            nobody
        );
        assert_eq!(of_item(Mode::Written, &rule(3, 4, true), nobody, &done), q);
    }
}
