//! The transcribed Annex II sheets of 26/2026/QĐ-TTg: their sums, and hand-worked scorings of
//! sets 1 (vegetables) and 11 (tea). Expected values are worked out by hand from the sheet text
//! (the point of each chosen option is in the comment beside it).

use crate::common::*;
use ocop_rating::*;
use serde_json::Value;

const BASIS: &str = "26/2026/QĐ-TTg";

#[test]
fn every_sheet_of_26_2026_loads() {
    let entry = builtin().basis(BASIS).expect("basis");
    assert_eq!(
        entry.sheets.keys().copied().collect::<Vec<_>>(),
        (1..=26).collect::<Vec<u8>>()
    );
    assert_eq!(
        builtin().sheet(BASIS, 11).unwrap().title,
        "Chè tươi, chè chế biến"
    );
}

#[test]
fn part_maxima_are_40_25_35_and_total_100() {
    for (set, sheet) in &builtin().basis(BASIS).unwrap().sheets {
        let parts: Vec<(&str, u32)> = sheet
            .parts
            .iter()
            .map(|p| (p.code.as_ref(), p.max))
            .collect();
        assert_eq!(parts, vec![("A", 40), ("B", 25), ("C", 35)], "set {set}");
        // Recomputed from the options, not from the declared maxima.
        for case in cases_of(sheet) {
            let from_options: u32 = sheet.criteria().map(|(_, _, c)| c.best_points(case)).sum();
            assert_eq!(from_options, 100, "set {set} case {case:?}");
            for part in &sheet.parts {
                let sum: u32 = part
                    .sections
                    .iter()
                    .flat_map(|s| &s.criteria)
                    .map(|c| c.best_points(case))
                    .sum();
                assert_eq!(sum, part.max, "set {set} part {}", part.code);
            }
        }
    }
}

fn cases_of(sheet: &Sheet) -> Vec<Option<u32>> {
    if sheet.cases.is_empty() {
        vec![None]
    } else {
        sheet.cases.iter().map(|c| Some(c.id)).collect()
    }
}

#[test]
fn section_max_is_the_sum_of_best_options() {
    for (set, sheet) in &builtin().basis(BASIS).unwrap().sheets {
        for part in &sheet.parts {
            for section in &part.sections {
                for case in cases_of(sheet) {
                    let sum: u32 = section.criteria.iter().map(|c| c.best_points(case)).sum();
                    assert_eq!(
                        sum, section.max,
                        "set {set} section {} case {case:?}",
                        section.code
                    );
                }
                for c in &section.criteria {
                    assert_eq!(
                        c.max,
                        c.options.iter().map(|o| o.points).max().unwrap(),
                        "set {set} {}",
                        c.code
                    );
                }
            }
        }
    }
}

#[test]
fn every_option_has_points_in_the_file() {
    // Read the raw files, so an option written without "points" is caught even if a default crept in.
    let mut options = 0;
    for (path, text) in Catalog::embedded_files() {
        if !path.contains("/set-") {
            continue;
        }
        let v: Value = serde_json::from_str(text).unwrap();
        for part in v["parts"].as_array().unwrap() {
            for section in part["sections"].as_array().unwrap() {
                for c in section["criteria"].as_array().unwrap() {
                    let opts = c["options"].as_array().unwrap();
                    assert!(!opts.is_empty(), "{path} {}", c["code"]);
                    for o in opts {
                        assert!(
                            o["points"].is_u64(),
                            "{path} {} option {:?} has no points",
                            c["code"],
                            o["label"]
                        );
                        assert!(
                            o["min_star"].is_null()
                                || [3, 4, 5].contains(&o["min_star"].as_u64().unwrap())
                        );
                        options += 1;
                    }
                }
            }
        }
    }
    assert!(options > 26 * 60, "only {options} options");
}

