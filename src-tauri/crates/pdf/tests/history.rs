//! The dossier history ("Quá trình xử lý hồ sơ"): golden text through pdftotext, qpdf --check,
//! reproducible bytes, and a long history across pages.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite `golden/dossier-history.txt` after checking it by hand.

mod fixtures;

use fixtures::{created, nfd, TONES};
use ocop_pdf::{render_dossier_history_with, DossierHistoryDoc, HistoryStep, PdfError};
use std::path::Path;
use std::process::Command;

fn history() -> DossierHistoryDoc {
    let step = |date: &str, step: &str, person: &str, role: &str, note: &str| HistoryStep {
        date: date.into(),
        step: step.into(),
        person: person.into(),
        role: role.into(),
        note: note.into(),
    };
    DossierHistoryDoc {
        product: nfd("Chè xanh đặc sản Tân Cương"),
        product_code: "19-05812-3-2026".into(),
        producer: "Hợp tác xã Chè Tân Cương Hoàng Bình".into(),
        commune: "Tân Cương".into(),
        dossier_type: "Đánh giá lần đầu".into(),
        year: 2026,
        slip_number: "12/PĐK-19-05812-2026".into(),
        commune_received_date: "2026-06-01".into(),
        review_deadline: "2026-06-19".into(),
        status: "Tổ tư vấn đang xem xét".into(),
        steps: vec![
            step("2026-06-01", "Nộp hồ sơ cho UBND xã", "Hoàng Thị Bình", "Giám đốc HTX", ""),
            step("2026-06-12", "UBND xã đánh giá (Mẫu 03)", "Đỗ Văn Hùng", "Chủ tịch UBND xã Tân Cương", "Báo cáo số 45/BC-UBND."),
            step("2026-06-15", "Tỉnh tiếp nhận hồ sơ", "Nguyễn Văn Tỉnh", "Văn phòng điều phối OCOP tỉnh", ""),
            step("2026-06-16", "Trả lại để bổ sung, hoàn thiện", "Nguyễn Văn Tỉnh", "Văn phòng điều phối OCOP tỉnh", "Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh."),
            step("2026-06-22", "Tỉnh tiếp nhận hồ sơ", "Nguyễn Văn Tỉnh", "", ""),
            step("2026-06-25", "Tổ tư vấn xem xét", "Phạm Thu Hà", "Tổ tư vấn", &format!("Khảo sát thực tế tại cơ sở (3 ảnh); kiểm nghiệm bổ sung: dư lượng thuốc BVTV. {TONES}")),
        ],
        printed: "2026-06-26".into(),
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn squashed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn dossier_history_golden() {
    let pdf = render_dossier_history_with(&history(), &created()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&qpdf.stdout).contains("No syntax or stream encoding errors"),
        "{qpdf:?}"
    );
    let text = pdftotext(&path);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/dossier-history.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).expect("golden file; run with UPDATE_GOLDEN=1");
    assert_eq!(expected, text);
    let flat = squashed(&text);
    for s in [
        "QUÁ TRÌNH XỬ LÝ HỒ SƠ",
        "Chè xanh đặc sản Tân Cương (mã 19-05812-3-2026)",
        "6. Ngày UBND xã nhận hồ sơ: 01/06/2026",
        "Báo cáo số 45/BC-UBND.",
        TONES,
    ] {
        assert!(flat.contains(s), "lacks {s:?}");
    }
    // Same input and date, same bytes.
    assert_eq!(
        pdf,
        render_dossier_history_with(&history(), &created()).unwrap()
    );
}

#[test]
fn a_long_history_spans_pages_and_a_bad_date_is_named() {
    let mut doc = history();
    let one = doc.steps[5].clone();
    doc.steps = (0..60).map(|_| one.clone()).collect();
    let pdf = render_dossier_history_with(&doc, &created()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = pdftotext(&path);
    assert!(text.contains("Trang 1/"), "{text}");
    assert!(
        !text.contains("Trang 1/1"),
        "60 steps need more than a page"
    );
    assert_eq!(
        text.matches("Người thực hiện").count(),
        text.matches("Trang ").count(),
        "header repeats on every page"
    );

    doc.steps[3].date = "25/06/2026".into();
    match render_dossier_history_with(&doc, &created()) {
        Err(PdfError::InvalidDate { field, .. }) => assert_eq!(field, "steps.date"),
        other => panic!("{other:?}"),
    }
}
