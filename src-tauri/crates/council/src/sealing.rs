//! Sealing: "a member sees only their own sheet until the chair reveals the results".
//!
//! Whoever holds the sheets — the desktop store, a meeting hub, a sync server — asks
//! [`sheet_access`] before it shows, saves or prints a member's sheet, with plain facts it
//! knows: the viewer (the member a device is bound to, or the secretary), the sheet's owner,
//! the sheet itself when it says something (its round and who typed it), and where the
//! product's result stands ([`RoundState`]). The answer is [`Access::Open`] or
//! [`Access::Sealed`] with the reason as data.
//!
//! The rule:
//! - a device bound to a member opens only that member's sheet, whatever it holds, until the
//!   round is revealed or the result locked;
//! - the secretary opens the sheets they typed in from paper (they hold the paper), and sheets
//!   that say nothing yet, but not a sheet a member scored themselves (`entered_by = self`)
//!   before its round is revealed;
//! - reading, saving and printing follow the same rule; a save is typed in as the viewer's
//!   entry ([`entry_for`]).
//!
//! A device may be bound to a member only when no unrevealed sheet that member scored
//! themselves on another device would open by it ([`may_bind`]).

use crate::error::{BindProblem, CouncilError, MemberRef, Sealed};
use crate::members::SessionMember;
use crate::results::RoundState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a sheet was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnteredBy {
    /// By the member on their own device (`self`).
    #[serde(rename = "self")]
    Member,
    /// By the secretary from the member's paper sheet (`secretary`).
    #[serde(rename = "secretary")]
    Secretary,
}

impl EnteredBy {
    /// The stored code of a sheet's `entered_by`; `None` for an unknown one.
    pub fn parse(code: &str) -> Option<EnteredBy> {
        match code {
            "self" => Some(EnteredBy::Member),
            "secretary" => Some(EnteredBy::Secretary),
            _ => None,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            EnteredBy::Member => "self",
            EnteredBy::Secretary => "secretary",
        }
    }
}

/// Who asks for a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// A device bound to this member.
    Member(&'a SessionMember),
    /// The secretary's device (typing in paper sheets).
    Secretary,
}

impl Viewer<'_> {
    /// How a sheet saved by this viewer is entered.
    pub fn enters_as(&self) -> EnteredBy {
        match self {
            Viewer::Member(_) => EnteredBy::Member,
            Viewer::Secretary => EnteredBy::Secretary,
        }
    }
}

/// A device's binding in a session, as kept in its settings: `secretary` (the default) or
/// `member` with the member's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// `secretary` or `member`.
    pub mode: String,
    /// The member, in member mode.
    #[serde(default)]
    pub member_id: Option<String>,
}

impl Default for Binding {
    fn default() -> Self {
        Binding {
            mode: "secretary".into(),
            member_id: None,
        }
    }
}

impl Binding {
    /// The viewer this binding makes among `members`: a binding to someone no longer in the
    /// council, or who does not score, counts as the secretary's.
    pub fn viewer<'a>(&self, members: &'a [SessionMember]) -> Viewer<'a> {
        if self.mode != "member" {
            return Viewer::Secretary;
        }
        self.member_id
            .as_deref()
            .and_then(|id| members.iter().find(|m| m.id == id && m.scores))
            .map_or(Viewer::Secretary, Viewer::Member)
    }

    /// The binding a person asks for: `secretary`, or `member` with a scoring member's id.
    pub fn choose(
        mode: &str,
        member_id: Option<&str>,
        members: &[SessionMember],
    ) -> Result<Binding, CouncilError> {
        match mode {
            "secretary" => Ok(Binding::default()),
            "member" => {
                let id = member_id
                    .filter(|s| !s.trim().is_empty())
                    .ok_or(CouncilError::Bind(BindProblem::NoMember))?;
                let m = crate::members::member(members, id)?;
                if !m.scores {
                    return Err(CouncilError::Bind(BindProblem::NotScoring {
                        member: m.named(),
                        role: m.role.clone(),
                    }));
                }
                Ok(Binding {
                    mode: "member".into(),
                    member_id: Some(m.id.clone()),
                })
            }
            other => Err(CouncilError::Bind(BindProblem::Mode {
                given: other.to_string(),
            })),
        }
    }
}

