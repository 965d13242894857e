//! Council sessions (phiên họp): attendance with a live quorum, the agenda of dossiers,
//! conflict-of-interest declarations, members' score sheets (one per member, product and round,
//! autosaved after every choice), the tally computed with `ocop-rating`, the recorded reveal /
//! re-score / lock / unlock of a product's result, and the disqualifications recorded for it
//! (withdrawn, with a reason, until the result is locked).
//!
//! Confidentiality: until the chair or secretary reveals a product's current round, the tally
//! says only who has finished scoring; no totals, mean or star leave the store.

use crate::councils::{council_read, role_vi, validate_rules, Council};
use crate::{Result, Store, StoreError};
use ocop_domain::calendar::{iso, parse_date};
use ocop_domain::text::{clean, nfc};
use ocop_domain::workflow::StepInput;
use ocop_domain::FieldError;
use ocop_rating::{
    check_totals, score_member, score_product, score_totals, Basis, Catalog, CouncilRules, Detail,
    Disqualification, DisqualificationKind, IsoDate, MemberSheet, MemberTotals, ProductResult,
    ScoreError, Sheet,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

/// Session modes: a meeting in person, or written opinions (the default for re-evaluation,
/// Art. 7.6.d).
pub const MODES: [&str; 2] = ["in_person", "written"];

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

/// A council member as seen in a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

/// The live quorum of a session: scoring members present against the council's scoring members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuorumState {
    /// Scoring members present.
    pub present: u32,
    /// Scoring members of the council.
    pub total: u32,
    /// Members needed by the rules' share.
    pub needed: u32,
    /// Whether the chair is present.
    pub chair_present: bool,
    /// Whether the chair must be present.
    pub chair_required: bool,
    /// Whether the quorum is met.
    pub met: bool,
}

/// A declared conflict of interest: the member's sheet on that product is excluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictDecl {
    /// The member.
    pub member_id: String,
    /// The member's name.
    pub member_name: String,
    /// The reason kept in the minutes.
    pub reason: String,
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
    /// The member's own total so far.
    pub total: u32,
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
    /// of two cases), `not_started`, `conflict`, `absent` or `not_scoring`.
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

const SESSION_JSON: &str =
    "SELECT json_object('id', id, 'council_id', council_id, 'title', title, \
    'date', date, 'time', time, 'place', place, 'mode', mode, 'rules', json(rules), \
    'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM council_sessions WHERE id = ?";
const ATTENDANCE_JSON: &str = "SELECT json_object('id', id, 'session_id', session_id, \
    'member_id', member_id, 'present', present, 'updated_at', updated_at, 'device_id', device_id) \
    FROM session_attendance WHERE id = ?";
const ITEM_JSON: &str = "SELECT json_object('id', id, 'session_id', session_id, \
    'dossier_id', dossier_id, 'ordinal', ordinal, 'basis', basis, 'product_set', product_set, \
    'disqualified', json(disqualified), 'round', round, 'revealed_round', revealed_round, \
    'locked', locked, 'result', json(result), 'result_hash', result_hash, \
    'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM agenda_items WHERE id = ?";
const CONFLICT_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'member_id', member_id, 'reason', reason, 'updated_at', updated_at, 'device_id', device_id, \
    'deleted_at', deleted_at) FROM agenda_conflicts WHERE id = ?";
const SHEET_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'member_id', member_id, 'round', round, 'choices', json(choices), 'case_no', case_no, \
    'comments', comments, 'entered_by', entered_by, 'created_at', created_at, \
    'updated_at', updated_at, 'device_id', device_id) FROM score_sheets WHERE id = ?";
const EVENT_JSON: &str = "SELECT json_object('id', id, 'agenda_item_id', agenda_item_id, \
    'kind', kind, 'round', round, 'by_member_id', by_member_id, 'by_name', by_name, \
    'reason', reason, 'payload', json(payload), 'at', at, 'updated_at', updated_at, \
    'device_id', device_id) FROM result_events WHERE id = ?";

