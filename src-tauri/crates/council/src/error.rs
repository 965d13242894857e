//! The council's refusals, as data: which item, which member, which round, which counts. The
//! Vietnamese text a person reads is built from the data by [`CouncilError::message_vi`]; a
//! refusal about an input names its field ([`CouncilError::fields`]).

use crate::members::{role_vi, Mode};
use crate::quorum::QuorumState;
use crate::results::Action;
use crate::sealing::EnteredBy;
use ocop_domain::{ErrorCode, FieldError};
use ocop_rating::{IsoDate, ScoreError, ScoringError};
use serde::{Serialize, Serializer};

/// A member named in a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRef {
    /// Member id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// Why a transition of a result is refused by its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// The result is locked.
    Locked,
    /// The current round is already revealed.
    Revealed {
        /// The round.
        round: u32,
    },
    /// The current round is not revealed yet.
    NotRevealed {
        /// The round.
        round: u32,
    },
    /// The result is not locked.
    NotLocked,
    /// No disqualification is recorded.
    NothingDisqualified,
}

/// Why a member's sheet cannot change now (its `read_only_reason`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Closed {
    /// The result is locked.
    Locked,
    /// The round's result is revealed; a re-score opens a new round.
    Revealed {
        /// The round.
        round: u32,
    },
    /// The member does not score.
    NotScoring {
        /// The member.
        member: MemberRef,
        /// The member's role code.
        role: String,
    },
    /// The member is not marked present at an in-person session.
    Absent {
        /// The member.
        member: MemberRef,
    },
    /// The member declared a conflict of interest on the product.
    Conflict {
        /// The member.
        member: MemberRef,
        /// The reason declared.
        reason: String,
    },
}

/// Why a member's sheet is sealed from the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Sealed {
    /// A device bound to one member asks for another member's sheet before the reveal.
    OtherMember {
        /// The member the device is bound to.
        viewer: MemberRef,
        /// Whose sheet it is.
        owner: MemberRef,
        /// The round.
        round: u32,
    },
    /// The secretary asks for a sheet the member scored themselves, before its round's reveal.
    ScoredByMember {
        /// Whose sheet it is.
        owner: MemberRef,
        /// The sheet's round.
        round: u32,
    },
    /// Binding a device to a member who scored a product on another device, not yet revealed.
    ScoredElsewhere {
        /// The member.
        member: MemberRef,
        /// The product scored.
        product: String,
    },
}

/// What is wrong with a typed-in sheet; each names its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryProblem {
    /// The sheet has no such case.
    UnknownCase {
        /// The set.
        set: u8,
        /// The case given.
        case: u32,
    },
    /// A basis held as totals has no cases.
    NoCases {
        /// The basis.
        basis: String,
    },
    /// The sheet has no such criterion.
    UnknownCriterion {
        /// The set.
        set: u8,
        /// The code given.
        code: String,
    },
    /// The criterion has no such option.
    UnknownOption {
        /// The criterion.
        code: String,
        /// How many options it has.
        options: usize,
        /// The choice given.
        choice: u32,
    },
    /// A choice belongs to another case than the sheet's.
    MixedCases {
        /// The criterion.
        code: String,
        /// The choice.
        choice: u32,
        /// The choice's case.
        case: u32,
        /// The sheet's case.
        sheet_case: u32,
        /// The criterion whose choice fixed the sheet's case (`None`: the sheet names it).
        fixed_by: Option<String>,
    },
    /// A criterion whose condition is not met was scored above 0.
    NotApplicable {
        /// The criterion.
        code: String,
        /// The criterion its condition looks at.
        condition: String,
    },
    /// A part's points are above its maximum.
    PartOverMax {
        /// The part.
        part: String,
        /// Its maximum.
        max: u32,
        /// The points given.
        value: u32,
    },
    /// The minimum-star cap is outside 2–5.
    StarCap {
        /// The value given.
        value: u32,
    },
    /// A key that is neither a part nor the star cap.
    UnknownPart {
        /// The basis.
        basis: String,
        /// The key given.
        key: String,
        /// The parts there are.
        parts: Vec<String>,
    },
}

