//! What may go on a session's agenda, and under which legal basis it is scored.
//!
//! Art. 12.2 of 26/2026: a dossier filed before the basis in force took effect, and not yet
//! rated, finishes under the basis before it, within a number of days of the new basis's first
//! day (60, or 30 for a re-evaluation; data: `transition` in `basis.json`). A dossier of an
//! older era, whose basis ended before the one the current basis took over from, starts again
//! under the rules in force. Without a filing date, the session's date decides.

use crate::error::CouncilError;
use ocop_rating::{BasisEntry, Catalog, Detail, IsoDate};
use serde::Serialize;

/// Dossier statuses that may not go on an agenda: a draft, or one returned to the producer.
const NOT_SCHEDULABLE: [&str; 2] = ["draft", "returned"];

/// Whether a dossier in `status` may go on an agenda.
pub fn check_schedulable(status: &str) -> Result<(), CouncilError> {
    if NOT_SCHEDULABLE.contains(&status) {
        return Err(CouncilError::NotSchedulable {
            status: status.to_string(),
        });
    }
    Ok(())
}

/// The product set of a product put on an agenda (1–26); refused when it has none.
pub fn product_set(set: Option<i64>, product: &str) -> Result<u8, CouncilError> {
    set.filter(|s| (1..=26).contains(s))
        .map(|s| s as u8)
        .ok_or_else(|| CouncilError::NoProductSet {
            product: product.to_string(),
        })
}

/// The basis a dossier of set `set` is scored under on a session held on `session_date`
/// (ISO): the one in force on its filing date `filed` (ISO, optional), if that one carries on
/// into the session's basis (Art. 12.2); its sheet for the set must exist when it has sheets.
pub fn basis_for<'c>(
    catalog: &'c Catalog,
    filed: Option<&str>,
    session_date: &str,
    set: u8,
) -> Result<&'c BasisEntry, CouncilError> {
    let session = IsoDate::parse(session_date);
    let date = filed
        .and_then(IsoDate::parse)
        .or(session)
        .ok_or(CouncilError::BadSessionDate)?;
    let entry = catalog
        .basis_in_force(date)
        .ok_or(CouncilError::NoBasisInForce { date })?;
    if let Some(current) = session.and_then(|d| catalog.basis_in_force(d)) {
        // Only the basis the session's one took over from carries on (its last day reaches the
        // new one's first): older eras start again under the rules in force.
        let adjoins = entry.basis.effective_to.is_none_or(|to| {
            days_between(to, current.basis.effective_from).is_some_and(|d| d <= 1)
        });
        if current.basis.basis != entry.basis.basis && !adjoins {
            return Err(CouncilError::NotTransitional {
                filed: date,
                basis: entry.basis.basis.clone(),
                effective_to: entry.basis.effective_to,
                current: current.basis.basis.clone(),
            });
        }
    }
    // A basis held as totals only is scored on its paper sheets, entered as totals.
    if entry.basis.detail == Detail::Sheets && !entry.sheets.contains_key(&set) {
        return Err(CouncilError::Scoring(ocop_rating::ScoringError::NoSheet {
            basis: entry.basis.basis.clone(),
            set,
        }));
    }
    Ok(entry)
}

/// The deadline of a dossier scored under an earlier basis than the one in force on the
/// session's date (Art. 12.2), and whether the session is past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionNote {
    /// The basis the dossier is scored under.
    pub basis: String,
    /// The basis in force on the session's date.
    pub current_basis: String,
    /// Its transitional article, e.g. `Điều 12.2`.
    pub article: String,
    /// Dossiers filed before this day finish under the earlier basis.
    pub filed_before: IsoDate,
    /// Days they have, from `filed_before`.
    pub days: u32,
    /// The last day.
    pub deadline: IsoDate,
    /// The session's date.
    pub session_date: IsoDate,
    /// Whether the session is after the last day.
    pub overdue: bool,
}

impl TransitionNote {
    /// The note as the agenda shows it.
    pub fn message_vi(&self) -> String {
        let head = format!(
            "Hồ sơ nộp trước {} được đánh giá theo {} ({} Quyết định {}): phải hoàn thành trong {} ngày, đến {}.",
            self.filed_before.to_vietnamese(),
            self.basis,
            self.article,
            self.current_basis,
            self.days,
            self.deadline.to_vietnamese()
        );
        if self.overdue {
            format!(
                "{head} Phiên họp ngày {} đã quá thời hạn này.",
                self.session_date.to_vietnamese()
            )
        } else {
            head
        }
    }
}

