//! The dossier workflow and the self-assessment, on real SQLite files in temporary folders.

use ocop_domain::ids::FixedClock;
use ocop_domain::model::{Dossier, Producer, Product};
use ocop_domain::workflow::StepInput;
use ocop_rating::{Catalog, MemberSheet};
use ocop_store::{SelfAssessmentInput, Store, StoreError, StoreOptions};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

fn opts_at(rfc3339: &str) -> StoreOptions {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap();
    StoreOptions {
        clock: Arc::new(FixedClock::new(t)),
        ..StoreOptions::default()
    }
}

/// A store whose clock says 10/06/2026 09:00 in Vietnam.
async fn open(dir: &Path) -> Store {
    Store::open(dir, opts_at("2026-06-10T02:00:00Z"))
        .await
        .unwrap()
}

/// A dossier of a set-11 (tea) product, with the given commune receipt date and status.
async fn dossier(store: &Store, received: Option<&str>, status: &str) -> Dossier {
    let p = store
        .producer_save(
            &Producer {
                name: "HTX Chè Tân Cương".into(),
                producer_type: "hop_tac_xa".into(),
                commune_code: "05503".into(),
                phone: Some("0912345678".into()),
                ..Default::default()
            },
            true,
        )
        .await
        .unwrap();
    let prod = store
        .product_save(&Product {
            producer_id: p.id.unwrap(),
            name: "Chè xanh Tân Cương".into(),
            product_set: Some(11),
            ..Default::default()
        })
        .await
        .unwrap();
    store
        .dossier_save(&Dossier {
            product_id: prod.id.unwrap(),
            dossier_type: "lan_dau".into(),
            year: 2026,
            commune_received_date: received.map(String::from),
            status: status.into(),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn step(step: &str, date: &str, person: &str) -> StepInput {
    StepInput {
        step: step.into(),
        date: date.into(),
        person: person.into(),
        role: Some("Công chức UBND xã".into()),
        ..Default::default()
    }
}

/// The field a refusal names, or a panic if it is not a validation error.
fn field_of(r: Result<Dossier, StoreError>) -> String {
    match r {
        Err(StoreError::Validation(v)) => {
            assert!(
                v[0].message.chars().any(|c| {
                    "ạảãàáâầấậẫẩăằắặẵẳđêềếệễểôồốộỗổơờớợỡởưừứựữửịỉĩìíọỏõòóụủũùúỵỷỹỳý".contains(c)
                }),
                "message is not Vietnamese: {}",
                v[0].message
            );
            v[0].field.clone()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn count(store: &Store, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn steps_follow_the_procedure_and_the_status_follows_the_latest_step() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();

    // A draft must be submitted first.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-04", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");

    let d = store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    assert_eq!(d.status, "filed");
    // The submission fills the commune's receipt date and so the 15-working-day deadline.
    assert_eq!(d.commune_received_date.as_deref(), Some("2026-05-04"));
    assert_eq!(d.review_deadline.as_deref(), Some("2026-05-25"));

    // No provincial intake before the commune's review.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("province_intake", "2026-05-20", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "step");

    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-05-15", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
    let d = store
        .dossier_step_add(&id, &step("province_intake", "2026-05-20", "Trần Tỉnh"))
        .await
        .unwrap();
    assert_eq!(d.status, "province_intake");
    assert_eq!(d.province_received_date.as_deref(), Some("2026-05-20"));

    // A return needs its reason, and sends the dossier back to the province's intake.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("returned", "2026-05-22", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "note");
    let mut ret = step("returned", "2026-05-22", "Trần Tỉnh");
    ret.note = Some("Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh.".into());
    let d = store.dossier_step_add(&id, &ret).await.unwrap();
    assert_eq!(d.status, "returned");
    let f = field_of(
        store
            .dossier_step_add(&id, &step("on_agenda", "2026-05-25", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "step");
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-25", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");
    store
        .dossier_step_add(&id, &step("province_intake", "2026-05-26", "Trần Tỉnh"))
        .await
        .unwrap();

    // Advisory review: photos must be the dossier's own attachments.
    let mut visit = step("advisory_review", "2026-05-28", "Phạm Tư Vấn");
    visit.details = serde_json::json!({"field_visit": true, "photo_ids": ["not-an-attachment"]});
    assert_eq!(
        field_of(store.dossier_step_add(&id, &visit).await),
        "details.photo_ids"
    );
    // A photo attached to the dossier may be named.
    let files = TempDir::new().unwrap();
    let photo = files.path().join("khao-sat.png");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n field visit").unwrap();
    let attached = store.dossier_attach(&id, &[photo], "photo").await.unwrap();
    let photo_id = attached.evidence[0].id.clone();
    visit.details = serde_json::json!({"field_visit": true, "photo_ids": [photo_id],
        "lab_tests": ["Dư lượng thuốc BVTV"]});
    let d = store.dossier_step_add(&id, &visit).await.unwrap();
    assert_eq!(d.status, "advisory_review");
    let d = store
        .dossier_step_add(&id, &step("on_agenda", "2026-06-01", "Thư ký Hội đồng"))
        .await
        .unwrap();
    assert_eq!(d.status, "on_agenda");
    let d = store
        .dossier_step_add(&id, &step("result", "2026-06-05", "Thư ký Hội đồng"))
        .await
        .unwrap();
    assert_eq!(d.status, "result");

    let steps = store.dossier_steps(&id).await.unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(
        names,
        [
            "submitted",
            "commune_review",
            "province_intake",
            "returned",
            "province_intake",
            "advisory_review",
            "on_agenda",
            "result"
        ]
    );
    assert_eq!(
        steps[3].note.as_deref(),
        Some("Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh.")
    );
    assert_eq!(steps[5].details["lab_tests"][0], "Dư lượng thuốc BVTV");
    assert_eq!(steps[5].details["photo_ids"][0], photo_id.as_str());
    assert_eq!(steps[0].person, "Nguyễn Thị Chủ");
    assert_eq!(steps[0].role.as_deref(), Some("Công chức UBND xã"));
    // The province intake is not overwritten by the second intake.
    let d = store.dossier_get(&id).await.unwrap();
    assert_eq!(d.province_received_date.as_deref(), Some("2026-05-20"));
}

#[tokio::test]
async fn dates_and_people_are_checked_and_a_refusal_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();
    store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    let log_before = count(
        &store,
        "SELECT count(*) FROM change_log WHERE ? IS NOT NULL",
        "x",
    )
    .await;

    // Before the previous step.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-03", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // In the future (today is 10/06/2026 in Vietnam).
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-06-11", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // Not a date.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "10/06/2026", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // No person.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-06-10", "  "))
            .await,
    );
    assert_eq!(f, "person");
    // Unknown step.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("approved", "2026-06-10", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");

    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM dossier_steps WHERE dossier_id = ?",
            &id
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE ? IS NOT NULL",
            "x"
        )
        .await,
        log_before
    );
    assert_eq!(store.dossier_get(&id).await.unwrap().status, "filed");
    // Today itself is fine.
    store
        .dossier_step_add(&id, &step("commune_review", "2026-06-10", "Lê Văn Xã"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .dossier_step_add("no-such-dossier", &step("submitted", "2026-06-10", "A"))
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn each_step_writes_its_row_and_the_dossier_row_to_the_change_log() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();
    let seq: i64 = sqlx::query_scalar("SELECT max(seq) FROM change_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    let changes = store.changes_since(seq, 100).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].table_name, "dossier_steps");
    assert_eq!(changes[0].op, "insert");
    assert_eq!(changes[0].payload["person"], "Nguyễn Thị Chủ");
    assert_eq!(changes[0].payload["dossier_id"], id.as_str());
    assert_eq!(changes[0].payload["status"], "filed");
    assert!(changes[0].payload["device_id"].is_string());
    assert_eq!(changes[1].table_name, "dossiers");
    assert_eq!(changes[1].row_id, id);
    assert_eq!(changes[1].payload["status"], "filed");
    assert_eq!(changes[1].payload["commune_received_date"], "2026-05-04");
}

#[tokio::test]
async fn a_dossier_filed_by_hand_continues_from_its_status_and_receipt_date() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-03-02"), "filed").await;
    let id = d.id.clone().unwrap();
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-03-01", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-03-16", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
    // The receipt date typed in by hand is kept.
    assert_eq!(d.commune_received_date.as_deref(), Some("2026-03-02"));

    // A step typed in by mistake is withdrawn: a tombstone, and the status it replaced is back.
    let seq: i64 = sqlx::query_scalar("SELECT max(seq) FROM change_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let d = store.dossier_step_withdraw(&id).await.unwrap();
    assert_eq!(d.status, "filed");
    assert!(store.dossier_steps(&id).await.unwrap().is_empty());
    let changes = store.changes_since(seq, 10).await.unwrap();
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.table_name.as_str(), c.op.as_str()))
            .collect::<Vec<_>>(),
        [("dossier_steps", "delete"), ("dossiers", "update")]
    );
    assert!(changes[0].payload["deleted_at"].is_string());
    assert!(matches!(
        store.dossier_step_withdraw(&id).await,
        Err(StoreError::NotFound { .. })
    ));
    // And the right step can then be recorded.
    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-03-17", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
}

fn best_and_partial(
    store_sheet: &ocop_rating::Sheet,
) -> (BTreeMap<String, u32>, BTreeMap<String, u32>) {
    let best: BTreeMap<String, u32> = store_sheet
        .criteria()
        .map(|(_, _, c)| (c.code.to_string(), c.options.len() as u32))
        .collect();
    // Part A at its best, B and C at their first option: a 3★-or-so sheet with room to grow.
    let partial: BTreeMap<String, u32> = store_sheet
        .criteria()
        .map(|(p, _, c)| {
            // 5.1 (the product story) at its best so that 5.2 applies.
            let v = if &*p.code == "A" || &*c.code == "5.1" {
                c.options.len() as u32
            } else {
                1
            };
            (c.code.to_string(), v)
        })
        .collect();
    (best, partial)
}

#[tokio::test]
async fn the_self_assessment_is_saved_kept_and_scored_like_the_engine() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();

    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.basis, "26/2026/QĐ-TTg");
    assert_eq!(view.set, 11);
    assert_eq!(view.basis_note, None);
    assert!(view.choices.is_empty());
    assert_eq!(view.saved_at, None);
    assert_eq!(view.result.total, 0);
    assert!(!view.result.complete);
    assert_eq!(
        view.result.missing.len(),
        view.sheet.criteria().count() - 1,
        "5.2 does not apply without 5.1"
    );

    let catalog = Catalog::builtin().unwrap();
    let entry = catalog.basis("26/2026/QĐ-TTg").unwrap();
    let sheet = &entry.sheets[&11];
    let (best, partial) = best_and_partial(sheet);

    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: best,
                case: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((view.result.total, view.result.star), (100, 5));
    assert!(view.result.improvement.is_none());
    assert!(view.result.complete);

    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: partial.clone(),
                case: None,
            },
        )
        .await
        .unwrap();
    let direct = ocop_rating::self_assess(
        &entry.basis,
        sheet,
        &MemberSheet {
            member: "x".into(),
            case: None,
            choices: partial.clone(),
        },
    )
    .unwrap();
    assert_eq!(view.result.total, direct.result.members[0].total);
    assert_eq!(view.result.star, direct.result.star);
    assert_eq!(view.result.band, direct.result.band);
    assert_eq!(view.result.parts["A"], direct.result.members[0].parts["A"]);
    assert_eq!(view.result.parts["A"], 40);
    let plan = view
        .result
        .improvement
        .clone()
        .expect("a plan to one more star");
    let direct_plan = direct.improvement.expect("the engine finds it too");
    assert_eq!(plan.target_star, direct_plan.target_star);
    assert_eq!(plan.new_total, direct_plan.new_total);
    assert_eq!(plan.changes.len(), direct_plan.changes.len());
    let costs: Vec<i64> = plan
        .changes
        .iter()
        .map(|c| i64::from(c.to_points) - i64::from(c.from_points))
        .collect();
    assert!(
        costs.windows(2).all(|w| w[0] <= w[1]),
        "cheapest first: {costs:?}"
    );
    assert!(!view.result.explanation.is_empty());

    // One change-log row per save.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'self_assessments' AND json_extract(payload, '$.dossier_id') = ?",
            &id
        )
        .await,
        2
    );

    // Bad input names the criterion and changes nothing.
    let mut bad = partial.clone();
    bad.insert("99.9".into(), 1);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: bad,
                case: None,
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.99.9"),
        other => panic!("{other:?}"),
    }
    let mut bad = partial.clone();
    bad.insert("1.1".into(), 99);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: bad,
                case: None,
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.1.1"),
        other => panic!("{other:?}"),
    }

    // Kept across a restart.
    store.close().await;
    let store = open(tmp.path()).await;
    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.choices, partial);
    assert!(view.saved_at.is_some());
    assert_eq!(view.result.star, direct.result.star);
}

