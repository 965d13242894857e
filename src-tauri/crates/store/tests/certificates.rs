//! Certificates in SQLite (issue 4): batch issuing, numbering, frozen snapshots, statuses by
//! date, deadlines, revocation, extension and replacement, on real SQLite files.

use ocop_domain::certificate::Life;
use ocop_domain::ids::FixedClock;
use ocop_domain::model::{Producer, Product, SettingsPatch};
use ocop_pdf::IssuerTemplate;
use ocop_seal::{parse_iso, Date, Ground, ShortCode, Status};
use ocop_store::{
    CertificateError, CertificateIssuer, CertificateQuery, CertificateStatus, Deadline, Decision,
    ExtendInput, ExternalCertificate, IssueItem, Origin, RevokeInput, Store, StoreOptions,
};
use std::path::Path;
use std::sync::Arc;

fn d(s: &str) -> Date {
    parse_iso(s).unwrap()
}

async fn open(dir: &Path) -> Store {
    let t = time::OffsetDateTime::parse(
        "2026-06-15T02:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
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

fn issuer() -> CertificateIssuer {
    CertificateIssuer::from_template(IssuerTemplate::thai_nguyen())
}

fn decision(number: &str, date: &str) -> Decision {
    Decision {
        number: number.into(),
        date: d(date),
        signer_title: "PHÓ CHỦ TỊCH".into(),
        signer_name: "Nguyễn Văn A".into(),
    }
}

fn item(product_id: &str, result_id: &str, star: u8) -> IssueItem {
    IssueItem {
        product_id: product_id.into(),
        result_id: result_id.into(),
        result_hash: format!("{:032x}", result_id.len() as u128 * 7919),
        score: "82.50".into(),
        star,
        basis: "26/2026/QĐ-TTg".into(),
        set: "11".into(),
    }
}

/// A producer in Tân Cương with `n` products; returns the product ids.
async fn products(store: &Store, n: usize) -> Vec<String> {
    let producer = store
        .producer_save(
            &Producer {
                name: "HTX Chè Hảo Đạt".into(),
                producer_type: "hop_tac_xa".into(),
                commune_code: "05443".into(),
                address: Some("Xóm Hồng Thái 2".into()),
                phone: Some("0912345678".into()),
                ..Default::default()
            },
            true,
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let p = store
            .product_save(&Product {
                producer_id: producer.id.clone().unwrap(),
                name: format!("Chè Tân Cương loại {}", i + 1),
                product_set: Some(11),
                ..Default::default()
            })
            .await
            .unwrap();
        ids.push(p.id.unwrap());
    }
    ids
}

async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn batch_numbers_follow_the_pattern_and_snapshot_is_signed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 3).await;
    let log0 = count(&store, "SELECT count(*) FROM change_log").await;
    let issued = store
        .issue_certificates(
            &issuer(),
            &decision("1234/QĐ-UBND", "2026-06-15"),
            ids.iter()
                .enumerate()
                .map(|(i, p)| item(p, &format!("r{i}"), 4))
                .collect(),
        )
        .await
        .unwrap();
    let numbers: Vec<&str> = issued.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "001/GCN-OCOP-2026",
            "002/GCN-OCOP-2026",
            "003/GCN-OCOP-2026"
        ]
    );
    let c = &issued[0];
    assert_eq!(c.status, CertificateStatus::Valid);
    assert_eq!(c.result_hash.len(), 32);
    assert_eq!(c.valid_until, "2029-06-15");
    assert_eq!(c.producer_name, "HTX Chè Hảo Đạt");
    assert!(c.address.starts_with("Xóm Hồng Thái 2, "), "{}", c.address);
    assert!(c.address.ends_with("tỉnh Thái Nguyên"), "{}", c.address);
    assert_eq!(c.snapshot.signer_name, "Nguyễn Văn A");
    assert_eq!(c.snapshot.qr_text, c.qr_text);
    assert!(c.qr_text.starts_with("OC1:"));
    assert!(!c.product_code.is_empty());
    // The QR verifies with this data folder's key, and its short code too.
    let v = store
        .verify_certificate(&c.qr_text, d("2026-07-01"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Valid);
    assert_eq!(v.fields.unwrap().number, "001/GCN-OCOP-2026");
    let code: ShortCode = c.short_code.parse().unwrap();
    let v = store
        .verify_certificate_code(&code, d("2026-07-01"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Valid);
    // One change-log row per certificate, and the product's status change with its history
    // row, all in the same transaction.
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await - log0,
        9
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'certificates'"
        )
        .await,
        3
    );
    let (payload,): (String,) = sqlx::query_as(
        "SELECT payload FROM change_log WHERE table_name = 'certificates' ORDER BY seq LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["number"], "001/GCN-OCOP-2026");
    assert_eq!(payload["snapshot"]["product"], "Chè Tân Cương loại 1");
    // A new year starts a new series.
    let next = store
        .issue_certificates(
            &issuer(),
            &decision("5/QĐ-UBND", "2027-01-10"),
            vec![item(&ids[0], "r-2027", 5)],
        )
        .await
        .unwrap();
    assert_eq!(next[0].number, "001/GCN-OCOP-2027");
}

