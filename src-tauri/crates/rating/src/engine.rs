//! Scoring: one member's sheet, and a product's result from the sheets of the members who
//! scored it, with the explanation of why.

use crate::model::{Basis, Criterion, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A member's filled-in sheet: one choice per criterion, keyed by the printed code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSheet {
    /// Who scored (a member id or name).
    pub member: String,
    /// For case-variant sheets, the case the member scores in; inferred from the choices if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<u32>,
    /// Criterion code → 1-based option position (0 = none of the options met).
    pub choices: BTreeMap<String, u32>,
}

/// How a star minimum is judged across the members who scored a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinStarRule {
    /// More than half of the members chose at or above the starred option.
    #[default]
    Majority,
    /// Every member chose at or above the starred option.
    All,
    /// The mean points on the criterion reach the starred option's points.
    Mean,
}

impl MinStarRule {
    fn vietnamese(self) -> &'static str {
        match self {
            MinStarRule::Majority => "quy tắc đa số",
            MinStarRule::All => "quy tắc tất cả thành viên",
            MinStarRule::Mean => "quy tắc điểm trung bình",
        }
    }
}

/// The share of members that must be present for a session to score, and whether the chair
/// must be among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Quorum {
    /// Numerator of the share (default 3).
    pub numerator: u32,
    /// Denominator of the share (default 4).
    pub denominator: u32,
    /// Whether the chair must be present (default true).
    pub chair_required: bool,
}

impl Default for Quorum {
    fn default() -> Self {
        Quorum {
            numerator: 3,
            denominator: 4,
            chair_required: true,
        }
    }
}

impl Quorum {
    /// Whether `present` of `total` members, with or without the chair, make a quorum.
    pub fn is_met(&self, present: u32, total: u32, chair_present: bool) -> bool {
        total > 0
            && present <= total
            && u64::from(present) * u64::from(self.denominator)
                >= u64::from(total) * u64::from(self.numerator)
            && (chair_present || !self.chair_required)
    }
}

/// The default quorum (3/4 of members, chair included): whether `present` of `total` suffice.
pub fn quorum_met(present: u32, total: u32, chair_present: bool) -> bool {
    Quorum::default().is_met(present, total, chair_present)
}

/// A council's rule parameters (its Quy chế), stored with each session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CouncilRules {
    /// Largest allowed gap between the highest and lowest member totals (default 10).
    pub spread_limit: u32,
    /// The quorum (default 3/4, chair included).
    pub quorum: Quorum,
    /// Decimals of the published mean (default 2, at most 6).
    pub decimals: u32,
    /// How minimums are judged across members (default majority).
    pub min_star_rule: MinStarRule,
}

impl Default for CouncilRules {
    fn default() -> Self {
        CouncilRules {
            spread_limit: 10,
            quorum: Quorum::default(),
            decimals: 2,
            min_star_rule: MinStarRule::Majority,
        }
    }
}

/// What eliminated a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisqualificationKind {
    /// "Bị loại nếu …" printed under a criterion.
    Disqualifier,
    /// "Không xem xét các chỉ tiêu khác nếu …": the evaluation stops.
    Gate,
    /// "Hồ sơ bị loại khi …" in the sheet's header.
    Knockout,
}

