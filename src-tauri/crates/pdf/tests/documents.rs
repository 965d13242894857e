//! Renders every document and checks it with real tools: pdftotext (golden text),
//! pdffonts (embedded, subset), qpdf --check, pdftoppm + zbarimg (QR).
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the expected text files after checking them by hand.

mod fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use fixtures::*;
use ocop_pdf::*;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn write_tmp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {cmd}: {e} (apt-get install poppler-utils qpdf zbar-tools)")
    });
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), s)
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    // Trailing spaces carry no meaning; keep the comparison on the text.
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            out.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
        }
    }
    out
}

/// Renders, checks structure and fonts, and compares the text with `golden/<name>.txt`.
fn check(name: &str, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write_tmp(&dir, &format!("{name}.pdf"), pdf);
    let (ok, msg) = run("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(
        ok && msg.contains("No syntax or stream encoding errors"),
        "qpdf --check failed for {name}:\n{msg}"
    );
    assert_fonts_embedded_and_subset(&path);
    let text = pdftotext(&path);
    let golden = golden_dir().join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with UPDATE_GOLDEN=1 and check it by hand",
            golden.display()
        )
    });
    assert!(
        expected == text,
        "{name}: text differs from {}:\n{}",
        golden.display(),
        diff(&expected, &text)
    );
    text
}

fn assert_fonts_embedded_and_subset(path: &Path) {
    let (ok, out) = run("pdffonts", &[path.to_str().unwrap()]);
    assert!(ok, "{out}");
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        let (emb, sub) = (cols[n - 5], cols[n - 4]);
        assert_eq!(emb, "yes", "font not embedded: {row}");
        assert_eq!(sub, "yes", "font not subset: {row}");
        let name = cols[0];
        assert!(
            name.len() > 7
                && name.as_bytes()[6] == b'+'
                && name[..6].chars().all(|c| c.is_ascii_uppercase()),
            "no subset tag: {row}"
        );
        assert!(name.contains("LiberationSerif"), "unexpected font: {row}");
    }
}

fn contains_nfc(text: &str, s: &str) {
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squashed.contains(s), "text lacks {s:?}");
}

#[test]
fn certificate_golden_fonts_structure_size() {
    let pdf = render_certificate_with(&certificate(), &created()).unwrap();
    assert!(pdf.len() < 60 * 1024, "certificate is {} bytes", pdf.len());
    let text = check("certificate", &pdf);
    // The NFD input prints as NFC text.
    contains_nfc(&text, "Chè xanh đặc sản Tân Cương");
    contains_nfc(&text, "Hợp tác xã Chè Tân Cương Hoàng Bình");
    contains_nfc(&text, "Đạt hạng: 4 sao");
    contains_nfc(&text, "Có giá trị đến ngày 05/06/2029");
    contains_nfc(&text, "Thái Nguyên, ngày 05 tháng 06 năm 2026");
    contains_nfc(&text, "Theo Quyết định số 1234/QĐ-UBND ngày 01/06/2026");
}

#[test]
fn certificate_long_names_wrap_and_every_tone_mark_prints() {
    let pdf = render_certificate_with(&certificate_long(), &created()).unwrap();
    let text = check("certificate-long", &pdf);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Camellia") || l.contains("Nhật Bản"))
        .collect();
    assert!(
        lines.len() >= 2,
        "long product name should wrap onto 2+ lines:\n{text}"
    );
    contains_nfc(&text, TONES);
    contains_nfc(&text, &tones_upper());
}

#[test]
fn certificate_qr_decodes_to_the_given_text() {
    let doc = certificate();
    let pdf = render_certificate_with(&doc, &created()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write_tmp(&dir, "c.pdf", &pdf);
    let png = dir.path().join("c");
    let (ok, msg) = run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-singlefile",
            path.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    assert!(ok, "{msg}");
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sqrcode.enable"])
        .arg(dir.path().join("c.png"))
        .output()
        .expect("zbarimg (apt-get install zbar-tools)");
    assert!(out.status.success(), "zbarimg found no QR");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end_matches('\n'),
        doc.qr_text
    );
}