#[tokio::test]
async fn numbers_are_never_reused_and_results_never_certified_twice() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    let dec = decision("1/QĐ-UBND", "2026-06-15");
    store
        .issue_certificates(&issuer(), &dec, vec![item(&ids[0], "a", 3)])
        .await
        .unwrap();
    let err = store
        .issue_certificates(&issuer(), &dec, vec![item(&ids[1], "a", 3)])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(err.message_vi().contains("001/GCN-OCOP-2026"));
    // Deleting the row (a tombstone or even a hard delete) does not free its number.
    sqlx::query("DELETE FROM certificates")
        .execute(store.pool())
        .await
        .unwrap();
    let again = store
        .issue_certificates(&issuer(), &dec, vec![item(&ids[1], "b", 3)])
        .await
        .unwrap();
    assert_eq!(again[0].number, "002/GCN-OCOP-2026");
}

#[tokio::test]
async fn concurrent_batches_get_distinct_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let other = open(dir.path()).await; // a second pool on the same file, like a second process
    let ids = products(&store, 1).await;
    let mut tasks = Vec::new();
    for t in 0..6 {
        let s = if t % 2 == 0 {
            store.clone()
        } else {
            other.clone()
        };
        let pid = ids[0].clone();
        tasks.push(tokio::spawn(async move {
            let items = (0..5)
                .map(|i| item(&pid, &format!("t{t}-{i}"), 4))
                .collect();
            s.issue_certificates(&issuer(), &decision("9/QĐ-UBND", "2026-06-15"), items)
                .await
                .unwrap()
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.extend(t.await.unwrap().into_iter().map(|c| c.number));
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 30);
    assert_eq!(numbers.last().unwrap(), "030/GCN-OCOP-2026");
}

#[tokio::test]
async fn batch_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    let dec = decision("2/QĐ-UBND", "2026-06-15");
    // A 2-star item is refused before anything is written.
    let err = store
        .issue_certificates(
            &issuer(),
            &dec,
            vec![item(&ids[0], "x", 4), item(&ids[1], "y", 2)],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Validation");
    assert_eq!(err.fields()[0].field, "items[1].star");
    // An unknown product in the middle of a batch rolls back the first one, counter included.
    let err = store
        .issue_certificates(
            &issuer(),
            &dec,
            vec![item(&ids[0], "x", 4), item("no-such-product", "y", 4)],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "NotFound");
    assert_eq!(count(&store, "SELECT count(*) FROM certificates").await, 0);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'certificates'"
        )
        .await,
        0
    );
    // The first product's status did not move either: it follows the certificate, in its
    // transaction.
    let before = store.product_get(&ids[0]).await.unwrap();
    assert_ne!(before.status, "recognised");
    let ok = store
        .issue_certificates(&issuer(), &dec, vec![item(&ids[0], "x", 4)])
        .await
        .unwrap();
    assert_eq!(ok[0].number, "001/GCN-OCOP-2026");
    let after = store.product_get(&ids[0]).await.unwrap();
    assert_eq!(after.status, "recognised");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM product_status_history WHERE status = 'recognised' \
             AND note LIKE '%001/GCN-OCOP-2026%'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn snapshot_is_frozen_after_a_product_rename() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("3/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    let mut p = store.product_get(&ids[0]).await.unwrap();
    p.name = "Chè búp Tân Cương đổi tên".into();
    store.product_save(&p).await.unwrap();
    let again = store.certificate(&c.id, d("2026-07-01")).await.unwrap();
    assert_eq!(again.product_name, "Chè Tân Cương loại 1");
    let docs = store
        .certificate_docs(std::slice::from_ref(&c.id))
        .await
        .unwrap();
    assert_eq!(docs[0], c.snapshot);
    assert_eq!(docs[0].product, "Chè Tân Cương loại 1");
}

#[tokio::test]
async fn statuses_and_deadline_window_edges_by_date() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("4/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    // Expiry 2029-06-15: window from 2028-12-17 (180 days before) to 2029-02-15 (120 days).
    let window = |date: &'static str| {
        let store = store.clone();
        async move {
            store
                .list_certificates(
                    &CertificateQuery {
                        deadline: Some(Deadline::Window),
                        ..Default::default()
                    },
                    d(date),
                )
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(window("2028-12-16").await, 0);
    assert_eq!(window("2028-12-17").await, 1);
    assert_eq!(window("2029-02-15").await, 1);
    assert_eq!(window("2029-02-16").await, 0);
    let status = |date: &'static str| {
        let store = store.clone();
        let id = c.id.clone();
        async move { store.certificate(&id, d(date)).await.unwrap().status }
    };
    assert_eq!(status("2029-06-15").await, CertificateStatus::Valid);
    assert_eq!(status("2029-06-16").await, CertificateStatus::Expired);
    let expired = store
        .list_certificates(
            &CertificateQuery {
                deadline: Some(Deadline::Expired),
                ..Default::default()
            },
            d("2029-06-16"),
        )
        .await
        .unwrap();
    assert_eq!(expired.total, 1);
    assert_eq!(expired.rows[0].days_to_expiry, -1);
    let by_status = store
        .list_certificates(
            &CertificateQuery {
                status: Some(CertificateStatus::Valid),
                query: Some("che tan cuong".into()),
                ..Default::default()
            },
            d("2026-07-01"),
        )
        .await
        .unwrap();
    assert_eq!(by_status.total, 1);
}

#[tokio::test]
async fn revoked_certificate_verifies_as_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("5/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    let revoke = RevokeInput {
        decision_number: "77/QĐ-UBND".into(),
        decision_date: d("2027-02-01"),
        ground: Ground::C,
    };
    let r = store
        .revoke_certificate(&c.id, &revoke, d("2027-02-02"))
        .await
        .unwrap();
    assert_eq!(r.status, CertificateStatus::Revoked);
    let rev = r.revocation.unwrap();
    assert_eq!(rev.ground, Ground::C);
    assert_eq!(rev.decision_date, "2027-02-01");
    let v = store
        .verify_certificate(&c.qr_text, d("2027-02-02"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Revoked);
    assert_eq!(v.revocation.unwrap().decision_number, "77/QĐ-UBND");
    // The seal's own revocation file knows nothing of it: SQLite is the source.
    assert!(!dir.path().join("keys/revocations.json").exists());
    let again = store
        .revoke_certificate(&c.id, &revoke, d("2027-02-02"))
        .await
        .unwrap_err();
    assert_eq!(again.code(), "Conflict");
    let ext = store
        .extend_certificate(
            &c.id,
            &ExtendInput {
                until: None,
                note: "Hồ sơ 12/PĐK".into(),
            },
            d("2027-02-02"),
        )
        .await
        .unwrap_err();
    assert_eq!(ext.code(), "Conflict");
}

#[tokio::test]
async fn extension_under_the_transition_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("6/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    let too_early = store
        .extend_certificate(
            &c.id,
            &ExtendInput {
                until: None,
                note: "Hồ sơ đánh giá lại 3/PĐK".into(),
            },
            d("2029-02-14"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        too_early.code(),
        "Conflict",
        "the filing window is still open"
    );
    let too_far = store
        .extend_certificate(
            &c.id,
            &ExtendInput {
                until: Some("2029-12-13".into()),
                note: "Hồ sơ đánh giá lại 3/PĐK".into(),
            },
            d("2029-05-01"),
        )
        .await
        .unwrap_err();
    assert_eq!(too_far.fields()[0].field, "until");
    let e = store
        .extend_certificate(
            &c.id,
            &ExtendInput {
                until: None,
                note: "Hồ sơ đánh giá lại 3/PĐK".into(),
            },
            d("2029-05-01"),
        )
        .await
        .unwrap();
    // 180 days after 2029-06-15.
    assert_eq!(e.extended_until.as_deref(), Some("2029-12-12"));
    assert_eq!(e.status, CertificateStatus::Valid);
    let on = |date: &'static str| {
        let store = store.clone();
        let id = c.id.clone();
        async move { store.certificate(&id, d(date)).await.unwrap().status }
    };
    assert_eq!(on("2029-06-16").await, CertificateStatus::Extended);
    assert_eq!(on("2029-12-12").await, CertificateStatus::Extended);
    assert_eq!(on("2029-12-13").await, CertificateStatus::Expired);
    let v = store
        .verify_certificate(&c.qr_text, d("2029-08-01"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Valid);
    assert!(v.reason.contains("khoản 3 Điều 12"), "{}", v.reason);
    let v = store
        .verify_certificate(&c.qr_text, d("2029-12-13"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Expired);
    let late = store
        .extend_certificate(
            &c.id,
            &ExtendInput {
                until: None,
                note: "x".into(),
            },
            d("2029-12-13"),
        )
        .await
        .unwrap_err();
    assert_eq!(late.code(), "Conflict");
}

#[tokio::test]
async fn a_newer_certificate_supersedes_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    let old = store
        .issue_certificates(
            &issuer(),
            &decision("7/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r1", 3), item(&ids[1], "r2", 3)],
        )
        .await
        .unwrap();
    let new = store
        .issue_certificates(
            &issuer(),
            &decision("8/QĐ-UBND", "2027-03-01"),
            vec![item(&ids[0], "r3", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    let o = store
        .certificate(&old[0].id, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(o.status, CertificateStatus::Superseded);
    assert_eq!(o.superseded_by.as_deref(), Some(new.id.as_str()));
    let untouched = store
        .certificate(&old[1].id, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(untouched.status, CertificateStatus::Valid);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'certificates' AND op = 'update'"
        )
        .await,
        1
    );
    let list = store
        .list_certificates(
            &CertificateQuery {
                status: Some(CertificateStatus::Superseded),
                ..Default::default()
            },
            d("2027-03-02"),
        )
        .await
        .unwrap();
    assert_eq!(list.total, 1);

    // Verified after the replacement, the old certificate is genuine but no longer in force:
    // `expired` (not `revoked`: no revocation decision was made), the reason naming the new
    // certificate and its decision. By code as well as by QR text.
    let v = store
        .verify_certificate(&old[0].qr_text, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Expired, "{}", v.reason);
    assert!(v.revocation.is_none());
    assert!(v.reason.contains(&new.number), "{}", v.reason);
    assert!(v.reason.contains("8/QĐ-UBND"), "{}", v.reason);
    assert!(v.reason.contains("thay thế"), "{}", v.reason);
    let code: ShortCode = old[0].short_code.parse().unwrap();
    let by_code = store
        .verify_certificate_code(&code, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(by_code, v);
    // Before the newer certificate was issued it was valid, and so is the untouched one.
    let before = store
        .verify_certificate(&old[0].qr_text, d("2027-02-28"))
        .await
        .unwrap();
    assert_eq!(before.status, Status::Valid, "{}", before.reason);
    let other = store
        .verify_certificate(&old[1].qr_text, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(other.status, Status::Valid, "{}", other.reason);
    let current = store
        .verify_certificate(&new.qr_text, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(current.status, Status::Valid, "{}", current.reason);
}

#[tokio::test]
async fn a_number_pattern_without_seq_is_refused_and_never_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    // From a template file: refused when loaded, naming the field.
    std::fs::create_dir_all(dir.path().join("issuers")).unwrap();
    let mut bad = IssuerTemplate::thai_nguyen();
    bad.number_pattern = "GCN-OCOP-{year}".into();
    std::fs::write(
        dir.path().join("issuers/khong-seq.json"),
        serde_json::to_vec(&bad).unwrap(),
    )
    .unwrap();
    let err = CertificateIssuer::load(dir.path(), Some("khong-seq")).unwrap_err();
    assert_eq!(err.code(), "Validation");
    assert_eq!(err.fields()[0].field, "number_pattern");
    assert!(err.fields()[0].message.contains("{seq}"), "{err}");
    // Built in code: refused by the issuing itself, before anything is written.
    let log0 = count(&store, "SELECT count(*) FROM change_log").await;
    let bad_issuer = CertificateIssuer::from_template(bad);
    let dec = decision("9/QĐ-UBND", "2026-06-15");
    let issuing = store.issue_certificates(
        &bad_issuer,
        &dec,
        vec![item(&ids[0], "r1", 4), item(&ids[1], "r2", 4)],
    );
    let err = tokio::time::timeout(std::time::Duration::from_secs(20), issuing)
        .await
        .expect("issuing with a pattern without {seq} must not hang")
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "number_pattern");
    assert_eq!(count(&store, "SELECT count(*) FROM certificates").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM change_log").await, log0);
}

#[tokio::test]
async fn the_bound_on_skipped_numbers_still_moves_past_every_used_one() {
    // The skip loop stops after as many tries as numbers already used (plus one): with a
    // counter forced back to 0, the one used number is skipped and the next one is taken.
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    let first = store
        .issue_certificates(
            &issuer(),
            &decision("1/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r1", 4)],
        )
        .await
        .unwrap();
    sqlx::query("UPDATE certificate_counters SET last = 0")
        .execute(store.pool())
        .await
        .unwrap();
    let second = store
        .issue_certificates(
            &issuer(),
            &decision("2/QĐ-UBND", "2026-06-16"),
            vec![item(&ids[1], "r2", 4)],
        )
        .await
        .unwrap();
    assert_eq!(first[0].number, "001/GCN-OCOP-2026");
    assert_eq!(second[0].number, "002/GCN-OCOP-2026");
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gcn.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_signer_prefix_is_printed_once_whatever_the_form_holds() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 3).await;
    let mut printed = Vec::new();
    for (i, typed) in ["KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHỦ TỊCH"]
        .iter()
        .enumerate()
    {
        let mut dec = decision(&format!("{}/QĐ-UBND", i + 20), "2026-06-15");
        dec.signer_title = typed.to_string();
        let c = store
            .issue_certificates(&issuer(), &dec, vec![item(&ids[i], &format!("r{i}"), 4)])
            .await
            .unwrap()
            .remove(0);
        let pdf = ocop_pdf::render_certificate(
            &store
                .certificate_docs(std::slice::from_ref(&c.id))
                .await
                .unwrap()[0],
        )
        .unwrap();
        printed.push((c, pdftotext(&pdf)));
    }
    for (c, text) in &printed[..2] {
        assert_eq!(c.signer_title, "PHÓ CHỦ TỊCH");
        assert_eq!(c.snapshot.issuer.signer_prefix, "KT. CHỦ TỊCH");
        assert_eq!(text.matches("KT. CHỦ TỊCH").count(), 1, "{text}");
        assert_eq!(text.matches("PHÓ CHỦ TỊCH").count(), 1, "{text}");
    }
    let (chair, text) = &printed[2];
    assert_eq!(chair.signer_title, "CHỦ TỊCH");
    assert_eq!(chair.snapshot.issuer.signer_prefix, "");
    assert_eq!(text.matches("KT.").count(), 0, "{text}");
    assert_eq!(text.matches("CHỦ TỊCH").count(), 1, "{text}");
}

/// A certificate issued outside the council flow, typed in as `ocop certificate render` does.
fn external(number: &str, issue_date: &str) -> ExternalCertificate {
    ExternalCertificate {
        issuer: issuer(),
        number: number.into(),
        product: "Chè khác".into(),
        producer: "HTX khác".into(),
        address: "Xóm Soi Mít, xã Tân Cương".into(),
        star: 3,
        decision_number: "1/QĐ".into(),
        decision_date: d(issue_date),
        issue_date: d(issue_date),
        signer_name: "Nguyễn Văn B".into(),
        result_hash: [7; 16],
        product_set_title: None,
        product_id: None,
    }
}

#[tokio::test]
async fn numbers_rendered_by_hand_with_the_same_key_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    // `ocop certificate render` signed 001/GCN-OCOP-2026 with the issuer's key before.
    let by_hand = store
        .record_certificate(&external("001/GCN-OCOP-2026", "2026-01-05"))
        .await
        .unwrap();
    let issuer = issuer();
    let c = store
        .issue_certificates(
            &issuer,
            &decision("10/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(c.number, "002/GCN-OCOP-2026");
    // Both are in the database, so both short codes verify (the seal keeps no registry).
    let all = store
        .list_certificates(&CertificateQuery::default(), d("2026-06-15"))
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    for cert in [&by_hand, &c] {
        let code: ShortCode = cert.short_code.parse().unwrap();
        let v = store
            .verify_certificate_code(&code, d("2026-06-15"))
            .await
            .unwrap();
        assert_eq!(v.status, Status::Valid, "{}", v.reason);
    }
    assert!(!dir.path().join("keys/issued.jsonl").exists());
}

#[tokio::test]
async fn a_full_sha256_result_hash_is_kept_and_its_first_half_signed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let full = "00112233445566778899aabbccddeeffffeeddccbbaa99887766554433221100".to_string();
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("11/QĐ-UBND", "2026-06-15"),
            vec![IssueItem {
                result_hash: full.to_uppercase(),
                ..item(&ids[0], "locked-agenda-item", 5)
            }],
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(c.result_hash, full);
    let v = store
        .verify_certificate(&c.qr_text, d("2026-07-01"))
        .await
        .unwrap();
    let signed = serde_json::to_value(v.fields.unwrap()).unwrap();
    assert_eq!(signed["result_hash"], &full[..32]);
}

/// A second issuing body, Bắc Kạn, written as data into `<data_dir>/issuers/bac-kan.json`.
fn write_bac_kan(dir: &Path) -> IssuerTemplate {
    let mut t = IssuerTemplate::thai_nguyen();
    t.issuer_name = "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN".into();
    t.place = "Bắc Kạn".into();
    t.number_pattern = "{seq}/GCN-BK-{year}".into();
    t.border_color = [20, 80, 160];
    t.accent_color = [30, 120, 60];
    std::fs::create_dir_all(dir.join("issuers")).unwrap();
    std::fs::write(
        dir.join("issuers/bac-kan.json"),
        serde_json::to_vec_pretty(&t).unwrap(),
    )
    .unwrap();
    t
}

#[tokio::test]
async fn the_issuing_body_is_chosen_in_the_settings_from_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 3).await;
    let bac_kan = write_bac_kan(dir.path());
    // An unusable file is listed with its reason, never offered as usable.
    std::fs::write(dir.path().join("issuers/hong.json"), "{ not json").unwrap();

    let list = store.issuers_list().unwrap();
    let ids_listed: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids_listed,
        ["uy-ban-nhan-dan-tinh-thai-nguyen", "bac-kan", "hong"],
        "{list:?}"
    );
    assert!(list[0].bundled && list[0].problem.is_none());
    assert_eq!(list[0].place, "Thái Nguyên");
    assert_eq!(list[1].issuer_name, "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN");
    assert_eq!(list[1].place, "Bắc Kạn");
    assert_eq!(list[1].file.as_deref(), Some("issuers/bac-kan.json"));
    assert!(list[1].problem.is_none());
    assert!(
        list[2].problem.as_deref().unwrap().contains("JSON"),
        "{list:?}"
    );

    // No setting: the bundled default.
    assert_eq!(store.settings_get().await.unwrap().issuer_id, None);
    assert_eq!(
        store.settings_issuer().await.unwrap().id,
        "uy-ban-nhan-dan-tinh-thai-nguyen"
    );

    // An unknown or unusable issuer is refused on save, naming the field; nothing changes.
    for bad in ["khong-co", "hong", "../etc"] {
        let err = store
            .settings_set(&SettingsPatch {
                issuer_id: Some(bad.into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), "Validation", "{bad}: {err}");
        assert_eq!(err.fields()[0].field, "issuer_id", "{bad}: {err}");
    }
    assert_eq!(store.settings_get().await.unwrap().issuer_id, None);
    // A named issuer without a template file is an error, not a silent Thái Nguyên.
    let err = CertificateIssuer::load(dir.path(), Some("khong-co")).unwrap_err();
    assert_eq!(err.fields()[0].field, "issuer_id");
    assert!(err.fields()[0].message.contains("khong-co"), "{err}");

    let settings = store
        .settings_set(&SettingsPatch {
            issuer_id: Some("bac-kan".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(settings.issuer_id.as_deref(), Some("bac-kan"));
    let chosen = store.settings_issuer().await.unwrap();
    assert_eq!(chosen.id, "bac-kan");
    assert_eq!(chosen.template, bac_kan);

    let issued = store
        .issue_certificates(
            &chosen,
            &decision("77/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r0", 4), item(&ids[1], "r1", 5)],
        )
        .await
        .unwrap();
    let numbers: Vec<&str> = issued.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers, ["001/GCN-BK-2026", "002/GCN-BK-2026"]);
    assert_eq!(issued[0].issuer_id, "bac-kan");
    assert_eq!(issued[0].issuer_name, "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN");
    assert_eq!(issued[0].snapshot.issuer.border_color, [20, 80, 160]);
    assert_eq!(issued[0].snapshot.issuer.accent_color, [30, 120, 60]);
    let pdf = ocop_pdf::render_certificate(
        &store
            .certificate_docs(std::slice::from_ref(&issued[0].id))
            .await
            .unwrap()[0],
    )
    .unwrap();
    let text = pdftotext(&pdf);
    assert!(text.contains("BẮC KẠN"), "{text}");
    assert!(text.contains("Bắc Kạn, ngày"), "{text}");
    assert!(text.contains("001/GCN-BK-2026"), "{text}");
    assert!(!text.contains("THÁI NGUYÊN"), "{text}");

    // Back to the bundled default with an empty id; its own series is untouched.
    let settings = store
        .settings_set(&SettingsPatch {
            issuer_id: Some(String::new()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(settings.issuer_id, None);
    let tn = store
        .issue_certificates(
            &store.settings_issuer().await.unwrap(),
            &decision("78/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[2], "r2", 4)],
        )
        .await
        .unwrap();
    assert_eq!(tn[0].number, "001/GCN-OCOP-2026");

    // A chosen template deleted afterwards is an error, never a silent fall-back.
    store
        .settings_set(&SettingsPatch {
            issuer_id: Some("bac-kan".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    std::fs::remove_file(dir.path().join("issuers/bac-kan.json")).unwrap();
    let err = store.settings_issuer().await.unwrap_err();
    assert_eq!(err.fields()[0].field, "issuer_id", "{err}");
}

#[tokio::test]
async fn a_certificate_typed_in_is_recorded_once_listed_and_verified_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let log0 = count(&store, "SELECT count(*) FROM change_log").await;
    let paper = external("TN-2024-0007", "2024-02-29");
    let c = store.record_certificate(&paper).await.unwrap();
    assert_eq!(c.origin, Origin::External);
    assert_eq!(c.product_id, None);
    assert_eq!(c.result_id, None);
    assert_eq!(c.valid_until, "2027-02-28", "36 months, clamped");
    assert_eq!(c.snapshot.address, "Xóm Soi Mít, xã Tân Cương");
    assert_eq!(c.issuer_id, issuer().id);
    // Listed with the others, and found by its origin.
    let external_only = store
        .list_certificates(
            &CertificateQuery {
                origin: Some(Origin::External),
                ..Default::default()
            },
            d("2026-06-15"),
        )
        .await
        .unwrap();
    assert_eq!(external_only.total, 1);
    assert_eq!(external_only.rows[0].status, CertificateStatus::Valid);
    // One change-log row, with the origin.
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await - log0,
        1
    );
    let payload: String = sqlx::query_scalar(
        "SELECT payload FROM change_log WHERE table_name = 'certificates' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert!(payload.contains("\"origin\":\"external\""), "{payload}");

    // The same certificate again (a reprint): the same record, nothing written.
    let again = store.record_certificate(&paper).await.unwrap();
    assert_eq!(again, c);
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await - log0,
        1
    );
    // A corrected address (not signed): the record follows, logged.
    let corrected = ExternalCertificate {
        address: "Xóm Soi Mít, xã Tân Cương, tỉnh Thái Nguyên".into(),
        ..paper.clone()
    };
    let fixed = store.record_certificate(&corrected).await.unwrap();
    assert_eq!(fixed.id, c.id);
    assert_eq!(fixed.qr_text, c.qr_text);
    assert!(fixed.snapshot.address.ends_with("tỉnh Thái Nguyên"));
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await - log0,
        2
    );
    // The same number with other signed contents: refused, the number is never reused.
    let other = ExternalCertificate {
        star: 5,
        ..paper.clone()
    };
    let err = store.record_certificate(&other).await.unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(matches!(
        err,
        ocop_store::StoreError::Certificate(CertificateError::NumberReused { ref number })
            if number == "TN-2024-0007"
    ));
    // Bad input names the field and writes nothing.
    let bad = ExternalCertificate {
        product: " ".into(),
        star: 2,
        ..paper.clone()
    };
    let err = store.record_certificate(&bad).await.unwrap_err();
    let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["product", "star"]);
    // By its short code, and as expired once past its last day.
    let code: ShortCode = c.short_code.parse().unwrap();
    let v = store
        .verify_certificate_code(&code, d("2027-02-28"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Valid, "{}", v.reason);
    let v = store
        .verify_certificate_code(&code, d("2027-03-01"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Expired, "{}", v.reason);
    let unknown: ShortCode = "0000-0000-0000".parse().unwrap();
    let v = store
        .verify_certificate_code(&unknown, d("2026-06-15"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Invalid);
}

#[tokio::test]
async fn a_council_certificate_is_frozen_and_its_number_cannot_be_typed_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 1).await;
    let c = store
        .issue_certificates(
            &issuer(),
            &decision("3/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r", 4)],
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(c.origin, Origin::Council);
    // Exactly what it signs, typed in with another address: the council's record is frozen.
    let same_claims = ExternalCertificate {
        number: c.number.clone(),
        product: c.product_name.clone(),
        producer: c.producer_name.clone(),
        star: c.star,
        decision_number: c.decision_number.clone(),
        decision_date: d(&c.decision_date),
        issue_date: d(&c.issue_date),
        result_hash: ocop_seal::parse_result_hash(&c.result_hash).unwrap(),
        ..external(&c.number, "2026-06-15")
    };
    let err = store.record_certificate(&same_claims).await.unwrap_err();
    assert!(
        matches!(
            err,
            ocop_store::StoreError::Certificate(CertificateError::Frozen { .. })
        ),
        "{err:?}"
    );
    assert_eq!(
        store.certificate(&c.id, d("2026-06-15")).await.unwrap(),
        c,
        "nothing changed"
    );
    // Its number typed in with other contents: the same key signed it otherwise.
    let err = store
        .record_certificate(&external(&c.number, "2026-06-15"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ocop_store::StoreError::Certificate(CertificateError::NumberReused { .. })
        ),
        "{err:?}"
    );
    // Signed by a new key of the same issuer (the old key file lost), the issuer's number is
    // still taken: numbers are per issuer, whatever the key.
    std::fs::remove_dir_all(dir.path().join("keys")).unwrap();
    let err = store
        .record_certificate(&external(&c.number, "2026-06-15"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ocop_store::StoreError::Certificate(CertificateError::NumberTaken { .. })
        ),
        "{err:?}"
    );
    assert!(err.message_vi().contains(&c.number));
}

#[tokio::test]
async fn a_replacement_goes_through_the_same_checks_as_issuing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 2).await;
    let old = store
        .issue_certificates(
            &issuer(),
            &decision("7/QĐ-UBND", "2026-06-15"),
            vec![item(&ids[0], "r1", 3), item(&ids[1], "r2", 3)],
        )
        .await
        .unwrap();
    // Typed in later for the first product (a paper certificate of a re-evaluation).
    let newer = store
        .record_certificate(&ExternalCertificate {
            product_id: Some(ids[0].clone()),
            ..external("TN-2027-0001", "2027-03-01")
        })
        .await
        .unwrap();
    assert_eq!(newer.product_id.as_deref(), Some(ids[0].as_str()));
    assert_eq!(newer.product_code, old[0].product_code);
    let log0 = count(&store, "SELECT count(*) FROM change_log").await;
    // The other product's certificate is not replaced by it.
    let err = store
        .supersede_certificate(&old[1].id, &newer.id, d("2027-03-02"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ocop_store::StoreError::Certificate(CertificateError::ReplacementOtherProduct { .. })
    ));
    // Nor does an older certificate replace a newer one.
    let err = store
        .supersede_certificate(&newer.id, &old[0].id, d("2027-03-02"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ocop_store::StoreError::Certificate(CertificateError::ReplacementOlder { .. })
    ));
    let replaced = store
        .supersede_certificate(&old[0].id, &newer.id, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(replaced.status, CertificateStatus::Superseded);
    assert_eq!(replaced.superseded_by.as_deref(), Some(newer.id.as_str()));
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await - log0,
        1
    );
    let err = store
        .supersede_certificate(&old[0].id, &newer.id, d("2027-03-02"))
        .await
        .unwrap_err();
    assert!(err.message_vi().contains("TN-2027-0001"), "{err}");
    let v = store
        .verify_certificate(&old[0].qr_text, d("2027-03-02"))
        .await
        .unwrap();
    assert_eq!(v.status, Status::Expired);
    assert!(v.reason.contains("TN-2027-0001"), "{}", v.reason);
    // The CLI names certificates by number.
    assert_eq!(
        store.find_certificate("TN-2027-0001", None).await.unwrap(),
        newer.id
    );
    let missing = store
        .find_certificate("TN-1999-0001", None)
        .await
        .unwrap_err();
    assert_eq!(missing.fields()[0].field, "number");
}

/// The list filters on statuses in SQL; they are the statuses `Life::status_on` decides, on
/// every edge: issue day, last valid day, the days after, within and after an extension,
/// revoked and superseded.
#[tokio::test]
async fn the_statuses_in_sql_are_the_rules_statuses_on_every_edge() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await;
    let ids = products(&store, 4).await;
    let issued = store
        .issue_certificates(
            &issuer(),
            &decision("1/QĐ-UBND", "2026-06-15"),
            ids.iter()
                .enumerate()
                .map(|(i, p)| item(p, &format!("r{i}"), 4))
                .collect(),
        )
        .await
        .unwrap();
    store
        .revoke_certificate(
            &issued[1].id,
            &RevokeInput {
                decision_number: "9/QĐ-UBND".into(),
                decision_date: d("2027-01-01"),
                ground: Ground::B,
            },
            d("2027-01-01"),
        )
        .await
        .unwrap();
    store
        .extend_certificate(
            &issued[2].id,
            &ExtendInput {
                until: Some("2029-09-30".into()),
                note: "Hồ sơ 3/PĐK".into(),
            },
            d("2029-03-01"),
        )
        .await
        .unwrap();
    let later = store
        .record_certificate(&ExternalCertificate {
            product_id: Some(ids[3].clone()),
            ..external("TN-2028-0001", "2028-01-02")
        })
        .await
        .unwrap();
    store
        .supersede_certificate(&issued[3].id, &later.id, d("2028-01-02"))
        .await
        .unwrap();
    let days = [
        "2026-06-15",
        "2028-12-16",
        "2028-12-17",
        "2029-02-15",
        "2029-02-16",
        "2029-06-15",
        "2029-06-16",
        "2029-09-30",
        "2029-10-01",
        "2029-12-12",
        "2029-12-13",
        "2031-01-02",
        "2031-01-03",
    ];
    for day in days {
        let page = store
            .list_certificates(&CertificateQuery::default(), d(day))
            .await
            .unwrap();
        assert_eq!(page.total, 5);
        for c in &page.rows {
            let life = Life {
                issue_date: d(&c.issue_date),
                valid_until: d(&c.valid_until),
                revoked: c.revocation.is_some(),
                superseded: c.superseded_by.is_some(),
                extended_until: c.extended_until.as_deref().map(d),
            };
            assert_eq!(c.status, life.status_on(d(day)), "{} on {day}", c.number);
            assert_eq!(c.days_to_expiry, life.days_to_expiry(d(day)));
            for status in CertificateStatus::ALL {
                let filtered = store
                    .list_certificates(
                        &CertificateQuery {
                            status: Some(status),
                            query: Some(c.short_code.clone()),
                            ..Default::default()
                        },
                        d(day),
                    )
                    .await
                    .unwrap();
                assert_eq!(filtered.total, i64::from(status == c.status), "{status:?}");
            }
            let in_window = store
                .list_certificates(
                    &CertificateQuery {
                        deadline: Some(Deadline::Window),
                        query: Some(c.short_code.clone()),
                        ..Default::default()
                    },
                    d(day),
                )
                .await
                .unwrap();
            assert_eq!(in_window.total, i64::from(life.in_window(d(day))), "{day}");
        }
    }
}