/// A disqualifier, gate or knock-out recorded for a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DisqualificationWire")]
pub struct Disqualification {
    /// The kind; `None` when given as a bare criterion code (inferred from the sheet).
    pub kind: Option<DisqualificationKind>,
    /// The criterion it is printed under, if any.
    pub criterion: Option<String>,
    /// What was found.
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DisqualificationWire {
    Code(String),
    Full {
        kind: DisqualificationKind,
        #[serde(default)]
        criterion: Option<String>,
        #[serde(default)]
        note: Option<String>,
    },
}

impl From<DisqualificationWire> for Disqualification {
    fn from(w: DisqualificationWire) -> Self {
        match w {
            DisqualificationWire::Code(code) => Disqualification {
                kind: None,
                criterion: Some(code),
                note: None,
            },
            DisqualificationWire::Full {
                kind,
                criterion,
                note,
            } => Disqualification {
                kind: Some(kind),
                criterion,
                note,
            },
        }
    }
}

/// Errors in the input of a scoring; each names the sheet (by index and member) and the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// No member sheets were given.
    #[error("chưa có phiếu chấm nào")]
    NoSheets,
    /// Two sheets carry the same member.
    #[error("sheets[{sheet}]: thành viên {member} có hai phiếu")]
    DuplicateMember {
        /// Index of the second sheet.
        sheet: usize,
        /// The member.
        member: String,
    },
    /// A choice names a criterion the sheet does not have.
    #[error("sheets[{sheet}] ({member}): tiêu chí {code} không có trong phiếu")]
    UnknownCriterion {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The unknown code.
        code: String,
    },
    /// A criterion that applies has no choice.
    #[error("sheets[{sheet}] ({member}): thiếu lựa chọn cho tiêu chí {code}")]
    MissingCriterion {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The criterion code.
        code: String,
    },
    /// A choice is beyond the criterion's options.
    #[error("sheets[{sheet}] ({member}): tiêu chí {code} không có lựa chọn {choice} (có {options} lựa chọn, 0 = không đạt)")]
    UnknownOption {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The criterion code.
        code: String,
        /// The choice given.
        choice: u32,
        /// How many options the criterion has.
        options: usize,
    },
    /// A criterion that does not apply (its condition fails) was scored above 0.
    #[error("sheets[{sheet}] ({member}): tiêu chí {code} không áp dụng vì tiêu chí {condition} chưa đạt điều kiện, phải để trống hoặc 0")]
    NotApplicable {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The criterion code.
        code: String,
        /// The criterion its condition looks at.
        condition: String,
    },
    /// The sheet's case is not among the sheet's cases.
    #[error("sheets[{sheet}] ({member}): phiếu không có trường hợp {case}")]
    UnknownCase {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The case given.
        case: u32,
    },
    /// A choice belongs to another case than the sheet's.
    #[error("sheets[{sheet}] ({member}): tiêu chí {code}, lựa chọn {choice} thuộc trường hợp khác (phiếu dùng trường hợp {case})")]
    MixedCases {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The criterion code.
        code: String,
        /// The choice given.
        choice: u32,
        /// The sheet's case.
        case: u32,
    },
    /// Members scored the product in different cases.
    #[error("sheets[{sheet}] ({member}): chấm theo trường hợp {found}, các phiếu trước theo trường hợp {expected}")]
    CaseMismatch {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// The case of earlier sheets.
        expected: u32,
        /// This sheet's case.
        found: u32,
    },
    /// A member's entered totals (a basis held as totals only) are incomplete or out of range.
    #[error("sheets[{sheet}] ({member}): {problem}")]
    Totals {
        /// Index of the sheet.
        sheet: usize,
        /// The member.
        member: String,
        /// What is wrong, in Vietnamese.
        problem: String,
    },
    /// A disqualification names a criterion the sheet does not have, or one without such a text.
    #[error("disqualified[{index}]: {problem}")]
    Disqualification {
        /// Index in the list of disqualifications.
        index: usize,
        /// What is wrong, in Vietnamese.
        problem: String,
    },
    /// A rule parameter is out of range.
    #[error("rules.{field}: {problem}")]
    Rules {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The sheet does not belong to the basis given.
    #[error("phiếu bộ {set} thuộc căn cứ {sheet_basis}, không phải {basis}")]
    BasisMismatch {
        /// The basis given.
        basis: String,
        /// The sheet's basis.
        sheet_basis: String,
        /// The set.
        set: u8,
    },
}

/// One criterion of a scored member sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// Criterion code.
    pub code: Arc<str>,
    /// The choice (0 = none met, or not applicable).
    pub choice: u32,
    /// Points earned.
    pub points: u32,
    /// Whether the criterion applies (its condition holds).
    pub applicable: bool,
}

