//! Store tests, all on real SQLite files in temporary folders.

use ocop_domain::ids::FixedClock;
use ocop_domain::model::{
    Dir, Dossier, DossierQuery, DuplicateReason, Producer, ProducerQuery, Product, ProductQuery,
    SettingsPatch,
};
use ocop_store::{Store, StoreError, StoreOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

fn opts_at(rfc3339: &str) -> StoreOptions {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap();
    StoreOptions {
        clock: Arc::new(FixedClock::new(t)),
        ..StoreOptions::default()
    }
}

async fn open(dir: &Path) -> Store {
    Store::open(dir, opts_at("2026-03-02T02:00:00Z"))
        .await
        .unwrap()
}

fn producer(name: &str, commune: &str, tax: Option<&str>) -> Producer {
    Producer {
        name: name.into(),
        producer_type: "hop_tac_xa".into(),
        commune_code: commune.into(),
        tax_code: tax.map(String::from),
        phone: Some("0912345678".into()),
        ..Default::default()
    }
}

async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn new_product(store: &Store, producer_id: &str, name: &str) -> Product {
    store
        .product_save(&Product {
            producer_id: producer_id.into(),
            name: name.into(),
            product_set: Some(11),
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_run_on_an_empty_folder() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("data");
    let store = open(&dir).await;
    assert_eq!(
        store.schema_version().await.unwrap(),
        ocop_store::supported_schema_version()
    );
    assert_eq!(ocop_store::supported_schema_version(), 9);
    assert!(dir.join("ocop.sqlite3").exists());
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    // A fresh database has nothing to save before migrating.
    assert_eq!(std::fs::read_dir(dir.join("backups")).unwrap().count(), 0);
    let device = store.device_id();
    store.close().await;
    let again = open(&dir).await;
    assert_eq!(again.device_id(), device, "the device id is generated once");
}

#[tokio::test]
async fn a_schema_0001_database_is_upgraded_with_a_copy_and_keeps_its_data() {
    let tmp = TempDir::new().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-0001.sqlite3");
    std::fs::copy(&fixture, tmp.path().join("ocop.sqlite3")).unwrap();
    let store = open(tmp.path()).await;
    assert_eq!(
        store.schema_version().await.unwrap(),
        ocop_store::supported_schema_version()
    );
    let backups: Vec<String> = std::fs::read_dir(tmp.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].starts_with("pre-migration-1-"), "{backups:?}");
    let p = store
        .producer_get("01930000-0000-7000-8000-000000000001")
        .await
        .unwrap();
    assert_eq!(p.name, "HTX Chè Phúc Trìu");
    assert_eq!(p.commune_code, "05494", "the old unit code is kept");
    assert_eq!(
        store.device_id().to_string(),
        "01930000-0000-7000-8000-00000000d001"
    );
    // The new column of 0002 is there; the old product is intact.
    let legacy: Option<String> = sqlx::query_scalar("SELECT legacy_code FROM products")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(legacy, None);
    let prod = store
        .product_get("01930000-0000-7000-8000-000000000002")
        .await
        .unwrap();
    assert_eq!(prod.code, "19-05488-1-2025");
    // 0005 built the trigram index over the products already there.
    products_fts_consistent(&store).await;
    let found = store
        .products_list(&ProductQuery {
            query: Some("Chè Phúc Trìu".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].id, prod.id);
    // The record made under xã Phúc Trìu rolls up under xã Đại Phúc.
    let cur = store.current_unit_for("05494").await.unwrap().unwrap();
    assert_eq!(
        (cur.code.as_str(), cur.name.as_str()),
        ("05488", "Đại Phúc")
    );
    let report = store.producers_by_current_unit().await.unwrap();
    assert_eq!(
        report,
        vec![("05488".to_string(), "Đại Phúc".to_string(), 1)]
    );
    // The numbering continues after the fixture's counter.
    let next = new_product(&store, p.id.as_deref().unwrap(), "Chè búp").await;
    assert_eq!(next.code, "19-05488-2-2026");
}

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99, 'from the future', '2030-01-01', 1, x'00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let err = Store::open(tmp.path(), StoreOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                supported
            } if supported == ocop_store::supported_schema_version()
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "TooNew");
    assert_eq!(
        std::fs::read_dir(tmp.path().join("backups"))
            .unwrap()
            .count(),
        0
    );
}

