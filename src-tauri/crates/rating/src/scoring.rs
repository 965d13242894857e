//! How a product is scored under its legal basis, decided in one place: on a sheet of criteria
//! (`detail: sheets`), or, for a basis held as totals only (148/2023: dossiers filed before
//! 22/05/2026 finish under it, Art. 12.2 of 26/2026), from each member's paper-sheet part totals
//! and minimum-star cap. The store's tally and `ocop score` both ask [`Catalog::scoring`].
//!
//! A member's entry has one stored shape for both: `choices`, a map of keys to numbers. On a
//! sheet the keys are criterion codes and the numbers 1-based options (0 = none met); for totals
//! they are the part keys (`A`, `B`, `C`) with their points, and [`STAR_CAP`].

use crate::catalog::Catalog;
use crate::engine::{
    score_member, score_product, CouncilRules, Disqualification, MemberSheet, ProductResult,
    ScoreError,
};
use crate::model::{Basis, Detail, Sheet};
use crate::totals::{check_totals, score_totals, MemberTotals};
use serde::Serialize;
use std::collections::BTreeMap;

/// The key of a totals entry holding the highest star whose minimums the paper sheet meets.
pub const STAR_CAP: &str = "star_cap";

/// How an agenda item is scored.
#[derive(Debug, Clone, Copy)]
pub enum Scoring<'a> {
    /// Criterion by criterion on the set's sheet.
    Sheet {
        /// The legal basis.
        basis: &'a Basis,
        /// The set's sheet.
        sheet: &'a Sheet,
    },
    /// From paper-sheet totals, for a basis held as totals only.
    Totals(&'a Basis),
}

/// How members' entries are typed in: the wire value `entry` of agenda items and sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// Criterion by criterion.
    Sheet,
    /// Part totals and a minimum-star cap.
    Totals,
}

impl Entry {
    /// `sheet` or `totals`.
    pub fn as_str(self) -> &'static str {
        match self {
            Entry::Sheet => "sheet",
            Entry::Totals => "totals",
        }
    }
}

/// Why a basis and set cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    /// The catalog has no such basis.
    #[error("không có căn cứ {basis} trong dữ liệu tiêu chí")]
    UnknownBasis {
        /// The basis asked for.
        basis: String,
    },
    /// The basis has sheets, but none for this set.
    #[error("không có phiếu chấm bộ {set} theo {basis} trong dữ liệu tiêu chí")]
    NoSheet {
        /// The basis.
        basis: String,
        /// The set asked for.
        set: u8,
    },
}

impl Catalog {
    /// How a product of set `set` is scored under `basis`.
    pub fn scoring(&self, basis: &str, set: u8) -> Result<Scoring<'_>, ScoringError> {
        let entry = self
            .basis(basis)
            .ok_or_else(|| ScoringError::UnknownBasis {
                basis: basis.to_string(),
            })?;
        if entry.basis.detail == Detail::Totals {
            return Ok(Scoring::Totals(&entry.basis));
        }
        let sheet = entry
            .sheets
            .get(&set)
            .ok_or_else(|| ScoringError::NoSheet {
                basis: entry.basis.basis.clone(),
                set,
            })?;
        Ok(Scoring::Sheet {
            basis: &entry.basis,
            sheet,
        })
    }
}

/// Where a member's entry stands: what it adds up to so far and what is still to enter. The
/// scoring screen shows it as it is; it decides nothing itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SheetProgress {
    /// Points entered so far (criteria that do not apply count nothing).
    pub total: u32,
    /// The most the entry can add up to (100).
    pub max: u32,
    /// Points so far of each part (`A`, `B`, `C`).
    pub parts: BTreeMap<String, u32>,
    /// What is still to enter, in printed order: criteria that apply and have no choice, or the
    /// part keys and `star_cap` of a totals entry.
    pub missing: Vec<String>,
    /// Criteria whose condition ("Chỉ áp dụng khi…") is not met by the choices made: they take
    /// no choice, or 0.
    pub not_applicable: Vec<String>,
    /// Whether nothing is missing.
    pub complete: bool,
}

