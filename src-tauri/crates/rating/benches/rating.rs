//! Benchmark of the rating engine: loading all sheets, and scoring 10,000 products × 9 members.
//!
//! Run with `cargo bench -p ocop-rating --bench rating`; results go to `docs/bench/rating.md`.

use ocop_rating::{
    score_member, score_product, self_assess, Catalog, CouncilRules, MemberSheet, MinStarRule,
    Sheet,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so every run scores the same products.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// A valid member sheet with random choices, leaning towards the upper options.
fn random_member(sheet: &Sheet, name: &str, rng: &mut Rng) -> MemberSheet {
    let case = sheet.cases.first().map(|c| c.id);
    let mut m = MemberSheet {
        member: name.to_string(),
        case,
        choices: Default::default(),
    };
    for (_, _, c) in sheet.criteria() {
        let allowed: Vec<u32> = (1..=c.options.len())
            .filter(|&p| c.option_in_case(p, case))
            .map(|p| p as u32)
            .collect();
        let pick = (rng.next() % (allowed.len() as u64 + 2)) as usize;
        let mut choice = if pick == 0 {
            0
        } else {
            allowed[(pick - 1).min(allowed.len() - 1)]
        };
        if let Some(cond) = &c.applies_if {
            let on = m.choices[&cond.criterion];
            let pts = if on == 0 {
                0
            } else {
                sheet.criterion(&cond.criterion).unwrap().options[on as usize - 1].points
            };
            if pts < cond.min_points {
                choice = 0;
            }
        }
        m.choices.insert(c.code.to_string(), choice);
    }
    m
}

/// CPU time of this thread so far (Linux `/proc/thread-self/schedstat`, nanoseconds), so the
/// numbers mean something on a machine shared with other builds; `None` elsewhere.
fn cpu_now() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace()
        .next()?
        .parse()
        .ok()
        .map(Duration::from_nanos)
}

/// Runs `f` `runs` times; returns the best wall-clock and the best CPU time of a run.
fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    let mut wall = Duration::MAX;
    let mut cpu: Option<Duration> = None;
    for _ in 0..runs {
        let (c0, t) = (cpu_now(), Instant::now());
        f();
        wall = wall.min(t.elapsed());
        if let (Some(c0), Some(c1)) = (c0, cpu_now()) {
            cpu = Some(cpu.map_or(c1 - c0, |c| c.min(c1 - c0)));
        }
    }
    (wall, cpu)
}

fn report(what: &str, (wall, cpu): (Duration, Option<Duration>)) {
    let cpu = cpu.map_or_else(
        || "n/a".to_string(),
        |c| format!("{:.1} ms", c.as_secs_f64() * 1e3),
    );
    println!("| {what} | {:.1} ms | {cpu} |", wall.as_secs_f64() * 1e3);
}

fn main() {
    let files = Catalog::embedded_files();
    let catalog = Catalog::from_files(files.iter().copied()).unwrap();
    let entry = catalog.basis("26/2026/QĐ-TTg").unwrap();
    assert_eq!(entry.sheets.len(), 26);
    println!("| what | best wall-clock | best CPU time |\n|---|---|---|");
    // Loading: parse and check every embedded file (3 bases, 26 sheets).
    report(
        "load and check all 26 sheets (+3 bases), best of 30",
        measure(30, || {
            black_box(Catalog::from_files(files.iter().copied()).unwrap());
        }),
    );

    // Scoring: 10,000 products, each on a random set, 9 members each; inputs built beforehand.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sets: Vec<&Sheet> = entry.sheets.values().collect();
    let products: Vec<(&Sheet, Vec<MemberSheet>)> = (0..10_000)
        .map(|_| {
            let sheet = sets[(rng.next() % sets.len() as u64) as usize];
            let members = (0..9)
                .map(|i| random_member(sheet, &format!("m{i}"), &mut rng))
                .collect();
            (sheet, members)
        })
        .collect();
    report(
        "score_member × 90,000 sheets, best of 5",
        measure(5, || {
            for (sheet, members) in &products {
                for (i, m) in members.iter().enumerate() {
                    black_box(score_member(sheet, m, i).unwrap());
                }
            }
        }),
    );
    for rule in [MinStarRule::Majority, MinStarRule::All, MinStarRule::Mean] {
        let rules = CouncilRules {
            min_star_rule: rule,
            ..CouncilRules::default()
        };
        let mut stars = [0usize; 6];
        let timing = measure(5, || {
            stars = [0; 6];
            for (sheet, members) in &products {
                let r = score_product(&entry.basis, sheet, &rules, &[], members).unwrap();
                stars[r.star as usize] += 1;
            }
        });
        report(
            &format!("score_product 10,000 products × 9 members, rule {rule:?}, best of 5"),
            timing,
        );
        eprintln!("  stars 0–5 under {rule:?}: {stars:?}");
    }
    // Self-assessment of 10,000 single sheets, with the cheapest-raise search.
    let mut plans = 0;
    let timing = measure(1, || {
        plans = 0;
        for (sheet, members) in &products {
            plans += usize::from(
                self_assess(&entry.basis, sheet, &members[0])
                    .unwrap()
                    .improvement
                    .is_some(),
            );
        }
    });
    report(
        "self_assess 10,000 single sheets with the improvement search",
        timing,
    );
    eprintln!("  plans found: {plans}");
}
