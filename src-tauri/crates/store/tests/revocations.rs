//! Revocations as records of the database (issue 11): the list another laptop imports is an
//! export of the database and is kept in it; the seal's old files (`keys/revocations.json`,
//! `keys/issued.jsonl`) are imported once; a version-8 database keeps its certificates through
//! migration 0010. Real SQLite files and key files in temporary folders.

use ocop_domain::ids::FixedClock;
use ocop_pdf::IssuerTemplate;
use ocop_seal::{parse_iso, Claims, Date, Ground, KeyStore, Revocation, ShortCode, Status};
use ocop_store::{
    CertificateError, CertificateIssuer, CertificateQuery, CertificateStatus, ExternalCertificate,
    Origin, RevocationImport, Store, StoreError, StoreOptions,
};
use std::path::Path;
use std::sync::Arc;

fn d(s: &str) -> Date {
    parse_iso(s).unwrap()
}

async fn open(dir: &Path) -> Store {
    let t = time::macros::datetime!(2026-11-29 02:00 UTC);
    Store::open(
        dir,
        StoreOptions {
            clock: Arc::new(FixedClock::new(t)),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap()
}

fn issuer(id: &str, name: &str) -> CertificateIssuer {
    CertificateIssuer {
        id: id.into(),
        template: IssuerTemplate {
            issuer_name: name.into(),
            ..IssuerTemplate::thai_nguyen()
        },
    }
}

fn paper(issuer: CertificateIssuer, number: &str) -> ExternalCertificate {
    ExternalCertificate {
        issuer,
        number: number.into(),
        product: "Chè búp Tân Cương".into(),
        producer: "HTX Chè Hảo Đạt".into(),
        address: "Xã Tân Cương".into(),
        star: 4,
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: d("2026-06-01"),
        issue_date: d("2026-06-05"),
        signer_name: "Nguyễn Văn Bình".into(),
        result_hash: [1; 16],
        product_set_title: None,
        product_id: None,
    }
}

fn revocation(number: &str, key_id: &str, decision: &str, date: &str) -> Revocation {
    Revocation {
        certificate_number: number.into(),
        key_id: key_id.parse().unwrap(),
        decision_number: decision.into(),
        date: d(date),
        ground: Ground::Dd,
    }
}

async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_revocation_list_exported_by_one_laptop_is_kept_in_the_database_of_another() {
    let a_dir = tempfile::tempdir().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let a = open(a_dir.path()).await;
    let b = open(b_dir.path()).await;
    // Laptop A (Hà Giang) issues two certificates and revokes one.
    let ha_giang = issuer("ha-giang", "UBND TỈNH HÀ GIANG");
    let one = a
        .record_certificate(&paper(ha_giang.clone(), "HG-2026-0001"))
        .await
        .unwrap();
    let two = a
        .record_certificate(&paper(ha_giang.clone(), "HG-2026-0002"))
        .await
        .unwrap();
    let revoke = ocop_store::RevokeInput {
        decision_number: "88/QĐ-UBND".into(),
        decision_date: d("2026-10-01"),
        ground: Ground::Dd,
    };
    a.revoke_certificate(&one.id, &revoke, a.today())
        .await
        .unwrap();
    let exported = a.certificate_revocations().await.unwrap();
    assert_eq!(
        exported,
        [revocation(
            "HG-2026-0001",
            &one.key_id,
            "88/QĐ-UBND",
            "2026-10-01"
        )]
    );

    // Laptop B trusts A's key; before the import, A's revoked certificate verifies valid.
    let a_keys = KeyStore::open(a_dir.path()).unwrap();
    let mut b_keys = KeyStore::open(b_dir.path()).unwrap();
    b_keys
        .trust(a_keys.export_public("ha-giang").unwrap())
        .unwrap();
    let v = b.verify_certificate(&one.qr_text, b.today()).await.unwrap();
    assert_eq!(v.status, Status::Valid);
    let log0 = count(&b, "SELECT count(*) FROM change_log").await;
    let json = serde_json::to_string(&exported).unwrap();
    let list: Vec<Revocation> = serde_json::from_str(&json).unwrap();
    let report = b.import_revocations(&list).await.unwrap();
    assert_eq!(
        report,
        RevocationImport {
            applied: 0,
            received: 1,
            unchanged: 0
        }
    );
    // Kept in B's database (a table of its own, logged for sync), not in a file.
    assert_eq!(
        count(&b, "SELECT count(*) FROM received_revocations").await,
        1
    );
    assert_eq!(count(&b, "SELECT count(*) FROM change_log").await - log0, 1);
    assert!(!b_dir.path().join("keys/revocations.json").exists());
    let v = b.verify_certificate(&one.qr_text, b.today()).await.unwrap();
    assert_eq!(v.status, Status::Revoked, "{}", v.reason);
    assert!(v.reason.contains("88/QĐ-UBND"), "{}", v.reason);
    assert_eq!(
        b.verify_certificate(&two.qr_text, b.today())
            .await
            .unwrap()
            .status,
        Status::Valid
    );
    // B's own export relays it; importing again changes nothing.
    assert_eq!(b.certificate_revocations().await.unwrap(), exported);
    let again = b.import_revocations(&list).await.unwrap();
    assert_eq!(again.unchanged, 1);
    assert_eq!(count(&b, "SELECT count(*) FROM change_log").await - log0, 1);

    // Another decision for the same certificate is refused, and the whole list with it.
    let contradicting = vec![
        revocation("HG-2026-0002", &two.key_id, "90/QĐ-UBND", "2026-10-02"),
        revocation("HG-2026-0001", &one.key_id, "99/QĐ-UBND", "2026-10-03"),
    ];
    let err = b.import_revocations(&contradicting).await.unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(err.message_vi().contains("88/QĐ-UBND"), "{err}");
    assert_eq!(
        b.verify_certificate(&two.qr_text, b.today())
            .await
            .unwrap()
            .status,
        Status::Valid,
        "all or nothing"
    );

    // Back on A, the same list applies to its own rows through revoke's checks: unchanged.
    let on_a = a.import_revocations(&list).await.unwrap();
    assert_eq!(on_a.unchanged, 1);
    // A revocation dated before issue is refused naming the entry and the field.
    let early = vec![revocation(
        "HG-2026-0002",
        &two.key_id,
        "1/QĐ-UBND",
        "2026-01-01",
    )];
    let err = a.import_revocations(&early).await.unwrap_err();
    assert_eq!(err.fields()[0].field, "revocations[0].decision_date");
    // A valid one is applied to the row, exactly as if revoked in the window.
    let later = vec![revocation(
        "HG-2026-0002",
        &two.key_id,
        "91/QĐ-UBND",
        "2026-11-01",
    )];
    assert_eq!(a.import_revocations(&later).await.unwrap().applied, 1);
    let two_now = a.certificate(&two.id, a.today()).await.unwrap();
    assert_eq!(two_now.status, CertificateStatus::Revoked);
    assert_eq!(two_now.revocation.unwrap().decision_number, "91/QĐ-UBND");
}

#[tokio::test]
async fn a_received_revocation_moves_onto_the_certificate_once_it_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ha_giang = issuer("ha-giang", "UBND TỈNH HÀ GIANG");
    let key_id = KeyStore::open(dir.path())
        .unwrap()
        .signing_key("ha-giang", "UBND TỈNH HÀ GIANG")
        .unwrap()
        .key_id
        .to_string();
    // The revocation arrives before the certificate (for example from a laptop sharing the
    // key), then the certificate is typed in.
    store
        .import_revocations(&[revocation(
            "HG-2026-0009",
            &key_id,
            "77/QĐ-UBND",
            "2026-10-01",
        )])
        .await
        .unwrap();
    let c = store
        .record_certificate(&paper(ha_giang, "HG-2026-0009"))
        .await
        .unwrap();
    assert_eq!(c.status, CertificateStatus::Revoked);
    assert_eq!(c.revocation.unwrap().decision_number, "77/QĐ-UBND");
    // Kept in one place: the received entry is closed.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM received_revocations WHERE deleted_at IS NULL"
        )
        .await,
        0
    );
    assert_eq!(store.certificate_revocations().await.unwrap().len(), 1);
}

