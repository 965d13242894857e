//! Roles and administrative scopes: who may write and read which records (issue 12). The server
//! calls these for every record of every push and every pull; the rule is here once.

use serde::{Deserialize, Serialize};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A commune officer: the producers, products and dossiers of its communes.
    Commune,
    /// Provincial staff: everything in the province; issues decisions and certificates and
    /// resolves conflicts.
    Province,
    /// A council member or secretary: its councils' sessions and agenda, its own score sheets.
    Council,
    /// Accounts and devices only.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Commune, Role::Province, Role::Council, Role::Admin];

    /// The role's name on the wire and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Commune => "commune",
            Role::Province => "province",
            Role::Council => "council",
            Role::Admin => "admin",
        }
    }

    /// The role named `s`.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