/// Whether this laptop may open or save `member`'s sheet on `item` (see `scorer.rs`): a
/// member's laptop only that member's sheet, whatever it holds; the secretary's not a sheet the
/// member scored themselves; both until the round is revealed or the result locked. `shown` is
/// the saved sheet concerned, when it has content (its round and who typed it).
fn sheet_access(
    binding: &crate::scorer::Binding,
    session: &Session,
    item: &ItemRow,
    member: &SessionMember,
    shown: Option<(u32, &str)>,
) -> Result<()> {
    let revealed = |round: u32| item.locked || round <= item.revealed_round;
    match binding.bound(session) {
        Some(b) if b.id != member.id && !revealed(item.round) => Err(StoreError::Sealed(format!(
            "Máy này chấm cho {}. Phiếu của {} được giữ kín đến khi chủ tịch công bố kết quả \
             sản phẩm này.",
            b.name, member.name
        ))),
        None => match shown {
            Some((round, "self")) if !revealed(round) => Err(StoreError::Sealed(format!(
                "Phiếu của {} do chính thành viên tự chấm; nội dung được giữ kín đến khi chủ tịch \
                 công bố kết quả sản phẩm này.",
                member.name
            ))),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Days from `a` to `b` (negative when `b` is earlier).
fn days_from(a: IsoDate, b: IsoDate) -> Option<i64> {
    Some((to_date(b)? - to_date(a)?).whole_days())
}

fn to_date(d: IsoDate) -> Option<time::Date> {
    time::Date::from_calendar_date(d.year, time::Month::try_from(d.month).ok()?, d.day).ok()
}

/// For an item scored under an earlier basis than the one in force on the session's date: the
/// transitional deadline of the current basis, and whether the session is past it.
fn transition_note(basis: &str, dossier_type: &str, session_date: &str) -> Option<String> {
    let on = IsoDate::parse(session_date)?;
    let current = catalog().ok()?.basis_in_force(on)?;
    if current.basis.basis == basis {
        return None;
    }
    let t = current.basis.transition.as_ref()?;
    let days = if dossier_type == "danh_gia_lai" {
        t.days_reevaluation
    } else {
        t.days
    };
    let from = current.basis.effective_from;
    let last = to_date(from)? + time::Duration::days(i64::from(days));
    let head = format!(
        "Hồ sơ nộp trước {} được đánh giá theo {basis} ({} Quyết định {}): phải hoàn thành trong {days} ngày, đến {:02}/{:02}/{:04}.",
        from.to_vietnamese(),
        t.article,
        current.basis.basis,
        last.day(),
        u8::from(last.month()),
        last.year()
    );
    Some(if to_date(on)? > last {
        format!(
            "{head} Phiên họp ngày {} đã quá thời hạn này.",
            on.to_vietnamese()
        )
    } else {
        head
    })
}

fn conflict(message: impl Into<String>) -> StoreError {
    StoreError::Conflict(message.into())
}

fn catalog() -> Result<&'static Catalog> {
    Catalog::builtin().map_err(|e| conflict(format!("Bộ tiêu chí tích hợp bị lỗi: {e}")))
}

/// How an agenda item is scored: on a sheet of criteria, or, for a basis held as totals only
/// (148/2023: dossiers filed before 22/05/2026 finish under it, Art. 12.2), as each member's
/// paper-sheet part totals and minimum-star cap, kept in the sheet's `choices` under the part
/// keys (`A`, `B`, `C`) and [`STAR_CAP`].
#[derive(Clone, Copy)]
pub(crate) enum Scoring {
    Sheet(&'static Sheet),
    Totals(&'static Basis),
}

/// The key of a totals entry holding the highest star whose minimums the paper sheet meets.
pub const STAR_CAP: &str = "star_cap";

pub(crate) fn scoring_of(basis: &str, set: u8) -> Result<Scoring> {
    let entry = catalog()?
        .basis(basis)
        .ok_or_else(|| conflict(format!("Không có căn cứ {basis} trong dữ liệu tiêu chí.")))?;
    if entry.basis.detail == Detail::Totals {
        return Ok(Scoring::Totals(&entry.basis));
    }
    sheet_of(basis, set).map(Scoring::Sheet)
}

impl Scoring {
    /// `entry` of an agenda item: `sheet` or `totals`.
    fn entry(self) -> &'static str {
        match self {
            Scoring::Sheet(_) => "sheet",
            Scoring::Totals(_) => "totals",
        }
    }

    /// What is still to enter, in order: criteria codes, or part keys and `star_cap`.
    fn missing(self, choices: &BTreeMap<String, u32>) -> Vec<String> {
        match self {
            Scoring::Sheet(sheet) => missing_choices(sheet, choices),
            Scoring::Totals(basis) => basis
                .part_maxima
                .keys()
                .map(String::as_str)
                .chain([STAR_CAP])
                .filter(|k| !choices.contains_key(*k))
                .map(str::to_string)
                .collect(),
        }
    }

    /// The points entered so far.
    fn total(self, choices: &BTreeMap<String, u32>) -> u32 {
        match self {
            Scoring::Sheet(sheet) => partial_total(sheet, choices),
            Scoring::Totals(basis) => basis
                .part_maxima
                .keys()
                .filter_map(|k| choices.get(k))
                .sum(),
        }
    }

    /// Checks an entry; errors name the field (`choices.<code>`, `choices.A`, `case`).
    fn check(self, choices: &BTreeMap<String, u32>, case: Option<u32>) -> Result<()> {
        let basis = match self {
            Scoring::Sheet(sheet) => return check_choices(sheet, choices, case),
            Scoring::Totals(basis) => basis,
        };
        let mut e = Vec::new();
        if case.is_some() {
            e.push(FieldError::new(
                "case",
                format!("Phiếu theo {} không chia trường hợp.", basis.basis),
            ));
        }
        for (key, &value) in choices {
            let field = format!("choices.{key}");
            match basis.part_maxima.get(key) {
                Some(&max) if value > max => e.push(FieldError::new(
                    field,
                    format!("Phần {key} tối đa {max} điểm; đã nhập {value}."),
                )),
                Some(_) => {}
                None if key == STAR_CAP => {
                    if !u8::try_from(value).is_ok_and(|v| ocop_rating::STAR_CAPS.contains(&v)) {
                        e.push(FieldError::new(
                            field,
                            "Hạng sao đạt chỉ tiêu tối thiểu phải từ 2 (chưa đạt chỉ tiêu tối thiểu của 3 sao) đến 5.",
                        ))
                    }
                }
                None => e.push(FieldError::new(
                    field,
                    format!(
                        "Phiếu theo {} chỉ ghi điểm các phần {} và hạng sao đạt chỉ tiêu tối thiểu.",
                        basis.basis,
                        basis.part_maxima.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )),
            }
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Validation(e))
        }
    }

    /// A complete entry as the engine takes it.
    fn member_totals(
        self,
        member: String,
        choices: &BTreeMap<String, u32>,
    ) -> Option<MemberTotals> {
        let Scoring::Totals(basis) = self else {
            return None;
        };
        Some(MemberTotals {
            member,
            parts: basis
                .part_maxima
                .keys()
                .filter_map(|k| choices.get(k).map(|v| (k.clone(), *v)))
                .collect(),
            star_cap: choices.get(STAR_CAP).map_or(0, |&c| c.min(255) as u8),
        })
    }

    /// Whether a complete entry scores (a full sheet can still be refused, e.g. cases mixed).
    fn scores(
        self,
        member: &str,
        case: Option<u32>,
        choices: &BTreeMap<String, u32>,
    ) -> std::result::Result<(), ScoreError> {
        match self {
            Scoring::Sheet(sheet) => score_member(
                sheet,
                &MemberSheet {
                    member: member.to_string(),
                    case,
                    choices: choices.clone(),
                },
                0,
            )
            .map(|_| ()),
            Scoring::Totals(basis) => check_totals(
                basis,
                &self
                    .member_totals(member.to_string(), choices)
                    .expect("totals scoring"),
                0,
            )
            .map(|_| ()),
        }
    }
}

/// The sheet of an agenda item.
pub fn sheet_of(basis: &str, set: u8) -> Result<&'static Sheet> {
    catalog()?.sheet(basis, set).ok_or_else(|| {
        conflict(format!(
            "Không có phiếu chấm bộ {set} theo {basis} trong dữ liệu tiêu chí."
        ))
    })
}

fn quorum_of(rules: &CouncilRules, members: &[SessionMember]) -> QuorumState {
    let scoring: Vec<&SessionMember> = members.iter().filter(|m| m.scores).collect();
    let total = scoring.len() as u32;
    let present = scoring.iter().filter(|m| m.present).count() as u32;
    let chair_present = members.iter().any(|m| m.role == "chair" && m.present);
    let q = rules.quorum;
    let needed = if q.denominator == 0 {
        total
    } else {
        (u64::from(total) * u64::from(q.numerator)).div_ceil(u64::from(q.denominator)) as u32
    };
    QuorumState {
        present,
        total,
        needed,
        chair_present,
        chair_required: q.chair_required,
        met: q.is_met(present, total, chair_present),
    }
}

/// The quorum that governs a product's reveal and lock. In person, the attendance quorum. In a
/// written-opinions session nobody is "present": the members who returned a complete sheet (or
/// declared a conflict on the product) count as taking part, by the same share and chair rule.
fn item_quorum(session: &Session, t: &TallyItem) -> QuorumState {
    if session.mode != "written" {
        return session.quorum;
    }
    let took_part = |m: &MemberStatus| m.state == "scored" || m.state == "conflict";
    let present = t
        .members
        .iter()
        .filter(|m| m.state != "not_scoring" && took_part(m))
        .count() as u32;
    let chair_present = t.members.iter().any(|m| m.role == "chair" && took_part(m));
    let mut q = session.quorum;
    q.present = present;
    q.chair_present = chair_present;
    q.met = session.rules.quorum.is_met(present, q.total, chair_present);
    q
}

/// Applicable criteria of `sheet` that `choices` leaves without a choice, in printed order. A
/// conditional criterion whose condition is not (yet) met is not required.
fn missing_choices(sheet: &Sheet, choices: &BTreeMap<String, u32>) -> Vec<String> {
    let points_of = |code: &str| -> Option<u32> {
        let (_, _, c) = sheet.criteria().find(|(_, _, c)| &*c.code == code)?;
        let choice = *choices.get(code)?;
        Some(if choice == 0 {
            0
        } else {
            c.options
                .get(choice as usize - 1)
                .map(|o| o.points)
                .unwrap_or(0)
        })
    };
    sheet
        .criteria()
        .filter(|(_, _, c)| !choices.contains_key(&*c.code))
        .filter(|(_, _, c)| match &c.applies_if {
            None => true,
            Some(cond) => points_of(&cond.criterion).is_none_or(|p| p >= cond.min_points),
        })
        .map(|(_, _, c)| c.code.to_string())
        .collect()
}

fn partial_total(sheet: &Sheet, choices: &BTreeMap<String, u32>) -> u32 {
    sheet
        .criteria()
        .filter_map(|(_, _, c)| {
            let choice = *choices.get(&*c.code)?;
            (choice > 0)
                .then(|| c.options.get(choice as usize - 1).map(|o| o.points))
                .flatten()
        })
        .sum()
}

/// Checks every choice against the sheet; errors name the criterion (`choices.<code>`), or the
/// `case` when the sheet has no such case. On a case-variant sheet (set 26) every choice of a
/// case-specific option must be in one case: the sheet's explicit `case`, or else the case of
/// its first such choice in printed order.
fn check_choices(sheet: &Sheet, choices: &BTreeMap<String, u32>, case: Option<u32>) -> Result<()> {
    if let Some(case) = case {
        if !sheet.cases.iter().any(|c| c.id == case) {
            return Err(StoreError::field(
                "case",
                format!("Phiếu bộ {} không có trường hợp {case}.", sheet.set),
            ));
        }
    }
    let mut e = Vec::new();
    for (code, &choice) in choices {
        let Some((_, _, c)) = sheet.criteria().find(|(_, _, c)| &*c.code == code.as_str()) else {
            e.push(FieldError::new(
                format!("choices.{code}"),
                format!(
                    "Tiêu chí {code} không có trong phiếu chấm bộ {}.",
                    sheet.set
                ),
            ));
            continue;
        };
        if choice as usize > c.options.len() {
            e.push(FieldError::new(
                format!("choices.{code}"),
                format!(
                    "Tiêu chí {code} chỉ có {} lựa chọn (0 = không đạt); không có lựa chọn {choice}.",
                    c.options.len()
                ),
            ));
        }
    }
    if !e.is_empty() {
        return Err(StoreError::Validation(e));
    }
    // Cases: the first case-specific choice fixes the case unless the sheet names one.
    let mut fixed: Option<(u32, Option<String>)> = case.map(|c| (c, None));
    for (_, _, c) in sheet.criteria() {
        let Some(&choice) = choices.get(&*c.code) else {
            continue;
        };
        let Some(oc) = choice
            .checked_sub(1)
            .and_then(|i| c.options.get(i as usize))
            .and_then(|o| o.case)
        else {
            continue;
        };
        match &fixed {
            None => fixed = Some((oc, Some(c.code.to_string()))),
            Some((sc, _)) if *sc == oc => {}
            Some((sc, by)) => {
                let why = match by {
                    None => format!("phiếu đang chấm theo trường hợp {sc}"),
                    Some(first) => format!("tiêu chí {first} đã chọn theo trường hợp {sc}"),
                };
                e.push(FieldError::new(
                    format!("choices.{}", c.code),
                    format!(
                        "Tiêu chí {}: lựa chọn {choice} thuộc trường hợp {oc}, nhưng {why}; \
                         một phiếu chỉ chấm theo một trường hợp. Hãy chọn lại theo trường hợp {sc} \
                         hoặc đổi trường hợp của phiếu.",
                        c.code
                    ),
                ));
            }
        }
    }
    if !e.is_empty() {
        return Err(StoreError::Validation(e));
    }
    // Conditions: a criterion that does not apply must stay empty or 0.
    let probe = MemberSheet {
        member: "_".into(),
        case,
        choices: choices.clone(),
    };
    if let Err(ocop_rating::ScoreError::NotApplicable {
        code, condition, ..
    }) = score_member(sheet, &probe, 0)
    {
        return Err(StoreError::field(
            &format!("choices.{code}"),
            format!(
                "Tiêu chí {code} chỉ áp dụng khi tiêu chí {condition} đạt điều kiện; hãy để trống hoặc chọn 0."
            ),
        ));
    }
    Ok(())
}

/// Why the engine refuses a member's sheet, in Vietnamese, without the engine's `sheets[i]`
/// prefix.
fn engine_problem(e: &ScoreError) -> String {
    match e {
        ScoreError::MissingCriterion { code, .. } => format!("tiêu chí {code} chưa chấm"),
        ScoreError::UnknownCriterion { code, .. } => {
            format!("tiêu chí {code} không có trong phiếu")
        }
        ScoreError::UnknownOption { code, choice, .. } => {
            format!("tiêu chí {code} không có lựa chọn {choice}")
        }
        ScoreError::NotApplicable {
            code, condition, ..
        } => format!("tiêu chí {code} không áp dụng vì tiêu chí {condition} chưa đạt điều kiện"),
        ScoreError::UnknownCase { case, .. } => format!("phiếu không có trường hợp {case}"),
        ScoreError::MixedCases {
            code, choice, case, ..
        } => format!(
            "tiêu chí {code}, lựa chọn {choice} thuộc trường hợp khác (phiếu chấm theo trường hợp {case})"
        ),
        ScoreError::CaseMismatch {
            expected, found, ..
        } => format!(
            "chấm theo trường hợp {found}, trong khi các phiếu khác chấm theo trường hợp {expected}"
        ),
        ScoreError::Totals { problem, .. } => problem.clone(),
        e => e.to_string(),
    }
}

struct ItemRow {
    id: String,
    session_id: String,
    dossier_id: String,
    basis: String,
    product_set: u8,
    round: u32,
    revealed_round: u32,
    locked: bool,
}

async fn item_row(conn: &mut SqliteConnection, id: &str) -> Result<ItemRow> {
    let r = sqlx::query(
        "SELECT id, session_id, dossier_id, basis, product_set, round, revealed_round, locked \
         FROM agenda_items WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "agenda_item",
        id: id.into(),
    })?;
    Ok(ItemRow {
        id: r.get("id"),
        session_id: r.get("session_id"),
        dossier_id: r.get("dossier_id"),
        basis: r.get("basis"),
        product_set: r.get::<i64, _>("product_set") as u8,
        round: r.get::<i64, _>("round") as u32,
        revealed_round: r.get::<i64, _>("revealed_round") as u32,
        locked: r.get("locked"),
    })
}

struct SessionHead {
    id: String,
    council_id: String,
    title: String,
    date: String,
    time: Option<String>,
    place: String,
    mode: String,
    rules: CouncilRules,
    created_at: String,
    updated_at: String,
}

async fn session_head(conn: &mut SqliteConnection, id: &str) -> Result<SessionHead> {
    let r = sqlx::query(
        "SELECT id, council_id, title, date, time, place, mode, rules, created_at, updated_at \
         FROM council_sessions WHERE id = ? AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "session",
        id: id.into(),
    })?;
    Ok(SessionHead {
        id: r.get("id"),
        council_id: r.get("council_id"),
        title: r.get("title"),
        date: r.get("date"),
        time: r.get("time"),
        place: r.get("place"),
        mode: r.get("mode"),
        rules: serde_json::from_str(r.get::<&str, _>("rules"))?,
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    })
}

