//! Self-assessment (Form 02 part III): a producer's single sheet, and the cheapest changes that
//! would raise its star by one.

use crate::engine::{
    score_product, CouncilRules, MemberScore, MemberSheet, ProductResult, ScoreError,
};
use crate::model::{Basis, Sheet};
use serde::Serialize;

/// Why a change is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeReason {
    /// The criterion's minimum for the target star is not met.
    Minimum,
    /// The total is below the target star's band.
    Points,
}

/// One option to raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Criterion code.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// The current choice (0 = none).
    pub from_choice: u32,
    /// The choice to reach.
    pub to_choice: u32,
    /// Current points.
    pub from_points: u32,
    /// Points after the change.
    pub to_points: u32,
    /// The label of the option to reach.
    pub to_label: String,
    /// Why.
    pub reason: ChangeReason,
    /// A sentence in Vietnamese.
    pub message: String,
}

/// The cheapest plan that raises a self-assessed star by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Improvement {
    /// The star the plan reaches.
    pub target_star: u8,
    /// Total before.
    pub total: u32,
    /// Total after the changes.
    pub new_total: u32,
    /// Points the changes add (may be 0 when only a minimum blocks).
    pub points_added: i64,
    /// Option steps over all changes.
    pub steps: u32,
    /// The changes, in sheet order.
    pub changes: Vec<Change>,
}

/// A self-assessment: the result of the producer's sheet and what would raise its star.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfAssessment {
    /// The result as if the sheet were the only member's.
    pub result: ProductResult,
    /// The cheapest way to one more star; `None` at the top, when disqualified, or when no
    /// choice of options gets there.
    pub improvement: Option<Improvement>,
}

/// Scores a producer's own sheet and finds the cheapest changes that raise the star by one.
pub fn self_assess(
    basis: &Basis,
    sheet: &Sheet,
    member: &MemberSheet,
) -> Result<SelfAssessment, ScoreError> {
    let rules = CouncilRules::default();
    let result = score_product(basis, sheet, &rules, &[], std::slice::from_ref(member))?;
    let improvement = improvements(basis, sheet, member, &result)?;
    Ok(SelfAssessment {
        result,
        improvement,
    })
}

/// The cheapest changes to `member` (fewest points added, then fewest option steps) that raise
/// the star of its single-sheet `result` by one, checked by scoring the changed sheet.
pub fn improvements(
    basis: &Basis,
    sheet: &Sheet,
    member: &MemberSheet,
    result: &ProductResult,
) -> Result<Option<Improvement>, ScoreError> {
    if result.disqualified {
        return Ok(None);
    }
    let target = result.star + 1;
    let Some(threshold) = basis
        .bands
        .iter()
        .find(|b| b.star == target)
        .map(|b| b.from)
    else {
        return Ok(None);
    };
    let Some(score) = result.members.first() else {
        return Ok(None);
    };
    let cases: Vec<Option<u32>> = match score.case {
        Some(c) => vec![Some(c)],
        None if sheet.cases.is_empty() => vec![None],
        None => sheet.cases.iter().map(|c| Some(c.id)).collect(),
    };
    let mut best: Option<Improvement> = None;
    for case in cases {
        if let Some(plan) = plan_for_case(sheet, score, case, target, threshold) {
            // Check the plan with the engine itself; a plan the engine does not confirm is dropped.
            let mut changed = member.clone();
            for ch in &plan.changes {
                changed.choices.insert(ch.criterion.clone(), ch.to_choice);
            }
            // Criteria left out because they did not apply may apply after a raise; 0 is valid either way.
            for (_, _, c) in sheet.criteria() {
                changed.choices.entry(c.code.to_string()).or_insert(0);
            }
            if case.is_some() && sheet.cases.len() > 1 {
                changed.case = case;
            }
            let confirmed = score_product(
                basis,
                sheet,
                &CouncilRules::default(),
                &[],
                std::slice::from_ref(&changed),
            )
            .is_ok_and(|r| r.star >= target);
            let better = best
                .as_ref()
                .is_none_or(|b| (plan.points_added, plan.steps) < (b.points_added, b.steps));
            if confirmed && better {
                best = Some(plan);
            }
        }
    }
    Ok(best)
}

/// One way to set one criterion: the new choice, the points it adds and the option steps.
#[derive(Clone, Copy)]
struct Alternative {
    choice: u32,
    gain: i64,
    steps: u32,
    forced: bool,
}

