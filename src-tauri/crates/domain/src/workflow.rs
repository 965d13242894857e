//! The dossier workflow (26/2026 Art. 7): the steps a dossier goes through, which step may
//! follow which, and the dossier status each step leaves behind. A dossier's status is derived
//! from its recorded steps ([`History`]). Pure rules; the store records the steps and applies
//! these checks.
//!
//! ```
//! use ocop_domain::workflow::{allowed_next, status_after};
//! assert!(allowed_next(Some("commune_review"), None).contains(&"province_intake"));
//! assert!(!allowed_next(Some("submitted"), None).contains(&"province_intake"));
//! assert_eq!(status_after("submitted"), "filed");
//! ```

use crate::validate::Errors;
use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Every step, in the order of the procedure.
pub const STEPS: [&str; 7] = [
    "submitted",
    "commune_review",
    "province_intake",
    "returned",
    "advisory_review",
    "on_agenda",
    "result",
];

/// The Vietnamese name of a step, as printed in the history.
pub fn step_label_vi(step: &str) -> &'static str {
    match step {
        "submitted" => "Nộp hồ sơ cho UBND xã",
        "commune_review" => "UBND xã đánh giá (Mẫu 03)",
        "province_intake" => "Tỉnh tiếp nhận hồ sơ",
        "returned" => "Trả lại để bổ sung, hoàn thiện",
        "advisory_review" => "Tổ tư vấn xem xét",
        "on_agenda" => "Đưa vào phiên họp Hội đồng",
        "result" => "Kết quả đánh giá, phân hạng",
        _ => "Bước không xác định",
    }
}

/// The Vietnamese name of a dossier status, as printed.
pub fn status_label_vi(status: &str) -> &'static str {
    match status {
        "draft" => "Nháp",
        "filed" => "Đã nộp tại xã",
        "commune_review" => "Xã đã đánh giá (Mẫu 03)",
        "returned" => "Trả lại để bổ sung",
        "proposed" => "Đã đề xuất lên tỉnh",
        "province_intake" => "Tỉnh đã tiếp nhận",
        "advisory_review" => "Tổ tư vấn đang xem xét",
        "on_agenda" => "Đã đưa vào phiên họp Hội đồng",
        "result" => "Đã có kết quả đánh giá",
        _ => "Không xác định",
    }
}

/// The Vietnamese name of a dossier type (Form 01, item 4).
pub fn dossier_type_label_vi(dossier_type: &str) -> &'static str {
    match dossier_type {
        "lan_dau" => "Đánh giá lần đầu",
        "nang_hang" => "Nâng hạng",
        "danh_gia_lai" => "Đánh giá lại",
        _ => "Không xác định",
    }
}

/// The dossier status a step leaves behind (`docs/IPC.md` "Dossier statuses").
pub fn status_after(step: &str) -> &'static str {
    match step {
        "submitted" => "filed",
        "commune_review" => "commune_review",
        "province_intake" => "province_intake",
        "returned" => "returned",
        "advisory_review" => "advisory_review",
        "on_agenda" => "on_agenda",
        "result" => "result",
        _ => "draft",
    }
}

/// The step a dossier is at when no step is recorded yet, read from its status (dossiers typed in
/// before the workflow existed, or by hand). `None` for a draft.
pub fn implied_step(status: &str) -> Option<&'static str> {
    match status {
        "filed" => Some("submitted"),
        "commune_review" | "proposed" => Some("commune_review"),
        "returned" => Some("returned"),
        "province_intake" => Some("province_intake"),
        "advisory_review" => Some("advisory_review"),
        "on_agenda" => Some("on_agenda"),
        "result" => Some("result"),
        _ => None,
    }
}

/// A dossier's recorded history as the status rules read it: the status typed on Form 01 before
/// any step was recorded (`entered`; empty reads as `draft`) and the live steps, oldest first.
/// The dossier's status, the status around each step and the steps that may come next are all
/// derived from it; the store keeps `dossiers.status` only as a cache of [`History::status`].
///
/// ```
/// use ocop_domain::workflow::History;
/// let h = History::new("filed", &["commune_review", "returned"]);
/// assert_eq!(h.status(), "returned");
/// assert_eq!(h.next_steps(), ["submitted", "commune_review"]);
/// assert_eq!(History::new("filed", &[] as &[&str]).status(), "filed");
/// assert_eq!(History::new("", &[] as &[&str]).status(), "draft");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct History<'a, S> {
    entered: &'a str,
    steps: &'a [S],
}

impl<'a, S: AsRef<str>> History<'a, S> {
    /// The history of a dossier whose status was typed as `entered` and whose live steps, oldest
    /// first, are `steps`.
    pub fn new(entered: &'a str, steps: &'a [S]) -> Self {
        Self { entered, steps }
    }

