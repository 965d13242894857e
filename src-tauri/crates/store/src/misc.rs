//! Device-local tables: drafts (half-filled forms that survive a crash) and settings. They never
//! leave the laptop, so they are not written to the change log.

use crate::{Result, Store, StoreError};
use ocop_domain::calendar::{default_holidays, HolidayChanges};
use ocop_domain::model::{Draft, Settings, SettingsPatch};

/// The holidays shipped with this version, `yyyy-mm-dd`.
fn shipped_holidays() -> Vec<String> {
    default_holidays().into_iter().map(|h| h.date).collect()
}

impl Store {
    /// `draft_put`: saves (replacing) the draft under `key`; returns `saved_at`.
    pub async fn draft_put(&self, key: &str, data: &serde_json::Value) -> Result<String> {
        if key.trim().is_empty() {
            return Err(StoreError::field("key", "Thiếu khóa của bản nháp."));
        }
        let now = self.now();
        sqlx::query(
            "INSERT INTO drafts (key, data, saved_at) VALUES (?, ?, ?) \
             ON CONFLICT (key) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
        )
        .bind(key)
        .bind(data.to_string())
        .bind(&now)
        .execute(self.pool())
        .await?;
        Ok(now)
    }

    /// `draft_get`.
    pub async fn draft_get(&self, key: &str) -> Result<Option<Draft>> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT key, data, saved_at FROM drafts WHERE key = ?")
                .bind(key)
                .fetch_optional(self.pool())
                .await?;
        row.map(|(key, data, saved_at)| {
            Ok(Draft {
                key,
                data: serde_json::from_str(&data)?,
                saved_at,
            })
        })
        .transpose()
    }

    /// `draft_discard`.
    pub async fn draft_discard(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM drafts WHERE key = ?")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// `settings_get`: the locale (default `vi`), the holidays in force (the shipped list,
    /// `data/calendar/vn-holidays.json`, with the officer's changes) and the issuing body
    /// (default none: the bundled one).
    pub async fn settings_get(&self) -> Result<Settings> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(self.pool())
            .await?;
        let shipped = shipped_holidays();
        let mut s = Settings {
            locale: "vi".into(),
            holidays: shipped.clone(),
            issuer_id: None,
        };
        let mut changes: Option<HolidayChanges> = None;
        for (k, v) in rows {
            match k.as_str() {
                "locale" => s.locale = serde_json::from_str(&v)?,
                // A whole list saved by an older version, until the next save turns it into
                // changes.
                "holidays" => s.holidays = serde_json::from_str(&v)?,
                "holiday_changes" => changes = Some(serde_json::from_str(&v)?),
                "issuer_id" => s.issuer_id = serde_json::from_str(&v)?,
                _ => {}
            }
        }
        if let Some(c) = changes {
            s.holidays = c.apply(&shipped);
        }
        Ok(s)
    }

    /// `settings_set`: validates then stores the given fields. The holiday list is stored as
    /// its changes to the shipped list ([`HolidayChanges`]).
    pub async fn settings_set(&self, patch: &SettingsPatch) -> Result<Settings> {
        let mut errors = vec![];
        if let Some(l) = &patch.locale {
            if l != "vi" && l != "en" {
                errors.push(ocop_domain::FieldError::new(
                    "locale",
                    "Ngôn ngữ là \"vi\" hoặc \"en\".",
                ));
            }
        }
        let mut holidays = patch.holidays.clone();
        if let Some(h) = &mut holidays {
            for d in h.iter() {
                if let Err(m) = ocop_domain::validate::date(d) {
                    errors.push(ocop_domain::FieldError::new(
                        "holidays",
                        format!("{d}: {m}"),
                    ));
                    break;
                }
            }
            h.sort();
            h.dedup();
        }
        // The issuing body must name an existing issuer; empty goes back to the bundled default.
        let issuer_id = patch.issuer_id.as_deref().map(str::trim);
        if let Some(id) = issuer_id.filter(|id| !id.is_empty()) {
            if let Err(e) = crate::CertificateIssuer::load(self.data_dir(), Some(id)) {
                let message = match e.fields().first() {
                    Some(f) => f.message.clone(),
                    None => e.to_string(),
                };
                errors.push(ocop_domain::FieldError::new("issuer_id", message));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }
        let mut tx = self.write_tx().await?;
        if issuer_id == Some("") {
            sqlx::query("DELETE FROM settings WHERE key = 'issuer_id'")
                .execute(&mut *tx)
                .await?;
        }
        let changes = holidays
            .as_ref()
            .map(|h| HolidayChanges::between(&shipped_holidays(), h));
        if changes.is_some() {
            sqlx::query("DELETE FROM settings WHERE key = 'holidays'")
                .execute(&mut *tx)
                .await?;
        }
        for (k, v) in [
            ("locale", patch.locale.as_ref().map(serde_json::to_string)),
            (
                "holiday_changes",
                changes.as_ref().map(serde_json::to_string),
            ),
            (
                "issuer_id",
                issuer_id
                    .filter(|id| !id.is_empty())
                    .map(serde_json::to_string),
            ),
        ] {
            if let Some(v) = v {
                sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
                    .bind(k)
                    .bind(v?)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        self.settings_get().await
    }

    /// Whether the first-start choice (empty or demo) is still to be made.
    pub async fn needs_setup(&self) -> Result<bool> {
        let done: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'setup_done'")
                .fetch_optional(self.pool())
                .await?;
        Ok(done.is_none())
    }

    /// Records that the first-start choice was made.
    pub async fn mark_setup_done(&self) -> Result<()> {
        sqlx::query("INSERT OR REPLACE INTO meta (key, value) VALUES ('setup_done', ?)")
            .bind(self.now())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