const OFFSET: i64 = 200;
const WIDTH: usize = 401;

fn plan_for_case(
    sheet: &Sheet,
    score: &MemberScore,
    case: Option<u32>,
    target: u8,
    threshold: u32,
) -> Option<Improvement> {
    let criteria: Vec<_> = sheet.criteria().map(|(_, _, c)| c).collect();
    // Alternatives per criterion: keep, or raise to any higher option of the case.
    let mut alts: Vec<Vec<Alternative>> = Vec::with_capacity(criteria.len());
    for (c, cs) in criteria.iter().zip(&score.criteria) {
        let required = if cs.applicable {
            c.required_position(target, case).unwrap_or(0)
        } else {
            0
        };
        let mut list = Vec::new();
        if cs.choice as usize >= required {
            list.push(Alternative {
                choice: cs.choice,
                gain: 0,
                steps: 0,
                forced: false,
            });
        }
        if cs.applicable {
            for p in (cs.choice as usize + 1)..=c.options.len() {
                if p >= required && c.option_in_case(p, case) {
                    let gain = i64::from(c.options[p - 1].points) - i64::from(cs.points);
                    // A raise that adds nothing is only worth it to meet a minimum.
                    if gain > 0 || (cs.choice as usize) < required {
                        let steps = (p - cs.choice as usize) as u32;
                        list.push(Alternative {
                            choice: p as u32,
                            gain,
                            steps,
                            forced: (cs.choice as usize) < required,
                        });
                    }
                }
            }
        }
        if list.is_empty() {
            return None;
        }
        alts.push(list);
    }
    // dp[g] = least steps to add exactly g points (offset for negative gains); back[i][g] = alternative.
    let mut dp = vec![u32::MAX; WIDTH];
    dp[OFFSET as usize] = 0;
    let mut back: Vec<Vec<(usize, u16)>> = Vec::with_capacity(alts.len());
    for list in &alts {
        let mut next = vec![u32::MAX; WIDTH];
        let mut from = vec![(usize::MAX, 0u16); WIDTH];
        for (g, &steps) in dp.iter().enumerate() {
            if steps == u32::MAX {
                continue;
            }
            for (a, alt) in list.iter().enumerate() {
                let ng = g as i64 + alt.gain;
                if !(0..WIDTH as i64).contains(&ng) {
                    continue;
                }
                let ns = steps + alt.steps;
                if ns < next[ng as usize] {
                    next[ng as usize] = ns;
                    from[ng as usize] = (g, a as u16);
                }
            }
        }
        dp = next;
        back.push(from);
    }
    let need = i64::from(threshold) - i64::from(score.total);
    let g = (0..WIDTH).find(|&g| dp[g] != u32::MAX && g as i64 - OFFSET >= need)?;
    let mut picks = vec![0usize; alts.len()];
    let mut at = g;
    for i in (0..alts.len()).rev() {
        let (prev, a) = back[i][at];
        picks[i] = a as usize;
        at = prev;
    }
    let mut changes = Vec::new();
    for (i, &a) in picks.iter().enumerate() {
        let alt = alts[i][a];
        let (c, cs) = (criteria[i], &score.criteria[i]);
        if alt.choice == cs.choice {
            continue;
        }
        let option = &c.options[alt.choice as usize - 1];
        let reason = if alt.forced {
            ChangeReason::Minimum
        } else {
            ChangeReason::Points
        };
        let why = match reason {
            ChangeReason::Minimum => format!("mức tối thiểu cho {target} sao"),
            ChangeReason::Points => format!("thêm điểm để đạt {threshold} điểm"),
        };
        changes.push(Change {
            criterion: c.code.to_string(),
            title: c.title.clone(),
            from_choice: cs.choice,
            to_choice: alt.choice,
            from_points: cs.points,
            to_points: option.points,
            to_label: option.label.clone(),
            reason,
            message: format!(
                "Tiêu chí {} ({}): nâng từ lựa chọn {} ({} điểm) lên lựa chọn {} «{}» ({} điểm) — {why}.",
                c.code, c.title, cs.choice, cs.points, alt.choice, option.label, option.points
            ),
        });
    }
    let points_added = g as i64 - OFFSET;
    Some(Improvement {
        target_star: target,
        total: score.total,
        new_total: (i64::from(score.total) + points_added) as u32,
        points_added,
        steps: dp[g],
        changes,
    })
}
