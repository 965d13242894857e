//! `ocop certificate …` through the real binary: render a PDF, rasterise it with `pdftoppm`,
//! read the QR with `zbarimg`, and verify it by QR text, image and short code.
//!
//! Needs poppler-utils (`pdftoppm`) and zbar-tools (`zbarimg`); a missing tool fails the test
//! with the package to install.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const OCOP: &str = env!("CARGO_BIN_EXE_ocop");

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("ocop-cert-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn require_tool(tool: &str, package: &str) {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "`{tool}` is not installed: install it with `apt-get install {package}`"
    );
}

fn ocop(data_dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(OCOP)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("OCOP_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ocop");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

/// Fields of a realistic certificate; the product name is given in NFD.
fn fields(number: &str) -> Value {
    use std::iter::once;
    // "Chè" with the grave accent as a separate combining mark.
    let nfd_product: String = "Che"
        .chars()
        .chain(once('\u{300}'))
        .chain(" xanh Tân Cương đặc biệt".chars())
        .collect();
    json!({
        "number": number,
        "issuer": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "issuer_id": "thai-nguyen",
        "product": nfd_product,
        "producer": "HTX Chè Hảo Đạt",
        "address": "Xóm Soi Mít, xã Tân Cương, tỉnh Thái Nguyên",
        "star": 4,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "2026-06-01",
        "issue_date": "2026-06-05",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Bình",
        "result_hash": "00112233445566778899aabbccddeeff"
    })
}

struct Rendered {
    pdf: PathBuf,
    bytes: Vec<u8>,
    summary: Value,
}

fn render(data_dir: &Path, out_dir: &Path, fields: &Value) -> Rendered {
    let out = ocop(
        data_dir,
        &["certificate", "render", "--json", "--created", "2026-06-05"],
        Some(fields.to_string().as_bytes()),
    );
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.starts_with(b"%PDF-"),
        "stdout is not a clean PDF"
    );
    let summary: Value = serde_json::from_slice(&out.stderr).expect("summary JSON on stderr");
    let pdf = out_dir.join(format!("{}.pdf", summary["code"].as_str().unwrap()));
    std::fs::write(&pdf, &out.stdout).unwrap();
    Rendered {
        pdf,
        bytes: out.stdout,
        summary,
    }
}

/// `pdftoppm` at `dpi` into `prefix` + `.png`, or `.jpg` like a scan when `jpeg`: the image.
fn rasterise(pdf: &Path, prefix: &Path, dpi: u32, jpeg: bool) -> PathBuf {
    require_tool("pdftoppm", "poppler-utils");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            if jpeg { "-jpeg" } else { "-png" },
            "-singlefile",
        ])
        .arg(pdf)
        .arg(prefix)
        .status()
        .unwrap();
    assert!(status.success());
    prefix.with_extension(if jpeg { "jpg" } else { "png" })
}