/// A member's scored sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberScore {
    /// The member.
    pub member: String,
    /// Total points.
    pub total: u32,
    /// Points per part (`A`, `B`, `C`).
    pub parts: BTreeMap<Arc<str>, u32>,
    /// Points per section code.
    pub sections: BTreeMap<Arc<str>, u32>,
    /// The case scored in, for case-variant sheets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<u32>,
    /// Every criterion in printed order.
    pub criteria: Vec<CriterionScore>,
}

/// What an explanation line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExplanationKind {
    /// The mean and its band.
    Band,
    /// A star minimum that was not met and capped the star.
    Minimum,
    /// A minimum that was met by the rule though some members chose below it.
    MinimumDisagreement,
    /// A disqualifier, gate or knock-out that eliminated the product.
    Disqualification,
    /// The spread between members' totals exceeded the limit.
    Spread,
    /// The final star and whether it is recognised.
    Result,
}

/// A member's choice on a criterion, quoted in an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChoice {
    /// The member.
    pub member: String,
    /// The choice (0 = none).
    pub choice: u32,
    /// Its points.
    pub points: u32,
}

/// One line of a result's explanation; `message` is Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// What the line is about.
    pub kind: ExplanationKind,
    /// The criterion concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// The star concerned (for minimums), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub star: Option<u8>,
    /// Members concerned: their choices (minimums) or totals (spread), sorted by member.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberChoice>,
    /// The sentence a person reads.
    pub message: String,
}

/// A product's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductResult {
    /// The basis used.
    pub basis: String,
    /// The set used.
    pub set: u8,
    /// The mean of the members' totals, rounded half-up to `decimals`.
    pub mean: f64,
    /// The same mean as an exact integer: `mean × 10^decimals`.
    pub mean_scaled: u64,
    /// Decimals of the mean.
    pub decimals: u32,
    /// The mean written the Vietnamese way (`72,33`).
    pub mean_text: String,
    /// The star band of the mean.
    pub band: u8,
    /// The star after minimums and disqualification (0 when disqualified).
    pub star: u8,
    /// Whether the product is recognised (star ≥ the basis's `recognised_from_star`).
    pub recognised: bool,
    /// Whether a disqualifier, gate or knock-out was recorded.
    pub disqualified: bool,
    /// The case scored in, for case-variant sheets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<u32>,
    /// Each member's scored sheet, in input order.
    pub members: Vec<MemberScore>,
    /// Highest total minus lowest total.
    pub spread: u32,
    /// Whether `spread` is greater than the rules' limit.
    pub spread_exceeded: bool,
    /// Why: band, minimums, disqualification, spread, result.
    pub explanation: Vec<Explanation>,
}

/// Formats `scaled / 10^decimals` with a decimal comma.
pub fn format_scaled(scaled: u64, decimals: u32) -> String {
    if decimals == 0 {
        return scaled.to_string();
    }
    let scale = 10u64.pow(decimals);
    format!(
        "{},{:0width$}",
        scaled / scale,
        scaled % scale,
        width = decimals as usize
    )
}

/// The mean of `sum / n` scaled by `10^decimals`, rounded half-up, in integers.
pub fn mean_scaled(sum: u64, n: u64, decimals: u32) -> u64 {
    let scale = 10u64.pow(decimals);
    (2 * sum * scale + n) / (2 * n)
}

/// Scores one member's sheet: checks every choice and sums parts and sections.
/// `index` is the sheet's position in the input, used in errors.
pub fn score_member(
    sheet: &Sheet,
    member: &MemberSheet,
    index: usize,
) -> Result<MemberScore, ScoreError> {
    score_member_in(sheet, &code_order(sheet), member, index)
}

/// The sheet's criteria as `(code, printed position)`, sorted by code: the order of a member's
/// `choices` map, so the two can be matched in one merge instead of a lookup per criterion.
fn code_order(sheet: &Sheet) -> Vec<(&str, usize)> {
    let mut order: Vec<(&str, usize)> = sheet
        .criteria()
        .enumerate()
        .map(|(i, (_, _, c))| (&*c.code, i))
        .collect();
    order.sort_unstable();
    order
}