    /// The status typed on Form 01, `draft` when empty.
    fn entered(&self) -> &'a str {
        if self.entered.is_empty() {
            "draft"
        } else {
            self.entered
        }
    }

    /// The dossier's status: the one the latest step leaves ([`status_after`]), or the typed
    /// one while no step is recorded.
    pub fn status(&self) -> &'a str {
        match self.steps.last() {
            Some(s) => status_after(s.as_ref()),
            None => self.entered(),
        }
    }

    /// The typed status to keep when Form 01 is saved with `typed` (empty: none sent). While no
    /// step is recorded the typed status is the status, so `typed` replaces it (`draft` when
    /// empty). Once steps are recorded they decide the status: the typed one stays as it was,
    /// and a `typed` other than the derived status is refused with that status (`Err`).
    ///
    /// ```
    /// use ocop_domain::workflow::History;
    /// assert_eq!(History::new("filed", &[] as &[&str]).retype("proposed"), Ok("proposed"));
    /// let h = History::new("filed", &["commune_review"]);
    /// assert_eq!(h.retype("commune_review"), Ok("filed"));
    /// assert_eq!(h.retype(""), Ok("filed"));
    /// assert_eq!(h.retype("result"), Err("commune_review"));
    /// ```
    pub fn retype<'t>(&self, typed: &'t str) -> Result<&'t str, &'a str>
    where
        'a: 't,
    {
        match (self.steps.is_empty(), typed) {
            (true, "") => Ok("draft"),
            (true, t) => Ok(t),
            (false, "") => Ok(self.entered),
            (false, t) if t == self.status() => Ok(self.entered),
            (false, _) => Err(self.status()),
        }
    }

    /// The status before and after each step, oldest first.
    pub fn statuses(&self) -> Vec<(&'a str, &'static str)> {
        let mut before = self.entered();
        self.steps
            .iter()
            .map(|s| {
                let after = status_after(s.as_ref());
                let pair = (before, after);
                before = after;
                pair
            })
            .collect()
    }

    /// The step the dossier is at: the latest recorded one, else the one its typed status
    /// implies ([`implied_step`]); `None` for a draft.
    pub fn current_step(&self) -> Option<&'a str> {
        match self.steps.last() {
            Some(s) => STEPS.iter().copied().find(|k| *k == s.as_ref()),
            None => implied_step(self.entered),
        }
    }

    /// The steps that may be recorded next ([`allowed_next`]). A history with no recorded step
    /// may always start from the submission, even for a dossier whose status was typed by hand.
    pub fn next_steps(&self) -> Vec<&'static str> {
        let current = self.current_step();
        let before_return = match current {
            Some("returned") => self
                .steps
                .iter()
                .rposition(|s| s.as_ref() == "returned")
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| STEPS.iter().copied().find(|k| *k == self.steps[i].as_ref())),
            _ => None,
        };
        let mut allowed = allowed_next(current, before_return).to_vec();
        if self.steps.is_empty() && !allowed.contains(&"submitted") {
            allowed.insert(0, "submitted");
        }
        allowed
    }
}

/// The steps that may follow `last` (`None`: nothing recorded, a draft). For `returned`,
/// `before_return` is the step the dossier was returned from: a dossier returned by the commune
/// goes back to the commune, one returned by the province goes back to the province; when it is
/// unknown, both are allowed.
pub fn allowed_next(last: Option<&str>, before_return: Option<&str>) -> &'static [&'static str] {
    match last {
        None => &["submitted"],
        Some("submitted") => &["commune_review", "returned"],
        Some("commune_review") => &["province_intake", "returned"],
        Some("province_intake") => &["advisory_review", "on_agenda", "returned"],
        Some("advisory_review") => &["advisory_review", "on_agenda", "returned"],
        Some("on_agenda") => &["on_agenda", "result"],
        Some("result") => &["result"],
        Some("returned") => match before_return {
            Some("submitted") | Some("commune_review") => &["submitted", "commune_review"],
            Some("province_intake") | Some("advisory_review") => &["province_intake"],
            _ => &["submitted", "commune_review", "province_intake"],
        },
        Some(_) => &[],
    }
}

/// What a person types to record a step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepInput {
    /// One of [`STEPS`].
    pub step: String,
    /// The day it happened, `yyyy-mm-dd`.
    pub date: String,
    /// Who did it (name).
    pub person: String,
    /// Their role or agency, e.g. "Công chức UBND xã Tân Cương".
    pub role: Option<String>,
    /// A note; the reason for `returned` (required there).
    pub note: Option<String>,
    /// Structured details (a JSON object), e.g. for `advisory_review`:
    /// `{"field_visit": true, "photo_ids": ["…"], "lab_tests": ["…"]}`.
    pub details: serde_json::Value,
}

