//! Working days. The commune has 15 working days from receipt to review a dossier (26/2026
//! Art. 7.2); Saturdays, Sundays and public holidays are not working days. The default holiday
//! list for 2025–2027 ships as data (`data/calendar/vn-holidays.json`) and officers may edit it.

use std::collections::BTreeSet;
use time::{Date, Duration, Weekday};

/// Working days the commune has to review a dossier (Form 03), counted from receipt.
pub const FORM03_REVIEW_WORKING_DAYS: u32 = 15;

const DEFAULT_HOLIDAYS_JSON: &str = include_str!("../../../../data/calendar/vn-holidays.json");

/// Parses a `yyyy-mm-dd` date.
pub fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    Date::parse(s, &fmt).ok()
}

/// Formats a date as `yyyy-mm-dd` (the wire and storage form).
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Formats a date as `dd/mm/yyyy` (the form people read).
pub fn display(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// A public holiday from the shipped list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Holiday {
    /// The day, `yyyy-mm-dd`.
    pub date: String,
    /// What the day is, in Vietnamese.
    pub name: String,
    /// Whether the day follows the Labour Code pattern without a checked government notice.
    #[serde(default)]
    pub provisional: bool,
}

#[derive(serde::Deserialize)]
struct HolidayFile {
    holidays: Vec<Holiday>,
}

/// The shipped Vietnamese public holidays for 2025–2027 that fall on weekdays.
pub fn default_holidays() -> Vec<Holiday> {
    let f: HolidayFile = serde_json::from_str(DEFAULT_HOLIDAYS_JSON)
        .expect("data/calendar/vn-holidays.json is valid");
    f.holidays
}

/// What an officer changed in the shipped holiday list: days added (a provincial day off, a
/// decree the shipped list missed) and shipped days removed. Kept as changes rather than as a
/// whole list, so a corrected list shipped with a newer app still reaches every day the officer
/// did not touch, and with it every deadline.
///
/// ```
/// use ocop_domain::calendar::HolidayChanges;
/// let s = |v: &[&str]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>();
/// let old = s(&["2027-02-08", "2027-02-09"]);
/// let changes = HolidayChanges::between(&old, &s(&["2027-02-09", "2027-03-01"]));
/// // A newer app ships a corrected list: 10/02 instead of 08/02.
/// let new = s(&["2027-02-09", "2027-02-10"]);
/// assert_eq!(changes.apply(&new), s(&["2027-02-09", "2027-02-10", "2027-03-01"]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct HolidayChanges {
    /// Days off that are not in the shipped list, `yyyy-mm-dd`, sorted.
    pub added: Vec<String>,
    /// Shipped days that are working days after all, `yyyy-mm-dd`, sorted.
    pub removed: Vec<String>,
}

impl HolidayChanges {
    /// The changes that turn the `shipped` list into the `wanted` one.
    pub fn between(shipped: &[String], wanted: &[String]) -> Self {
        let shipped: BTreeSet<&String> = shipped.iter().collect();
        let wanted: BTreeSet<&String> = wanted.iter().collect();
        Self {
            added: wanted.difference(&shipped).map(|d| d.to_string()).collect(),
            removed: shipped.difference(&wanted).map(|d| d.to_string()).collect(),
        }
    }

    /// The holidays in force: the `shipped` list without the removed days, with the added ones,
    /// sorted and without repeats.
    pub fn apply(&self, shipped: &[String]) -> Vec<String> {
        let mut days: BTreeSet<&String> = shipped.iter().collect();
        for d in &self.removed {
            days.remove(d);
        }
        days.extend(&self.added);
        days.into_iter().cloned().collect()
    }
}

/// A working calendar: weekends and a set of holidays are not working days.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    holidays: BTreeSet<Date>,
}

