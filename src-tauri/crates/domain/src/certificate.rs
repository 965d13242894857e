//! Certificate rules, with no storage: a certificate's status on a date, the re-evaluation
//! window before expiry (Art. 7.6.a of QĐ 26/2026/QĐ-TTg), extension under the transition rule
//! (Art. 12.3), and the checks a revocation (Art. 8), an extension or a replacement must pass.
//!
//! The store keeps the facts ([`Life`] is what a status is derived from); these functions
//! decide. A refusal is a [`CertificateError`] carrying the numbers and dates as data;
//! [`CertificateError::message_vi`] builds the Vietnamese text a person reads.
//!
//! ```
//! use ocop_domain::certificate::{CertificateStatus, Life};
//! use time::macros::date;
//!
//! let life = Life::new(date!(2026 - 06 - 15), date!(2029 - 06 - 15));
//! assert_eq!(life.status_on(date!(2029 - 06 - 15)), CertificateStatus::Valid);
//! assert_eq!(life.status_on(date!(2029 - 06 - 16)), CertificateStatus::Expired);
//! assert!(life.in_window(date!(2028 - 12 - 17))); // 180 days before expiry
//! ```

use crate::calendar::display;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// Days before expiry when the re-evaluation window opens (Art. 7.6.a: the dossier is filed
/// 180 to 120 days before the certificate expires).
pub const WINDOW_OPENS_DAYS: i64 = 180;
/// Days before expiry when the re-evaluation window closes.
pub const WINDOW_CLOSES_DAYS: i64 = 120;
/// Longest extension after expiry under the transition rule (Art. 12.3).
pub const EXTENSION_MAX_DAYS: i64 = 180;

/// A certificate's status on a given date. Never typed in: derived by [`Life::status_on`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CertificateStatus {
    /// Issued and not past its valid-until date.
    Valid,
    /// Past its valid-until date (and any extension), nothing pending.
    Expired,
    /// Revoked by a decision (Art. 8).
    Revoked,
    /// Past its valid-until date but extended under Art. 12.3 (at most 180 days).
    Extended,
    /// Replaced by a newer certificate for the same product.
    Superseded,
}

impl CertificateStatus {
    /// Every status, in the order the UI lists them.
    pub const ALL: [CertificateStatus; 5] = [
        Self::Valid,
        Self::Extended,
        Self::Expired,
        Self::Revoked,
        Self::Superseded,
    ];

    /// The wire and storage name (`valid`, `expired`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::Extended => "extended",
            Self::Superseded => "superseded",
        }
    }

    /// The status named `s`, if any.
    pub fn parse(s: &str) -> Option<CertificateStatus> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Where a certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Issued in a batch from a locked council result.
    Council,
    /// Issued outside the council flow (for example on paper before the app) and typed in, so
    /// that it verifies and appears in the lists (`ocop certificate render`).
    External,
}

impl Origin {
    /// The wire and storage name (`council`, `external`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Council => "council",
            Self::External => "external",
        }
    }

    /// The origin named `s`, if any.
    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "council" => Some(Self::Council),
            "external" => Some(Self::External),
            _ => None,
        }
    }
}

/// The facts a certificate's status is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Life {
    /// The issue date (the recognition decision's date).
    pub issue_date: Date,
    /// The last day of validity (36 months after issue, Art. 4.3).
    pub valid_until: Date,
    /// A revocation decision was recorded.
    pub revoked: bool,
    /// A newer certificate replaced it.
    pub superseded: bool,
    /// The last day of an extension under Art. 12.3, if extended.
    pub extended_until: Option<Date>,
}

impl Life {
    /// A certificate issued on `issue_date`, valid through `valid_until`, with nothing since.
    pub fn new(issue_date: Date, valid_until: Date) -> Life {
        Life {
            issue_date,
            valid_until,
            revoked: false,
            superseded: false,
            extended_until: None,
        }
    }

    /// The status on `day`: revoked wins over superseded, which wins over the dates; a
    /// certificate is valid through its valid-until day, then extended through its extension's
    /// last day, then expired.
    pub fn status_on(&self, day: Date) -> CertificateStatus {
        if self.revoked {
            CertificateStatus::Revoked
        } else if self.superseded {
            CertificateStatus::Superseded
        } else if day <= self.valid_until {
            CertificateStatus::Valid
        } else if self.extended_until.is_some_and(|until| day <= until) {
            CertificateStatus::Extended
        } else {
            CertificateStatus::Expired
        }
    }

