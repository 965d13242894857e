//! The local registry of issued certificates: `<data_dir>/keys/issued.jsonl`, append-only lines
//! `{code, qr_text}`, so a short code typed by hand can be verified like the QR it stands for.

use crate::fsutil::create_private_dir;
use crate::payload::{decode, Fields, Issued, ShortCode};
use crate::SealError;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of `issued.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryEntry {
    /// The short code.
    pub code: ShortCode,
    /// The full QR text.
    pub qr_text: String,
}

/// The append-only list of certificates issued from this data folder.
pub struct Registry {
    path: PathBuf,
}

impl Registry {
    /// Opens `<data_dir>/keys/issued.jsonl` (the file is created on the first record).
    pub fn open(data_dir: &Path) -> Result<Registry, SealError> {
        let dir = data_dir.join("keys");
        create_private_dir(&dir)?;
        Ok(Registry {
            path: dir.join("issued.jsonl"),
        })
    }

    /// The registry file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All entries, oldest first. A line that does not parse (an interrupted write can leave one
    /// at the end) is skipped.
    pub fn entries(&self) -> Result<Vec<RegistryEntry>, SealError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(SealError::io(&self.path, e)),
        };
        Ok(text
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect())
    }

    /// The QR text recorded for `code`.
    pub fn find_code(&self, code: &ShortCode) -> Result<Option<String>, SealError> {
        Ok(self
            .entries()?
            .into_iter()
            .find(|e| &e.code == code)
            .map(|e| e.qr_text))
    }

    /// The fields of every recorded certificate with this number (read from the QR texts,
    /// without verifying them).
    pub fn find_number(&self, number: &str) -> Result<Vec<Fields>, SealError> {
        let number = crate::keys::nfc(number.trim());
        Ok(self
            .entries()?
            .iter()
            .filter_map(|e| decode(&e.qr_text).ok())
            .map(|d| d.fields)
            .filter(|f| f.number == number)
            .collect())
    }

    /// Appends `issued`. Recording the same certificate again does nothing (reprints give the
    /// same QR). A number already issued by the same key with other contents is refused:
    /// numbers are never reused.
    pub fn record(&self, issued: &Issued) -> Result<(), SealError> {
        for entry in self.entries()? {
            if entry.qr_text == issued.qr_text {
                return Ok(());
            }
            if let Ok(old) = decode(&entry.qr_text) {
                if old.fields.number == issued.fields.number
                    && old.fields.key_id == issued.fields.key_id
                {
                    return Err(SealError::NumberReused {
                        number: issued.fields.number.clone(),
                    });
                }
            }
        }
        let line = serde_json::to_string(&RegistryEntry {
            code: issued.code,
            qr_text: issued.qr_text.clone(),
        })
        .expect("entry serialises");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| SealError::io(&self.path, e))?;
        file.write_all(format!("{line}\n").as_bytes())
            .map_err(|e| SealError::io(&self.path, e))?;
        file.sync_data().map_err(|e| SealError::io(&self.path, e))
    }
}
