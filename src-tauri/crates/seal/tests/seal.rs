//! Integration tests of ocop-seal: real key files, real QR images, every altered byte.

use ocop_seal::*;
use std::path::Path;
use time::macros::date;
use time::Date;

/// A realistic certificate: Vietnamese names with tone marks, given in NFD to check normalising.
fn claims(number: &str) -> Claims {
    use unicode_normalization::UnicodeNormalization;
    Claims {
        number: number.into(),
        product: "Chè xanh Tân Cương đặc biệt".nfd().collect(),
        producer: "HTX Chè Hảo Đạt".into(),
        star: 4,
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: date!(2026 - 06 - 15),
        valid_until: valid_until(date!(2026 - 06 - 15)),
        result_hash: result_hash(b"locked result 42"),
    }
}

const TODAY: Date = date!(2026 - 11 - 29);

fn issuer(dir: &Path) -> KeyStore {
    KeyStore::open(dir).unwrap()
}

/// Signs `claims` with the key of `issuer_id` (created on first use). Recording what was
/// signed is the database's business (`ocop-store`), not this crate's.
fn issue(
    keys: &mut KeyStore,
    issuer_id: &str,
    issuer_name: &str,
    claims: &Claims,
) -> Result<Issued, SealError> {
    let key = keys.signing_key(issuer_id, issuer_name)?;
    sign(claims, &key)
}

/// The keys alone, with no revocation.
fn trust(keys: &KeyStore) -> Trust<'_> {
    keys.with_revocations(&[])
}

#[test]
fn round_trip_gives_valid_with_the_signed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let issued = issue(
        &mut keys,
        "thai-nguyen",
        "UBND TỈNH THÁI NGUYÊN",
        &claims("TN-2026-0001"),
    )
    .unwrap();
    let v = verify(&issued.qr_text, TODAY, &trust(&keys));
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    let f = v.fields.unwrap();
    assert_eq!(f, issued.fields);
    assert_eq!(f.product, "Chè xanh Tân Cương đặc biệt"); // NFC
    assert_eq!(f.valid_until, date!(2029 - 06 - 15));
    assert_eq!(f.key_id, keys.existing_key("thai-nguyen").unwrap().key_id);
    assert_eq!(v.issuer.as_deref(), Some("UBND TỈNH THÁI NGUYÊN"));
    assert!(v.reason.contains("15/06/2029"), "{}", v.reason);
    // Reopening the data folder verifies the same way.
    let reopened = KeyStore::open(dir.path()).unwrap();
    assert_eq!(
        verify(&issued.qr_text, TODAY, &trust(&reopened)).status,
        Status::Valid
    );
}

#[test]
fn signing_is_deterministic_so_reprints_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let a = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0002")).unwrap();
    let b = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0002")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn every_single_character_change_of_the_qr_text_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let text = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0004"))
        .unwrap()
        .qr_text;
    let alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcz"
        .chars()
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let mut tried = 0;
    for i in 0..chars.len() {
        for &c in &alphabet {
            if c == chars[i] {
                continue;
            }
            let mut altered = chars.clone();
            altered[i] = c;
            let altered: String = altered.into_iter().collect();
            let v = verify(&altered, TODAY, &trust(&keys));
            assert_eq!(
                v.status,
                Status::Invalid,
                "position {i} → {c:?} was accepted: {altered}"
            );
            assert!(v.fields.is_none());
            tried += 1;
        }
    }
    assert!(tried > 10_000, "{tried}");
}

#[test]
fn every_single_byte_change_of_the_decoded_bytes_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let text = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0005"))
        .unwrap()
        .qr_text;
    let bytes = base45::decode(text.strip_prefix(PREFIX).unwrap()).unwrap();
    for i in 0..bytes.len() {
        for delta in [0x01u8, 0x02, 0x10, 0x20, 0x80, 0xff] {
            let mut altered = bytes.clone();
            altered[i] ^= delta;
            let altered = format!("{PREFIX}{}", base45::encode(&altered));
            let v = verify(&altered, TODAY, &trust(&keys));
            assert_eq!(
                v.status,
                Status::Invalid,
                "byte {i} ^ {delta:#x} was accepted"
            );
        }
    }
    // Truncated and extended forms too.
    for cut in [1, 2, 64, bytes.len() - 1] {
        let altered = format!("{PREFIX}{}", base45::encode(&bytes[..bytes.len() - cut]));
        assert_eq!(
            verify(&altered, TODAY, &trust(&keys)).status,
            Status::Invalid
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        verify(
            &format!("{PREFIX}{}", base45::encode(&longer)),
            TODAY,
            &trust(&keys)
        )
        .status,
        Status::Invalid
    );
}

