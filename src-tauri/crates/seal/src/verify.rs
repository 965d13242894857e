//! Verification of a QR text, a short code or an image of a certificate.

use crate::dates::show;
use crate::keys::{Revocation, TrustStore};
use crate::payload::{decode, DecodeFailure, Fields};
use crate::SealError;
use serde::Serialize;
use std::path::Path;
use time::Date;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Genuine and valid today.
    Valid,
    /// Genuine, but past its valid-until date.
    Expired,
    /// Genuine, but revoked by a decision.
    Revoked,
    /// Not genuine: bad encoding, unknown key, failed signature, or any altered byte.
    Invalid,
}

/// The answer to "is this certificate genuine and valid?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The verdict.
    pub status: Status,
    /// What the certificate states; `None` when it is not genuine (unverified claims are
    /// never shown).
    pub fields: Option<Fields>,
    /// The issuing body's name, from the trusted key.
    pub issuer: Option<String>,
    /// A sentence in Vietnamese for a person.
    pub reason: String,
    /// The revocation, when revoked.
    pub revocation: Option<Revocation>,
}

impl Verification {
    /// A verdict of `Invalid` with `reason` (nothing of the certificate is shown).
    pub fn invalid(reason: impl Into<String>) -> Verification {
        Verification {
            status: Status::Invalid,
            fields: None,
            issuer: None,
            reason: reason.into(),
            revocation: None,
        }
    }
}

/// Verifies a QR text against the trusted keys and revocations of `trust`, as of `today`.
///
/// Order: encoding → key known → signature (strict Ed25519) → revoked → expired (a certificate
/// is valid through its valid-until day) → valid.
pub fn verify(text: &str, today: Date, trust: &impl TrustStore) -> Verification {
    let decoded = match decode(text) {
        Ok(d) => d,
        Err(DecodeFailure::Prefix) => {
            return Verification::invalid(
                "Không phải mã giấy chứng nhận OCOP: thiếu tiền tố OC1: (mã bị sửa hoặc không do OCOP Desk cấp)",
            )
        }
        Err(DecodeFailure::Base45 | DecodeFailure::Structure) => {
            return Verification::invalid("Mã QR bị hỏng hoặc đã bị sửa: nội dung không đúng định dạng")
        }
    };
    let fields = decoded.fields;
    let Some((key, issuer)) = trust.trusted_key(&fields.key_id) else {
        return Verification::invalid(format!(
            "Không xác thực được: khóa ký {} không thuộc cơ quan cấp nào trong danh sách tin cậy",
            fields.key_id
        ));
    };
    if key
        .verify_strict(&decoded.payload, &decoded.signature)
        .is_err()
    {
        return Verification::invalid(
            "Chữ ký số không hợp lệ: nội dung đã bị sửa hoặc không do cơ quan cấp ký",
        );
    }
    let _ = decoded.signature_bytes;
    if let Some(rev) = trust.revocation(&fields.number, &fields.key_id) {
        return Verification {
            status: Status::Revoked,
            reason: format!(
                "Giấy chứng nhận thật nhưng đã bị thu hồi theo Quyết định số {} ngày {} (điểm {} khoản 1 Điều 8: {})",
                rev.decision_number,
                show(rev.date),
                rev.ground.letter(),
                rev.ground.description()
            ),
            fields: Some(fields),
            issuer: Some(issuer),
            revocation: Some(rev),
        };
    }
    if fields.valid_until < today {
        return Verification {
            status: Status::Expired,
            reason: format!(
                "Giấy chứng nhận thật nhưng đã hết hiệu lực: hiệu lực đến hết ngày {}",
                show(fields.valid_until)
            ),
            fields: Some(fields),
            issuer: Some(issuer),
            revocation: None,
        };
    }
    Verification {
        status: Status::Valid,
        reason: format!(
            "Giấy chứng nhận thật, do {issuer} cấp, còn hiệu lực đến hết ngày {}",
            show(fields.valid_until)
        ),
        fields: Some(fields),
        issuer: Some(issuer),
        revocation: None,
    }
}

/// Reads every QR code in a PNG or JPEG image (e.g. a scan or photo of a certificate).
pub fn read_qr_texts(path: &Path) -> Result<Vec<String>, SealError> {
    let bytes = std::fs::read(path).map_err(|e| SealError::io(path, e))?;
    let image = image::load_from_memory(&bytes).map_err(|e| SealError::Image {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let gray = image.to_luma8();
    let found = decode_grids(gray.clone());
    if !found.is_empty() {
        return Ok(found);
    }
    // A small QR in a low-resolution scan (2.5 cm at 150 dpi is ~2.8 px per module) is
    // usually missed at its own size. Enlarged, then cut to black and white at the page's own
    // Otsu threshold, its module edges are found again: over 81 random certificates scanned
    // at 150 dpi as JPEG, 2x + Otsu read every one, where the enlargement alone read 32.
    // The other passes are kept for photos with uneven light, where one global threshold fails.
    use image::imageops::FilterType::{CatmullRom, Triangle};
    for (factor, filter, binarise) in [
        (2u32, Triangle, true),
        (2, CatmullRom, false),
        (3, CatmullRom, true),
    ] {
        let (w, h) = (gray.width() * factor, gray.height() * factor);
        if (w as u64) * (h as u64) > 120_000_000 {
            break;
        }
        let mut larger = image::imageops::resize(&gray, w, h, filter);
        if binarise {
            let t = otsu_threshold(&larger);
            for p in larger.pixels_mut() {
                p.0[0] = if p.0[0] > t { 255 } else { 0 };
            }
        }
        let found = decode_grids(larger);
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Ok(Vec::new())
}

/// The grey level that best splits the image into ink and paper (Otsu's method).
fn otsu_threshold(gray: &image::GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for p in gray.pixels() {
        histogram[p.0[0] as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum: f64 = histogram
        .iter()
        .enumerate()
        .map(|(level, count)| level as f64 * *count as f64)
        .sum();
    let (mut sum_below, mut below) = (0f64, 0u64);
    let (mut best_variance, mut threshold) = (0f64, 127u8);
    for (level, &count) in histogram.iter().enumerate() {
        below += count;
        if below == 0 {
            continue;
        }
        let above = total - below;
        if above == 0 {
            break;
        }
        sum_below += level as f64 * count as f64;
        let mean_below = sum_below / below as f64;
        let mean_above = (sum - sum_below) / above as f64;
        let variance = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if variance > best_variance {
            best_variance = variance;
            threshold = level as u8;
        }
    }
    threshold
}

fn decode_grids(gray: image::GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(gray);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

/// Decodes the QR code in a PNG/JPEG image and verifies it. An image in which no certificate
/// QR can be read is `Invalid` with a reason saying so; an unreadable file is an error.
pub fn verify_image(
    path: &Path,
    today: Date,
    trust: &impl TrustStore,
) -> Result<Verification, SealError> {
    let texts = read_qr_texts(path)?;
    let ours = texts
        .iter()
        .find(|t| t.trim_start().starts_with(crate::PREFIX))
        .or(texts.first());
    match ours {
        Some(text) => Ok(verify(text, today, trust)),
        None => Ok(Verification::invalid(
            "Không đọc được mã QR nào trong ảnh; hãy chụp/quét rõ hơn",
        )),
    }
}
