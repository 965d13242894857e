//! Field validation. Every check returns Vietnamese messages tied to the JSON name of the field,
//! and a form's validation returns all its errors at once.

use serde::{Deserialize, Serialize};

/// One wrong field: its JSON name and a Vietnamese message for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON name of the field, e.g. `tax_code`.
    pub field: String,
    /// Vietnamese message shown next to the field.
    pub message: String,
}

impl FieldError {
    /// A new field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Collects field errors while a form is checked.
#[derive(Debug, Default, Clone)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Records an error for `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }
    /// Records the error of a check, if any.
    pub fn check(&mut self, field: &str, r: Result<(), String>) {
        if let Err(m) = r {
            self.add(field, m);
        }
    }
    /// Whether no error was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The recorded errors.
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

/// The text is present and not blank.
pub fn required(value: &str, label: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("Vui lòng nhập {label}."))
    } else {
        Ok(())
    }
}

/// A Vietnamese tax code: 10 digits, 13 digits, or 10 digits, a hyphen and 3 digits (a branch).
pub fn tax_code(value: &str) -> Result<(), String> {
    let v = value.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match v.split_once('-') {
        Some((a, b)) => a.len() == 10 && b.len() == 3 && digits(a) && digits(b),
        None => (v.len() == 10 || v.len() == 13) && digits(v),
    };
    if ok {
        Ok(())
    } else {
        Err("Mã số thuế phải gồm 10 hoặc 13 chữ số (có thể viết 10 số, dấu '-' và 3 số).".into())
    }
}

/// The digits of a tax code, used to compare codes written with or without the hyphen.
pub fn tax_code_key(value: &str) -> String {
    value.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Normalises a Vietnamese phone number to its national form `0…` (spaces, dots, hyphens and
/// brackets dropped, `+84`/`84` replaced by `0`). Returns `None` when it is not a valid number:
/// mobile `0[35789]` + 8 digits, or landline `02` + 9 digits.
pub fn normalize_phone(value: &str) -> Option<String> {
    let mut s: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    if let Some(rest) = s.strip_prefix("+84") {
        s = format!("0{rest}");
    } else if s.starts_with("84") && s.len() == 11 {
        s = format!("0{}", &s[2..]);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = s.as_bytes();
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = b.len() == 11 && b[0] == b'0' && b[1] == b'2';
    (mobile || landline).then_some(s)
}

/// A Vietnamese phone number (see [`normalize_phone`]).
pub fn phone(value: &str) -> Result<(), String> {
    normalize_phone(value).map(|_| ()).ok_or_else(|| {
        "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 (hoặc +84), \
         cố định 11 số bắt đầu bằng 02."
            .into()
    })
}

/// An e-mail address: one `@`, a non-empty local part, a domain with a dot, no spaces.
pub fn email(value: &str) -> Result<(), String> {
    let v = value.trim();
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err("Địa chỉ email không hợp lệ (ví dụ: ten@congty.vn).".into())
    }
}

/// A percentage from 0 to 100.
pub fn percentage(value: f64) -> Result<(), String> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(())
    } else {
        Err("Tỷ lệ phải nằm trong khoảng 0–100%.".into())
    }
}

/// A calendar date written `yyyy-mm-dd`.
pub fn date(value: &str) -> Result<time::Date, String> {
    crate::calendar::parse_date(value)
        .ok_or_else(|| "Ngày không hợp lệ (định dạng năm-tháng-ngày, ví dụ 2026-03-02).".into())
}

/// A year between 2018 (the start of OCOP) and 2100.
pub fn year(value: i32) -> Result<(), String> {
    if (2018..=2100).contains(&value) {
        Ok(())
    } else {
        Err("Năm phải từ 2018 đến 2100.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(r: Result<(), String>, ok: bool, input: &str) {
        assert_eq!(r.is_ok(), ok, "{input}");
    }

    #[test]
    fn tax_codes() {
        for (v, ok) in [
            ("4600123456", true),
            ("4600123456001", true),
            ("4600123456-001", true),
            (" 4600123456 ", true),
            ("460012345", false),
            ("46001234567", false),
            ("4600123456-01", false),
            ("46001234AB", false),
            ("", false),
        ] {
            check(tax_code(v), ok, v);
        }
        assert_eq!(tax_code_key("4600123456-001"), "4600123456001");
    }

    #[test]
    fn phones() {
        for (v, ok) in [
            ("0912345678", true),
            ("091 234 5678", true),
            ("+84912345678", true),
            ("84912345678", true),
            ("0352.123.456", true),
            ("02083855123", true),
            ("0123456789", false),
            ("0612345678", false),
            ("091234567", false),
            ("09123456789", false),
            ("abc", false),
        ] {
            check(phone(v), ok, v);
        }
        assert_eq!(
            normalize_phone("+84 912 345 678").as_deref(),
            Some("0912345678")
        );
    }

    #[test]
    fn emails() {
        for (v, ok) in [
            ("a@b.vn", true),
            ("htx.haodat@gmail.com", true),
            ("a@b", false),
            ("@b.vn", false),
            ("a b@c.vn", false),
            ("a@@b.vn", false),
            ("a@b..vn", false),
        ] {
            check(email(v), ok, v);
        }
    }

    #[test]
    fn percentages_dates_years_required() {
        check(percentage(0.0), true, "0");
        check(percentage(100.0), true, "100");
        check(percentage(100.5), false, "100.5");
        check(percentage(-1.0), false, "-1");
        check(percentage(f64::NAN), false, "nan");
        assert!(date("2026-03-02").is_ok());
        assert!(date("2026-02-30").is_err());
        assert!(date("02/03/2026").is_err());
        check(year(2026), true, "2026");
        check(year(1999), false, "1999");
        check(required("  ", "tên"), false, "blank");
        assert_eq!(
            required("", "tên chủ thể").unwrap_err(),
            "Vui lòng nhập tên chủ thể."
        );
    }

    #[test]
    fn errors_collects_all() {
        let mut e = Errors::default();
        e.check("tax_code", tax_code("1"));
        e.check("phone", phone("1"));
        e.check("email", email("a@b.vn"));
        let v = e.into_vec();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].field, "tax_code");
        assert_eq!(v[1].field, "phone");
    }
}
