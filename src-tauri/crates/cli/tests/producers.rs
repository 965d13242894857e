//! `ocop producers import/search`, `ocop backup/restore` and the data-folder options, run as the
//! real binary on real SQLite files in temporary folders.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn ocop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .env_remove("OCOP_DATA_DIR")
        .output()
        .expect("ocop runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write_csv(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

const HEADER: &str = "name,type,tax_code,commune_code,address,phone,representative\n";

#[test]
fn import_reports_bad_rows_by_line_and_field_keeps_good_rows_and_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    // Row 3 is given in NFD (decomposed) with a type written without diacritics.
    let nfd = "HTX Che\u{0300} Ta\u{0302}n Cu\u{031b}\u{01a1}ng";
    let csv = format!(
        "{HEADER}\
         HTX Chè Hảo Đạt,Hợp tác xã,4600123456,05503,Xóm Hồng Thái 2,0912345678,Nguyễn Thị Hảo\n\
         {nfd},hop tac xa,4600123457,05503,Xóm Nam Đồng,0987654321,Trần Văn Bình\n\
         Hộ Miến Việt Cường,Hộ sản xuất,123,05503,Xóm Việt Cường,0912000111,Lê Văn Cường\n\
         Tổ hợp tác Trà Hoa Vàng,Loại không có,4600123458,05503,,0912000222,Hoàng Thị Hoa\n\
         Trang trại Đồi Chè,Trang trại,4600123459,99999,,0912000333,Phạm Văn Đồi\n"
    );
    let file = write_csv(dir.path(), "producers.csv", &csv);

    let out = ocop(&["--data-dir", data, "producers", "import", &file, "--json"]);
    assert!(!out.status.success(), "bad rows make the exit non-zero");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"], 2, "{report}");
    let errors = report["errors"].as_array().unwrap();
    let by_line: Vec<(u64, String)> = errors
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(by_line.contains(&(4, "tax_code".into())), "{by_line:?}");
    assert!(by_line.contains(&(5, "type".into())), "{by_line:?}");
    assert!(by_line.contains(&(6, "commune_code".into())), "{by_line:?}");

    // The same file again creates nothing new.
    let again = ocop(&["producers", "import", &file, "--json", "--data-dir", data]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["imported"], 0, "{report}");

    // Search ignores case and diacritics; the NFD row was stored in NFC.
    let out = ocop(&[
        "--data-dir",
        data,
        "producers",
        "search",
        "che tan cuong",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Both producers are in xã Tân Cương, so both match; the one typed in NFD is stored in NFC.
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    let tan_cuong = hits
        .iter()
        .find(|h| h["tax_code"] == "4600123457")
        .expect("NFD row found");
    assert_eq!(tan_cuong["name"], "HTX Chè Tân Cương");
    assert_eq!(tan_cuong["commune_code"], "05503");
    assert_eq!(tan_cuong["id"].as_str().unwrap().len(), 36);
    let by_name = ocop(&[
        "--data-dir",
        data,
        "producers",
        "search",
        "htx che tan cuong",
        "--json",
    ]);
    let hits: Value = serde_json::from_slice(&by_name.stdout).unwrap();
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "HTX Chè Tân Cương"),
        "{hits}"
    );

    let upper = ocop(&[
        "--data-dir",
        data,
        "producers",
        "search",
        "HẢO ĐẠT",
        "--json",
    ]);
    let hits: Value = serde_json::from_slice(&upper.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let d_for_dd = ocop(&[
        "--data-dir",
        data,
        "producers",
        "search",
        "hao dat",
        "--json",
    ]);
    let hits: Value = serde_json::from_slice(&d_for_dd.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "đ matches d");
}

#[test]
fn a_bad_header_is_rejected_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_csv(dir.path(), "bad.csv", "ten,loai\nA,B\n");
    let out = ocop(&[
        "--data-dir",
        dir.path().join("d").to_str().unwrap(),
        "producers",
        "import",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("tiêu đề"),
        "{}",
        text(&out.stderr)
    );
    let missing = ocop(&[
        "--data-dir",
        dir.path().join("d").to_str().unwrap(),
        "producers",
        "import",
        "/nonexistent.csv",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_data_folder_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("env-data");
    let file = write_csv(
        dir.path(),
        "one.csv",
        &format!(
            "{HEADER}HTX Chè Hảo Đạt,Hợp tác xã,4600123456,05503,,0912345678,Nguyễn Thị Hảo\n"
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["producers", "import", &file])
        .env("OCOP_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(data.join("ocop.sqlite3").is_file());
}

#[test]
fn backup_then_restore_brings_back_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let file = write_csv(
        dir.path(),
        "one.csv",
        &format!(
            "{HEADER}HTX Chè Hảo Đạt,Hợp tác xã,4600123456,05503,,0912345678,Nguyễn Thị Hảo\n"
        ),
    );
    assert!(ocop(&["--data-dir", data, "producers", "import", &file])
        .status
        .success());
    let backup = dir.path().join("sao-luu.ocop");
    let out = ocop(&[
        "--data-dir",
        data,
        "backup",
        backup.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(info["bytes"].as_u64().unwrap() > 0);

    // More data after the backup, then restore: the later producer is gone again.
    let later = write_csv(
        dir.path(),
        "two.csv",
        &format!(
            "{HEADER}HTX Miến Việt Cường,Hợp tác xã,4600999999,05503,,0912000111,Lê Văn Cường\n"
        ),
    );
    assert!(ocop(&["--data-dir", data, "producers", "import", &later])
        .status
        .success());
    let out = ocop(&["restore", backup.to_str().unwrap(), "--data-dir", data]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: Value = serde_json::from_slice(
        &ocop(&["--data-dir", data, "producers", "search", "", "--json"]).stdout,
    )
    .unwrap();
    let names: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["HTX Chè Hảo Đạt"]);

    // A file that is not a backup is refused and nothing changes.
    let junk = dir.path().join("junk.ocop");
    std::fs::write(&junk, b"not a backup").unwrap();
    let out = ocop(&["--data-dir", data, "restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    let hits: Value = serde_json::from_slice(
        &ocop(&[
            "--data-dir",
            data,
            "producers",
            "search",
            "hao dat",
            "--json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["producers", "--help"],
        vec!["producers", "import", "--help"],
        vec!["producers", "search", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["criteria", "--help"],
        vec!["score", "--help"],
        vec!["certificate", "--help"],
    ] {
        let out = ocop(&args);
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
}