    /// Days from `day` to the valid-until date (negative once past it).
    pub fn days_to_expiry(&self, day: Date) -> i64 {
        (self.valid_until - day).whole_days()
    }

    /// Whether on `day` the certificate is valid and 180 to 120 days (inclusive) before expiry:
    /// the window in which the re-evaluation dossier is filed (Art. 7.6.a).
    pub fn in_window(&self, day: Date) -> bool {
        self.status_on(day) == CertificateStatus::Valid
            && (WINDOW_CLOSES_DAYS..=WINDOW_OPENS_DAYS).contains(&self.days_to_expiry(day))
    }

    /// The first day a dossier filed for re-evaluation is late (the window has closed), from
    /// which an extension under Art. 12.3 may be granted.
    pub fn window_closed_on(&self) -> Date {
        self.valid_until - Duration::days(WINDOW_CLOSES_DAYS)
    }

    /// The last day an extension may reach: 180 days after the valid-until date (Art. 12.3).
    pub fn extension_limit(&self) -> Date {
        self.valid_until + Duration::days(EXTENSION_MAX_DAYS)
    }
}

/// Checks a revocation decision dated `decision_date` for certificate `number`, issued on
/// `issue_date` and already revoked by decision `revoked_by` if any. A certificate is revoked
/// once; the decision cannot predate the certificate.
pub fn check_revocation(
    number: &str,
    issue_date: Date,
    revoked_by: Option<&str>,
    decision_date: Date,
) -> Result<(), CertificateError> {
    if let Some(previous) = revoked_by {
        return Err(CertificateError::AlreadyRevoked {
            number: number.to_string(),
            decision_number: previous.to_string(),
        });
    }
    if decision_date < issue_date {
        return Err(CertificateError::RevokedBeforeIssue {
            number: number.to_string(),
            issue_date,
            decision_date,
        });
    }
    Ok(())
}

/// Decides an extension under the transition rule (Art. 12.3) asked for on `as_of`: the last
/// day of validity it gives. Refused for a revoked or superseded certificate, without the
/// pending re-evaluation dossier named in `note`, before the filing window has closed (120 days
/// before expiry: until then the producer can still file on time), and once the 180 days after
/// expiry have passed. `requested` must fall after the valid-until date and at most 180 days
/// later; `None` extends by the full 180 days.
pub fn extension_until(
    number: &str,
    life: &Life,
    as_of: Date,
    note: &str,
    requested: Option<Date>,
) -> Result<Date, CertificateError> {
    match life.status_on(as_of) {
        CertificateStatus::Revoked => {
            return Err(CertificateError::ExtendRevoked {
                number: number.to_string(),
            })
        }
        CertificateStatus::Superseded => {
            return Err(CertificateError::ExtendSuperseded {
                number: number.to_string(),
            })
        }
        _ => {}
    }
    if note.trim().is_empty() {
        return Err(CertificateError::ExtensionWithoutDossier);
    }
    if as_of < life.window_closed_on() {
        return Err(CertificateError::ExtendTooEarly {
            number: number.to_string(),
            from: life.window_closed_on(),
        });
    }
    let limit = life.extension_limit();
    if as_of > limit {
        return Err(CertificateError::ExtendTooLate {
            number: number.to_string(),
            expiry: life.valid_until,
        });
    }
    match requested {
        None => Ok(limit),
        Some(until) if until > life.valid_until && until <= limit => Ok(until),
        Some(_) => Err(CertificateError::ExtensionOutOfRange {
            expiry: life.valid_until,
            limit,
        }),
    }
}

/// One side of a replacement: what [`check_replacement`] needs to know of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaceable<'a> {
    /// The record id.
    pub id: &'a str,
    /// The certificate number.
    pub number: &'a str,
    /// The issue date.
    pub issue_date: Date,
    /// The product it certifies, when it is in the database.
    pub product_id: Option<&'a str>,
    /// A revocation was recorded.
    pub revoked: bool,
    /// The number of the certificate that already replaced it, if any.
    pub superseded_by: Option<&'a str>,
}