async fn session_members(
    conn: &mut SqliteConnection,
    council: &Council,
    session_id: &str,
) -> Result<Vec<SessionMember>> {
    let present: HashMap<String, bool> =
        sqlx::query("SELECT member_id, present FROM session_attendance WHERE session_id = ?")
            .bind(session_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| (r.get("member_id"), r.get("present")))
            .collect();
    Ok(council
        .members
        .iter()
        .filter_map(|m| {
            let id = m.id.clone()?;
            Some(SessionMember {
                present: present.get(&id).copied().unwrap_or(false),
                id,
                name: m.name.clone(),
                agency: m.agency.clone(),
                role: m.role.clone(),
                role_vi: role_vi(&m.role).to_string(),
                scores: m.scores.unwrap_or(false),
            })
        })
        .collect())
}

async fn agenda_items(
    conn: &mut SqliteConnection,
    session_id: &str,
    session_date: &str,
    members: &[SessionMember],
) -> Result<Vec<AgendaItem>> {
    let rows = sqlx::query(
        "SELECT a.id, a.ordinal, a.dossier_id, d.product_id, d.dossier_type, p.name AS product_name, \
         p.code AS product_code, pr.name AS producer_name, p.commune_name, a.basis, \
         a.product_set, a.round, a.revealed_round, a.locked, a.disqualified \
         FROM agenda_items a JOIN dossiers d ON d.id = a.dossier_id \
         JOIN products p ON p.id = d.product_id JOIN producers pr ON pr.id = p.producer_id \
         WHERE a.session_id = ? AND a.deleted_at IS NULL ORDER BY a.ordinal",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let conflicts = sqlx::query(
        "SELECT c.agenda_item_id, c.member_id, c.reason FROM agenda_conflicts c \
         JOIN agenda_items a ON a.id = c.agenda_item_id \
         WHERE a.session_id = ? AND c.deleted_at IS NULL",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let cat = catalog()?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let id: String = r.get("id");
        let basis: String = r.get("basis");
        let set = r.get::<i64, _>("product_set") as u8;
        let round = r.get::<i64, _>("round") as u32;
        out.push(AgendaItem {
            conflicts: conflicts
                .iter()
                .filter(|c| c.get::<&str, _>("agenda_item_id") == id)
                .map(|c| {
                    let member_id: String = c.get("member_id");
                    ConflictDecl {
                        member_name: members
                            .iter()
                            .find(|m| m.id == member_id)
                            .map(|m| m.name.clone())
                            .unwrap_or_default(),
                        member_id,
                        reason: c.get("reason"),
                    }
                })
                .collect(),
            id,
            ordinal: i as u32 + 1,
            dossier_id: r.get("dossier_id"),
            product_id: r.get("product_id"),
            product_name: r.get("product_name"),
            product_code: r.get("product_code"),
            producer_name: r.get("producer_name"),
            commune_name: r.get("commune_name"),
            set_title: cat.set_title(&basis, set).unwrap_or_default(),
            entry: scoring_of(&basis, set)
                .map_or("sheet", Scoring::entry)
                .to_string(),
            transition_note: transition_note(&basis, r.get("dossier_type"), session_date),
            basis,
            product_set: set,
            round,
            revealed: r.get::<i64, _>("revealed_round") as u32 >= round,
            locked: r.get("locked"),
            disqualified: serde_json::from_str(r.get::<&str, _>("disqualified"))?,
        });
    }
    Ok(out)
}

/// Labels members for the engine and the explanation: their names, made unique.
fn member_labels(members: &[SessionMember]) -> HashMap<String, String> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    members
        .iter()
        .map(|m| {
            let n = seen.entry(m.name.clone()).or_insert(0);
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

struct SavedSheet {
    member_id: String,
    round: u32,
    choices: BTreeMap<String, u32>,
    case: Option<u32>,
}

/// Every saved sheet of an agenda item, all rounds.
async fn item_sheets(conn: &mut SqliteConnection, item_id: &str) -> Result<Vec<SavedSheet>> {
    sqlx::query(
        "SELECT member_id, round, choices, case_no FROM score_sheets WHERE agenda_item_id = ?",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(SavedSheet {
            member_id: r.get("member_id"),
            round: r.get::<i64, _>("round") as u32,
            choices: serde_json::from_str(r.get::<&str, _>("choices"))?,
            case: r.get::<Option<i64>, _>("case_no").map(|c| c as u32),
        })
    })
    .collect()
}

/// Members expected to score an item: scoring, present (or a written session), no conflict.
fn eligible_members<'a>(session: &'a Session, item: &AgendaItem) -> Vec<&'a SessionMember> {
    session
        .members
        .iter()
        .filter(|m| m.scores)
        .filter(|m| m.present || session.mode == "written")
        .filter(|m| !item.conflicts.iter().any(|c| c.member_id == m.id))
        .collect()
}

/// Scores a round from the complete sheets of the eligible members (`None` when there are
/// none). A complete sheet the engine refuses, or sheets scored in different cases, make the
/// round unscorable: the error names the member, so a reveal is refused rather than counting
/// fewer members.
fn round_result(
    item: &AgendaItem,
    rules: &CouncilRules,
    sheets: &[SavedSheet],
    eligible: &[&SessionMember],
    labels: &HashMap<String, String>,
    round: u32,
) -> Result<Option<ProductResult>> {
    let scoring = scoring_of(&item.basis, item.product_set)?;
    let basis = &catalog()?
        .basis(&item.basis)
        .ok_or_else(|| {
            conflict(format!(
                "Không có căn cứ {} trong dữ liệu tiêu chí.",
                item.basis
            ))
        })?
        .basis;
    let mut members = Vec::new();
    for m in eligible {
        let Some(s) = sheets
            .iter()
            .find(|s| s.member_id == m.id && s.round == round)
        else {
            continue;
        };
        if !scoring.missing(&s.choices).is_empty() {
            continue;
        }
        let label = labels.get(&m.id).cloned().unwrap_or_else(|| m.name.clone());
        if let Err(e) = scoring.scores(&label, s.case, &s.choices) {
            return Err(conflict(format!(
                "Phiếu chấm của {} (vòng {round}) không tính được điểm: {}. Hãy sửa phiếu trước khi công bố.",
                m.name,
                engine_problem(&e)
            )));
        }
        members.push(MemberSheet {
            member: label,
            case: s.case,
            choices: s.choices.clone(),
        });
    }
    if members.is_empty() {
        return Ok(None);
    }
    let scored = match scoring {
        Scoring::Sheet(sheet) => score_product(basis, sheet, rules, &item.disqualified, &members),
        Scoring::Totals(_) => {
            let totals: Vec<MemberTotals> = members
                .into_iter()
                .filter_map(|m| scoring.member_totals(m.member, &m.choices))
                .collect();
            score_totals(basis, item.product_set, rules, &item.disqualified, &totals)
        }
    };
    scored.map(Some).map_err(|e| match &e {
        ScoreError::CaseMismatch { member, .. } => conflict(format!(
            "Không tính được kết quả vòng {round}: phiếu chấm của {member} {}. Các thành viên \
                 phải chấm cùng một trường hợp; hãy thống nhất trường hợp rồi sửa phiếu.",
            engine_problem(&e)
        )),
        _ => conflict(format!(
            "Không tính được kết quả vòng {round}: {}.",
            engine_problem(&e)
        )),
    })
}