#[test]
fn reprint_is_byte_identical_and_only_the_date_changes() {
    let doc = certificate();
    let a = render_certificate_with(&doc, &created()).unwrap();
    let b = render_certificate_with(&doc, &created()).unwrap();
    assert!(a == b, "same input and date must give the same bytes");
    let later = render_certificate_with(
        &doc,
        &RenderOptions {
            created: Some("2027-01-02T03:04:05Z".into()),
        },
    )
    .unwrap();
    assert_eq!(a.len(), later.len());
    let differing: Vec<usize> = a
        .iter()
        .zip(&later)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .collect();
    assert!(!differing.is_empty());
    // Every differing byte lies inside a date string "D:2026…".
    let needle = b"D:20260605080000Z";
    let dates: Vec<usize> = a
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(dates.len(), 2, "CreationDate and ModDate");
    for i in differing {
        assert!(
            dates.iter().any(|d| i >= *d && i < d + 17),
            "byte {i} differs outside the dates"
        );
    }
    // A different certificate gets a different document id.
    let mut other = doc.clone();
    other.number = "017/GCN-OCOP-2026".into();
    let c = render_certificate_with(&other, &created()).unwrap();
    let id = |p: &[u8]| {
        let s = String::from_utf8_lossy(p).into_owned();
        let i = s.find("/ID").unwrap();
        s[i..i + 80].to_string()
    };
    assert_ne!(id(&a), id(&c));
}

