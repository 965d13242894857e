//! Property tests of the star rule on the real sheets of sets 1, 11 and 26 (case variants).

use crate::common::*;
use ocop_rating::*;
use proptest::prelude::*;

/// Turns raw numbers into a valid member sheet: each choice within the criterion's options
/// (0 allowed), options of one case only, and conditional criteria at 0 when they do not apply.
fn normalise(sheet: &Sheet, name: &str, case_pick: u32, raw: &[u32]) -> MemberSheet {
    let case = if sheet.cases.is_empty() {
        None
    } else {
        Some(sheet.cases[case_pick as usize % sheet.cases.len()].id)
    };
    let mut m = MemberSheet {
        member: name.into(),
        case,
        choices: Default::default(),
    };
    for (i, (_, _, c)) in sheet.criteria().enumerate() {
        let allowed: Vec<u32> = (1..=c.options.len())
            .filter(|&p| c.option_in_case(p, case))
            .map(|p| p as u32)
            .collect();
        let r = raw[i % raw.len()] as usize % (allowed.len() + 1);
        let mut choice = if r == 0 { 0 } else { allowed[r - 1] };
        if let Some(cond) = &c.applies_if {
            let on = m.choices.get(&cond.criterion).copied().unwrap_or(0);
            let points = if on == 0 {
                0
            } else {
                sheet.criterion(&cond.criterion).unwrap().options[on as usize - 1].points
            };
            if points < cond.min_points {
                choice = 0;
            }
        }
        m.choices.insert(c.code.to_string(), choice);
    }
    m
}

fn rule_of(n: u8) -> MinStarRule {
    [MinStarRule::Majority, MinStarRule::All, MinStarRule::Mean][n as usize % 3]
}

fn inputs() -> impl Strategy<Value = (u8, u8, u32, Vec<Vec<u32>>)> {
    (
        prop::sample::select(vec![1u8, 11, 26]),
        0u8..3,
        0u32..2,
        prop::collection::vec(prop::collection::vec(0u32..1000, 40), 1..10),
    )
}

fn build(
    set: u8,
    case_pick: u32,
    raw: &[Vec<u32>],
) -> (&'static Basis, &'static Sheet, Vec<MemberSheet>) {
    let (b, s) = real(set);
    let members = raw
        .iter()
        .enumerate()
        .map(|(i, r)| normalise(s, &format!("m{i}"), case_pick, r))
        .collect();
    (b, s, members)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn star_never_exceeds_band((set, r, case, raw) in inputs()) {
        let (b, s, members) = build(set, case, &raw);
        let rules = CouncilRules { min_star_rule: rule_of(r), ..CouncilRules::default() };
        let res = score_product(b, s, &rules, &[], &members).unwrap();
        prop_assert!(res.star <= res.band);
        prop_assert_eq!(res.recognised, res.star >= 3);
    }

    #[test]
    fn mean_lies_between_smallest_and_largest_total((set, r, case, raw) in inputs()) {
        let (b, s, members) = build(set, case, &raw);
        let rules = CouncilRules { min_star_rule: rule_of(r), ..CouncilRules::default() };
        let res = score_product(b, s, &rules, &[], &members).unwrap();
        let min = res.members.iter().map(|m| u64::from(m.total)).min().unwrap();
        let max = res.members.iter().map(|m| u64::from(m.total)).max().unwrap();
        prop_assert!(min * 100 <= res.mean_scaled && res.mean_scaled <= max * 100);
        prop_assert!(min as f64 <= res.mean && res.mean <= max as f64);
    }

    #[test]
    fn order_of_sheets_does_not_matter((set, r, case, raw) in inputs(), rotate in 0usize..10) {
        let (b, s, members) = build(set, case, &raw);
        let rules = CouncilRules { min_star_rule: rule_of(r), ..CouncilRules::default() };
        let a = score_product(b, s, &rules, &[], &members).unwrap();
        let mut other = members.clone();
        other.rotate_left(rotate % members.len());
        other.reverse();
        let z = score_product(b, s, &rules, &[], &other).unwrap();
        prop_assert_eq!(
            (a.mean_scaled, a.band, a.star, a.spread, a.spread_exceeded),
            (z.mean_scaled, z.band, z.star, z.spread, z.spread_exceeded)
        );
        prop_assert_eq!(a.explanation, z.explanation);
    }

    #[test]
    fn raising_one_option_never_lowers_the_star(
        (set, r, case, raw) in inputs(), who in 0usize..10, which in 0usize..200, up in 1u32..5,
    ) {
        let (b, s, members) = build(set, case, &raw);
        let rules = CouncilRules { min_star_rule: rule_of(r), ..CouncilRules::default() };
        let before = score_product(b, s, &rules, &[], &members).unwrap();
        let who = who % members.len();
        let criteria: Vec<_> = s.criteria().map(|(_, _, c)| c).collect();
        let c = criteria[which % criteria.len()];
        let mut raised = members.clone();
        let m = &mut raised[who];
        let current = m.choices[&*c.code];
        let case = before.members[who].case.or(m.case);
        let higher: Vec<u32> = ((current as usize + 1)..=c.options.len())
            .filter(|&p| c.option_in_case(p, case))
            .map(|p| p as u32)
            .collect();
        prop_assume!(!higher.is_empty());
        let applies = before.members[who].criteria.iter().find(|x| x.code == c.code).unwrap().applicable;
        prop_assume!(applies);
        m.choices.insert(c.code.to_string(), higher[(up as usize - 1) % higher.len()]);
        let after = score_product(b, s, &rules, &[], &raised).unwrap();
        prop_assert!(after.star >= before.star, "{} raised on {}: {} → {}", who, c.code, before.star, after.star);
        prop_assert!(after.mean_scaled >= before.mean_scaled);
    }

    #[test]
    fn an_improvement_plan_reaches_its_star((set, _r, case, raw) in inputs()) {
        let (b, s, members) = build(set, case, &raw);
        let a = self_assess(b, s, &members[0]).unwrap();
        if let Some(imp) = a.improvement {
            prop_assert_eq!(imp.target_star, a.result.star + 1);
            let mut m = members[0].clone();
            for ch in &imp.changes {
                prop_assert!(ch.to_choice > ch.from_choice);
                m.choices.insert(ch.criterion.clone(), ch.to_choice);
            }
            for (_, _, c) in s.criteria() {
                m.choices.entry(c.code.to_string()).or_insert(0);
            }
            let r = score_product(b, s, &CouncilRules::default(), &[], &[m]).unwrap();
            prop_assert!(r.star >= imp.target_star);
            prop_assert_eq!(r.members[0].total, imp.new_total);
        } else {
            // Every lower star is reachable by raising options, so only the top has no plan.
            prop_assert_eq!(a.result.star, 5);
        }
    }
}