/// `zbarimg --raw -q`: the QR text read from `image`.
fn read_qr(image: &Path) -> String {
    require_tool("zbarimg", "zbar-tools");
    let out = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(image)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg found no QR in {}",
        image.display()
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// `pdftoppm -r 300` then `zbarimg --raw -q`: the PNG and the QR text read from it.
fn rasterise_and_read(pdf: &Path) -> (PathBuf, String) {
    let png = rasterise(pdf, &pdf.with_extension(""), 300, false);
    let text = read_qr(&png);
    (png, text)
}

fn verify(data_dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["certificate", "verify", "--json", "--today", "2026-11-29"];
    all.extend_from_slice(args);
    let out = ocop(data_dir, &all, None);
    assert!(
        out.status.success(),
        "verify exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("verify prints JSON")
}

/// Long product and producer names make a long payload (~730 characters, QR version 16). The
/// printed code grows instead of shrinking its modules, so a 150-dpi JPEG scan still reads it,
/// with zbarimg and with the verifier's own reader.
#[test]
fn a_long_payload_prints_a_larger_qr_that_a_150_dpi_scan_reads() {
    let tmp = TempDir::new("long-qr");
    let data = tmp.path().join("data");
    let mut f = fields("016/GCN-OCOP-2026");
    f["product"] = json!(
        "Chè xanh đặc sản Tân Cương Thái Nguyên loại đặc biệt hộp thiếc 200 gam \
         Chè xanh đặc sản Tân Cương Thái Nguyên loại đặc biệt hộp thiếc"
    );
    f["producer"] = json!(
        "Hợp tác xã sản xuất và kinh doanh chè an toàn Hảo Đạt \
         Hợp tác xã sản xuất và kinh doanh chè an toàn"
    );
    let r = render(&data, tmp.path(), &f);
    let jpg = rasterise(&r.pdf, &tmp.path().join("long150"), 150, true);
    let text = read_qr(&jpg);
    assert!(
        text.trim_end().len() > 600 && text.starts_with("OC1:"),
        "zbarimg read {:?} from the 150-dpi scan",
        text
    );
    let v = verify(&data, &["--image", jpg.to_str().unwrap()]);
    assert_eq!(v["status"], "valid", "{v}");
    assert!(v["fields"]["product"]
        .as_str()
        .unwrap()
        .ends_with("hộp thiếc"));
}

#[test]
fn rendered_certificate_verifies_by_qr_image_and_code() {
    let tmp = TempDir::new("roundtrip");
    let data = tmp.path().join("data");
    let r = render(&data, tmp.path(), &fields("015/GCN-OCOP-2026"));
    assert_eq!(r.summary["number"], "015/GCN-OCOP-2026");
    assert_eq!(r.summary["valid_until"], "2029-06-05");
    let (png, qr) = rasterise_and_read(&r.pdf);
    assert!(qr.starts_with("OC1:"), "{qr}");

    let v = verify(&data, &["--qr", &qr]);
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["fields"]["number"], "015/GCN-OCOP-2026");
    assert_eq!(
        v["fields"]["product"], "Chè xanh Tân Cương đặc biệt",
        "NFC in the signed payload"
    );
    assert_eq!(v["fields"]["star"], 4);
    assert_eq!(v["fields"]["valid_until"], "2029-06-05");
    assert_eq!(v["fields"]["key_id"], r.summary["key_id"]);
    assert_eq!(
        v["fields"]["result_hash"],
        "00112233445566778899aabbccddeeff"
    );

    let v = verify(&data, &["--image", png.to_str().unwrap()]);
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["fields"]["number"], "015/GCN-OCOP-2026");

    // A 150-dpi scan, as JPEG: the 2.5 cm QR is then ~2.5 px per module.
    let scan = rasterise(&r.pdf, &tmp.path().join("scan150"), 150, true);
    let v = verify(&data, &["--image", scan.to_str().unwrap()]);
    assert_eq!(v["status"], "valid", "150-dpi JPEG scan: {v}");

    let code = r.summary["code"].as_str().unwrap().to_lowercase();
    let v = verify(&data, &["--code", &code]);
    assert_eq!(v["status"], "valid", "{v}");

    // The same QR judged after its last valid day.
    let out = ocop(
        &data,
        &[
            "certificate",
            "verify",
            "--json",
            "--today",
            "2029-06-06",
            "--qr",
            &qr,
        ],
        None,
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "expired", "{v}");
    assert!(v["reason"].as_str().unwrap().contains("05/06/2029"), "{v}");

    // One changed character of the QR text: invalid, and still exit 0.
    let mut altered: Vec<char> = qr.chars().collect();
    let i = altered.len() / 2;
    altered[i] = if altered[i] == 'A' { 'B' } else { 'A' };
    let altered: String = altered.into_iter().collect();
    let v = verify(&data, &["--qr", &altered]);
    assert_eq!(v["status"], "invalid", "{v}");
    assert_eq!(v["fields"], Value::Null);

    // Rendering the same certificate again gives the same PDF bytes (deterministic signature).
    let again = render(&data, tmp.path(), &fields("015/GCN-OCOP-2026"));
    assert_eq!(again.summary, r.summary);
    assert!(
        again.bytes == r.bytes,
        "a reprint with the same --created differs"
    );
}