impl EntryProblem {
    /// The field the problem is about (`case`, `choices.<code>`).
    pub fn field(&self) -> String {
        match self {
            EntryProblem::UnknownCase { .. } | EntryProblem::NoCases { .. } => "case".into(),
            EntryProblem::UnknownCriterion { code, .. }
            | EntryProblem::UnknownOption { code, .. }
            | EntryProblem::MixedCases { code, .. }
            | EntryProblem::NotApplicable { code, .. } => format!("choices.{code}"),
            EntryProblem::PartOverMax { part, .. } => format!("choices.{part}"),
            EntryProblem::StarCap { .. } => format!("choices.{}", ocop_rating::STAR_CAP),
            EntryProblem::UnknownPart { key, .. } => format!("choices.{key}"),
        }
    }

    /// The problem in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            EntryProblem::UnknownCase { set, case } => {
                format!("Phiếu bộ {set} không có trường hợp {case}.")
            }
            EntryProblem::NoCases { basis } => {
                format!("Phiếu theo {basis} không chia trường hợp.")
            }
            EntryProblem::UnknownCriterion { set, code } => {
                format!("Tiêu chí {code} không có trong phiếu chấm bộ {set}.")
            }
            EntryProblem::UnknownOption {
                code,
                options,
                choice,
            } => format!(
                "Tiêu chí {code} chỉ có {options} lựa chọn (0 = không đạt); không có lựa chọn {choice}."
            ),
            EntryProblem::MixedCases {
                code,
                choice,
                case,
                sheet_case,
                fixed_by,
            } => {
                let why = match fixed_by {
                    None => format!("phiếu đang chấm theo trường hợp {sheet_case}"),
                    Some(first) => {
                        format!("tiêu chí {first} đã chọn theo trường hợp {sheet_case}")
                    }
                };
                format!(
                    "Tiêu chí {code}: lựa chọn {choice} thuộc trường hợp {case}, nhưng {why}; \
                     một phiếu chỉ chấm theo một trường hợp. Hãy chọn lại theo trường hợp \
                     {sheet_case} hoặc đổi trường hợp của phiếu."
                )
            }
            EntryProblem::NotApplicable { code, condition } => format!(
                "Tiêu chí {code} chỉ áp dụng khi tiêu chí {condition} đạt điều kiện; hãy để trống hoặc chọn 0."
            ),
            EntryProblem::PartOverMax { part, max, value } => {
                format!("Phần {part} tối đa {max} điểm; đã nhập {value}.")
            }
            EntryProblem::StarCap { .. } => "Hạng sao đạt chỉ tiêu tối thiểu phải từ 2 (chưa đạt chỉ tiêu tối thiểu của 3 sao) đến 5.".into(),
            EntryProblem::UnknownPart { basis, parts, .. } => format!(
                "Phiếu theo {basis} chỉ ghi điểm các phần {} và hạng sao đạt chỉ tiêu tối thiểu.",
                parts.join(", ")
            ),
        }
    }
}

/// What is wrong with a disqualification to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisqualifyProblem {
    /// A criterion was named under a basis whose criteria the app does not hold.
    CriterionOnPaper {
        /// The basis.
        basis: String,
    },
    /// A knock-out from paper sheets needs its reason.
    NoteRequired,
    /// The sheet has no knock-out.
    NoKnockout {
        /// The set.
        set: u8,
    },
    /// The criterion has no disqualifier or gate.
    NotADisqualifier {
        /// The criterion.
        code: String,
        /// The set.
        set: u8,
    },
    /// Neither a criterion nor a knock-out was chosen.
    Nothing,
}

/// What is wrong with binding a device to a scorer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BindProblem {
    /// Member mode without a member.
    NoMember,
    /// The member does not score.
    NotScoring {
        /// The member.
        member: MemberRef,
        /// The member's role code.
        role: String,
    },
    /// Neither `secretary` nor `member`.
    Mode {
        /// The mode given.
        given: String,
    },
}