impl StepInput {
    /// Checks every field that needs no database: a known step, a date, a person, a reason for
    /// `returned`, details as an object.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        if !STEPS.contains(&self.step.as_str()) {
            e.add("step", "Vui lòng chọn bước xử lý hồ sơ.");
        }
        if self.date.trim().is_empty() {
            e.add("date", "Vui lòng nhập ngày thực hiện bước này.");
        } else {
            e.check("date", crate::validate::date(&self.date).map(|_| ()));
        }
        e.check(
            "person",
            crate::validate::required(&self.person, "người thực hiện"),
        );
        if self.step == "returned"
            && self
                .note
                .as_deref()
                .is_none_or(|n: &str| n.trim().is_empty())
        {
            e.add(
                "note",
                "Vui lòng ghi lý do trả lại hồ sơ (cần bổ sung, hoàn thiện gì).",
            );
        }
        if !(self.details.is_null() || self.details.is_object()) {
            e.add(
                "details",
                "Thông tin chi tiết của bước phải là một đối tượng.",
            );
        }
        e.into_vec()
    }
}

/// One recorded step of a dossier's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierStep {
    /// UUIDv7.
    pub id: String,
    /// The dossier.
    pub dossier_id: String,
    /// One of [`STEPS`].
    pub step: String,
    /// The day it happened, `yyyy-mm-dd`.
    pub date: String,
    /// Who did it.
    pub person: String,
    /// Their role or agency.
    pub role: Option<String>,
    /// Note (the reason for `returned`).
    pub note: Option<String>,
    /// Structured details (JSON object or null).
    pub details: serde_json::Value,
    /// The dossier status after this step (derived: [`status_after`] of the step).
    pub status: String,
    /// The dossier status this step replaced, the one the dossier gets back if the step is
    /// withdrawn (derived: [`History::statuses`]).
    pub status_before: String,
    /// Recorded at (RFC 3339 UTC).
    pub created_at: String,
    /// Updated at.
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returned_goes_back_to_where_it_came_from() {
        assert_eq!(
            allowed_next(Some("returned"), Some("province_intake")),
            &["province_intake"]
        );
        assert!(allowed_next(Some("returned"), Some("submitted")).contains(&"submitted"));
        assert!(!allowed_next(Some("returned"), Some("submitted")).contains(&"province_intake"));
    }

    #[test]
    fn every_step_has_a_status_and_a_label() {
        for s in STEPS {
            assert_ne!(status_after(s), "draft");
            assert_ne!(step_label_vi(s), "Bước không xác định");
            assert_eq!(implied_step(status_after(s)), Some(s));
            assert_ne!(status_label_vi(status_after(s)), "Không xác định");
        }
    }

    fn check_history(entered: &str, steps: &[&str], status: &str, next: &[&str]) {
        let h = History::new(entered, steps);
        assert_eq!(h.status(), status, "{entered} {steps:?}");
        assert_eq!(h.next_steps(), next, "{entered} {steps:?}");
    }

    #[test]
    fn the_status_follows_the_latest_step_or_the_typed_status() {
        check_history("", &[], "draft", &["submitted"]);
        check_history(
            "draft",
            &["submitted"],
            "filed",
            &["commune_review", "returned"],
        );
        check_history(
            "draft",
            &["submitted", "commune_review", "province_intake"],
            "province_intake",
            &["advisory_review", "on_agenda", "returned"],
        );
        // Typed by hand, nothing recorded: it continues from the implied step, or starts over.
        check_history(
            "filed",
            &[],
            "filed",
            &["submitted", "commune_review", "returned"],
        );
        check_history(
            "proposed",
            &[],
            "proposed",
            &["submitted", "province_intake", "returned"],
        );
        check_history(
            "province_intake",
            &["advisory_review", "on_agenda"],
            "on_agenda",
            &["on_agenda", "result"],
        );
        // A return goes back to where it came from.
        check_history(
            "draft",
            &["submitted", "commune_review", "province_intake", "returned"],
            "returned",
            &["province_intake"],
        );
        check_history(
            "draft",
            &["submitted", "returned"],
            "returned",
            &["submitted", "commune_review"],
        );
        // A return typed by hand: where it came from is unknown.
        check_history(
            "returned",
            &[],
            "returned",
            &["submitted", "commune_review", "province_intake"],
        );
    }

    #[test]
    fn statuses_around_each_step() {
        let h = History::new("filed", &["commune_review", "returned", "commune_review"]);
        assert_eq!(
            h.statuses(),
            [
                ("filed", "commune_review"),
                ("commune_review", "returned"),
                ("returned", "commune_review")
            ]
        );
        // Withdrawing the latest step gives back the status before it.
        let shorter = History::new("filed", &["commune_review", "returned"]);
        assert_eq!(shorter.status(), h.statuses()[2].0);
        assert_eq!(
            History::new("", &["submitted"]).statuses(),
            [("draft", "filed")]
        );
    }

    #[test]
    fn returned_needs_a_reason() {
        let s = StepInput {
            step: "returned".into(),
            date: "2026-03-02".into(),
            person: "A".into(),
            ..Default::default()
        };
        let errs = s.validate();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "note");
    }
}