impl<'a> Scoring<'a> {
    /// The legal basis.
    pub fn basis(self) -> &'a Basis {
        match self {
            Scoring::Sheet { basis, .. } | Scoring::Totals(basis) => basis,
        }
    }

    /// The sheet, when scored criterion by criterion.
    pub fn sheet(self) -> Option<&'a Sheet> {
        match self {
            Scoring::Sheet { sheet, .. } => Some(sheet),
            Scoring::Totals(_) => None,
        }
    }

    /// How entries are typed in.
    pub fn entry(self) -> Entry {
        match self {
            Scoring::Sheet { .. } => Entry::Sheet,
            Scoring::Totals(_) => Entry::Totals,
        }
    }

    /// The points of each part's maximum.
    pub fn parts_max(self) -> BTreeMap<String, u32> {
        match self {
            Scoring::Sheet { sheet, .. } => sheet
                .parts
                .iter()
                .map(|p| (p.code.to_string(), p.max))
                .collect(),
            Scoring::Totals(basis) => basis.part_maxima.clone(),
        }
    }

    /// Where `choices` stand: running total, part totals, what is missing and which criteria
    /// do not apply. A conditional criterion applies until the criterion its condition looks
    /// at is chosen below the condition's points.
    pub fn progress(self, choices: &BTreeMap<String, u32>) -> SheetProgress {
        let max = self.parts_max().values().sum();
        let mut p = SheetProgress {
            max,
            ..SheetProgress::default()
        };
        match self {
            Scoring::Sheet { sheet, .. } => {
                for part in &sheet.parts {
                    p.parts.insert(part.code.to_string(), 0);
                }
                for (part, _, c) in sheet.criteria() {
                    if !applies(sheet, choices, c) {
                        p.not_applicable.push(c.code.to_string());
                        continue;
                    }
                    match choices.get(&*c.code) {
                        None => p.missing.push(c.code.to_string()),
                        Some(&choice) => {
                            let points = option_points(c, choice);
                            p.total += points;
                            *p.parts.entry(part.code.to_string()).or_default() += points;
                        }
                    }
                }
            }
            Scoring::Totals(basis) => {
                for key in basis.part_maxima.keys() {
                    match choices.get(key) {
                        Some(&v) => {
                            p.total += v;
                            p.parts.insert(key.clone(), v);
                        }
                        None => p.missing.push(key.clone()),
                    }
                }
                if !choices.contains_key(STAR_CAP) {
                    p.missing.push(STAR_CAP.to_string());
                }
            }
        }
        p.complete = p.missing.is_empty();
        p
    }

    /// A totals entry as the engine takes it (`None` on a sheet).
    pub fn member_totals(
        self,
        member: &str,
        choices: &BTreeMap<String, u32>,
    ) -> Option<MemberTotals> {
        let Scoring::Totals(basis) = self else {
            return None;
        };
        Some(MemberTotals {
            member: member.to_string(),
            parts: basis
                .part_maxima
                .keys()
                .filter_map(|k| choices.get(k).map(|v| (k.clone(), *v)))
                .chain(
                    // Keys that are not parts reach the engine, which names them.
                    choices
                        .iter()
                        .filter(|(k, _)| {
                            k.as_str() != STAR_CAP && !basis.part_maxima.contains_key(*k)
                        })
                        .map(|(k, v)| (k.clone(), *v)),
                )
                .collect(),
            star_cap: choices.get(STAR_CAP).map_or(0, |&c| c.min(255) as u8),
        })
    }

    /// Whether one member's complete entry scores (a full sheet can still be refused, e.g.
    /// choices of two cases); the error names the problem.
    pub fn check_member(self, member: &MemberSheet) -> Result<(), ScoreError> {
        match self {
            Scoring::Sheet { sheet, .. } => score_member(sheet, member, 0).map(|_| ()),
            Scoring::Totals(basis) => {
                let totals = self
                    .member_totals(&member.member, &member.choices)
                    .expect("a totals scoring");
                check_totals(basis, &totals, 0).map(|_| ())
            }
        }
    }

    /// A product's result from its members' entries (for totals, each entry's `choices` hold the
    /// part keys and [`STAR_CAP`]); `set` is the product set.
    pub fn score(
        self,
        set: u8,
        rules: &CouncilRules,
        disqualified: &[Disqualification],
        members: &[MemberSheet],
    ) -> Result<ProductResult, ScoreError> {
        match self {
            Scoring::Sheet { basis, sheet } => {
                score_product(basis, sheet, rules, disqualified, members)
            }
            Scoring::Totals(basis) => {
                let totals: Vec<MemberTotals> = members
                    .iter()
                    .filter_map(|m| self.member_totals(&m.member, &m.choices))
                    .collect();
                score_totals(basis, set, rules, disqualified, &totals)
            }
        }
    }
}

impl MemberTotals {
    /// The stored shape of a totals entry: the parts and [`STAR_CAP`] as one map.
    pub fn to_sheet(&self) -> MemberSheet {
        let mut choices = self.parts.clone();
        choices.insert(STAR_CAP.to_string(), u32::from(self.star_cap));
        MemberSheet {
            member: self.member.clone(),
            case: None,
            choices,
        }
    }
}

/// The points of 1-based option `choice` of `c` (0 = none met).
fn option_points(c: &crate::model::Criterion, choice: u32) -> u32 {
    choice
        .checked_sub(1)
        .and_then(|i| c.options.get(i as usize))
        .map_or(0, |o| o.points)
}