/// Checks that `newer` may replace `older`: two different certificates, neither revoked,
/// `older` not replaced yet, `newer` issued on or after `older`, and the same product when both
/// name one.
pub fn check_replacement(older: &Replaceable, newer: &Replaceable) -> Result<(), CertificateError> {
    if older.id == newer.id {
        return Err(CertificateError::ReplacedBySelf {
            number: older.number.to_string(),
        });
    }
    if older.revoked {
        return Err(CertificateError::ReplaceRevoked {
            number: older.number.to_string(),
        });
    }
    if let Some(by) = older.superseded_by {
        return Err(CertificateError::AlreadyReplaced {
            number: older.number.to_string(),
            by: by.to_string(),
        });
    }
    if newer.revoked {
        return Err(CertificateError::ReplacementRevoked {
            number: newer.number.to_string(),
        });
    }
    if newer.issue_date < older.issue_date {
        return Err(CertificateError::ReplacementOlder {
            number: newer.number.to_string(),
            issue_date: newer.issue_date,
            older: older.number.to_string(),
            older_issue_date: older.issue_date,
        });
    }
    if let (Some(a), Some(b)) = (older.product_id, newer.product_id) {
        if a != b {
            return Err(CertificateError::ReplacementOtherProduct {
                number: newer.number.to_string(),
                older: older.number.to_string(),
            });
        }
    }
    Ok(())
}

/// Why a certificate operation was refused. Each variant carries what the message needs as
/// data; [`CertificateError::field`] names the input at fault for the ones that are bad input
/// rather than a conflict with the record's state. Serialised (the IPC error's `detail`) as
/// `{"error": "<Variant>", …its fields}`, dates `yyyy-mm-dd`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "error")]
pub enum CertificateError {
    /// The certificate was already revoked.
    #[error("certificate {number} already revoked by {decision_number}")]
    AlreadyRevoked {
        /// The certificate number.
        number: String,
        /// The earlier revocation decision.
        decision_number: String,
    },
    /// The revocation decision is dated before the certificate was issued (field
    /// `decision_date`).
    #[error("revocation of {number} dated {decision_date} before issue on {issue_date}")]
    RevokedBeforeIssue {
        /// The certificate number.
        number: String,
        /// The certificate's issue date.
        #[serde(with = "iso_date")]
        issue_date: Date,
        /// The revocation decision's date.
        #[serde(with = "iso_date")]
        decision_date: Date,
    },
    /// A locked council result already has its certificate.
    #[error("result already certified as {number}")]
    ResultCertified {
        /// The number of the certificate already issued from it.
        number: String,
    },
    /// The certificate number was already handed out (numbers are never reused).
    #[error("certificate number {number} already used")]
    NumberTaken {
        /// The certificate number.
        number: String,
    },
    /// The certificate number was already signed with other contents by the same key.
    #[error("certificate number {number} already signed with other contents")]
    NumberReused {
        /// The certificate number.
        number: String,
    },
    /// A certificate from the council flow is frozen: it cannot be recorded again with other
    /// printed details.
    #[error("certificate {number} was issued by the council flow and is frozen")]
    Frozen {
        /// The certificate number.
        number: String,
    },
    /// A revoked certificate cannot be extended.
    #[error("certificate {number} is revoked; no extension")]
    ExtendRevoked {
        /// The certificate number.
        number: String,
    },
    /// A replaced certificate cannot be extended.
    #[error("certificate {number} is superseded; no extension")]
    ExtendSuperseded {
        /// The certificate number.
        number: String,
    },
    /// An extension needs the pending re-evaluation dossier (field `note`).
    #[error("extension without the pending re-evaluation dossier")]
    ExtensionWithoutDossier,
    /// Extensions start once the filing window has closed.
    #[error("certificate {number} cannot be extended before {from}")]
    ExtendTooEarly {
        /// The certificate number.
        number: String,
        /// The first day an extension may be granted.
        #[serde(with = "iso_date")]
        from: Date,
    },
    /// The 180 days after expiry have passed.
    #[error("certificate {number} expired on {expiry}, more than 180 days ago")]
    ExtendTooLate {
        /// The certificate number.
        number: String,
        /// Its valid-until date.
        #[serde(with = "iso_date")]
        expiry: Date,
    },
    /// The extension's last day is not after expiry or beyond 180 days (field `until`).
    #[error("extension must end after {expiry} and by {limit}")]
    ExtensionOutOfRange {
        /// The valid-until date.
        #[serde(with = "iso_date")]
        expiry: Date,
        /// The last day allowed.
        #[serde(with = "iso_date")]
        limit: Date,
    },
    /// A certificate cannot replace itself.
    #[error("certificate {number} cannot replace itself")]
    ReplacedBySelf {
        /// The certificate number.
        number: String,
    },
    /// A revoked certificate is not replaced (it is no longer in force anyway).
    #[error("certificate {number} is revoked; it cannot be replaced")]
    ReplaceRevoked {
        /// The certificate number.
        number: String,
    },
    /// The certificate was already replaced.
    #[error("certificate {number} already replaced by {by}")]
    AlreadyReplaced {
        /// The certificate number.
        number: String,
        /// The number of the certificate that replaced it.
        by: String,
    },
    /// A revoked certificate cannot replace another.
    #[error("certificate {number} is revoked; it cannot replace another")]
    ReplacementRevoked {
        /// The revoked certificate's number.
        number: String,
    },
    /// The replacing certificate was issued before the one it would replace.
    #[error("certificate {number} ({issue_date}) is older than {older} ({older_issue_date})")]
    ReplacementOlder {
        /// The replacing certificate's number.
        number: String,
        /// Its issue date.
        #[serde(with = "iso_date")]
        issue_date: Date,
        /// The number of the one it would replace.
        older: String,
        /// That one's issue date.
        #[serde(with = "iso_date")]
        older_issue_date: Date,
    },
    /// The two certificates are for different products.
    #[error("certificate {number} is for another product than {older}")]
    ReplacementOtherProduct {
        /// The replacing certificate's number.
        number: String,
        /// The number of the one it would replace.
        older: String,
    },
}

