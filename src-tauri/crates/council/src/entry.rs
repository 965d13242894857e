//! What a member may type into a sheet, checked at every autosave (partial sheets are kept),
//! and the preview the scoring screen shows while typing: the choices as the rules keep them,
//! the running total, and what is missing or does not apply.

use crate::error::{CouncilError, EntryProblem};
use ocop_rating::{Scoring, SheetProgress, STAR_CAP, STAR_CAPS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Checks an entry, partial or complete: every criterion and option exists, a case-variant
/// sheet keeps to one case, a criterion that does not apply stays empty or 0; for totals,
/// every part within its maximum and a star cap from 2 to 5. All problems are listed.
pub fn check(
    scoring: Scoring<'_>,
    choices: &BTreeMap<String, u32>,
    case: Option<u32>,
) -> Result<(), CouncilError> {
    let problems = match scoring {
        Scoring::Sheet { sheet, .. } => sheet_problems(scoring, sheet, choices, case),
        Scoring::Totals(basis) => {
            let mut e = Vec::new();
            if case.is_some() {
                e.push(EntryProblem::NoCases {
                    basis: basis.basis.clone(),
                });
            }
            for (key, &value) in choices {
                match basis.part_maxima.get(key) {
                    Some(&max) if value > max => e.push(EntryProblem::PartOverMax {
                        part: key.clone(),
                        max,
                        value,
                    }),
                    Some(_) => {}
                    None if key == STAR_CAP => {
                        if !u8::try_from(value).is_ok_and(|v| STAR_CAPS.contains(&v)) {
                            e.push(EntryProblem::StarCap { value });
                        }
                    }
                    None => e.push(EntryProblem::UnknownPart {
                        basis: basis.basis.clone(),
                        key: key.clone(),
                        parts: basis.part_maxima.keys().cloned().collect(),
                    }),
                }
            }
            e
        }
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CouncilError::InvalidEntry(problems))
    }
}

fn sheet_problems(
    scoring: Scoring<'_>,
    sheet: &ocop_rating::Sheet,
    choices: &BTreeMap<String, u32>,
    case: Option<u32>,
) -> Vec<EntryProblem> {
    if let Some(case) = case {
        if !sheet.cases.iter().any(|c| c.id == case) {
            return vec![EntryProblem::UnknownCase {
                set: sheet.set,
                case,
            }];
        }
    }
    let mut e = Vec::new();
    for (code, &choice) in choices {
        match sheet.criterion(code) {
            None => e.push(EntryProblem::UnknownCriterion {
                set: sheet.set,
                code: code.clone(),
            }),
            Some(c) if choice as usize > c.options.len() => e.push(EntryProblem::UnknownOption {
                code: code.clone(),
                options: c.options.len(),
                choice,
            }),
            Some(_) => {}
        }
    }
    if !e.is_empty() {
        return e;
    }
    // Cases: the first case-specific choice in printed order fixes the case unless the sheet
    // names one.
    let mut fixed: Option<(u32, Option<String>)> = case.map(|c| (c, None));
    for (_, _, c) in sheet.criteria() {
        let Some(&choice) = choices.get(&*c.code) else {
            continue;
        };
        let Some(oc) = option_case(c, choice) else {
            continue;
        };
        match &fixed {
            None => fixed = Some((oc, Some(c.code.to_string()))),
            Some((sc, _)) if *sc == oc => {}
            Some((sc, by)) => e.push(EntryProblem::MixedCases {
                code: c.code.to_string(),
                choice,
                case: oc,
                sheet_case: *sc,
                fixed_by: by.clone(),
            }),
        }
    }
    if !e.is_empty() {
        return e;
    }
    // Conditions: a criterion that does not apply must stay empty or 0, on a partial sheet
    // too (the engine only says so of a complete one).
    scoring
        .progress(choices)
        .not_applicable
        .into_iter()
        .filter(|code| choices.get(code).is_some_and(|&c| c > 0))
        .filter_map(|code| {
            let condition = sheet
                .criterion(&code)?
                .applies_if
                .as_ref()?
                .criterion
                .clone();
            Some(EntryProblem::NotApplicable { code, condition })
        })
        .collect()
}

