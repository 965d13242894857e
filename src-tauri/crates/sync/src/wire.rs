//! The messages of the sync protocol, as JSON over HTTP (`docs/SYNC.md` is the reference for
//! whoever writes another client). Every request after login carries
//! `Authorization: Bearer <token>`; every answer carries the server's clock reading so the
//! client's clock moves past it.

use crate::hlc::Hlc;
use crate::scope::Role;
use ocop_domain::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The protocol version this build speaks. A peer with another version is refused at hello.
pub const PROTOCOL_VERSION: u32 = 1;

/// The most changes in one push page.
pub const MAX_PUSH_PAGE: usize = 500;

/// The most rows in one pull page.
pub const MAX_PULL_PAGE: usize = 500;

/// What a client states before anything else (`POST /v1/hello`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    /// The protocol version it speaks.
    pub protocol: u32,
    /// Its app version (semver text).
    pub app_version: String,
    /// The newest migration of its database.
    pub schema_version: i64,
    /// The criteria data it scores with: legal basis → data version.
    pub criteria: BTreeMap<String, String>,
}

/// The server's answer to [`Hello`]: who it is, and whether this client may go on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelloAnswer {
    /// The server's protocol version.
    pub protocol: u32,
    /// The server's app version.
    pub server_version: String,
    /// The oldest client app version it accepts.
    pub min_app_version: String,
    /// The server's own id (stable across restarts).
    pub server_id: String,
    /// The criteria data the server knows: a client never pushes sheets scored on others.
    pub criteria: BTreeMap<String, String>,
    /// The server's clock.
    pub hlc: Hlc,
}

/// A login from one device (`POST /v1/login`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Login {
    /// The account name.
    pub user: String,
    /// Its password (over TLS, or plain HTTP on loopback only).
    pub password: String,
    /// The device logging in (the database's device id).
    pub device_id: String,
    /// A name a person recognises for the device ("Laptop xã Tân Cương").
    pub device_name: String,
}

/// An account as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The account name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The administrative units it covers (commune or province codes).
    pub units: Vec<String>,
    /// For the council role: the council member records that are this person.
    pub members: Vec<String>,
}

/// The answer to a successful [`Login`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginAnswer {
    /// The bearer token, bound to the device.
    pub token: String,
    /// When it stops working (RFC 3339 UTC).
    pub expires_at: String,
    /// Who logged in.
    pub account: Account,
    /// The server's id, to tell servers apart.
    pub server_id: String,
    /// The server's clock.
    pub hlc: Hlc,
}

/// What a change did to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The record was created.
    Insert,
    /// Fields changed.
    Update,
    /// A tombstone was set.
    Delete,
    /// A tombstone was lifted.
    Undelete,
    /// A producer was archived.
    Archive,
    /// A producer was taken out of the archive.
    Restore,
}

impl Op {
    /// The op as the change log writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Undelete => "undelete",
            Op::Archive => "archive",
            Op::Restore => "restore",
        }
    }

    /// The op named `s` in the change log.
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "insert" => Op::Insert,
            "update" => Op::Update,
            "delete" => Op::Delete,
            "undelete" => Op::Undelete,
            "archive" => Op::Archive,
            "restore" => Op::Restore,
            _ => return None,
        })
    }
}

/// One change of one record, as a client pushes it. Its `id` is the idempotency key: the same id
/// with the same content is answered as before; the same id with other content is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The change's id (UUIDv7, from the client's change log).
    pub id: String,
    /// The table written (a name of the catalogue).
    pub table: String,
    /// The record's id.
    pub row_id: String,
    /// What happened.
    pub op: Op,
    /// The clock reading of the change.
    pub hlc: Hlc,
    /// The record version the client had when the change was made (`None`: it had none).
    pub base: Option<i64>,
    /// The fields changed, with their new values (every column for an insert).
    pub fields: Map<String, Value>,
}

/// One page of a push (`POST /v1/push`), in the client's log order: parents before children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushPage {
    /// The client's clock when it sent the page.
    pub hlc: Hlc,
    /// At most [`MAX_PUSH_PAGE`] changes.
    pub changes: Vec<Change>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied; nobody else had touched the record.
    Accepted,
    /// Applied; another device changed other fields meanwhile (flagged for a person).
    ParallelUpdate,
    /// Applied where its clock was later; another device changed the same fields (flagged).
    Conflict,
    /// Not applied, for the reason given (scope, validation, a sealed sheet, a replayed id with
    /// other content). The client keeps the record in error.
    Rejected,
    /// Not applied yet: a record it depends on has not arrived. Push it again later.
    Deferred,
}

/// An error as the server states it: the same `{code, message}` as the app's IPC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    /// The stable code.
    pub code: ErrorCode,
    /// A Vietnamese message for a person.
    pub message: String,
    /// The field concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Data about the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Value>,
}

impl WireError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        WireError {
            code,
            message: message.into(),
            field: None,
            detail: None,
        }
    }

    /// The same error, naming a field.
    pub fn on(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for WireError {}

/// The answer for one change of a push page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeAnswer {
    /// The change's id.
    pub id: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The record's version after it (when applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// The conflict flag raised, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict_id: Option<String>,
    /// Why it was rejected or deferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}

/// The answer to a push page: one entry per change, in the page's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// Per change.
    pub results: Vec<ChangeAnswer>,
    /// The server's clock.
    pub hlc: Hlc,
}

/// One record as a pull delivers it: its whole current state in the server's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledRow {
    /// Position in the server's log (the checkpoint after this row).
    pub seq: i64,
    /// The table.
    pub table: String,
    /// The record's id.
    pub row_id: String,
    /// The record's version.
    pub version: i64,
    /// Every synced column of the record.
    pub fields: Map<String, Value>,
}

/// One page of a pull (`GET /v1/pull?since=SEQ&limit=N`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullPage {
    /// The records changed after `since` that the account may see, in server order.
    pub rows: Vec<PulledRow>,
    /// The checkpoint to ask from next.
    pub next: i64,
    /// Whether more pages follow.
    pub more: bool,
    /// The server's clock.
    pub hlc: Hlc,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_is_plain_json() {
        let change = Change {
            id: "c1".into(),
            table: "producers".into(),
            row_id: "p1".into(),
            op: Op::Update,
            hlc: "000001764979200000-00000-dev".parse().unwrap(),
            base: Some(3),
            fields: json!({"phone": "0912"}).as_object().unwrap().clone(),
        };
        let v = serde_json::to_value(&change).unwrap();
        assert_eq!(
            v,
            json!({"id": "c1", "table": "producers", "row_id": "p1", "op": "update",
                   "hlc": "000001764979200000-00000-dev", "base": 3, "fields": {"phone": "0912"}})
        );
        assert_eq!(serde_json::from_value::<Change>(v).unwrap(), change);
        for op in [
            Op::Insert,
            Op::Update,
            Op::Delete,
            Op::Undelete,
            Op::Archive,
            Op::Restore,
        ] {
            assert_eq!(Op::parse(op.as_str()), Some(op));
        }
    }

    #[test]
    fn an_answer_names_only_what_it_has() {
        let a = ChangeAnswer {
            id: "c1".into(),
            outcome: Outcome::Rejected,
            version: None,
            conflict_id: None,
            error: Some(WireError::new(ErrorCode::Validation, "Sai").on("phone")),
        };
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            json!({"id": "c1", "outcome": "rejected",
                   "error": {"code": "Validation", "message": "Sai", "field": "phone"}})
        );
    }
}