impl CertificateError {
    /// The error code it crosses a boundary with: `Validation` when it names an input field,
    /// else `Conflict` (the certificate's state forbids it).
    pub fn code(&self) -> crate::ErrorCode {
        match self.field() {
            Some(_) => crate::ErrorCode::Validation,
            None => crate::ErrorCode::Conflict,
        }
    }

    /// The input field at fault when the refusal is bad input (`decision_date`, `note`,
    /// `until`); `None` when it conflicts with the certificate's state.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::RevokedBeforeIssue { .. } => Some("decision_date"),
            Self::ExtensionWithoutDossier => Some("note"),
            Self::ExtensionOutOfRange { .. } => Some("until"),
            _ => None,
        }
    }

    /// The Vietnamese message for a person: what was refused, why, and what to do.
    pub fn message_vi(&self) -> String {
        match self {
            Self::AlreadyRevoked {
                number,
                decision_number,
            } => format!(
                "Giấy chứng nhận số {number} đã bị thu hồi theo quyết định {decision_number}."
            ),
            Self::RevokedBeforeIssue { .. } => {
                "Ngày quyết định thu hồi không thể trước ngày cấp giấy chứng nhận.".into()
            }
            Self::ResultCertified { number } => format!(
                "Kết quả đánh giá này đã được cấp giấy chứng nhận số {number}; không cấp lại."
            ),
            Self::NumberTaken { number } => {
                format!("Số giấy chứng nhận {number} đã được dùng; số không được dùng lại.")
            }
            Self::NumberReused { number } => format!(
                "Số giấy chứng nhận {number} đã được cấp với nội dung khác; số không được dùng lại."
            ),
            Self::Frozen { number } => format!(
                "Giấy chứng nhận số {number} được cấp từ kết quả của hội đồng; nội dung in đã cố định, không ghi lại được."
            ),
            Self::ExtendRevoked { number } => format!(
                "Giấy chứng nhận số {number} đã bị thu hồi; không thể kéo dài hiệu lực."
            ),
            Self::ExtendSuperseded { number } => format!(
                "Giấy chứng nhận số {number} đã được thay bằng giấy mới; không thể kéo dài hiệu lực."
            ),
            Self::ExtensionWithoutDossier => {
                "Hãy ghi hồ sơ đánh giá lại đang chờ xử lý (số, ngày nhận).".into()
            }
            Self::ExtendTooEarly { from, .. } => format!(
                "Chỉ kéo dài hiệu lực (khoản 3 Điều 12) khi hồ sơ đánh giá lại nộp sau thời hạn, tức từ ngày {} (120 ngày trước khi hết hạn); trước đó chủ thể vẫn nộp hồ sơ đúng hạn được.",
                display(*from)
            ),
            Self::ExtendTooLate { expiry, .. } => format!(
                "Đã quá 180 ngày kể từ ngày hết hạn {}; không thể kéo dài hiệu lực.",
                display(*expiry)
            ),
            Self::ExtensionOutOfRange { expiry, limit } => format!(
                "Ngày kéo dài phải sau ngày hết hạn {} và không quá {} (180 ngày, khoản 3 Điều 12).",
                display(*expiry),
                display(*limit)
            ),
            Self::ReplacedBySelf { number } => format!(
                "Giấy chứng nhận số {number} không thể thay thế chính nó; hãy chọn giấy mới."
            ),
            Self::ReplaceRevoked { number } => format!(
                "Giấy chứng nhận số {number} đã bị thu hồi; không cần thay thế."
            ),
            Self::AlreadyReplaced { number, by } => format!(
                "Giấy chứng nhận số {number} đã được thay bằng giấy số {by}."
            ),
            Self::ReplacementRevoked { number } => format!(
                "Giấy chứng nhận số {number} đã bị thu hồi; không dùng để thay giấy khác được."
            ),
            Self::ReplacementOlder {
                number,
                issue_date,
                older,
                older_issue_date,
            } => format!(
                "Giấy chứng nhận số {number} (cấp ngày {}) cấp trước giấy số {older} (cấp ngày {}); chỉ giấy mới hơn thay được giấy cũ.",
                display(*issue_date),
                display(*older_issue_date)
            ),
            Self::ReplacementOtherProduct { number, older } => format!(
                "Giấy chứng nhận số {number} là của sản phẩm khác với giấy số {older}; chỉ thay giấy của cùng một sản phẩm."
            ),
        }
    }
}