#[test]
fn combined_certificates_share_fonts() {
    let mut docs = Vec::new();
    for i in 0..20 {
        let mut d = certificate();
        d.number = format!("{:03}/GCN-OCOP-2026", i + 1);
        docs.push(d);
    }
    let one = render_certificate_with(&docs[0], &created()).unwrap();
    let pdf = render_certificates_with(&docs, &created()).unwrap();
    assert!(
        pdf.len() < one.len() * 5,
        "fonts must be shared: {} vs {}",
        pdf.len(),
        one.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write_tmp(&dir, "all.pdf", &pdf);
    let (ok, info) = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        ok && info
            .lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 20")),
        "{info}"
    );
    let (ok, fonts) = run("pdffonts", &[path.to_str().unwrap()]);
    assert!(ok);
    assert_eq!(
        fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .count(),
        3,
        "{fonts}"
    );
    assert_fonts_embedded_and_subset(&path);
    let (ok, msg) = run("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(ok, "{msg}");
    assert!(matches!(render_certificates(&[]), Err(PdfError::Empty)));
}

#[test]
fn bad_inputs_are_reported() {
    let mut d = certificate();
    d.star = 6;
    assert!(matches!(
        render_certificate(&d),
        Err(PdfError::InvalidStar(6))
    ));
    let mut d = certificate();
    d.valid_until = "05/06/2029".into();
    match render_certificate(&d) {
        Err(PdfError::InvalidDate { field, value }) => {
            assert_eq!(field, "valid_until");
            assert_eq!(value, "05/06/2029");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn annex_of_120_rows_spans_pages_with_repeated_headers() {
    let pdf = render_decision_annex_with(&annex(120), &created()).unwrap();
    let text = check("annex", &pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains("Tên sản phẩm") && p.contains("Hạng sao"),
            "page {} lacks the header",
            i + 1
        );
        assert!(
            p.contains(&format!("Trang {}/{}", i + 1, n)),
            "page {} lacks its number",
            i + 1
        );
    }
    assert!(text.contains("Sản phẩm số 120"));
    contains_nfc(&text, "Chè đinh Tân Cương");
    contains_nfc(&text, "Tổng số: 120 sản phẩm.");
    assert!(
        text.contains("70,25") || text.contains("71,25"),
        "scores use a decimal comma"
    );
}

#[test]
fn score_sheet_filled_and_blank() {
    let pdf = render_score_sheet_with(&score_sheet(true), &created()).unwrap();
    let text = check("score-sheet", &pdf);
    contains_nfc(&text, STAR_FOOTNOTE);
    contains_nfc(&text, "Ý kiến của người đánh giá:");
    contains_nfc(&text, "(Ký và ghi rõ họ tên)");
    contains_nfc(
        &text,
        "□ Có hợp đồng liên kết trên 75% sản lượng tiêu thụ****",
    );
    let blank = render_score_sheet_with(&score_sheet(false), &created()).unwrap();
    let btext = check("score-sheet-blank", &blank);
    assert!(
        btext.contains("Tên sản phẩm: ...."),
        "blank sheet has dotted fields"
    );
    // The filled sheet is not the blank one: points awarded appear.
    assert_ne!(text, btext);
}

#[test]
fn minutes_golden() {
    let pdf = render_minutes_with(&minutes(), &created()).unwrap();
    let text = check("minutes", &pdf);
    contains_nfc(&text, "Số thành viên có mặt: 4/5.");
    contains_nfc(&text, "Điểm trung bình: 79,63 điểm. Kết quả: đạt 4 sao.");
    contains_nfc(&text, "Số vòng chấm: 2 (có chấm lại).");
    contains_nfc(&text, TONES);
}

#[test]
fn forms_golden() {
    let t1 = check(
        "form01",
        &render_form01_with(&form01(), &created()).unwrap(),
    );
    contains_nfc(&t1, "Hợp tác xã Chè Tân Cương Hoàng Bình");
    contains_nfc(&t1, "Phiếu số: 03-12/PĐK-19-05812-2026");
    let t2 = check(
        "form02",
        &render_form02_with(&form02(), &created()).unwrap(),
    );
    contains_nfc(&t2, "Tổng điểm tự đánh giá");
    contains_nfc(&t2, TONES);
    let t3 = check(
        "form03",
        &render_form03_with(&form03(), &created()).unwrap(),
    );
    contains_nfc(&t3, "T.M ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG");
    contains_nfc(
        &t3,
        "Ủy ban nhân dân xã Tân Cương đề nghị Ủy ban nhân dân tỉnh Thái Nguyên",
    );
}

#[test]
fn issuer_template_and_licences() {
    let t = IssuerTemplate::thai_nguyen();
    assert_eq!(t.format_number(15, 2026), "015/GCN-OCOP-2026");
    assert_eq!(t.number_pattern_problem(), None);
    let mut no_seq = t.clone();
    no_seq.number_pattern = "GCN-OCOP-{year}".into();
    let problem = no_seq.number_pattern_problem().unwrap();
    assert!(problem.contains("{seq}"), "{problem}");
    let lic = font_licences();
    assert_eq!(lic.len(), 3);
    assert!(lic
        .iter()
        .all(|(_, l)| l.contains("SIL Open Font License 1.1")));
}

/// The signature lines for a signer title typed on the issue form, from the bundled template
/// (prefix `KT. CHỦ TỊCH`, title `PHÓ CHỦ TỊCH`).
fn signature_lines_for(typed: &str) -> Vec<String> {
    let mut t = IssuerTemplate::thai_nguyen();
    t.set_signer_title(typed);
    t.signature_lines()
}

#[test]
fn signer_title_splits_on_slash_and_never_repeats_the_prefix() {
    let kt_pho = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
    assert_eq!(signature_lines_for("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), kt_pho);
    assert_eq!(signature_lines_for("KT. CHỦ TỊCH/PHÓ CHỦ TỊCH"), kt_pho);
    assert_eq!(
        signature_lines_for("K/T CHỦ TỊCH / PHÓ CHỦ TỊCH"),
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    );
    assert_eq!(signature_lines_for("PHÓ CHỦ TỊCH"), kt_pho);
    assert_eq!(signature_lines_for(""), kt_pho);
    assert_eq!(signature_lines_for("CHỦ TỊCH"), ["CHỦ TỊCH"]);
    assert_eq!(signature_lines_for("Chủ tịch"), ["Chủ tịch"]);
    assert_eq!(
        signature_lines_for("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    );
    // A snapshot stored with the whole typed text as its title still prints the prefix once.
    let mut stored = IssuerTemplate::thai_nguyen();
    stored.signer_title = "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".into();
    assert_eq!(stored.signature_lines(), kt_pho);
}

/// Renders the certificate with `typed` as the signer title; returns its text.
fn certificate_text_signed_as(typed: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let mut doc = certificate();
    doc.issuer.set_signer_title(typed);
    let pdf = render_certificate_with(&doc, &created()).unwrap();
    pdftotext(&write_tmp(&tmp, "cert.pdf", &pdf))
}

#[test]
fn certificate_prints_the_kt_prefix_exactly_once() {
    for typed in ["KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"] {
        let text = certificate_text_signed_as(typed);
        assert_eq!(text.matches("KT. CHỦ TỊCH").count(), 1, "{typed}:\n{text}");
        assert_eq!(text.matches("PHÓ CHỦ TỊCH").count(), 1, "{typed}:\n{text}");
    }
    // The chair signing in person: no "KT." line at all.
    let text = certificate_text_signed_as("CHỦ TỊCH");
    assert_eq!(text.matches("KT.").count(), 0, "{text}");
    assert_eq!(text.matches("CHỦ TỊCH").count(), 1, "{text}");
}