/// Writes what the seal kept beside the keys before migration 0010: `keys/issued.jsonl` (one
/// `{code, qr_text}` per line) and `keys/revocations.json`. Returns the QR texts written.
fn write_old_seal_files(dir: &Path) -> Vec<ocop_seal::Issued> {
    let mut keys = KeyStore::open(dir).unwrap();
    let key = keys
        .signing_key("thai-nguyen", "UBND TỈNH THÁI NGUYÊN")
        .unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let stranger = KeyStore::open(other_dir.path())
        .unwrap()
        .signing_key("lao-cai", "UBND TỈNH LÀO CAI")
        .unwrap();
    let sign = |number: &str, key: &ocop_seal::IssuerKey| {
        ocop_seal::sign(
            &Claims {
                number: number.into(),
                product: "Chè Tân Cương".into(),
                producer: "HTX Chè Hảo Đạt".into(),
                star: 4,
                decision_number: "1234/QĐ-UBND".into(),
                decision_date: d("2026-06-15"),
                valid_until: ocop_seal::valid_until(d("2026-06-15")),
                result_hash: [3; 16],
            },
            key,
        )
        .unwrap()
    };
    let issued = vec![
        sign("015/GCN-OCOP-2026", &key),
        sign("016/GCN-OCOP-2026", &key),
    ];
    let foreign = sign("LC-2026-0001", &stranger);
    let mut lines = String::new();
    for i in issued.iter().chain([&foreign]) {
        lines.push_str(
            &serde_json::json!({ "code": i.code.to_string(), "qr_text": i.qr_text }).to_string(),
        );
        lines.push('\n');
    }
    lines.push_str("{\"code\": \"cut off by a cra");
    std::fs::write(dir.join("keys/issued.jsonl"), lines).unwrap();
    let revocations = serde_json::json!([
        { "certificate_number": "016/GCN-OCOP-2026", "key_id": key.key_id.to_string(),
          "decision_number": "88/QĐ-UBND", "date": "2026-10-01", "ground": "đ" },
        { "certificate_number": "LC-2026-0001", "key_id": stranger.key_id.to_string(),
          "decision_number": "5/QĐ-UBND", "date": "2026-09-01", "ground": "b" }
    ]);
    std::fs::write(
        dir.join("keys/revocations.json"),
        serde_json::to_vec_pretty(&revocations).unwrap(),
    )
    .unwrap();
    issued
}

