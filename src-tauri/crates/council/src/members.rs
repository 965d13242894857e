//! The people of a session: their roles, how the session is held, and who may act for the
//! council (reveal, re-score, lock, unlock, disqualify).

use crate::error::{CouncilError, MemberRef};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A member's role in the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chủ tịch.
    Chair,
    /// Phó Chủ tịch.
    ViceChair,
    /// Thành viên.
    Member,
    /// Thư ký.
    Secretary,
    /// Chuyên gia mời (an invited expert).
    Expert,
}

impl Role {
    /// Every role, in the order a council form lists them.
    pub const ALL: [Role; 5] = [
        Role::Chair,
        Role::ViceChair,
        Role::Member,
        Role::Secretary,
        Role::Expert,
    ];

    /// The role of a stored code (`chair`, `vice_chair`, `member`, `secretary`, `expert`).
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::ViceChair => "vice_chair",
            Role::Member => "member",
            Role::Secretary => "secretary",
            Role::Expert => "expert",
        }
    }

    /// The Vietnamese name.
    pub fn name_vi(self) -> &'static str {
        match self {
            Role::Chair => "Chủ tịch",
            Role::ViceChair => "Phó Chủ tịch",
            Role::Member => "Thành viên",
            Role::Secretary => "Thư ký",
            Role::Expert => "Chuyên gia mời",
        }
    }

    /// Whether a member of this role scores unless the council says otherwise: everyone but
    /// invited experts and the secretary.
    pub fn scores_by_default(self) -> bool {
        matches!(self, Role::Chair | Role::ViceChair | Role::Member)
    }

    /// Whether a member of this role acts for the council on a result (reveal, re-score, lock,
    /// unlock, disqualify, requalify): the chair or the secretary.
    pub fn acts_for_council(self) -> bool {
        matches!(self, Role::Chair | Role::Secretary)
    }
}

/// The Vietnamese name of a stored role code; empty for an unknown code.
pub fn role_vi(code: &str) -> &'static str {
    Role::parse(code).map_or("", Role::name_vi)
}

/// How a session is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A meeting in person: attendance makes the quorum.
    InPerson,
    /// Written opinions (the default for re-evaluation, Art. 7.6.d): nobody is marked present;
    /// the members who return their sheets take part.
    Written,
}

impl Mode {
    /// Every mode's stored code.
    pub const CODES: [&'static str; 2] = ["in_person", "written"];

    /// The mode of a stored code; an unknown code counts as in person (the stricter quorum).
    pub fn parse(code: &str) -> Mode {
        if code == "written" {
            Mode::Written
        } else {
            Mode::InPerson
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Mode::InPerson => "in_person",
            Mode::Written => "written",
        }
    }
}

/// A council member as seen in a session (the wire shape of `docs/IPC.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMember {
    /// Member id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Agency.
    pub agency: String,
    /// Role code.
    pub role: String,
    /// Role in Vietnamese.
    pub role_vi: String,
    /// Whether the member scores.
    pub scores: bool,
    /// Whether the member is marked present.
    pub present: bool,
    /// Whether the member sits in the session: marked present, or any member of a written
    /// session ([`SessionMember::sits`] for the session's mode).
    pub seated: bool,
}

impl SessionMember {
    /// The member's role, when the code is known.
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    /// Whether the member holds `role`.
    pub fn is(&self, role: Role) -> bool {
        self.role() == Some(role)
    }

    /// Whether the member sits in a session held in `mode`: present in person, or anyone in a
    /// written session.
    pub fn sits(&self, mode: Mode) -> bool {
        self.present || mode == Mode::Written
    }

    /// The member as named in a decision.
    pub fn named(&self) -> MemberRef {
        MemberRef {
            id: self.id.clone(),
            name: self.name.clone(),
        }
    }
}

/// Labels of members for the scoring engine and the explanation: their names, made unique
/// (a second "Nguyễn Văn An" becomes "Nguyễn Văn An (2)"), by member id.
pub fn labels(members: &[SessionMember]) -> HashMap<String, String> {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    members
        .iter()
        .map(|m| {
            let n = seen.entry(m.name.as_str()).or_insert(0);
            *n += 1;
            let label = if *n == 1 {
                m.name.clone()
            } else {
                format!("{} ({})", m.name, n)
            };
            (m.id.clone(), label)
        })
        .collect()
}

