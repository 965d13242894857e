//! The wire shapes of council sessions (`docs/IPC.md`): a session with its members, quorum and
//! agenda, members' sheets, the tally and locked results. Plain data; the rules that fill them
//! are in `ocop-council`, the storage in the table modules.

use ocop_rating::{CouncilRules, Disqualification, ProductResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use ocop_council::disqualify::DisqualifyOption;
pub use ocop_council::{ConflictDecl, Offer, QuorumState, SessionMember};

/// Session modes: a meeting in person, or written opinions (the default for re-evaluation,
/// Art. 7.6.d).
pub const MODES: [&str; 2] = ocop_council::Mode::CODES;

/// What is entered to create or edit a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionInput {
    /// `None` for a new session.
    pub id: Option<String>,
    /// The council holding it.
    pub council_id: String,
    /// Title, e.g. "Phiên họp đánh giá sản phẩm OCOP đợt 1 năm 2026".
    pub title: String,
    /// Date (ISO).
    pub date: String,
    /// Start time `HH:MM`, optional.
    pub time: Option<String>,
    /// Place.
    pub place: String,
    /// `in_person` or `written`.
    pub mode: String,
    /// Rules; `None` copies the council's rules (always the case for a new session unless given).
    pub rules: Option<CouncilRules>,
}

/// One dossier on a session's agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    /// Item id.
    pub id: String,
    /// Position on the agenda, from 1.
    pub ordinal: u32,
    /// The dossier.
    pub dossier_id: String,
    /// Its product.
    pub product_id: String,
    /// Product name.
    pub product_name: String,
    /// Product code.
    pub product_code: Option<String>,
    /// Producer name.
    pub producer_name: String,
    /// Producer's address (commune).
    pub commune_name: Option<String>,
    /// The legal basis of the sheet used.
    pub basis: String,
    /// The product set (sheet number).
    pub product_set: u8,
    /// The set's title.
    pub set_title: String,
    /// How members' sheets are entered: `sheet` (criterion by criterion) or `totals` (the part
    /// totals and minimum-star cap of a paper sheet, for a basis held as totals only).
    pub entry: String,
    /// For a dossier rated under an earlier basis (transitional article): its deadline, and
    /// whether the session is past it.
    pub transition_note: Option<String>,
    /// Current scoring round, from 1.
    pub round: u32,
    /// Whether the current round's result has been revealed.
    pub revealed: bool,
    /// Whether the result is locked.
    pub locked: bool,
    /// Disqualifiers, gates and knock-outs recorded.
    pub disqualified: Vec<Disqualification>,
    /// Conflicts declared.
    pub conflicts: Vec<ConflictDecl>,
}

/// A session with its members, quorum and agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    /// Session id.
    pub id: String,
    /// The council.
    pub council_id: String,
    /// The council's name.
    pub council_name: String,
    /// The council's level.
    pub council_level: String,
    /// Title.
    pub title: String,
    /// Date (ISO).
    pub date: String,
    /// Start time.
    pub time: Option<String>,
    /// Place.
    pub place: String,
    /// Mode.
    pub mode: String,
    /// The rules stored with the session.
    pub rules: CouncilRules,
    /// Members with attendance.
    pub members: Vec<SessionMember>,
    /// The live quorum.
    pub quorum: QuorumState,
    /// The agenda.
    pub agenda: Vec<AgendaItem>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

impl Session {
    /// The session's mode for the rules.
    pub fn mode(&self) -> ocop_council::Mode {
        ocop_council::Mode::parse(&self.mode)
    }
}

/// A line of the sessions list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    /// Session id.
    pub id: String,
    /// Council id.
    pub council_id: String,
    /// Council name.
    pub council_name: String,
    /// Title.
    pub title: String,
    /// Date (ISO).
    pub date: String,
    /// Place.
    pub place: String,
    /// Mode.
    pub mode: String,
    /// Dossiers on the agenda.
    pub items: i64,
    /// Of which locked.
    pub locked: i64,
}

/// A member's sheet as saved (autosave after every choice).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetInput {
    /// The agenda item.
    pub agenda_item_id: String,
    /// The member whose sheet it is.
    pub member_id: String,
    /// Criterion code → 1-based option (0 = none met). May be partial while scoring.
    pub choices: BTreeMap<String, u32>,
    /// The case, for case-variant sheets.
    pub case: Option<u32>,
    /// The member's comments.
    pub comments: Option<String>,
    /// `self` (the member on their laptop) or `secretary` (typed in from paper).
    pub entered_by: String,
}

