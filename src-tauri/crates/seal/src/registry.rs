//! The local registry of issued certificates: `<data_dir>/keys/issued.jsonl`, append-only lines
//! `{code, qr_text}`, so a short code typed by hand can be verified like the QR it stands for.

use crate::fsutil::create_private_dir;
use crate::keys::KeyId;
use crate::payload::{decode, Fields, Issued, ShortCode};
use crate::SealError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

    /// The numbers of every recorded certificate signed by `key_id` (read from the QR texts,
    /// without verifying them), to keep a numbering series clear of numbers already used.
    pub fn numbers_of(
        &self,
        key_id: &KeyId,
    ) -> Result<std::collections::HashSet<String>, SealError> {
        Ok(self
            .entries()?
            .iter()
            .filter_map(|e| decode(&e.qr_text).ok())
            .filter(|d| &d.fields.key_id == key_id)
            .map(|d| d.fields.number)
            .collect())
    }

    /// Appends `issued`. Recording the same certificate again does nothing (reprints give the
    /// same QR). A number already issued by the same key with other contents is refused:
    /// numbers are never reused.
    pub fn record(&self, issued: &Issued) -> Result<(), SealError> {
        self.record_all(std::slice::from_ref(issued))
    }

    /// Appends a batch in one write, with the checks of [`Registry::record`]; nothing is written
    /// when any certificate of the batch reuses a number.
    pub fn record_all(&self, batch: &[Issued]) -> Result<(), SealError> {
        let mut known: HashMap<(String, KeyId), String> = HashMap::new();
        for entry in self.entries()? {
            if let Ok(old) = decode(&entry.qr_text) {
                known.insert((old.fields.number, old.fields.key_id), entry.qr_text);
            }
        }
        let mut lines = String::new();
        for issued in batch {
            let key = (issued.fields.number.clone(), issued.fields.key_id);
            match known.get(&key) {
                Some(text) if text == &issued.qr_text => continue,
                Some(_) => {
                    return Err(SealError::NumberReused {
                        number: issued.fields.number.clone(),
                    })
                }
                None => {}
            }
            known.insert(key, issued.qr_text.clone());
            let entry = RegistryEntry {
                code: issued.code,
                qr_text: issued.qr_text.clone(),
            };
            lines.push_str(&serde_json::to_string(&entry).expect("entry serialises"));
            lines.push('\n');
        }
        if lines.is_empty() {
            return Ok(());
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| SealError::io(&self.path, e))?;
        file.write_all(lines.as_bytes())
            .map_err(|e| SealError::io(&self.path, e))?;
        file.sync_data().map_err(|e| SealError::io(&self.path, e))
    }
}