#[tokio::test]
async fn the_seals_old_files_are_imported_once_and_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let issued = write_old_seal_files(dir.path());
    let store = open(dir.path()).await;
    // The registry's certificates are records now, verified by their short codes.
    let all = store
        .list_certificates(&CertificateQuery::default(), store.today())
        .await
        .unwrap();
    assert_eq!(
        all.total, 2,
        "the stranger's line and the torn line are left out"
    );
    assert!(all.rows.iter().all(|c| c.origin == Origin::External));
    let first = all
        .rows
        .iter()
        .find(|c| c.number == "015/GCN-OCOP-2026")
        .unwrap();
    assert_eq!(first.short_code, issued[0].code.to_string());
    assert_eq!(first.issue_date, "2026-06-15");
    assert_eq!(first.issuer_name, "UBND TỈNH THÁI NGUYÊN");
    let v = store
        .verify_certificate_code(&issued[0].code, store.today())
        .await
        .unwrap();
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    // The revocations: one on its certificate, the stranger's kept as received.
    let v = store
        .verify_certificate_code(&issued[1].code, store.today())
        .await
        .unwrap();
    assert_eq!(v.status, Status::Revoked, "{}", v.reason);
    assert_eq!(store.certificate_revocations().await.unwrap().len(), 2);
    // The files are renamed, so nothing is imported twice and nothing is lost.
    let keys = dir.path().join("keys");
    assert!(!keys.join("issued.jsonl").exists());
    assert!(!keys.join("revocations.json").exists());
    assert!(keys.join("issued.jsonl.imported").is_file());
    assert!(keys.join("revocations.json.imported").is_file());
    let log = count(&store, "SELECT count(*) FROM change_log").await;
    store.close().await;
    let store = open(dir.path()).await;
    assert_eq!(count(&store, "SELECT count(*) FROM change_log").await, log);

    // The report says what was left out and why.
    std::fs::copy(
        keys.join("issued.jsonl.imported"),
        keys.join("issued.jsonl"),
    )
    .unwrap();
    let report = store.import_seal_files().await.unwrap();
    assert_eq!(report.certificates, 0, "already recorded");
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(
        report.skipped[0].contains("dòng 3") && report.skipped[0].contains("khóa ký"),
        "{:?}",
        report.skipped
    );
    assert!(report.skipped[1].contains("dòng 4"), "{:?}", report.skipped);
    assert_eq!(report.renamed.len(), 1);
    assert!(
        report.renamed[0].starts_with("keys/issued.jsonl.imported-"),
        "an earlier import's file is kept: {:?}",
        report.renamed
    );
    assert_eq!(count(&store, "SELECT count(*) FROM change_log").await, log);
}