/// A result event to record.
struct Event<'a> {
    item_id: &'a str,
    kind: &'a str,
    round: u32,
    by: &'a SessionMember,
    reason: &'a str,
    payload: Option<&'a str>,
}

/// The council's secretary (or else its chair), who records the agenda in the dossier's history.
fn recorder(council: &Council) -> (String, String) {
    let pick = |role: &str| council.members.iter().find(|m| m.role == role);
    match pick("secretary").or_else(|| pick("chair")) {
        Some(m) => (
            m.name.clone(),
            format!("{} {}", role_vi(&m.role), council.name),
        ),
        None => (council.name.clone(), String::new()),
    }
}

/// A workflow refusal ("step") is about the dossier chosen for the agenda.
fn as_dossier_error(e: StoreError) -> StoreError {
    match e {
        StoreError::Validation(v) => StoreError::Validation(
            v.into_iter()
                .map(|f| FieldError::new("dossier_id", f.message))
                .collect(),
        ),
        e => e,
    }
}

fn check_actor<'a>(members: &'a [SessionMember], by: &str) -> Result<&'a SessionMember> {
    let m = members.iter().find(|m| m.id == by).ok_or_else(|| {
        StoreError::field(
            "by",
            "Hãy chọn người thực hiện (Chủ tịch hoặc Thư ký hội đồng).",
        )
    })?;
    if m.role != "chair" && m.role != "secretary" {
        return Err(StoreError::field(
            "by",
            format!(
                "{} là {}; chỉ Chủ tịch hoặc Thư ký hội đồng được thực hiện thao tác này.",
                m.name,
                role_vi(&m.role).to_lowercase()
            ),
        ));
    }
    Ok(m)
}