/// Serde for dates inside errors as `yyyy-mm-dd`.
mod iso_date {
    use time::Date;

    pub fn serialize<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::calendar::iso(*date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn life() -> Life {
        Life::new(date!(2026 - 06 - 15), date!(2029 - 06 - 15))
    }

    /// `(life, day, expected status)`.
    fn check(life: Life, day: Date, expected: CertificateStatus) {
        assert_eq!(life.status_on(day), expected, "{life:?} on {day}");
    }

    #[test]
    fn statuses_follow_the_dates_and_the_events() {
        use CertificateStatus::*;
        check(life(), date!(2026 - 06 - 15), Valid);
        check(life(), date!(2029 - 06 - 15), Valid);
        check(life(), date!(2029 - 06 - 16), Expired);
        let extended = Life {
            extended_until: Some(date!(2029 - 12 - 12)),
            ..life()
        };
        check(extended, date!(2029 - 06 - 15), Valid);
        check(extended, date!(2029 - 06 - 16), Extended);
        check(extended, date!(2029 - 12 - 12), Extended);
        check(extended, date!(2029 - 12 - 13), Expired);
        let superseded = Life {
            superseded: true,
            ..extended
        };
        check(superseded, date!(2027 - 01 - 01), Superseded);
        check(superseded, date!(2030 - 01 - 01), Superseded);
        // Revoked wins over superseded.
        check(
            Life {
                revoked: true,
                ..superseded
            },
            date!(2027 - 01 - 01),
            Revoked,
        );
    }

    #[test]
    fn the_re_evaluation_window_is_180_to_120_days_before_expiry() {
        let l = life();
        assert!(!l.in_window(date!(2028 - 12 - 16)), "181 days before");
        assert!(l.in_window(date!(2028 - 12 - 17)), "180 days before");
        assert!(l.in_window(date!(2029 - 02 - 15)), "120 days before");
        assert!(!l.in_window(date!(2029 - 02 - 16)), "119 days before");
        assert_eq!(l.days_to_expiry(date!(2029 - 06 - 16)), -1);
        let revoked = Life { revoked: true, ..l };
        assert!(!revoked.in_window(date!(2029 - 01 - 01)));
    }

    #[test]
    fn statuses_have_stable_names() {
        for s in CertificateStatus::ALL {
            assert_eq!(CertificateStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.as_str().into())
            );
        }
        assert_eq!(CertificateStatus::parse("cancelled"), None);
        assert_eq!(Origin::parse("external"), Some(Origin::External));
        assert_eq!(
            Origin::parse(Origin::Council.as_str()),
            Some(Origin::Council)
        );
        assert_eq!(Origin::parse("paper"), None);
    }