impl WorkingCalendar {
    /// A calendar with the given holidays.
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// A calendar from `yyyy-mm-dd` strings; unparsable entries are skipped.
    pub fn from_iso<'a>(holidays: impl IntoIterator<Item = &'a str>) -> Self {
        Self::new(holidays.into_iter().filter_map(parse_date))
    }

    /// The calendar with the shipped default holidays.
    pub fn vietnam_default() -> Self {
        Self::new(
            default_holidays()
                .iter()
                .filter_map(|h| parse_date(&h.date)),
        )
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.holidays.contains(&d)
    }

    /// The date `n` working days after `start`; the day of `start` itself is not counted.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The last day of the commune's Form 03 review for a dossier received on `received`.
    pub fn form03_deadline(&self, received: Date) -> Date {
        self.add_working_days(received, FORM03_REVIEW_WORKING_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn check(cal: &WorkingCalendar, start: Date, n: u32, expected: Date) {
        assert_eq!(cal.add_working_days(start, n), expected, "{start} + {n}");
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = WorkingCalendar::default();
        check(&cal, date!(2026 - 03 - 06), 1, date!(2026 - 03 - 09)); // Fri → Mon
        check(&cal, date!(2026 - 03 - 07), 1, date!(2026 - 03 - 09)); // Sat → Mon
        check(&cal, date!(2026 - 03 - 02), 0, date!(2026 - 03 - 02));
    }

    #[test]
    fn form03_deadline_matches_the_contract_example() {
        // docs/IPC.md: received 2026-03-02 (Monday) → deadline 2026-03-23.
        let cal = WorkingCalendar::vietnam_default();
        assert_eq!(
            cal.form03_deadline(date!(2026 - 03 - 02)),
            date!(2026 - 03 - 23)
        );
    }

    #[test]
    fn holidays_are_skipped() {
        let cal = WorkingCalendar::vietnam_default();
        // Received Friday 2026-02-13: Tết 16–20/02 is skipped, so day 1 is Monday 23/02.
        check(&cal, date!(2026 - 02 - 13), 1, date!(2026 - 02 - 23));
        assert_eq!(
            cal.form03_deadline(date!(2026 - 02 - 13)),
            date!(2026 - 03 - 13)
        );
        // 30/4 and 1/5/2026 (Thu, Fri).
        check(&cal, date!(2026 - 04 - 29), 1, date!(2026 - 05 - 04));
    }

    #[test]
    fn custom_holidays_are_honoured() {
        let cal = WorkingCalendar::from_iso(["2026-03-03", "bad"]);
        check(&cal, date!(2026 - 03 - 02), 1, date!(2026 - 03 - 04));
    }

    #[test]
    fn default_list_covers_three_years_on_weekdays() {
        let hs = default_holidays();
        for y in [2025, 2026, 2027] {
            assert!(hs.iter().any(|h| h.date.starts_with(&y.to_string())), "{y}");
        }
        for h in &hs {
            let d = parse_date(&h.date).expect("date");
            assert!(
                WorkingCalendar::default().is_working_day(d),
                "{} is a weekend",
                h.date
            );
        }
    }

    #[test]
    fn holiday_changes_survive_a_corrected_shipped_list() {
        let s = |v: &[&str]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        let shipped = s(&["2026-01-01", "2026-04-30", "2026-05-01"]);
        let wanted = s(&["2026-01-01", "2026-05-01", "2026-05-04"]);
        let c = HolidayChanges::between(&shipped, &wanted);
        assert_eq!(c.added, s(&["2026-05-04"]));
        assert_eq!(c.removed, s(&["2026-04-30"]));
        assert_eq!(c.apply(&shipped), wanted);
        // Nothing changed: nothing stored.
        assert_eq!(
            HolidayChanges::between(&shipped, &shipped),
            HolidayChanges::default()
        );
        // A newer list adds 2027: it reaches the officer, whose changes stay.
        let newer = s(&["2026-01-01", "2026-04-30", "2026-05-01", "2027-01-01"]);
        assert_eq!(
            c.apply(&newer),
            s(&["2026-01-01", "2026-05-01", "2026-05-04", "2027-01-01"])
        );
    }

    #[test]
    fn date_formats() {
        assert_eq!(parse_date("2026-03-02"), Some(date!(2026 - 03 - 02)));
        assert_eq!(parse_date("2026-3-2"), None);
        assert_eq!(iso(date!(2026 - 03 - 02)), "2026-03-02");
        assert_eq!(display(date!(2026 - 03 - 02)), "02/03/2026");
    }
}