#[test]
fn a_key_not_trusted_here_is_invalid_until_imported() {
    let issuer_dir = tempfile::tempdir().unwrap();
    let verifier_dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(issuer_dir.path());
    let text = issue(
        &mut keys,
        "ha-giang",
        "UBND TỈNH HÀ GIANG",
        &claims("HG-2026-0001"),
    )
    .unwrap()
    .qr_text;
    let mut verifier = KeyStore::open(verifier_dir.path()).unwrap();
    // The verifier has a key of its own with the same issuer id: still not the signer.
    verifier
        .signing_key("ha-giang", "UBND TỈNH HÀ GIANG")
        .unwrap();
    let v = verify(&text, TODAY, &trust(&verifier));
    assert_eq!(v.status, Status::Invalid);
    assert!(v.reason.contains("khóa ký"), "{}", v.reason);

    verifier
        .trust(keys.export_public("ha-giang").unwrap())
        .unwrap();
    let v = verify(&text, TODAY, &trust(&verifier));
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    assert_eq!(v.issuer.as_deref(), Some("UBND TỈNH HÀ GIANG"));
}

#[test]
fn a_valid_signature_from_another_key_under_the_same_key_id_is_invalid() {
    // Re-sign the payload with a different key but keep the key id: the signature must fail.
    let dir = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let mut other = issuer(other_dir.path());
    let real = keys.signing_key("thai-nguyen", "X").unwrap();
    let mut forger = other.signing_key("thai-nguyen", "X").unwrap();
    forger.key_id = real.key_id;
    let forged = sign(&claims("TN-2026-0006"), &forger).unwrap();
    let v = verify(&forged.qr_text, TODAY, &trust(&keys));
    assert_eq!(v.status, Status::Invalid);
    assert!(v.reason.contains("Chữ ký"), "{}", v.reason);
}

#[test]
fn revoked_reports_the_decision_from_the_list_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let issued = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0007")).unwrap();
    let revocation = Revocation {
        certificate_number: "TN-2026-0007".into(),
        key_id: issued.fields.key_id,
        decision_number: "88/QĐ-UBND".into(),
        date: date!(2026 - 10 - 01),
        ground: "đ".parse().unwrap(),
    };
    let list = [revocation.clone()];
    let v = verify(&issued.qr_text, TODAY, &keys.with_revocations(&list));
    assert_eq!(v.status, Status::Revoked);
    assert_eq!(v.revocation, Some(revocation.clone()));
    assert!(
        v.reason.contains("88/QĐ-UBND") && v.reason.contains("01/10/2026"),
        "{}",
        v.reason
    );
    assert!(v.fields.is_some());
    // Another certificate is untouched, and so is the same number signed by another key.
    let fine = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0008")).unwrap();
    let trust_list = keys.with_revocations(&list);
    assert_eq!(
        verify(&fine.qr_text, TODAY, &trust_list).status,
        Status::Valid
    );
    let other = issue(&mut keys, "ha-giang", "Y", &claims("TN-2026-0007")).unwrap();
    let trust_list = keys.with_revocations(&list);
    assert_eq!(
        verify(&other.qr_text, TODAY, &trust_list).status,
        Status::Valid
    );
    // The seal keeps no revocation file of its own.
    assert!(!dir.path().join("keys/revocations.json").exists());
    assert_eq!(
        serde_json::to_value(&revocation).unwrap()["ground"],
        serde_json::json!("đ")
    );
}

#[test]
fn expired_after_the_valid_until_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let mut c = claims("TN-2024-0001");
    c.decision_date = date!(2024 - 02 - 29);
    c.valid_until = valid_until(date!(2024 - 02 - 29));
    assert_eq!(c.valid_until, date!(2027 - 02 - 28));
    let text = issue(&mut keys, "thai-nguyen", "X", &c).unwrap().qr_text;
    assert_eq!(
        verify(&text, date!(2027 - 02 - 28), &trust(&keys)).status,
        Status::Valid
    );
    let v = verify(&text, date!(2027 - 03 - 01), &trust(&keys));
    assert_eq!(v.status, Status::Expired);
    assert!(v.reason.contains("28/02/2027"), "{}", v.reason);
}

#[test]
fn bad_claims_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let key = keys.signing_key("thai-nguyen", "X").unwrap();
    let mut c = claims("TN-2026-0010");
    c.star = 6;
    assert!(matches!(
        sign(&c, &key),
        Err(SealError::BadField { field: "star", .. })
    ));
    let mut c = claims("TN-2026-0010");
    c.product = "  ".into();
    assert!(matches!(
        sign(&c, &key),
        Err(SealError::BadField {
            field: "product",
            ..
        })
    ));
}

