//! Engine rules on the fixture sheets (basis 99/2030/QĐ-TEST), where every number is small
//! enough to check by eye.
//!
//! Fixture set 1: 1.1 (10 | 20 ★3 | 30 ★4, disqualifier), 1.2 (5 | 10 ★5), 2.1 (5 | 15),
//! 2.2 (5 | 10, only if 2.1 ≥ 1 point), 3.1 (10 ★3 | 25, gate), 3.2 (single option 10 ★4).

use crate::common::*;
use ocop_rating::*;

fn fx(set: u8) -> (Basis, Sheet) {
    let c = fixtures();
    let e = c.basis("99/2030/QĐ-TEST").unwrap();
    (e.basis.clone(), e.sheets[&set].clone())
}

fn run(members: &[MemberSheet]) -> Result<ProductResult, ScoreError> {
    let (b, s) = fx(1);
    score_product(&b, &s, &CouncilRules::default(), &[], members)
}

#[test]
fn member_sheet_sums_parts_and_sections() {
    let (_, s) = fx(1);
    let m = member(
        "m1",
        &[
            ("1.1", 2),
            ("1.2", 1),
            ("2.1", 2),
            ("2.2", 1),
            ("3.1", 1),
            ("3.2", 1),
        ],
    );
    let r = score_member(&s, &m, 0).unwrap();
    assert_eq!(r.total, 20 + 5 + 15 + 5 + 10 + 10);
    assert_eq!(r.parts["A"], 25);
    assert_eq!(r.parts["B"], 20);
    assert_eq!(r.parts["C"], 20);
    assert_eq!(r.sections["2"], 20);
    assert_eq!(r.criteria.len(), 6);
    assert_eq!(
        (
            r.criteria[5].code.as_ref(),
            r.criteria[5].choice,
            r.criteria[5].points
        ),
        ("3.2", 1, 10)
    );
}

#[test]
fn errors_name_the_criterion_and_sheet() {
    let full = [
        ("1.1", 2),
        ("1.2", 1),
        ("2.1", 2),
        ("2.2", 1),
        ("3.1", 1),
        ("3.2", 1),
    ];
    let mut extra = full.to_vec();
    extra.push(("9.9", 1));
    assert_eq!(
        run(&[member("m1", &full), member("m2", &extra)]).unwrap_err(),
        ScoreError::UnknownCriterion {
            sheet: 1,
            member: "m2".into(),
            code: "9.9".into()
        }
    );
    let missing: Vec<_> = full.iter().copied().filter(|(c, _)| *c != "3.1").collect();
    let err = run(&[member("m1", &missing)]).unwrap_err();
    assert_eq!(
        err,
        ScoreError::MissingCriterion {
            sheet: 0,
            member: "m1".into(),
            code: "3.1".into()
        }
    );
    assert!(err.to_string().contains("3.1"));
    let mut bad = full.to_vec();
    bad[5] = ("3.2", 2);
    assert_eq!(
        run(&[member("m1", &bad)]).unwrap_err(),
        ScoreError::UnknownOption {
            sheet: 0,
            member: "m1".into(),
            code: "3.2".into(),
            choice: 2,
            options: 1
        }
    );
    assert_eq!(run(&[]).unwrap_err(), ScoreError::NoSheets);
    assert_eq!(
        run(&[member("m1", &full), member("m1", &full)]).unwrap_err(),
        ScoreError::DuplicateMember {
            sheet: 1,
            member: "m1".into()
        }
    );
}

#[test]
fn a_conditional_criterion_may_be_left_out_only_when_it_does_not_apply() {
    // No story (2.1 = 0): 2.2 does not apply, may be left out or given as 0.
    let no_story = [("1.1", 2), ("1.2", 1), ("2.1", 0), ("3.1", 1), ("3.2", 1)];
    let r = run(&[member("m1", &no_story)]).unwrap();
    assert_eq!(r.members[0].parts["B"], 0);
    assert!(!r.members[0].criteria[3].applicable);
    let mut zero = no_story.to_vec();
    zero.push(("2.2", 0));
    assert_eq!(
        run(&[member("m1", &zero)]).unwrap().members[0].total,
        r.members[0].total
    );
    // Scoring 2.2 without a story is a contradiction that names both codes.
    let mut scored = no_story.to_vec();
    scored.push(("2.2", 2));
    let err = run(&[member("m1", &scored)]).unwrap_err();
    assert_eq!(
        err,
        ScoreError::NotApplicable {
            sheet: 0,
            member: "m1".into(),
            code: "2.2".into(),
            condition: "2.1".into()
        }
    );
    // With a story 2.2 must be given.
    let mut story = no_story.to_vec();
    story[2] = ("2.1", 1);
    assert_eq!(
        run(&[member("m1", &story)]).unwrap_err(),
        ScoreError::MissingCriterion {
            sheet: 0,
            member: "m1".into(),
            code: "2.2".into()
        }
    );
}

