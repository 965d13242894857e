//! Scoring on a basis held as totals only (`detail: totals`, e.g. 148/2023): the council scores
//! on that era's paper sheets, and each member's sheet is entered as its part totals (A, B, C)
//! and the highest star whose minimums it meets ("đạt chỉ tiêu tối thiểu của hạng … sao"). The
//! mean, band, spread and recognition follow the same rules as a full sheet; the star is the band
//! capped by the members' minimum caps, judged across members by the council's rule.

use crate::engine::{
    check_disqualifications, check_members, conclude, mean_of, CouncilRules, Disqualification,
    Explanation, ExplanationKind, MemberChoice, MemberScore, MinStarRule, ProductResult,
    ScoreError, Verdict,
};
use crate::model::Basis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The possible minimum-star caps: minimums start at 3 stars, so 2 means the 3-star ones are unmet.
pub const STAR_CAPS: std::ops::RangeInclusive<u8> = 2..=5;

/// A member's paper sheet of a totals-only basis, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberTotals {
    /// Who scored.
    pub member: String,
    /// Points of each part, keyed as the basis's `part_maxima` (`A`, `B`, `C`).
    pub parts: BTreeMap<String, u32>,
    /// The highest star whose minimums the member's sheet meets: 5 when all are met, 2 when
    /// even the 3-star minimums are not (minimums start at 3 stars, the `***` marker).
    pub star_cap: u8,
}

/// Why a member's totals cannot be scored.
fn part_error(index: usize, member: &str, problem: String) -> ScoreError {
    ScoreError::Totals {
        sheet: index,
        member: member.to_string(),
        problem,
    }
}

/// Checks one member's totals against the basis: every part present and within its maximum, no
/// other key, and a star cap from 2 to 5.
pub fn check_totals(basis: &Basis, m: &MemberTotals, index: usize) -> Result<u32, ScoreError> {
    for key in m.parts.keys() {
        if !basis.part_maxima.contains_key(key) {
            return Err(part_error(
                index,
                &m.member,
                format!("{} không có phần {key}", basis.basis),
            ));
        }
    }
    let mut total = 0;
    for (part, max) in &basis.part_maxima {
        let points = *m
            .parts
            .get(part)
            .ok_or_else(|| part_error(index, &m.member, format!("thiếu điểm phần {part}")))?;
        if points > *max {
            return Err(part_error(
                index,
                &m.member,
                format!("phần {part} được {points} điểm, tối đa {max}"),
            ));
        }
        total += points;
    }
    if !STAR_CAPS.contains(&m.star_cap) {
        return Err(part_error(
            index,
            &m.member,
            format!(
                "hạng sao tối đa theo chỉ tiêu tối thiểu là {}, phải từ 2 (chưa đạt chỉ tiêu tối thiểu của 3 sao) đến 5",
                m.star_cap
            ),
        ));
    }
    Ok(total)
}

/// The star the members' caps allow under `rule`: `majority` the highest star more than half of
/// the members reach, `all` the lowest cap, `mean` the mean of the caps rounded down.
fn cap_of(caps: &[u8], rule: MinStarRule) -> u8 {
    let n = caps.len();
    match rule {
        MinStarRule::All => caps.iter().copied().min().unwrap_or(5),
        MinStarRule::Mean => (caps.iter().map(|&c| usize::from(c)).sum::<usize>() / n.max(1)) as u8,
        MinStarRule::Majority => (1..=5u8)
            .rev()
            .find(|&k| caps.iter().filter(|&&c| c >= k).count() * 2 > n)
            .unwrap_or(0),
    }
}