#[test]
fn another_data_dir_with_its_own_key_says_invalid_until_the_key_is_imported() {
    let tmp = TempDir::new("otherkey");
    let issuer = tmp.path().join("issuer");
    let other = tmp.path().join("other");
    let r = render(&issuer, tmp.path(), &fields("016/GCN-OCOP-2026"));
    // The other folder has its own key for the same issuer id.
    let own = render(&other, tmp.path(), &fields("016/GCN-OCOP-2026"));
    assert_ne!(own.summary["key_id"], r.summary["key_id"]);
    let (_, qr) = rasterise_and_read(&r.pdf);

    let v = verify(&other, &["--qr", &qr]);
    assert_eq!(v["status"], "invalid", "{v}");
    assert!(v["reason"].as_str().unwrap().contains("khóa"), "{v}");
    let v = verify(&other, &["--code", r.summary["code"].as_str().unwrap()]);
    assert_eq!(
        v["status"], "invalid",
        "a code from another folder's registry: {v}"
    );

    let key_file = tmp.path().join("thai-nguyen.pub.json");
    let out = ocop(
        &issuer,
        &[
            "certificate",
            "export-key",
            "--issuer",
            "thai-nguyen",
            "--out",
            key_file.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ocop(
        &other,
        &["certificate", "import-key", key_file.to_str().unwrap()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = verify(&other, &["--qr", &qr]);
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["issuer"], "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN");
}

#[test]
fn revoked_certificate_is_reported_with_its_decision() {
    let tmp = TempDir::new("revoke");
    let data = tmp.path().join("data");
    let r = render(&data, tmp.path(), &fields("017/GCN-OCOP-2026"));
    let (_, qr) = rasterise_and_read(&r.pdf);
    assert_eq!(verify(&data, &["--qr", &qr])["status"], "valid");

    let out = ocop(
        &data,
        &[
            "certificate",
            "revoke",
            "--number",
            "017/GCN-OCOP-2026",
            "--decision",
            "88/QĐ-UBND",
            "--date",
            "2026-10-01",
            "--ground",
            "đ",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = verify(&data, &["--qr", &qr]);
    assert_eq!(v["status"], "revoked", "{v}");
    assert_eq!(v["revocation"]["decision_number"], "88/QĐ-UBND");
    assert_eq!(v["revocation"]["date"], "2026-10-01");
    assert_eq!(v["revocation"]["ground"], "đ");
    assert_eq!(v["fields"]["number"], "017/GCN-OCOP-2026");
    let v = verify(&data, &["--code", r.summary["code"].as_str().unwrap()]);
    assert_eq!(v["status"], "revoked", "{v}");
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let tmp = TempDir::new("badinput");
    let data = tmp.path().join("data");
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut f = fields("1");
                f.as_object_mut().unwrap().remove("product");
                f
            },
            "product",
        ),
        (
            {
                let mut f = fields("1");
                f["star"] = json!(2);
                f
            },
            "star",
        ),
        (
            {
                let mut f = fields("1");
                f["issue_date"] = json!("05/06/2026");
                f
            },
            "issue_date",
        ),
        (
            {
                let mut f = fields("1");
                f["issue_date"] = json!("2026-05-01");
                f
            },
            "issue_date",
        ),
        (
            {
                let mut f = fields("1");
                f["number"] = json!("");
                f
            },
            "number",
        ),
        (
            {
                let mut f = fields("1");
                f["result_hash"] = json!("xyz");
                f
            },
            "result_hash",
        ),
        (
            {
                let mut f = fields("1");
                f["issuer_id"] = json!("../etc");
                f
            },
            "../etc",
        ),
    ];
    for (input, field) in cases {
        let out = ocop(
            &data,
            &["certificate", "render", "--json"],
            Some(input.to_string().as_bytes()),
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "{field}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "no PDF on bad input");
        let err: Value = serde_json::from_slice(&out.stderr).expect("JSON error");
        assert!(
            err["message"].as_str().unwrap().contains(field),
            "{field}: {err}"
        );
    }
    let out = ocop(&data, &["certificate", "render"], Some(b"not json"));
    assert_eq!(out.status.code(), Some(2));

    // verify: no source, two sources, a malformed code, a missing image.
    for args in [
        vec!["certificate", "verify", "--json"],
        vec![
            "certificate",
            "verify",
            "--json",
            "--qr",
            "OC1:x",
            "--code",
            "ABCD-EFGH-JKMN",
        ],
        vec!["certificate", "verify", "--json", "--code", "ABC"],
        vec![
            "certificate",
            "verify",
            "--json",
            "--image",
            "/nonexistent/cert.png",
        ],
    ] {
        let out = ocop(&data, &args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A QR text that is not ours is judged, not refused.
    assert_eq!(
        verify(&data, &["--qr", "https://example.com"])["status"],
        "invalid"
    );

    // revoke: unknown number without --key-id, bad ground.
    let out = ocop(
        &data,
        &[
            "certificate",
            "revoke",
            "--number",
            "999",
            "--decision",
            "1/QĐ",
            "--date",
            "2026-10-01",
            "--ground",
            "a",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = ocop(
        &data,
        &[
            "certificate",
            "revoke",
            "--number",
            "999",
            "--decision",
            "1/QĐ",
            "--date",
            "2026-10-01",
            "--ground",
            "z",
            "--key-id",
            "0011223344556677",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // export-key for an issuer without a key.
    let out = ocop(
        &data,
        &["certificate", "export-key", "--issuer", "nobody"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A product saved in the data folder's database; returns its code.
fn saved_product(data_dir: &Path) -> String {
    use ocop_store::model::{Producer, Product};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = ocop_store::Store::open(data_dir, Default::default())
            .await
            .unwrap();
        let producer = store
            .producer_save(
                &Producer {
                    name: "HTX Chè Hảo Đạt".into(),
                    producer_type: "hop_tac_xa".into(),
                    commune_code: "05503".into(),
                    phone: Some("0912345678".into()),
                    ..Default::default()
                },
                true,
            )
            .await
            .unwrap();
        let product = store
            .product_save(&Product {
                producer_id: producer.id.unwrap(),
                name: "Chè tôm nõn Hảo Đạt".into(),
                product_set: Some(11),
                ..Default::default()
            })
            .await
            .unwrap();
        store.close().await;
        product.code
    })
}

#[test]
fn certificates_are_issued_listed_by_deadline_and_verified_through_the_cli() {
    let dir = TempDir::new("issue");
    let data = dir.path().join("data");
    let code = saved_product(&data);
    let input = json!({
        "decision": { "number": "1234/QĐ-UBND", "date": "2026-06-15", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn Bình" },
        "items": [{ "product_code": code, "result_id": "r-1", "result_hash": "00112233445566778899aabbccddeeff",
                    "score": "85.50", "star": 4, "basis": "26/2026/QĐ-TTg", "set": "11" }]
    })
    .to_string();
    let out = ocop(
        &data,
        &["certificate", "issue", "--json"],
        Some(input.as_bytes()),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let issued: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issued[0]["number"], "001/GCN-OCOP-2026");
    assert_eq!(issued[0]["product_name"], "Chè tôm nõn Hảo Đạt");
    assert_eq!(issued[0]["valid_until"], "2029-06-15");
    let short = issued[0]["short_code"].as_str().unwrap().to_string();

    // The same locked result again is refused, and nothing more is issued.
    let again = ocop(
        &data,
        &["certificate", "issue", "--json"],
        Some(input.as_bytes()),
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("Conflict"));

    let list = |args: &[&str]| -> Value {
        let mut all = vec!["certificate", "list", "--json"];
        all.extend_from_slice(args);
        let out = ocop(&data, &all, None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(list(&["--today", "2026-07-01"])["total"], 1);
    assert_eq!(
        list(&["--deadline", "window", "--today", "2028-12-16"])["total"],
        0
    );
    assert_eq!(
        list(&["--deadline", "window", "--today", "2028-12-17"])["total"],
        1
    );
    let expired = list(&["--deadline", "expired", "--today", "2029-06-16"]);
    assert_eq!(expired["rows"][0]["status"], "expired");

    let verified = ocop(
        &data,
        &[
            "certificate",
            "verify",
            "--code",
            &short,
            "--today",
            "2026-07-01",
            "--json",
        ],
        None,
    );
    let v: Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["fields"]["number"], "001/GCN-OCOP-2026");
}

#[test]
fn an_issuer_template_without_seq_is_refused_naming_number_pattern() {
    let dir = TempDir::new("noseq");
    let data = dir.path().join("data");
    let code = saved_product(&data);
    std::fs::create_dir_all(data.join("issuers")).unwrap();
    let mut template: Value = serde_json::from_str(ocop_pdf::THAI_NGUYEN_JSON).unwrap();
    template["number_pattern"] = json!("GCN-OCOP-{year}");
    std::fs::write(data.join("issuers/thai-nguyen.json"), template.to_string()).unwrap();
    let input = json!({
        "decision": { "number": "1/QĐ-UBND", "date": "2026-06-15", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn Bình" },
        "items": [{ "product_code": code, "result_id": "r-1", "result_hash": "00112233445566778899aabbccddeeff",
                    "score": "85.50", "star": 4, "basis": "26/2026/QĐ-TTg", "set": "11" }]
    })
    .to_string();
    let out = ocop(
        &data,
        &["certificate", "issue", "--issuer", "thai-nguyen", "--json"],
        Some(input.as_bytes()),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("number_pattern"), "{err}");
    assert!(err.contains("{seq}"), "{err}");
    // `render` reads the same template and refuses it too.
    let out = ocop(
        &data,
        &["certificate", "render", "--json"],
        Some(fields("001/GCN-OCOP-2026").to_string().as_bytes()),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("number_pattern"), "{err}");
    assert!(out.stdout.is_empty());
}

/// `ocop certificate list --json` (with extra arguments): the page.
fn list(data_dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["certificate", "list", "--json"];
    all.extend_from_slice(args);
    let out = ocop(data_dir, &all, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `ocop` expecting success; returns its standard output as JSON.
fn ok_json(data_dir: &Path, args: &[&str]) -> Value {
    let out = ocop(data_dir, args, None);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Issue 11: what `render` signs is a record of the database, and the CLI revokes, extends and
/// replaces through the same store functions as the window.
#[test]
fn a_rendered_certificate_is_listed_revoked_extended_and_replaced_in_the_database() {
    let tmp = TempDir::new("records");
    let data = tmp.path().join("data");
    let r = render(&data, tmp.path(), &fields("020/GCN-OCOP-2026"));
    let page = list(&data, &["--today", "2026-11-29"]);
    assert_eq!(page["total"], 1);
    let row = &page["rows"][0];
    assert_eq!(row["id"], r.summary["id"]);
    assert_eq!(row["number"], "020/GCN-OCOP-2026");
    assert_eq!(row["origin"], "external");
    assert_eq!(row["status"], "valid");
    assert_eq!(row["short_code"], r.summary["code"]);
    assert_eq!(list(&data, &["--origin", "council"])["total"], 0);
    // The seal keeps no registry and no revocation file any more.
    assert!(!data.join("keys/issued.jsonl").exists());

    let revoked = ok_json(
        &data,
        &[
            "certificate",
            "revoke",
            "--json",
            "--number",
            "020/GCN-OCOP-2026",
            "--decision",
            "88/QĐ-UBND",
            "--date",
            "2026-10-01",
            "--ground",
            "dd",
            "--today",
            "2026-11-29",
        ],
    );
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revocation"]["ground"], "đ");
    // `--today` sets the store's one clock: the change is stamped with it (noon in Vietnam).
    assert_eq!(
        revoked["updated_at"], "2026-11-29T05:00:00.000Z",
        "{revoked}"
    );
    assert!(!data.join("keys/revocations.json").exists());
    assert_eq!(list(&data, &["--status", "revoked"])["total"], 1);
    // Revoked once: the same checks as the window (a Conflict, exit 1).
    let again = ocop(
        &data,
        &[
            "certificate",
            "revoke",
            "--json",
            "--number",
            "020/GCN-OCOP-2026",
            "--decision",
            "89/QĐ-UBND",
            "--date",
            "2026-10-02",
            "--ground",
            "a",
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&again.stderr).unwrap();
    assert_eq!(err["code"], "Conflict");
    assert!(
        err["message"].as_str().unwrap().contains("88/QĐ-UBND"),
        "{err}"
    );
    // Nor extended once revoked.
    let out = ocop(
        &data,
        &[
            "certificate",
            "extend",
            "--json",
            "--number",
            "020/GCN-OCOP-2026",
            "--note",
            "Hồ sơ 1/PĐK",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An older paper certificate, typed in, extended under Art. 12.3 after its expiry...
    let mut old = fields("007/GCN-OCOP-2023");
    old["decision_date"] = json!("2023-06-20");
    old["issue_date"] = json!("2023-06-20");
    render(&data, tmp.path(), &old);
    let too_early = ocop(
        &data,
        &[
            "certificate",
            "extend",
            "--json",
            "--number",
            "007/GCN-OCOP-2023",
            "--note",
            "Hồ sơ 3/PĐK",
            "--today",
            "2026-01-01",
        ],
        None,
    );
    assert_eq!(too_early.status.code(), Some(1));
    let extended = ok_json(
        &data,
        &[
            "certificate",
            "extend",
            "--json",
            "--number",
            "007/GCN-OCOP-2023",
            "--note",
            "Hồ sơ 3/PĐK",
            "--until",
            "2026-09-30",
            "--today",
            "2026-07-01",
        ],
    );
    assert_eq!(extended["status"], "extended");
    assert_eq!(extended["extended_until"], "2026-09-30");
    // ...then replaced by its re-evaluation's certificate.
    let mut newer = fields("031/GCN-OCOP-2026");
    newer["decision_date"] = json!("2026-09-01");
    newer["issue_date"] = json!("2026-09-01");
    render(&data, tmp.path(), &newer);
    let replaced = ok_json(
        &data,
        &[
            "certificate",
            "supersede",
            "--json",
            "--number",
            "007/GCN-OCOP-2023",
            "--by",
            "031/GCN-OCOP-2026",
            "--today",
            "2026-09-02",
        ],
    );
    assert_eq!(replaced["status"], "superseded");
    let unknown = ocop(
        &data,
        &[
            "certificate",
            "supersede",
            "--json",
            "--number",
            "007/GCN-OCOP-2023",
            "--by",
            "999",
        ],
        None,
    );
    assert_eq!(unknown.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&unknown.stderr).unwrap();
    assert!(err["message"].as_str().unwrap().starts_with("by:"), "{err}");
    assert_eq!(list(&data, &["--today", "2026-09-02"])["total"], 3);
    assert_eq!(
        list(&data, &["--status", "superseded", "--today", "2026-09-02"])["total"],
        1
    );

    // A malformed --today is bad input.
    let out = ocop(
        &data,
        &["certificate", "list", "--today", "29/11/2026"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_revocation_list_exported_by_one_folder_is_imported_by_another() {
    let tmp = TempDir::new("revlist");
    let issuer = tmp.path().join("issuer");
    let verifier = tmp.path().join("verifier");
    let r = render(&issuer, tmp.path(), &fields("021/GCN-OCOP-2026"));
    let (_, qr) = rasterise_and_read(&r.pdf);
    ok_json(
        &issuer,
        &[
            "certificate",
            "revoke",
            "--json",
            "--number",
            "021/GCN-OCOP-2026",
            "--decision",
            "12/QĐ-UBND",
            "--date",
            "2026-10-01",
            "--ground",
            "c",
        ],
    );
    let key_file = tmp.path().join("key.json");
    let list_file = tmp.path().join("revocations.json");
    let out = ocop(
        &issuer,
        &[
            "certificate",
            "export-key",
            "--issuer",
            "thai-nguyen",
            "--out",
            key_file.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success());
    let exported = ok_json(
        &issuer,
        &[
            "certificate",
            "export-revocations",
            "--json",
            "--out",
            list_file.to_str().unwrap(),
        ],
    );
    assert_eq!(exported["revocations"], 1);
    let out = ocop(
        &verifier,
        &["certificate", "import-key", key_file.to_str().unwrap()],
        None,
    );
    assert!(out.status.success());
    assert_eq!(verify(&verifier, &["--qr", &qr])["status"], "valid");
    let report = ok_json(
        &verifier,
        &[
            "certificate",
            "import-revocations",
            "--json",
            list_file.to_str().unwrap(),
        ],
    );
    assert_eq!(report["received"], 1);
    let v = verify(&verifier, &["--qr", &qr]);
    assert_eq!(v["status"], "revoked", "{v}");
    assert_eq!(v["revocation"]["decision_number"], "12/QĐ-UBND");
    // Kept in the verifier's database: its own export carries it on.
    let relayed = ocop(&verifier, &["certificate", "export-revocations"], None);
    let relayed: Value = serde_json::from_slice(&relayed.stdout).unwrap();
    assert_eq!(relayed[0]["decision_number"], "12/QĐ-UBND");
    assert!(!verifier.join("keys/revocations.json").exists());
    // Not a revocation list: bad input.
    let out = ocop(
        &verifier,
        &[
            "certificate",
            "import-revocations",
            key_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
