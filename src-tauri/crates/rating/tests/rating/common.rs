//! Shared helpers: fixture catalog, building member sheets.

use ocop_rating::{Basis, Catalog, MemberSheet, Sheet};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The folder of the fixture catalog (a second basis, `99/2030/QĐ-TEST`).
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/criteria")
}

/// The fixture catalog.
pub fn fixtures() -> Catalog {
    Catalog::from_dir(&fixture_dir()).expect("fixture catalog loads")
}

/// The built-in catalog, panicking with the full list of data problems.
pub fn builtin() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

/// Basis and sheet from the built-in catalog.
pub fn real(set: u8) -> (&'static Basis, &'static Sheet) {
    let entry = builtin()
        .basis("26/2026/QĐ-TTg")
        .expect("basis 26/2026 present");
    (
        &entry.basis,
        entry
            .sheets
            .get(&set)
            .unwrap_or_else(|| panic!("set {set} present")),
    )
}

/// A member sheet from `(code, choice)` pairs.
pub fn member(name: &str, choices: &[(&str, u32)]) -> MemberSheet {
    MemberSheet {
        member: name.into(),
        case: None,
        choices: choices
            .iter()
            .map(|(c, k)| (c.to_string(), *k))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A sheet choosing, for every criterion, the option given by `pick(criterion)`.
pub fn member_with(
    name: &str,
    sheet: &Sheet,
    mut pick: impl FnMut(&ocop_rating::Criterion) -> u32,
) -> MemberSheet {
    MemberSheet {
        member: name.into(),
        case: None,
        choices: sheet
            .criteria()
            .map(|(_, _, c)| (c.code.to_string(), pick(c)))
            .collect(),
    }
}

/// Replaces some choices of a member sheet.
pub fn with(mut m: MemberSheet, changes: &[(&str, u32)]) -> MemberSheet {
    for (c, k) in changes {
        assert!(
            m.choices.contains_key(*c),
            "criterion {c} exists in the sheet"
        );
        m.choices.insert(c.to_string(), *k);
    }
    m
}