/// Scores a product of a totals-only basis from its members' entered totals.
pub fn score_totals(
    basis: &Basis,
    set: u8,
    rules: &CouncilRules,
    disqualified: &[Disqualification],
    members: &[MemberTotals],
) -> Result<ProductResult, ScoreError> {
    check_members(rules, members.iter().map(|m| m.member.as_str()))?;
    let mut scores = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let total = check_totals(basis, m, i)?;
        scores.push(MemberScore {
            member: m.member.clone(),
            total,
            parts: m
                .parts
                .iter()
                .map(|(k, v)| (Arc::<str>::from(k.as_str()), *v))
                .collect(),
            sections: BTreeMap::new(),
            case: None,
            criteria: Vec::new(),
        });
    }
    let disq_lines = check_disqualifications(None, disqualified)?;
    let mean = mean_of(basis, &scores, rules.decimals);
    let band = mean.band;
    let mut explanation = vec![mean.line(basis, &format!("phiếu giấy theo {}", basis.basis))];
    let disqualified_flag = !disq_lines.is_empty();
    explanation.extend(disq_lines);
    let caps: Vec<u8> = members.iter().map(|m| m.star_cap).collect();
    let allowed = cap_of(&caps, rules.min_star_rule);
    let star = if disqualified_flag {
        0
    } else {
        band.min(allowed)
    };
    let rule = match rules.min_star_rule {
        MinStarRule::Majority => "quy tắc đa số",
        MinStarRule::All => "quy tắc tất cả thành viên",
        MinStarRule::Mean => "trung bình hạng sao tối đa của các phiếu",
    };
    let quoted = |pred: &dyn Fn(u8) -> bool| -> (Vec<MemberChoice>, String) {
        let mut v: Vec<MemberChoice> = members
            .iter()
            .zip(&scores)
            .filter(|(m, _)| pred(m.star_cap))
            .map(|(m, s)| MemberChoice {
                member: m.member.clone(),
                choice: u32::from(m.star_cap),
                points: s.total,
            })
            .collect();
        v.sort_by(|a, b| a.member.cmp(&b.member));
        let text = v
            .iter()
            .map(|m| format!("{}: đạt đến {} sao", m.member, m.choice))
            .collect::<Vec<_>>()
            .join("; ");
        (v, text)
    };
    if !disqualified_flag && allowed < band {
        // The sheets that do not reach the star above the cap are the ones that capped it.
        let (below, who) = quoted(&|cap| cap <= allowed);
        explanation.push(Explanation {
            kind: ExplanationKind::Minimum,
            criterion: None,
            star: Some(allowed + 1),
            members: below,
            message: format!(
                "Chỉ tiêu tối thiểu cho {} sao (ghi trên phiếu giấy theo {}) chưa đạt theo {rule}: {who}. Hạng sao bị giới hạn ở {allowed} sao.",
                allowed + 1,
                basis.basis
            ),
        });
    }
    if !disqualified_flag && star > 0 {
        // Met by the rule although some sheets fall short of it: flagged for the council.
        let (short, who) = quoted(&|cap| cap < star);
        if !short.is_empty() {
            explanation.push(Explanation {
                kind: ExplanationKind::MinimumDisagreement,
                criterion: None,
                star: Some(star),
                members: short,
                message: format!(
                    "Chỉ tiêu tối thiểu cho {star} sao đạt theo {rule}, nhưng có phiếu giấy chưa đạt: {who}."
                ),
            });
        }
    }
    Ok(conclude(
        Verdict {
            basis,
            set,
            case: None,
            rules,
            mean,
            star,
            disqualified: disqualified_flag,
        },
        scores,
        explanation,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, DisqualificationKind};

    fn basis() -> &'static Basis {
        &Catalog::builtin()
            .unwrap()
            .basis("148/QĐ-TTg")
            .unwrap()
            .basis
    }

    /// The default rules with `rule` for the minimums.
    fn rules(rule: MinStarRule) -> CouncilRules {
        CouncilRules {
            min_star_rule: rule,
            ..CouncilRules::default()
        }
    }

    fn m(name: &str, a: u32, b: u32, c: u32, cap: u8) -> MemberTotals {
        MemberTotals {
            member: name.into(),
            parts: [("A", a), ("B", b), ("C", c)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            star_cap: cap,
        }
    }

    #[test]
    fn the_mean_of_paper_totals_gives_the_band_and_the_star() {
        let r = score_totals(
            basis(),
            11,
            &CouncilRules::default(),
            &[],
            &[
                m("m1", 30, 20, 25, 5),
                m("m2", 28, 18, 24, 5),
                m("m3", 31, 19, 26, 5),
            ],
        )
        .unwrap();
        // 75, 70, 76: mean 73,67 (half-up), band 4.
        assert_eq!(
            (r.mean_text.as_str(), r.band, r.star, r.recognised),
            ("73,67", 4, 4, true)
        );
        assert_eq!(r.members[1].parts["B"], 18);
        assert_eq!(r.basis, "148/QĐ-TTg");
        assert!(r.explanation[0]
            .message
            .contains("phiếu giấy theo 148/QĐ-TTg"));
    }

    #[test]
    fn minimum_caps_are_judged_by_the_councils_rule() {
        let sheets = [
            m("m1", 35, 22, 33, 3),
            m("m2", 36, 22, 32, 3),
            m("m3", 36, 23, 33, 5),
        ];
        // Mean 90,67: band 5.
        let r = score_totals(basis(), 11, &rules(MinStarRule::Majority), &[], &sheets).unwrap();
        assert_eq!((r.band, r.star), (5, 3));
        let cap = r
            .explanation
            .iter()
            .find(|e| e.kind == ExplanationKind::Minimum)
            .unwrap();
        assert_eq!(cap.star, Some(4));
        assert_eq!(cap.members.len(), 2);
        assert!(cap.message.contains("m1: đạt đến 3 sao"), "{}", cap.message);
        assert_eq!(
            score_totals(basis(), 11, &rules(MinStarRule::All), &[], &sheets)
                .unwrap()
                .star,
            3
        );
        // Mean of caps 11/3 → 3.
        assert_eq!(
            score_totals(basis(), 11, &rules(MinStarRule::Mean), &[], &sheets)
                .unwrap()
                .star,
            3
        );
        let two_of_three = [
            m("m1", 35, 22, 33, 5),
            m("m2", 36, 22, 32, 4),
            m("m3", 36, 23, 33, 5),
        ];
        assert_eq!(
            score_totals(
                basis(),
                11,
                &rules(MinStarRule::Majority),
                &[],
                &two_of_three
            )
            .unwrap()
            .star,
            5
        );
        assert_eq!(
            score_totals(basis(), 11, &rules(MinStarRule::All), &[], &two_of_three)
                .unwrap()
                .star,
            4
        );
    }

    #[test]
    fn the_explanation_names_only_the_sheets_that_capped_and_flags_the_short_ones() {
        // Band 5; caps 3, 4, 5 under "all": 3 stars, capped by m1 alone (m2 meets 4 stars).
        let sheets = [
            m("m1", 36, 23, 32, 3),
            m("m2", 36, 23, 32, 4),
            m("m3", 36, 23, 32, 5),
        ];
        let r = score_totals(basis(), 11, &rules(MinStarRule::All), &[], &sheets).unwrap();
        assert_eq!((r.band, r.star), (5, 3));
        let cap = r
            .explanation
            .iter()
            .find(|e| e.kind == ExplanationKind::Minimum)
            .unwrap();
        let named: Vec<&str> = cap.members.iter().map(|m| m.member.as_str()).collect();
        assert_eq!(named, ["m1"]);
        // Caps 5, 5, 4 under "majority": 5 stars, with m3's shorter sheet flagged.
        let sheets = [
            m("m1", 36, 23, 32, 5),
            m("m2", 36, 23, 32, 5),
            m("m3", 36, 23, 32, 4),
        ];
        let r = score_totals(basis(), 11, &rules(MinStarRule::Majority), &[], &sheets).unwrap();
        assert_eq!(r.star, 5);
        assert!(r
            .explanation
            .iter()
            .all(|e| e.kind != ExplanationKind::Minimum));
        let flagged = r
            .explanation
            .iter()
            .find(|e| e.kind == ExplanationKind::MinimumDisagreement)
            .unwrap();
        assert_eq!(flagged.members.len(), 1);
        assert!(
            flagged.message.contains("m3: đạt đến 4 sao"),
            "{}",
            flagged.message
        );
    }

    #[test]
    fn bad_totals_name_the_member_and_the_part() {
        let err = score_totals(
            basis(),
            11,
            &CouncilRules::default(),
            &[],
            &[m("m1", 41, 20, 20, 5)],
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("phần A được 41 điểm, tối đa 40"),
            "{err}"
        );
        let mut missing = m("m2", 30, 20, 20, 5);
        missing.parts.remove("C");
        let err = score_totals(basis(), 11, &CouncilRules::default(), &[], &[missing]).unwrap_err();
        assert!(
            err.to_string().contains("m2") && err.to_string().contains("phần C"),
            "{err}"
        );
        for cap in [0, 1, 6] {
            let err = score_totals(
                basis(),
                11,
                &CouncilRules::default(),
                &[],
                &[m("m3", 30, 20, 20, cap)],
            )
            .unwrap_err();
            assert!(err.to_string().contains("phải từ 2"), "{err}");
        }
    }

    #[test]
    fn a_knockout_with_a_note_disqualifies_and_a_criterion_is_refused() {
        let sheets = [m("m1", 35, 22, 33, 5), m("m2", 30, 20, 30, 5)];
        let knockout = Disqualification {
            kind: Some(DisqualificationKind::Knockout),
            criterion: None,
            note: Some("Giấy chứng nhận ATTP hết hạn".into()),
        };
        let r = score_totals(basis(), 11, &CouncilRules::default(), &[knockout], &sheets).unwrap();
        assert_eq!((r.star, r.recognised, r.disqualified), (0, false, true));
        let by_criterion = Disqualification {
            kind: Some(DisqualificationKind::Disqualifier),
            criterion: Some("1.1".into()),
            note: Some("x".into()),
        };
        assert!(score_totals(
            basis(),
            11,
            &CouncilRules::default(),
            &[by_criterion],
            &sheets
        )
        .is_err());
    }

    #[test]
    fn a_wide_spread_is_reported() {
        let r = score_totals(
            basis(),
            11,
            &CouncilRules::default(),
            &[],
            &[m("m1", 35, 22, 33, 5), m("m2", 20, 15, 20, 5)],
        )
        .unwrap();
        assert!(r.spread_exceeded);
        assert_eq!(r.spread, 35);
    }
}