fn score_member_in(
    sheet: &Sheet,
    order: &[(&str, usize)],
    member: &MemberSheet,
    index: usize,
) -> Result<MemberScore, ScoreError> {
    let who = || member.member.clone();
    // Match the choices (sorted by code) against the sheet's codes (sorted the same way).
    let mut given: Vec<Option<u32>> = vec![None; order.len()];
    let mut codes = order.iter().peekable();
    for (code, &choice) in &member.choices {
        loop {
            match codes.peek() {
                Some((c, _)) if *c < code.as_str() => {
                    codes.next();
                }
                Some((c, i)) if *c == code.as_str() => {
                    given[*i] = Some(choice);
                    codes.next();
                    break;
                }
                _ => {
                    return Err(ScoreError::UnknownCriterion {
                        sheet: index,
                        member: who(),
                        code: code.clone(),
                    })
                }
            }
        }
    }
    if let Some(case) = member.case {
        if !sheet.cases.iter().any(|c| c.id == case) {
            return Err(ScoreError::UnknownCase {
                sheet: index,
                member: who(),
                case,
            });
        }
    }
    let mut case = member.case;
    let mut position = 0usize;
    let mut criteria = Vec::with_capacity(member.choices.len());
    let mut parts = BTreeMap::new();
    let mut sections = BTreeMap::new();
    let mut total = 0u32;
    for part in &sheet.parts {
        let mut part_sum = 0;
        for section in &part.sections {
            let mut section_sum = 0;
            for c in &section.criteria {
                let given = given[position];
                position += 1;
                let applicable = match &c.applies_if {
                    None => true,
                    Some(cond) => {
                        let points = criteria
                            .iter()
                            .find(|s: &&CriterionScore| *s.code == *cond.criterion)
                            .map_or(0, |s| s.points);
                        points >= cond.min_points
                    }
                };
                let (choice, points) = match (given, applicable) {
                    (None, true) => {
                        return Err(ScoreError::MissingCriterion {
                            sheet: index,
                            member: who(),
                            code: c.code.to_string(),
                        })
                    }
                    (None, false) | (Some(0), _) => (0, 0),
                    (Some(_), false) => {
                        let condition = c
                            .applies_if
                            .as_ref()
                            .map(|a| a.criterion.clone())
                            .unwrap_or_default();
                        return Err(ScoreError::NotApplicable {
                            sheet: index,
                            member: who(),
                            code: c.code.to_string(),
                            condition,
                        });
                    }
                    (Some(k), true) => {
                        let Some(option) = c.options.get(k as usize - 1) else {
                            return Err(ScoreError::UnknownOption {
                                sheet: index,
                                member: who(),
                                code: c.code.to_string(),
                                choice: k,
                                options: c.options.len(),
                            });
                        };
                        if let Some(oc) = option.case {
                            match case {
                                Some(sc) if sc != oc => {
                                    return Err(ScoreError::MixedCases {
                                        sheet: index,
                                        member: who(),
                                        code: c.code.to_string(),
                                        choice: k,
                                        case: sc,
                                    })
                                }
                                _ => case = Some(oc),
                            }
                        }
                        (k, option.points)
                    }
                };
                section_sum += points;
                criteria.push(CriterionScore {
                    code: c.code.clone(),
                    choice,
                    points,
                    applicable,
                });
            }
            sections.insert(section.code.clone(), section_sum);
            part_sum += section_sum;
        }
        parts.insert(part.code.clone(), part_sum);
        total += part_sum;
    }
    Ok(MemberScore {
        member: member.member.clone(),
        total,
        parts,
        sections,
        case,
        criteria,
    })
}

/// How the members stand on one criterion against the minimum for one star (no allocation,
/// so it can run for every criterion and star of every product).
struct Tally {
    met: bool,
    required: usize,
    applicable: u64,
    meeting: u64,
    points: u64,
}