/// What the viewer wants to do with a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetAction {
    /// Show it.
    Read,
    /// Save it (autosave).
    Save,
    /// Print it.
    Print,
}

/// A saved sheet that says something (a choice, a comment or a case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownSheet {
    /// Its round.
    pub round: u32,
    /// Who typed it.
    pub entered_by: EnteredBy,
}

/// A request to read, save or print `owner`'s sheet on a product.
#[derive(Debug, Clone, Copy)]
pub struct SheetRequest<'a> {
    /// What the viewer wants.
    pub action: SheetAction,
    /// Who asks.
    pub viewer: Viewer<'a>,
    /// Whose sheet it is.
    pub owner: &'a SessionMember,
    /// The saved sheet concerned, when it says something; `None` when there is none or it is
    /// empty.
    pub sheet: Option<ShownSheet>,
    /// Where the product's result stands.
    pub state: RoundState,
}

/// The decision on a sheet request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The sheet may be read, saved or printed.
    Open,
    /// It may not, and why.
    Sealed(Sealed),
}

impl Access {
    /// The decision as a result: sealed is [`CouncilError::Sealed`].
    pub fn into_result(self) -> Result<(), CouncilError> {
        match self {
            Access::Open => Ok(()),
            Access::Sealed(s) => Err(CouncilError::Sealed(s)),
        }
    }
}

/// Whether a sheet with these contents says anything: an empty one reveals nothing, so it is
/// never sealed from the secretary.
pub fn has_content(choices: &BTreeMap<String, u32>, comments: &str, case: Option<u32>) -> bool {
    !choices.is_empty() || !comments.is_empty() || case.is_some()
}

/// The sealing rule (see the module's documentation). Reading, saving and printing follow the
/// same rule.
pub fn sheet_access(req: &SheetRequest<'_>) -> Access {
    let owner = req.owner.named();
    match req.viewer {
        Viewer::Member(bound)
            if bound.id != req.owner.id && !req.state.is_open(req.state.round) =>
        {
            Access::Sealed(Sealed::OtherMember {
                viewer: bound.named(),
                owner,
                round: req.state.round,
            })
        }
        Viewer::Secretary => match req.sheet {
            Some(ShownSheet {
                round,
                entered_by: EnteredBy::Member,
            }) if !req.state.is_open(round) => {
                Access::Sealed(Sealed::ScoredByMember { owner, round })
            }
            _ => Access::Open,
        },
        Viewer::Member(_) => Access::Open,
    }
}

/// How a save by `viewer` is entered; `requested` (a code, empty for any) must agree.
pub fn entry_for(viewer: &Viewer<'_>, requested: &str) -> Result<EnteredBy, CouncilError> {
    let expected = viewer.enters_as();
    if requested.is_empty() {
        return Ok(expected);
    }
    match EnteredBy::parse(requested) {
        None => Err(CouncilError::UnknownEntry {
            given: requested.to_string(),
        }),
        Some(given) if given != expected => Err(CouncilError::EntryMismatch { expected }),
        Some(given) => Ok(given),
    }
}

/// A sheet of the member a device would be bound to, as the binding rule reads it.
#[derive(Debug, Clone, Copy)]
pub struct MemberSheetFacts<'a> {
    /// The product it scores (named in the refusal).
    pub product: &'a str,
    /// The sheet's round.
    pub round: u32,
    /// Where the product's result stands.
    pub state: RoundState,
    /// Who typed it.
    pub entered_by: EnteredBy,
    /// Whether it says something.
    pub has_content: bool,
    /// Whether it was saved on the device being bound.
    pub this_device: bool,
}

