//! The data model of a legal basis and its scoring sheets, exactly as in
//! `docs/criteria-schema.md`. These types are read from JSON and checked by
//! [`crate::Catalog`]; the engine never sees an unchecked sheet.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A calendar date written `YYYY-MM-DD` in the data files; ordered by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day of month 1–31.
    pub day: u8,
}

impl IsoDate {
    /// Builds a date, checking the month and the day of month (leap years included).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(IsoDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut it = text.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        IsoDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The date as people read it in Vietnam: `dd/mm/yyyy`.
    pub fn to_vietnamese(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        IsoDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("ngày không hợp lệ: {text:?} (cần YYYY-MM-DD)"))
        })
    }
}

/// Whether a basis comes with per-set sheets or only totals and stars (the 1048/2019 era).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Per-set sheet files exist.
    Sheets,
    /// Only totals and the star are kept.
    Totals,
}

/// One star band: a mean of at least `from` points (and below the next band) gives `star`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The star this band gives.
    pub star: u8,
    /// Lower bound, inclusive, in whole points.
    pub from: u32,
}

/// A legal basis (`basis.json`): which decision, when it is in force, and its bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// The decision's number as printed, e.g. `26/2026/QĐ-TTg`.
    pub basis: String,
    /// Full title of the decision.
    pub title: String,
    /// Signing date.
    pub signed: IsoDate,
    /// First day in force.
    pub effective_from: IsoDate,
    /// Last day in force, `None` while in force.
    #[serde(default)]
    pub effective_to: Option<IsoDate>,
    /// Maximum of each part, keyed `A`, `B`, `C`.
    pub part_maxima: BTreeMap<String, u32>,
    /// Star bands, ascending.
    pub bands: Vec<Band>,
    /// The lowest star that is recognised (certified).
    pub recognised_from_star: u8,
    /// How long a certificate is valid.
    pub certificate_validity_months: u32,
    /// Whether sheets exist for this basis.
    pub detail: Detail,
    /// How dossiers filed before this basis took effect, and not yet rated, finish under the
    /// basis before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
    /// Who recognises which star, for the council's proposals in its minutes; `None` when the
    /// data does not say (nothing is then proposed for recognition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition: Option<Recognition>,
    /// Free notes about the transcription.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The transitional article of a basis: dossiers filed before it took effect are rated under
/// the basis before it, within a number of days from `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The article, e.g. `Điều 12.2`.
    pub article: String,
    /// Days to finish a first evaluation or an upgrade.
    pub days: u32,
    /// Days to finish a re-evaluation.
    pub days_reevaluation: u32,
}

/// Who recognises which star under a basis: the provincial chairman recognises some stars on
/// the council's proposal, and forwards candidates for a higher star to the ministry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// The article it comes from, e.g. `Điều 7.3.đ–e`.
    pub article: String,
    /// Stars the provincial chairman recognises and certifies, e.g. `[3, 4]`.
    pub province_stars: Vec<u8>,
    /// The star only the ministry recognises, e.g. 5.
    pub ministry_star: u8,
    /// The least mean (whole points) of a result forwarded to the ministry, e.g. 90; the result
    /// must also reach `ministry_star` (every minimum of that star met).
    pub ministry_min_mean: u32,
    /// The ministry as the proposal names it.
    pub ministry: String,
}

impl Basis {
    /// Whether this basis is in force on `date` (both ends inclusive).
    pub fn in_force_on(&self, date: IsoDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    /// The star of the band holding a mean of `mean_scaled / 10^decimals` points.
    pub fn band_of(&self, mean_scaled: u64, decimals: u32) -> u8 {
        let scale = 10u64.pow(decimals);
        self.bands
            .iter()
            .filter(|b| mean_scaled >= u64::from(b.from) * scale)
            .map(|b| b.star)
            .max()
            .unwrap_or(0)
    }
}

/// A case of a case-variant sheet (set 26: "Trường hợp 1 / 2").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The case id used by options' `case`.
    pub id: u32,
    /// Its printed title.
    pub title: String,
}

/// One product-set sheet (`set-NN.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The legal basis, equal to its `basis.json`.
    pub basis: String,
    /// First day in force; when given, equal to its `basis.json`'s (a sheet read alone still
    /// says when it applies).
    #[serde(default)]
    pub effective_from: Option<IsoDate>,
    /// Last day in force, `None` while in force; equal to its `basis.json`'s.
    #[serde(default)]
    pub effective_to: Option<IsoDate>,
    /// The set number (1–26 under 26/2026).
    pub set: u8,
    /// Title of the set.
    pub title: String,
    /// Printed note under the title.
    #[serde(default)]
    pub header_note: Option<String>,
    /// Whether the evaluation needs product samples.
    #[serde(default)]
    pub requires_samples: bool,
    /// The knock-out conditions, one per line.
    #[serde(default)]
    pub knockouts: Vec<String>,
    /// The verbatim "Hồ sơ bị loại khi…" text.
    #[serde(default)]
    pub knockout_text: Option<String>,
    /// Cases of a case-variant sheet; empty otherwise.
    #[serde(default)]
    pub cases: Vec<Case>,
    /// Parts A, B, C in printed order.
    pub parts: Vec<Part>,
    /// How doubts in the transcript were resolved.
    #[serde(default)]
    pub transcript_notes: Vec<String>,
}