fn tally(
    c: &Criterion,
    index: usize,
    star: u8,
    case: Option<u32>,
    rule: MinStarRule,
    scores: &[MemberScore],
) -> Option<Tally> {
    let required = c.required_position(star, case)?;
    let (mut applicable, mut meeting, mut points) = (0u64, 0u64, 0u64);
    for s in scores {
        let cs = &s.criteria[index];
        // A criterion that does not apply to a member sets no minimum for that member.
        if !cs.applicable {
            continue;
        }
        applicable += 1;
        points += u64::from(cs.points);
        meeting += u64::from(cs.choice as usize >= required);
    }
    let required_points = u64::from(c.options[required - 1].points);
    let met = applicable == 0
        || match rule {
            MinStarRule::Majority => 2 * meeting > applicable,
            MinStarRule::All => meeting == applicable,
            MinStarRule::Mean => points >= required_points * applicable,
        };
    Some(Tally {
        met,
        required,
        applicable,
        meeting,
        points,
    })
}

/// The applicable members' choices on criterion `index`, sorted by member; with `below_only`,
/// only those below position `required`.
fn member_choices(
    index: usize,
    required: usize,
    below_only: bool,
    scores: &[MemberScore],
) -> Vec<MemberChoice> {
    let mut v: Vec<MemberChoice> = scores
        .iter()
        .map(|s| (s, &s.criteria[index]))
        .filter(|(_, cs)| cs.applicable && (!below_only || (cs.choice as usize) < required))
        .map(|(s, cs)| MemberChoice {
            member: s.member.clone(),
            choice: cs.choice,
            points: cs.points,
        })
        .collect();
    v.sort_by(|a, b| a.member.cmp(&b.member));
    v
}