/// Whether a device may be bound to `member`: refused while the member has an unrevealed sheet
/// with content that they scored themselves on another device, since binding would open it
/// here. The first such sheet (in the caller's order) is named.
pub fn may_bind<'a>(
    member: &SessionMember,
    sheets: impl IntoIterator<Item = MemberSheetFacts<'a>>,
) -> Result<(), CouncilError> {
    let sealed = sheets.into_iter().find(|s| {
        s.entered_by == EnteredBy::Member
            && s.has_content
            && !s.this_device
            && !s.state.is_open(s.round)
    });
    match sealed {
        Some(s) => Err(CouncilError::Sealed(Sealed::ScoredElsewhere {
            member: MemberRef {
                id: member.id.clone(),
                name: member.name.clone(),
            },
            product: s.product.to_string(),
        })),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::tests::m;

    const OPEN_ROUND: RoundState = RoundState {
        round: 1,
        revealed_round: 0,
        locked: false,
    };

    /// Who asks for whose sheet, how it was typed (`None`: says nothing), in which state → sealed?
    fn check(
        viewer: Viewer<'_>,
        owner: &SessionMember,
        sheet: Option<ShownSheet>,
        state: RoundState,
        sealed: bool,
    ) {
        for action in [SheetAction::Read, SheetAction::Save, SheetAction::Print] {
            let access = sheet_access(&SheetRequest {
                action,
                viewer,
                owner,
                sheet,
                state,
            });
            assert_eq!(
                access != Access::Open,
                sealed,
                "{action:?} by {viewer:?} of {} ({sheet:?}) in {state:?}: {access:?}",
                owner.id
            );
        }
    }

    fn by(entered_by: EnteredBy, round: u32) -> Option<ShownSheet> {
        Some(ShownSheet { round, entered_by })
    }

    #[test]
    fn a_members_device_opens_only_their_own_sheet_until_the_reveal() {
        let (an, binh) = (m("an", "member", true), m("binh", "member", true));
        let revealed = RoundState {
            revealed_round: 1,
            ..OPEN_ROUND
        };
        let locked = RoundState {
            locked: true,
            ..OPEN_ROUND
        };
        check(
            Viewer::Member(&an),
            &an,
            by(EnteredBy::Member, 1),
            OPEN_ROUND,
            false,
        );
        check(Viewer::Member(&an), &binh, None, OPEN_ROUND, true);
        check(
            Viewer::Member(&an),
            &binh,
            by(EnteredBy::Secretary, 1),
            OPEN_ROUND,
            true,
        );
        check(
            Viewer::Member(&an),
            &binh,
            by(EnteredBy::Member, 1),
            revealed,
            false,
        );
        check(
            Viewer::Member(&an),
            &binh,
            by(EnteredBy::Member, 1),
            locked,
            false,
        );
        // A re-scored round 2 is sealed again, though round 1 was revealed.
        let round2 = RoundState {
            round: 2,
            ..revealed
        };
        check(
            Viewer::Member(&an),
            &binh,
            by(EnteredBy::Member, 1),
            round2,
            true,
        );
    }

    #[test]
    fn the_secretary_opens_paper_sheets_and_empty_ones_but_not_a_members_own() {
        let binh = m("binh", "member", true);
        check(Viewer::Secretary, &binh, None, OPEN_ROUND, false);
        check(
            Viewer::Secretary,
            &binh,
            by(EnteredBy::Secretary, 1),
            OPEN_ROUND,
            false,
        );
        check(
            Viewer::Secretary,
            &binh,
            by(EnteredBy::Member, 1),
            OPEN_ROUND,
            true,
        );
        let revealed = RoundState {
            revealed_round: 1,
            ..OPEN_ROUND
        };
        check(
            Viewer::Secretary,
            &binh,
            by(EnteredBy::Member, 1),
            revealed,
            false,
        );
        // The previous round's own sheet, offered as a start for round 2, was revealed.
        let round2 = RoundState {
            round: 2,
            ..revealed
        };
        check(
            Viewer::Secretary,
            &binh,
            by(EnteredBy::Member, 1),
            round2,
            false,
        );
        check(
            Viewer::Secretary,
            &binh,
            by(EnteredBy::Member, 2),
            round2,
            true,
        );
    }

    #[test]
    fn the_reason_names_who_and_whose() {
        let (an, binh) = (m("an", "member", true), m("binh", "member", true));
        let e = sheet_access(&SheetRequest {
            action: SheetAction::Read,
            viewer: Viewer::Member(&an),
            owner: &binh,
            sheet: None,
            state: OPEN_ROUND,
        })
        .into_result()
        .unwrap_err();
        assert_eq!(e.code(), ocop_domain::ErrorCode::Sealed);
        assert!(
            e.message_vi()
                .contains("Máy này chấm cho Tên an. Phiếu của Tên binh"),
            "{}",
            e.message_vi()
        );
        let e = sheet_access(&SheetRequest {
            action: SheetAction::Print,
            viewer: Viewer::Secretary,
            owner: &binh,
            sheet: by(EnteredBy::Member, 1),
            state: OPEN_ROUND,
        })
        .into_result()
        .unwrap_err();
        assert!(e.message_vi().contains("tự chấm"), "{}", e.message_vi());
    }

    #[test]
    fn a_binding_to_someone_gone_or_not_scoring_is_the_secretarys() {
        let members = [m("an", "member", true), m("s", "secretary", true)];
        let member = |id: &str| Binding {
            mode: "member".into(),
            member_id: Some(id.into()),
        };
        assert!(matches!(member("an").viewer(&members), Viewer::Member(x) if x.id == "an"));
        assert_eq!(member("gone").viewer(&members), Viewer::Secretary);
        assert_eq!(member("s").viewer(&members), Viewer::Secretary);
        assert_eq!(Binding::default().viewer(&members), Viewer::Secretary);
        assert_eq!(
            Binding::choose("member", Some("an"), &members).unwrap(),
            member("an")
        );
        assert_eq!(
            Binding::choose("secretary", Some("an"), &members).unwrap(),
            Binding::default()
        );
        assert!(matches!(
            Binding::choose("member", Some("s"), &members),
            Err(CouncilError::Bind(BindProblem::NotScoring { .. }))
        ));
        assert!(matches!(
            Binding::choose("member", None, &members),
            Err(CouncilError::Bind(BindProblem::NoMember))
        ));
        assert!(matches!(
            Binding::choose("member", Some("x"), &members),
            Err(CouncilError::NotAMember { .. })
        ));
        assert!(matches!(
            Binding::choose("chair", None, &members),
            Err(CouncilError::Bind(BindProblem::Mode { .. }))
        ));
    }

    #[test]
    fn a_save_is_entered_as_the_viewer() {
        let an = m("an", "member", true);
        assert_eq!(
            entry_for(&Viewer::Member(&an), "").unwrap(),
            EnteredBy::Member
        );
        assert_eq!(
            entry_for(&Viewer::Secretary, "secretary").unwrap(),
            EnteredBy::Secretary
        );
        assert!(matches!(
            entry_for(&Viewer::Secretary, "self"),
            Err(CouncilError::EntryMismatch {
                expected: EnteredBy::Secretary
            })
        ));
        let e = entry_for(&Viewer::Member(&an), "typist").unwrap_err();
        assert_eq!(e.fields()[0].field, "entered_by");
    }

    #[test]
    fn binding_is_refused_while_a_sheet_scored_elsewhere_is_sealed() {
        let an = m("an", "member", true);
        let sheet = |this_device, entered_by, has_content, state| MemberSheetFacts {
            product: "Chè búp Tân Cương",
            round: 1,
            state,
            entered_by,
            has_content,
            this_device,
        };
        let revealed = RoundState {
            revealed_round: 1,
            ..OPEN_ROUND
        };
        assert!(may_bind(&an, [sheet(true, EnteredBy::Member, true, OPEN_ROUND)]).is_ok());
        assert!(may_bind(&an, [sheet(false, EnteredBy::Secretary, true, OPEN_ROUND)]).is_ok());
        assert!(may_bind(&an, [sheet(false, EnteredBy::Member, false, OPEN_ROUND)]).is_ok());
        assert!(may_bind(&an, [sheet(false, EnteredBy::Member, true, revealed)]).is_ok());
        let e = may_bind(&an, [sheet(false, EnteredBy::Member, true, OPEN_ROUND)]).unwrap_err();
        assert!(
            e.message_vi().contains("Tên an")
                && e.message_vi().contains("Chè búp Tân Cương")
                && e.message_vi().contains("máy khác"),
            "{}",
            e.message_vi()
        );
    }

    #[test]
    fn content_is_a_choice_a_comment_or_a_case() {
        let none = BTreeMap::new();
        assert!(!has_content(&none, "", None));
        assert!(has_content(&none, "Ghi chú", None));
        assert!(has_content(&none, "", Some(1)));
        assert!(has_content(&[("1.1".to_string(), 0)].into(), "", None));
    }
}