/// A part (A, B or C) of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// `A`, `B` or `C` (shared, so scores can name it without copying).
    pub code: Arc<str>,
    /// Printed title.
    pub title: String,
    /// Maximum points.
    pub max: u32,
    /// Sections in printed order.
    pub sections: Vec<Section>,
}

/// A numbered section of a part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Printed number, e.g. `1` (shared, so scores can name it without copying).
    pub code: Arc<str>,
    /// Printed title.
    pub title: String,
    /// Maximum points.
    pub max: u32,
    /// Criteria in printed order.
    pub criteria: Vec<Criterion>,
}

/// An unscored heading grouping criteria (set 11, "6.1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Printed code, e.g. `6.1`.
    pub code: String,
    /// Printed title.
    pub title: String,
}

/// "Chỉ áp dụng khi…": the criterion applies only when the member's chosen option on
/// `criterion` has at least `min_points` points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The criterion the condition looks at.
    pub criterion: String,
    /// The least points the chosen option there must have.
    pub min_points: u32,
}

/// A scored criterion with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Printed code without the trailing dot: `1.1`, `6.2.3`, `7` (shared, so scores can name
    /// it without copying).
    pub code: Arc<str>,
    /// Printed title.
    pub title: String,
    /// Maximum points (= its best option).
    pub max: u32,
    /// The unscored heading it is printed under, if any.
    #[serde(default)]
    pub group: Option<Group>,
    /// The "Yêu cầu: …" line, a precondition the member confirms.
    #[serde(default)]
    pub requirement: Option<String>,
    /// Explanatory text shown beside the criterion.
    #[serde(default)]
    pub guidance: Option<String>,
    /// When set, the criterion applies only if the condition holds.
    #[serde(default)]
    pub applies_if: Option<Condition>,
    /// Verbatim "Bị loại nếu …" text.
    #[serde(default)]
    pub disqualifier: Option<String>,
    /// Verbatim "Không xem xét các chỉ tiêu khác nếu …" text.
    #[serde(default)]
    pub gate: Option<String>,
    /// Verbatim "Ghi chú: …" text.
    #[serde(default)]
    pub eligibility_note: Option<String>,
    /// Options in printed order; a choice is a 1-based position here.
    pub options: Vec<ScoreOption>,
}

/// One printed option (□) of a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreOption {
    /// Printed text.
    pub label: String,
    /// Points.
    pub points: u32,
    /// `3`, `4` or `5` when marked `***`, `****`, `*****`.
    #[serde(default)]
    pub min_star: Option<u8>,
    /// For case-variant criteria, the case this option belongs to.
    #[serde(default)]
    pub case: Option<u32>,
}

impl Criterion {
    /// Whether the option at 1-based `position` may be chosen in `case` (`None` = no case fixed).
    pub fn option_in_case(&self, position: usize, case: Option<u32>) -> bool {
        match (self.options.get(position.wrapping_sub(1)), case) {
            (None, _) => false,
            (Some(o), Some(c)) => o.case.is_none_or(|oc| oc == c),
            (Some(_), None) => true,
        }
    }

    /// Whether any option belongs to a case.
    pub fn has_cases(&self) -> bool {
        self.options.iter().any(|o| o.case.is_some())
    }

    /// The 1-based position of the option a member must reach on this criterion for `star`
    /// stars: the highest-placed option (within `case`) marked for a star at most `star`.
    /// `None` when nothing is required.
    pub fn required_position(&self, star: u8, case: Option<u32>) -> Option<usize> {
        self.options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.min_star.is_some_and(|m| m <= star))
            .filter(|(i, _)| self.option_in_case(i + 1, case))
            .map(|(i, _)| i + 1)
            .max()
    }

    /// The highest points of an option usable in `case`.
    pub fn best_points(&self, case: Option<u32>) -> u32 {
        (1..=self.options.len())
            .filter(|&p| self.option_in_case(p, case))
            .map(|p| self.options[p - 1].points)
            .max()
            .unwrap_or(0)
    }
}

impl Sheet {
    /// Every criterion with its part and section codes, in printed order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Part, &Section, &Criterion)> {
        self.parts.iter().flat_map(|p| {
            p.sections
                .iter()
                .flat_map(move |s| s.criteria.iter().map(move |c| (p, s, c)))
        })
    }

    /// The criterion with printed code `code`.
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria()
            .map(|(_, _, c)| c)
            .find(|c| &*c.code == code)
    }

    /// Total of the parts' maxima.
    pub fn total_max(&self) -> u32 {
        self.parts.iter().map(|p| p.max).sum()
    }
}