fn choices_text(list: &[MemberChoice]) -> String {
    list.iter()
        .map(|m| format!("{} chọn {} ({} điểm)", m.member, m.choice, m.points))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Scores a product from its members' sheets under a council's rules.
///
/// The star is the band of the rounded mean, lowered until every minimum for that star and
/// below is met (judged across members by `rules.min_star_rule`); any recorded disqualification
/// gives star 0.
pub fn score_product(
    basis: &Basis,
    sheet: &Sheet,
    rules: &CouncilRules,
    disqualified: &[Disqualification],
    members: &[MemberSheet],
) -> Result<ProductResult, ScoreError> {
    if sheet.basis != basis.basis {
        return Err(ScoreError::BasisMismatch {
            basis: basis.basis.clone(),
            sheet_basis: sheet.basis.clone(),
            set: sheet.set,
        });
    }
    check_members(rules, members.iter().map(|m| m.member.as_str()))?;
    let order = code_order(sheet);
    let scores = members
        .iter()
        .enumerate()
        .map(|(i, m)| score_member_in(sheet, &order, m, i))
        .collect::<Result<Vec<_>, _>>()?;
    let mut case = None;
    for (i, s) in scores.iter().enumerate() {
        if let Some(found) = s.case {
            match case {
                Some(expected) if expected != found => {
                    return Err(ScoreError::CaseMismatch {
                        sheet: i,
                        member: s.member.clone(),
                        expected,
                        found,
                    })
                }
                _ => case = Some(found),
            }
        }
    }
    let disq_lines = check_disqualifications(Some(sheet), disqualified)?;
    let mean = mean_of(basis, &scores, rules.decimals);
    let band = mean.band;
    let mut explanation = vec![mean.line(basis, "phiếu")];

    let disqualified_flag = !disq_lines.is_empty();
    explanation.extend(disq_lines);

    // Lower the star until every minimum for it (and so for the stars below) is met.
    let rule = rules.min_star_rule;
    let criteria: Vec<&Criterion> = sheet.criteria().map(|(_, _, c)| c).collect();
    let all_met = |k: u8| {
        criteria
            .iter()
            .enumerate()
            .all(|(i, c)| tally(c, i, k, case, rule, &scores).is_none_or(|t| t.met))
    };
    let unmet_at = |k: u8| -> Vec<(usize, Tally)> {
        criteria
            .iter()
            .enumerate()
            .filter_map(|(i, c)| tally(c, i, k, case, rule, &scores).map(|t| (i, t)))
            .filter(|(_, t)| !t.met)
            .collect()
    };
    let mut star = band;
    if disqualified_flag {
        star = 0;
    } else {
        while star > 0 && !all_met(star) {
            star -= 1;
        }
        // Name each capping minimum once, at the lowest star it blocks.
        let mut named = BTreeSet::new();
        for k in star + 1..=band {
            for (i, m) in unmet_at(k) {
                if !named.insert(i) {
                    continue;
                }
                let c = criteria[i];
                let option = &c.options[m.required - 1];
                let all = member_choices(i, m.required, false, &scores);
                let judged = match rule {
                    MinStarRule::Mean => format!(
                        "điểm trung bình tiêu chí {} < {}",
                        format_scaled(mean_scaled(m.points, m.applicable, 2), 2),
                        option.points
                    ),
                    _ => format!("{}/{} thành viên đạt mức", m.meeting, m.applicable),
                };
                explanation.push(Explanation {
                    kind: ExplanationKind::Minimum,
                    criterion: Some(c.code.to_string()),
                    star: Some(k),
                    members: all.clone(),
                    message: format!(
                        "Tiêu chí {} ({}) chưa đạt mức tối thiểu cho {k} sao: cần từ lựa chọn {} «{}» ({} điểm) trở lên; theo {}, {}: {}. Hạng sao bị giới hạn ở {} sao.",
                        c.code,
                        c.title,
                        m.required,
                        option.label,
                        option.points,
                        rule.vietnamese(),
                        judged,
                        choices_text(&all),
                        k - 1
                    ),
                });
            }
        }
        // Minimums met by the rule although some members chose below them.
        for k in 1..=star {
            for (i, c) in criteria.iter().enumerate() {
                let Some(m) = tally(c, i, k, case, rule, &scores) else {
                    continue;
                };
                if m.met && m.meeting < m.applicable && named.insert(i) {
                    let below = member_choices(i, m.required, true, &scores);
                    explanation.push(Explanation {
                        kind: ExplanationKind::MinimumDisagreement,
                        criterion: Some(c.code.to_string()),
                        star: Some(k),
                        members: below.clone(),
                        message: format!(
                            "Tiêu chí {}: mức tối thiểu cho {k} sao đạt theo {}, nhưng có thành viên chọn dưới mức (cần từ lựa chọn {}): {}.",
                            c.code,
                            rule.vietnamese(),
                            m.required,
                            choices_text(&below)
                        ),
                    });
                }
            }
        }
    }

    Ok(conclude(
        Verdict {
            basis,
            set: sheet.set,
            case,
            rules,
            mean,
            star,
            disqualified: disqualified_flag,
        },
        scores,
        explanation,
    ))
}

/// Checks what every scoring takes: the rules' decimals, at least one sheet, one per member.
pub(crate) fn check_members<'a>(
    rules: &CouncilRules,
    members: impl Iterator<Item = &'a str>,
) -> Result<(), ScoreError> {
    if rules.decimals > 6 {
        return Err(ScoreError::Rules {
            field: "decimals",
            problem: format!("{} chữ số thập phân, tối đa 6", rules.decimals),
        });
    }
    let mut seen = BTreeSet::new();
    for (i, m) in members.enumerate() {
        if !seen.insert(m) {
            return Err(ScoreError::DuplicateMember {
                sheet: i,
                member: m.to_string(),
            });
        }
    }
    if seen.is_empty() {
        return Err(ScoreError::NoSheets);
    }
    Ok(())
}

/// The mean of the members' totals, rounded half-up, and its band.
pub(crate) struct Mean {
    /// `mean × 10^decimals`.
    pub scaled: u64,
    /// The decimals.
    pub decimals: u32,
    /// Written the Vietnamese way.
    pub text: String,
    /// Its band.
    pub band: u8,
    /// How many sheets.
    pub sheets: u64,
}

