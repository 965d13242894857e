//! Batch printing with real files: a combined PDF and one file per certificate, checked with
//! `pdftotext` and `qpdf --check`; cancellation; reprints identical but for the dates.

mod fixtures;

use ocop_pdf::{
    print_certificates, render_certificate_with, BatchMode, BatchProgress, CertificateDoc,
    PdfError, RenderOptions,
};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

fn docs(n: usize) -> Vec<CertificateDoc> {
    (1..=n)
        .map(|i| {
            let mut d = fixtures::certificate();
            d.number = format!("{i:03}/GCN-OCOP-2026");
            d.product = format!("Chè Tân Cương số {i}");
            d
        })
        .collect()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "qpdf --check failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

fn folder_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn combined_pdf_holds_every_number_and_passes_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dot-1.pdf");
    let docs = docs(12);
    let seen = Mutex::new(Vec::new());
    let report = print_certificates(
        &docs,
        &BatchMode::Combined(path.clone()),
        &fixtures::created(),
        &|p: BatchProgress| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.files, vec![path.clone()]);
    assert_eq!(report.bytes, std::fs::metadata(&path).unwrap().len());
    qpdf_check(&path);
    let text = pdftotext(&path);
    for d in &docs {
        assert!(text.contains(&d.number), "{} missing", d.number);
    }
    assert_eq!(
        text.matches('\u{c}').count(),
        12,
        "one page per certificate"
    );
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), 12);
    assert_eq!(seen.iter().map(|p| p.done).max(), Some(12));
    assert!(seen.iter().all(|p| p.total == 12));
    assert_eq!(folder_names(dir.path()), vec!["dot-1.pdf".to_string()]);
}

#[test]
fn per_file_writes_one_checked_pdf_per_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("in");
    let docs = docs(5);
    let report = print_certificates(
        &docs,
        &BatchMode::PerFile(out.clone()),
        &fixtures::created(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.files.len(), 5);
    assert_eq!(
        folder_names(&out),
        (1..=5)
            .map(|i| format!("{i:03}-GCN-OCOP-2026.pdf"))
            .collect::<Vec<_>>()
    );
    for (d, f) in docs.iter().zip(&report.files) {
        qpdf_check(f);
        let text = pdftotext(f);
        assert!(text.contains(&d.number));
        assert!(text.contains(&d.product));
    }
}

#[test]
fn cancelled_per_file_run_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = docs(6);
    let cancel = AtomicBool::new(false);
    let calls = AtomicUsize::new(0);
    let result = print_certificates(
        &docs,
        &BatchMode::PerFile(dir.path().to_path_buf()),
        &fixtures::created(),
        &|p: BatchProgress| {
            calls.fetch_add(1, Ordering::SeqCst);
            if p.done == 2 {
                cancel.store(true, Ordering::SeqCst);
            }
        },
        &cancel,
    );
    assert!(matches!(result, Err(PdfError::Cancelled)));
    let names = folder_names(dir.path());
    assert_eq!(
        names,
        vec!["001-GCN-OCOP-2026.pdf", "002-GCN-OCOP-2026.pdf"]
    );
    for n in names {
        qpdf_check(&dir.path().join(n));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn cancelled_combined_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.pdf");
    let cancel = AtomicBool::new(false);
    let result = print_certificates(
        &docs(40),
        &BatchMode::Combined(path.clone()),
        &fixtures::created(),
        &|p: BatchProgress| {
            if p.done >= 3 {
                cancel.store(true, Ordering::SeqCst);
            }
        },
        &cancel,
    );
    assert!(matches!(result, Err(PdfError::Cancelled)));
    assert!(folder_names(dir.path()).is_empty(), "no file, no .part");
}

/// Blanks the values of `/CreationDate`, `/ModDate` (and any XMP dates) so two renderings can be
/// compared byte for byte apart from the creation date.
fn mask_dates(pdf: &[u8]) -> Vec<u8> {
    let mut out = pdf.to_vec();
    for key in [
        &b"/CreationDate"[..],
        b"/ModDate",
        b"<xmp:CreateDate>",
        b"<xmp:ModifyDate>",
    ] {
        let mut i = 0;
        while let Some(pos) = out[i..].windows(key.len()).position(|w| w == key) {
            let start = i + pos + key.len();
            let mut j = start;
            while j < out.len() && !matches!(out[j], b')' | b'<' | b'/' | b'>') || j == start {
                out[j] = b'#';
                j += 1;
            }
            i = j;
        }
    }
    out
}

#[test]
fn reprint_is_identical_but_for_the_creation_date() {
    let doc = fixtures::certificate();
    let first = render_certificate_with(
        &doc,
        &RenderOptions {
            created: Some("2026-06-05T08:00:00Z".into()),
        },
    )
    .unwrap();
    let again = render_certificate_with(
        &doc,
        &RenderOptions {
            created: Some("2027-01-20T15:30:00Z".into()),
        },
    )
    .unwrap();
    assert_ne!(first, again, "the creation dates differ");
    assert_eq!(first.len(), again.len());
    assert_eq!(mask_dates(&first), mask_dates(&again));
    // The mask only hides dates: a changed product name is still seen.
    let mut other = doc.clone();
    other.product.push('!');
    let changed = render_certificate_with(
        &other,
        &RenderOptions {
            created: Some("2026-06-05T08:00:00Z".into()),
        },
    )
    .unwrap();
    assert_ne!(mask_dates(&first), mask_dates(&changed));
}