#[tokio::test]
async fn an_old_backup_with_the_seals_files_restores_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let issued = write_old_seal_files(dir.path());
    let store = open(dir.path()).await;
    // A backup as an old app made it: the registry and revocation files beside the keys.
    let keys = dir.path().join("keys");
    for name in ["issued.jsonl", "revocations.json"] {
        std::fs::copy(keys.join(format!("{name}.imported")), keys.join(name)).unwrap();
    }
    let backup = files.path().join("old.ocop");
    store.backup_to(&backup).await.unwrap();

    let fresh = tempfile::tempdir().unwrap();
    let other = open(fresh.path()).await;
    let other = other.restore_from(&backup).await.unwrap();
    let all = other
        .list_certificates(&CertificateQuery::default(), other.today())
        .await
        .unwrap();
    assert_eq!(all.total, 2, "the restored database already held them");
    assert_eq!(other.certificate_revocations().await.unwrap().len(), 2);
    assert!(!fresh.path().join("keys/issued.jsonl").exists());
    assert!(!fresh.path().join("keys/revocations.json").exists());
    let v = other
        .verify_certificate_code(&issued[1].code, other.today())
        .await
        .unwrap();
    assert_eq!(v.status, Status::Revoked, "{}", v.reason);
}

#[tokio::test]
async fn a_corrupt_old_revocation_file_is_left_in_place_and_the_folder_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("keys")).unwrap();
    std::fs::write(
        dir.path().join("keys/revocations.json"),
        b"[{\"certificate_",
    )
    .unwrap();
    let store = open(dir.path()).await;
    let report = store.import_seal_files().await.unwrap();
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].contains("revocations.json"));
    assert!(dir.path().join("keys/revocations.json").is_file());
    assert!(report.renamed.is_empty());
}