/// A member's sheet as the scoring screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetView {
    /// The session.
    pub session_id: String,
    /// The agenda item.
    pub agenda_item_id: String,
    /// The member.
    pub member_id: String,
    /// The member's name.
    pub member_name: String,
    /// The round.
    pub round: u32,
    /// The choices.
    pub choices: BTreeMap<String, u32>,
    /// The case.
    pub case: Option<u32>,
    /// Comments.
    pub comments: String,
    /// Who typed it.
    pub entered_by: String,
    /// False when nothing is saved yet for this round (choices then come from the previous
    /// round, as a starting point for a re-score).
    pub saved: bool,
    /// Whether every applicable criterion has a choice.
    pub complete: bool,
    /// Applicable criteria still without a choice, in printed order.
    pub missing: Vec<String>,
    /// Criteria whose condition the choices do not meet: they take no choice.
    pub not_applicable: Vec<String>,
    /// The member's own total so far.
    pub total: u32,
    /// The most the sheet adds up to (100).
    pub max: u32,
    /// The total so far of each part (`A`, `B`, `C`).
    pub parts: BTreeMap<String, u32>,
    /// Whether the sheet can no longer change (result revealed or locked).
    pub read_only: bool,
    /// Why it cannot change, in Vietnamese.
    pub read_only_reason: Option<String>,
    /// The basis and set of the sheet to show.
    pub basis: String,
    /// `sheet` (choices are criterion → option) or `totals` (choices are part → points and
    /// `star_cap`, for a basis held as totals only).
    pub entry: String,
    /// For a `totals` entry, each part's maximum (`A` 40, `B` 25, `C` 35).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts_max: Option<BTreeMap<String, u32>>,
    /// The set.
    pub product_set: u8,
    /// Last saved (RFC 3339).
    pub updated_at: Option<String>,
}

/// Where a member stands on a product in the tally.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberStatus {
    /// The member.
    pub member_id: String,
    /// Name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// `scored`, `partial`, `invalid` (complete but refused by the scoring engine, e.g. choices
    /// of two cases), `not_started`, `conflict`, `absent` or `not_scoring`
    /// ([`ocop_council::MemberState`]).
    pub state: String,
    /// The member's total, only once the round is revealed.
    pub total: Option<u32>,
    /// Whether the total is the highest or lowest of a spread breach.
    pub spread_breach: bool,
}

/// A recorded event of a product's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultEvent {
    /// `reveal`, `rescore`, `lock`, `unlock`, `disqualify`, `requalify`.
    pub kind: String,
    /// The round it happened in.
    pub round: u32,
    /// Who did it.
    pub by_name: String,
    /// Why (re-score, unlock, disqualification note).
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
}

/// The result of an earlier round, kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundResult {
    /// The round.
    pub round: u32,
    /// Its result.
    pub result: ProductResult,
}

/// One product in the tally view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TallyItem {
    /// The agenda item.
    pub item: AgendaItem,
    /// Every member's state.
    pub members: Vec<MemberStatus>,
    /// Members expected to score (present, scoring, without conflict).
    pub expected: u32,
    /// Of them, those with a complete sheet.
    pub complete: u32,
    /// The current round's result, once revealed (or the locked result).
    pub result: Option<ProductResult>,
    /// SHA-256 (hex) of the locked result, once locked.
    pub result_hash: Option<String>,
    /// Results of earlier rounds.
    pub earlier_rounds: Vec<RoundResult>,
    /// Reveal, re-score, lock and unlock, oldest first.
    pub events: Vec<ResultEvent>,
    /// What the chair or secretary may do to the result now, and whether each takes a reason.
    pub actions: Vec<Offer>,
    /// Whether certificates may be issued from the result (locked and recognised).
    pub certifiable: bool,
    /// What may be recorded as eliminating the product (empty once locked).
    pub disqualify_options: Vec<DisqualifyOption>,
}

/// A locked result, ready for a recognition decision and certificates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LockedResult {
    /// The agenda item (the result's id).
    pub agenda_item_id: String,
    /// The session.
    pub session_id: String,
    /// Session title.
    pub session_title: String,
    /// Session date (ISO).
    pub session_date: String,
    /// The dossier.
    pub dossier_id: String,
    /// The product.
    pub product_id: String,
    /// Product name.
    pub product_name: String,
    /// Producer name.
    pub producer_name: String,
    /// Commune.
    pub commune_name: Option<String>,
    /// Basis of the sheet.
    pub basis: String,
    /// Product set.
    pub product_set: u8,
    /// The mean with a decimal point (`82.50`).
    pub score: String,
    /// The mean written the Vietnamese way (`82,50`).
    pub mean_text: String,
    /// The star.
    pub star: u8,
    /// Whether recognised (3★ and above).
    pub recognised: bool,
    /// SHA-256 (hex) of the locked result.
    pub result_hash: String,
    /// When locked (RFC 3339).
    pub locked_at: String,
    /// The number of the certificate issued from this result, if any.
    pub certificate_number: Option<String>,
}