#[test]
fn rounding_is_half_up_in_integers() {
    assert_eq!(mean_scaled(209, 3, 2), 6967); // 69.666… → 69.67
    assert_eq!(mean_scaled(557, 8, 2), 6963); // 69.625 → 69.63 (half-even would give 69.62)
    assert_eq!(mean_scaled(13999, 200, 2), 7000); // 69.995 → 70.00
    assert_eq!(mean_scaled(139, 2, 0), 70); // 69.5 → 70 with no decimals
    assert_eq!(mean_scaled(1, 3, 2), 33);
    assert_eq!(format_scaled(6963, 2), "69,63");
    assert_eq!(format_scaled(7005, 1), "700,5");
    assert_eq!(format_scaled(70, 0), "70");
}

#[test]
fn quorum_is_three_quarters_with_the_chair() {
    assert!(quorum_met(6, 8, true));
    assert!(!quorum_met(5, 8, true));
    assert!(!quorum_met(8, 8, false));
    assert!(quorum_met(7, 9, true)); // 28 ≥ 27
    assert!(!quorum_met(6, 9, true)); // 24 < 27
    assert!(!quorum_met(0, 0, true));
    let half = Quorum {
        numerator: 1,
        denominator: 2,
        chair_required: false,
    };
    assert!(half.is_met(3, 6, false));
    assert!(!half.is_met(2, 6, true));
}

