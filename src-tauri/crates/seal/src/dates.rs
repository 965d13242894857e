//! Date rules and the compact/JSON date encodings.

use time::{Date, Duration, Month};

/// Unix epoch as a Julian day number.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The last day a certificate issued on `issue_date` is valid: 36 months later (Art. 4.3).
///
/// Rule: the same calendar day 36 months later; when that day does not exist in the target
/// month (29/02 in a non-leap year, or the 31st of a 30-day month) the last day of that month is
/// used. So 29/02/2024 → 28/02/2027 and 15/06/2026 → 15/06/2029.
pub fn valid_until(issue_date: Date) -> Date {
    add_months(issue_date, 36)
}

/// Adds whole months, clamping the day to the target month's length.
pub fn add_months(date: Date, months: i32) -> Date {
    let index = date.year() * 12 + (date.month() as i32 - 1) + months;
    let year = index.div_euclid(12);
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1..=12");
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("day clamped to month length")
}

/// Days since 1970-01-01 (negative before).
pub fn to_days(date: Date) -> i32 {
    date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY
}

/// The date `days` days after 1970-01-01, if representable.
pub fn from_days(days: i32) -> Option<Date> {
    let epoch = Date::from_julian_day(UNIX_EPOCH_JULIAN_DAY).ok()?;
    epoch.checked_add(Duration::days(days as i64))
}

/// `dd/mm/yyyy`, as dates are shown to people.
pub fn show(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        date.day(),
        date.month() as u8,
        date.year()
    )
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).ok()
}

/// Formats `YYYY-MM-DD`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// Serde for `time::Date` as `"YYYY-MM-DD"`.
pub mod iso_serde {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes the date as `"YYYY-MM-DD"`.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::iso(*date))
    }

    /// Reads a `"YYYY-MM-DD"` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("ngày \"{text}\" không đúng dạng YYYY-MM-DD"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn valid_until_is_same_day_36_months_later() {
        assert_eq!(valid_until(date!(2026 - 06 - 15)), date!(2029 - 06 - 15));
        assert_eq!(valid_until(date!(2026 - 01 - 01)), date!(2029 - 01 - 01));
        assert_eq!(valid_until(date!(2026 - 12 - 31)), date!(2029 - 12 - 31));
    }

    #[test]
    fn valid_until_clamps_to_last_day_of_month() {
        assert_eq!(valid_until(date!(2024 - 02 - 29)), date!(2027 - 02 - 28));
        // 36 months after a leap day can land on a leap year only via 2028-02-29 → 2031 (not leap).
        assert_eq!(valid_until(date!(2028 - 02 - 29)), date!(2031 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 03 - 31), 1), date!(2026 - 04 - 30));
        assert_eq!(add_months(date!(2027 - 01 - 31), 13), date!(2028 - 02 - 29));
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(to_days(date!(1970 - 01 - 01)), 0);
        assert_eq!(to_days(date!(2026 - 11 - 29)), 20_786);
        for d in [-5, 0, 1, 20_786, 40_000] {
            assert_eq!(to_days(from_days(d).unwrap()), d);
        }
    }

    #[test]
    fn shows_and_parses_dates() {
        assert_eq!(show(date!(2026 - 03 - 05)), "05/03/2026");
        assert_eq!(parse_iso("2026-03-05"), Some(date!(2026 - 03 - 05)));
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(iso(date!(2026 - 03 - 05)), "2026-03-05");
    }
}