pub(crate) fn mean_of(basis: &Basis, scores: &[MemberScore], decimals: u32) -> Mean {
    let sheets = scores.len() as u64;
    let sum: u64 = scores.iter().map(|s| u64::from(s.total)).sum();
    let scaled = mean_scaled(sum, sheets, decimals);
    Mean {
        scaled,
        decimals,
        text: format_scaled(scaled, decimals),
        band: basis.band_of(scaled, decimals),
        sheets,
    }
}

impl Mean {
    /// The first line of an explanation: the mean of `sheets` (what they are: `phiếu`, …) and
    /// its band.
    pub(crate) fn line(&self, basis: &Basis, what: &str) -> Explanation {
        Explanation {
            kind: ExplanationKind::Band,
            criterion: None,
            star: Some(self.band),
            members: Vec::new(),
            message: format!(
                "Điểm trung bình {} ({} {what}) thuộc hạng {} sao ({}).",
                self.text,
                self.sheets,
                self.band,
                band_range_text(basis, self.band)
            ),
        }
    }
}

/// What a scoring concluded, before the spread and the closing line.
pub(crate) struct Verdict<'a> {
    pub basis: &'a Basis,
    pub set: u8,
    pub case: Option<u32>,
    pub rules: &'a CouncilRules,
    pub mean: Mean,
    pub star: u8,
    pub disqualified: bool,
}

/// The product result: adds the spread and the closing line to the explanation.
pub(crate) fn conclude(
    v: Verdict<'_>,
    scores: Vec<MemberScore>,
    mut explanation: Vec<Explanation>,
) -> ProductResult {
    let (spread, spread_exceeded, spread_line) = spread_of(&scores, v.rules.spread_limit);
    explanation.extend(spread_line);
    let (recognised, result_line) = result_of(v.basis, v.star, v.disqualified);
    explanation.push(result_line);
    ProductResult {
        basis: v.basis.basis.clone(),
        set: v.set,
        mean: v.mean.scaled as f64 / 10f64.powi(v.mean.decimals as i32),
        mean_scaled: v.mean.scaled,
        decimals: v.mean.decimals,
        mean_text: v.mean.text,
        band: v.mean.band,
        star: v.star,
        recognised,
        disqualified: v.disqualified,
        case: v.case,
        members: scores,
        spread,
        spread_exceeded,
        explanation,
    }
}

