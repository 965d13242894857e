//! Loading and checking catalogs: the built-in data, a second basis from a folder, and the
//! errors a broken sheet gives.

use crate::common::*;
use ocop_rating::{Catalog, CatalogError, Detail, IsoDate, ValidationError};
use serde_json::Value;

fn fixture_files() -> Vec<(String, String)> {
    let dir = fixture_dir().join("99-2030-test");
    ["basis.json", "set-01.json", "set-02.json"]
        .iter()
        .map(|n| {
            (
                format!("99-2030-test/{n}"),
                std::fs::read_to_string(dir.join(n)).unwrap(),
            )
        })
        .collect()
}

/// Loads the fixture with set-01.json changed by `edit`, returning the problems.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<ValidationError> {
    let mut files = fixture_files();
    let mut sheet: Value = serde_json::from_str(&files[1].1).unwrap();
    edit(&mut sheet);
    files[1].1 = sheet.to_string();
    match Catalog::from_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str()))) {
        Err(CatalogError::Invalid(p)) => p,
        other => panic!("expected the broken sheet to be refused, got {other:?}"),
    }
}

#[test]
fn a_second_basis_loads_from_a_folder_without_code_change() {
    let catalog = fixtures();
    let list = catalog.list();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0].basis.as_str(), list[0].set),
        ("99/2030/QĐ-TEST", 1)
    );
    let entry = catalog.basis("99/2030/QĐ-TEST").expect("fixture basis");
    assert_eq!(entry.slug, "99-2030-test");
    assert_eq!(entry.basis.certificate_validity_months, 24);
    let sheet = catalog.sheet("99/2030/QĐ-TEST", 2).expect("set 2");
    assert_eq!(sheet.cases.len(), 2);
    // Lookup by slug and case-insensitively.
    assert!(catalog.sheet("99-2030-test", 1).is_some());
    assert!(catalog.sheet("99/2030/qđ-test", 1).is_some());
    assert!(catalog.sheet("99/2030/QĐ-TEST", 3).is_none());
    assert_eq!(
        catalog
            .basis_in_force(IsoDate::new(2030, 1, 14).unwrap())
            .map(|e| e.slug.as_str()),
        None
    );
    assert_eq!(
        catalog
            .basis_in_force(IsoDate::new(2030, 1, 15).unwrap())
            .map(|e| e.slug.as_str()),
        Some("99-2030-test")
    );
}

#[test]
fn builtin_basis_in_force_by_date() {
    let c = builtin();
    let on = |y, m, d| {
        c.basis_in_force(IsoDate::new(y, m, d).unwrap())
            .map(|e| e.basis.basis.clone())
    };
    assert_eq!(on(2019, 8, 20), None);
    assert_eq!(on(2019, 8, 21).as_deref(), Some("1048/QĐ-TTg"));
    assert_eq!(on(2023, 2, 23).as_deref(), Some("1048/QĐ-TTg"));
    assert_eq!(on(2023, 2, 24).as_deref(), Some("148/QĐ-TTg"));
    assert_eq!(on(2026, 5, 21).as_deref(), Some("148/QĐ-TTg"));
    // From 22/05/2026 both are in force for a while; the newer one is the one a new dossier binds to.
    assert_eq!(on(2026, 5, 22).as_deref(), Some("26/2026/QĐ-TTg"));
    assert_eq!(on(2030, 1, 1).as_deref(), Some("26/2026/QĐ-TTg"));
    let totals: Vec<_> = c
        .bases()
        .filter(|e| e.basis.detail == Detail::Totals)
        .map(|e| e.sheets.len())
        .collect();
    assert_eq!(totals, vec![0, 0], "the totals-only eras carry no sheets");
}