#[tokio::test]
async fn search_ignores_case_diacritics_and_normal_form() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let nfd: String = "HTX Chè Tân Cương".nfd().collect();
    let saved = store
        .producer_save(&producer(&nfd, "05503", None), false)
        .await
        .unwrap();
    assert_eq!(saved.name, "HTX Chè Tân Cương", "stored in NFC");
    store
        .producer_save(&producer("HTX Miến Đồng Hỷ", "05692", None), false)
        .await
        .unwrap();
    for q in [
        "che tan cuong",
        "CHÈ TÂN CƯƠNG",
        "Chè Tân Cương",
        "tan  cuong",
    ] {
        let hits = store.search_producers(q).await.unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].name, "HTX Chè Tân Cương");
    }
    assert_eq!(
        store.search_producers("dong hy").await.unwrap()[0].name,
        "HTX Miến Đồng Hỷ"
    );
    assert_eq!(store.search_producers("đồng").await.unwrap().len(), 1);
    assert!(store.search_producers("che dong").await.unwrap().is_empty());
    let page = store
        .producers_list(&ProducerQuery {
            query: Some("CUONG".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    let past_end = store
        .producers_list(&ProducerQuery {
            offset: Some(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(past_end.rows.is_empty());
    assert_eq!(
        past_end.total, 2,
        "the total is counted even past the last page"
    );
    let p = new_product(&store, saved.id.as_deref().unwrap(), "Chè tôm nõn").await;
    let found = store
        .products_list(&ProductQuery {
            query: Some("che tom non".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.rows[0].id, p.id);
    let by_code = store
        .products_list(&ProductQuery {
            query: Some(p.code.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_code.total, 1);
}

#[tokio::test]
async fn validation_reports_every_field_in_vietnamese_and_saves_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let before = count(&store, "SELECT count(*) FROM change_log").await;
    let bad = Producer {
        name: "".into(),
        producer_type: "hop_tac_xa".into(),
        commune_code: "99999".into(),
        tax_code: Some("12345".into()),
        phone: Some("0123".into()),
        email: Some("khong-phai-email".into()),
        ..Default::default()
    };
    let err = store.producer_save(&bad, true).await.unwrap_err();
    assert_eq!(err.code(), "Validation");
    let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "tax_code", "phone", "email", "commune_code"]
    );
    assert_eq!(
        err.fields()[1].message,
        "Mã số thuế phải gồm 10 hoặc 13 chữ số (có thể viết 10 số, dấu '-' và 3 số)."
    );
    assert!(matches!(
        store.producer_check(&bad).await,
        Err(StoreError::Validation(_))
    ));
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        before
    );
}

#[tokio::test]
async fn a_probable_duplicate_is_refused_unless_confirmed_and_a_refusal_changes_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let first = store
        .producer_save(
            &producer("HTX Chè Hảo Đạt", "05503", Some("4600123456")),
            false,
        )
        .await
        .unwrap();
    let logs = count(&store, "SELECT count(*) FROM change_log").await;

    // Same tax code, written with a branch-less 13-digit form? No: the same 10 digits.
    let same_tax = producer("Cơ sở khác hẳn", "05692", Some("4600123456"));
    let check = store.producer_check(&same_tax).await.unwrap();
    assert_eq!(check.duplicates.len(), 1);
    assert_eq!(check.duplicates[0].reason, DuplicateReason::TaxCode);
    let err = store.producer_save(&same_tax, false).await.unwrap_err();
    assert_eq!(err.code(), "Duplicate");

    // A very similar name in the same commune.
    let similar = producer("Hợp tác xã chè Hảo Đạt", "05503", None);
    match store.producer_save(&similar, false).await {
        Err(StoreError::Duplicate(d)) => {
            assert_eq!(d[0].id, first.id.clone().unwrap());
            assert_eq!(d[0].reason, DuplicateReason::SimilarName);
        }
        other => panic!("expected Duplicate, got {other:?}"),
    }
    // A refused save changes nothing; an update of the same record refused as well.
    let mut edit = first.clone();
    edit.name = "HTX Chè Hảo Đạt mới".into();
    edit.tax_code = Some("123".into());
    assert!(store.producer_save(&edit, true).await.is_err());
    assert_eq!(
        store
            .producer_get(first.id.as_deref().unwrap())
            .await
            .unwrap(),
        first
    );
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM change_log").await, logs);

    // The same name in another commune is not a duplicate; confirmation saves anyway.
    store
        .producer_save(&producer("HTX Chè Hảo Đạt", "05692", None), false)
        .await
        .unwrap();
    store.producer_save(&similar, true).await.unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 3);
}

#[tokio::test]
async fn archive_and_restore_move_a_producer_between_lists() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let p = store
        .producer_save(&producer("HTX A", "05503", None), false)
        .await
        .unwrap();
    let id = p.id.clone().unwrap();
    assert!(store.producer_archive(&id).await.unwrap().archived);
    let active = store
        .producers_list(&ProducerQuery::default())
        .await
        .unwrap();
    assert_eq!(active.total, 0);
    let archived = store
        .producers_list(&ProducerQuery {
            archived: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(archived.total, 1);
    assert!(!store.producer_restore(&id).await.unwrap().archived);
    let ops: Vec<String> =
        sqlx::query_scalar("SELECT op FROM change_log WHERE row_id = ? ORDER BY seq")
            .bind(&id)
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(ops, ["insert", "archive", "restore"]);
    let missing = store.producer_archive("nope").await.unwrap_err();
    assert_eq!(missing.code(), "NotFound");
}

#[tokio::test]
async fn every_write_appends_its_change_log_row_in_the_same_transaction() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let n0 = count(&store, "SELECT count(*) FROM change_log").await;
    let p = store
        .producer_save(&producer("HTX B", "05503", None), false)
        .await
        .unwrap();
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        n0 + 1
    );
    let prod = new_product(&store, p.id.as_deref().unwrap(), "Chè").await;
    // The product and its first status-history row.
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        n0 + 3
    );
    let pid = prod.id.clone().unwrap();
    store
        .product_set_status(&pid, "registered", Some("Đã đăng ký"))
        .await
        .unwrap();
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        n0 + 5
    );
    // A write that fails inside its transaction leaves no log row behind.
    let bad = Product {
        producer_id: "no-such-producer".into(),
        name: "X".into(),
        product_set: Some(1),
        ..Default::default()
    };
    assert!(store.product_save(&bad).await.is_err());
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        n0 + 5
    );
    // The payload is the stored row, with device and time.
    let (payload, device, at): (String, String, String) = sqlx::query_as(
        "SELECT payload, device_id, at FROM change_log WHERE table_name = 'products' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(v["status"], "registered");
    assert_eq!(v["id"], pid.as_str());
    assert_eq!(device, store.device_id().to_string());
    assert_eq!(at, "2026-03-02T02:00:00.000Z");
    let changes = store.changes_since(0, 100).await.unwrap();
    assert_eq!(changes.len() as i64, n0 + 5);
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));

    // A tourism-only producer may only register set 26; the refusal logs nothing.
    let mut assoc = producer("Hiệp hội du lịch Tân Cương", "05503", None);
    assoc.producer_type = "hiep_hoi".into();
    let assoc = store.producer_save(&assoc, false).await.unwrap();
    let tea = Product {
        producer_id: assoc.id.clone().unwrap(),
        name: "Chè".into(),
        product_set: Some(11),
        ..Default::default()
    };
    let before = count(&store, "SELECT count(*) FROM change_log").await;
    let err = store.product_save(&tea).await.unwrap_err();
    assert_eq!(err.fields()[0].field, "product_set");
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        before
    );
    let tour = Product {
        product_set: Some(26),
        name: "Du lịch đồi chè".into(),
        ..tea
    };
    store.product_save(&tour).await.unwrap();
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        before + 2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn product_numbers_stay_unique_under_concurrent_creation_and_are_never_reused() {
    let tmp = TempDir::new().unwrap();
    let a = open(tmp.path()).await;
    let b = open(tmp.path()).await; // a second handle (pool) on the same file
    let p1 = a
        .producer_save(&producer("HTX Một", "05503", None), false)
        .await
        .unwrap();
    let p2 = a
        .producer_save(&producer("HTX Hai Khác", "05503", None), false)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        let pid = if i % 3 == 0 {
            p1.id.clone()
        } else {
            p2.id.clone()
        }
        .unwrap();
        tasks.push(tokio::spawn(async move {
            new_product(&store, &pid, &format!("Sản phẩm {i}")).await
        }));
    }
    let mut stts = Vec::new();
    let mut codes = std::collections::HashSet::new();
    for t in tasks {
        let p = t.await.unwrap();
        assert!(codes.insert(p.code.clone()), "duplicate code {}", p.code);
        assert_eq!(p.code, format!("19-05503-{}-2026", p.stt));
        stts.push(p.stt);
    }
    stts.sort();
    assert_eq!(stts, (1..=40).collect::<Vec<_>>());
    // Delete the newest: its number stays taken.
    let last = a
        .products_list(&ProductQuery {
            sort: Some("code".into()),
            dir: ocop_domain::model::Dir::Desc,
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(last.stt, 40);
    a.product_delete(last.id.as_deref().unwrap()).await.unwrap();
    let next = new_product(&b, p1.id.as_deref().unwrap(), "Sau khi xóa").await;
    assert_eq!(next.stt, 41);
    let deleted = a
        .products_list(&ProductQuery {
            deleted: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(deleted.total, 1);
    let back = a
        .product_undelete(last.id.as_deref().unwrap())
        .await
        .unwrap();
    assert!(!back.deleted);
}

fn write_file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[tokio::test]
async fn dossiers_get_a_deadline_a_slip_number_and_deduplicated_evidence() {
    let tmp = TempDir::new().unwrap();
    let files = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let p = store
        .producer_save(&producer("HTX C", "05503", None), false)
        .await
        .unwrap();
    let prod = new_product(&store, p.id.as_deref().unwrap(), "Chè C").await;
    let d = store
        .dossier_save(&Dossier {
            product_id: prod.id.clone().unwrap(),
            dossier_type: "lan_dau".into(),
            year: 2026,
            commune_received_date: Some("2026-03-02".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(d.review_deadline.as_deref(), Some("2026-03-23"));
    assert_eq!(d.slip_number.as_deref(), Some("1/PĐK-19-05503-2026"));
    assert_eq!(d.status, "draft");
    assert_eq!(d.product_code, prod.code);
    // Tết 2026 is skipped; holidays come from the settings.
    let mut d2 = d.clone();
    d2.commune_received_date = Some("2026-02-13".into());
    let d2 = store.dossier_save(&d2).await.unwrap();
    assert_eq!(d2.review_deadline.as_deref(), Some("2026-03-13"));
    store
        .settings_set(&SettingsPatch {
            holidays: Some(vec![]),
            ..Default::default()
        })
        .await
        .unwrap();
    let d3 = store.dossier_save(&d2).await.unwrap();
    assert_eq!(d3.review_deadline.as_deref(), Some("2026-03-06"));
    assert_eq!(
        d3.slip_number, d.slip_number,
        "an existing slip number is kept"
    );

    let a = write_file(files.path(), "giay-phep.pdf", b"%PDF-1.4 same content");
    let b = write_file(files.path(), "ban-sao.pdf", b"%PDF-1.4 same content");
    let c = write_file(files.path(), "anh.jpg", b"\xff\xd8 photo");
    let id = d.id.clone().unwrap();
    let d4 = store
        .dossier_attach(&id, &[a, b, c], "document")
        .await
        .unwrap();
    assert_eq!(d4.evidence.len(), 3);
    assert_eq!(d4.evidence[0].hash, d4.evidence[1].hash);
    assert_eq!(d4.evidence[2].mime, "image/jpeg");
    assert_eq!(count(&store, "SELECT count(*) FROM blobs").await, 2);
    let stored = store.attachment_path(&d4.evidence[0].hash);
    assert_eq!(std::fs::read(&stored).unwrap(), b"%PDF-1.4 same content");
    assert!(stored.starts_with(
        tmp.path()
            .join("attachments")
            .join(&d4.evidence[0].hash[..2])
    ));
    let d5 = store.dossier_detach(&id, &d4.evidence[0].id).await.unwrap();
    assert_eq!(d5.evidence.len(), 2);
    let list = store
        .dossiers_list(&DossierQuery {
            year: Some(2026),
            query: Some("che c".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    store.dossier_delete(&id).await.unwrap();
    assert_eq!(
        store
            .dossiers_list(&DossierQuery::default())
            .await
            .unwrap()
            .total,
        0
    );
    store.dossier_undelete(&id).await.unwrap();
    assert_eq!(
        store
            .dossiers_list(&DossierQuery::default())
            .await
            .unwrap()
            .total,
        1
    );

    let photo = write_file(files.path(), "sp.png", b"png bytes");
    let with_photo = store
        .product_add_photos(prod.id.as_deref().unwrap(), &[photo])
        .await
        .unwrap();
    assert_eq!(with_photo.photos.len(), 1);
    assert_eq!(with_photo.photos[0].kind, "photo");
    let without = store
        .product_remove_photo(prod.id.as_deref().unwrap(), &with_photo.photos[0].id)
        .await
        .unwrap();
    assert!(without.photos.is_empty());
}

#[tokio::test]
async fn drafts_and_settings_survive_a_restart() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let data = serde_json::json!({"name": "HTX đang nhập", "tax_code": "46"});
    store.draft_put("producer:new", &data).await.unwrap();
    store
        .settings_set(&SettingsPatch {
            locale: Some("en".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let bad = store
        .settings_set(&SettingsPatch {
            locale: Some("fr".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(bad.fields()[0].field, "locale");
    store.close().await;
    let store = open(tmp.path()).await;
    let d = store.draft_get("producer:new").await.unwrap().unwrap();
    assert_eq!(d.data, data);
    assert_eq!(store.settings_get().await.unwrap().locale, "en");
    assert!(store
        .settings_get()
        .await
        .unwrap()
        .holidays
        .contains(&"2026-02-17".to_string()));
    store.draft_discard("producer:new").await.unwrap();
    assert!(store.draft_get("producer:new").await.unwrap().is_none());
}

#[tokio::test]
async fn reference_data_lists_units_by_date_product_sets_and_types() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let now = store.units_list(Some("2026-01-01")).await.unwrap();
    assert_eq!(now.len(), 92);
    assert!(now
        .iter()
        .all(|u| u.province_code == "19" && u.valid_to.is_none()));
    let before = store.units_list(Some("2025-06-30")).await.unwrap();
    assert_eq!(before.len(), 280);
    assert_eq!(store.units_list(None).await.unwrap().len(), 92);
    // Divided units: Cam Giá (05467 in 2024) went partly to Tích Lương, the rest to Gia Sàng.
    let s = store.successors_of("05467").await.unwrap();
    let kinds: Vec<(&str, &str)> = s
        .iter()
        .map(|x| (x.new_code.as_str(), x.kind.as_str()))
        .collect();
    assert_eq!(kinds, [("05467", "remainder"), ("05500", "part")]);
    assert_eq!(
        store.current_unit_for("05932").await.unwrap().unwrap().name,
        "Điềm Thụy"
    );
    assert_eq!(
        store.current_unit_for("05461").await.unwrap().unwrap().code,
        "05467"
    );
    assert!(store.current_unit_for("00000").await.unwrap().is_none());
    let sets = store.product_sets_list().await.unwrap();
    assert_eq!(sets.len(), 26);
    assert_eq!(sets[10].set, 11);
    assert_eq!(store.producer_types_list().len(), 8);
    // Reopening does not reload unchanged data.
    let loaded: String = sqlx::query_scalar(
        "SELECT loaded_at FROM reference_data_versions WHERE dataset = 'admin_units'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    store.close().await;
    let store = Store::open(tmp.path(), opts_at("2026-04-01T00:00:00Z"))
        .await
        .unwrap();
    let again: String = sqlx::query_scalar(
        "SELECT loaded_at FROM reference_data_versions WHERE dataset = 'admin_units'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(loaded, again);
}

#[tokio::test]
async fn csv_import_reports_bad_rows_by_line_and_field_and_reimport_adds_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let nfd_row: String =
        "HTX Chè Tân Cương,Hợp tác xã,4600111111,05503,Xóm 1,0912000111,Nguyễn Văn A"
            .nfd()
            .collect();
    let csv = format!(
        "name,type,tax_code,commune_code,address,phone,representative\n\
         {nfd_row}\n\
         Tổ hợp tác Miến,to hop tac,,05692,,,\n\
         Công ty X,Ngân hàng,4600222222,05503,,,\n\
         HTX Y,HTX,12,05503,,09,\n\
         HTX Z,Doanh nghiệp nhỏ và vừa,4600333333,99999,,,\n\
         \"HTX, có dấu phẩy\",hộ kinh doanh,4600444444,05611,\"Xóm 2, Phú Lương\",+84912000444,Lê C\n\
         HTX Chè Tân Cương,HTX,4600111111,05503,,,\n"
    );
    let r = store.import_producers_csv(csv.as_bytes()).await.unwrap();
    assert_eq!(r.imported, 3, "{r:?}");
    assert_eq!(r.skipped_duplicates, 1, "the repeated row 8 is skipped");
    let errs: Vec<(u64, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(
        errs,
        [
            (4, "type"),
            (5, "tax_code"),
            (5, "phone"),
            (6, "commune_code")
        ]
    );
    let hits = store.search_producers("che tan cuong").await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].name, "HTX Chè Tân Cương");
    let p = store.producer_get(&hits[0].id).await.unwrap();
    assert_eq!(p.producer_type, "hop_tac_xa");
    assert_eq!(p.rep_name.as_deref(), Some("Nguyễn Văn A"));
    let comma = store.search_producers("co dau phay").await.unwrap();
    let comma = store.producer_get(&comma[0].id).await.unwrap();
    assert_eq!(comma.phone.as_deref(), Some("0912000444"));
    assert_eq!(comma.address.as_deref(), Some("Xóm 2, Phú Lương"));

    // Imported rows are change-logged like single saves, with the same payload keys.
    let keys = |json: String| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let imported: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM change_log WHERE table_name = 'producers' ORDER BY seq",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(imported.len(), 3);
    let single = store
        .producer_save(&producer("HTX Lưu Lẻ", "05503", None), false)
        .await
        .unwrap();
    let single_payload: String =
        sqlx::query_scalar("SELECT payload FROM change_log WHERE row_id = ?")
            .bind(single.id.as_deref().unwrap())
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(keys(imported[0].clone()), keys(single_payload));
    store
        .producer_archive(single.id.as_deref().unwrap())
        .await
        .unwrap();

    let again = store.import_producers_csv(csv.as_bytes()).await.unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.skipped_duplicates, 4);
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 4);

    let bad_header = store
        .import_producers_csv("ten,loai\nA,B\n".as_bytes())
        .await
        .unwrap_err();
    assert_eq!(bad_header.code(), "Validation");
}

/// Issues one 4-star certificate for `product` under decision (`number`, 02/03/2026) with the
/// result id, hash byte pair and score given.
async fn issue_one(
    store: &Store,
    issuer: &ocop_store::CertificateIssuer,
    product: &str,
    (number, result_id, hash, score): (&str, &str, &str, &str),
) -> ocop_store::Result<Vec<ocop_store::Certificate>> {
    store
        .issue_certificates(
            issuer,
            &ocop_store::Decision {
                number: number.into(),
                date: ocop_seal::parse_iso("2026-03-02").unwrap(),
                signer_title: String::new(),
                signer_name: "Nguyễn Văn A".into(),
            },
            vec![ocop_store::IssueItem {
                product_id: product.into(),
                result_id: result_id.into(),
                result_hash: hash.repeat(16),
                score: score.into(),
                star: 4,
                basis: "26/2026/QĐ-TTg".into(),
                set: "11".into(),
            }],
        )
        .await
}

#[tokio::test]
async fn backup_and_restore_round_trip_with_attachments() {
    let tmp = TempDir::new().unwrap();
    let files = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    store.load_demo().await.unwrap();
    let p = store.search_producers("hao dat").await.unwrap().remove(0);
    let prods = store
        .products_list(&ProductQuery {
            producer_id: Some(p.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let pid = prods.rows[0].id.clone().unwrap();
    let restored_name = prods.rows[0].name.clone();
    let photo = write_file(files.path(), "che.jpg", b"jpeg bytes of tea");
    store.product_add_photos(&pid, &[photo]).await.unwrap();
    // A certificate signed with the office's own key (created on first use in keys/), and an
    // issuer template in issuers/: both must travel with the backup.
    let issuer = ocop_store::CertificateIssuer::load(store.data_dir(), None).unwrap();
    let cert = issue_one(
        &store,
        &issuer,
        &pid,
        ("12/QĐ-UBND", "r-backup", "ab", "80.00"),
    )
    .await
    .unwrap()
    .remove(0);
    std::fs::create_dir_all(tmp.path().join("issuers")).unwrap();
    std::fs::write(
        tmp.path().join("issuers/thai-nguyen.json"),
        ocop_pdf::THAI_NGUYEN_JSON,
    )
    .unwrap();
    let private_key = format!("keys/{}.key.json", issuer.id);
    let key_files = [
        private_key.as_str(),
        "keys/issued.jsonl",
        "issuers/thai-nguyen.json",
    ];
    for f in key_files {
        assert!(
            tmp.path().join(f).is_file(),
            "{f} missing before the backup"
        );
    }
    let backup = files.path().join("sao-luu.ocopbak");
    let info = store.backup_to(&backup).await.unwrap();
    assert_eq!(info.attachments, 1);
    assert!(info.bytes > 0);

    // Change things after the backup, and lose the attachment file.
    store.producer_archive(&p.id).await.unwrap();
    let extra = store
        .producer_save(&producer("HTX Sau Sao Lưu", "05503", None), false)
        .await
        .unwrap();
    let hash = store.product_get(&pid).await.unwrap().photos[0]
        .hash
        .clone();
    std::fs::remove_file(store.attachment_path(&hash)).unwrap();

    let store = store.restore_from(&backup).await.unwrap();
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    // The copy keeps the products' rowids, which the trigram index refers to.
    products_fts_consistent(&store).await;
    let tea = store
        .products_list(&ProductQuery {
            query: Some(restored_name.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(tea
        .rows
        .iter()
        .any(|r| r.id.as_deref() == Some(pid.as_str())));
    assert!(!store.producer_get(&p.id).await.unwrap().archived);
    assert_eq!(
        store
            .producer_get(extra.id.as_deref().unwrap())
            .await
            .unwrap_err()
            .code(),
        "NotFound"
    );
    let restored = store.product_get(&pid).await.unwrap();
    assert_eq!(
        std::fs::read(store.attachment_path(&restored.photos[0].hash)).unwrap(),
        b"jpeg bytes of tea"
    );
    assert!(std::fs::read_dir(tmp.path().join("backups"))
        .unwrap()
        .any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("pre-restore-")));

    // Restored on a new machine (an empty data folder), the office's certificate still
    // verifies as genuine and valid: its signing key came back, byte for byte, private.
    let fresh = TempDir::new().unwrap();
    let other = open(fresh.path()).await;
    let other = other.restore_from(&backup).await.unwrap();
    for f in key_files {
        assert_eq!(
            std::fs::read(fresh.path().join(f)).unwrap(),
            std::fs::read(tmp.path().join(f)).unwrap(),
            "{f} differs after restore"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(fresh.path().join(&private_key))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let v = other
        .verify_certificate(&cert.qr_text, ocop_seal::parse_iso("2026-03-02").unwrap())
        .await
        .unwrap();
    assert_eq!(v.status, ocop_seal::Status::Valid, "{}", v.reason);
    // The next certificate continues the series with the same key.
    let again = issue_one(
        &other,
        &issuer,
        &pid,
        ("13/QĐ-UBND", "r-after-restore", "cd", "85.00"),
    )
    .await
    .unwrap()
    .remove(0);
    assert_eq!(again.key_id, cert.key_id);
    assert_ne!(again.number, cert.number);
}

#[tokio::test]
async fn restore_refuses_a_bad_file_and_leaves_the_current_data_untouched() {
    let tmp = TempDir::new().unwrap();
    let files = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    store
        .producer_save(&producer("HTX Giữ Nguyên", "05503", None), false)
        .await
        .unwrap();
    let good = files.path().join("good.ocopbak");
    store.backup_to(&good).await.unwrap();
    store
        .producer_save(&producer("HTX Thứ Hai", "05692", None), false)
        .await
        .unwrap();

    // Random bytes.
    let garbage = write_file(files.path(), "garbage.ocopbak", &[7u8; 4096]);
    // A real archive whose database is damaged.
    let bytes = std::fs::read(&good).unwrap();
    let pos = bytes
        .windows(15)
        .position(|w| w == b"SQLite format 3")
        .unwrap();
    let mut damaged = bytes.clone();
    for b in &mut damaged[pos + 100..pos + 4096] {
        *b = 0xAB;
    }
    let damaged = write_file(files.path(), "damaged.ocopbak", &damaged);
    // A truncated archive.
    let truncated = write_file(files.path(), "truncated.ocopbak", &bytes[..bytes.len() / 3]);

    let mut store = store;
    for bad in [garbage, damaged, truncated] {
        let before = store
            .producers_list(&ProducerQuery::default())
            .await
            .unwrap();
        let handle = store.clone();
        let err = handle.restore_from(&bad).await.unwrap_err();
        assert_eq!(err.code(), "Validation", "{bad:?}: {err:?}");
        // The store is still open and nothing changed.
        store = open(tmp.path()).await;
        let after = store
            .producers_list(&ProducerQuery::default())
            .await
            .unwrap();
        assert_eq!(before, after, "{bad:?}");
        assert_eq!(after.total, 2);
        assert_eq!(store.integrity_check().await.unwrap(), "ok");
    }
}

#[tokio::test]
async fn the_demo_data_set_loads_and_is_searchable() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    assert!(store.needs_setup().await.unwrap());
    let c = store.load_demo().await.unwrap();
    assert!(
        c.producers >= 5 && c.products >= 6 && c.dossiers >= 3,
        "{c:?}"
    );
    assert!(!store.needs_setup().await.unwrap());
    assert_eq!(
        store
            .search_producers("mien viet cuong")
            .await
            .unwrap()
            .len(),
        1
    );
    let tea = store
        .products_list(&ProductQuery {
            product_set: Some(11),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(tea.total >= 4);
    let recognised = store
        .products_list(&ProductQuery {
            status: Some("recognised".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(recognised.total, 3);
    let communes: std::collections::BTreeSet<String> = store
        .products_list(&ProductQuery::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|p| p.commune_code)
        .collect();
    assert!(communes.len() >= 4);
}

#[test]
fn killed_writers_never_lose_an_acknowledged_write() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let tmp = TempDir::new().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Create the database first, so each run spends its time writing.
    rt.block_on(async { open(tmp.path()).await.close().await });
    let exe = env!("CARGO_BIN_EXE_ocop-crash-writer");
    let mut acknowledged: Vec<String> = Vec::new();
    for run in 0..20u64 {
        let mut child = Command::new(exe)
            .arg(tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        // Vary the moment of the kill: 40 ms to about 700 ms.
        std::thread::sleep(std::time::Duration::from_millis(40 + (run * 37) % 660));
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "run {run}: the writer was killed mid-run"
            );
        }
        #[cfg(not(unix))]
        assert!(!status.success());
        let lines = reader.join().unwrap();
        acknowledged.extend(lines.into_iter().filter(|l| l.len() == 36));
    }
    eprintln!(
        "{} acknowledged writes over 20 killed runs",
        acknowledged.len()
    );
    assert!(
        acknowledged.len() >= 20,
        "the writer acknowledged too little: {}",
        acknowledged.len()
    );
    rt.block_on(async {
        let store = open(tmp.path()).await;
        assert_eq!(store.integrity_check().await.unwrap(), "ok");
        for id in &acknowledged {
            store
                .producer_get(id)
                .await
                .unwrap_or_else(|e| panic!("acknowledged {id} lost: {e}"));
        }
        let logged: i64 =
            sqlx::query_scalar("SELECT count(*) FROM change_log WHERE table_name = 'producers'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM producers")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(
            logged, rows,
            "every committed producer has exactly its log row"
        );
    });
}

/// The products search as it was before the trigram index: a product matches when every folded
/// word of the query is a substring of its stored `search_text`; pages in (sort_name, id) order.
async fn products_by_plain_scan(
    store: &Store,
    query: &str,
    deleted: bool,
    commune: Option<&str>,
    desc: bool,
) -> Vec<String> {
    let rows: Vec<(String, String, String, Option<String>, String)> =
        sqlx::query_as("SELECT id, search_text, sort_name, deleted_at, commune_code FROM products")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let folded = ocop_domain::text::fold(query);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut hits: Vec<(String, String)> = rows
        .into_iter()
        .filter(|(_, text, _, del, c)| {
            del.is_some() == deleted
                && commune.is_none_or(|x| x == c)
                && words.iter().all(|w| text.contains(w))
        })
        .map(|(id, _, sort, _, _)| (sort, id))
        .collect();
    hits.sort();
    if desc {
        hits.reverse();
    }
    hits.into_iter().map(|(_, id)| id).collect()
}

/// Checks the trigram index: sound in itself, and holding exactly the live products' rowids.
async fn products_fts_consistent(store: &Store) {
    sqlx::query("INSERT INTO products_fts (products_fts) VALUES ('integrity-check')")
        .execute(store.pool())
        .await
        .expect("products_fts is sound");
    let indexed: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM products_fts ORDER BY rowid")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let live: Vec<i64> =
        sqlx::query_scalar("SELECT rowid FROM products WHERE deleted_at IS NULL ORDER BY rowid")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(indexed, live, "products_fts holds the live products");
}

#[tokio::test]
async fn product_search_with_the_trigram_index_returns_exactly_what_a_plain_scan_returns() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let mut producers = Vec::new();
    for (name, commune) in [
        ("HTX Chè Tân Cương", "05503"),
        ("Hợp tác xã Nga My", "05503"),
        ("Hộ kinh doanh Đặng Văn Đạt", "05692"),
        ("Tổ hợp tác Mỳ gạo Xa Lý", "05692"),
    ] {
        let p = store
            .producer_save(&producer(name, commune, None), true)
            .await
            .unwrap();
        producers.push(p.id.unwrap());
    }
    // Names chosen for short words (xa, my, na, đỗ), đ/d, words that are substrings of other
    // words (ong in dong, cuong, long), duplicate names (ties broken by id), repeated words.
    let names = [
        "Chè Tân Cương đặc biệt",
        "Chè xanh Tân Cương",
        "Trà Thái Nguyên",
        "Miến dong Bình Long",
        "Mật ong Đồng Hỷ",
        "Gạo nếp Nga My",
        "Nấm hương Xa Lý",
        "Mỳ gạo",
        "Mì Chũ",
        "Đỗ xanh",
        "Do",
        "Na Võ Nhai",
        "Na dai",
        "Na",
        "CAM SÀNH",
        "Hồng không hạt",
        "Khẩu xli",
        "Phở khô Tân Cương",
        "Chè Chè Chè",
        "Mật ong Đồng Hỷ",
        "Trà hoa vàng",
        "Rượu men lá Ba Bể",
    ];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let p = store
            .product_save(&Product {
                producer_id: producers[i % producers.len()].clone(),
                name: (*name).into(),
                product_set: Some((i % 26) as i64 + 1),
                ..Default::default()
            })
            .await
            .unwrap();
        ids.push(p.id.unwrap());
    }
    // A rename goes through the update trigger: the old words stop matching, the new ones match.
    let mut renamed = store.product_get(&ids[2]).await.unwrap();
    renamed.name = "Trà búp Đại Từ".into();
    store.product_save(&renamed).await.unwrap();
    store.product_delete(&ids[4]).await.unwrap();
    store.product_delete(&ids[10]).await.unwrap();
    // Deleted and brought back: in the index again.
    store.product_delete(&ids[11]).await.unwrap();
    store.product_undelete(&ids[11]).await.unwrap();
    products_fts_consistent(&store).await;

    let nfd: String = "Tân Cương".nfd().collect();
    let code = store.product_get(&ids[7]).await.unwrap().code;
    let queries = [
        "che tan cuong",
        "CHÈ TÂN CƯƠNG",
        nfd.as_str(),
        "tan cuong",
        "tancuong",
        "cuong tan",
        "xa",
        "my",
        "nga my",
        "hop tac xa nam nga my",
        "d",
        "đ",
        "do",
        "đỗ",
        "dong",
        "đồng hỷ",
        "ong",
        "on",
        "o",
        "na",
        "na dai",
        "mi",
        "my gao",
        "19",
        code.as_str(),
        "che  xanh",
        "xanh che",
        "htx",
        "kho",
        "khô",
        "zzz",
        "thai nguyen",
        "tra",
        "dai tu",
        "che che che",
        "hoa vàng",
        "a b c",
        "",
        " - ",
    ];
    let mut checked = 0;
    for q in queries {
        for deleted in [false, true] {
            for commune in [None, Some("05503")] {
                for desc in [false, true] {
                    let expect = products_by_plain_scan(&store, q, deleted, commune, desc).await;
                    // Page sizes and offsets that make the store both walk in name order and
                    // sort the matches (see products_list).
                    for (offset, limit) in [(0, 50), (0, 1), (0, 3), (2, 3), (5, 2), (40, 10)] {
                        let page = store
                            .products_list(&ProductQuery {
                                query: Some(q.to_string()),
                                deleted,
                                commune_code: commune.map(String::from),
                                dir: if desc { Dir::Desc } else { Dir::Asc },
                                offset: Some(offset),
                                limit: Some(limit),
                                ..Default::default()
                            })
                            .await
                            .unwrap();
                        let got: Vec<String> =
                            page.rows.iter().map(|p| p.id.clone().unwrap()).collect();
                        let want: Vec<String> = expect
                            .iter()
                            .skip(offset as usize)
                            .take(limit as usize)
                            .cloned()
                            .collect();
                        assert_eq!(
                            got, want,
                            "query {q:?}, deleted {deleted}, commune {commune:?}, desc {desc}, \
                             offset {offset}, limit {limit}"
                        );
                        assert_eq!(page.total, expect.len() as i64, "total of {q:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, queries.len() * 2 * 2 * 2 * 6);
    // The inputs above do find things, so the comparison is not between empty lists.
    assert!(
        products_by_plain_scan(&store, "che tan cuong", false, None, false)
            .await
            .len()
            >= 3
    );
    assert!(products_by_plain_scan(&store, "trà", false, None, false)
        .await
        .contains(&ids[2]));
    assert!(
        products_by_plain_scan(&store, "thai nguyen", false, None, false)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn imported_producers_are_change_logged_with_their_stored_row() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    // More rows than one insert batch (200), so several batches and their log rows are checked.
    let mut csv = String::from("name,type,tax_code,commune_code,address,phone,representative\n");
    for i in 0..450 {
        let tax = if i % 3 == 0 {
            format!("{}", 4_600_100_000u64 + i)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "HTX Chè số {i},Hợp tác xã,{tax},05503,\"Xóm {i}, Tân Cương\",09120{i:05},Nguyễn Văn {i}\n"
        ));
    }
    let r = store.import_producers_csv(csv.as_bytes()).await.unwrap();
    assert_eq!(r.imported, 450, "{:?}", r.errors.first());
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.row_id, c.op, c.payload, json_object('id', p.id, 'name', p.name, 'producer_type', \
         p.producer_type, 'local_capital_share', p.local_capital_share, 'registration_number', \
         p.registration_number, 'registration_date', p.registration_date, 'tax_code', p.tax_code, \
         'commune_code', p.commune_code, 'commune_name', p.commune_name, 'address', p.address, 'phone', \
         p.phone, 'email', p.email, 'website', p.website, 'rep_name', p.rep_name, 'rep_position', \
         p.rep_position, 'rep_sex', p.rep_sex, 'rep_ethnicity', p.rep_ethnicity, 'rep_disability', \
         p.rep_disability, 'rep_residence', p.rep_residence, 'workers_total', p.workers_total, \
         'workers_local_pct', p.workers_local_pct, 'archived', p.archived, 'created_at', p.created_at, \
         'updated_at', p.updated_at, 'device_id', p.device_id, 'deleted_at', p.deleted_at) \
         FROM change_log c JOIN producers p ON p.id = c.row_id \
         WHERE c.table_name = 'producers' ORDER BY c.seq",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 450, "one log row per imported producer");
    for (id, op, payload, stored) in &rows {
        assert_eq!(op, "insert");
        let payload: serde_json::Value = serde_json::from_str(payload).unwrap();
        let stored: serde_json::Value = serde_json::from_str(stored).unwrap();
        assert_eq!(payload, stored, "the log holds the stored row of {id}");
    }
    let logged: std::collections::HashSet<&String> = rows.iter().map(|r| &r.0).collect();
    assert_eq!(logged.len(), 450, "no producer is logged twice");
}

#[tokio::test]
async fn an_import_that_fails_midway_leaves_nothing_behind() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let before = count(&store, "SELECT count(*) FROM change_log").await;
    // A row that SQLite refuses in the middle of the second insert batch (rows 201–400), with
    // RAISE(FAIL): the statement stops there and keeps the rows it already wrote, as a failing
    // INSERT OR FAIL does.
    sqlx::query(
        "CREATE TRIGGER refuse_one BEFORE INSERT ON producers WHEN new.name = 'HTX Chè số 250' \
         BEGIN SELECT RAISE(FAIL, 'refused for the test'); END",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let mut csv = String::from("name,type,tax_code,commune_code,address,phone,representative\n");
    for i in 0..450 {
        csv.push_str(&format!("HTX Chè số {i},Hợp tác xã,,05503,,,\n"));
    }
    let err = store
        .import_producers_csv(csv.as_bytes())
        .await
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("refused for the test"),
        "{err:?}"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM change_log").await,
        before
    );
    // The store still works, and the same file imports once the cause is gone.
    sqlx::query("DROP TRIGGER refuse_one")
        .execute(store.pool())
        .await
        .unwrap();
    let r = store.import_producers_csv(csv.as_bytes()).await.unwrap();
    assert_eq!(r.imported, 450);
    assert_eq!(count(&store, "SELECT count(*) FROM producers").await, 450);
}

#[tokio::test]
async fn renaming_a_producer_or_product_keeps_their_products_and_dossiers_findable() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    store.load_demo().await.unwrap();
    let producer = store.search_producers("hao dat").await.unwrap().remove(0);
    let mut edit = store.producer_get(&producer.id).await.unwrap();
    edit.name = "Hợp tác xã Chè Đồng Hỷ Xanh".into();
    store.producer_save(&edit, true).await.unwrap();
    let products = |query: &str| {
        let store = &store;
        let q = ProductQuery {
            query: Some(query.into()),
            ..Default::default()
        };
        async move { store.products_list(&q).await.unwrap().total }
    };
    let dossiers = |query: &str| {
        let store = &store;
        let q = DossierQuery {
            query: Some(query.into()),
            ..Default::default()
        };
        async move { store.dossiers_list(&q).await.unwrap().total }
    };
    // Every product and dossier of the producer is found by the new name, none by the old.
    assert_eq!(products("dong hy xanh").await, 2);
    assert_eq!(dossiers("dong hy xanh").await, 2);
    assert_eq!(products("htx che hao dat").await, 0);

    // A renamed product's dossier follows it.
    let p = store
        .products_list(&ProductQuery {
            query: Some("che dinh".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .rows
        .remove(0);
    let mut renamed = store.product_get(p.id.as_deref().unwrap()).await.unwrap();
    renamed.name = "Chè đinh Tân Cương thượng hạng".into();
    store.product_save(&renamed).await.unwrap();
    assert_eq!(dossiers("che dinh tan cuong thuong hang").await, 1);
    assert_eq!(dossiers("che dinh hao dat").await, 0);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}