/// A refusal by the council's rules. As data ([`CouncilError::detail`]) it reads
/// `{"kind": "<variant>", "data": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum CouncilError {
    /// A typed-in sheet breaks the sheet's rules; every problem is listed.
    #[error("invalid entry: {0:?}")]
    InvalidEntry(Vec<EntryProblem>),
    /// The person is not a member of the council.
    #[error("{member_id} is not a member of the council")]
    NotAMember {
        /// The id given.
        member_id: String,
    },
    /// Nobody (or someone unknown) was named to act for the council.
    #[error("no actor {by}")]
    NoActor {
        /// The id given.
        by: String,
    },
    /// The member named to act is neither the chair nor the secretary.
    #[error("{} ({role}) may not act for the council", member.name)]
    NotAnActor {
        /// The member.
        member: MemberRef,
        /// Their role code.
        role: String,
    },
    /// The action must say why.
    #[error("{action:?} needs a reason")]
    ReasonRequired {
        /// The action.
        action: Action,
    },
    /// `entered_by` is neither `self` nor `secretary`.
    #[error("unknown entered_by {given}")]
    UnknownEntry {
        /// The value given.
        given: String,
    },
    /// `entered_by` disagrees with the device's binding.
    #[error("this device enters sheets as {expected:?}")]
    EntryMismatch {
        /// How this device enters sheets.
        expected: EnteredBy,
    },
    /// A device binding that cannot be made.
    #[error("binding refused: {0:?}")]
    Bind(BindProblem),
    /// A disqualification that cannot be recorded.
    #[error("disqualification refused: {0:?}")]
    Disqualification(DisqualifyProblem),
    /// The dossier's status keeps it off an agenda.
    #[error("a {status} dossier cannot go on an agenda")]
    NotSchedulable {
        /// Its status.
        status: String,
    },
    /// The product has no product set.
    #[error("product {product} has no product set")]
    NoProductSet {
        /// The product's name.
        product: String,
    },
    /// The dossier is of an era the session's basis does not take over from (Art. 12.2).
    #[error("filed {filed} under {basis}, not transitional to {current}")]
    NotTransitional {
        /// The filing date.
        filed: IsoDate,
        /// The basis then in force.
        basis: String,
        /// Its last day.
        effective_to: Option<IsoDate>,
        /// The session's basis.
        current: String,
    },
    /// The session's date is not a date.
    #[error("bad session date")]
    BadSessionDate,
    /// The session's rules cannot change once sheets are saved in it.
    #[error("rules frozen by {sheets} sheets")]
    RulesFrozen {
        /// Sheets saved in the session.
        sheets: i64,
    },
    /// The dossier is already on the session's agenda.
    #[error("dossier {dossier_id} is already on the agenda")]
    AlreadyOnAgenda {
        /// The dossier.
        dossier_id: String,
    },
    /// The result's state refuses the transition.
    #[error("{action:?} refused on {item_id}: {refusal:?}")]
    Transition {
        /// The agenda item.
        item_id: String,
        /// The transition asked for.
        action: Action,
        /// Why not.
        refusal: Refusal,
    },
    /// The quorum is not met.
    #[error("{action:?}: quorum {}/{} (needed {})", quorum.present, quorum.total, quorum.needed)]
    QuorumNotMet {
        /// The transition asked for.
        action: Action,
        /// The session's mode.
        mode: Mode,
        /// The quorum as counted.
        quorum: QuorumState,
    },
    /// Members are still scoring.
    #[error("{} members still scoring {item_id}", members.len())]
    MembersWaiting {
        /// The agenda item.
        item_id: String,
        /// Who.
        members: Vec<MemberRef>,
    },
    /// No member has a complete sheet.
    #[error("no complete sheet on {item_id}")]
    NoCompleteSheet {
        /// The agenda item.
        item_id: String,
    },
    /// A member's complete sheet cannot be scored.
    #[error("sheet of {} (round {round}): {problem}", member.name)]
    SheetUnscorable {
        /// The member.
        member: MemberRef,
        /// The round.
        round: u32,
        /// The engine's refusal.
        #[serde(serialize_with = "as_text")]
        problem: Box<ScoreError>,
    },
    /// The round cannot be scored (e.g. sheets in different cases).
    #[error("round {round}: {problem}")]
    RoundUnscorable {
        /// The round.
        round: u32,
        /// The engine's refusal.
        #[serde(serialize_with = "as_text")]
        problem: Box<ScoreError>,
    },
    /// The member's sheet cannot change now.
    #[error("sheet closed: {0:?}")]
    Closed(Closed),
    /// A certificate issued from the result must be revoked first.
    #[error("certificate {number} issued from {item_id}")]
    Certified {
        /// The agenda item.
        item_id: String,
        /// The certificate's number.
        number: String,
    },
    /// The product has sheets (or a locked result) and stays on the agenda.
    #[error("{item_id} already scored")]
    AlreadyScored {
        /// The agenda item.
        item_id: String,
    },
    /// No basis is in force on the date.
    #[error("no basis in force on {date}")]
    NoBasisInForce {
        /// The date.
        date: IsoDate,
    },
    /// The basis or the set's sheet is not in the criteria data.
    #[error(transparent)]
    Scoring(
        #[from]
        #[serde(serialize_with = "as_text")]
        ScoringError,
    ),
    /// The built-in criteria data failed its checks (a data bug).
    #[error("criteria data: {problem}")]
    Catalog {
        /// What the catalog says.
        problem: String,
    },
    /// A member's sheet sealed from the viewer until the reveal.
    #[error("sealed: {0:?}")]
    Sealed(Sealed),
}