/// Applies migrations 0001–0008 to a copy of the version-1 fixture, as an app of issue 4 left
/// the file.
async fn a_version_8_database(dir: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-0001.sqlite3");
    std::fs::copy(&fixture, dir.join(ocop_store::DB_FILE)).unwrap();
    let old = tempfile::tempdir().unwrap();
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&migrations).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.as_str() < "0009" {
            std::fs::copy(entry.path(), old.path().join(&name)).unwrap();
        }
    }
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(dir.join(ocop_store::DB_FILE))
                .foreign_keys(true),
        )
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(old.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let version: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(version, 8);
    // A council certificate of that time, revoked, with its signed QR.
    let mut keys = KeyStore::open(dir).unwrap();
    let key = keys
        .signing_key("thai-nguyen", "UBND TỈNH THÁI NGUYÊN")
        .unwrap();
    let issued = ocop_seal::sign(
        &Claims {
            number: "001/GCN-OCOP-2026".into(),
            product: "Chè Phúc Trìu".into(),
            producer: "HTX Chè Phúc Trìu".into(),
            star: 4,
            decision_number: "1/QĐ-UBND".into(),
            decision_date: d("2026-06-15"),
            valid_until: ocop_seal::valid_until(d("2026-06-15")),
            result_hash: [9; 16],
        },
        &key,
    )
    .unwrap();
    let doc = ocop_pdf::CertificateDoc {
        number: issued.fields.number.clone(),
        issuer: IssuerTemplate::thai_nguyen(),
        product: issued.fields.product.clone(),
        producer: issued.fields.producer.clone(),
        address: "Xã Phúc Trìu".into(),
        star: 4,
        product_set_title: None,
        decision_number: "1/QĐ-UBND".into(),
        decision_date: "2026-06-15".into(),
        issue_date: "2026-06-15".into(),
        valid_until: "2029-06-15".into(),
        signer_name: "Nguyễn Văn A".into(),
        qr_text: issued.qr_text.clone(),
        short_code: issued.code.to_string(),
    };
    sqlx::query(
        "INSERT INTO certificates (id, number, issuer_id, key_id, seq, year, product_id, \
         result_id, result_hash, score, star, basis, product_set, snapshot, qr_text, short_code, \
         issue_date, valid_until, decision_number, decision_date, signer_title, signer_name, \
         revocation_number, revocation_date, revocation_ground, search_text, created_at, \
         updated_at, device_id) VALUES ('c-1', '001/GCN-OCOP-2026', 'thai-nguyen', ?, 1, 2026, \
         '01930000-0000-7000-8000-000000000002', 'r-1', '09090909090909090909090909090909', \
         '82.50', 4, '26/2026/QĐ-TTg', '11', ?, ?, ?, '2026-06-15', '2029-06-15', '1/QĐ-UBND', \
         '2026-06-15', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn A', '5/QĐ-UBND', '2026-09-01', 'b', \
         'che phuc triu', '2026-06-15T02:00:00.000Z', '2026-09-01T02:00:00.000Z', \
         '01930000-0000-7000-8000-00000000d001')",
    )
    .bind(key.key_id.to_string())
    .bind(serde_json::to_string(&doc).unwrap())
    .bind(&issued.qr_text)
    .bind(issued.code.to_string())
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_version_8_database_keeps_its_certificates_through_migration_0010() {
    let dir = tempfile::tempdir().unwrap();
    a_version_8_database(dir.path()).await;
    let store = open(dir.path()).await;
    assert_eq!(
        store.schema_version().await.unwrap(),
        ocop_store::supported_schema_version()
    );
    let c = store.certificate("c-1", d("2026-11-29")).await.unwrap();
    assert_eq!(c.origin, Origin::Council);
    assert_eq!(
        c.product_id.as_deref(),
        Some("01930000-0000-7000-8000-000000000002")
    );
    assert_eq!(c.result_id.as_deref(), Some("r-1"));
    assert_eq!(c.status, CertificateStatus::Revoked);
    assert_eq!(c.revocation.unwrap().decision_number, "5/QĐ-UBND");
    assert_eq!(c.updated_at, "2026-09-01T02:00:00.000Z");
    let v = store
        .verify_certificate(&c.qr_text, d("2026-11-29"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Revoked, "{}", v.reason);
    let code: ShortCode = c.short_code.parse().unwrap();
    assert_eq!(
        store
            .verify_certificate_code(&code, d("2026-11-29"))
            .await
            .unwrap()
            .status,
        Status::Revoked
    );
    // The indexes came back, and the new one holds: a key signs a number once.
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'certificates' \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(
        indexes,
        [
            "certificates_key_number",
            "certificates_number",
            "certificates_product",
            "certificates_result",
            "certificates_short_code",
            "certificates_valid_until"
        ]
    );
    let fk: Vec<(i64, String, String, i64, String)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(fk.is_empty(), "{fk:?}");
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    // Its number is never handed out again.
    let err = store
        .record_certificate(&ExternalCertificate {
            issuer: issuer("thai-nguyen", "UBND TỈNH THÁI NGUYÊN"),
            ..paper(
                issuer("thai-nguyen", "UBND TỈNH THÁI NGUYÊN"),
                "001/GCN-OCOP-2026",
            )
        })
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Certificate(CertificateError::NumberReused { .. })
    ));
}