#[test]
fn builtin_embeds_every_data_file() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../data/criteria");
    let mut on_disk = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "json") {
                on_disk.push(format!(
                    "{}/{}",
                    dir.file_name().unwrap().to_string_lossy(),
                    f.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    on_disk.sort();
    let embedded: Vec<_> = Catalog::embedded_files()
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    assert_eq!(embedded, on_disk);
    let from_dir = Catalog::from_dir(&root).expect("the data folder loads from disk too");
    assert_eq!(from_dir.list(), builtin().list());
}

#[test]
fn a_criterion_max_that_is_not_its_best_option_is_named() {
    let p = problems_after(|s| s["parts"][0]["sections"][0]["criteria"][0]["max"] = 31.into());
    assert_eq!(
        p,
        vec![ValidationError::CriterionMax {
            basis: "99/2030/QĐ-TEST".into(),
            set: 1,
            code: "1.1".into(),
            declared: 31,
            best: 30
        }]
    );
    let text = p[0].to_string();
    assert!(
        text.contains("99/2030/QĐ-TEST") && text.contains("bộ 1") && text.contains("1.1"),
        "{text}"
    );
}

#[test]
fn an_option_that_breaks_the_section_sum_is_refused() {
    let p = problems_after(|s| {
        s["parts"][0]["sections"][0]["criteria"][1]["options"][1]["points"] = 11.into()
    });
    assert!(p.contains(&ValidationError::SectionSum {
        basis: "99/2030/QĐ-TEST".into(),
        set: 1,
        section: "1".into(),
        case: None,
        declared: 40,
        sum: 41
    }));
    assert!(p
        .iter()
        .any(|e| matches!(e, ValidationError::CriterionMax { code, .. } if code == "1.2")));
}

#[test]
fn parts_must_match_the_basis_and_total_100() {
    let p = problems_after(|s| {
        s["parts"][2]["max"] = 36.into();
        s["parts"][2]["sections"][0]["max"] = 36.into();
    });
    assert!(p.contains(&ValidationError::PartMax {
        basis: "99/2030/QĐ-TEST".into(),
        set: 1,
        part: "C".into(),
        expected: 35,
        found: 36
    }));
    assert!(p.contains(&ValidationError::SheetTotal {
        basis: "99/2030/QĐ-TEST".into(),
        set: 1,
        total: 101
    }));
    assert!(p
        .iter()
        .any(|e| matches!(e, ValidationError::SectionSum { section, .. } if section == "3")));
}

#[test]
fn a_misspelt_field_and_a_missing_point_are_refused() {
    let p = problems_after(|s| {
        let o = s["parts"][0]["sections"][0]["criteria"][0]["options"][1]
            .as_object_mut()
            .unwrap();
        let v = o.remove("min_star").unwrap();
        o.insert("min_stars".into(), v);
    });
    assert!(
        matches!(&p[0], ValidationError::Parse { file, message } if file == "99-2030-test/set-01.json" && message.contains("min_stars"))
    );
    let p = problems_after(|s| {
        s["parts"][0]["sections"][0]["criteria"][0]["options"][0]
            .as_object_mut()
            .unwrap()
            .remove("points");
    });
    assert!(
        matches!(&p[0], ValidationError::Parse { message, .. } if message.contains("points")),
        "{p:?}"
    );
}

#[test]
fn a_condition_on_an_unknown_criterion_is_refused() {
    let p = problems_after(|s| {
        s["parts"][1]["sections"][0]["criteria"][1]["applies_if"]["criterion"] = "9.9".into()
    });
    assert!(
        matches!(&p[0], ValidationError::Criterion { code, problem, .. } if code == "2.2" && problem.contains("9.9"))
    );
}

#[test]
fn case_variant_sums_are_checked_per_case() {
    let mut files = fixture_files();
    let mut sheet: Value = serde_json::from_str(&files[2].1).unwrap();
    // Case 2's best option on 3.1 drops to 34: case 1 still sums, case 2 does not.
    sheet["parts"][2]["sections"][0]["criteria"][0]["options"][2]["points"] = 34.into();
    files[2].1 = sheet.to_string();
    let Err(CatalogError::Invalid(p)) =
        Catalog::from_files(files.iter().map(|(a, b)| (a.as_str(), b.as_str())))
    else {
        panic!("refused")
    };
    assert!(p.contains(&ValidationError::SectionSum {
        basis: "99/2030/QĐ-TEST".into(),
        set: 2,
        section: "3".into(),
        case: Some(2),
        declared: 35,
        sum: 34
    }));
    assert!(p
        .iter()
        .any(|e| matches!(e, ValidationError::Criterion { code, .. } if code == "3.1")));
}

#[test]
fn a_sheet_of_another_basis_or_number_is_refused() {
    let mut files = fixture_files();
    files[1].0 = "99-2030-test/set-07.json".into();
    let Err(CatalogError::Invalid(p)) =
        Catalog::from_files(files.iter().map(|(a, b)| (a.as_str(), b.as_str())))
    else {
        panic!("refused")
    };
    assert_eq!(
        p,
        vec![ValidationError::SetMismatch {
            file: "99-2030-test/set-07.json".into(),
            set: 1
        }]
    );
    let mut files = fixture_files();
    files.remove(0);
    let Err(CatalogError::Invalid(p)) =
        Catalog::from_files(files.iter().map(|(a, b)| (a.as_str(), b.as_str())))
    else {
        panic!("refused")
    };
    assert!(matches!(&p[0], ValidationError::MissingBasis { .. }));
}

#[test]
fn every_builtin_sheet_carries_its_basis_effective_dates() {
    let catalog = Catalog::builtin().unwrap();
    let entry = catalog.basis("26/2026/QĐ-TTg").unwrap();
    assert_eq!(entry.sheets.len(), 26);
    for sheet in entry.sheets.values() {
        assert_eq!(
            sheet.effective_from,
            Some(entry.basis.effective_from),
            "set {}",
            sheet.set
        );
        assert_eq!(sheet.effective_to, entry.basis.effective_to);
    }
}

#[test]
fn a_sheet_whose_dates_differ_from_its_basis_is_refused() {
    let p = problems_after(|s| {
        s["effective_from"] = Value::String("2031-01-01".into());
    });
    assert!(
        matches!(&p[0], ValidationError::BasisMismatch { found, .. } if found.contains("2031-01-01")),
        "{p:?}"
    );
}