#[tokio::test]
async fn a_criterion_whose_condition_fails_keeps_its_choice_but_scores_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let c52 = sheet.criterion("5.2").expect("set 11 has 5.2");
    assert!(c52.applies_if.is_some());
    let mut choices = BTreeMap::new();
    choices.insert("5.1".to_string(), 0);
    choices.insert("5.2".to_string(), c52.options.len() as u32);
    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices,
                case: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(view.result.not_applicable, ["5.2"]);
    assert_eq!(view.result.total, 0);
    assert_eq!(view.choices["5.2"], c52.options.len() as u32);
}

#[tokio::test]
async fn a_dossier_from_before_26_2026_is_assessed_on_the_26_2026_sheet_with_a_note() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-03-02"), "filed").await;
    let view = store
        .dossier_self_assessment(d.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(view.basis, "26/2026/QĐ-TTg");
    let note = view.basis_note.expect("the basis in force has no sheets");
    assert!(
        note.contains("148/QĐ-TTg") && note.contains("02/03/2026"),
        "{note}"
    );
}

#[tokio::test]
async fn a_case_variant_sheet_keeps_its_case_and_refuses_an_option_of_the_other_case() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();
    let mut product = store.product_get(&d.product_id).await.unwrap();
    product.product_set = Some(26);
    store.product_save(&product).await.unwrap();
    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.set, 26);
    assert_eq!(view.sheet.cases.len(), 2);
    // Criterion 8: options 1–2 belong to case 1, options 3–4 to case 2.
    let mut choices = BTreeMap::new();
    choices.insert("8".to_string(), 3);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: choices.clone(),
                case: Some(1),
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.8"),
        other => panic!("{other:?}"),
    }
    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices,
                case: Some(2),
            },
        )
        .await
        .unwrap();
    assert_eq!(view.case, Some(2));
    assert!(view.result.total > 0);
    let again = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!((again.case, again.choices["8"]), (Some(2), 3));
}
