//! Setting a council and its sessions up: the rule parameters of a council's Quy chế, and what a
//! session needs (title, place, date, an optional start time, a mode). Each problem names the
//! form's field.

use crate::error::CouncilError;
use crate::members::Mode;
use ocop_domain::calendar::parse_date;
use ocop_domain::FieldError;
use ocop_rating::CouncilRules;

/// Checks rule parameters; the field names are those of the council form.
pub fn check_rules(rules: &CouncilRules, errors: &mut Vec<FieldError>) {
    if rules.spread_limit > 100 {
        errors.push(FieldError::new(
            "rules.spread_limit",
            "Ngưỡng chênh lệch điểm phải từ 0 đến 100.",
        ));
    }
    let q = rules.quorum;
    if q.denominator == 0 || q.numerator == 0 || q.numerator > q.denominator {
        errors.push(FieldError::new(
            "rules.quorum",
            "Tỷ lệ túc số phải là một phân số từ 1/n đến n/n (ví dụ 3/4).",
        ));
    }
    if rules.decimals > 6 {
        errors.push(FieldError::new(
            "rules.decimals",
            "Số chữ số thập phân của điểm trung bình phải từ 0 đến 6.",
        ));
    }
}

/// A session as typed in, cleaned (NFC, spaces).
#[derive(Debug, Clone, Copy)]
pub struct SessionFields<'a> {
    /// Title.
    pub title: &'a str,
    /// Place.
    pub place: &'a str,
    /// Date (ISO).
    pub date: &'a str,
    /// Start time, when given.
    pub time: Option<&'a str>,
    /// Mode code.
    pub mode: &'a str,
    /// Rules, when given.
    pub rules: Option<&'a CouncilRules>,
}

/// Checks a session's fields; every problem is listed with its field.
pub fn check_session(f: &SessionFields<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    if f.title.is_empty() {
        e.push(FieldError::new("title", "Vui lòng nhập tên phiên họp."));
    }
    if f.place.is_empty() {
        e.push(FieldError::new("place", "Vui lòng nhập địa điểm họp."));
    }
    if parse_date(f.date).is_none() {
        e.push(FieldError::new(
            "date",
            "Ngày họp không hợp lệ (dd/mm/yyyy).",
        ));
    }
    if let Some(t) = f.time {
        if !is_clock_time(t) {
            e.push(FieldError::new(
                "time",
                "Giờ họp phải có dạng HH:MM, ví dụ 08:30.",
            ));
        }
    }
    if !Mode::CODES.contains(&f.mode) {
        e.push(FieldError::new(
            "mode",
            "Hình thức họp phải là họp trực tiếp hoặc lấy ý kiến bằng văn bản.",
        ));
    }
    if let Some(r) = f.rules {
        check_rules(r, &mut e);
    }
    e
}

/// `HH:MM` on a 24-hour clock.
fn is_clock_time(t: &str) -> bool {
    t.len() == 5
        && t.as_bytes()[2] == b':'
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
}

/// A session's rules are frozen once anyone has scored in it (`sheets` saved): a result is
/// never scored under two rule sets.
pub fn check_rules_change(
    old: &CouncilRules,
    new: &CouncilRules,
    sheets: i64,
) -> Result<(), CouncilError> {
    if old != new && sheets > 0 {
        return Err(CouncilError::RulesFrozen { sheets });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> SessionFields<'static> {
        SessionFields {
            title: "Phiên họp đợt 1",
            place: "UBND tỉnh",
            date: "2026-06-20",
            time: Some("08:30"),
            mode: "in_person",
            rules: None,
        }
    }

    /// The fields named for a session.
    fn check(f: SessionFields<'_>, expected: &[&str]) {
        let got: Vec<String> = check_session(&f).into_iter().map(|e| e.field).collect();
        assert_eq!(got, expected, "{f:?}");
    }

    #[test]
    fn a_session_needs_a_title_a_place_a_date_and_a_mode() {
        check(fields(), &[]);
        check(
            SessionFields {
                time: None,
                ..fields()
            },
            &[],
        );
        check(
            SessionFields {
                title: "",
                ..fields()
            },
            &["title"],
        );
        check(
            SessionFields {
                place: "",
                date: "20/06/2026",
                ..fields()
            },
            &["place", "date"],
        );
        for bad in ["8:30", "24:00", "08:60", "08-30"] {
            check(
                SessionFields {
                    time: Some(bad),
                    ..fields()
                },
                &["time"],
            );
        }
        check(
            SessionFields {
                mode: "online",
                ..fields()
            },
            &["mode"],
        );
        let rules = CouncilRules {
            spread_limit: 101,
            decimals: 7,
            ..CouncilRules::default()
        };
        check(
            SessionFields {
                rules: Some(&rules),
                ..fields()
            },
            &["rules.spread_limit", "rules.decimals"],
        );
    }

    #[test]
    fn the_quorum_is_a_share_of_at_most_all() {
        let mut e = Vec::new();
        let mut rules = CouncilRules::default();
        rules.quorum.numerator = 5;
        check_rules(&rules, &mut e);
        assert_eq!(e[0].field, "rules.quorum");
    }

    #[test]
    fn rules_freeze_at_the_first_sheet() {
        let old = CouncilRules::default();
        let new = CouncilRules {
            spread_limit: 15,
            ..old
        };
        assert!(check_rules_change(&old, &new, 0).is_ok());
        assert!(check_rules_change(&old, &old, 3).is_ok());
        let e = check_rules_change(&old, &new, 3).unwrap_err();
        assert_eq!(e.fields()[0].field, "rules");
    }
}