impl Store {
    /// Creates or edits a session. A new session copies the council's rules unless given.
    pub async fn session_save(&self, input: &SessionInput) -> Result<Session> {
        let title = clean(&input.title);
        let place = clean(&input.place);
        let time = input
            .time
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let mut e = Vec::new();
        if title.is_empty() {
            e.push(FieldError::new("title", "Vui lòng nhập tên phiên họp."));
        }
        if place.is_empty() {
            e.push(FieldError::new("place", "Vui lòng nhập địa điểm họp."));
        }
        if parse_date(input.date.trim()).is_none() {
            e.push(FieldError::new(
                "date",
                "Ngày họp không hợp lệ (dd/mm/yyyy).",
            ));
        }
        if let Some(t) = &time {
            let ok = t.len() == 5
                && t.as_bytes()[2] == b':'
                && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
                && t[3..].parse::<u8>().is_ok_and(|m| m < 60);
            if !ok {
                e.push(FieldError::new(
                    "time",
                    "Giờ họp phải có dạng HH:MM, ví dụ 08:30.",
                ));
            }
        }
        if !MODES.contains(&input.mode.as_str()) {
            e.push(FieldError::new(
                "mode",
                "Hình thức họp phải là họp trực tiếp hoặc lấy ý kiến bằng văn bản.",
            ));
        }
        if let Some(r) = &input.rules {
            validate_rules(r, &mut e);
        }
        let council = match self.council_get(&input.council_id).await {
            Ok(c) if !c.deleted => Some(c),
            _ => {
                e.push(FieldError::new("council_id", "Vui lòng chọn hội đồng."));
                None
            }
        };
        if !e.is_empty() {
            return Err(StoreError::Validation(e));
        }
        let council = council.expect("checked above");
        let now = self.now();
        let dev = self.device();
        let mut tx = self.write_tx().await?;
        let (id, op) = match &input.id {
            Some(id) => {
                let head = session_head(&mut tx, id).await?;
                let rules = input.rules.unwrap_or(head.rules);
                if rules != head.rules {
                    let sheets: i64 = sqlx::query_scalar(
                        "SELECT count(*) FROM score_sheets s JOIN agenda_items a \
                         ON a.id = s.agenda_item_id WHERE a.session_id = ?",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if sheets > 0 {
                        return Err(StoreError::field(
                            "rules",
                            "Đã có phiếu chấm trong phiên họp; không thể đổi quy chế chấm điểm.",
                        ));
                    }
                }
                sqlx::query(
                    "UPDATE council_sessions SET council_id = ?, title = ?, date = ?, time = ?, \
                     place = ?, mode = ?, rules = ?, updated_at = ?, device_id = ? WHERE id = ?",
                )
                .bind(&input.council_id)
                .bind(&title)
                .bind(input.date.trim())
                .bind(&time)
                .bind(&place)
                .bind(&input.mode)
                .bind(serde_json::to_string(&rules)?)
                .bind(&now)
                .bind(&dev)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                (id.clone(), "update")
            }
            None => {
                let id = self.new_id();
                let rules = input.rules.unwrap_or(council.rules);
                sqlx::query(
                    "INSERT INTO council_sessions (id, council_id, title, date, time, place, mode, \
                     rules, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&input.council_id)
                .bind(&title)
                .bind(input.date.trim())
                .bind(&time)
                .bind(&place)
                .bind(&input.mode)
                .bind(serde_json::to_string(&rules)?)
                .bind(&now)
                .bind(&now)
                .bind(&dev)
                .execute(&mut *tx)
                .await?;
                (id, "insert")
            }
        };
        self.log_json(&mut tx, "council_sessions", SESSION_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.session_get(&id).await
    }

    /// A session with its members, attendance, quorum and agenda.
    pub async fn session_get(&self, id: &str) -> Result<Session> {
        let mut conn = self.pool().acquire().await?;
        let head = session_head(&mut conn, id).await?;
        let council = council_read(&mut conn, &head.council_id).await?;
        let members = session_members(&mut conn, &council, id).await?;
        let agenda = agenda_items(&mut conn, id, &head.date, &members).await?;
        Ok(Session {
            quorum: quorum_of(&head.rules, &members),
            id: head.id,
            council_id: head.council_id,
            council_name: council.name,
            council_level: council.level,
            title: head.title,
            date: head.date,
            time: head.time,
            place: head.place,
            mode: head.mode,
            rules: head.rules,
            members,
            agenda,
            created_at: head.created_at,
            updated_at: head.updated_at,
        })
    }

    /// Sessions, newest first, optionally of one council.
    pub async fn sessions_list(&self, council_id: Option<&str>) -> Result<Vec<SessionSummary>> {
        let rows = sqlx::query(
            "SELECT s.id, s.council_id, c.name AS council_name, s.title, s.date, s.place, s.mode, \
             (SELECT count(*) FROM agenda_items a WHERE a.session_id = s.id AND a.deleted_at IS NULL) AS items, \
             (SELECT count(*) FROM agenda_items a WHERE a.session_id = s.id AND a.deleted_at IS NULL AND a.locked = 1) AS locked \
             FROM council_sessions s JOIN councils c ON c.id = s.council_id \
             WHERE s.deleted_at IS NULL AND (? IS NULL OR s.council_id = ?) \
             ORDER BY s.date DESC, s.created_at DESC",
        )
        .bind(council_id)
        .bind(council_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| SessionSummary {
                id: r.get("id"),
                council_id: r.get("council_id"),
                council_name: r.get("council_name"),
                title: r.get("title"),
                date: r.get("date"),
                place: r.get("place"),
                mode: r.get("mode"),
                items: r.get("items"),
                locked: r.get("locked"),
            })
            .collect())
    }

    /// Marks a member present or absent; returns the session with its new quorum.
    pub async fn session_attendance_set(
        &self,
        session_id: &str,
        member_id: &str,
        present: bool,
    ) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let head = session_head(&mut tx, session_id).await?;
        let council = council_read(&mut tx, &head.council_id).await?;
        if !council
            .members
            .iter()
            .any(|m| m.id.as_deref() == Some(member_id))
        {
            return Err(StoreError::field(
                "member_id",
                "Người này không phải thành viên của hội đồng.",
            ));
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT id FROM session_attendance WHERE session_id = ? AND member_id = ?",
        )
        .bind(session_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, op) = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE session_attendance SET present = ?, updated_at = ?, device_id = ? WHERE id = ?",
                )
                .bind(present)
                .bind(&now)
                .bind(self.device())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                (id, "update")
            }
            None => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO session_attendance (id, session_id, member_id, present, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(session_id)
                .bind(member_id)
                .bind(present)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *tx)
                .await?;
                (id, "insert")
            }
        };
        self.log_json(
            &mut tx,
            "session_attendance",
            ATTENDANCE_JSON,
            &id,
            op,
            &now,
        )
        .await?;
        tx.commit().await?;
        self.session_get(session_id).await
    }

    /// Puts a dossier on the session's agenda, bound to the sheet of its product set under the
    /// basis in force on the dossier's filing date (Art. 12.2 of 26/2026: a dossier filed earlier
    /// finishes under the rules before; without a filing date, the session's date decides). A
    /// dossier of an era the session's basis does not take over from (1048/2019) is refused.
    pub async fn session_agenda_add(&self, session_id: &str, dossier_id: &str) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let head = session_head(&mut tx, session_id).await?;
        let row = sqlx::query(
            "SELECT d.status, d.deleted_at, d.commune_received_date, d.product_id, p.product_set, \
             p.name FROM dossiers d JOIN products p ON p.id = d.product_id WHERE d.id = ?",
        )
        .bind(dossier_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::field("dossier_id", "Không tìm thấy hồ sơ."))?;
        if row.get::<Option<String>, _>("deleted_at").is_some() {
            return Err(StoreError::field("dossier_id", "Hồ sơ này đã bị xóa."));
        }
        let status: String = row.get("status");
        if status == "draft" || status == "returned" {
            return Err(StoreError::field(
                "dossier_id",
                "Hồ sơ còn ở trạng thái nháp hoặc đã bị trả lại; chưa thể đưa vào phiên họp.",
            ));
        }
        let set: Option<i64> = row.get("product_set");
        let Some(set) = set.filter(|s| (1..=26).contains(s)) else {
            return Err(StoreError::field(
                "dossier_id",
                format!(
                    "Sản phẩm \"{}\" chưa có bộ sản phẩm; hãy chọn bộ sản phẩm trước.",
                    row.get::<String, _>("name")
                ),
            ));
        };
        // A dossier is scored under the basis in force when it was filed (Art. 12.2 of
        // 26/2026 keeps dossiers filed earlier under the old rules); without a filing date, the
        // session's date decides.
        let filed: Option<String> = row.get("commune_received_date");
        let date = filed
            .as_deref()
            .and_then(IsoDate::parse)
            .or_else(|| IsoDate::parse(&head.date))
            .ok_or_else(|| StoreError::field("date", "Ngày họp không hợp lệ."))?;
        let entry = catalog()?.basis_in_force(date).ok_or_else(|| {
            conflict(format!(
                "Không có bộ tiêu chí nào có hiệu lực vào ngày {}.",
                date.to_vietnamese()
            ))
        })?;
        let basis = entry.basis.basis.clone();
        if let Some(current) =
            IsoDate::parse(&head.date).and_then(|d| catalog().ok()?.basis_in_force(d))
        {
            // Only the basis the session's one took over from carries on (its last day reaches
            // the new one's first): older eras start again under the rules in force.
            let adjoins = entry.basis.effective_to.is_none_or(|to| {
                days_from(to, current.basis.effective_from).is_some_and(|d| d <= 1)
            });
            if current.basis.basis != basis && !adjoins {
                return Err(StoreError::field(
                    "dossier_id",
                    format!(
                        "Hồ sơ nộp ngày {} thuộc thời kỳ {basis} (hết hiệu lực sau ngày {}), không thuộc diện \
                         chuyển tiếp của {}; chủ thể cần nộp hồ sơ mới theo quy định hiện hành.",
                        date.to_vietnamese(),
                        entry.basis.effective_to.map_or_else(String::new, IsoDate::to_vietnamese),
                        current.basis.basis
                    ),
                ));
            }
        }
        // A basis held as totals only is scored on its paper sheets, entered as totals.
        if entry.basis.detail == Detail::Sheets && !entry.sheets.contains_key(&(set as u8)) {
            return Err(conflict(format!(
                "Không có phiếu chấm bộ {set} theo {basis}."
            )));
        }
        let dup: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM agenda_items WHERE session_id = ? AND dossier_id = ? AND deleted_at IS NULL",
        )
        .bind(session_id)
        .bind(dossier_id)
        .fetch_one(&mut *tx)
        .await?;
        if dup > 0 {
            return Err(StoreError::field(
                "dossier_id",
                "Hồ sơ này đã có trong chương trình phiên họp.",
            ));
        }
        let ordinal: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(ordinal), 0) + 1 FROM agenda_items WHERE session_id = ?",
        )
        .bind(session_id)
        .fetch_one(&mut *tx)
        .await?;
        let id = self.new_id();
        // The dossier's history records that it went on the agenda, in this transaction.
        let council = council_read(&mut tx, &head.council_id).await?;
        let (person, role) = recorder(&council);
        let step = StepInput {
            step: "on_agenda".into(),
            date: iso(self.clock().today()),
            person,
            role: Some(role).filter(|r| !r.is_empty()),
            note: Some(format!(
                "{} ngày {}",
                head.title,
                IsoDate::parse(&head.date)
                    .map(IsoDate::to_vietnamese)
                    .unwrap_or_default()
            )),
            details: serde_json::json!({ "session_id": session_id, "agenda_item_id": id }),
        };
        self.dossier_step_add_in(&mut tx, dossier_id, &step)
            .await
            .map_err(as_dossier_error)?;
        let product_id: String = row.get("product_id");
        self.product_set_status_in(
            &mut tx,
            &product_id,
            "in_evaluation",
            Some(&format!("Đưa vào phiên họp: {}", head.title)),
            &now,
        )
        .await?;
        sqlx::query(
            "INSERT INTO agenda_items (id, session_id, dossier_id, ordinal, basis, product_set, \
             created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(session_id)
        .bind(dossier_id)
        .bind(ordinal)
        .bind(&basis)
        .bind(set)
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "agenda_items", ITEM_JSON, &id, "insert", &now)
            .await?;
        tx.commit().await?;
        self.session_get(session_id).await
    }

    /// Takes a dossier off the agenda; refused once anyone has scored it.
    pub async fn session_agenda_remove(&self, item_id: &str) -> Result<Session> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let item = item_row(&mut tx, item_id).await?;
        let sheets: i64 =
            sqlx::query_scalar("SELECT count(*) FROM score_sheets WHERE agenda_item_id = ?")
                .bind(item_id)
                .fetch_one(&mut *tx)
                .await?;
        if sheets > 0 || item.locked {
            return Err(conflict(
                "Sản phẩm này đã có phiếu chấm; không thể bỏ khỏi chương trình họp.",
            ));
        }
        sqlx::query(
            "UPDATE agenda_items SET deleted_at = ?, updated_at = ?, device_id = ? WHERE id = ?",
        )
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        self.log_json(&mut tx, "agenda_items", ITEM_JSON, item_id, "delete", &now)
            .await?;
        self.dossier_step_withdraw_in(&mut tx, &item.dossier_id, |s| {
            s.step == "on_agenda" && s.details["agenda_item_id"] == item_id
        })
        .await?;
        tx.commit().await?;
        self.session_get(&item.session_id).await
    }

    /// Declares (with a reason) or withdraws (`None`) a member's conflict of interest on a
    /// product. The member's sheet on it is then left out of the result.
    pub async fn agenda_conflict_set(
        &self,
        item_id: &str,
        member_id: &str,
        reason: Option<&str>,
    ) -> Result<Session> {
        let reason = reason.map(clean).filter(|r| !r.is_empty());
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let item = item_row(&mut tx, item_id).await?;
        if item.locked {
            return Err(conflict(
                "Kết quả sản phẩm đã khóa; không thể khai báo xung đột lợi ích.",
            ));
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT id FROM agenda_conflicts WHERE agenda_item_id = ? AND member_id = ?",
        )
        .bind(item_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match (existing, &reason) {
            (Some(id), _) => {
                sqlx::query(
                    "UPDATE agenda_conflicts SET reason = coalesce(?, reason), \
                     deleted_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END, updated_at = ?, \
                     device_id = ? WHERE id = ?",
                )
                .bind(&reason)
                .bind(&reason)
                .bind(&now)
                .bind(&now)
                .bind(self.device())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                id
            }
            (None, Some(r)) => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO agenda_conflicts (id, agenda_item_id, member_id, reason, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(item_id)
                .bind(member_id)
                .bind(r)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *tx)
                .await
                .map_err(|e| match e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::field(
                        "member_id",
                        "Người này không phải thành viên của hội đồng.",
                    ),
                    e => e.into(),
                })?;
                id
            }
            (None, None) => {
                return Err(StoreError::field(
                    "reason",
                    "Vui lòng nêu lý do xung đột lợi ích.",
                ))
            }
        };
        let op = if reason.is_some() { "update" } else { "delete" };
        self.log_json(&mut tx, "agenda_conflicts", CONFLICT_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.session_get(&item.session_id).await
    }

    /// A member's sheet for the current round of an agenda item. When the member has not saved
    /// one in this round, the choices of their previous round are offered as a starting point.
    pub async fn sheet_get(&self, item_id: &str, member_id: &str) -> Result<SheetView> {
        let mut conn = self.pool().acquire().await?;
        let item = item_row(&mut conn, item_id).await?;
        let session = self.session_get(&item.session_id).await?;
        let member = session
            .members
            .iter()
            .find(|m| m.id == member_id)
            .ok_or_else(|| {
                StoreError::field("member_id", "Người này không phải thành viên của hội đồng.")
            })?;
        let scoring = scoring_of(&item.basis, item.product_set)?;
        let row = sqlx::query(
            "SELECT round, choices, case_no, comments, entered_by, updated_at FROM score_sheets \
             WHERE agenda_item_id = ? AND member_id = ? AND round <= ? ORDER BY round DESC LIMIT 1",
        )
        .bind(item_id)
        .bind(member_id)
        .bind(item.round)
        .fetch_optional(&mut *conn)
        .await?;
        let (choices, case, comments, entered_by, saved, updated_at) = match &row {
            Some(r) => (
                serde_json::from_str::<BTreeMap<String, u32>>(r.get::<&str, _>("choices"))?,
                r.get::<Option<i64>, _>("case_no").map(|c| c as u32),
                r.get::<String, _>("comments"),
                r.get::<String, _>("entered_by"),
                r.get::<i64, _>("round") as u32 == item.round,
                r.get::<Option<String>, _>("updated_at"),
            ),
            None => (
                BTreeMap::new(),
                None,
                String::new(),
                "secretary".to_string(),
                false,
                None,
            ),
        };
        let binding = self.binding(&mut conn, &item.session_id).await?;
        let has_content = !choices.is_empty() || !comments.is_empty() || case.is_some();
        let shown = row.as_ref().filter(|_| has_content).map(|r| {
            (
                r.get::<i64, _>("round") as u32,
                r.get::<String, _>("entered_by"),
            )
        });
        sheet_access(
            &binding,
            &session,
            &item,
            member,
            shown.as_ref().map(|(round, by)| (*round, by.as_str())),
        )?;
        let read_only_reason = self.sheet_block_reason(&session, &item, member);
        Ok(SheetView {
            session_id: item.session_id.clone(),
            agenda_item_id: item.id.clone(),
            member_id: member.id.clone(),
            member_name: member.name.clone(),
            round: item.round,
            complete: scoring.missing(&choices).is_empty(),
            missing: scoring.missing(&choices),
            total: scoring.total(&choices),
            entry: scoring.entry().to_string(),
            parts_max: match scoring {
                Scoring::Totals(basis) => Some(basis.part_maxima.clone()),
                Scoring::Sheet(_) => None,
            },
            choices,
            case,
            comments,
            entered_by,
            saved,
            read_only: read_only_reason.is_some(),
            read_only_reason,
            basis: item.basis.clone(),
            product_set: item.product_set,
            updated_at: if saved { updated_at } else { None },
        })
    }

    fn sheet_block_reason(
        &self,
        session: &Session,
        item: &ItemRow,
        member: &SessionMember,
    ) -> Option<String> {
        let agenda = session.agenda.iter().find(|a| a.id == item.id)?;
        if item.locked {
            return Some("Kết quả sản phẩm này đã khóa.".into());
        }
        if item.revealed_round >= item.round {
            return Some(format!(
                "Kết quả vòng {} đã công bố; muốn sửa phải mở vòng chấm lại.",
                item.round
            ));
        }
        if !member.scores {
            return Some(format!(
                "{} ({}) không chấm điểm.",
                member.name,
                role_vi(&member.role).to_lowercase()
            ));
        }
        if session.mode == "in_person" && !member.present {
            return Some(format!(
                "{} chưa được điểm danh có mặt tại phiên họp.",
                member.name
            ));
        }
        if let Some(c) = agenda.conflicts.iter().find(|c| c.member_id == member.id) {
            return Some(format!(
                "{} đã khai báo xung đột lợi ích với sản phẩm này: {}",
                member.name, c.reason
            ));
        }
        None
    }

    /// Saves a member's sheet for the current round (autosave: called after every choice).
    /// Partial sheets are kept; only complete ones count in the result.
    pub async fn sheet_save(&self, input: &SheetInput) -> Result<SheetView> {
        if !input.entered_by.is_empty()
            && input.entered_by != "self"
            && input.entered_by != "secretary"
        {
            return Err(StoreError::field(
                "entered_by",
                "Người nhập phiếu phải là chính thành viên hoặc thư ký.",
            ));
        }
        let comments = input.comments.as_deref().map(nfc).unwrap_or_default();
        let comments = comments.trim().to_string();
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let item = item_row(&mut tx, &input.agenda_item_id).await?;
        let session = self.session_get(&item.session_id).await?;
        let member = session
            .members
            .iter()
            .find(|m| m.id == input.member_id)
            .ok_or_else(|| {
                StoreError::field("member_id", "Người này không phải thành viên của hội đồng.")
            })?;
        if let Some(reason) = self.sheet_block_reason(&session, &item, member) {
            return Err(conflict(reason));
        }
        let existing: Option<(String, String, bool)> = sqlx::query_as(concat!(
            "SELECT id, entered_by, ",
            crate::scorer::has_content!(),
            " FROM score_sheets s WHERE agenda_item_id = ? AND member_id = ? AND round = ?"
        ))
        .bind(&item.id)
        .bind(&member.id)
        .bind(item.round)
        .fetch_optional(&mut *tx)
        .await?;
        let binding = self.binding(&mut tx, &item.session_id).await?;
        sheet_access(
            &binding,
            &session,
            &item,
            member,
            existing
                .as_ref()
                .filter(|(_, _, has_content)| *has_content)
                .map(|(_, by, _)| (item.round, by.as_str())),
        )?;
        let entered_by = if binding.bound(&session).is_some() {
            "self"
        } else {
            "secretary"
        };
        if !input.entered_by.is_empty() && input.entered_by != entered_by {
            return Err(StoreError::field(
                "entered_by",
                if entered_by == "self" {
                    "Máy này đang dành cho thành viên tự chấm; phiếu không thể ghi là do thư ký nhập."
                } else {
                    "Máy này đang ở chế độ thư ký nhập phiếu giấy; muốn tự chấm, thành viên chọn mình ở mục «Máy này dùng để»."
                },
            ));
        }
        scoring_of(&item.basis, item.product_set)?.check(&input.choices, input.case)?;
        let choices = serde_json::to_string(&input.choices)?;
        let (id, op) = match existing.map(|(id, _, _)| id) {
            Some(id) => {
                sqlx::query(
                    "UPDATE score_sheets SET choices = ?, case_no = ?, comments = ?, entered_by = ?, \
                     updated_at = ?, device_id = ? WHERE id = ?",
                )
                .bind(&choices)
                .bind(input.case)
                .bind(&comments)
                .bind(entered_by)
                .bind(&now)
                .bind(self.device())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                (id, "update")
            }
            None => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO score_sheets (id, agenda_item_id, member_id, round, choices, case_no, \
                     comments, entered_by, created_at, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&item.id)
                .bind(&member.id)
                .bind(item.round)
                .bind(&choices)
                .bind(input.case)
                .bind(&comments)
                .bind(entered_by)
                .bind(&now)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *tx)
                .await?;
                (id, "insert")
            }
        };
        self.log_json(&mut tx, "score_sheets", SHEET_JSON, &id, op, &now)
            .await?;
        tx.commit().await?;
        self.sheet_get(&item.id, &member.id).await
    }

    /// The tally of a session: per product, who has scored and, once revealed, the mean, band,
    /// star and explanation, with spread breaches marked and earlier rounds kept.
    pub async fn session_tally(&self, session_id: &str) -> Result<Vec<TallyItem>> {
        let session = self.session_get(session_id).await?;
        let mut conn = self.pool().acquire().await?;
        let labels = member_labels(&session.members);
        let mut out = Vec::with_capacity(session.agenda.len());
        for item in &session.agenda {
            let sheets = item_sheets(&mut conn, &item.id).await?;
            let stored = sqlx::query("SELECT result, result_hash FROM agenda_items WHERE id = ?")
                .bind(&item.id)
                .fetch_one(&mut *conn)
                .await?;
            let locked_result: Option<ProductResult> = stored
                .get::<Option<String>, _>("result")
                .map(|j| serde_json::from_str(&j))
                .transpose()?;
            let result_hash: Option<String> = stored.get("result_hash");
            let scoring = scoring_of(&item.basis, item.product_set)?;
            let eligible = eligible_members(&session, item);
            // Members counted in each revealed round, as frozen by its reveal (a reveal
            // recorded before this was kept has none: today's eligible members then count).
            let counted: HashMap<u32, Vec<String>> = sqlx::query(
                "SELECT round, payload FROM result_events WHERE agenda_item_id = ? \
                 AND kind = 'reveal' AND payload IS NOT NULL ORDER BY at, id",
            )
            .bind(&item.id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .filter_map(|r| {
                let payload: serde_json::Value =
                    serde_json::from_str(&r.get::<String, _>("payload")).ok()?;
                let ids = payload["members"]
                    .as_array()?
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                Some((r.get::<i64, _>("round") as u32, ids))
            })
            .collect();
            let counted_in = |round: u32| -> Vec<&SessionMember> {
                match counted.get(&round) {
                    Some(ids) => session
                        .members
                        .iter()
                        .filter(|m| ids.contains(&m.id))
                        .collect(),
                    None => eligible.clone(),
                }
            };
            // A reveal is refused while the round cannot be scored (see `round_result`), so a
            // revealed round scores; should stored sheets still not score (written by an older
            // version), the result stays sealed and the member's state says `invalid`.
            let result = if let Some(locked) = locked_result {
                Some(locked)
            } else if item.revealed {
                round_result(
                    item,
                    &session.rules,
                    &sheets,
                    &counted_in(item.round),
                    &labels,
                    item.round,
                )
                .unwrap_or(None)
            } else {
                None
            };
            let earlier_rounds = (1..item.round)
                .filter_map(|r| {
                    round_result(item, &session.rules, &sheets, &counted_in(r), &labels, r)
                        .unwrap_or(None)
                        .map(|result| RoundResult { round: r, result })
                })
                .collect();
            let breach: Vec<&str> = result
                .as_ref()
                .filter(|r| r.spread_exceeded)
                .map(|r| {
                    let hi = r.members.iter().map(|m| m.total).max().unwrap_or(0);
                    let lo = r.members.iter().map(|m| m.total).min().unwrap_or(0);
                    r.members
                        .iter()
                        .filter(|m| m.total == hi || m.total == lo)
                        .map(|m| m.member.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let mut complete = 0;
            let members: Vec<MemberStatus> = session
                .members
                .iter()
                .map(|m| {
                    let own = sheets
                        .iter()
                        .find(|s| s.member_id == m.id && s.round == item.round);
                    let state = if !m.scores {
                        "not_scoring"
                    } else if item.conflicts.iter().any(|c| c.member_id == m.id) {
                        "conflict"
                    } else if !m.present && session.mode != "written" {
                        "absent"
                    } else {
                        match own {
                            None => "not_started",
                            Some(s) if scoring.missing(&s.choices).is_empty() => {
                                // Complete, yet refused by the engine (e.g. cases mixed).
                                if scoring.scores(&m.name, s.case, &s.choices).is_err() {
                                    "invalid"
                                } else {
                                    complete += 1;
                                    "scored"
                                }
                            }
                            Some(_) => "partial",
                        }
                    };
                    let label = labels.get(&m.id).map(String::as_str).unwrap_or("");
                    let total = result.as_ref().and_then(|r| {
                        r.members
                            .iter()
                            .find(|s| s.member == label)
                            .map(|s| s.total)
                    });
                    MemberStatus {
                        member_id: m.id.clone(),
                        name: m.name.clone(),
                        role: m.role.clone(),
                        state: state.to_string(),
                        total,
                        spread_breach: breach.contains(&label),
                    }
                })
                .collect();
            let events = sqlx::query(
                "SELECT kind, round, by_name, reason, at FROM result_events \
                 WHERE agenda_item_id = ? ORDER BY at, id",
            )
            .bind(&item.id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| ResultEvent {
                kind: r.get("kind"),
                round: r.get::<i64, _>("round") as u32,
                by_name: r.get("by_name"),
                reason: r.get("reason"),
                at: r.get("at"),
            })
            .collect();
            out.push(TallyItem {
                item: item.clone(),
                members,
                expected: eligible.len() as u32,
                complete,
                result,
                result_hash,
                earlier_rounds,
                events,
            });
        }
        Ok(out)
    }

    async fn tally_item(&self, item_id: &str) -> Result<(Session, TallyItem)> {
        let mut conn = self.pool().acquire().await?;
        let item = item_row(&mut conn, item_id).await?;
        drop(conn);
        let session = self.session_get(&item.session_id).await?;
        let tally = self
            .session_tally(&item.session_id)
            .await?
            .into_iter()
            .find(|t| t.item.id == item_id)
            .ok_or_else(|| StoreError::NotFound {
                entity: "agenda_item",
                id: item_id.into(),
            })?;
        Ok((session, tally))
    }

    async fn record_event(
        &self,
        conn: &mut SqliteConnection,
        e: Event<'_>,
        now: &str,
    ) -> Result<()> {
        let id = self.new_id();
        sqlx::query(
            "INSERT INTO result_events (id, agenda_item_id, kind, round, by_member_id, by_name, \
             reason, payload, at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(e.item_id)
        .bind(e.kind)
        .bind(e.round)
        .bind(&e.by.id)
        .bind(&e.by.name)
        .bind(e.reason)
        .bind(e.payload)
        .bind(now)
        .bind(now)
        .bind(self.device())
        .execute(&mut *conn)
        .await?;
        self.log_json(conn, "result_events", EVENT_JSON, &id, "insert", now)
            .await?;
        self.log_json(conn, "agenda_items", ITEM_JSON, e.item_id, "update", now)
            .await
    }

    /// The chair or secretary reveals the current round's result of a product, once every
    /// expected member has a complete sheet and the quorum is met.
    pub async fn agenda_reveal(&self, item_id: &str, by: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if t.item.locked {
            return Err(conflict("Kết quả sản phẩm đã khóa."));
        }
        if t.item.revealed {
            return Err(conflict(format!(
                "Kết quả vòng {} đã được công bố.",
                t.item.round
            )));
        }
        let quorum = item_quorum(&session, &t);
        if !quorum.met {
            return Err(conflict(format!(
                "Chưa đủ túc số: {} {}/{} thành viên chấm điểm, cần ít nhất {}{}.",
                if session.mode == "written" {
                    "đã gửi phiếu"
                } else {
                    "có mặt"
                },
                quorum.present,
                quorum.total,
                quorum.needed,
                if quorum.chair_required && !quorum.chair_present {
                    " và phải có Chủ tịch hội đồng"
                } else {
                    ""
                }
            )));
        }
        let waiting: Vec<&str> = t
            .members
            .iter()
            .filter(|m| m.state == "not_started" || m.state == "partial")
            .map(|m| m.name.as_str())
            .collect();
        if !waiting.is_empty() {
            return Err(conflict(format!(
                "Còn {} thành viên chưa chấm xong: {}.",
                waiting.len(),
                waiting.join(", ")
            )));
        }
        // The round must score with every complete sheet: a sheet the engine refuses is named
        // instead of being left out of the mean.
        let mut conn = self.pool().acquire().await?;
        let sheets = item_sheets(&mut conn, item_id).await?;
        drop(conn);
        let eligible = eligible_members(&session, &t.item);
        let labels = member_labels(&session.members);
        let scored = round_result(
            &t.item,
            &session.rules,
            &sheets,
            &eligible,
            &labels,
            t.item.round,
        )?;
        if t.complete == 0 || scored.is_none() {
            return Err(conflict("Chưa có phiếu chấm nào cho sản phẩm này."));
        }
        // The members counted are frozen with the reveal: attendance or a conflict declared
        // afterwards changes later rounds and products, never a revealed figure.
        let counted = serde_json::json!({
            "members": eligible.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        })
        .to_string();
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE agenda_items SET revealed_round = round, updated_at = ?, device_id = ? WHERE id = ?",
        )
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        self.record_event(
            &mut tx,
            Event {
                item_id,
                kind: "reveal",
                round: t.item.round,
                by: actor,
                reason: "",
                payload: Some(&counted),
            },
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// Opens a new scoring round for a revealed, unlocked product (e.g. after a spread breach).
    /// Both rounds are kept.
    pub async fn agenda_rescore(&self, item_id: &str, by: &str, reason: &str) -> Result<TallyItem> {
        let reason = clean(reason);
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if reason.is_empty() {
            return Err(StoreError::field(
                "reason",
                "Vui lòng ghi lý do chấm lại (ví dụ: chênh lệch điểm vượt ngưỡng).",
            ));
        }
        if t.item.locked {
            return Err(conflict(
                "Kết quả sản phẩm đã khóa; hãy mở khóa trước khi chấm lại.",
            ));
        }
        if !t.item.revealed {
            return Err(conflict(
                "Chỉ mở vòng chấm lại sau khi đã công bố kết quả vòng hiện tại.",
            ));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE agenda_items SET round = round + 1, updated_at = ?, device_id = ? WHERE id = ?",
        )
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        self.record_event(
            &mut tx,
            Event {
                item_id,
                kind: "rescore",
                round: t.item.round + 1,
                by: actor,
                reason: &reason,
                payload: None,
            },
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// Locks a product's revealed result; it then changes only through [`Store::agenda_unlock`].
    pub async fn agenda_lock(&self, item_id: &str, by: &str) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if t.item.locked {
            return Err(conflict("Kết quả sản phẩm đã khóa."));
        }
        let Some(result) = t.result.as_ref().filter(|_| t.item.revealed) else {
            return Err(conflict("Hãy công bố kết quả trước khi khóa."));
        };
        if !item_quorum(&session, &t).met {
            return Err(conflict("Chưa đủ túc số; không thể khóa kết quả."));
        }
        let json = serde_json::to_string(result)?;
        let hash = hex::encode(Sha256::digest(json.as_bytes()));
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE agenda_items SET locked = 1, result = ?, result_hash = ?, updated_at = ?, \
             device_id = ? WHERE id = ?",
        )
        .bind(&json)
        .bind(&hash)
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        let dossier_id = &t.item.dossier_id;
        let step = StepInput {
            step: "result".into(),
            date: iso(self.clock().today()),
            person: actor.name.clone(),
            role: Some(format!("{} {}", role_vi(&actor.role), session.council_name)),
            note: Some(format!(
                "Điểm trung bình {}, {} sao — {}.",
                result.mean_text,
                result.star,
                if result.recognised {
                    "đủ điều kiện công nhận"
                } else {
                    "không đủ điều kiện công nhận"
                }
            )),
            details: serde_json::json!({
                "session_id": session.id, "agenda_item_id": item_id, "result_hash": hash,
                "star": result.star, "mean": result.mean_text,
            }),
        };
        // A dossier whose history cannot take the step (e.g. filed by hand) still locks; the
        // lock event keeps the result.
        match self.dossier_step_add_in(&mut tx, dossier_id, &step).await {
            Ok(()) | Err(StoreError::Validation(_)) => {}
            Err(e) => return Err(e),
        }
        if !result.recognised {
            self.product_set_status_in(
                &mut tx,
                &t.item.product_id,
                "not_recognised",
                step.note.as_deref(),
                &now,
            )
            .await?;
        }
        self.record_event(
            &mut tx,
            Event {
                item_id,
                kind: "lock",
                round: t.item.round,
                by: actor,
                reason: "",
                payload: Some(&json),
            },
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// Unlocks a locked result, recording who and why.
    pub async fn agenda_unlock(&self, item_id: &str, by: &str, reason: &str) -> Result<TallyItem> {
        let reason = clean(reason);
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if reason.is_empty() {
            return Err(StoreError::field(
                "reason",
                "Vui lòng ghi lý do mở khóa kết quả.",
            ));
        }
        if !t.item.locked {
            return Err(conflict("Kết quả sản phẩm chưa khóa."));
        }
        let certified: Option<String> = sqlx::query_scalar(
            "SELECT number FROM certificates WHERE result_id = ? AND deleted_at IS NULL \
             AND revocation_number IS NULL",
        )
        .bind(item_id)
        .fetch_optional(self.pool())
        .await?;
        if let Some(number) = certified {
            return Err(conflict(format!(
                "Đã cấp giấy chứng nhận số {number} từ kết quả này; phải thu hồi giấy chứng nhận \
                 trước khi mở khóa kết quả."
            )));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE agenda_items SET locked = 0, result = NULL, result_hash = NULL, updated_at = ?, \
             device_id = ? WHERE id = ?",
        )
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        let dossier_id = &t.item.dossier_id;
        self.dossier_step_withdraw_in(&mut tx, dossier_id, |s| {
            s.step == "result" && s.details["agenda_item_id"] == item_id
        })
        .await?;
        self.record_event(
            &mut tx,
            Event {
                item_id,
                kind: "unlock",
                round: t.item.round,
                by: actor,
                reason: &reason,
                payload: None,
            },
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// Records a disqualifier, gate or knock-out found for the product (star 0, not recognised).
    pub async fn agenda_disqualify(
        &self,
        item_id: &str,
        by: &str,
        disq: &Disqualification,
    ) -> Result<TallyItem> {
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if t.item.locked {
            return Err(conflict("Kết quả sản phẩm đã khóa."));
        }
        let mut d = disq.clone();
        d.note = d.note.as_deref().map(clean).filter(|n| !n.is_empty());
        let sheet = match scoring_of(&t.item.basis, t.item.product_set)? {
            Scoring::Sheet(sheet) => sheet,
            // Paper sheets of a totals-only basis: a knock-out of the dossier, with its reason.
            Scoring::Totals(basis) => {
                if d.criterion.is_some() {
                    return Err(StoreError::field(
                        "criterion",
                        format!(
                            "Theo {}, ứng dụng không giữ các tiêu chí; hãy ghi điều kiện loại hồ sơ kèm lý do.",
                            basis.basis
                        ),
                    ));
                }
                if d.note.is_none() {
                    return Err(StoreError::field(
                        "note",
                        "Hãy ghi rõ lý do loại hồ sơ theo phiếu giấy.",
                    ));
                }
                d.kind = Some(DisqualificationKind::Knockout);
                return self.record_disqualification(&t, actor, d).await;
            }
        };
        match (d.kind, d.criterion.clone()) {
            (Some(DisqualificationKind::Knockout), _) => {
                if sheet.knockouts.is_empty() && sheet.knockout_text.is_none() {
                    return Err(StoreError::field(
                        "kind",
                        "Phiếu chấm này không có điều kiện loại hồ sơ.",
                    ));
                }
            }
            (_, Some(code)) => {
                let found = sheet
                    .criteria()
                    .find(|(_, _, c)| &*c.code == code.as_str())
                    .filter(|(_, _, c)| c.disqualifier.is_some() || c.gate.is_some());
                let Some((_, _, c)) = found else {
                    return Err(StoreError::field(
                        "criterion",
                        format!(
                            "Tiêu chí {code} không có điều kiện loại trong phiếu chấm bộ {}.",
                            sheet.set
                        ),
                    ));
                };
                // Stored with its kind, so the saved list reads back without the sheet.
                d.kind = Some(if c.disqualifier.is_some() {
                    DisqualificationKind::Disqualifier
                } else {
                    DisqualificationKind::Gate
                });
            }
            (_, None) => {
                return Err(StoreError::field(
                    "criterion",
                    "Hãy chọn tiêu chí có điều kiện loại, hoặc điều kiện loại hồ sơ của phiếu.",
                ))
            }
        }
        self.record_disqualification(&t, actor, d).await
    }

    /// Stores a checked disqualification and records its event.
    async fn record_disqualification(
        &self,
        t: &TallyItem,
        actor: &SessionMember,
        d: Disqualification,
    ) -> Result<TallyItem> {
        let mut list = t.item.disqualified.clone();
        list.push(d.clone());
        let reason = d.note.unwrap_or_default();
        self.set_disqualified(t, actor, &list, ("disqualify", &reason, None))
            .await
    }

    /// Replaces the disqualifications recorded for the item and records the event (`kind`,
    /// reason, payload) in the same transaction.
    async fn set_disqualified(
        &self,
        t: &TallyItem,
        actor: &SessionMember,
        list: &[Disqualification],
        (kind, reason, payload): (&str, &str, Option<&str>),
    ) -> Result<TallyItem> {
        let item_id = t.item.id.as_str();
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE agenda_items SET disqualified = ?, updated_at = ?, device_id = ? WHERE id = ?",
        )
        .bind(serde_json::to_string(list)?)
        .bind(&now)
        .bind(self.device())
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        self.record_event(
            &mut tx,
            Event {
                item_id,
                kind,
                round: t.item.round,
                by: actor,
                reason,
                payload,
            },
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.tally_item(item_id).await?.1)
    }

    /// Withdraws the disqualifiers, gates and knock-outs recorded for the product (e.g. recorded
    /// by mistake, or the missing paper was produced), recording who and why; the withdrawn list
    /// is kept in the event's payload. Refused once the result is locked.
    pub async fn agenda_requalify(
        &self,
        item_id: &str,
        by: &str,
        reason: &str,
    ) -> Result<TallyItem> {
        let reason = clean(reason);
        let (session, t) = self.tally_item(item_id).await?;
        let actor = check_actor(&session.members, by)?;
        if reason.is_empty() {
            return Err(StoreError::field(
                "reason",
                "Vui lòng ghi lý do bỏ điều kiện loại (ví dụ: đã bổ sung giấy tờ, ghi nhận nhầm).",
            ));
        }
        if t.item.locked {
            return Err(conflict(
                "Kết quả sản phẩm đã khóa; hãy mở khóa trước khi bỏ điều kiện loại.",
            ));
        }
        if t.item.disqualified.is_empty() {
            return Err(conflict(
                "Sản phẩm này chưa có điều kiện loại nào được ghi nhận.",
            ));
        }
        let withdrawn = serde_json::to_string(&t.item.disqualified)?;
        self.set_disqualified(&t, actor, &[], ("requalify", &reason, Some(&withdrawn)))
            .await
    }

    /// Locked results, for recognition decisions and certificates; newest session first.
    pub async fn locked_results(&self) -> Result<Vec<LockedResult>> {
        let rows = sqlx::query(
            "SELECT a.id, a.session_id, s.title, s.date, a.dossier_id, d.product_id, \
             p.name AS product_name, pr.name AS producer_name, p.commune_name, a.basis, \
             a.product_set, a.result, a.result_hash, a.updated_at, \
             (SELECT c.number FROM certificates c WHERE c.result_id = a.id \
              AND c.deleted_at IS NULL) AS certificate_number \
             FROM agenda_items a JOIN council_sessions s ON s.id = a.session_id \
             JOIN dossiers d ON d.id = a.dossier_id JOIN products p ON p.id = d.product_id \
             JOIN producers pr ON pr.id = p.producer_id \
             WHERE a.locked = 1 AND a.deleted_at IS NULL AND s.deleted_at IS NULL \
             ORDER BY s.date DESC, a.ordinal",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let result: ProductResult = serde_json::from_str(r.get::<&str, _>("result"))?;
                // The mean with a decimal point, as certificates and annexes store it.
                let score = ocop_rating::format_scaled(result.mean_scaled, result.decimals)
                    .replace(',', ".");
                Ok(LockedResult {
                    agenda_item_id: r.get("id"),
                    session_id: r.get("session_id"),
                    session_title: r.get("title"),
                    session_date: r.get("date"),
                    dossier_id: r.get("dossier_id"),
                    product_id: r.get("product_id"),
                    product_name: r.get("product_name"),
                    producer_name: r.get("producer_name"),
                    commune_name: r.get("commune_name"),
                    basis: r.get("basis"),
                    product_set: r.get::<i64, _>("product_set") as u8,
                    score,
                    mean_text: result.mean_text,
                    star: result.star,
                    recognised: result.recognised,
                    result_hash: r.get("result_hash"),
                    locked_at: r.get("updated_at"),
                    certificate_number: r.get("certificate_number"),
                })
            })
            .collect()
    }
}

impl Store {
    /// Issues certificates from locked council results (agenda item ids) under a recognition
    /// decision: the items are built here from the stored results, never taken from the caller,
    /// and each must be locked and recognised (3★ and above).
    pub async fn issue_certificates_from_results(
        &self,
        issuer: &crate::CertificateIssuer,
        decision: &crate::Decision,
        agenda_item_ids: &[String],
    ) -> Result<Vec<crate::Certificate>> {
        if agenda_item_ids.is_empty() {
            return Err(StoreError::field(
                "item_ids",
                "Hãy chọn ít nhất một kết quả đã khóa để cấp giấy chứng nhận.",
            ));
        }
        let locked = self.locked_results().await?;
        let mut items = Vec::with_capacity(agenda_item_ids.len());
        for id in agenda_item_ids {
            let r = locked
                .iter()
                .find(|r| &r.agenda_item_id == id)
                .ok_or_else(|| {
                    StoreError::field(
                        "item_ids",
                        "Chỉ cấp giấy chứng nhận từ kết quả đã khóa của hội đồng.",
                    )
                })?;
            if !r.recognised {
                return Err(StoreError::field(
                    "item_ids",
                    format!(
                        "{} đạt {} sao, không đủ điều kiện công nhận (từ 3 sao).",
                        r.product_name, r.star
                    ),
                ));
            }
            items.push(crate::IssueItem {
                product_id: r.product_id.clone(),
                result_id: r.agenda_item_id.clone(),
                result_hash: r.result_hash.clone(),
                score: r.score.clone(),
                star: r.star,
                basis: r.basis.clone(),
                set: r.product_set.to_string(),
            });
        }
        self.issue_certificates(issuer, decision, items).await
    }
}