/// A realistic certificate's QR text stays short enough for a small QR, and deflate does not
/// make it shorter (which is why the format does not use it).
#[test]
fn qr_text_length_for_a_realistic_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let key = keys
        .signing_key("thai-nguyen", "UBND TỈNH THÁI NGUYÊN")
        .unwrap();
    let c = Claims {
        number: "TN-2026-0123".into(),
        product: "Chè Tân Cương Thái Nguyên".into(),
        producer: "HTX Chè Hảo Đạt".into(),
        ..claims("x")
    };
    let issued = sign(&c, &key).unwrap();
    let bytes = base45::decode(issued.qr_text.strip_prefix(PREFIX).unwrap()).unwrap();
    let deflated = miniz_oxide::deflate::compress_to_vec(&bytes, 10);
    let qr =
        qrcode::QrCode::with_error_correction_level(&issued.qr_text, qrcode::EcLevel::M).unwrap();
    println!(
        "qr_text {} chars, {} signed bytes, deflated {} bytes, QR version {:?} ({} modules)",
        issued.qr_text.len(),
        bytes.len(),
        deflated.len(),
        qr.version(),
        qr.width()
    );
    assert!(
        deflated.len() >= bytes.len() - 4,
        "deflate would help: {} → {}",
        bytes.len(),
        deflated.len()
    );
    assert!(issued.qr_text.len() < 300, "{}", issued.qr_text.len());
}

/// Renders the QR like a 150-dpi scan of a 2.5 cm print (≈148 px wide), with a margin, as PNG
/// and as JPEG, and reads it back.
#[test]
fn verify_image_reads_a_rendered_qr_png_and_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let issued = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0011")).unwrap();
    let code =
        qrcode::QrCode::with_error_correction_level(&issued.qr_text, qrcode::EcLevel::M).unwrap();
    // 2.5 cm at 150 dpi ≈ 148 px; modules are whole pixels, so pick the size nearest that.
    let module_px = (148 / (code.width() as u32 + 8)).max(2);
    let qr = code
        .render::<image::Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(module_px, module_px)
        .build();
    let mut page =
        image::GrayImage::from_pixel(qr.width() + 200, qr.height() + 120, image::Luma([255]));
    image::imageops::overlay(&mut page, &qr, 120, 40);
    let png = dir.path().join("scan.png");
    page.save(&png).unwrap();
    let v = verify_image(&png, TODAY, &trust(&keys)).unwrap();
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    assert_eq!(v.fields.unwrap().number, "TN-2026-0011");

    let jpg = dir.path().join("scan.jpg");
    page.save(&jpg).unwrap();
    assert_eq!(
        verify_image(&jpg, TODAY, &trust(&keys)).unwrap().status,
        Status::Valid
    );

    // A blank image: judged invalid, with a reason.
    let blank = dir.path().join("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([255]))
        .save(&blank)
        .unwrap();
    let v = verify_image(&blank, TODAY, &trust(&keys)).unwrap();
    assert_eq!(v.status, Status::Invalid);
    assert!(v.reason.contains("QR"), "{}", v.reason);
    // Not an image: an error.
    let text = dir.path().join("not.png");
    std::fs::write(&text, b"hello").unwrap();
    assert!(matches!(
        verify_image(&text, TODAY, &trust(&keys)),
        Err(SealError::Image { .. })
    ));
}

/// A whole A4-landscape page scanned at 150 dpi with the QR printed 2.5 cm wide: the QR is
/// resampled to ~148 px (≈2.3 px per module, not a whole number), as a scanner does.
#[test]
fn verify_image_reads_a_2_5_cm_qr_on_a_150_dpi_page_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = issuer(dir.path());
    let issued = issue(&mut keys, "thai-nguyen", "X", &claims("TN-2026-0012")).unwrap();
    let code =
        qrcode::QrCode::with_error_correction_level(&issued.qr_text, qrcode::EcLevel::M).unwrap();
    let sharp = code
        .render::<image::Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(10, 10)
        .build();
    let side = (2.5 / 2.54 * 150.0_f64).round() as u32; // 148 px
    let qr = image::imageops::resize(&sharp, side, side, image::imageops::FilterType::Triangle);
    let (page_w, page_h) = ((29.7 / 2.54 * 150.0) as u32, (21.0 / 2.54 * 150.0) as u32);
    let mut page = image::GrayImage::from_pixel(page_w, page_h, image::Luma([250]));
    image::imageops::overlay(&mut page, &qr, 100, i64::from(page_h - side - 120));
    let png = dir.path().join("page-150dpi.png");
    page.save(&png).unwrap();
    let v = verify_image(&png, TODAY, &trust(&keys)).unwrap();
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    assert_eq!(v.fields.unwrap().number, "TN-2026-0012");
}
