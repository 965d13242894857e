//! The rules of an OCOP evaluation council's meeting, pure: no database, no IO, no clock. The
//! desktop store, a meeting hub and a sync server all enforce the same rules by calling this
//! crate with what they know, so none of them keeps its own copy.
//!
//! - [`quorum`]: who takes part (attendance in person; returned sheets in writing), the share
//!   and the chair rule.
//! - [`conflicts`]: conflicts of interest and attendance decide who is expected to score a
//!   product, where each member stands on it ([`MemberState`]) and why a sheet is closed.
//! - [`sealing`]: who may read, save or print which member's sheet before the reveal.
//! - [`results`]: a result's reveal → re-score → lock → unlock and disqualify / requalify, the
//!   members frozen at a reveal, and the scoring of a round.
//! - [`entry`]: what a member may type into a sheet, and the live preview of it.
//! - [`disqualify`]: what may be recorded as eliminating a product.
//! - [`agenda`]: what may go on an agenda, and the Art. 12.2 transition (which basis, which
//!   deadline).
//! - [`proposals`]: the council's proposals in its minutes, from the basis's data.
//! - [`setup`]: a council's rule parameters and a session's fields.
//!
//! Every refusal is a [`CouncilError`] carrying data (item, member, round, counts); its
//! [`CouncilError::message_vi`] builds the Vietnamese text from that data.
//!
//! # Enforcing the seal elsewhere
//!
//! A meeting hub or a sync server that holds members' sheets answers each request for a sheet
//! with [`sealing::sheet_access`], built from plain facts: who asks ([`sealing::Viewer`]: the
//! member a device is bound to, or the secretary — [`sealing::Binding::viewer`] turns a stored
//! binding into one), whose sheet it is, the sheet's round and who typed it when it says
//! something ([`sealing::ShownSheet`], [`sealing::has_content`]), and where the product's
//! result stands ([`RoundState`]). The decision is [`sealing::Access::Open`] or
//! [`sealing::Access::Sealed`] with the reason; a sealed sheet's content must not leave.
//!
//! ```
//! use ocop_council::sealing::{sheet_access, Access, EnteredBy, SheetAction, SheetRequest, ShownSheet, Viewer};
//! use ocop_council::{RoundState, SessionMember};
//!
//! let member = |id: &str| SessionMember {
//!     id: id.into(), name: id.into(), agency: String::new(), role: "member".into(),
//!     role_vi: "Thành viên".into(), scores: true, present: true, seated: true,
//! };
//! let (an, binh) = (member("An"), member("Bình"));
//! let request = |state| SheetRequest {
//!     action: SheetAction::Read,
//!     viewer: Viewer::Member(&an),
//!     owner: &binh,
//!     sheet: Some(ShownSheet { round: 1, entered_by: EnteredBy::Member }),
//!     state,
//! };
//! let before = RoundState { round: 1, revealed_round: 0, locked: false };
//! let after = RoundState { revealed_round: 1, ..before };
//! assert!(matches!(sheet_access(&request(before)), Access::Sealed(_)));
//! assert_eq!(sheet_access(&request(after)), Access::Open);
//! ```

pub mod agenda;
pub mod conflicts;
pub mod disqualify;
pub mod entry;
mod error;
pub mod members;
pub mod proposals;
pub mod quorum;
pub mod results;
pub mod sealing;
pub mod setup;

pub use conflicts::{ConflictDecl, MemberState};
pub use error::{
    BindProblem, Closed, CouncilError, DisqualifyProblem, EntryProblem, MemberRef, Refusal, Sealed,
};
pub use members::{Mode, Role, SessionMember};
pub use quorum::QuorumState;
pub use results::{Action, Offer, RoundState};