/// Who records the council's steps in a dossier's history (putting it on the agenda): the
/// secretary, or else the chair.
pub fn recorder(members: &[SessionMember]) -> Option<&SessionMember> {
    let pick = |role| members.iter().find(|m| m.is(role));
    pick(Role::Secretary).or_else(|| pick(Role::Chair))
}

/// The member `id` of the session.
pub fn member<'a>(
    members: &'a [SessionMember],
    id: &str,
) -> Result<&'a SessionMember, CouncilError> {
    members
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| CouncilError::NotAMember {
            member_id: id.to_string(),
        })
}

/// The member acting for the council on a result: the chair or the secretary.
pub fn actor<'a>(
    members: &'a [SessionMember],
    by: &str,
) -> Result<&'a SessionMember, CouncilError> {
    let m = members
        .iter()
        .find(|m| m.id == by)
        .ok_or_else(|| CouncilError::NoActor { by: by.to_string() })?;
    if !m.role().is_some_and(Role::acts_for_council) {
        return Err(CouncilError::NotAnActor {
            member: m.named(),
            role: m.role.clone(),
        });
    }
    Ok(m)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A member for tests: `role` code, scoring by default for the role, present or not.
    pub(crate) fn m(id: &str, role: &str, present: bool) -> SessionMember {
        SessionMember {
            id: id.into(),
            name: format!("Tên {id}"),
            agency: String::new(),
            role: role.into(),
            role_vi: role_vi(role).into(),
            scores: Role::parse(role).is_some_and(Role::scores_by_default),
            present,
            seated: present,
        }
    }

    #[test]
    fn roles_read_back_from_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("president"), None);
        assert_eq!(role_vi("vice_chair"), "Phó Chủ tịch");
        assert_eq!(role_vi("x"), "");
    }

    #[test]
    fn who_scores_by_default_and_who_acts() {
        let check = |role: Role, scores: bool, acts: bool| {
            assert_eq!(
                (role.scores_by_default(), role.acts_for_council()),
                (scores, acts),
                "{role:?}"
            );
        };
        check(Role::Chair, true, true);
        check(Role::ViceChair, true, false);
        check(Role::Member, true, false);
        check(Role::Secretary, false, true);
        check(Role::Expert, false, false);
    }

    #[test]
    fn a_written_session_seats_everyone() {
        let absent = m("a", "member", false);
        assert!(!absent.sits(Mode::InPerson));
        assert!(absent.sits(Mode::Written));
        assert_eq!(Mode::parse("written"), Mode::Written);
        assert_eq!(Mode::parse("in_person"), Mode::InPerson);
    }

    #[test]
    fn labels_tell_namesakes_apart() {
        let mut a = m("a", "member", true);
        let mut b = m("b", "member", true);
        a.name = "Nguyễn Văn An".into();
        b.name = "Nguyễn Văn An".into();
        let l = labels(&[a, b, m("c", "chair", true)]);
        assert_eq!(l["a"], "Nguyễn Văn An");
        assert_eq!(l["b"], "Nguyễn Văn An (2)");
        assert_eq!(l["c"], "Tên c");
    }

    #[test]
    fn the_secretary_records_or_else_the_chair() {
        let with = [m("c", "chair", true), m("s", "secretary", false)];
        assert_eq!(recorder(&with).unwrap().id, "s");
        assert_eq!(recorder(&with[..1]).unwrap().id, "c");
        assert!(recorder(&[m("a", "member", true)]).is_none());
    }

    #[test]
    fn only_the_chair_or_secretary_acts() {
        let members = [
            m("c", "chair", true),
            m("s", "secretary", true),
            m("v", "vice_chair", true),
        ];
        assert_eq!(actor(&members, "c").unwrap().id, "c");
        assert_eq!(actor(&members, "s").unwrap().id, "s");
        let e = actor(&members, "v").unwrap_err();
        assert!(
            matches!(&e, CouncilError::NotAnActor { member, role } if member.id == "v" && role == "vice_chair")
        );
        assert!(
            e.message_vi().contains("phó chủ tịch"),
            "{}",
            e.message_vi()
        );
        assert!(matches!(
            actor(&members, "x"),
            Err(CouncilError::NoActor { .. })
        ));
        assert!(matches!(
            member(&members, "x"),
            Err(CouncilError::NotAMember { .. })
        ));
    }
}