#[test]
fn known_transcript_doubts_are_resolved_in_the_data() {
    let tea = builtin().sheet(BASIS, 11).unwrap();
    let c = tea.criterion("6.1.1").unwrap();
    assert_eq!(
        c.options.iter().map(|o| o.points).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert!(tea
        .transcript_notes
        .iter()
        .any(|n| n.contains("6.1.1") && n.contains("11")));
    for set in [4, 7, 10, 11] {
        let s = builtin().sheet(BASIS, set).unwrap();
        assert_eq!(
            s.criterion("1.2").unwrap().options[0].points,
            0,
            "set {set}"
        );
        assert!(
            s.transcript_notes.iter().any(|n| n.contains("1.2")),
            "set {set}"
        );
    }
    let tourism = builtin().sheet(BASIS, 26).unwrap();
    assert_eq!(tourism.parts[0].max, 40);
    assert!(!tourism.cases.is_empty());
    // 5.2 applies only with a story, on every product sheet that has it.
    for set in 1..=25 {
        let s = builtin().sheet(BASIS, set).unwrap();
        let cond = s.criterion("5.2").and_then(|c| c.applies_if.clone());
        assert_eq!(
            cond,
            Some(Condition {
                criterion: "5.1".into(),
                min_points: 1
            }),
            "set {set}"
        );
    }
}

#[test]
fn star_markers_sit_where_the_text_puts_them() {
    // OCOP.md §4.2: 1.1 carries *** on "<50%" in sets 7–10 and 14–22, on "50–<75%" in 5, 6, 11–13.
    for set in [7, 8, 9, 10, 14, 15, 16, 17, 18, 19, 20, 21, 22] {
        let c = builtin()
            .sheet(BASIS, set)
            .unwrap()
            .criterion("1.1")
            .unwrap()
            .clone();
        assert_eq!(c.required_position(3, None), Some(1), "set {set}");
    }
    for set in [5, 6, 11, 12, 13] {
        let c = builtin()
            .sheet(BASIS, set)
            .unwrap()
            .criterion("1.1")
            .unwrap()
            .clone();
        assert_eq!(c.required_position(3, None), Some(2), "set {set}");
    }
}

// ---------------------------------------------------------------------------------------------
// Set 1 "Rau, củ, quả, hạt tươi".

/// A mid-range vegetable sheet, 54 points, every 3★ minimum met, no story.
fn veg() -> MemberSheet {
    member(
        "m1",
        &[
            ("1.1", 3), // 3
            ("1.2", 3), // 2
            ("1.3", 2), // 2
            ("1.4", 3), // 3
            ("1.5", 2), // 1
            ("1.6", 2), // 2
            ("1.7", 2), // 1   section 1 = 14
            ("2.1", 2), // 1
            ("2.2", 3), // 2 ★3
            ("2.3", 2), // 2 (★3 is option 1)
            ("2.4", 1), // 1   section 2 = 6
            ("3.1", 3), // 3
            ("3.2", 2), // 1
            ("3.3", 3), // 3
            ("3.4", 1), // 1
            ("3.5", 1), // 1 ★3   section 3 = 9, part A = 29
            ("4.1", 2), // 2 ★3
            ("4.2", 3), // 2
            ("4.3", 3), // 2   section 4 = 6
            ("5.1", 1), // 0: no story, so 5.2 is left out
            ("5.3", 3), // 3   section 5 = 3, part B = 9
            ("6.1", 2), // 1
            ("6.2", 3), // 2
            ("6.3", 4), // 3
            ("6.4", 3), // 2   section 6 = 8
            ("7", 2),   // 1
            ("8", 2),   // 1
            ("9", 1),   // 2 ★3
            ("10", 1),  // 1 ★3
            ("11", 2),  // 2
            ("12", 1),  // 1   part C = 16
        ],
    )
}

/// The best vegetable sheet with ten unstarred criteria at "none": 70 points, every 4★ minimum met.
fn veg70(name: &str) -> MemberSheet {
    let (_, s) = real(1);
    let zero = [
        "1.1", "1.2", "1.4", "3.1", "3.3", "4.2", "4.3", "5.2", "6.3", "6.4",
    ];
    // Dropped: 3 + 2 + 3 + 3 + 3 + 3 + 5 + 2 + 3 + 3 = 30 points from 100.
    member_with(name, s, |c| {
        if zero.contains(&c.code.as_ref()) {
            0
        } else {
            c.options.len() as u32
        }
    })
}

fn set1(members: &[MemberSheet], rules: CouncilRules) -> ProductResult {
    let (b, s) = real(1);
    score_product(b, s, &rules, &[], members).unwrap()
}

#[test]
fn set1_mid_sheet_is_54_points_and_3_stars_without_a_story() {
    let r = set1(&[veg()], CouncilRules::default());
    let m = &r.members[0];
    assert_eq!(
        (m.total, m.parts["A"], m.parts["B"], m.parts["C"]),
        (54, 29, 9, 16)
    );
    assert_eq!(
        (
            m.sections["1"],
            m.sections["2"],
            m.sections["3"],
            m.sections["5"],
            m.sections["6"]
        ),
        (14, 6, 9, 3, 8)
    );
    let story = m.criteria.iter().find(|c| &*c.code == "5.2").unwrap();
    assert_eq!((story.applicable, story.points), (false, 0));
    assert_eq!(
        (r.mean_scaled, r.band, r.star, r.recognised),
        (5400, 3, 3, true)
    );
    // With a story worth a point, 5.2 applies and must be scored.
    let (b, s) = real(1);
    let err = score_product(
        b,
        s,
        &CouncilRules::default(),
        &[],
        &[with(veg(), &[("5.1", 2)])],
    )
    .unwrap_err();
    assert_eq!(
        err,
        ScoreError::MissingCriterion {
            sheet: 0,
            member: "m1".into(),
            code: "5.2".into()
        }
    );
    let mut told = with(veg(), &[("5.1", 2)]);
    told.choices.insert("5.2".into(), 3);
    assert_eq!(
        set1(&[told], CouncilRules::default()).members[0].total,
        54 + 1 + 2
    );
}

#[test]
fn set1_a_3_star_minimum_caps_at_2_stars() {
    // 9 at "none" (0 instead of 2): 52 points, band 3, but 9's *** minimum is not met.
    let r = set1(&[with(veg(), &[("9", 0)])], CouncilRules::default());
    assert_eq!(
        (r.mean_scaled, r.band, r.star, r.recognised),
        (5200, 3, 2, false)
    );
    let caps: Vec<_> = r
        .explanation
        .iter()
        .filter(|e| e.kind == ExplanationKind::Minimum)
        .collect();
    assert_eq!(caps.len(), 1);
    assert_eq!(
        (caps[0].criterion.as_deref(), caps[0].star),
        (Some("9"), Some(3))
    );
    assert!(caps[0].message.contains("m1 chọn 0"), "{}", caps[0].message);
}

#[test]
fn set1_band_edge_at_70() {
    let rules = CouncilRules::default();
    let seventy = set1(&[veg70("a"), veg70("b"), veg70("c")], rules);
    assert_eq!(seventy.members[0].total, 70);
    assert_eq!(
        (
            seventy.mean_scaled,
            seventy.mean_text.as_str(),
            seventy.band,
            seventy.star
        ),
        (7000, "70,00", 4, 4)
    );
    let sixty_nine = |name: &str| with(veg70(name), &[("1.7", 1)]); // 1.7 to "none": 69
                                                                    // 69 and 71 average to exactly 70.00.
    let r = set1(&[sixty_nine("a"), with(veg70("b"), &[("1.1", 1)])], rules);
    assert_eq!(
        (
            r.members[0].total,
            r.members[1].total,
            r.mean_scaled,
            r.band
        ),
        (69, 71, 7000, 4)
    );
    // 69, 70, 70: 69.666… rounds to 69.67, band 3.
    let r = set1(&[sixty_nine("a"), veg70("b"), veg70("c")], rules);
    assert_eq!((r.mean_scaled, r.band, r.star), (6967, 3, 3));
    // 199 × 70 and one 69: 69.995 rounds half-up to 70.00, band 4.
    let mut many: Vec<_> = (0..199).map(|i| veg70(&format!("m{i}"))).collect();
    many.push(sixty_nine("last"));
    let r = set1(&many, rules);
    assert_eq!((r.mean_scaled, r.mean, r.band, r.star), (7000, 70.0, 4, 4));
    // 5 × 70 and 3 × 69: 69.625 → 69.63.
    let mut eight: Vec<_> = (0..5).map(|i| veg70(&format!("a{i}"))).collect();
    eight.extend((0..3).map(|i| sixty_nine(&format!("b{i}"))));
    assert_eq!(set1(&eight, rules).mean_text, "69,63");
}

// ---------------------------------------------------------------------------------------------
// Set 11 "Chè tươi, chè chế biến".

/// A good tea sheet: 71 points, every 4★ minimum met except 5.1 (story at 3 points, ★4 needs 5).
fn tea(name: &str) -> MemberSheet {
    member(
        name,
        &[
            ("1.1", 3),   // 3
            ("1.2", 2),   // 1
            ("1.3", 3),   // 2
            ("1.4", 2),   // 2
            ("1.5", 3),   // 2 ★4
            ("1.6", 1),   // 1 ★4
            ("1.7", 2),   // 1   section 1 = 12
            ("2.1", 4),   // 3 ★4
            ("2.2", 3),   // 2 ★3
            ("2.3", 3),   // 3 ★4
            ("2.4", 1),   // 1   section 2 = 9
            ("3.1", 3),   // 3
            ("3.2", 1),   // 0
            ("3.3", 3),   // 3
            ("3.4", 2),   // 2 ★4
            ("3.5", 2),   // 2 ★4   section 3 = 10, part A = 31
            ("4.1", 3),   // 3 ★4
            ("4.2", 3),   // 2
            ("4.3", 4),   // 3   section 4 = 8
            ("5.1", 4),   // 3 (★4 is option 5)
            ("5.2", 3),   // 2
            ("5.3", 3),   // 3   section 5 = 8, part B = 16
            ("6.1.1", 3), // 2 ★4
            ("6.1.2", 3), // 2 ★4
            ("6.2.1", 3), // 2
            ("6.2.2", 3), // 2
            ("6.2.3", 3), // 3   section 6 = 11
            ("7", 3),     // 3 ★4
            ("8", 2),     // 4
            ("9", 2),     // 3 ★4
            ("10", 2),    // 2
            ("11", 1),    // 1   part C = 24
        ],
    )
}

fn set11(members: &[MemberSheet], rules: CouncilRules, disq: &[Disqualification]) -> ProductResult {
    let (b, s) = real(11);
    score_product(b, s, &rules, disq, members).unwrap()
}

fn rule(r: MinStarRule) -> CouncilRules {
    CouncilRules {
        min_star_rule: r,
        ..CouncilRules::default()
    }
}

#[test]
fn set11_a_4_star_minimum_caps_at_3_stars() {
    let r = set11(&[tea("m1")], CouncilRules::default(), &[]);
    let m = &r.members[0];
    assert_eq!(
        (
            m.total,
            m.parts["A"],
            m.parts["B"],
            m.parts["C"],
            m.sections["6"]
        ),
        (71, 31, 16, 24, 11)
    );
    assert_eq!((r.band, r.star, r.recognised), (4, 3, true));
    let caps: Vec<_> = r
        .explanation
        .iter()
        .filter(|e| e.kind == ExplanationKind::Minimum)
        .collect();
    assert_eq!(caps.len(), 1);
    assert_eq!(
        (caps[0].criterion.as_deref(), caps[0].star),
        (Some("5.1"), Some(4))
    );
    assert!(
        caps[0].message.contains("5.1") && caps[0].message.contains("3 sao"),
        "{}",
        caps[0].message
    );
}

#[test]
fn set11_a_5_star_minimum_caps_at_4_stars() {
    let (_, s) = real(11);
    // Everything at its best except 1.5 at option 3 (2 of 3 points): 99 points, band 5.
    let best_but = with(
        member_with("m1", s, |c| c.options.len() as u32),
        &[("1.5", 3)],
    );
    let r = set11(&[best_but], CouncilRules::default(), &[]);
    assert_eq!(
        (r.mean_scaled, r.band, r.star, r.recognised),
        (9900, 5, 4, true)
    );
    let caps: Vec<_> = r
        .explanation
        .iter()
        .filter(|e| e.kind == ExplanationKind::Minimum)
        .collect();
    assert_eq!(caps.len(), 1);
    assert_eq!(
        (caps[0].criterion.as_deref(), caps[0].star),
        (Some("1.5"), Some(5))
    );
}

#[test]
fn set11_the_three_minimum_rules() {
    // 5.1: m1 at option 4 (3 points), m2 and m3 at option 5 (5 points, ★4).
    // Totals: m1 71; m2 71 + 2 (5.1) + 2 (4.3 → 5 points) = 75; m3 71 + 2 (5.1) + 2 (6.2.3 → 5) = 75.
    let members = [
        tea("m1"),
        with(tea("m2"), &[("5.1", 5), ("4.3", 5)]),
        with(tea("m3"), &[("5.1", 5), ("6.2.3", 4)]),
    ];
    let majority = set11(&members, rule(MinStarRule::Majority), &[]);
    assert_eq!(
        majority.members.iter().map(|m| m.total).collect::<Vec<_>>(),
        vec![71, 75, 75]
    );
    assert_eq!(
        (majority.mean_scaled, majority.band, majority.star),
        (7367, 4, 4)
    ); // 221 / 3 = 73.666…
    let flagged = majority
        .explanation
        .iter()
        .find(|e| e.kind == ExplanationKind::MinimumDisagreement)
        .unwrap();
    assert_eq!(flagged.criterion.as_deref(), Some("5.1"));
    assert_eq!(
        flagged
            .members
            .iter()
            .map(|m| m.member.as_str())
            .collect::<Vec<_>>(),
        vec!["m1"]
    );
    assert_eq!(set11(&members, rule(MinStarRule::All), &[]).star, 3);
    // Mean points on 5.1: (3 + 5 + 5) / 3 = 4.33 < 5.
    let mean = set11(&members, rule(MinStarRule::Mean), &[]);
    assert_eq!(mean.star, 3);
    assert!(mean
        .explanation
        .iter()
        .any(|e| e.kind == ExplanationKind::Minimum && e.message.contains("4,33")));

    // 9 (★3 option 1 = 1 point, ★4 option 2 = 3 points), every member with 5.1 at option 5:
    // m1, m2 at option 3 (5 points) → 75 each; m3 at option 1 (1 point) → 71.
    let base = |n: &str| with(tea(n), &[("5.1", 5)]);
    let members = [
        with(base("m1"), &[("9", 3)]),
        with(base("m2"), &[("9", 3)]),
        with(base("m3"), &[("9", 1)]),
    ];
    let totals = |r: &ProductResult| r.members.iter().map(|m| m.total).collect::<Vec<_>>();
    let majority = set11(&members, rule(MinStarRule::Majority), &[]);
    assert_eq!(totals(&majority), vec![75, 75, 71]);
    assert_eq!(majority.star, 4);
    let all = set11(&members, rule(MinStarRule::All), &[]);
    assert_eq!(all.star, 3);
    let cap = all
        .explanation
        .iter()
        .find(|e| e.kind == ExplanationKind::Minimum)
        .unwrap();
    assert_eq!((cap.criterion.as_deref(), cap.star), (Some("9"), Some(4)));
    // Mean points on 9: (5 + 5 + 1) / 3 = 3.67 ≥ 3.
    assert_eq!(set11(&members, rule(MinStarRule::Mean), &[]).star, 4);
}

#[test]
fn set11_disqualification() {
    let dq = Disqualification {
        kind: Some(DisqualificationKind::Disqualifier),
        criterion: Some("1.1".into()),
        note: Some("Nguyên liệu nhập khẩu toàn bộ".into()),
    };
    let r = set11(
        &[tea("m1"), tea("m2"), tea("m3")],
        CouncilRules::default(),
        &[dq],
    );
    assert_eq!(
        (r.mean_scaled, r.band, r.star, r.recognised, r.disqualified),
        (7100, 4, 0, false, true)
    );
    let line = r
        .explanation
        .iter()
        .find(|e| e.kind == ExplanationKind::Disqualification)
        .unwrap();
    assert_eq!(line.criterion.as_deref(), Some("1.1"));
    assert!(
        line.message
            .contains("Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu"),
        "{}",
        line.message
    );
    assert!(!r
        .explanation
        .iter()
        .any(|e| e.kind == ExplanationKind::Minimum));
    // A renamed copy (2.1) and a foreign body (6.1.1 gate), given as bare codes.
    for code in ["2.1", "6.1.1"] {
        let d = Disqualification {
            kind: None,
            criterion: Some(code.into()),
            note: None,
        };
        assert_eq!(
            set11(&[tea("m1")], CouncilRules::default(), &[d]).star,
            0,
            "{code}"
        );
    }
    let (b, s) = real(11);
    let err = score_product(
        b,
        s,
        &CouncilRules::default(),
        &["1.2".parse_disq()],
        &[tea("m1")],
    )
    .unwrap_err();
    assert!(err.to_string().contains("1.2"), "{err}");
}

trait ParseDisq {
    fn parse_disq(&self) -> Disqualification;
}
impl ParseDisq for str {
    fn parse_disq(&self) -> Disqualification {
        serde_json::from_value(Value::String(self.into())).unwrap()
    }
}

#[test]
fn set11_spread_breach_names_the_highest_and_lowest() {
    // m2: +2 (4.3 → 5), +2 (6.2.3 → 5), +2 (7 → 5), +2 (5.1 → 5), +1 (8 → 5), +2 (9 → 5) = 82.
    let m2 = with(
        tea("m2"),
        &[
            ("4.3", 5),
            ("6.2.3", 4),
            ("7", 4),
            ("5.1", 5),
            ("8", 3),
            ("9", 3),
        ],
    );
    let r = set11(
        &[tea("m1"), m2.clone(), tea("m3")],
        CouncilRules::default(),
        &[],
    );
    assert_eq!(
        r.members.iter().map(|m| m.total).collect::<Vec<_>>(),
        vec![71, 82, 71]
    );
    assert_eq!((r.spread, r.spread_exceeded), (11, true));
    let line = r
        .explanation
        .iter()
        .find(|e| e.kind == ExplanationKind::Spread)
        .unwrap();
    let named: Vec<_> = line
        .members
        .iter()
        .map(|m| (m.member.as_str(), m.points))
        .collect();
    assert_eq!(named, vec![("m2", 82), ("m1", 71), ("m3", 71)]);
    assert!(
        line.message.contains("cao nhất m2 (82 điểm)")
            && line.message.contains("thấp nhất m1, m3 (71 điểm)")
    );
    // At exactly the limit it is not exceeded; a wider limit is a council's choice.
    let m2_ten = with(m2.clone(), &[("8", 2)]);
    let r = set11(&[tea("m1"), m2_ten], CouncilRules::default(), &[]);
    assert_eq!((r.spread, r.spread_exceeded), (10, false));
    let wide = CouncilRules {
        spread_limit: 11,
        ..CouncilRules::default()
    };
    assert!(!set11(&[tea("m1"), m2], wide, &[]).spread_exceeded);
}

#[test]
fn set1_self_assessment_lists_the_cheapest_raise() {
    let (b, s) = real(1);
    // 54 points, 3★: 4★ needs 70 points and twelve 4★ minimums; 1.6 is already met.
    let a = self_assess(b, s, &veg()).unwrap();
    assert_eq!(a.result.star, 3);
    let imp = a.improvement.expect("4★ is reachable");
    let codes: Vec<_> = imp
        .changes
        .iter()
        .map(|c| (c.criterion.as_str(), c.to_choice))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("1.5", 3),
            ("2.1", 3),
            ("2.3", 3),
            ("3.4", 2),
            ("3.5", 2),
            ("4.1", 3),
            ("5.1", 5),
            ("6.1", 3),
            ("6.2", 4),
            ("8", 3),
            ("10", 2)
        ]
    );
    assert!(imp
        .changes
        .iter()
        .all(|c| c.reason == ChangeReason::Minimum));
    // 1 + 2 + 1 + 1 + 1 + 1 + 5 + 1 + 1 + 2 + 2 = 18.
    assert_eq!(
        (imp.target_star, imp.points_added, imp.new_total),
        (4, 18, 72)
    );

    // Only the missing 3★ minimum on 9 blocks 3★: one change, two points.
    let a = self_assess(b, s, &with(veg(), &[("9", 0)])).unwrap();
    let imp = a.improvement.unwrap();
    assert_eq!(imp.changes.len(), 1);
    assert_eq!(
        (
            imp.changes[0].criterion.as_str(),
            imp.changes[0].from_choice,
            imp.changes[0].to_choice
        ),
        ("9", 0, 1)
    );
    assert_eq!((imp.target_star, imp.points_added), (3, 2));

    // 44 points, 2★, every 3★ minimum met: exactly 6 more points are the cheapest way.
    let low = with(
        veg(),
        &[("1.1", 1), ("1.4", 1), ("3.1", 1), ("3.3", 1), ("6.3", 2)],
    );
    let a = self_assess(b, s, &low).unwrap();
    assert_eq!((a.result.members[0].total, a.result.star), (44, 2));
    let imp = a.improvement.unwrap();
    assert_eq!(
        (imp.target_star, imp.points_added, imp.new_total),
        (3, 6, 50)
    );
    assert!(imp.changes.iter().all(|c| c.reason == ChangeReason::Points));
    let mut raised = low.clone();
    for c in &imp.changes {
        raised.choices.insert(c.criterion.clone(), c.to_choice);
    }
    assert_eq!(set1(&[raised], CouncilRules::default()).star, 3);
}

#[test]
fn self_assessment_at_the_top_or_disqualified_has_nothing_to_raise() {
    let (b, s) = real(11);
    let best = member_with("m1", s, |c| c.options.len() as u32);
    let a = self_assess(b, s, &best).unwrap();
    assert_eq!((a.result.star, a.improvement), (5, None));
    let r = set11(&[tea("m1")], CouncilRules::default(), &["1.1".parse_disq()]);
    assert_eq!(improvements(b, s, &tea("m1"), &r).unwrap(), None);
}
