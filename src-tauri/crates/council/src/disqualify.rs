//! What may be recorded as eliminating a product: a disqualifier ("Bị loại nếu …") or gate
//! ("Không xem xét các chỉ tiêu khác nếu …") printed under a criterion, or a knock-out of the
//! dossier ("Hồ sơ bị loại khi …"). Under a basis held as totals only, the app holds no
//! criteria, so only a knock-out with its reason can be recorded.

use crate::error::{CouncilError, DisqualifyProblem};
use ocop_domain::text::clean;
use ocop_rating::{Disqualification, DisqualificationKind, Scoring};
use serde::Serialize;

/// One thing the council may record against a product, as the tally offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisqualifyOption {
    /// Its kind.
    pub kind: DisqualificationKind,
    /// The criterion it is printed under (`None` for a knock-out).
    pub criterion: Option<String>,
    /// The printed text (empty for a knock-out of a totals-only basis: the reason says it).
    pub text: String,
}

/// What may be recorded against a product scored by `scoring`, in printed order: the sheet's
/// knock-out (when it has one), then each criterion with a disqualifier or a gate.
pub fn options(scoring: Scoring<'_>) -> Vec<DisqualifyOption> {
    let Some(sheet) = scoring.sheet() else {
        return vec![DisqualifyOption {
            kind: DisqualificationKind::Knockout,
            criterion: None,
            text: String::new(),
        }];
    };
    let knockout =
        (!sheet.knockouts.is_empty() || sheet.knockout_text.is_some()).then(|| DisqualifyOption {
            kind: DisqualificationKind::Knockout,
            criterion: None,
            text: sheet
                .knockout_text
                .clone()
                .unwrap_or_else(|| sheet.knockouts.join("; ")),
        });
    knockout
        .into_iter()
        .chain(sheet.criteria().filter_map(|(_, _, c)| {
            let (kind, text) = match (&c.disqualifier, &c.gate) {
                (Some(t), _) => (DisqualificationKind::Disqualifier, t),
                (None, Some(t)) => (DisqualificationKind::Gate, t),
                (None, None) => return None,
            };
            Some(DisqualifyOption {
                kind,
                criterion: Some(c.code.to_string()),
                text: text.clone(),
            })
        }))
        .collect()
}

/// Checks what is to be recorded and returns it as stored: the note cleaned, the kind set
/// from the sheet (so the saved list reads back without it).
pub fn check(scoring: Scoring<'_>, d: &Disqualification) -> Result<Disqualification, CouncilError> {
    let mut d = d.clone();
    d.note = d.note.as_deref().map(clean).filter(|n| !n.is_empty());
    let fail = |p| Err(CouncilError::Disqualification(p));
    let Some(sheet) = scoring.sheet() else {
        // Paper sheets of a totals-only basis: a knock-out of the dossier, with its reason.
        if d.criterion.is_some() {
            return fail(DisqualifyProblem::CriterionOnPaper {
                basis: scoring.basis().basis.clone(),
            });
        }
        if d.note.is_none() {
            return fail(DisqualifyProblem::NoteRequired);
        }
        d.kind = Some(DisqualificationKind::Knockout);
        return Ok(d);
    };
    match (d.kind, d.criterion.clone()) {
        (Some(DisqualificationKind::Knockout), _) => {
            if sheet.knockouts.is_empty() && sheet.knockout_text.is_none() {
                return fail(DisqualifyProblem::NoKnockout { set: sheet.set });
            }
        }
        (_, Some(code)) => {
            let Some(c) = sheet
                .criterion(&code)
                .filter(|c| c.disqualifier.is_some() || c.gate.is_some())
            else {
                return fail(DisqualifyProblem::NotADisqualifier {
                    code,
                    set: sheet.set,
                });
            };
            d.kind = Some(if c.disqualifier.is_some() {
                DisqualificationKind::Disqualifier
            } else {
                DisqualificationKind::Gate
            });
        }
        (_, None) => return fail(DisqualifyProblem::Nothing),
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocop_rating::Catalog;

    fn scoring(basis: &str, set: u8) -> Scoring<'static> {
        Catalog::builtin().unwrap().scoring(basis, set).unwrap()
    }

    fn d(
        kind: Option<DisqualificationKind>,
        criterion: Option<&str>,
        note: Option<&str>,
    ) -> Disqualification {
        Disqualification {
            kind,
            criterion: criterion.map(str::to_string),
            note: note.map(str::to_string),
        }
    }

    #[test]
    fn a_sheet_offers_its_knockout_then_its_disqualifiers_and_gates() {
        let s = scoring("26/2026/QĐ-TTg", 11);
        let o = options(s);
        assert_eq!(o[0].kind, DisqualificationKind::Knockout);
        assert!(o[1..].iter().all(|x| x.criterion.is_some()));
        // Each option offered is accepted as it is offered.
        for x in &o {
            let got = check(
                s,
                &d(
                    Some(x.kind).filter(|k| *k == DisqualificationKind::Knockout),
                    x.criterion.as_deref(),
                    None,
                ),
            )
            .unwrap();
            assert_eq!(got.kind, Some(x.kind), "{x:?}");
        }
        let paper = options(scoring("148/QĐ-TTg", 11));
        assert_eq!(paper.len(), 1);
        assert_eq!(paper[0].kind, DisqualificationKind::Knockout);
    }

    #[test]
    fn a_criterion_without_such_a_text_or_nothing_at_all_is_refused() {
        let s = scoring("26/2026/QĐ-TTg", 11);
        let plain = s
            .sheet()
            .unwrap()
            .criteria()
            .find(|(_, _, c)| c.disqualifier.is_none() && c.gate.is_none())
            .map(|(_, _, c)| c.code.to_string())
            .unwrap();
        let e = check(s, &d(None, Some(&plain), None)).unwrap_err();
        assert_eq!(e.fields()[0].field, "criterion");
        let e = check(s, &d(None, None, Some("x"))).unwrap_err();
        assert_eq!(e.fields()[0].field, "criterion");
    }

    #[test]
    fn on_paper_only_a_knockout_with_its_reason() {
        let s = scoring("148/QĐ-TTg", 11);
        let got = check(s, &d(None, None, Some("  Giấy ATTP   hết hạn "))).unwrap();
        assert_eq!(got.kind, Some(DisqualificationKind::Knockout));
        assert_eq!(got.note.as_deref(), Some("Giấy ATTP hết hạn"));
        assert_eq!(
            check(s, &d(None, None, Some(" "))).unwrap_err().fields()[0].field,
            "note"
        );
        assert_eq!(
            check(s, &d(None, Some("1.1"), Some("x")))
                .unwrap_err()
                .fields()[0]
                .field,
            "criterion"
        );
    }
}