#[test]
fn rules_default_and_parse_from_json() {
    let r: CouncilRules = serde_json::from_str(r#"{"min_star_rule": "all"}"#).unwrap();
    assert_eq!(
        r,
        CouncilRules {
            min_star_rule: MinStarRule::All,
            ..CouncilRules::default()
        }
    );
    assert_eq!(
        (
            r.spread_limit,
            r.decimals,
            r.quorum.numerator,
            r.quorum.denominator
        ),
        (10, 2, 3, 4)
    );
    assert!(serde_json::from_str::<CouncilRules>(r#"{"min_star_rule": "most"}"#).is_err());
    assert!(serde_json::from_str::<CouncilRules>(r#"{"spred_limit": 5}"#).is_err());
    let d: Vec<Disqualification> =
        serde_json::from_str(r#"["1.1", {"kind": "gate", "criterion": "3.1", "note": "có dị vật"}, {"kind": "knockout"}]"#)
            .unwrap();
    assert_eq!(
        d[0],
        Disqualification {
            kind: None,
            criterion: Some("1.1".into()),
            note: None
        }
    );
    assert_eq!(d[1].kind, Some(DisqualificationKind::Gate));
    assert_eq!(d[2].criterion, None);
}

#[test]
fn disqualifiers_gates_and_knockouts_give_star_zero() {
    let (b, s) = fx(1);
    let best = member_with("m1", &s, |c| c.options.len() as u32);
    let rules = CouncilRules::default();
    for (d, kind_text) in [
        (
            Disqualification {
                kind: None,
                criterion: Some("1.1".into()),
                note: None,
            },
            "Bị loại nếu không rõ nguồn gốc",
        ),
        (
            Disqualification {
                kind: Some(DisqualificationKind::Gate),
                criterion: Some("3.1".into()),
                note: Some("dị vật kim loại".into()),
            },
            "có dị vật",
        ),
        (
            Disqualification {
                kind: None,
                criterion: Some("3.1".into()),
                note: None,
            },
            "Không xem xét",
        ),
        (
            Disqualification {
                kind: Some(DisqualificationKind::Knockout),
                criterion: None,
                note: None,
            },
            "Giả mạo hồ sơ",
        ),
    ] {
        let r = score_product(
            &b,
            &s,
            &rules,
            std::slice::from_ref(&d),
            std::slice::from_ref(&best),
        )
        .unwrap();
        assert_eq!(
            (r.band, r.star, r.recognised, r.disqualified),
            (5, 0, false, true)
        );
        let line = r
            .explanation
            .iter()
            .find(|e| e.kind == ExplanationKind::Disqualification)
            .unwrap();
        assert_eq!(line.criterion, d.criterion);
        assert!(line.message.contains(kind_text), "{}", line.message);
    }
    let bad = |d: Disqualification| {
        score_product(&b, &s, &rules, &[d], std::slice::from_ref(&best)).unwrap_err()
    };
    let err = bad(Disqualification {
        kind: None,
        criterion: Some("1.2".into()),
        note: None,
    });
    assert!(
        matches!(&err, ScoreError::Disqualification { index: 0, problem } if problem.contains("1.2")),
        "{err}"
    );
    let err = bad(Disqualification {
        kind: Some(DisqualificationKind::Disqualifier),
        criterion: Some("7.7".into()),
        note: None,
    });
    assert!(err.to_string().contains("7.7"));
    // A disqualifier not printed on the sheet needs a reason.
    let err = bad(Disqualification {
        kind: Some(DisqualificationKind::Disqualifier),
        criterion: Some("1.2".into()),
        note: None,
    });
    assert!(err.to_string().contains("note"));
    let ok = score_product(
        &b,
        &s,
        &rules,
        &[Disqualification {
            kind: Some(DisqualificationKind::Disqualifier),
            criterion: Some("1.2".into()),
            note: Some("xâm phạm quyền sở hữu trí tuệ".into()),
        }],
        std::slice::from_ref(&best),
    )
    .unwrap();
    assert_eq!(ok.star, 0);
}

#[test]
fn case_variant_sheets_use_one_case() {
    let (b, s) = fx(2);
    let rules = CouncilRules::default();
    let case1 = member("c1", &[("1.1", 2), ("2.1", 1), ("3.1", 1)]);
    let r = score_product(&b, &s, &rules, &[], std::slice::from_ref(&case1)).unwrap();
    assert_eq!((r.case, r.members[0].total, r.star), (Some(1), 100, 5));
    // Case 2 with its lowest option on 1.1 misses its own 3★ minimum (option 4), although
    // the option sits after case 1's starred option in the printed list.
    let case2 = member("c2", &[("1.1", 3), ("2.1", 1), ("3.1", 3)]);
    let r = score_product(&b, &s, &rules, &[], std::slice::from_ref(&case2)).unwrap();
    assert_eq!(
        (r.case, r.members[0].total, r.band, r.star),
        (Some(2), 70, 4, 2)
    );
    let cap = r
        .explanation
        .iter()
        .find(|e| e.kind == ExplanationKind::Minimum)
        .unwrap();
    assert_eq!((cap.criterion.as_deref(), cap.star), (Some("1.1"), Some(3)));
    let mixed = member("x", &[("1.1", 2), ("2.1", 1), ("3.1", 3)]);
    assert_eq!(
        score_product(&b, &s, &rules, &[], &[mixed]).unwrap_err(),
        ScoreError::MixedCases {
            sheet: 0,
            member: "x".into(),
            code: "3.1".into(),
            choice: 3,
            case: 1
        }
    );
    assert_eq!(
        score_product(&b, &s, &rules, &[], &[case1.clone(), case2]).unwrap_err(),
        ScoreError::CaseMismatch {
            sheet: 1,
            member: "c2".into(),
            expected: 1,
            found: 2
        }
    );
    let mut declared = case1;
    declared.case = Some(2);
    assert!(matches!(
        score_product(&b, &s, &rules, &[], &[declared]).unwrap_err(),
        ScoreError::MixedCases { .. }
    ));
    let mut unknown = member("u", &[("1.1", 0), ("2.1", 1), ("3.1", 0)]);
    unknown.case = Some(3);
    assert!(matches!(
        score_product(&b, &s, &rules, &[], &[unknown]).unwrap_err(),
        ScoreError::UnknownCase { case: 3, .. }
    ));
}

#[test]
fn the_sheet_must_belong_to_the_basis() {
    let (_, s) = fx(1);
    let (b, _) = real(1);
    let m = member_with("m1", &s, |_| 1);
    assert!(matches!(
        score_product(b, &s, &CouncilRules::default(), &[], &[m]).unwrap_err(),
        ScoreError::BasisMismatch { set: 1, .. }
    ));
}

#[test]
fn too_many_decimals_are_refused() {
    let (b, s) = fx(1);
    let rules = CouncilRules {
        decimals: 7,
        ..CouncilRules::default()
    };
    let m = member_with("m1", &s, |_| 1);
    assert!(matches!(
        score_product(&b, &s, &rules, &[], &[m]).unwrap_err(),
        ScoreError::Rules {
            field: "decimals",
            ..
        }
    ));
}

#[test]
fn explanation_wire_shape() {
    let (b, s) = fx(1);
    // 1.1 = 1 (10) misses the 3★ minimum; total 10+10+15+10+25+10 = 80.
    let m = member(
        "m1",
        &[
            ("1.1", 1),
            ("1.2", 2),
            ("2.1", 2),
            ("2.2", 2),
            ("3.1", 2),
            ("3.2", 1),
        ],
    );
    let r = score_product(&b, &s, &CouncilRules::default(), &[], &[m]).unwrap();
    assert_eq!((r.mean_scaled, r.band, r.star), (8000, 4, 2));
    let json = serde_json::to_value(&r.explanation).unwrap();
    assert_eq!(json[0]["kind"], "band");
    assert_eq!(json[1]["kind"], "minimum");
    assert_eq!(json[1]["criterion"], "1.1");
    assert_eq!(json[1]["star"], 3);
    assert_eq!(
        json[1]["members"],
        serde_json::json!([{"member": "m1", "choice": 1, "points": 10}])
    );
    assert!(json[0].get("criterion").is_none());
    assert_eq!(json.as_array().unwrap().last().unwrap()["kind"], "result");
}