fn as_text<S: Serializer, T: std::fmt::Display>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl CouncilError {
    /// The built-in criteria catalog, or the refusal saying it is broken.
    pub fn catalog() -> Result<&'static ocop_rating::Catalog, CouncilError> {
        ocop_rating::Catalog::builtin().map_err(|e| CouncilError::Catalog {
            problem: e.to_string(),
        })
    }

    /// The code of the refusal: `Validation` (an input is wrong; [`CouncilError::fields`]
    /// names it), `Conflict` (the record's state refuses the operation) or `Sealed` (a member's
    /// sheet is sealed from the viewer).
    pub fn code(&self) -> ErrorCode {
        use CouncilError::*;
        match self {
            InvalidEntry(_)
            | NotAMember { .. }
            | NoActor { .. }
            | NotAnActor { .. }
            | ReasonRequired { .. }
            | UnknownEntry { .. }
            | EntryMismatch { .. }
            | Bind(_)
            | Disqualification(_)
            | NotSchedulable { .. }
            | NoProductSet { .. }
            | NotTransitional { .. }
            | BadSessionDate
            | AlreadyOnAgenda { .. }
            | RulesFrozen { .. } => ErrorCode::Validation,
            Sealed(_) => ErrorCode::Sealed,
            Transition { .. }
            | QuorumNotMet { .. }
            | MembersWaiting { .. }
            | NoCompleteSheet { .. }
            | SheetUnscorable { .. }
            | RoundUnscorable { .. }
            | Closed(_)
            | Certified { .. }
            | AlreadyScored { .. }
            | NoBasisInForce { .. }
            | Scoring(_)
            | Catalog { .. } => ErrorCode::Conflict,
        }
    }

    /// The refusal's data, as sent to the UI beside the message (`detail`).
    pub fn detail(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    /// The fields an input refusal is about, each with its message; empty for the others.
    pub fn fields(&self) -> Vec<FieldError> {
        use CouncilError::*;
        let one = |field: &str| vec![FieldError::new(field, self.message_vi())];
        match self {
            InvalidEntry(problems) => problems
                .iter()
                .map(|p| FieldError::new(p.field(), p.message_vi()))
                .collect(),
            NotAMember { .. } => one("member_id"),
            NoActor { .. } | NotAnActor { .. } => one("by"),
            ReasonRequired { .. } => one("reason"),
            UnknownEntry { .. } | EntryMismatch { .. } => one("entered_by"),
            Bind(BindProblem::Mode { .. }) => one("mode"),
            Bind(_) => one("member_id"),
            Disqualification(DisqualifyProblem::NoteRequired) => one("note"),
            Disqualification(DisqualifyProblem::NoKnockout { .. }) => one("kind"),
            Disqualification(_) => one("criterion"),
            NotSchedulable { .. }
            | NoProductSet { .. }
            | NotTransitional { .. }
            | AlreadyOnAgenda { .. } => one("dossier_id"),
            BadSessionDate => one("date"),
            RulesFrozen { .. } => one("rules"),
            _ => Vec::new(),
        }
    }

    /// A Vietnamese message for a person: what is refused, and what to do.
    pub fn message_vi(&self) -> String {
        use CouncilError::*;
        match self {
            InvalidEntry(problems) => problems
                .first()
                .map(EntryProblem::message_vi)
                .unwrap_or_else(|| "Phiếu chấm chưa hợp lệ.".into()),
            NotAMember { .. } => "Người này không phải thành viên của hội đồng.".into(),
            NoActor { .. } => "Hãy chọn người thực hiện (Chủ tịch hoặc Thư ký hội đồng).".into(),
            NotAnActor { member, role } => format!(
                "{} là {}; chỉ Chủ tịch hoặc Thư ký hội đồng được thực hiện thao tác này.",
                member.name,
                role_vi(role).to_lowercase()
            ),
            ReasonRequired { action } => match action {
                Action::Rescore => {
                    "Vui lòng ghi lý do chấm lại (ví dụ: chênh lệch điểm vượt ngưỡng).".into()
                }
                Action::Unlock => "Vui lòng ghi lý do mở khóa kết quả.".into(),
                Action::Requalify => "Vui lòng ghi lý do bỏ điều kiện loại (ví dụ: đã bổ sung giấy tờ, ghi nhận nhầm).".into(),
                _ => "Vui lòng ghi lý do.".into(),
            },
            UnknownEntry { .. } => "Người nhập phiếu phải là chính thành viên hoặc thư ký.".into(),
            EntryMismatch { expected } => match expected {
                EnteredBy::Member => "Máy này đang dành cho thành viên tự chấm; phiếu không thể ghi là do thư ký nhập.".into(),
                EnteredBy::Secretary => "Máy này đang ở chế độ thư ký nhập phiếu giấy; muốn tự chấm, thành viên chọn mình ở mục «Máy này dùng để».".into(),
            },
            Bind(p) => match p {
                BindProblem::NoMember => "Chọn thành viên sẽ chấm trên máy này.".into(),
                BindProblem::NotScoring { member, role } => format!(
                    "{} ({}) không chấm điểm.",
                    member.name,
                    role_vi(role).to_lowercase()
                ),
                BindProblem::Mode { .. } => {
                    "Chế độ chấm phải là thư ký nhập phiếu hoặc thành viên tự chấm.".into()
                }
            },
            Disqualification(p) => match p {
                DisqualifyProblem::CriterionOnPaper { basis } => format!(
                    "Theo {basis}, ứng dụng không giữ các tiêu chí; hãy ghi điều kiện loại hồ sơ kèm lý do."
                ),
                DisqualifyProblem::NoteRequired => {
                    "Hãy ghi rõ lý do loại hồ sơ theo phiếu giấy.".into()
                }
                DisqualifyProblem::NoKnockout { .. } => {
                    "Phiếu chấm này không có điều kiện loại hồ sơ.".into()
                }
                DisqualifyProblem::NotADisqualifier { code, set } => format!(
                    "Tiêu chí {code} không có điều kiện loại trong phiếu chấm bộ {set}."
                ),
                DisqualifyProblem::Nothing => "Hãy chọn tiêu chí có điều kiện loại, hoặc điều kiện loại hồ sơ của phiếu.".into(),
            },
            NotSchedulable { .. } => "Hồ sơ còn ở trạng thái nháp hoặc đã bị trả lại; chưa thể đưa vào phiên họp.".into(),
            NoProductSet { product } => format!(
                "Sản phẩm \"{product}\" chưa có bộ sản phẩm; hãy chọn bộ sản phẩm trước."
            ),
            NotTransitional {
                filed,
                basis,
                effective_to,
                current,
            } => format!(
                "Hồ sơ nộp ngày {} thuộc thời kỳ {basis} (hết hiệu lực sau ngày {}), không thuộc diện \
                 chuyển tiếp của {current}; chủ thể cần nộp hồ sơ mới theo quy định hiện hành.",
                filed.to_vietnamese(),
                effective_to.map_or_else(String::new, IsoDate::to_vietnamese),
            ),
            BadSessionDate => "Ngày họp không hợp lệ.".into(),
            AlreadyOnAgenda { .. } => "Hồ sơ này đã có trong chương trình phiên họp.".into(),
            RulesFrozen { .. } => {
                "Đã có phiếu chấm trong phiên họp; không thể đổi quy chế chấm điểm.".into()
            }
            Transition { action, refusal, .. } => transition_vi(*action, *refusal),
            QuorumNotMet {
                action: Action::Reveal,
                mode,
                quorum: q,
            } => format!(
                "Chưa đủ túc số: {} {}/{} thành viên chấm điểm, cần ít nhất {}{}.",
                if *mode == Mode::Written {
                    "đã gửi phiếu"
                } else {
                    "có mặt"
                },
                q.present,
                q.total,
                q.needed,
                if q.chair_missing() {
                    " và phải có Chủ tịch hội đồng"
                } else {
                    ""
                }
            ),
            QuorumNotMet { .. } => "Chưa đủ túc số; không thể khóa kết quả.".into(),
            MembersWaiting { members, .. } => format!(
                "Còn {} thành viên chưa chấm xong: {}.",
                members.len(),
                members
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NoCompleteSheet { .. } => "Chưa có phiếu chấm nào cho sản phẩm này.".into(),
            SheetUnscorable {
                member,
                round,
                problem,
            } => format!(
                "Phiếu chấm của {} (vòng {round}) không tính được điểm: {}. Hãy sửa phiếu trước khi công bố.",
                member.name,
                engine_problem(problem)
            ),
            RoundUnscorable { round, problem } => match &**problem {
                ScoreError::CaseMismatch { member, .. } => format!(
                    "Không tính được kết quả vòng {round}: phiếu chấm của {member} {}. Các thành \
                     viên phải chấm cùng một trường hợp; hãy thống nhất trường hợp rồi sửa phiếu.",
                    engine_problem(problem)
                ),
                _ => format!(
                    "Không tính được kết quả vòng {round}: {}.",
                    engine_problem(problem)
                ),
            },
            Closed(c) => closed_vi(c),
            Certified { number, .. } => format!(
                "Đã cấp giấy chứng nhận số {number} từ kết quả này; phải thu hồi giấy chứng nhận \
                 trước khi mở khóa kết quả."
            ),
            AlreadyScored { .. } => {
                "Sản phẩm này đã có phiếu chấm; không thể bỏ khỏi chương trình họp.".into()
            }
            NoBasisInForce { date } => format!(
                "Không có bộ tiêu chí nào có hiệu lực vào ngày {}.",
                date.to_vietnamese()
            ),
            Scoring(ScoringError::UnknownBasis { basis }) => {
                format!("Không có căn cứ {basis} trong dữ liệu tiêu chí.")
            }
            Scoring(ScoringError::NoSheet { basis, set }) => {
                format!("Không có phiếu chấm bộ {set} theo {basis} trong dữ liệu tiêu chí.")
            }
            Catalog { problem } => format!("Bộ tiêu chí tích hợp bị lỗi: {problem}"),
            Sealed(s) => sealed_vi(s),
        }
    }
}

fn transition_vi(action: Action, refusal: Refusal) -> String {
    match (refusal, action) {
        (Refusal::Locked, Action::Rescore) => {
            "Kết quả sản phẩm đã khóa; hãy mở khóa trước khi chấm lại.".into()
        }
        (Refusal::Locked, Action::Requalify) => {
            "Kết quả sản phẩm đã khóa; hãy mở khóa trước khi bỏ điều kiện loại.".into()
        }
        (Refusal::Locked, Action::DeclareConflict) => {
            "Kết quả sản phẩm đã khóa; không thể khai báo xung đột lợi ích.".into()
        }
        (Refusal::Locked, Action::RemoveFromAgenda) => {
            "Kết quả sản phẩm đã khóa; không thể bỏ khỏi chương trình họp.".into()
        }
        (Refusal::Locked, _) => "Kết quả sản phẩm đã khóa.".into(),
        (Refusal::Revealed { round }, _) => format!("Kết quả vòng {round} đã được công bố."),
        (Refusal::NotRevealed { .. }, Action::Lock) => "Hãy công bố kết quả trước khi khóa.".into(),
        (Refusal::NotRevealed { .. }, _) => {
            "Chỉ mở vòng chấm lại sau khi đã công bố kết quả vòng hiện tại.".into()
        }
        (Refusal::NotLocked, _) => "Kết quả sản phẩm chưa khóa.".into(),
        (Refusal::NothingDisqualified, _) => {
            "Sản phẩm này chưa có điều kiện loại nào được ghi nhận.".into()
        }
    }
}

fn closed_vi(c: &Closed) -> String {
    match c {
        Closed::Locked => "Kết quả sản phẩm này đã khóa.".into(),
        Closed::Revealed { round } => {
            format!("Kết quả vòng {round} đã công bố; muốn sửa phải mở vòng chấm lại.")
        }
        Closed::NotScoring { member, role } => format!(
            "{} ({}) không chấm điểm.",
            member.name,
            role_vi(role).to_lowercase()
        ),
        Closed::Absent { member } => {
            format!("{} chưa được điểm danh có mặt tại phiên họp.", member.name)
        }
        Closed::Conflict { member, reason } => format!(
            "{} đã khai báo xung đột lợi ích với sản phẩm này: {reason}",
            member.name
        ),
    }
}

fn sealed_vi(s: &Sealed) -> String {
    match s {
        Sealed::OtherMember { viewer, owner, .. } => format!(
            "Máy này chấm cho {}. Phiếu của {} được giữ kín đến khi chủ tịch công bố kết quả \
             sản phẩm này.",
            viewer.name, owner.name
        ),
        Sealed::ScoredByMember { owner, .. } => format!(
            "Phiếu của {} do chính thành viên tự chấm; nội dung được giữ kín đến khi chủ tịch \
             công bố kết quả sản phẩm này.",
            owner.name
        ),
        Sealed::ScoredElsewhere { member, product } => format!(
            "{} đã tự chấm sản phẩm {product} trên máy khác; phiếu được giữ kín đến khi chủ tịch \
             công bố kết quả, nên máy này không thể chấm thay cho {}.",
            member.name, member.name
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str) -> MemberRef {
        MemberRef {
            id: format!("id-{name}"),
            name: name.into(),
        }
    }

    #[test]
    fn the_data_reaches_the_ui_as_detail() {
        let e = CouncilError::Sealed(Sealed::OtherMember {
            viewer: member("An"),
            owner: member("Bình"),
            round: 2,
        });
        assert_eq!(
            e.detail().unwrap(),
            serde_json::json!({
                "kind": "sealed",
                "data": {
                    "kind": "other_member",
                    "viewer": {"id": "id-An", "name": "An"},
                    "owner": {"id": "id-Bình", "name": "Bình"},
                    "round": 2
                }
            })
        );
        let e = CouncilError::QuorumNotMet {
            action: Action::Reveal,
            mode: Mode::Written,
            quorum: QuorumState::count(&Default::default(), 3, 4, false),
        };
        let d = e.detail().unwrap();
        assert_eq!(
            (d["kind"].as_str(), d["data"]["action"].as_str()),
            (Some("quorum_not_met"), Some("reveal"))
        );
        assert_eq!(d["data"]["quorum"]["present"], 3);
        let e = CouncilError::InvalidEntry(vec![EntryProblem::PartOverMax {
            part: "A".into(),
            max: 40,
            value: 41,
        }]);
        assert_eq!(e.detail().unwrap()["data"][0]["value"], 41);
        assert_eq!(
            CouncilError::BadSessionDate.detail().unwrap(),
            serde_json::json!({"kind": "bad_session_date"})
        );
    }

    #[test]
    fn each_refusal_has_its_code() {
        assert_eq!(CouncilError::BadSessionDate.code(), ErrorCode::Validation);
        assert_eq!(
            CouncilError::Closed(Closed::Locked).code(),
            ErrorCode::Conflict
        );
        assert_eq!(
            CouncilError::Sealed(Sealed::ScoredByMember {
                owner: member("An"),
                round: 1
            })
            .code(),
            ErrorCode::Sealed
        );
    }

    #[test]
    fn every_input_refusal_names_a_field() {
        let samples = [
            CouncilError::InvalidEntry(vec![EntryProblem::StarCap { value: 7 }]),
            CouncilError::NotAMember {
                member_id: "x".into(),
            },
            CouncilError::NoActor { by: String::new() },
            CouncilError::ReasonRequired {
                action: Action::Unlock,
            },
            CouncilError::UnknownEntry { given: "x".into() },
            CouncilError::EntryMismatch {
                expected: EnteredBy::Member,
            },
            CouncilError::Bind(BindProblem::NoMember),
            CouncilError::Disqualification(DisqualifyProblem::Nothing),
            CouncilError::NotSchedulable {
                status: "draft".into(),
            },
            CouncilError::BadSessionDate,
            CouncilError::AlreadyOnAgenda {
                dossier_id: "d".into(),
            },
        ];
        for e in samples {
            assert_eq!(e.code(), ErrorCode::Validation, "{e:?}");
            let f = e.fields();
            assert!(!f.is_empty(), "{e:?}");
            assert_eq!(f[0].message, e.message_vi(), "{e:?}");
        }
    }
}