/// The case of option `choice` of `c`, when it belongs to one.
fn option_case(c: &ocop_rating::Criterion, choice: u32) -> Option<u32> {
    choice
        .checked_sub(1)
        .and_then(|i| c.options.get(i as usize))
        .and_then(|o| o.case)
}

/// What the scoring screen sends while a member types: the choices so far, the sheet's case
/// (`None` lets the choices decide) and the criterion chosen last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PreviewInput {
    /// Criterion code (or part key) → choice.
    pub choices: BTreeMap<String, u32>,
    /// The case chosen for a case-variant sheet.
    pub case: Option<u32>,
    /// The criterion just chosen: on a sheet without a chosen case, its option's case wins.
    pub last: Option<String>,
}

/// The entry as the rules keep it, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// The choices kept: a choice in another case than the sheet's (or than the one just made)
    /// is dropped, and so is a choice on a criterion that no longer applies.
    pub choices: BTreeMap<String, u32>,
    /// Running total, part totals, what is missing and what does not apply.
    pub progress: SheetProgress,
}

/// The preview of an entry being typed (no save, no check: [`check`] runs at the save).
pub fn preview(scoring: Scoring<'_>, input: &PreviewInput) -> Preview {
    let mut choices = input.choices.clone();
    if let Some(sheet) = scoring.sheet() {
        // The case that holds: the sheet's, else the case of the option just chosen.
        let case = input.case.or_else(|| {
            let code = input.last.as_deref()?;
            option_case(sheet.criterion(code)?, *choices.get(code)?)
        });
        if let Some(case) = case {
            choices.retain(|code, &mut choice| {
                sheet
                    .criterion(code)
                    .and_then(|c| option_case(c, choice))
                    .is_none_or(|oc| oc == case)
            });
        }
        // A criterion whose condition no longer holds must be empty; dropping one can change
        // another condition, so repeat until nothing changes.
        loop {
            let off = scoring.progress(&choices).not_applicable;
            let before = choices.len();
            choices.retain(|code, _| !off.contains(code));
            if choices.len() == before {
                break;
            }
        }
    }
    Preview {
        progress: scoring.progress(&choices),
        choices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_rating::Catalog;

    fn scoring(basis: &str, set: u8) -> Scoring<'static> {
        Catalog::builtin().unwrap().scoring(basis, set).unwrap()
    }

    fn choices(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    /// The first conditional criterion of a sheet, and the criterion its condition looks at.
    fn conditional(s: Scoring<'static>) -> (&'static ocop_rating::Criterion, String) {
        let (_, _, c) = s
            .sheet()
            .unwrap()
            .criteria()
            .find(|(_, _, c)| c.applies_if.is_some())
            .unwrap();
        (c, c.applies_if.as_ref().unwrap().criterion.clone())
    }

    /// The problems of an entry, as `(field, message)`.
    fn problems(s: Scoring<'_>, c: &[(&str, u32)], case: Option<u32>) -> Vec<(String, String)> {
        match check(s, &choices(c), case) {
            Ok(()) => Vec::new(),
            Err(e) => e
                .fields()
                .into_iter()
                .map(|f| (f.field, f.message))
                .collect(),
        }
    }

    #[test]
    fn a_partial_sheet_is_checked_criterion_by_criterion() {
        let s = scoring("26/2026/QĐ-TTg", 11);
        assert!(problems(s, &[("1.1", 1)], None).is_empty());
        let p = problems(s, &[("1.1", 9), ("99.9", 1)], None);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, "choices.1.1");
        assert!(p[0].1.contains("không có lựa chọn 9"), "{}", p[0].1);
        assert_eq!(p[1].0, "choices.99.9");
        let p = problems(s, &[], Some(3));
        assert_eq!(p[0].0, "case");
    }

    #[test]
    fn a_criterion_that_does_not_apply_stays_empty() {
        let s = scoring("26/2026/QĐ-TTg", 1);
        let (c, on) = conditional(s);
        let on = &on;
        let p = problems(s, &[(on, 0), (&c.code, 1)], None);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, format!("choices.{}", c.code));
        assert!(p[0].1.contains(&format!("tiêu chí {on}")), "{}", p[0].1);
        assert!(problems(s, &[(on, 0), (&c.code, 0)], None).is_empty());
    }

    #[test]
    fn a_case_variant_sheet_keeps_to_one_case() {
        let s = scoring("26/2026/QĐ-TTg", 26);
        let sheet = s.sheet().unwrap();
        // An option of case 1, and one of case 2 on another criterion.
        let pick = |case: u32, not: &str| {
            sheet
                .criteria()
                .filter(|(_, _, c)| &*c.code != not)
                .find_map(|(_, _, c)| {
                    let i = c.options.iter().position(|o| o.case == Some(case))?;
                    Some((c.code.to_string(), i as u32 + 1))
                })
                .unwrap()
        };
        let (c1, o1) = pick(1, "");
        let (c2, o2) = pick(2, &c1);
        assert!(problems(s, &[(&c1, o1)], None).is_empty());
        assert!(problems(s, &[(&c1, o1)], Some(1)).is_empty());
        let p = problems(s, &[(&c1, o1)], Some(2));
        assert!(
            p[0].1.contains("phiếu đang chấm theo trường hợp 2"),
            "{}",
            p[0].1
        );
        let p = problems(s, &[(&c1, o1), (&c2, o2)], None);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].1.contains("đã chọn theo trường hợp"), "{}", p[0].1);
        // The preview keeps the case just chosen and drops the other case's choices.
        let mixed = PreviewInput {
            choices: choices(&[(&c1, o1), (&c2, o2)]),
            case: None,
            last: Some(c2.clone()),
        };
        let kept = preview(s, &mixed).choices;
        assert_eq!(kept.get(&c2), Some(&o2));
        assert!(!kept.contains_key(&c1));
        let by_case = PreviewInput {
            case: Some(1),
            ..mixed
        };
        let kept = preview(s, &by_case).choices;
        assert!(kept.contains_key(&c1) && !kept.contains_key(&c2));
    }

    #[test]
    fn paper_totals_are_checked_part_by_part() {
        let s = scoring("148/QĐ-TTg", 11);
        assert!(problems(s, &[("A", 40), (STAR_CAP, 2)], None).is_empty());
        let p = problems(s, &[("A", 41), ("D", 1), (STAR_CAP, 6)], Some(1));
        let fields: Vec<&str> = p.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["case", "choices.A", "choices.D", "choices.star_cap"]
        );
        assert!(
            p[1].1.contains("Phần A tối đa 40 điểm; đã nhập 41."),
            "{}",
            p[1].1
        );
        assert!(p[2].1.contains("A, B, C"), "{}", p[2].1);
    }

    #[test]
    fn the_preview_drops_what_no_longer_applies_and_counts_the_rest() {
        let s = scoring("26/2026/QĐ-TTg", 1);
        let sheet = s.sheet().unwrap();
        let (c, on) = conditional(s);
        let best = sheet.criterion(&on).unwrap().options.len() as u32;
        let both = choices(&[(&on, best), (&c.code, 1)]);
        let p = preview(
            s,
            &PreviewInput {
                choices: both.clone(),
                case: None,
                last: Some(on.clone()),
            },
        );
        assert_eq!(p.choices, both);
        assert!(p.progress.total > 0);
        let mut lowered = both;
        lowered.insert(on.clone(), 0);
        let p = preview(
            s,
            &PreviewInput {
                choices: lowered,
                case: None,
                last: Some(on.clone()),
            },
        );
        assert!(!p.choices.contains_key(&*c.code));
        assert_eq!(p.progress.not_applicable, [c.code.to_string()]);
        // Totals are kept as typed.
        let t = scoring("148/QĐ-TTg", 11);
        let p = preview(
            t,
            &PreviewInput {
                choices: choices(&[("A", 30)]),
                ..Default::default()
            },
        );
        assert_eq!((p.progress.total, p.progress.missing.len()), (30, 3));
    }
}
