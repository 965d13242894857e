//! Batch printing of certificates: one combined PDF, or one file per certificate in a folder,
//! with progress and cancellation. Every file is written to a temporary name in the same folder
//! and renamed when complete, so a cancelled or failed run leaves no half-written file.

use crate::certificate::{render_certificates_observed, render_certificates_with};
use crate::error::PdfError;
use crate::types::{CertificateDoc, RenderOptions};
use qrcode::{Color, EcLevel, QrCode};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Where a batch goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", content = "path", rename_all = "snake_case")]
pub enum BatchMode {
    /// One PDF with one page per certificate, written to this file.
    Combined(PathBuf),
    /// One PDF per certificate, named after its number, written into this folder.
    PerFile(PathBuf),
}

/// Progress of a batch: `done` of `total` certificates laid out or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchProgress {
    /// Certificates done.
    pub done: usize,
    /// Certificates in the batch.
    pub total: usize,
}

/// What a finished batch wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    /// The files written, complete (one for a combined PDF).
    pub files: Vec<PathBuf>,
    /// Bytes written in all.
    pub bytes: u64,
}

/// A QR symbol as a square of modules (`true` = dark), as printed on the certificate, for an
/// on-screen preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrModules {
    /// Modules per side.
    pub width: usize,
    /// Row-major, `width * width` modules.
    pub dark: Vec<bool>,
}

/// The modules of the QR code the certificate prints for `text` (error correction M).
pub fn qr_modules(text: &str) -> Result<QrModules, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    Ok(QrModules {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

/// A file name for a certificate number: `015/GCN-OCOP-2026` → `015-GCN-OCOP-2026.pdf`.
pub(crate) fn file_name(number: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut name = String::new();
    for c in number.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        };
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches(['-', '.']).to_string();
    if name.is_empty() {
        "giay-chung-nhan.pdf".into()
    } else {
        format!("{name}.pdf")
    }
}

/// Writes `bytes` to `target` via `.<name>.part` in the same folder, then renames.
fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    use std::io::Write;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.pdf".into());
    let tmp = dir.join(format!(".{name}.part"));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result?)
}

/// Prints `docs` as `mode` says. `progress` is called as certificates are done (for a combined
/// PDF: as pages are laid out, from the layout threads); once `cancel` is set the run stops with
/// [`PdfError::Cancelled`]. Files already complete in per-file mode stay; nothing is ever left
/// half-written. Two certificates with numbers giving the same file name get `-2`, `-3`, …
pub fn print_certificates(
    docs: &[CertificateDoc],
    mode: &BatchMode,
    opts: &RenderOptions,
    progress: &(dyn Fn(BatchProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<BatchReport, PdfError> {
    if docs.is_empty() {
        return Err(PdfError::Empty);
    }
    let total = docs.len();
    match mode {
        BatchMode::Combined(path) => {
            let done = AtomicUsize::new(0);
            let on_page = || {
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(BatchProgress { done: d, total });
            };
            let bytes = render_certificates_observed(docs, opts, &on_page, Some(cancel))?;
            if cancel.load(Ordering::Relaxed) {
                return Err(PdfError::Cancelled);
            }
            write_atomic(path, &bytes)?;
            Ok(BatchReport {
                files: vec![path.clone()],
                bytes: bytes.len() as u64,
            })
        }
        BatchMode::PerFile(dir) => {
            std::fs::create_dir_all(dir)?;
            let mut used = std::collections::HashSet::new();
            let mut report = BatchReport {
                files: Vec::with_capacity(total),
                bytes: 0,
            };
            for (i, doc) in docs.iter().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return Err(PdfError::Cancelled);
                }
                let bytes = render_certificates_with(std::slice::from_ref(doc), opts)?;
                let base = file_name(&doc.number);
                let mut name = base.clone();
                let mut n = 2;
                while !used.insert(name.clone()) {
                    name = format!("{}-{n}.pdf", base.trim_end_matches(".pdf"));
                    n += 1;
                }
                let path = dir.join(name);
                write_atomic(&path, &bytes)?;
                report.bytes += bytes.len() as u64;
                report.files.push(path);
                progress(BatchProgress { done: i + 1, total });
            }
            Ok(report)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_numbers() {
        assert_eq!(file_name("015/GCN-OCOP-2026"), "015-GCN-OCOP-2026.pdf");
        assert_eq!(file_name("12/GCN-ĐB/2026"), "12-GCN-DB-2026.pdf");
        assert_eq!(file_name("///"), "giay-chung-nhan.pdf");
    }

    #[test]
    fn qr_modules_are_square() {
        let q = qr_modules("OC1:ABC").unwrap();
        assert_eq!(q.dark.len(), q.width * q.width);
        assert!(q.dark.iter().any(|d| *d) && q.dark.iter().any(|d| !*d));
    }
}