    #[test]
    fn a_certificate_is_revoked_once_and_never_before_its_issue() {
        let issued = date!(2026 - 06 - 15);
        assert_eq!(check_revocation("1", issued, None, issued), Ok(()));
        let before = check_revocation("1", issued, None, date!(2026 - 06 - 14)).unwrap_err();
        assert_eq!(before.field(), Some("decision_date"));
        let again = check_revocation("1", issued, Some("77/QĐ-UBND"), issued).unwrap_err();
        assert_eq!(
            again,
            CertificateError::AlreadyRevoked {
                number: "1".into(),
                decision_number: "77/QĐ-UBND".into()
            }
        );
        assert_eq!(again.field(), None);
        assert_eq!(again.code(), crate::ErrorCode::Conflict);
        assert!(again.message_vi().contains("77/QĐ-UBND"));
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::json!({"error": "AlreadyRevoked", "number": "1", "decision_number": "77/QĐ-UBND"})
        );
        assert_eq!(before.code(), crate::ErrorCode::Validation);
        assert_eq!(
            serde_json::to_value(&before).unwrap()["decision_date"],
            "2026-06-14"
        );
    }

    #[test]
    fn extension_opens_when_the_window_closes_and_reaches_180_days() {
        let l = life();
        let note = "Hồ sơ 12/PĐK";
        // 121 days before expiry the producer can still file on time.
        let early = extension_until("9", &l, date!(2029 - 02 - 13), note, None).unwrap_err();
        assert_eq!(
            early,
            CertificateError::ExtendTooEarly {
                number: "9".into(),
                from: date!(2029 - 02 - 15)
            }
        );
        assert!(early.message_vi().contains("15/02/2029"));
        assert_eq!(
            extension_until("9", &l, date!(2029 - 02 - 15), note, None),
            Ok(date!(2029 - 12 - 12))
        );
        assert_eq!(
            extension_until("9", &l, date!(2029 - 12 - 12), note, None),
            Ok(date!(2029 - 12 - 12))
        );
        let late = extension_until("9", &l, date!(2029 - 12 - 13), note, None).unwrap_err();
        assert!(matches!(late, CertificateError::ExtendTooLate { .. }));
        // A chosen last day: after expiry, within 180 days.
        let on = date!(2029 - 07 - 01);
        assert_eq!(
            extension_until("9", &l, on, note, Some(date!(2029 - 09 - 30))),
            Ok(date!(2029 - 09 - 30))
        );
        for bad in [date!(2029 - 06 - 15), date!(2029 - 12 - 13)] {
            let e = extension_until("9", &l, on, note, Some(bad)).unwrap_err();
            assert_eq!(e.field(), Some("until"), "{bad}");
        }
        assert_eq!(
            extension_until("9", &l, on, " ", None).unwrap_err().field(),
            Some("note")
        );
        let revoked = Life { revoked: true, ..l };
        assert!(matches!(
            extension_until("9", &revoked, on, "", None),
            Err(CertificateError::ExtendRevoked { .. })
        ));
        let superseded = Life {
            superseded: true,
            ..l
        };
        assert!(matches!(
            extension_until("9", &superseded, on, note, None),
            Err(CertificateError::ExtendSuperseded { .. })
        ));
    }

    #[test]
    fn only_a_newer_certificate_of_the_same_product_replaces_one_in_force() {
        let old = Replaceable {
            id: "a",
            number: "001",
            issue_date: date!(2026 - 06 - 15),
            product_id: Some("p"),
            revoked: false,
            superseded_by: None,
        };
        let new = Replaceable {
            id: "b",
            number: "002",
            issue_date: date!(2027 - 03 - 01),
            ..old.clone()
        };
        assert_eq!(check_replacement(&old, &new), Ok(()));
        // Same day is fine (a batch may hold two certificates of one product).
        let same_day = Replaceable {
            issue_date: old.issue_date,
            ..new.clone()
        };
        assert_eq!(check_replacement(&old, &same_day), Ok(()));
        // A certificate without a product in the database may replace one.
        let external = Replaceable {
            product_id: None,
            ..new.clone()
        };
        assert_eq!(check_replacement(&old, &external), Ok(()));
        let cases: Vec<(Replaceable, Replaceable, &str)> = vec![
            (old.clone(), old.clone(), "ReplacedBySelf"),
            (
                Replaceable {
                    revoked: true,
                    ..old.clone()
                },
                new.clone(),
                "ReplaceRevoked",
            ),
            (
                Replaceable {
                    superseded_by: Some("003"),
                    ..old.clone()
                },
                new.clone(),
                "AlreadyReplaced",
            ),
            (
                old.clone(),
                Replaceable {
                    revoked: true,
                    ..new.clone()
                },
                "ReplacementRevoked",
            ),
            (new.clone(), old.clone(), "ReplacementOlder"),
            (
                old.clone(),
                Replaceable {
                    product_id: Some("q"),
                    ..new.clone()
                },
                "ReplacementOtherProduct",
            ),
        ];
        for (older, newer, expected) in cases {
            let e = check_replacement(&older, &newer).unwrap_err();
            assert!(format!("{e:?}").starts_with(expected), "{e:?}");
            assert_eq!(e.field(), None);
            assert!(!e.message_vi().is_empty());
        }
    }
}