/// For a dossier scored under `basis` on a session held on `session_date` (ISO), the
/// transitional deadline of the basis then in force, when `basis` is an earlier one; a
/// re-evaluation has the shorter term.
pub fn transition_note(
    catalog: &Catalog,
    basis: &str,
    reevaluation: bool,
    session_date: &str,
) -> Option<TransitionNote> {
    let on = IsoDate::parse(session_date)?;
    let current = catalog.basis_in_force(on)?;
    if current.basis.basis == basis {
        return None;
    }
    let t = current.basis.transition.as_ref()?;
    let days = if reevaluation {
        t.days_reevaluation
    } else {
        t.days
    };
    let from = current.basis.effective_from;
    let deadline = add_days(from, days)?;
    Some(TransitionNote {
        basis: basis.to_string(),
        current_basis: current.basis.basis.clone(),
        article: t.article.clone(),
        filed_before: from,
        days,
        deadline,
        session_date: on,
        overdue: on > deadline,
    })
}

fn to_date(d: IsoDate) -> Option<time::Date> {
    time::Date::from_calendar_date(d.year, time::Month::try_from(d.month).ok()?, d.day).ok()
}

/// Days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: IsoDate, b: IsoDate) -> Option<i64> {
    Some((to_date(b)? - to_date(a)?).whole_days())
}

fn add_days(d: IsoDate, days: u32) -> Option<IsoDate> {
    let t = to_date(d)? + time::Duration::days(i64::from(days));
    IsoDate::new(t.year(), u8::from(t.month()), t.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::builtin().unwrap()
    }

    #[test]
    fn drafts_and_returned_dossiers_wait() {
        assert!(check_schedulable("draft").is_err());
        assert!(check_schedulable("returned").is_err());
        assert!(check_schedulable("province_received").is_ok());
        let e = check_schedulable("draft").unwrap_err();
        assert_eq!(e.fields()[0].field, "dossier_id");
        assert!(product_set(Some(11), "Chè").is_ok());
        let e = product_set(None, "Chè xanh").unwrap_err();
        assert!(
            e.message_vi().contains("\"Chè xanh\""),
            "{}",
            e.message_vi()
        );
        assert!(product_set(Some(27), "Chè").is_err());
    }

    /// Filing date, session date → the basis scored under, or the error's kind.
    fn check(filed: Option<&str>, session: &str, expected: Result<&str, &str>) {
        let got = basis_for(catalog(), filed, session, 11)
            .map(|e| e.basis.basis.as_str())
            .map_err(|e| format!("{e:?}"));
        match (got, expected) {
            (Ok(b), Ok(want)) => assert_eq!(b, want, "{filed:?} {session}"),
            (Err(e), Err(want)) => assert!(e.starts_with(want), "{e}"),
            (got, want) => panic!("{filed:?} {session}: {got:?}, wanted {want:?}"),
        }
    }

    #[test]
    fn a_dossier_is_scored_under_the_basis_of_its_filing_date() {
        check(Some("2026-06-01"), "2026-06-20", Ok("26/2026/QĐ-TTg"));
        check(None, "2026-06-20", Ok("26/2026/QĐ-TTg"));
        // Filed before 22/05/2026: finishes under 148/2023 (Art. 12.2).
        check(Some("2026-05-10"), "2026-06-20", Ok("148/QĐ-TTg"));
        // A 1048-era dossier does not carry on.
        check(Some("2022-05-10"), "2026-06-20", Err("NotTransitional"));
        check(None, "not a date", Err("BadSessionDate"));
        let e = basis_for(catalog(), Some("2022-05-10"), "2026-06-20", 11).unwrap_err();
        assert!(e.message_vi().contains("1048"), "{}", e.message_vi());
        assert!(matches!(
            basis_for(catalog(), None, "2026-06-20", 27),
            Err(CouncilError::Scoring(_))
        ));
    }

    #[test]
    fn an_earlier_basis_has_its_deadline() {
        let n = transition_note(catalog(), "148/QĐ-TTg", false, "2026-06-20").unwrap();
        assert_eq!(
            (n.days, n.deadline.to_string().as_str(), n.overdue),
            (60, "2026-07-21", false)
        );
        assert_eq!(
            n.message_vi(),
            "Hồ sơ nộp trước 22/05/2026 được đánh giá theo 148/QĐ-TTg (Điều 12.2 Quyết định 26/2026/QĐ-TTg): phải hoàn thành trong 60 ngày, đến 21/07/2026."
        );
        let n = transition_note(catalog(), "148/QĐ-TTg", true, "2026-06-22").unwrap();
        assert_eq!((n.days, n.overdue), (30, true));
        assert!(n
            .message_vi()
            .ends_with("Phiên họp ngày 22/06/2026 đã quá thời hạn này."));
        assert_eq!(
            transition_note(catalog(), "26/2026/QĐ-TTg", false, "2026-06-20"),
            None
        );
    }
}
