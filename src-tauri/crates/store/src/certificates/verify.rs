//! Verification against the database: the keys of `<data_dir>/keys` (`ocop-seal`) with the
//! revocations this database knows (its own certificates' and those received from other
//! laptops), a short code looked up among the recorded certificates, and the extension and
//! replacement recorded here. The window, the CLI and every other caller verify through these
//! functions, so they give the same verdict.

use crate::{Result, Store};
use ocop_seal::{parse_iso, Date, KeyStore, ShortCode, Status, Verification};
use sqlx::Row;

impl Store {
    /// Verifies a QR text with the data folder's trusted keys and every revocation the
    /// database knows ([`Store::certificate_revocations`]), as of `today`. A genuine certificate
    /// past its valid-until date but extended here under Art. 12.3 is answered `valid`, with
    /// the extension in the reason; one replaced by a newer certificate is answered `expired`.
    pub async fn verify_certificate(&self, text: &str, today: Date) -> Result<Verification> {
        let keys = KeyStore::open(self.data_dir())?;
        let revocations = self.certificate_revocations().await?;
        let v = ocop_seal::verify(text, today, &keys.with_revocations(&revocations));
        let v = self.with_extension(v, today).await?;
        self.with_replacement(v, today).await
    }

    /// Verifies a short code typed by hand: the QR text of the recorded certificate with that
    /// code, verified as [`Store::verify_certificate`] does. A code recorded nowhere in this
    /// database is `invalid` (it was not issued or typed in here).
    pub async fn verify_certificate_code(
        &self,
        code: &ShortCode,
        today: Date,
    ) -> Result<Verification> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT qr_text FROM certificates WHERE short_code = ?")
                .bind(code.to_string())
                .fetch_optional(self.pool())
                .await?;
        match text {
            Some(text) => self.verify_certificate(&text, today).await,
            None => Ok(Verification::invalid(format!(
                "Không tìm thấy mã xác thực {code} trong sổ giấy chứng nhận đã cấp trên máy này"
            ))),
        }
    }

    /// A genuine certificate replaced by a newer one for the same product (issued on or before
    /// `today`) is no longer in force: `valid` becomes `expired` (the status set has no
    /// `superseded`, and `revoked` would claim a revocation decision that was never made), and
    /// the reason names the certificate and decision that replaced it. `revoked` and `invalid`
    /// are left as they are.
    async fn with_replacement(&self, mut v: Verification, today: Date) -> Result<Verification> {
        if !matches!(v.status, Status::Valid | Status::Expired) {
            return Ok(v);
        }
        let Some(fields) = &v.fields else {
            return Ok(v);
        };
        let newer = sqlx::query(
            "SELECT n.number, n.decision_number, n.decision_date, n.issue_date \
             FROM certificates c JOIN certificates n ON n.id = c.superseded_by \
             WHERE c.number = ? AND c.key_id = ? AND c.deleted_at IS NULL",
        )
        .bind(&fields.number)
        .bind(fields.key_id.to_string())
        .fetch_optional(self.pool())
        .await?;
        let Some(newer) = newer else {
            return Ok(v);
        };
        let since = parse_iso(newer.get::<&str, _>("issue_date"));
        if since.is_some_and(|d| today < d) {
            return Ok(v);
        }
        let decision_date = parse_iso(newer.get::<&str, _>("decision_date"))
            .map(ocop_seal::show_date)
            .unwrap_or_else(|| newer.get::<String, _>("decision_date"));
        v.status = Status::Expired;
        v.reason = format!(
            "Giấy chứng nhận thật nhưng không còn hiệu lực: đã được thay thế bởi giấy chứng nhận số {} (Quyết định số {} ngày {})",
            newer.get::<&str, _>("number"),
            newer.get::<&str, _>("decision_number"),
            decision_date
        );
        Ok(v)
    }

    async fn with_extension(&self, mut v: Verification, today: Date) -> Result<Verification> {
        if v.status != Status::Expired {
            return Ok(v);
        }
        let Some(fields) = &v.fields else {
            return Ok(v);
        };
        let until: Option<String> = sqlx::query_scalar(
            "SELECT extended_until FROM certificates WHERE number = ? AND key_id = ? \
             AND deleted_at IS NULL AND superseded_by IS NULL AND revocation_number IS NULL",
        )
        .bind(&fields.number)
        .bind(fields.key_id.to_string())
        .fetch_optional(self.pool())
        .await?
        .flatten();
        if let Some(until) = until.as_deref().and_then(parse_iso) {
            if today <= until {
                v.status = Status::Valid;
                v.reason = format!(
                    "Giấy chứng nhận thật; hết hạn ngày {} nhưng được kéo dài hiệu lực theo khoản 3 Điều 12 Quyết định 26/2026/QĐ-TTg đến khi có kết quả đánh giá lại, chậm nhất hết ngày {}",
                    ocop_seal::show_date(fields.valid_until),
                    ocop_seal::show_date(until)
                );
            }
        }
        Ok(v)
    }
}