/// Whether `c` applies given `choices`: no condition, the condition's criterion not chosen yet,
/// or chosen with at least the condition's points.
fn applies(sheet: &Sheet, choices: &BTreeMap<String, u32>, c: &crate::model::Criterion) -> bool {
    let Some(cond) = &c.applies_if else {
        return true;
    };
    let Some(&choice) = choices.get(&cond.criterion) else {
        return true;
    };
    sheet
        .criterion(&cond.criterion)
        .is_none_or(|on| option_points(on, choice) >= cond.min_points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::builtin().unwrap()
    }

    fn choices(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn the_basis_decides_sheet_or_totals() {
        let s = catalog().scoring("26/2026/QĐ-TTg", 11).unwrap();
        assert_eq!(s.entry(), Entry::Sheet);
        assert_eq!(s.sheet().unwrap().set, 11);
        let t = catalog().scoring("148/QĐ-TTg", 11).unwrap();
        assert_eq!(t.entry(), Entry::Totals);
        assert_eq!(t.basis().basis, "148/QĐ-TTg");
        assert_eq!(
            catalog().scoring("26/2026/QĐ-TTg", 27).unwrap_err(),
            ScoringError::NoSheet {
                basis: "26/2026/QĐ-TTg".into(),
                set: 27
            }
        );
        assert!(matches!(
            catalog().scoring("1/2000/QĐ-TTg", 1),
            Err(ScoringError::UnknownBasis { .. })
        ));
    }

    #[test]
    fn progress_of_a_sheet_counts_what_applies() {
        let s = catalog().scoring("26/2026/QĐ-TTg", 1).unwrap();
        let sheet = s.sheet().unwrap();
        // A conditional criterion of set 1 and the criterion its condition looks at.
        let (_, _, cond) = sheet
            .criteria()
            .find(|(_, _, c)| c.applies_if.is_some())
            .expect("set 1 has a conditional criterion");
        let on = cond.applies_if.as_ref().unwrap().criterion.clone();
        let empty = s.progress(&BTreeMap::new());
        assert_eq!((empty.total, empty.max, empty.complete), (0, 100, false));
        assert_eq!(empty.missing.len(), sheet.criteria().count());
        assert!(empty.not_applicable.is_empty());
        // None met on the condition's criterion: the conditional one no longer applies.
        let p = s.progress(&choices(&[(&on, 0)]));
        assert_eq!(p.not_applicable, [cond.code.to_string()]);
        assert!(!p.missing.contains(&cond.code.to_string()));
        assert!(!p.missing.contains(&on));
        // Its best option: it applies, and the points count in the total and the part.
        let best = sheet.criterion(&on).unwrap().options.len() as u32;
        let p = s.progress(&choices(&[(&on, best)]));
        assert!(p.not_applicable.is_empty());
        let points = sheet.criterion(&on).unwrap().max;
        assert_eq!(p.total, points);
        assert_eq!(p.parts.values().sum::<u32>(), points);
        // Every criterion at its best: complete at 100.
        let all: BTreeMap<String, u32> = sheet
            .criteria()
            .map(|(_, _, c)| (c.code.to_string(), c.options.len() as u32))
            .collect();
        let p = s.progress(&all);
        assert_eq!((p.total, p.complete), (100, true));
        assert_eq!(p.parts["A"] + p.parts["B"] + p.parts["C"], 100);
    }

    #[test]
    fn progress_of_totals_names_the_parts_and_the_cap_still_missing() {
        let t = catalog().scoring("148/QĐ-TTg", 11).unwrap();
        let p = t.progress(&choices(&[("A", 30), ("C", 20)]));
        assert_eq!((p.total, p.max), (50, 100));
        assert_eq!(p.missing, ["B", STAR_CAP]);
        let p = t.progress(&choices(&[("A", 30), ("B", 20), ("C", 20), (STAR_CAP, 4)]));
        assert!(p.complete);
        assert_eq!(p.parts["B"], 20);
    }

    #[test]
    fn totals_are_scored_from_the_stored_shape() {
        let t = catalog().scoring("148/QĐ-TTg", 11).unwrap();
        let paper = |m: &str, a, b, c, cap| MemberTotals {
            member: m.into(),
            parts: choices(&[("A", a), ("B", b), ("C", c)]),
            star_cap: cap,
        };
        let sheets = [paper("m1", 30, 20, 25, 5), paper("m2", 28, 18, 24, 5)];
        let stored: Vec<MemberSheet> = sheets.iter().map(MemberTotals::to_sheet).collect();
        let r = t.score(11, &CouncilRules::default(), &[], &stored).unwrap();
        assert_eq!((r.mean_text.as_str(), r.star), ("72,50", 4));
        assert!(t.check_member(&stored[0]).is_ok());
        let mut over = stored[0].clone();
        over.choices.insert("A".into(), 41);
        assert!(t.check_member(&over).is_err());
        let mut stray = stored[0].clone();
        stray.choices.insert("D".into(), 1);
        assert!(t.check_member(&stray).is_err());
    }
}