/// The spread between members' totals, whether it exceeds `limit`, and the line saying so.
fn spread_of(scores: &[MemberScore], limit: u32) -> (u32, bool, Option<Explanation>) {
    let max = scores.iter().map(|s| s.total).max().unwrap_or(0);
    let min = scores.iter().map(|s| s.total).min().unwrap_or(0);
    let spread = max - min;
    let spread_exceeded = spread > limit;
    if spread_exceeded {
        let at = |total: u32| {
            let mut v: Vec<MemberChoice> = scores
                .iter()
                .filter(|s| s.total == total)
                .map(|s| MemberChoice {
                    member: s.member.clone(),
                    choice: 0,
                    points: s.total,
                })
                .collect();
            v.sort_by(|a, b| a.member.cmp(&b.member));
            v
        };
        let (high, low) = (at(max), at(min));
        let names = |v: &[MemberChoice]| {
            v.iter()
                .map(|m| m.member.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = format!(
            "Chênh lệch tổng điểm giữa các thành viên là {spread} điểm, vượt giới hạn {}: cao nhất {} ({max} điểm), thấp nhất {} ({min} điểm). Cần thảo luận và chấm lại.",
            limit,
            names(&high),
            names(&low)
        );
        let mut members = high;
        members.extend(low);
        return (
            spread,
            true,
            Some(Explanation {
                kind: ExplanationKind::Spread,
                criterion: None,
                star: None,
                members,
                message,
            }),
        );
    }
    (spread, spread_exceeded, None)
}

/// Whether `star` is recognised under `basis`, and the closing line of the explanation.
fn result_of(basis: &Basis, star: u8, disqualified: bool) -> (bool, Explanation) {
    let recognised = !disqualified && star >= basis.recognised_from_star;
    let result = if disqualified {
        "Kết quả: sản phẩm bị loại, không xếp hạng sao, không được công nhận.".to_string()
    } else if recognised {
        format!("Kết quả: {star} sao, đủ điều kiện công nhận.")
    } else {
        format!(
            "Kết quả: {star} sao, không được công nhận (cần từ {} sao).",
            basis.recognised_from_star
        )
    };
    (
        recognised,
        Explanation {
            kind: ExplanationKind::Result,
            criterion: None,
            star: Some(star),
            members: Vec::new(),
            message: result,
        },
    )
}

fn band_range_text(basis: &Basis, star: u8) -> String {
    let from = basis
        .bands
        .iter()
        .find(|b| b.star == star)
        .map_or(0, |b| b.from);
    match basis.bands.iter().find(|b| b.star > star) {
        Some(next) => format!("từ {from} đến dưới {} điểm", next.from),
        None => format!("từ {from} điểm trở lên"),
    }
}

/// The explanation lines of recorded disqualifications, checked against the sheet. Without a
/// sheet (a basis held as totals only) a disqualification names no criterion and needs a note.
pub(crate) fn check_disqualifications(
    sheet: Option<&Sheet>,
    list: &[Disqualification],
) -> Result<Vec<Explanation>, ScoreError> {
    let mut lines = Vec::new();
    for (index, d) in list.iter().enumerate() {
        let err = |problem: String| ScoreError::Disqualification { index, problem };
        let criterion = match &d.criterion {
            Some(code) => Some(
                sheet
                    .and_then(|sheet| sheet.criterion(code))
                    .ok_or_else(|| err(format!("tiêu chí {code} không có trong phiếu")))?,
            ),
            None => None,
        };
        let kind = match (d.kind, criterion) {
            (Some(k), _) => k,
            (None, Some(c)) if c.disqualifier.is_some() => DisqualificationKind::Disqualifier,
            (None, Some(c)) if c.gate.is_some() => DisqualificationKind::Gate,
            (None, Some(c)) => {
                return Err(err(format!(
                    "tiêu chí {} không có điều kiện loại (Bị loại nếu…) hay điều kiện dừng",
                    c.code
                )))
            }
            (None, None) => return Err(err("thiếu loại và tiêu chí".into())),
        };
        let text = match (kind, criterion) {
            (DisqualificationKind::Disqualifier, Some(c)) => c.disqualifier.clone(),
            (DisqualificationKind::Gate, Some(c)) => c.gate.clone(),
            (DisqualificationKind::Knockout, _) => sheet.and_then(|s| s.knockout_text.clone()),
            (_, None) => None,
        };
        if text.is_none() && d.note.is_none() {
            let place =
                criterion.map_or_else(|| "phiếu".to_string(), |c| format!("tiêu chí {}", c.code));
            return Err(err(format!(
                "{place} không in điều kiện loại loại này; cần ghi rõ lý do (note)"
            )));
        }
        let label = match kind {
            DisqualificationKind::Disqualifier => "Sản phẩm bị loại",
            DisqualificationKind::Gate => "Dừng đánh giá, không xem xét các chỉ tiêu khác",
            DisqualificationKind::Knockout => "Hồ sơ bị loại",
        };
        let mut message = label.to_string();
        if let Some(c) = criterion {
            message.push_str(&format!(" theo tiêu chí {} ({})", c.code, c.title));
        }
        if let Some(t) = &text {
            message.push_str(&format!(": «{t}»"));
        }
        if let Some(note) = &d.note {
            message.push_str(&format!(". Ghi nhận: {note}"));
        }
        message.push('.');
        lines.push(Explanation {
            kind: ExplanationKind::Disqualification,
            criterion: criterion.map(|c| c.code.to_string()),
            star: None,
            members: Vec::new(),
            message,
        });
    }
    Ok(lines)
}
